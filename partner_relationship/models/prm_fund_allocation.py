# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Claims that take from the allocation: waiting, approved (bill to pay), paid.
COMMITTED_CLAIM_STATES = ("submitted", "approved", "paid")


class PrmFundAllocation(models.Model):
    """The share of a fund budget a partner may spend, and where it stands."""

    _name = "prm.fund.allocation"
    _inherit = ["prm.partner.record.mixin"]
    _description = "Marketing Fund Allocation"
    _order = "budget_id desc, partner_id"
    _rec_names_search = ["partner_id", "budget_id"]

    budget_id = fields.Many2one(
        "prm.fund.budget",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    program_id = fields.Many2one(related="budget_id.program_id", store=True)
    date_start = fields.Date(related="budget_id.date_start", store=True)
    date_end = fields.Date(related="budget_id.date_end", store=True)
    company_id = fields.Many2one(related="budget_id.company_id", store=True)
    currency_id = fields.Many2one(related="budget_id.currency_id")
    mode = fields.Selection(
        [("computed", "From Tier Share"), ("manual", "Set by Hand")],
        default="manual",
        required=True,
    )
    amount = fields.Monetary(string="Allocated")
    request_ids = fields.One2many("prm.fund.request", "allocation_id")
    requested = fields.Monetary(compute="_compute_figures", store=True)
    approved = fields.Monetary(compute="_compute_figures", store=True)
    claimed = fields.Monetary(compute="_compute_figures", store=True)
    paid = fields.Monetary(compute="_compute_figures", store=True)
    remaining = fields.Monetary(
        compute="_compute_figures",
        store=True,
        help="Allocated minus the claims submitted, approved or paid.",
    )
    available = fields.Monetary(
        compute="_compute_figures",
        store=True,
        help="Allocated minus the approved amounts not yet claimed and the "
        "claims submitted, approved or paid: what new requests may ask.",
    )
    funded_leads = fields.Integer(compute="_compute_roi")
    funded_won_revenue = fields.Monetary(compute="_compute_roi")

    _sql_constraints = [
        (
            "partner_budget_unique",
            "UNIQUE(budget_id, partner_id)",
            "A partner has one allocation per budget.",
        ),
    ]

    @api.depends("partner_id", "budget_id")
    def _compute_display_name(self):
        for allocation in self:
            allocation.display_name = (
                f"{allocation.budget_id.name} - {allocation.partner_id.name}"
            )

    @api.constrains("amount")
    def _check_amount(self):
        for allocation in self:
            if allocation.amount < 0:
                raise ValidationError(
                    self.env._(
                        "Allocated: the allocation of %(partner)s cannot be negative.",
                        partner=allocation.partner_id.name,
                    )
                )

    @api.depends(
        "amount",
        "request_ids.state",
        "request_ids.planned_cost",
        "request_ids.approved_amount",
        "request_ids.claim_ids.state",
        "request_ids.claim_ids.amount",
    )
    def _compute_figures(self):
        for allocation in self:
            requests = allocation.request_ids
            claims = requests.claim_ids
            allocation.requested = sum(
                requests.filtered(
                    lambda r: r.state in ("submitted", "approved")
                ).mapped("planned_cost")
            )
            allocation.approved = sum(
                requests.filtered(lambda r: r.state == "approved").mapped(
                    "approved_amount"
                )
            )
            committed = claims.filtered(lambda c: c.state in COMMITTED_CLAIM_STATES)
            allocation.claimed = sum(committed.mapped("amount"))
            allocation.paid = sum(
                claims.filtered(lambda c: c.state == "paid").mapped("amount")
            )
            allocation.remaining = allocation.amount - allocation.claimed
            approved_unclaimed = sum(
                max(request.claimable, 0.0)
                for request in requests.filtered(lambda r: r.state == "approved")
            )
            allocation.available = allocation.remaining - approved_unclaimed

    def _compute_roi(self):
        """Leads attributed to the funded activities and the revenue they won."""
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        requests = self.request_ids
        counts = dict(
            Lead._read_group(
                [("fund_request_id", "in", requests.ids)],
                ["fund_request_id"],
                ["__count"],
            )
        )
        won = dict(
            Lead._read_group(
                [
                    ("fund_request_id", "in", requests.ids),
                    ("active", "=", True),
                    ("stage_id.is_won", "=", True),
                ],
                ["fund_request_id"],
                ["expected_revenue:sum"],
            )
        )
        for allocation in self:
            allocation.funded_leads = sum(
                counts.get(r, 0) for r in allocation.request_ids
            )
            allocation.funded_won_revenue = sum(
                won.get(r, 0.0) for r in allocation.request_ids
            )
