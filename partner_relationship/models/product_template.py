# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ProductTemplate(models.Model):
    """Can be maintained centrally (see prm.central.mixin)."""

    _name = "product.template"
    _inherit = ["product.template", "prm.central.mixin"]

    prm_warranty_months = fields.Integer(
        string="Warranty (months)",
        help="Warranty period from delivery, for partners' warranty claims; 0 "
        "for no warranty.",
    )

    @api.constrains("prm_warranty_months")
    def _check_prm_warranty_months(self):
        for template in self:
            if template.prm_warranty_months < 0:
                raise ValidationError(
                    self.env._(
                        "Warranty (months): cannot be negative for %(product)s.",
                        product=template.name,
                    )
                )
