# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProductCategory(models.Model):
    """Can be maintained centrally (see prm.central.mixin)."""

    _name = "product.category"
    _inherit = ["product.category", "prm.central.mixin"]
