# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

FUND_CLAIM_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("paid", "Paid"),
    ("rejected", "Rejected"),
]


class PrmFundClaimMixin(models.AbstractModel):
    """What a claim against an approved fund request is on either side: the
    vendor's claim (`prm.fund.claim`) and the partner's own copy in its
    database (`prm.vendor.fund.claim`). A model using it relates
    `currency_id` to its request and keeps its proof in a table of its own."""

    _name = "prm.fund.claim.mixin"
    _description = "Marketing Fund Claim (shared)"

    currency_id = fields.Many2one("res.currency")  # related to the request's
    amount = fields.Monetary(string="Actual Cost", required=True, tracking=True)
    partner_invoice_ref = fields.Char(tracking=True)
    rejection_reason = fields.Text()

    @api.constrains("amount")
    def _check_amount(self):
        for claim in self:
            if claim.amount < 0:
                raise ValidationError(self.env._("Actual Cost: cannot be negative."))
