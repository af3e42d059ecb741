# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A deal registration approved against a connected partner's deal: the
partner's database is told its lead is taken back, and nothing of why."""

from odoo.tests import tagged

from odoo.addons.partner_relationship.tests.common import prm_in_taiwan
from odoo.addons.partner_relationship.tests.test_deal_conflict_decisions import (
    SECRET,
    DealConflictCommon,
)

from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestConflictRecall(DealConflictCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connection_b = unreachable_connection(
            cls.env, cls.partner_b, "partner", company_id=cls.prm_company.id
        )

    def _recalls(self):
        return self.env["prm.sync.message"].search(
            [
                ("connection_id", "=", self.connection_b.id),
                ("kind", "=", "lead_recall"),
                ("res_id", "=", self.b_lead.id),
            ]
        )

    def _told(self):
        recall = self._recalls()
        self.assertEqual(len(recall), 1)
        self.assertEqual(recall.payload["lead_id"], self.b_lead.id)
        note = recall.payload["note"]
        self.assertIn("deal registration", note)
        for secret in (SECRET, self.partner_a.name, self.registration.name):
            self.assertNotIn(secret, note)

    def test_reassign_tells_the_connected_partner(self):
        self._decide("reassign")
        self.assertEqual(self.b_lead.partner_assigned_id, self.partner_a)
        self._told()

    def test_lost_tells_the_connected_partner(self):
        self._decide("lost", lost_reason=self.lost_reason)
        self._told()

    def test_keep_tells_nothing(self):
        self._decide("keep")
        self.assertFalse(self._recalls())


TestConflictRecallTaiwan = prm_in_taiwan(TestConflictRecall)
