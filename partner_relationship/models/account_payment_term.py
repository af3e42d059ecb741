# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class AccountPaymentTerm(models.Model):
    """Can be maintained centrally (see prm.central.mixin)."""

    _name = "account.payment.term"
    _inherit = ["account.payment.term", "prm.central.mixin"]


class AccountPaymentTermLine(models.Model):
    """The lines of a central payment term are as central as the term."""

    _name = "account.payment.term.line"
    _inherit = ["account.payment.term.line", "prm.central.line.mixin"]
    _prm_central_parent_field = "payment_id"
