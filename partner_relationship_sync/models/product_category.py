# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProductCategory(models.Model):
    _inherit = "product.category"

    def write(self, vals):
        result = super().write(vals)
        if {"name", "parent_id"} & set(vals):
            self.env["prm.sync.catalogue.flow"]._prm_send_categories(self)
        return result
