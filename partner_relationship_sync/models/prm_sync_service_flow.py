# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import binascii

from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import html_sanitize

from .prm_sync_flow import BOTH, PARTNER, VENDOR, SyncKind

# Attachments sent with a request or a claim: as many and as large as the
# portal accepts.
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024

# The vendor's ticket status, which the vendor owns.
STATUS_TRACKED = {"stage_id", "active"}

# Replies: the model of the record a reply is for, here, by the role of the
# remote sending it (a vendor's replies land on the partner's records).
REPLY_MODELS = {
    "vendor": {
        "helpdesk.ticket": "helpdesk.ticket",
        "prm.warranty.claim": "prm.vendor.warranty.claim",
    },
    "partner": {
        "helpdesk.ticket": "helpdesk.ticket",
        "prm.vendor.warranty.claim": "prm.warranty.claim",
    },
}


# The field of a record sent to a vendor that holds its connection.
SENT_THROUGH = {
    "helpdesk.ticket": "prm_vendor_connection_id",
    "prm.vendor.warranty.claim": "connection_id",
}


class PrmSyncServiceFlow(models.AbstractModel):
    """Service requests between a partner and its vendor: the partner
    escalates a help desk ticket, both sides' public replies go across, the
    vendor's ticket status comes back. Replies on warranty claims go the
    same way (see prm.sync.warranty.flow)."""

    _name = "prm.sync.service.flow"
    _inherit = "prm.sync.flow"
    _description = "Partner Relationship Sync: Service Requests"

    @api.model
    def _prm_kinds(self):
        return {
            "service_request": SyncKind(
                self.env._("Service Request Escalated"),
                "_prm_apply_request",
                PARTNER,
            ),
            "service_reply": SyncKind(
                self.env._("Service Reply"), "_prm_apply_reply", BOTH
            ),
            "service_status": SyncKind(
                self.env._("Service Request Status"),
                "_prm_apply_status",
                VENDOR,
            ),
        }

    # Shared helpers -------------------------------------------------------------------

    @api.model
    def _prm_attachments_payload(self, record):
        """The files attached to `record`, base64, within the portal's limits."""
        attachments = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", record._name), ("res_id", "=", record.id)],
                order="id",
            )
        )
        if len(attachments) > MAX_ATTACHMENTS:
            raise UserError(
                self.env._(
                    "%(record)s: send at most %(count)s attachments to the vendor.",
                    record=record.display_name,
                    count=MAX_ATTACHMENTS,
                )
            )
        for attachment in attachments:
            if attachment.file_size > MAX_ATTACHMENT_BYTES:
                raise UserError(
                    self.env._("%(file)s is larger than 10 MB.", file=attachment.name)
                )
        return [
            {
                "name": attachment.name,
                "mimetype": attachment.mimetype or False,
                "datas": (attachment.datas or b"").decode(),
            }
            for attachment in attachments
        ]

    @api.model
    def _prm_attach(self, record, files):
        """Attach the received files to `record` (as the portal does, sudo),
        refusing more or larger files than the portal accepts."""
        files = files or []
        if not isinstance(files, list) or len(files) > MAX_ATTACHMENTS:
            raise UserError(
                self.env._("Attach at most %(count)s files.", count=MAX_ATTACHMENTS)
            )
        values = []
        for file in files:
            name = (file.get("name") or "").strip() if isinstance(file, dict) else ""
            try:
                raw = base64.b64decode(file.get("datas") or "", validate=True)
            except (binascii.Error, AttributeError, TypeError):
                raw = None
            if not name or raw is None:
                raise UserError(
                    self.env._("Attachments: %(file)s is not a valid file.", file=name)
                )
            if len(raw) > MAX_ATTACHMENT_BYTES:
                raise UserError(self.env._("%(file)s is larger than 10 MB.", file=name))
            values.append(
                {
                    "name": name,
                    "raw": raw,
                    "mimetype": file.get("mimetype") or False,
                    "res_model": record._name,
                    "res_id": record.id,
                }
            )
        return self.env["ir.attachment"].sudo().create(values)

    @api.model
    def _prm_product_payload(self, product):
        if not product:
            return False
        return {"default_code": product.default_code or False, "name": product.name}

    @api.model
    def _prm_bought_product(self, partner, product):
        """The vendor's product a partner names (by internal reference, else
        by name), among those it bought, as the portal offers them."""
        Product = self.env["product.product"]
        if not product:
            return Product
        if not isinstance(product, dict):
            raise UserError(self.env._("Product: not understood."))
        domain = [
            ("order_id.partner_id", "child_of", partner.id),
            ("order_id.state", "=", "sale"),
        ]
        if product.get("default_code"):
            domain.append(("product_id.default_code", "=", product["default_code"]))
        else:
            domain.append(("product_id.name", "=", product.get("name") or ""))
        line = self.env["sale.order.line"].sudo().search(domain, limit=1)
        if not line:
            raise UserError(
                self.env._(
                    "Product: %(product)s is not one of the products %(partner)s "
                    "bought from us.",
                    product=product.get("default_code") or product.get("name"),
                    partner=partner.name,
                )
            )
        return line.product_id.with_env(self.env)

    @api.model
    def _prm_customer_payload(self, customer):
        if not customer:
            return False
        customer = customer.commercial_partner_id
        return {
            "name": customer.name,
            "email": customer.email or False,
            "phone": customer.phone or False,
            "vat": customer.vat or False,
            "city": customer.city or False,
        }

    @api.model
    def _prm_end_customer(self, partner, customer):
        """The partner's end customer at the vendor: found by VAT number or
        name among the partner's customers, else recorded as the portal
        does."""
        if (
            not isinstance(customer, dict)
            or not str(customer.get("name") or "").strip()
        ):
            return self.env["res.partner"]
        Partner = self.env["res.partner"].sudo()
        domain = [("end_customer_of_id", "=", partner.id)]
        existing = Partner.browse()
        if customer.get("vat"):
            existing = Partner.search([*domain, ("vat", "=", customer["vat"])], limit=1)
        if not existing:
            existing = Partner.search(
                [*domain, ("name", "=ilike", customer["name"].strip())], limit=1
            )
        if existing:
            return existing
        return self.env["res.partner"]._prm_partner_create_end_customer(
            partner.id,
            {
                name: customer.get(name)
                for name in ("name", "email", "phone", "vat", "city")
                if customer.get(name)
            },
        )

    @api.model
    def _prm_bindings_by_connection(self, records, role):
        """{connection: [(record, binding)]} of `records` bound through
        connections to remotes of `role` (vendor or partner), in one search."""
        if not records:
            return {}
        bindings = (
            self.env["prm.sync.binding"]
            .sudo()
            .search(
                [
                    ("res_model", "=", records._name),
                    ("res_id", "in", records.ids),
                    ("connection_id.remote_role", "=", role),
                ]
            )
        )
        record_of = {record.id: record for record in records}
        grouped = {}
        for binding in bindings:
            grouped.setdefault(binding.connection_id, []).append(
                (record_of[binding.res_id], binding)
            )
        return grouped

    @api.model
    def _prm_queue_bound(self, records, role, kind, payload):
        """Queue `kind` for each of `records` bound to a remote of `role`;
        payload(record, binding) -> dict."""
        Message = self.env["prm.sync.message"].sudo()
        for connection, pairs in self._prm_bindings_by_connection(
            records, role
        ).items():
            Message._prm_queue_many(
                connection,
                kind,
                [(record, payload(record, binding)) for record, binding in pairs],
            )

    # Replies, both ways ---------------------------------------------------------------

    @api.model
    def _prm_is_public(self, message):
        """A reply for the other side: a comment or an e-mail, not a note."""
        return message.message_type in (
            "comment",
            "email",
        ) and message.subtype_id == self.env.ref("mail.mt_comment")

    @api.model
    def _prm_queue_reply(self, record, message):
        """A public message posted on a record exchanged with a connected
        database goes to it (never one applied from it: no echo). A record
        sent to a vendor replies through its connection even before the
        vendor's answer binds it."""
        if self.env.context.get("prm_sync_applying") or not self._prm_is_public(
            message
        ):
            return
        targets = [
            connection
            for role in ("vendor", "partner")
            for connection in self._prm_bindings_by_connection(record, role)
        ]
        field = SENT_THROUGH.get(record._name)
        connection = record.sudo()[field] if field else None
        if connection and connection not in targets:
            targets.append(connection)
        payload = {
            "model": record._name,
            "sender_id": record.id,
            "author": message.author_id.name or message.email_from or "",
            "body": str(message.body or ""),
        }
        Message = self.env["prm.sync.message"].sudo()
        for connection in targets:
            Message._prm_queue_many(connection, "service_reply", [(record, payload)])

    @api.model
    def _prm_apply_reply(self, connection, wire):
        """A reply from the other side, posted on our record once (the inbox
        makes sure). From a partner: as its user, through the same checks as
        a portal reply. From the vendor: an internal note by the vendor on
        the partner's record, notifying its responsible, so that the partner
        decides what its own customer reads."""
        payload = wire["payload"]
        sender_id = self._prm_id(payload, "sender_id")
        model = REPLY_MODELS[connection.remote_role].get(payload.get("model"))
        if not model:
            raise UserError(
                self.env._(
                    "Reply: unknown record type %(model)s.", model=payload.get("model")
                )
            )
        body = Markup(html_sanitize(payload.get("body") or ""))
        if not body.striptags().strip():
            raise UserError(self.env._("Reply: write something."))
        record, _binding = self._prm_bound_record(connection, model, sender_id)
        if connection.remote_role == "partner":
            # The partner's reply goes through the portal's checks, as its
            # integration user.
            record = record.with_env(self.env)
            if model == "helpdesk.ticket":
                message = record.with_context(
                    prm_sync_applying=True
                )._prm_partner_reply(self._prm_signed(payload, body))
            else:
                env = self.env.user._prm_partner_env(record.partner_id)
                message = (
                    record.with_env(env)
                    .with_context(prm_sync_applying=True)
                    .message_post(
                        body=self._prm_signed(payload, body),
                        message_type="comment",
                        subtype_xmlid="mail.mt_comment",
                        author_id=self.env.user.partner_id.id,
                    )
                )
            return {"message_id": message.id}
        responsible = record.user_id.partner_id
        message = record.with_context(prm_sync_applying=True).message_post(
            body=self._prm_signed(payload, body),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
            author_id=connection.partner_id.id,
            partner_ids=responsible.ids,
        )
        return {"message_id": message.id}

    @api.model
    def _prm_signed(self, payload, body):
        """The reply's body under the name of who wrote it on the other side."""
        if not payload.get("author"):
            return body
        return Markup("<p><strong>%s</strong></p>%s") % (payload["author"], body)

    @api.model
    def _prm_vendor_partners(self):
        """The vendors this database is connected to."""
        return (
            self.env["prm.sync.connection"]
            .sudo()
            .search([("remote_role", "=", "vendor")])
            .partner_id.sudo(False)
        )

    # Vendor side: a partner's escalated request ---------------------------------------

    @api.model
    def _prm_apply_request(self, connection, wire):
        """A partner escalates a ticket: opened here as a service request of
        the partner, as its integration user, like a request from the
        portal (end customer, product, serial number, attachments)."""
        # Opened once; what comes after travels as replies.
        return self._prm_apply_once(
            connection,
            wire,
            "helpdesk.ticket",
            "ticket_id",
            self._prm_open_request,
            self._prm_request_answer,
        )

    @api.model
    def _prm_open_request(self, connection, wire):
        payload = wire["payload"]
        partner = connection.partner_id
        product = self._prm_bought_product(partner, payload.get("product"))
        values = {
            "name": payload.get("name") or "",
            "description": payload.get("description") or "",
            "priority": self._prm_priority(payload.get("priority")),
            "product_id": product.id,
        }
        serial = str(payload.get("serial") or "").strip()
        if serial:
            if not product:
                raise UserError(self.env._("Serial Number: choose the product first."))
            lot = (
                self.env["stock.lot"]
                .sudo()
                .search(
                    [("name", "=", serial), ("product_id", "=", product.id)],
                    limit=1,
                )
            )
            if not lot:
                raise UserError(
                    self.env._(
                        "Serial Number: %(serial)s is not a serial of %(product)s.",
                        serial=serial,
                        product=product.display_name,
                    )
                )
            values["lot_id"] = lot.id
        customer = self._prm_end_customer(partner, payload.get("end_customer"))
        if customer:
            values["end_customer_id"] = customer.id
        ticket = (
            self.env["helpdesk.ticket"]
            .with_context(prm_sync_applying=True)
            ._prm_partner_open_request(partner.id, values)
        )
        self._prm_attach(ticket, payload.get("attachments"))
        return ticket

    @api.model
    def _prm_priority(self, priority):
        """The partner's priority, or the help desk's default (Medium)."""
        field = self.env["helpdesk.ticket"]._fields["priority"]
        allowed = dict(field._description_selection(self.env))
        return priority if priority in allowed else "1"

    @api.model
    def _prm_request_answer(self, ticket):
        return {"remote_id": ticket.id, **self._prm_status_values(ticket)}

    @api.model
    def _prm_status_values(self, ticket):
        return {
            "number": ticket.number or False,
            "stage": ticket.stage_id.name or False,
            "closed": bool(ticket.closed or not ticket.active),
        }

    @api.model
    def _prm_send_status(self, tickets):
        """Vendor side: the status of tickets escalated by connected partners
        goes back to them (the whole status: the latest applied wins)."""
        self._prm_queue_bound(
            tickets.with_context(active_test=False),
            "partner",
            "service_status",
            lambda ticket, binding: {
                "ticket_id": binding.remote_id,
                "vendor_ticket_id": ticket.id,
                **self._prm_status_values(ticket),
            },
        )

    # Partner side: the vendor's answer and status -------------------------------------

    @api.model
    def _prm_sent(self, message, answer):
        super()._prm_sent(message, answer)
        if message.kind != "service_request" or not answer.get("remote_id"):
            return
        binding = (
            self.env["prm.sync.binding"]
            .sudo()
            ._prm_find(message.connection_id, "helpdesk.ticket", answer["remote_id"])
        )
        if binding.version:
            return  # a newer status from the vendor is already applied
        ticket = self.env["helpdesk.ticket"].sudo().browse(message.res_id).exists()
        values = self._prm_status_fields(answer)
        ticket.write(values)
        self._prm_remember(binding, ticket, values)

    @api.model
    def _prm_status_fields(self, status):
        return {
            "prm_vendor_ticket_ref": status.get("number") or False,
            "prm_vendor_status": status.get("stage") or False,
            "prm_vendor_closed": bool(status.get("closed")),
        }

    @api.model
    def _prm_apply_status(self, connection, wire):
        """The vendor's ticket moved: its status is shown on our escalated
        ticket, read-only (the vendor owns it); an older status is
        discarded."""
        return self._prm_apply_bound(
            connection,
            wire,
            "helpdesk.ticket",
            "vendor_ticket_id",
            self._prm_update_status,
        )

    @api.model
    def _prm_update_status(self, connection, ticket, binding, wire):
        values = self._prm_status_fields(wire["payload"])
        self._prm_write_owned(connection, ticket, values, binding, wire)
        return {"ticket_id": ticket.id}
