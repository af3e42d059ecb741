# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from odoo.addons.partner_relationship.tools.roles import check_role

from .prm_sync_service_flow import STATUS_TRACKED


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    # Partner side: a ticket escalated to a vendor through a connection.
    prm_vendor_id = fields.Many2one(
        "res.partner",
        string="Vendor",
        copy=False,
        tracking=True,
        domain="[('id', 'in', prm_vendor_choice_ids)]",
        help="The vendor this ticket is (or will be) escalated to.",
    )
    prm_vendor_choice_ids = fields.Many2many(
        "res.partner", compute="_compute_prm_vendor_choice_ids"
    )
    prm_vendor_connection_id = fields.Many2one(
        "prm.sync.connection",
        string="Escalated Through",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    prm_vendor_escalated = fields.Boolean(
        string="Escalated to the Vendor", readonly=True, copy=False
    )
    prm_vendor_ticket_ref = fields.Char(
        string="Vendor Ticket", readonly=True, copy=False
    )
    prm_vendor_status = fields.Char(
        string="Vendor Status",
        readonly=True,
        copy=False,
        tracking=True,
        help="Where the vendor's ticket stands (the vendor sets it).",
    )
    prm_vendor_closed = fields.Boolean(
        string="Closed by the Vendor", readonly=True, copy=False
    )

    # Depends on a field set at creation: x2many fields of a new record are
    # cached empty, and computed only if marked to compute.
    @api.depends("company_id")
    def _compute_prm_vendor_choice_ids(self):
        vendors = self.env["prm.sync.service.flow"]._prm_vendor_partners()
        for ticket in self:
            ticket.prm_vendor_choice_ids = vendors

    # Partner side -----------------------------------------------------------------

    def _prm_vendor_connection(self):
        """The connection to the vendor chosen on the ticket, or the only one."""
        self.ensure_one()
        domain = [("remote_role", "=", "vendor")]
        if self.prm_vendor_id:
            domain.append(("partner_id", "=", self.prm_vendor_id.id))
        connections = self.env["prm.sync.connection"].sudo().search(domain)
        if not connections:
            raise UserError(
                self.env._(
                    "No connection to a vendor's database: ask your administrator."
                )
            )
        if len(connections.partner_id) > 1:
            raise UserError(
                self.env._(
                    "Vendor: choose which vendor to escalate %(ticket)s to.",
                    ticket=self.display_name,
                )
            )
        return connections[:1]

    def action_prm_escalate(self):
        """Escalate the tickets to their vendor: each becomes a service
        request in the vendor's database, with its files."""
        check_role(self, "action_prm_escalate")
        Flow = self.env["prm.sync.service.flow"]
        changes = {}
        for ticket in self:
            if ticket.prm_vendor_escalated:
                raise UserError(
                    self.env._(
                        "%(ticket)s is already escalated to %(vendor)s.",
                        ticket=ticket.display_name,
                        vendor=ticket.prm_vendor_id.name,
                    )
                )
            if not html2plaintext(ticket.description or "").strip():
                raise UserError(
                    self.env._(
                        "%(ticket)s: describe the problem before escalating it.",
                        ticket=ticket.display_name,
                    )
                )
            connection = ticket._prm_vendor_connection()
            payload = {
                "ticket_id": ticket.id,
                "name": ticket.name,
                "description": str(ticket.description or ""),
                "priority": ticket.priority,
                "product": Flow._prm_product_payload(ticket.product_id),
                # Help desk users may not read serials (inventory rights).
                "serial": ticket.sudo().lot_id.name or False,
                "end_customer": Flow._prm_customer_payload(ticket.end_customer_id),
                "attachments": Flow._prm_attachments_payload(ticket),
            }
            changes.setdefault(connection, []).append((ticket, payload))
        for connection, pairs in changes.items():
            tickets = self.browse([ticket.id for ticket, _payload in pairs])
            tickets.write(
                {
                    "prm_vendor_id": connection.partner_id.id,
                    "prm_vendor_connection_id": connection.id,
                    "prm_vendor_escalated": True,
                    "prm_vendor_status": self.env._("Sent to the vendor"),
                }
            )
            self.env["prm.sync.message"].sudo()._prm_queue_many(
                connection, "service_request", pairs
            )
        return True

    def action_prm_claim_warranty(self):
        """A warranty claim to the vendor about this ticket's product,
        drafted from the ticket."""
        check_role(self, "action_prm_claim_warranty")
        self.ensure_one()
        connection = self._prm_vendor_connection()
        claim = self.env["prm.vendor.warranty.claim"].create(
            {
                "vendor_id": connection.partner_id.id,
                "ticket_id": self.id,
                "product_id": self.product_id.id,
                "serial_number": self.sudo().lot_id.name or False,
                "end_customer_id": self.end_customer_id.id,
                "problem": html2plaintext(self.description or "").strip(),
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": claim._name,
            "res_id": claim.id,
            "view_mode": "form",
        }

    # Both sides -------------------------------------------------------------------

    def write(self, vals):
        result = super().write(vals)
        if STATUS_TRACKED & set(vals):
            self.env["prm.sync.service.flow"]._prm_send_status(self)
        return result

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        self.env["prm.sync.service.flow"]._prm_queue_reply(self, message)
        return result
