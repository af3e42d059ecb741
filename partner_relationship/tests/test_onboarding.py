# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import UserError

from .common import PartnerRelationshipCommon, prm_in_taiwan


class TestOnboarding(PartnerRelationshipCommon):
    def setUp(self):
        super().setUp()
        self.newcomer = self._create_channel_partner(
            "Newcomer Inc",
            self.partner_manager,
            activation=self.env.ref(
                "partner_relationship.res_partner_activation_application"
            ).id,
        )

    def test_checklist_and_follow_up_activities(self):
        self.assertFalse(self.newcomer.onboarding_complete)
        self.newcomer.with_user(self.partner_manager).action_onboarding_followup()
        summaries = set(self.newcomer.activity_ids.mapped("summary"))
        self.assertEqual(
            summaries,
            {
                "Onboarding: Agreement Signed",
                "Onboarding: Portal Users Invited",
                "Onboarding: First Training Held",
                "Onboarding: Price List Assigned",
            },
        )
        self.assertEqual(self.newcomer.activity_ids.user_id, self.partner_manager)
        self.newcomer.action_onboarding_followup()
        self.assertEqual(len(self.newcomer.activity_ids), 4, "no duplicates")

    def test_operational_only_when_checklist_complete(self):
        with self.assertRaisesRegex(UserError, "Agreement Signed, Portal Users"):
            self.newcomer.action_mark_operational()
        self._create_agreement(
            self.newcomer, date(2020, 1, 1), date(2099, 1, 1)
        ).action_sign()
        self.env["res.users"].create(
            {
                "name": "Newcomer Portal",
                "login": "prm_newcomer_portal",
                "parent_id": self.newcomer.id,
                "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self.env["prm.certification"].create(
            {"name": "Basics", "kind": "training", "partner_id": self.newcomer.id}
        )
        self.newcomer.grade_id = self.tier_silver  # brings its price list
        self.newcomer.invalidate_recordset()
        self.assertTrue(self.newcomer.onboarding_pricelist_set)
        self.assertTrue(self.newcomer.onboarding_complete)
        self.newcomer.action_mark_operational()
        self.assertTrue(self.newcomer.activation.is_operational)

    def test_cron_follows_up_partners_still_onboarding(self):
        self._prm_cron("res.partner")._cron_onboarding_followup()
        self.assertEqual(len(self.newcomer.activity_ids), 4)


TestOnboardingTaiwan = prm_in_taiwan(TestOnboarding)
