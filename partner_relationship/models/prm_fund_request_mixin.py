# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

FUND_REQUEST_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("returned", "Sent Back"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]


class PrmFundRequestMixin(models.AbstractModel):
    """What a request for marketing funds is on either side: the vendor's
    request (`prm.fund.request`) and the partner's own copy in its database
    (`prm.vendor.fund.request`). A model using it has `currency_id`,
    `claim_ids` (claims with `state` and `amount`) and says in which period
    its activity must fall (`_prm_fund_period`)."""

    _name = "prm.fund.request.mixin"
    _description = "Marketing Fund Request (shared)"

    name = fields.Char(string="Activity", required=True, tracking=True)
    currency_id = fields.Many2one("res.currency")  # related to the fund's
    description = fields.Text()
    date_start = fields.Date(required=True)
    date_end = fields.Date(required=True)
    planned_cost = fields.Monetary(required=True, tracking=True)
    objectives = fields.Text(
        help="What the activity is meant to achieve (audience, message, goal)."
    )
    expected_results = fields.Text(
        help="How the activity's success will be measured, with the figures expected."
    )
    expected_leads = fields.Integer()
    expected_revenue = fields.Monetary()
    approved_amount = fields.Monetary(tracking=True)
    state = fields.Selection(
        FUND_REQUEST_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    claimable = fields.Monetary(
        compute="_compute_claimable", help="Approved amount not yet claimed."
    )

    @api.depends("state", "approved_amount", "claim_ids.state", "claim_ids.amount")
    def _compute_claimable(self):
        for request in self:
            claimed = sum(
                request.claim_ids.filtered(
                    lambda c: c.state in ("submitted", "approved", "paid")
                ).mapped("amount")
            )
            request.claimable = (
                request.approved_amount - claimed if request.state == "approved" else 0
            )

    def _prm_fund_period(self):
        """(name, start, end) of the fund the request draws on."""
        raise NotImplementedError

    def _prm_check_submittable(self):
        """Refuse to submit a request without its cost, objectives and
        expected results."""
        for request in self:
            if request.planned_cost <= 0:
                raise UserError(
                    self.env._("Planned Cost: enter the activity's planned cost.")
                )
            for name in ("objectives", "expected_results"):
                if not (request[name] or "").strip():
                    raise UserError(
                        self.env._(
                            "%(field)s: say it before submitting %(request)s.",
                            field=request._fields[name].get_description(self.env)[
                                "string"
                            ],
                            request=request.name,
                        )
                    )

    @api.constrains(
        "planned_cost", "expected_leads", "expected_revenue", "approved_amount"
    )
    def _check_amounts(self):
        for request in self:
            for name in (
                "planned_cost",
                "expected_leads",
                "expected_revenue",
                "approved_amount",
            ):
                if request[name] < 0:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: cannot be negative.",
                            field=request._fields[name].get_description(self.env)[
                                "string"
                            ],
                        )
                    )
            if request.approved_amount > request.planned_cost:
                raise ValidationError(
                    self.env._(
                        "Approved Amount: %(approved)s is more than the planned "
                        "cost of %(planned)s.",
                        approved=request.approved_amount,
                        planned=request.planned_cost,
                    )
                )

    def _check_dates(self):
        for request in self:
            if request.date_end < request.date_start:
                raise ValidationError(
                    self.env._("Date End: the activity ends before it starts.")
                )
            fund, start, end = request._prm_fund_period()
            if (start and request.date_start < start) or (
                end and request.date_end > end
            ):
                raise ValidationError(
                    self.env._(
                        "Dates: the activity (%(start)s to %(end)s) must fall in "
                        "the fund period of %(budget)s (%(budget_start)s to "
                        "%(budget_end)s).",
                        start=request.date_start,
                        end=request.date_end,
                        budget=fund,
                        budget_start=start,
                        budget_end=end,
                    )
                )
