# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

WARRANTY_CLAIM_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("quoted", "Paid Repair Offered"),
    ("rejected", "Rejected"),
    ("done", "Done"),
]

WARRANTY_CLAIM_OUTCOMES = [
    ("repair", "Repair"),
    ("replacement", "Replacement"),
    ("credit_note", "Credit Note"),
    ("paid_repair", "Paid Repair Quote"),
]


class PrmWarrantyClaimMixin(models.AbstractModel):
    """What a warranty claim is on either side: the vendor's claim
    (`prm.warranty.claim`) and the partner's own copy in its database
    (`prm.vendor.warranty.claim`), with the vendor's states and outcomes.
    How the product's unit is named (a serial of the vendor's, or the text
    the partner typed) and the warranty's end are each side's own."""

    _name = "prm.warranty.claim.mixin"
    _description = "Warranty Claim (shared)"

    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    end_customer_id = fields.Many2one("res.partner")
    product_id = fields.Many2one("product.product", required=True, tracking=True)
    purchase_date = fields.Date()
    problem = fields.Text(required=True)
    state = fields.Selection(
        WARRANTY_CLAIM_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    outcome = fields.Selection(WARRANTY_CLAIM_OUTCOMES, readonly=True, tracking=True)
    decision_reason = fields.Text(tracking=True)

    @api.constrains("purchase_date")
    def _check_purchase_date(self):
        today = fields.Date.context_today(self)
        for claim in self:
            if claim.purchase_date and claim.purchase_date > today:
                raise ValidationError(
                    self.env._(
                        "Purchase Date: %(date)s is in the future.",
                        date=claim.purchase_date,
                    )
                )
