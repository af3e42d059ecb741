# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .prm_central_mixin import creating_central


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model_create_multi
    def create(self, vals_list):
        """A variant added to a central product changes the product: only
        who may change it adds one (Odoo creates the variants of the
        attribute lines as superuser)."""
        products = super().create(vals_list)
        if not self.env.su and not creating_central(self.env):
            products.sudo().product_tmpl_id.with_env(self.env)._prm_check_central()
        return products

    def write(self, vals):
        self.product_tmpl_id._prm_check_central()
        return super().write(vals)

    def unlink(self):
        self.product_tmpl_id._prm_check_central()
        return super().unlink()

    def _prm_why_partner_may_not_sell(self, partner):
        """Why the channel partner may not order this product, or False.
        The order is the partner's company's (else the caller's): so must
        the product be, or shared."""
        self.ensure_one()
        if not self.sale_ok or not self.active:
            return self.env._("%(product)s is not for sale.", product=self.display_name)
        if self.company_id and self.company_id != (
            partner.company_id or self.env.company
        ):
            return self.env._(
                "%(product)s belongs to another company.", product=self.display_name
            )
        categories = partner.specialization_ids
        if categories and not self.categ_id.filtered_domain(
            [("id", "child_of", categories.ids)]
        ):
            return self.env._(
                "%(partner)s may not sell %(product)s: its category %(category)s "
                "is outside the partner's specializations.",
                partner=partner.name,
                product=self.display_name,
                category=self.categ_id.display_name,
            )
        return False
