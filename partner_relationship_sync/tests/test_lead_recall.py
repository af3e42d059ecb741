# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A vendor's recall in the partner's database: the vendor's reason, and the
recall of a vendor's database of an earlier version (no reason) still
understood."""

from odoo.tests import TransactionCase, tagged

from odoo.addons.partner_relationship.tests.common import prm_mail_domain

from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestLeadRecall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        prm_mail_domain(cls.env)
        vendor = cls.env["res.partner"].create(
            {"name": "Recalling Vendor", "is_company": True}
        )
        cls.connection = unreachable_connection(cls.env, vendor, "vendor")
        cls.Flow = cls.env["prm.sync.lead.flow"]

    def _recalled(self, payload):
        lead = self.env["crm.lead"].create(
            {
                "name": "Offered lead",
                "prm_vendor_connection_id": self.connection.id,
                "prm_vendor_offer_state": "offered",
            }
        )
        self.Flow._prm_recall(
            self.connection, lead, None, {"payload": {"lead_id": 7, **payload}}
        )
        self.assertFalse(lead.active)
        self.assertEqual(lead.prm_vendor_offer_state, "recalled")
        return lead.message_ids[:1].body

    def test_the_vendors_reason_is_shown(self):
        body = self._recalled({"reason": "recalled", "note": "Customer moved"})
        self.assertIn("Recalled by Recalling Vendor: Customer moved", body)

    def test_a_recall_without_reason_is_still_understood(self):
        self.assertIn(
            "no answer by the deadline", self._recalled({"reason": "expired"})
        )
        self.assertIn(
            "Recalled by Recalling Vendor: recalled",
            self._recalled({"reason": "recalled"}),
        )
