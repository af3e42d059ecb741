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
            self.env["prm.sync.catalogue.flow"]._prm_send_pricelists(self)
        return result
