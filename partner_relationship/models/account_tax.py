# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountTax(models.Model):
    """Can be maintained centrally (see prm.central.mixin)."""

    _name = "account.tax"
    _inherit = ["account.tax", "prm.central.mixin"]


class AccountTaxRepartitionLine(models.Model):
    """The repartition of a central tax is as central as the tax."""

    _name = "account.tax.repartition.line"
    _inherit = ["account.tax.repartition.line", "prm.central.line.mixin"]
    _prm_central_parent_field = "tax_id"
