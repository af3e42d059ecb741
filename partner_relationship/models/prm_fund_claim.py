# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.roles import check_role
from .prm_fund_claim_mixin import FUND_CLAIM_STATES


class PrmFundClaim(models.Model):
    """A claim against an approved fund request, with proof of performance.

    Approving it drafts the partner's expense invoice as a vendor bill; the
    claim is paid when that bill is posted and paid.
    """

    _name = "prm.fund.claim"
    _description = "Marketing Fund Claim"
    _inherit = [
        "prm.fund.claim.mixin",
        "prm.workflow.mixin",
        "portal.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _workflow_fields = ("decision", "bill_id", "rejection_reason")
    _check_company_auto = True
    _order = "create_date desc, id desc"

    request_id = fields.Many2one(
        "prm.fund.request",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    name = fields.Char(related="request_id.name", string="Activity")
    allocation_id = fields.Many2one(related="request_id.allocation_id", store=True)
    partner_id = fields.Many2one(
        related="request_id.partner_id", store=True, index=True
    )
    partner_manager_id = fields.Many2one(
        related="request_id.partner_manager_id", store=True
    )
    program_id = fields.Many2one(related="request_id.program_id", store=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
    partner_invoice_ref = fields.Char(string="Partner's Invoice Reference")
    proof_attachment_ids = fields.Many2many(
        "ir.attachment",
        "prm_fund_claim_proof_rel",
        "claim_id",
        "attachment_id",
        string="Proof of Performance",
    )
    decision = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
    )
    state = fields.Selection(
        FUND_CLAIM_STATES,
        compute="_compute_state",
        store=True,
        index=True,
        help="Paid once the vendor bill is posted and paid.",
    )
    rejection_reason = fields.Text(tracking=True)
    bill_id = fields.Many2one(
        "account.move",
        string="Vendor Bill",
        readonly=True,
        copy=False,
        ondelete="restrict",
        check_company=True,
    )

    def _compute_access_url(self):
        for claim in self:
            claim.access_url = "/my/funds"

    @api.depends("decision", "bill_id.state", "bill_id.payment_state")
    def _compute_state(self):
        for claim in self:
            bill = claim.bill_id
            if (
                claim.decision == "approved"
                and bill.state == "posted"
                and bill.payment_state in ("paid", "in_payment")
            ):
                claim.state = "paid"
            else:
                claim.state = claim.decision

    def write(self, vals):
        if not self.env.su:
            if {"decision", "bill_id"} & set(vals):
                raise UserError(
                    self.env._("Status: use the claim's buttons to change it.")
                )
            locked = set(vals) & {"request_id", "amount", "proof_attachment_ids"}
            if locked and self.filtered(lambda c: c.decision != "draft"):
                raise UserError(self.env._("A submitted claim cannot be changed."))
        return super().write(vals)

    @api.constrains("request_id")
    def _check_request_approved(self):
        for claim in self:
            if claim.request_id.state != "approved":
                raise ValidationError(
                    self.env._(
                        "Request: %(request)s is not approved; claim against an "
                        "approved request.",
                        request=claim.request_id.name,
                    )
                )

    @api.model
    def _prm_partner_create(self, request, values, proofs=()):
        """A partner drafts a claim on its approved request (portal and sync).

        :param values: only ``amount`` and ``partner_invoice_ref`` are read
        :param proofs: [(file name, raw bytes)] of proof of performance
        """
        env = self.env.user._prm_partner_env(request.partner_id)
        claim = self.with_env(env).create(
            {
                "request_id": request.id,
                "amount": values.get("amount", 0.0),
                "partner_invoice_ref": values.get("partner_invoice_ref"),
            }
        )
        if proofs:
            claim.proof_attachment_ids = env["ir.attachment"].create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "res_model": self._name,
                        "res_id": claim.id,
                    }
                    for name, content in proofs
                ]
            )
        return claim

    def _check_decision(self, allowed, action):
        for claim in self:
            if claim.decision not in allowed:
                raise UserError(
                    self.env._(
                        "The claim for %(activity)s cannot be %(action)s in its "
                        "current state.",
                        activity=claim.name,
                        action=action,
                    )
                )

    def _check_within_limits(self):
        """Refuse a claim above what is left to claim, with the figures."""
        for claim in self:
            others = claim.request_id.claim_ids.filtered(
                lambda c, claim=claim: (
                    c != claim and c.state in ("submitted", "approved", "paid")
                )
            )
            left_on_request = claim.request_id.approved_amount - sum(
                others.mapped("amount")
            )
            if claim.currency_id.compare_amounts(claim.amount, left_on_request) > 0:
                raise UserError(
                    self.env._(
                        "The claim (%(amount)s) exceeds what is left of the "
                        "approved amount of %(request)s: %(left)s of %(approved)s.",
                        amount=claim.amount,
                        request=claim.request_id.name,
                        left=left_on_request,
                        approved=claim.request_id.approved_amount,
                    )
                )
            allocation = claim.allocation_id
            left_on_allocation = allocation.amount - sum(
                allocation.request_ids.claim_ids.filtered(
                    lambda c, claim=claim: (
                        c != claim and c.state in ("submitted", "approved", "paid")
                    )
                ).mapped("amount")
            )
            if claim.currency_id.compare_amounts(claim.amount, left_on_allocation) > 0:
                raise UserError(
                    self.env._(
                        "The claim (%(amount)s) exceeds the remaining allocation of "
                        "%(partner)s: %(left)s of %(allocated)s.",
                        amount=claim.amount,
                        partner=claim.partner_id.name,
                        left=left_on_allocation,
                        allocated=allocation.amount,
                    )
                )

    def action_submit(self):
        """The partner submits the claim (also called by the portal and sync)."""
        check_role(self, "action_submit")
        env = self.env.user._prm_partner_env(self.partner_id)
        return self.with_env(env)._submit()

    def _submit(self):
        self._check_decision(("draft",), self.env._("submitted"))
        for claim in self:
            if claim.amount <= 0:
                raise UserError(
                    self.env._("Actual Cost: enter what the activity cost.")
                )
            if not claim.proof_attachment_ids:
                raise UserError(
                    self.env._(
                        "Proof of Performance: attach at least one document "
                        "(photos, invoices, attendance lists)."
                    )
                )
        self._check_within_limits()
        self._set_workflow({"decision": "submitted"})
        for claim in self:
            claim.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Review the MDF claim"),
                user_id=claim.partner_id._prm_responsible_user().id,
            )
        return True

    def action_approve(self):
        """Approve and draft the partner's expense invoice as a vendor bill.

        Also drafts a new bill for an approved claim whose bill was cancelled.
        """
        check_role(self, "action_approve")
        for claim in self:
            if not (
                claim.decision == "submitted"
                or (claim.decision == "approved" and claim.bill_id.state == "cancel")
            ):
                raise UserError(
                    self.env._(
                        "The claim for %(activity)s cannot be approved in its "
                        "current state.",
                        activity=claim.name,
                    )
                )
        self._check_within_limits()
        # Deciding on claims is the channel team's job, posting and paying the
        # bill the accountants': the draft bill is created on the claim's
        # behalf once the user is known to be allowed to approve the claim.
        self.check_access("write")
        for claim in self:
            # In the claim's company (its purchase journal and currency),
            # whatever company the approving user works in.
            bill = (
                self.env["account.move"]
                .sudo()
                .with_company(claim.company_id)
                .create(claim._prepare_bill())
            )
            claim._set_workflow({"bill_id": bill.id, "decision": "approved"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_reject(self, reason=None):
        check_role(self, "action_reject")
        self._check_decision(("submitted",), self.env._("rejected"))
        reason = reason or self.rejection_reason
        if not reason:
            raise UserError(
                self.env._("Rejection Reason: say why the claim is refused.")
            )
        self._set_workflow({"decision": "rejected", "rejection_reason": reason})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _prepare_bill(self):
        self.ensure_one()
        company = self.company_id
        account = company._prm_mdf_expense_account()
        partner_plan, program_plan = company._prm_mdf_analytic_plans()
        distribution = {
            str(self.partner_id._prm_analytic_account(partner_plan).id): 100,
            str(self.program_id._prm_analytic_account(program_plan).id): 100,
        }
        journal = (
            {"journal_id": company.prm_mdf_journal_id.id}
            if (company.prm_mdf_journal_id)
            else {}
        )
        return {
            "move_type": "in_invoice",
            "company_id": company.id,
            **journal,
            "partner_id": self.partner_id.id,
            "ref": self.partner_invoice_ref,
            "invoice_date": fields.Date.context_today(self),
            "prm_fund_claim_id": self.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self.env._(
                            "Marketing development funds: %(activity)s",
                            activity=self.name,
                        ),
                        "account_id": account.id,
                        "quantity": 1,
                        "price_unit": self.amount,
                        "tax_ids": [Command.clear()],
                        "analytic_distribution": distribution,
                    }
                )
            ],
        }
