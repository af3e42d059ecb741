# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# Changes of a central product that its connected partners hear about.
CATALOGUE_TRACKED = {
    "name",
    "default_code",
    "barcode",
    "categ_id",
    "list_price",
    "uom_id",
    "description_sale",
    "active",
    "type",
    "is_central",
}


class ProductTemplate(models.Model):
    _inherit = "product.template"

    @api.model_create_multi
    def create(self, vals_list):
        templates = super(
            ProductTemplate, self.with_context(prm_catalogue_queued=True)
        ).create(vals_list)
        self.env["prm.sync.catalogue.flow"]._prm_send_products(
            templates.filtered("is_central")
        )
        return templates.with_env(self.env)

    def write(self, vals):
        result = super(
            ProductTemplate, self.with_context(prm_catalogue_queued=True)
        ).write(vals)
        if CATALOGUE_TRACKED & set(vals) and not self.env.context.get(
            "prm_catalogue_queued"
        ):
            self.env["prm.sync.catalogue.flow"]._prm_send_products(
                self.with_context(active_test=False).filtered("is_central")
            )
        return result
