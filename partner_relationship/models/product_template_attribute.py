# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProductTemplateAttributeLine(models.Model):
    """The attributes of a central product are as central as the product."""

    _name = "product.template.attribute.line"
    _inherit = ["product.template.attribute.line", "prm.central.line.mixin"]
    _prm_central_parent_field = "product_tmpl_id"


class ProductTemplateAttributeValue(models.Model):
    """So are their values (the price extra of a variant)."""

    _name = "product.template.attribute.value"
    _inherit = ["product.template.attribute.value", "prm.central.line.mixin"]
    _prm_central_parent_field = "product_tmpl_id"


class ProductTemplateAttributeExclusion(models.Model):
    """And the combinations the product excludes."""

    _name = "product.template.attribute.exclusion"
    _inherit = ["product.template.attribute.exclusion", "prm.central.line.mixin"]
    _prm_central_parent_field = "product_tmpl_id"
