# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The channel manager's network screens in headless Chromium (Odoo's
tours): Plan vs Actual, Close to Next Tier and the applications' approval,
each checked afterwards in the database."""

from datetime import date, timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import PartnerRelationshipCommon
from .test_applications import WELCOME_SUBJECT


@tagged("post_install", "-at_install")
class TestNetworkTours(PartnerRelationshipCommon, HttpCase):
    """Each tour runs as the channel manager, from the home menu."""

    def _tour(self, name):
        self.env.cr.precommit.run()
        self.start_tour("/odoo", name, login=self.channel_manager.login)

    def _fjord(self, **values):
        return self._create_channel_partner(
            "Fjord Routers AS", self.channel_manager, **values
        )

    def test_plan_vs_actual_drills_down_to_the_won_deals(self):
        partner = self._fjord(grade_id=self.tier_gold.id)
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        self.env["crm.lead"].create(
            {
                "name": "Fjord firewall refresh",
                "type": "opportunity",
                "partner_assigned_id": partner.id,
                "stage_id": won_stage.id,
            }
        )
        today = fields.Date.context_today(self.env["prm.partner.target"])
        # 1 deal won of 4 by half of the period: behind its target.
        self.env["prm.partner.target"].create(
            {
                "partner_id": partner.id,
                "date_from": today - timedelta(days=9),
                "date_to": today + timedelta(days=10),
                "target_leads_won": 4,
            }
        )
        row = self.env["prm.partner.performance"].search(
            [("partner_id", "=", partner.id)]
        )
        self.assertTrue(row.underperforming)
        self.assertEqual(row.leads_won, 1)
        self._tour("prm_plan_vs_actual_drill_down")

    def test_close_to_next_tier_and_evaluate_now_proposes_the_upgrade(self):
        Grade = self.env["res.partner.grade"]
        Grade.search([("id", "not in", (self.tier_gold | self.tier_silver).ids)]).write(
            {"evaluated": False}
        )
        self.tier_silver.write({"evaluated": True, "min_certifications": 1})
        self.tier_gold.write(
            {"evaluated": True, "min_certifications": 5, "requires_agreement": True}
        )
        # Silver with 4 of Gold's 5 certifications: close to Gold at the
        # night's evaluation.
        partner = self._fjord(grade_id=self.tier_silver.id)
        self._certify(partner, 4)
        self._prm_cron("prm.tier.proposal")._cron_evaluate_tiers()
        checks = self.env["prm.tier.check"].search(
            [("partner_id", "=", partner.id), ("kind", "=", "next")]
        )
        self.assertEqual(checks.tier_id, self.tier_gold)
        # Since then: its fifth certification and its agreement signed.
        self._certify(partner, 1)
        self._create_agreement(
            partner, date(2020, 1, 1), date(2099, 1, 1)
        ).action_sign()
        Proposal = self.env["prm.tier.proposal"]
        self.assertFalse(Proposal.search([("partner_id", "=", partner.id)]))
        self._tour("prm_close_to_next_tier_evaluate_now")
        proposal = Proposal.search([("partner_id", "=", partner.id)])
        self.assertEqual(proposal.state, "pending")
        self.assertEqual(proposal.proposed_grade_id, self.tier_gold)
        self.assertEqual(proposal.direction, "upgrade")
        self.assertFalse(
            self.env["prm.tier.check"].search(
                [("partner_id", "=", partner.id), ("kind", "=", "next")]
            )
        )

    @classmethod
    def _certify(cls, partner, count):
        cls.env["prm.certification"].create(
            [{"name": f"Cert {n}", "partner_id": partner.id} for n in range(count)]
        )

    def test_application_approved_welcomes_the_applicant_to_the_portal(self):
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
        contact = application.child_ids
        self.assertEqual(len(contact), 1)
        self._tour("prm_application_approve")
        self.assertEqual(application.prm_application_state, "approved")
        self.assertTrue(application.is_channel_partner)
        self.assertEqual(
            application.activation,
            self.env.ref(
                "website_crm_partner_assign.res_partner_activation_data_first_contact"
            ),
        )
        self.assertEqual(application.partner_manager_id, self.channel_manager)
        users = (
            self.env["res.users"]
            .with_context(active_test=False)
            .search([("partner_id", "=", contact.id)])
        )
        self.assertEqual(len(users), 1)
        self.assertTrue(users._is_portal())
        self.assertTrue(application.onboarding_portal_invited)
        welcome = self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", contact.ids),
                ("subject", "ilike", WELCOME_SUBJECT),
            ]
        )
        self.assertEqual(len(welcome), 1)
        self.assertIn(users.login, welcome.body_html)
