# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProductPricelist(models.Model):
    _inherit = "product.pricelist"

    def write(self, vals):
        result = super(
            ProductPricelist, self.with_context(prm_catalogue_queued=True)
        ).write(vals)
        if {"name", "currency_id", "item_ids", "is_central"} & set(vals):
            # The partners' prices change with the rules and the currency.
            self.env["prm.sync.catalogue.flow"]._prm_send_pricelists(
                self, prices=bool({"currency_id", "item_ids"} & set(vals))
            )
        return result
