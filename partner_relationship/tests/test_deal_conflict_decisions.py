# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import prm_in_taiwan
from .lead_routing_common import LeadRoutingCommon

SECRET = "B's CFO told us they are unhappy with them"


class DealConflictCommon(LeadRoutingCommon):
    """Partner A registers a customer of partner B's accepted opportunity;
    the channel manager approves through the conflict wizard."""

    prm_freeze_time = "2027-05-03"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Registration = cls.env["prm.deal.registration"]
        cls.lost_reason = cls.env["crm.lost.reason"].create(
            {"name": "Given to another channel"}
        )

    def setUp(self):
        super().setUp()
        # Partner B's accepted opportunity for the customer.
        self.b_lead = self._lead(
            "B's deal",
            email_from="it@harborfreight.example.com",
            company_id=self.prm_company.id,
        )
        self.b_lead._prm_offer(
            self.partner_b, fields.Datetime.now() + timedelta(days=2)
        )
        self.b_lead.with_user(self.portal_user_b).action_prm_accept()
        self.registration = self._register(self.portal_user_a, self.partner_a)
        self.conflict = self.registration.sudo().conflict_ids
        self.assertEqual(self.conflict.lead_id, self.b_lead)
        # The partner submitted in a transaction of its own.
        self.env.cr.precommit.run()

    def _wizard(self, registration=None, **values):
        registration = registration or self.registration
        # With tracking (the test classes disable it).
        manager_view = registration.with_user(self.channel_manager).with_context(
            tracking_disable=False, mail_notrack=False
        )
        action = manager_view.action_approve()
        self.assertEqual(action["res_model"], "prm.deal.conflict.wizard")
        return (
            self.env[action["res_model"]]
            .with_env(manager_view.env)
            .with_context(**action["context"])
            .create(values)
        )

    def _decide(self, decision, reason=SECRET, lost_reason=None, **values):
        wizard = self._wizard(**values)
        wizard.line_ids.write(
            {
                "decision": decision,
                "reason": reason,
                "lost_reason_id": lost_reason and lost_reason.id,
            }
        )
        wizard.action_approve()
        self.env.cr.precommit.run()  # the tracking
        self.assertEqual(self.registration.state, "approved")
        return wizard

    def _b_assignment(self):
        return self.b_lead.prm_assignment_ids.filtered(
            lambda assignment: assignment.partner_id == self.partner_b
        )


@tagged("post_install", "-at_install")
class TestDealConflictDecisions(DealConflictCommon):
    """Approving a registration with conflicts: the channel manager decides
    what happens to each competing deal; the reasons stay the vendor's."""

    def test_approval_without_a_decision_is_refused(self):
        wizard = self._wizard()
        self.assertEqual(wizard.line_ids.conflict_id, self.conflict)
        self.assertEqual(self.registration.state, "submitted")
        # Over RPC too: the wizard refuses, the registration stays submitted.
        with self.assertRaisesRegex(UserError, "decide what happens"):
            wizard.action_approve()
        wizard.line_ids.decision = "keep"
        with self.assertRaisesRegex(UserError, "say why both deals are kept"):
            wizard.action_approve()
        wizard.line_ids.decision = "lost"
        with self.assertRaisesRegex(UserError, "Lost Reason"):
            wizard.action_approve()
        self.assertEqual(self.registration.state, "submitted")
        self.assertFalse(self.conflict.decision)
        # Several at once cannot bypass the wizard.
        other = self._register(
            self.portal_user_a, self.partner_a, customer_name="Cape Cod Marine"
        )
        with self.assertRaisesRegex(UserError, "conflict\\(s\\) to decide"):
            (self.registration | other).with_user(self.channel_manager).action_approve()
        self.assertEqual(self.registration.state, "submitted")
        self.assertEqual(other.state, "submitted")

    def test_keep_both_records_the_reason(self):
        self._decide("keep")
        self.assertEqual(self.conflict.decision, "keep")
        self.assertEqual(self.conflict.decision_reason, SECRET)
        self.assertEqual(self.conflict.decided_by_id, self.channel_manager)
        self.assertTrue(self.conflict.date_decided)
        # The conflict stays, with its history; both deals go on.
        self.assertEqual(self.registration.sudo().conflict_ids, self.conflict)
        tracked = self.conflict.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("decision", tracked)
        self.assertIn("decision_reason", tracked)
        self.assertEqual(self.b_lead.partner_assigned_id, self.partner_b)
        self.assertEqual(self._b_assignment().state, "accepted")
        self.assertNotEqual(self.registration.lead_id, self.b_lead)
        self.assertEqual(self.registration.lead_id.partner_assigned_id, self.partner_a)

    def test_reassign_gives_the_lead_to_the_approved_partner(self):
        self._decide("reassign", reason="A found it first")
        self.assertEqual(self.conflict.decision, "reassign")
        self.assertEqual(self.b_lead.partner_assigned_id, self.partner_a)
        self.assertEqual(self.b_lead.prm_offer_state, "accepted")
        # One deal for the customer: the reassigned lead is the registration's.
        self.assertEqual(self.registration.lead_id, self.b_lead)
        self.assertEqual(
            self.env["crm.lead"].search_count(
                [("prm_registration_id", "=", self.registration.id)]
            ),
            1,
        )
        self.assertEqual(self._b_assignment().state, "ended")
        self.assertTrue(self._b_assignment().date_ended)
        mine = self.b_lead.prm_assignment_ids - self._b_assignment()
        self.assertEqual(mine.partner_id, self.partner_a)
        self.assertEqual(mine.state, "accepted")
        self.assertEqual(mine.registration_id, self.registration)
        # Partner B no longer sees the deal.
        with self.assertRaises(AccessError):
            self.b_lead.with_user(self.portal_user_b).read(["name"])
        # Partner A reads its new opportunity, not who had it.
        values = self.b_lead.with_user(self.portal_user_a).read()[0]
        self.assertNotIn("Partner B GmbH", str(values))
        seen = (
            self.env["mail.message"]
            .with_user(self.portal_user_a)
            .search([("model", "=", "crm.lead"), ("res_id", "=", self.b_lead.id)])
        )
        for body in seen.mapped("body"):
            self.assertNotIn("Partner B GmbH", body)
            self.assertNotIn("A found it first", body)

    def test_lost_closes_the_competing_deal(self):
        self._decide("lost", lost_reason=self.lost_reason)
        self.assertFalse(self.b_lead.active)
        self.assertEqual(self.b_lead.lost_reason_id, self.lost_reason)
        self.assertEqual(self._b_assignment().state, "ended")
        self.assertEqual(self.conflict.lost_reason_id, self.lost_reason)
        self.assertEqual(self.registration.lead_id.partner_assigned_id, self.partner_a)

    def test_competing_registration_closed_as_lost_is_rejected(self):
        self.b_lead.action_set_lost()
        self.registration.sudo()._detect_conflicts()
        other = self._register(
            self.portal_user_b, self.partner_b, customer_name="Harbor Freight Lines"
        )
        self.registration.sudo()._detect_conflicts()
        conflict = self.registration.sudo().conflict_ids
        self.assertEqual(conflict.other_registration_id, other)
        wizard = self._wizard()
        wizard.line_ids.decision = "reassign"
        with self.assertRaisesRegex(UserError, "cannot be reassigned"):
            wizard.action_approve()
        wizard.line_ids.write(
            {"decision": "lost", "lost_reason_id": self.lost_reason.id}
        )
        wizard.action_approve()
        self.assertEqual(self.registration.state, "approved")
        self.assertEqual(other.state, "rejected")
        self.assertEqual(conflict.lost_reason_id, self.lost_reason)
        # Partner B is told that, not why nor for whom.
        self.assertEqual(
            other.with_user(self.portal_user_b).decision_reason,
            "The vendor decided that this customer's deal is handled otherwise.",
        )
        seen = (
            self.env["mail.message"]
            .with_user(self.portal_user_b)
            .search([("model", "=", other._name), ("res_id", "=", other.id)])
        )
        self.assertIn("is rejected", "".join(seen.mapped("body")))
        for body in seen.mapped("body"):
            self.assertNotIn("Partner A Ltd", body)
            self.assertNotIn(self.registration.name, body)

    def test_competing_registration_kept_can_be_approved_too(self):
        self.b_lead.action_set_lost()
        other = self._register(
            self.portal_user_b, self.partner_b, customer_name="Harbor Freight Lines"
        )
        self._decide("keep", reason="Two sites, two partners")
        self.assertEqual(other.state, "submitted")
        # Partner A's protection does not block the registration kept beside it.
        action = other.with_user(self.channel_manager).action_approve()
        conflicts = other.sudo().conflict_ids
        # Partner A's registration and the opportunity its approval created.
        self.assertEqual(conflicts.other_registration_id, self.registration)
        self.assertEqual(conflicts.lead_id, self.registration.lead_id)
        self.assertFalse(any(conflicts.mapped("blocking")))
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.channel_manager)
            .with_context(**action["context"])
            .create({})
        )
        wizard.line_ids.write({"decision": "keep", "reason": "Two sites"})
        wizard.action_approve()
        self.assertEqual(other.state, "approved")

    def test_reasons_and_competitor_stay_internal(self):
        """Neither partner's portal user reads the internal reason nor the
        other partner's name: not in the fields it may read, not in the
        messages it sees or is e-mailed."""
        self._decide(
            "keep",
            partner_message="Approved: the customer is protected for you.",
            internal_note=f"Partner B GmbH: {SECRET}",
        )
        self.assertEqual(
            self.registration.decision_reason,
            "Approved: the customer is protected for you.",
        )
        # The vendor reads it all in the internal notes.
        notes = "".join(self.registration.message_ids.mapped("body"))
        self.assertIn(SECRET, notes)
        self.assertIn("Partner B GmbH", notes)
        # Partner A sees the decision itself.
        seen = (
            self.env["mail.message"]
            .with_user(self.portal_user_a)
            .search([("model", "=", self.registration._name)])
        )
        self.assertIn("protected for you", "".join(seen.mapped("body")))
        for user, record, other_partner in (
            (self.portal_user_a, self.registration, "Partner B GmbH"),
            (self.portal_user_b, self.b_lead, "Partner A Ltd"),
        ):
            with self.subTest(user=user.login):
                seen = (
                    self.env["mail.message"]
                    .with_user(user)
                    .search([("model", "=", record._name), ("res_id", "=", record.id)])
                )
                for body in seen.mapped("body"):
                    self.assertNotIn(SECRET, body)
                    self.assertNotIn(other_partner, body)
                values = record.with_user(user).read()[0]
                self.assertNotIn(SECRET, str(values))
                self.assertNotIn(other_partner, str(values))
        # What was e-mailed to partner A.
        mails = self.env["mail.mail"].search(
            [
                ("model", "=", self.registration._name),
                ("res_id", "=", self.registration.id),
            ]
        )
        for body in mails.mapped("body_html"):
            self.assertNotIn(SECRET, body)
            self.assertNotIn("Partner B GmbH", body)
        conflict = self.conflict.with_user(self.portal_user_a)
        for field in ("decision", "decision_reason", "lost_reason_id", "owner"):
            with self.subTest(field=field), self.assertRaises(AccessError):
                conflict.read([field])

    def test_only_channel_managers_use_the_wizard(self):
        Wizard = self.env["prm.deal.conflict.wizard"]
        with self.assertRaises(AccessError):
            Wizard.with_user(self.portal_user_a).create(
                {"registration_id": self.registration.id}
            )
        wizard = self._wizard()
        wizard.line_ids.write({"decision": "keep", "reason": "x"})
        for user in (self.portal_user_a, self.partner_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                wizard.with_user(user).action_approve()
        self.assertEqual(self.registration.state, "submitted")
        self.assertFalse(self.conflict.decision)

    def test_migration_records_earlier_decisions(self):
        """Approved before 18.0.1.5.0: the reason given for the conflicts
        was the partner's Decision Reason. The migration records the
        conflicts as kept with it and moves it to an internal note."""
        reason = "Partner B GmbH is not working the deal any more."
        self.registration.sudo().write(
            {
                "state": "approved",
                "decision_reason": reason,
                "decided_by_id": self.channel_manager.id,
                "date_decided": fields.Datetime.now(),
            }
        )
        self._prm_migrate("18.0.1.5.0", "18.0.1.4.0")
        self.assertEqual(self.conflict.decision, "keep")
        self.assertEqual(self.conflict.decision_reason, reason)
        self.assertEqual(self.conflict.decided_by_id, self.channel_manager)
        self.assertFalse(self.registration.decision_reason)
        self.assertIn(reason, self.registration.message_ids[0].body)
        seen = (
            self.env["mail.message"]
            .with_user(self.portal_user_a)
            .search(
                [
                    ("model", "=", self.registration._name),
                    ("res_id", "=", self.registration.id),
                ]
            )
        )
        self.assertNotIn(reason, "".join(seen.mapped("body")))


TestDealConflictDecisionsTaiwan = prm_in_taiwan(TestDealConflictDecisions)
