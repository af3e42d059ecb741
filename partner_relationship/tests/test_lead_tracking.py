# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import prm_in_taiwan
from .lead_routing_common import LeadRoutingCommon


@tagged("post_install", "-at_install")
class TestLeadTracking(LeadRoutingCommon):
    def setUp(self):
        super().setUp()
        self.lead = self._lead("Harbor telematics", expected_revenue=48000)
        self.Router._route(self.lead)
        self.assertEqual(self.lead.partner_assigned_id, self.partner_a)

    def assertOneOwner(self, lead):
        """Exactly one owner: the partner of the open offer, or the vendor."""
        open_offers = lead.prm_assignment_ids.filtered(
            lambda offer: offer.state in ("offered", "accepted")
        )
        self.assertLessEqual(len(open_offers), 1)
        self.assertEqual(lead.partner_assigned_id, open_offers.partner_id)

    def test_accept_as_partner_user(self):
        lead = self.lead.with_user(self.portal_user_a)
        lead.action_prm_accept()
        self.assertEqual(self.lead.type, "opportunity")
        self.assertEqual(self.lead.prm_offer_state, "accepted")
        self.assertEqual(self.lead.prm_assignment_ids.state, "accepted")
        self.assertIn("Accepted by Partner A Ltd", self.lead.message_ids[0].body)
        self.assertOneOwner(self.lead)
        with self.assertRaisesRegex(UserError, "already accepted"):
            lead.action_prm_accept()

    def test_other_partner_cannot_answer(self):
        lead = self.lead.with_user(self.portal_user_b)
        # AccessError is a UserError.
        with self.assertRaises(UserError):
            lead.action_prm_accept()
        with self.assertRaises(UserError):
            lead.action_prm_decline("Mine now")
        self.assertEqual(self.lead.partner_assigned_id, self.partner_a)
        self.assertEqual(self.lead.prm_offer_state, "offered")

    def test_partner_user_cannot_forge_routing_fields(self):
        lead = self.lead.with_user(self.portal_user_a)
        for vals in (
            {"prm_offer_state": "accepted"},
            {"partner_assigned_id": self.partner_b.id},
            {"prm_acceptance_deadline": "2099-01-01 00:00:00"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                lead.write(vals)
        self.assertEqual(self.lead.prm_offer_state, "offered")

    def test_decline_needs_a_reason_and_happens_once(self):
        lead = self.lead.with_user(self.portal_user_a)
        with self.assertRaisesRegex(UserError, "Reason"):
            lead.action_prm_decline("  ")
        lead.action_prm_decline("Outside our coverage")
        offer_a = self.lead.prm_assignment_ids.filtered(
            lambda o: o.partner_id == self.partner_a
        )
        self.assertEqual(offer_a.state, "declined")
        self.assertEqual(offer_a.reason, "Outside our coverage")
        self.assertEqual(self.lead.partner_assigned_id, self.partner_b)
        self.assertOneOwner(self.lead)
        with self.assertRaisesRegex(UserError, "already declined"):
            lead.action_prm_decline("Again")
        self.assertEqual(self.lead.partner_assigned_id, self.partner_b)

    def test_odoo_portal_buttons_use_the_workflow(self):
        """/my/leads calls partner_desinterested and partner_interested."""
        self.lead.with_user(self.portal_user_a).partner_desinterested(
            comment="No time", contacted=False
        )
        self.assertEqual(self.lead.partner_assigned_id, self.partner_b)
        self.assertEqual(self.lead.prm_assignment_ids[-1].reason, "No time")
        self.lead.with_user(self.portal_user_b).partner_interested(comment="Yes")
        self.assertEqual(self.lead.prm_offer_state, "accepted")
        self.assertOneOwner(self.lead)

    def test_reminder_then_recall_then_next_partner(self):
        offered_at = self.lead.prm_assignment_ids.date_offered
        Lead = self.env["crm.lead"]
        # Gold: 24 hours; the reminder comes when 6 hours are left.
        with freeze_time(offered_at + timedelta(hours=17)):
            self._prm_cron(Lead)._cron_lead_offer_deadlines()
            self.assertFalse(self.lead.prm_assignment_ids.reminder_sent)
        with freeze_time(offered_at + timedelta(hours=19)):
            self._prm_cron(Lead)._cron_lead_offer_deadlines()
            offer = self.lead.prm_assignment_ids
            self.assertTrue(offer.reminder_sent)
            chase = self.lead.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.env.ref("partner_relationship.mail_activity_type_prm_offer")
                )
            )
            self.assertEqual(chase.user_id, self.partner_manager)
            reminder = self.env["mail.mail"].search(
                [("subject", "=", "Reminder: leads waiting for your answer")]
            )
            self.assertIn(self.partner_a, reminder.recipient_ids)
            self.assertEqual(self.lead.partner_assigned_id, self.partner_a)
        with freeze_time(offered_at + timedelta(hours=24, minutes=1)):
            self._prm_cron(Lead)._cron_lead_offer_deadlines()
            self.assertEqual(offer.state, "expired")
            self.assertEqual(self.lead.partner_assigned_id, self.partner_b)
            self.assertIn(self.partner_a, self.lead.partner_declined_ids)
            self.assertFalse(chase.exists())
            recall_activity = self.lead.activity_ids.filtered(
                lambda a: "recalled from Partner A" in (a.summary or "")
            )
            self.assertEqual(recall_activity.user_id, self.partner_manager)
            self.assertOneOwner(self.lead)
            self.env.flush_all()
            scorecard = self.env["prm.partner.scorecard"].search(
                [("partner_id", "=", self.partner_a.id)]
            )
            self.assertEqual(scorecard.leads_recalled, 1)
            with self.assertRaisesRegex(UserError, "recalled on .* deadline passed"):
                self.lead.with_user(self.portal_user_a).action_prm_accept()
            self.assertEqual(self.lead.partner_assigned_id, self.partner_b)

    def test_vendor_recall(self):
        self.lead.with_user(self.channel_manager).action_prm_recall(
            "Customer asked for another partner"
        )
        self.assertEqual(self.lead.prm_assignment_ids[-1].state, "recalled")
        self.assertEqual(self.lead.partner_assigned_id, self.partner_b)
        with self.assertRaisesRegex(UserError, "vendor recalled"):
            self.lead.with_user(self.portal_user_a).action_prm_decline("late")

    @freeze_time("2027-02-01 10:00:00")
    def test_progress_updates_are_tracked(self):
        self.lead.prm_assignment_ids.date_offered = "2027-02-01 09:00:00"
        # The test environment disables tracking; partners' users have it.
        lead = self.lead.with_context(
            tracking_disable=False, mail_notrack=False
        ).with_user(self.portal_user_a)
        with self.assertRaisesRegex(UserError, "Accept .* before reporting"):
            lead._prm_partner_update_progress({"probability": 50})
        lead.action_prm_accept()
        # Odoo does not track records created in the same transaction: the
        # partner's update comes in a later one.
        self.env.cr.precommit.clear()
        stage = self.env["crm.stage"].search(
            [
                ("is_won", "=", False),
                ("team_id", "=", False),
                ("id", "!=", self.lead.stage_id.id),
            ],
            limit=1,
        )
        lead._prm_partner_update_progress(
            {
                "stage_id": stage.id,
                "probability": 55,
                "expected_revenue": 52000,
                "date_deadline": date(2027, 3, 31),
                "next_activity": {
                    "summary": "Demo at the customer",
                    "date_deadline": date(2027, 2, 10),
                },
            }
        )
        self.env.cr.precommit.run()  # tracking is written before commit
        self.assertEqual(self.lead.expected_revenue, 52000)
        self.assertEqual(self.lead.probability, 55)
        tracked = self.lead.message_ids.tracking_value_ids.field_id.mapped("name")
        for name in ("stage_id", "probability", "expected_revenue", "date_deadline"):
            self.assertIn(name, tracked)
        self.assertIn("Demo at the customer", self.lead.activity_ids.mapped("summary"))
        self.assertAlmostEqual(self.lead.prm_assignment_ids.answer_hours, 1.0)
        self.env.flush_all()
        scorecard = self.env["prm.partner.scorecard"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertAlmostEqual(scorecard.median_answer_hours, 1.0)
        for bad, message in (
            ({"probability": 150}, "between 0 and 100"),
            ({"expected_revenue": -1}, "cannot be negative"),
            ({"date_deadline": date(2027, 1, 1)}, "in the past"),
            ({"partner_assigned_id": self.partner_b.id}, "cannot update"),
            ({"won": True, "lost": {}}, "both won and lost"),
            (
                {
                    "next_activity": {
                        "summary": "x" * 201,
                        "date_deadline": date(2027, 2, 10),
                    }
                },
                "Next Step: at most 200 characters",
            ),
            ({"lost": {"feedback": "x" * 501}}, "Lost Feedback: at most 500"),
            ({"lost": "Chose a rival"}, "Lost: give the lost reason"),
        ):
            with (
                self.subTest(bad=bad),
                self.assertRaisesRegex((UserError, ValidationError), message),
            ):
                lead._prm_partner_update_progress(bad)
        # Nothing of the refused updates was written.
        self.assertTrue(self.lead.active)
        self.assertEqual(self.lead.probability, 55)
        self.assertNotIn("x" * 201, self.lead.activity_ids.mapped("summary"))
        lead._prm_partner_update_progress({"won": True})
        self.assertTrue(self.lead.stage_id.is_won)
        self.assertEqual(self.lead.partner_assigned_id, self.partner_a)

    def test_report_lost_with_reason(self):
        lead = self.lead.with_user(self.portal_user_a)
        lead.action_prm_accept()
        reason = self.env["crm.lost.reason"].create({"name": "Too expensive"})
        lead._prm_partner_update_progress(
            {"lost": {"lost_reason_id": reason.id, "feedback": "Chose a rival"}}
        )
        self.assertFalse(self.lead.active)
        self.assertEqual(self.lead.lost_reason_id, reason)
        self.assertIn("Chose a rival", self.lead.message_ids[0].body)


TestLeadTrackingTaiwan = prm_in_taiwan(TestLeadTracking)
