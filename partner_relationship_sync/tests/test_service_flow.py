# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The partner's side of the service flows, in one database: what a help
desk user's escalation and warranty claim put in the outbox, and what they
refuse (the exchanges themselves are tested between two databases in the
repository's tests/test_sync_service.py)."""

import base64

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import unreachable_connection

PHOTO = base64.b64encode(b"photo").decode()


@tagged("post_install", "-at_install")
class TestServiceFlow(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["prm.sync.connection"].search(
            [("remote_role", "=", "vendor")]
        ).active = False
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Service Vendor", "is_company": True}
        )
        cls.connection = unreachable_connection(cls.env, cls.vendor, "vendor")
        cls.user = new_test_user(
            cls.env,
            login="prm_service_desk",
            groups="base.group_user,helpdesk_mgmt.group_helpdesk_user",
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Service Sensor", "default_code": "SVC-1", "type": "consu"}
        )
        cls.lot = cls.env["stock.lot"].create(
            {"name": "SVC-SN-1", "product_id": cls.product.id}
        )

    def _ticket(self, files=1):
        """A ticket about a serial (set by a colleague with inventory
        rights), in the hands of a help desk user without them."""
        ticket = self.env["helpdesk.ticket"].create(
            {
                "name": "Sensor reboots",
                "description": "<p>It reboots <b>hourly</b>.</p>",
                "product_id": self.product.id,
                "lot_id": self.lot.id,
            }
        )
        self.env["ir.attachment"].create(
            [
                {
                    "name": f"photo{n}.png",
                    "datas": PHOTO,
                    "res_model": "helpdesk.ticket",
                    "res_id": ticket.id,
                }
                for n in range(files)
            ]
        )
        return ticket.with_user(self.user)

    def _messages(self, kind, record):
        return self.env["prm.sync.message"].search(
            [
                ("kind", "=", kind),
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
            ]
        )

    def test_escalation_queues_the_request_with_its_files_once(self):
        ticket = self._ticket()
        self.assertEqual(ticket.prm_vendor_choice_ids, self.vendor)
        ticket.action_prm_escalate()
        message = self._messages("service_request", ticket)
        self.assertEqual(len(message), 1)
        self.assertEqual(message.connection_id, self.connection)
        payload = message.payload
        self.assertEqual(payload["ticket_id"], ticket.id)
        self.assertEqual(
            payload["product"], {"default_code": "SVC-1", "name": "Service Sensor"}
        )
        self.assertEqual(payload["serial"], "SVC-SN-1")
        self.assertEqual(
            payload["attachments"],
            [{"name": "photo0.png", "mimetype": "image/png", "datas": PHOTO}],
        )
        self.assertTrue(ticket.prm_vendor_escalated)
        self.assertEqual(ticket.prm_vendor_id, self.vendor)
        self.assertEqual(ticket.prm_vendor_status, "Sent to the vendor")
        with self.assertRaisesRegex(UserError, "already escalated"):
            ticket.action_prm_escalate()
        self.assertEqual(len(self._messages("service_request", ticket)), 1)

    def test_too_many_files_are_refused_before_anything_is_sent(self):
        ticket = self._ticket(files=6)
        with self.assertRaisesRegex(UserError, "at most 5 attachments"):
            ticket.action_prm_escalate()
        self.assertFalse(self._messages("service_request", ticket))
        self.assertFalse(ticket.prm_vendor_escalated)

    def test_with_two_vendors_the_user_chooses(self):
        other = self.env["res.partner"].create(
            {"name": "Other Vendor", "is_company": True}
        )
        other_connection = unreachable_connection(self.env, other, "vendor")
        ticket = self._ticket(files=0)
        with self.assertRaisesRegex(UserError, "choose which vendor"):
            ticket.action_prm_escalate()
        ticket.prm_vendor_id = other
        self.assertEqual(ticket.prm_vendor_choice_ids, self.vendor | other)
        ticket.action_prm_escalate()
        self.assertEqual(
            self._messages("service_request", ticket).connection_id, other_connection
        )

    def test_public_replies_go_to_the_vendor_notes_do_not(self):
        ticket = self._ticket(files=0)
        ticket.action_prm_escalate()
        ticket.message_post(
            body="Any news?", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        ticket.message_post(
            body="Internal", message_type="comment", subtype_xmlid="mail.mt_note"
        )
        ticket.with_context(prm_sync_applying=True).message_post(
            body="From the vendor",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        replies = self._messages("service_reply", ticket)
        self.assertEqual(len(replies), 1)
        self.assertIn("Any news?", replies.payload["body"])
        self.assertNotIn(
            "record_id", replies.payload, "only the sender's own ids travel"
        )
        self.assertEqual(replies.payload["sender_id"], ticket.id)

    def test_claim_drafted_from_the_ticket_is_sent_then_frozen(self):
        ticket = self._ticket(files=0)
        action = ticket.action_prm_claim_warranty()
        claim = self.env["prm.vendor.warranty.claim"].browse(action["res_id"])
        self.assertEqual(claim.vendor_id, self.vendor)
        self.assertEqual(claim.product_id, self.product)
        self.assertEqual(claim.serial_number, "SVC-SN-1")
        self.assertEqual(claim.problem, "It reboots *hourly*.")
        self.assertEqual(claim.ticket_id, ticket)
        claim.with_user(self.user).action_prm_send()
        self.assertEqual(claim.state, "sent")
        message = self._messages("warranty_claim", claim)
        self.assertEqual(message.payload["claim_id"], claim.id)
        self.assertEqual(message.payload["problem"], "It reboots *hourly*.")
        with self.assertRaisesRegex(UserError, "cannot be changed"):
            claim.with_user(self.user).problem = "Something else"
        with self.assertRaisesRegex(UserError, "already sent"):
            claim.with_user(self.user).action_prm_send()
