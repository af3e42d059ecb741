# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import PartnerRelationshipCommon, prm_in_taiwan


class TestAgreements(PartnerRelationshipCommon):
    prm_freeze_time = "2027-03-01"

    def test_end_before_start_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Valid Until"):
            self._create_agreement(self.partner_a, date(2027, 6, 1), date(2027, 1, 1))

    def test_signed_agreement_in_force(self):
        agreement = self._create_agreement(
            self.partner_a, date(2027, 1, 1), date(2027, 12, 31)
        )
        self.assertEqual(self.partner_a.agreement_state, "none")
        self.assertFalse(self.partner_a.lead_routing_blocked)
        agreement.with_user(self.partner_manager).action_sign(signed_by="A's CEO")
        self.partner_a.invalidate_recordset()
        self.assertEqual(agreement.state, "signed")
        self.assertEqual(agreement.signed_by, "A's CEO")
        self.assertEqual(self.partner_a.agreement_state, "signed")
        self.assertEqual(self.partner_a_contact.agreement_state, "signed")
        with self.assertRaisesRegex(UserError, "not waiting for a signature"):
            agreement.action_sign()

    def test_expiry_blocks_routing_until_renewed(self):
        agreement = self._create_agreement(
            self.partner_a, date(2026, 3, 1), date(2027, 3, 10)
        )
        agreement.action_sign()
        with freeze_time("2027-03-11"):
            self._prm_cron("prm.agreement")._cron_agreement_lifecycle()
            self.assertEqual(agreement.state, "expired")
            self.partner_a.invalidate_recordset()
            self.assertEqual(self.partner_a.agreement_state, "expired")
            self.assertTrue(self.partner_a.lead_routing_blocked)
            blocked = self.env["res.partner"].search(
                [("lead_routing_blocked", "=", True)]
            )
            self.assertIn(self.partner_a, blocked)
            self.assertIn(self.partner_a_contact, blocked)
            self.assertNotIn(self.partner_b, blocked, "never had an agreement")
            renewal_action = agreement.action_renew()
            renewal = self.env["prm.agreement"].browse(renewal_action["res_id"])
            self.assertEqual(renewal.state, "draft")
            self.assertEqual(renewal.date_start, date(2027, 3, 11))
            self.assertEqual(renewal.date_end, date(2028, 3, 20))
            with self.assertRaisesRegex(UserError, "already renewed"):
                agreement.action_renew()
            renewal.action_sign()
            self.partner_a.invalidate_recordset()
            self.assertFalse(self.partner_a.lead_routing_blocked)
            self.assertNotIn(
                self.partner_a,
                self.env["res.partner"].search([("lead_routing_blocked", "=", True)]),
            )

    def test_expired_agreement_blocks_lead_assignment(self):
        agreement = self._create_agreement(
            self.partner_a, date(2026, 3, 1), date(2027, 2, 28)
        )
        with freeze_time("2027-02-01"):
            agreement.action_sign()
        self._prm_cron("prm.agreement")._cron_agreement_lifecycle()
        lead = self.env["crm.lead"].create({"name": "New lead"})
        with self.assertRaisesRegex(UserError, "Partner A Ltd has expired"):
            lead.partner_assigned_id = self.partner_a
        with self.assertRaisesRegex(UserError, "has expired"):
            self.env["crm.lead"].create(
                {"name": "Other", "partner_assigned_id": self.partner_a.id}
            )
        # Not even by a partner manager sending the context the suite's own
        # forward used to skip the check with.
        forged = (
            self.env["crm.lead"]
            .create({"name": "Unowned lead", "user_id": False})
            .with_user(self.partner_manager)
            .with_context(prm_routing_checked=True)
        )
        with self.assertRaisesRegex(UserError, "Partner A Ltd has expired"):
            forged.write({"partner_assigned_id": self.partner_a.id})
        with self.assertRaisesRegex(UserError, "has expired"):
            forged.create({"name": "Forged", "partner_assigned_id": self.partner_a.id})
        self.assertFalse(forged.partner_assigned_id)
        lead.partner_assigned_id = self.partner_b  # no agreement history: allowed
        self.assertEqual(lead.partner_assigned_id, self.partner_b)
        # Odoo's geographic assignment skips the blocked partner.
        country = self.env.ref("base.be")
        (self.partner_a | self.partner_b).write(
            {
                "country_id": country.id,
                "partner_latitude": 50.85,
                "partner_longitude": 4.35,
                "grade_id": self.tier_gold.id,
            }
        )
        self.partner_b.grade_id = False  # weight 0: not eligible
        geo_lead = self.env["crm.lead"].create(
            {
                "name": "Brussels lead",
                "country_id": country.id,
                "partner_latitude": 50.84,
                "partner_longitude": 4.36,
            }
        )
        self.assertEqual(geo_lead.search_geo_partner(), {})
        agreement.action_renew()
        agreement.renewed_by_id.date_start = date(2027, 3, 1)
        agreement.renewed_by_id.action_sign()
        self.partner_a.invalidate_recordset()
        self.assertEqual(
            geo_lead.search_geo_partner(), {geo_lead.id: self.partner_a.id}
        )

    def test_renewal_reminder_before_expiry(self):
        agreement = self._create_agreement(
            self.partner_a,
            date(2026, 4, 1),
            date(2027, 3, 20),
            renewal_reminder_days=30,
        )
        agreement.action_sign()
        self._prm_cron("prm.agreement")._cron_agreement_lifecycle()
        activity = agreement.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.partner_manager)
        self.assertEqual(activity.date_deadline, date(2027, 3, 20))
        self._prm_cron("prm.agreement")._cron_agreement_lifecycle()
        self.assertEqual(len(agreement.activity_ids), 1, "reminded once")

    def test_signing_an_ended_agreement_is_refused(self):
        agreement = self._create_agreement(
            self.partner_a, date(2026, 1, 1), date(2026, 12, 31)
        )
        with self.assertRaisesRegex(UserError, "renew it instead"):
            agreement.action_sign()

    def test_partner_manager_sees_only_agreements_of_his_partners(self):
        mine = self._create_agreement(
            self.partner_a, date(2027, 1, 1), date(2027, 12, 31)
        )
        theirs = self._create_agreement(
            self.partner_b, date(2027, 1, 1), date(2027, 12, 31)
        )
        visible = self.env["prm.agreement"].with_user(self.partner_manager).search([])
        self.assertIn(mine, visible)
        self.assertNotIn(theirs, visible)
        with self.assertRaises(AccessError):
            theirs.with_user(self.partner_manager).read(["name"])
        everything = (
            self.env["prm.agreement"].with_user(self.channel_manager).search([])
        )
        self.assertLessEqual(mine | theirs, everything)

    def test_portal_user_reads_own_agreements_only(self):
        mine = self._create_agreement(
            self.partner_a, date(2027, 1, 1), date(2027, 12, 31)
        )
        theirs = self._create_agreement(
            self.partner_b, date(2027, 1, 1), date(2027, 12, 31)
        )
        Agreement = self.env["prm.agreement"].with_user(self.portal_user_a)
        self.assertEqual(Agreement.search([]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.portal_user_a).read(["name"])
        with self.assertRaises(AccessError):
            mine.with_user(self.portal_user_a).write({"date_end": date(2030, 1, 1)})


TestAgreementsTaiwan = prm_in_taiwan(TestAgreements)
