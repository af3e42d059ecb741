# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ProductPricelistItem(models.Model):
    """A changed rule sends its tier price list again, whole, to the partners
    of the tier (once per change, however many rules)."""

    _inherit = "product.pricelist.item"

    @api.model_create_multi
    def create(self, vals_list):
        items = super().create(vals_list)
        if not self.env.context.get("prm_catalogue_queued"):
            self.env["prm.sync.catalogue.flow"]._prm_send_pricelists(items.pricelist_id)
        return items

    def write(self, vals):
        pricelists = self.pricelist_id
        result = super().write(vals)
        if not self.env.context.get("prm_catalogue_queued"):
            self.env["prm.sync.catalogue.flow"]._prm_send_pricelists(
                pricelists | self.pricelist_id
            )
        return result

    def unlink(self):
        pricelists = self.pricelist_id
        result = super().unlink()
        if not self.env.context.get("prm_catalogue_queued"):
            self.env["prm.sync.catalogue.flow"]._prm_send_pricelists(pricelists)
        return result
