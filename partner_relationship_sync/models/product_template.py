# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.partner_relationship.tools.flag_search import check_flag_search

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

    prm_from_vendor = fields.Boolean(
        string="From a Vendor",
        compute="_compute_prm_from_vendor",
        search="_search_prm_from_vendor",
        help="In a vendor's catalogue: received from the database of a vendor "
        "connected to us, or one of ours bound to it by its internal reference.",
    )

    @api.model
    def _prm_vendor_bound_ids(self, ids=None):
        """The ids of the templates (among `ids`) bound to a vendor's product."""
        domain = [
            ("res_model", "=", self._name),
            ("connection_id.remote_role", "=", "vendor"),
        ]
        if ids is not None:
            domain.append(("res_id", "in", list(ids)))
        return set(self.env["prm.sync.binding"].sudo().search(domain).mapped("res_id"))

    def _compute_prm_from_vendor(self):
        bound = self._prm_vendor_bound_ids(self.ids)
        for template in self:
            template.prm_from_vendor = template.id in bound

    def _search_prm_from_vendor(self, operator, value):
        check_flag_search(self, "prm_from_vendor", operator, value)
        found = "in" if (operator == "=") == value else "not in"
        return [("id", found, list(self._prm_vendor_bound_ids()))]

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
