# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# Changes of a central product's variant that its partners hear about.
VARIANT_TRACKED = {"default_code", "barcode", "active"}


class ProductProduct(models.Model):
    _inherit = "product.product"

    def write(self, vals):
        result = super().write(vals)
        if VARIANT_TRACKED & set(vals) and not self.env.context.get(
            "prm_catalogue_queued"
        ):
            self.env["prm.sync.catalogue.flow"]._prm_send_products(
                self.with_context(active_test=False).product_tmpl_id.filtered(
                    "is_central"
                )
            )
        return result
