# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.partner_relationship.tools.roles import check_role

# What we fill in on a request: sent to the vendor, ours to change while the
# request is a draft or sent back.
REQUEST_FIELDS = (
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


class PrmVendorFundRequest(models.Model):
    """Partner side: our request for a vendor's marketing funds, submitted
    to the vendor's database; the vendor's decision comes back here."""

    _name = "prm.vendor.fund.request"
    _description = "Vendor Marketing Fund Request"
    _inherit = ["prm.fund.request.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    fund_id = fields.Many2one(
        "prm.vendor.fund",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("fund_state", "=", "open")],
        check_company=True,
    )
    vendor_id = fields.Many2one(related="fund_id.vendor_id", store=True)
    company_id = fields.Many2one(related="fund_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="fund_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
    )
    approved_amount = fields.Monetary(readonly=True)
    decision_reason = fields.Text(string="Vendor's Reason", readonly=True)
    claim_ids = fields.One2many("prm.vendor.fund.claim", "request_id")
    sync_error = fields.Text(
        string="Not Delivered",
        compute="_compute_sync_error",
        help="Why the vendor's database refused the last submission.",
    )

    def _compute_sync_error(self):
        errors = self.env["prm.sync.fund.flow"]._prm_last_errors(self, "fund_request")
        for request in self:
            request.sync_error = errors.get(request.id, False)

    @api.constrains("date_start", "date_end", "fund_id")
    def _check_dates(self):
        return super()._check_dates()

    def _prm_fund_period(self):
        fund = self.fund_id
        return fund.name, fund.date_start, fund.date_end

    def write(self, vals):
        if not self.env.su:
            if {"state", "approved_amount", "decision_reason"} & set(vals):
                raise UserError(
                    self.env._("Status: the request's buttons and the vendor set it.")
                )
            locked = set(vals) & {*REQUEST_FIELDS, "fund_id"}
            if locked and self.filtered(lambda r: r.state not in ("draft", "returned")):
                raise UserError(
                    self.env._(
                        "A submitted request cannot be changed; the vendor may "
                        "send it back for changes."
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(
                self.env._("Only a draft request, never sent, can be deleted.")
            )

    def action_submit(self):
        """Send the request (or its correction) to the vendor's database."""
        check_role(self, "action_submit")
        for request in self:
            if request.state not in ("draft", "returned"):
                raise UserError(
                    self.env._(
                        "%(request)s was already submitted.", request=request.name
                    )
                )
            if request.fund_id.fund_state != "open":
                raise UserError(
                    self.env._(
                        "The fund %(fund)s is not open for requests.",
                        fund=request.fund_id.name,
                    )
                )
        self._prm_check_submittable()
        self.sudo().write({"state": "submitted"})
        self.env["prm.sync.fund.flow"]._prm_send_requests(self)
        return True

    def action_back_to_draft(self):
        """The vendor's database refused the submission (see Not Delivered):
        correct the request and submit it again."""
        check_role(self, "action_back_to_draft")
        refused = self.filtered(lambda r: r.state == "submitted" and r.sync_error)
        if refused != self:
            raise UserError(
                self.env._(
                    "Only a submission the vendor's database refused can be taken back."
                )
            )
        self.env["prm.sync.message"].sudo()._prm_cancel_unsent(
            self, "fund_request", states=["failed"]
        )
        binding_of = self.env["prm.sync.binding"].sudo()._prm_of_records(self)
        for request in self:
            # Known to the vendor: it was sent back; else it is still ours.
            state = "returned" if request.id in binding_of else "draft"
            request.sudo().write({"state": state})
        return True
