# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ProductPricelistItem(models.Model):
    """The rules of a central price list are as central as the list."""

    _inherit = "product.pricelist.item"

    @api.model_create_multi
    def create(self, vals_list):
        pricelist_ids = {vals.get("pricelist_id") for vals in vals_list} - {None}
        self.env["product.pricelist"].browse(pricelist_ids)._prm_check_central()
        return super().create(vals_list)

    def write(self, vals):
        self.pricelist_id._prm_check_central()
        result = super().write(vals)
        self.pricelist_id._prm_check_central()
        return result

    def unlink(self):
        self.pricelist_id._prm_check_central()
        return super().unlink()
