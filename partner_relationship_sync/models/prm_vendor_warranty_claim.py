# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.partner_relationship.tools.roles import check_role


class PrmVendorWarrantyClaim(models.Model):
    """Partner side: a warranty claim filed with a vendor whose database is
    connected. Drafted here (or from a help desk ticket), sent with its
    photos; the vendor's decision comes back and is the vendor's to change."""

    _name = "prm.vendor.warranty.claim"
    _description = "Warranty Claim to a Vendor"
    _inherit = ["prm.warranty.claim.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _rec_name = "display_ref"
    _check_company_auto = True

    display_ref = fields.Char(
        string="Reference", compute="_compute_display_ref", store=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
    )
    vendor_id = fields.Many2one(
        "res.partner",
        required=True,
        tracking=True,
        domain="[('id', 'in', vendor_choice_ids)]",
        default=lambda self: self._default_vendor(),
    )
    vendor_choice_ids = fields.Many2many(
        "res.partner", compute="_compute_vendor_choice_ids"
    )
    connection_id = fields.Many2one(
        "prm.sync.connection",
        readonly=True,
        copy=False,
        index="btree_not_null",
        check_company=True,
    )
    ticket_id = fields.Many2one("helpdesk.ticket", index="btree_not_null", copy=False)
    serial_number = fields.Char(tracking=True)
    purchase_date = fields.Date(
        help="When you (or your customer) bought the product from the vendor."
    )
    # The vendor's claim states, with "sent" until the vendor received it (the
    # policy on deletion never applies: the model goes with this module).
    state = fields.Selection(
        selection_add=[("sent", "Sent to the Vendor"), ("submitted",)],
        ondelete={"sent": "set default"},
        copy=False,
    )
    vendor_reference = fields.Char(readonly=True, copy=False)
    outcome = fields.Selection(string="Vendor's Outcome", copy=False)
    decision_reason = fields.Text(string="Vendor's Reason", readonly=True, copy=False)
    warranty_end = fields.Date(
        string="Vendor's Warranty End",
        readonly=True,
        copy=False,
        help="The end of the warranty as the vendor computed it.",
    )

    @api.model
    def _default_vendor(self):
        vendors = self.env["prm.sync.service.flow"]._prm_vendor_partners()
        return vendors.id if len(vendors) == 1 else False

    @api.depends("vendor_reference", "product_id")
    def _compute_display_ref(self):
        for claim in self:
            claim.display_ref = claim.vendor_reference or self.env._(
                "Claim: %(product)s", product=claim.product_id.display_name or "-"
            )

    @api.depends("company_id")
    def _compute_vendor_choice_ids(self):
        vendors = self.env["prm.sync.service.flow"]._prm_vendor_partners()
        for claim in self:
            claim.vendor_choice_ids = vendors

    def write(self, vals):
        sent = {"vendor_id", "product_id", "serial_number", "purchase_date", "problem"}
        if sent & set(vals) and self.filtered(lambda c: c.state != "draft"):
            raise UserError(self.env._("A claim sent to the vendor cannot be changed."))
        return super().write(vals)

    def action_prm_send(self):
        """Send the claims, with their attached photos, to their vendors."""
        check_role(self, "action_prm_send")
        Flow = self.env["prm.sync.service.flow"]
        changes = {}
        for claim in self:
            if claim.state != "draft":
                raise UserError(
                    self.env._(
                        "%(claim)s is already sent to the vendor.",
                        claim=claim.display_name,
                    )
                )
            connection = (
                self.env["prm.sync.connection"]
                .sudo()
                .search(
                    [
                        ("remote_role", "=", "vendor"),
                        ("partner_id", "=", claim.vendor_id.id),
                        ("company_id", "=", claim.company_id.id),
                    ],
                    limit=1,
                )
            )
            if not connection:
                raise UserError(
                    self.env._(
                        "Vendor: %(vendor)s's database is not connected to "
                        "%(company)s.",
                        vendor=claim.vendor_id.name,
                        company=claim.company_id.name,
                    )
                )
            payload = {
                "claim_id": claim.id,
                "product": Flow._prm_product_payload(claim.product_id),
                "serial": claim.serial_number or False,
                "purchase_date": fields.Date.to_string(claim.purchase_date)
                if claim.purchase_date
                else False,
                "problem": claim.problem,
                "end_customer": Flow._prm_customer_payload(claim.end_customer_id),
                "attachments": Flow._prm_attachments_payload(claim),
            }
            changes.setdefault(connection, []).append((claim, payload))
        for connection, pairs in changes.items():
            self.browse([claim.id for claim, _payload in pairs]).write(
                {"state": "sent", "connection_id": connection.id}
            )
            self.env["prm.sync.message"].sudo()._prm_queue_many(
                connection, "warranty_claim", pairs
            )
        return True

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        self.env["prm.sync.service.flow"]._prm_queue_reply(self, message)
        return result
