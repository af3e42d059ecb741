# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The channel manager's screens in headless Chromium (Odoo's tours), each
checked afterwards in the database."""

from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .lead_routing_common import LeadRoutingCommon


@tagged("post_install", "-at_install")
class TestBackendTours(LeadRoutingCommon, HttpCase):
    """Each tour runs as the channel manager, the lowest role of the screen."""

    def _tour(self, url, name):
        self.start_tour(url, name, login=self.channel_manager.login)

    def test_deal_conflict_wizard_reassigns_the_competing_lead(self):
        b_lead = self._lead(
            "B's deal",
            email_from="it@harborfreight.example.com",
            company_id=self.prm_company.id,
        )
        b_lead._prm_offer(self.partner_b, fields.Datetime.now() + timedelta(days=2))
        b_lead.with_user(self.portal_user_b).action_prm_accept()
        registration = self._register(self.portal_user_a, self.partner_a)
        self.assertEqual(registration.sudo().conflict_ids.lead_id, b_lead)
        self.env.cr.precommit.run()
        self._tour(
            "/odoo/action-partner_relationship.prm_deal_registration_action/"
            f"{registration.id}",
            "prm_deal_conflict_reassign",
        )
        self.assertEqual(registration.state, "approved")
        conflict = registration.sudo().conflict_ids
        self.assertEqual(conflict.decision, "reassign")
        self.assertEqual(conflict.decided_by_id, self.channel_manager)
        self.assertEqual(b_lead.partner_assigned_id, self.partner_a)
        self.assertEqual(registration.lead_id, b_lead)

    def test_recall_asks_for_a_reason_and_records_it(self):
        lead = self._lead("Tour lead")
        self.Router._route(lead)
        partner = lead.partner_assigned_id
        self.assertTrue(partner)
        self.assertEqual(lead.prm_offer_state, "offered")
        self._tour(
            f"/odoo/action-crm.crm_lead_all_leads/{lead.id}",
            "prm_lead_recall_with_reason",
        )
        offer = lead.prm_assignment_ids.filtered(
            lambda assignment: assignment.partner_id == partner
        )
        self.assertEqual(offer.state, "recalled")
        self.assertEqual(offer.reason, "The customer asked for a local installer.")
        # Barred from the lead, which is routed again to another partner.
        self.assertIn(partner, lead.partner_declined_ids)
        self.assertNotEqual(lead.partner_assigned_id, partner)

    def test_application_rejected_from_the_queue_with_a_reason(self):
        application = (
            self.env["res.partner"]
            .sudo()
            ._prm_create_application(
                {
                    "company_name": "Fjord Resale AS",
                    "contact_name": "Ingrid of Fjord Resale",
                    "email": "ingrid@fjordresale.example.com",
                    "partner_type_id": self.env.ref(
                        "partner_relationship.partner_type_reseller"
                    ).id,
                    "message": "We would like to resell your products.",
                }
            )
        )
        self.assertEqual(application.prm_application_state, "to_review")
        self._tour("/odoo", "prm_application_reject")
        self.assertEqual(application.prm_application_state, "rejected")
        self.assertEqual(
            application.prm_application_reason,
            "We already have three resellers in Bergen.",
        )
        self.assertFalse(application.is_channel_partner)
