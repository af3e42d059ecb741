# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountPaymentTerm(models.Model):
    """Can be maintained centrally (see prm.central.mixin)."""

    _name = "account.payment.term"
    _inherit = ["account.payment.term", "prm.central.mixin"]
