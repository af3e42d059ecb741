# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class ProductPricelist(models.Model):
    """Can be maintained centrally (see prm.central.mixin)."""

    _name = "product.pricelist"
    _inherit = ["product.pricelist", "prm.central.mixin"]
