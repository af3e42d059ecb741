# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_amount

from ..tools.roles import check_role


class PrmFundRequest(models.Model):
    """A partner's request for pre-approval of a funded marketing activity."""

    _name = "prm.fund.request"
    _description = "Marketing Fund Request"
    _inherit = [
        "prm.fund.request.mixin",
        "prm.workflow.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _workflow_fields = (
        "state",
        "approved_amount",
        "decision_reason",
        "over_allocation_warning",
    )
    _check_company_auto = True
    _order = "create_date desc, id desc"

    allocation_id = fields.Many2one(
        "prm.fund.allocation",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    partner_id = fields.Many2one(
        related="allocation_id.partner_id", store=True, index=True
    )
    partner_manager_id = fields.Many2one(
        related="allocation_id.partner_manager_id", store=True
    )
    budget_id = fields.Many2one(related="allocation_id.budget_id", store=True)
    program_id = fields.Many2one(related="allocation_id.program_id", store=True)
    company_id = fields.Many2one(related="allocation_id.company_id", store=True)
    currency_id = fields.Many2one(related="allocation_id.currency_id")
    decision_reason = fields.Text(tracking=True)
    over_allocation_warning = fields.Text(
        readonly=True,
        copy=False,
        help="Set when the request was submitted for more than its "
        "allocation's available amount (Settings: Requests Over the "
        "Allocation, warn).",
    )
    claim_ids = fields.One2many("prm.fund.claim", "request_id")
    lead_ids = fields.One2many("crm.lead", "fund_request_id", string="Leads")

    def _compute_access_url(self):
        for request in self:
            request.access_url = "/my/funds"

    def write(self, vals):
        if not self.env.su:
            if {"state", "over_allocation_warning"} & set(vals):
                raise UserError(
                    self.env._("Status: use the request's buttons to change it.")
                )
            if "approved_amount" in vals and self.filtered(
                lambda r: r.state != "submitted"
            ):
                raise UserError(
                    self.env._(
                        "Approved Amount: can only be set while deciding on a "
                        "submitted request."
                    )
                )
            locked = set(vals) & {
                "allocation_id",
                "planned_cost",
                "date_start",
                "date_end",
                "objectives",
                "expected_results",
            }
            if locked and self.filtered(lambda r: r.state not in ("draft", "returned")):
                raise UserError(
                    self.env._(
                        "A submitted request cannot be changed; ask for it to be "
                        "sent back."
                    )
                )
        return super().write(vals)

    @api.constrains("date_start", "date_end", "allocation_id")
    def _check_dates(self):
        return super()._check_dates()

    def _prm_fund_period(self):
        budget = self.allocation_id.budget_id
        return budget.name, budget.date_start, budget.date_end

    # Fields a partner may fill in on its own requests.
    PARTNER_FIELDS = (
        "name",
        "description",
        "date_start",
        "date_end",
        "planned_cost",
        "objectives",
        "expected_results",
        "expected_leads",
        "expected_revenue",
    )

    @api.model
    def _prm_partner_create(self, allocation, values):
        """A partner drafts a request on its allocation (portal and sync).

        Only PARTNER_FIELDS are taken from `values`; anything else is ignored.
        """
        env = self.env.user._prm_partner_env(allocation.partner_id)
        return self.with_env(env).create(
            {
                **{k: v for k, v in values.items() if k in self.PARTNER_FIELDS},
                "allocation_id": allocation.id,
            }
        )

    def _prm_partner_update(self, values):
        """A partner corrects its draft or sent-back request (sync).

        Only PARTNER_FIELDS are taken from `values`; anything else is ignored.
        """
        env = self.env.user._prm_partner_env(self.partner_id)
        requests = self.with_env(env)
        requests._check_state(("draft", "returned"), self.env._("changed"))
        requests.write({k: v for k, v in values.items() if k in self.PARTNER_FIELDS})
        return True

    def action_submit(self):
        """The partner submits the request (also called by the portal and sync)."""
        check_role(self, "action_submit")
        env = self.env.user._prm_partner_env(self.partner_id)
        return self.with_env(env)._submit()

    def _submit(self):
        self._check_state(("draft", "returned"), self.env._("submitted"))
        self._prm_check_submittable()
        for request in self:
            if request.allocation_id.budget_id.state != "open":
                raise UserError(
                    self.env._(
                        "The fund %(budget)s is not open for requests.",
                        budget=request.allocation_id.budget_id.name,
                    )
                )
        warnings = self._prm_over_allocation_warnings()
        self._set_workflow({"state": "submitted", "over_allocation_warning": False})
        for request in self:
            warning = warnings.get(request)
            if warning:
                request._set_workflow({"over_allocation_warning": warning})
                # A note for the fund's managers, whoever submits (a partner).
                request.sudo().message_post(body=warning, subtype_xmlid="mail.mt_note")
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Decide on the MDF request"),
                note=warning or "",
                user_id=request.partner_id._prm_responsible_user().id,
            )
        return True

    def _prm_over_allocation_warnings(self):
        """{request: warning} of the requests asking more than their
        allocation's available amount, in companies that warn; ValidationError
        for the first such request of a company that refuses them."""
        warnings = {}
        for request in self:
            allocation = request.allocation_id
            currency = request.currency_id
            available = allocation.available
            if currency.compare_amounts(request.planned_cost, available) <= 0:
                continue
            message = self.env._(
                "%(request)s asks %(asked)s but %(available)s is available on "
                "%(allocation)s (allocated %(allocated)s, approved and not yet "
                "claimed %(unclaimed)s, claimed %(claimed)s).",
                request=request.name,
                asked=format_amount(self.env, request.planned_cost, currency),
                available=format_amount(self.env, available, currency),
                allocation=allocation.display_name,
                allocated=format_amount(self.env, allocation.amount, currency),
                unclaimed=format_amount(
                    self.env, allocation.remaining - available, currency
                ),
                claimed=format_amount(self.env, allocation.claimed, currency),
            )
            if request.company_id.sudo().prm_fund_over_allocation == "warn":
                warnings[request] = message
            else:
                raise ValidationError(message)
        return warnings

    def action_approve(self, amount=None):
        check_role(self, "action_approve")
        self._check_state(("submitted",), self.env._("approved"))
        for request in self:
            if request.allocation_id.budget_id.state != "open":
                raise UserError(
                    self.env._(
                        "The fund %(budget)s is not open.",
                        budget=request.allocation_id.budget_id.name,
                    )
                )
            request._set_workflow(
                {
                    "approved_amount": (
                        amount if amount is not None else request.approved_amount
                    )
                    or request.planned_cost,
                    "state": "approved",
                }
            )
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _decide_with_reason(self, state, reason, action):
        self._check_state(("submitted",), action)
        reason = reason or self.decision_reason
        if not reason:
            raise UserError(
                self.env._("Reason: say why, so the partner can act on it.")
            )
        self._set_workflow({"state": state, "decision_reason": reason})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_reject(self, reason=None):
        check_role(self, "action_reject")
        return self._decide_with_reason("rejected", reason, self.env._("rejected"))

    def action_return(self, reason=None):
        """Send the request back to the partner for changes."""
        check_role(self, "action_return")
        return self._decide_with_reason("returned", reason, self.env._("sent back"))
