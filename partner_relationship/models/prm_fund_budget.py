# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.roles import check_role


class PrmFundBudget(models.Model):
    """Marketing development funds (MDF) budgeted on a programme for a period."""

    _name = "prm.fund.budget"
    _description = "Marketing Fund Budget"
    _inherit = ["mail.thread"]
    _check_company_auto = True
    _order = "date_start desc, id desc"

    name = fields.Char(required=True, tracking=True)
    program_id = fields.Many2one(
        "prm.program",
        string="Programme",
        required=True,
        tracking=True,
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Date(string="Period Start", required=True, tracking=True)
    date_end = fields.Date(string="Period End", required=True, tracking=True)
    amount = fields.Monetary(string="Budget", tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("open", "Open"), ("closed", "Closed")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    allocation_ids = fields.One2many("prm.fund.allocation", "budget_id")
    allocated = fields.Monetary(compute="_compute_allocated")
    unallocated = fields.Monetary(compute="_compute_allocated")

    @api.constrains("date_start", "date_end", "amount")
    def _check_budget(self):
        for budget in self:
            if budget.date_end < budget.date_start:
                raise ValidationError(
                    self.env._(
                        "Period End: the period of %(budget)s ends before it starts.",
                        budget=budget.name,
                    )
                )
            if budget.amount < 0:
                raise ValidationError(
                    self.env._(
                        "Budget: %(budget)s cannot have a negative amount.",
                        budget=budget.name,
                    )
                )

    @api.depends("allocation_ids.amount", "amount")
    def _compute_allocated(self):
        for budget in self:
            budget.allocated = sum(budget.allocation_ids.mapped("amount"))
            budget.unallocated = budget.amount - budget.allocated

    def action_open(self):
        check_role(self, "action_open")
        self.write({"state": "open"})

    def action_close(self):
        check_role(self, "action_close")
        self.write({"state": "closed"})

    def _previous_period(self):
        """The period of the same length just before this budget's."""
        self.ensure_one()
        length = relativedelta(self.date_end, self.date_start)
        end = self.date_start - relativedelta(days=1)
        return end - length, end

    def action_compute_allocations(self):
        """Allocate to each channel partner of the budget's company (or of
        none) its tier's MDF share in that company of its revenue there in the
        previous period (invoices and confirmed indirect orders). Manual
        allocations are kept."""
        check_role(self, "action_compute_allocations")
        # Reads the partners' revenue: the fund's managers only.
        self.check_access("write")
        for budget in self:
            if budget.state == "closed":
                raise UserError(self.env._("%(budget)s is closed.", budget=budget.name))
            start, end = budget._previous_period()
            partners = self.env["res.partner"].search(
                [
                    ("is_channel_partner", "=", True),
                    ("is_company", "=", True),
                    ("company_id", "in", [False, budget.company_id.id]),
                    (
                        "grade_id.benefit_ids",
                        "any",
                        [
                            ("company_id", "=", budget.company_id.id),
                            ("mdf_share", ">", 0),
                        ],
                    ),
                ]
            )
            revenue = partners._prm_revenue_through_vendor(
                start, end, company=budget.company_id
            )
            existing = {a.partner_id: a for a in budget.allocation_ids}
            to_create = []
            for partner in partners:
                amount = budget.currency_id.round(
                    max(revenue.get(partner, 0.0), 0.0)
                    * partner.grade_id._prm_benefits(budget.company_id).mdf_share
                    / 100
                )
                allocation = existing.get(partner)
                if allocation and allocation.mode == "manual":
                    continue
                if allocation:
                    allocation.amount = amount
                elif amount:
                    to_create.append(
                        {
                            "budget_id": budget.id,
                            "partner_id": partner.id,
                            "amount": amount,
                            "mode": "computed",
                        }
                    )
            self.env["prm.fund.allocation"].create(to_create)
        return True
