# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountFiscalPosition(models.Model):
    """Can be maintained centrally (see prm.central.mixin)."""

    _name = "account.fiscal.position"
    _inherit = ["account.fiscal.position", "prm.central.mixin"]


class AccountFiscalPositionTax(models.Model):
    """The tax mappings of a central fiscal position are as central as it."""

    _name = "account.fiscal.position.tax"
    _inherit = ["account.fiscal.position.tax", "prm.central.line.mixin"]
    _prm_central_parent_field = "position_id"


class AccountFiscalPositionAccount(models.Model):
    """So are its account mappings."""

    _name = "account.fiscal.position.account"
    _inherit = ["account.fiscal.position.account", "prm.central.line.mixin"]
    _prm_central_parent_field = "position_id"
