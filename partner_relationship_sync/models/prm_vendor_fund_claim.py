# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.account.models.account_move import PAYMENT_STATE_SELECTION
from odoo.addons.partner_relationship.models.prm_fund_claim_mixin import (
    FUND_CLAIM_STATES,
)
from odoo.addons.partner_relationship.tools.roles import check_role


class PrmVendorFundClaim(models.Model):
    """Partner side: our claim against a vendor's approved fund request, with
    proof of performance, submitted to the vendor's database; the vendor's
    decision and the payment of its bill come back here."""

    _name = "prm.vendor.fund.claim"
    _description = "Vendor Marketing Fund Claim"
    _inherit = ["prm.fund.claim.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    request_id = fields.Many2one(
        "prm.vendor.fund.request",
        required=True,
        index=True,
        ondelete="restrict",
        domain=[("state", "=", "approved")],
        check_company=True,
    )
    company_id = fields.Many2one(
        related="request_id.company_id", store=True, index=True
    )
    name = fields.Char(related="request_id.name", string="Activity")
    fund_id = fields.Many2one(related="request_id.fund_id", store=True)
    vendor_id = fields.Many2one(related="request_id.vendor_id", store=True)
    currency_id = fields.Many2one(related="request_id.currency_id")
    partner_invoice_ref = fields.Char(string="Our Invoice Reference")
    proof_attachment_ids = fields.Many2many(
        "ir.attachment",
        "prm_vendor_fund_claim_proof_rel",
        "claim_id",
        "attachment_id",
        string="Proof of Performance",
    )
    state = fields.Selection(
        FUND_CLAIM_STATES,
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    rejection_reason = fields.Text(string="Vendor's Reason", readonly=True)
    vendor_bill = fields.Char(
        string="Vendor's Bill",
        readonly=True,
        help="The bill the vendor recorded for this claim, in its database.",
    )
    vendor_bill_state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("cancel", "Cancelled")],
        string="Bill Status",
        readonly=True,
    )
    vendor_payment_state = fields.Selection(
        PAYMENT_STATE_SELECTION, string="Payment", readonly=True
    )
    sync_error = fields.Text(
        string="Not Delivered",
        compute="_compute_sync_error",
        help="Why the vendor's database refused the claim.",
    )
    invoice_id = fields.Many2one(
        "account.move",
        string="Our Invoice",
        readonly=True,
        copy=False,
        help="Our customer invoice to the vendor for the approved claim.",
    )

    def _compute_sync_error(self):
        errors = self.env["prm.sync.fund.flow"]._prm_last_errors(self, "fund_claim")
        for claim in self:
            claim.sync_error = errors.get(claim.id, False)

    def write(self, vals):
        if not self.env.su:
            if {"state", "rejection_reason"} & set(vals):
                raise UserError(
                    self.env._("Status: the claim's buttons and the vendor set it.")
                )
            locked = set(vals) & {
                "request_id",
                "amount",
                "partner_invoice_ref",
                "proof_attachment_ids",
            }
            if locked and self.filtered(lambda c: c.state != "draft"):
                raise UserError(self.env._("A submitted claim cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if self.filtered(lambda c: c.state != "draft"):
            raise UserError(
                self.env._("Only a draft claim, never sent, can be deleted.")
            )

    def action_submit(self):
        """Send the claim and its proof to the vendor's database."""
        check_role(self, "action_submit")
        Flow = self.env["prm.sync.fund.flow"]
        for claim in self:
            if claim.state != "draft":
                raise UserError(
                    self.env._(
                        "The claim for %(activity)s was already submitted.",
                        activity=claim.name,
                    )
                )
            if claim.request_id.state != "approved":
                raise UserError(
                    self.env._(
                        "Request: %(request)s is not approved; claim against an "
                        "approved request.",
                        request=claim.request_id.name,
                    )
                )
            if claim.amount <= 0:
                raise UserError(
                    self.env._("Actual Cost: enter what the activity cost.")
                )
            left = claim.request_id.claimable
            if claim.currency_id.compare_amounts(claim.amount, left) > 0:
                raise UserError(
                    self.env._(
                        "The claim (%(amount)s) exceeds what is left of the "
                        "approved amount of %(request)s: %(left)s.",
                        amount=claim.amount,
                        request=claim.request_id.name,
                        left=left,
                    )
                )
            Flow._prm_check_proofs(
                [(a.name, a.raw) for a in claim.proof_attachment_ids.sudo()]
            )
        self.sudo().write({"state": "submitted"})
        Flow._prm_send_claims(self)
        return True

    def action_back_to_draft(self):
        """The vendor's database refused the claim (see Not Delivered):
        correct it and submit it again."""
        check_role(self, "action_back_to_draft")
        if self.filtered(lambda c: c.state != "submitted" or not c.sync_error):
            raise UserError(
                self.env._(
                    "Only a claim the vendor's database refused can be taken back."
                )
            )
        self.env["prm.sync.message"].sudo()._prm_cancel_unsent(
            self, "fund_claim", states=["failed"]
        )
        self.sudo().write({"state": "draft"})
        return True

    def action_create_invoice(self):
        """Draft our customer invoice to the vendor for approved claims,
        referring to the vendor's bill; it is ours to check and post."""
        check_role(self, "action_create_invoice")
        for claim in self:
            if claim.state not in ("approved", "paid") or claim.invoice_id:
                raise UserError(
                    self.env._(
                        "The claim for %(activity)s is not approved, or already "
                        "invoiced.",
                        activity=claim.name,
                    )
                )
        invoices = self.env["account.move"].create(
            [claim._prepare_invoice() for claim in self]
        )
        for claim, invoice in zip(self, invoices, strict=True):
            claim.invoice_id = invoice
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        if len(invoices) == 1:
            action.update(
                {"views": [(False, "form")], "view_mode": "form", "res_id": invoices.id}
            )
        else:
            action["domain"] = [("id", "in", invoices.ids)]
        return action

    def _prepare_invoice(self):
        self.ensure_one()
        return {
            "move_type": "out_invoice",
            "partner_id": self.vendor_id.id,
            "currency_id": self.currency_id.id,
            "ref": self.vendor_bill or self.partner_invoice_ref or False,
            "invoice_line_ids": [
                Command.create(
                    {
                        "name": self.env._(
                            "Marketing development funds: %(activity)s",
                            activity=self.name,
                        ),
                        "quantity": 1,
                        "price_unit": self.amount,
                        "tax_ids": [Command.clear()],
                    }
                )
            ],
        }
