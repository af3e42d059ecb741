# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form

from .common import PartnerRelationshipCommon, prm_in_taiwan


class TestTiers(PartnerRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Only our two test tiers take part in the evaluation.
        cls.env["res.partner.grade"].search(
            [("id", "not in", (cls.tier_gold | cls.tier_silver).ids)]
        ).write({"evaluated": False})

    def _set_criteria(self):
        self.tier_silver.write({"evaluated": True})
        self.tier_gold.write(
            {"evaluated": True, "min_certifications": 2, "requires_agreement": True}
        )

    def test_changing_tier_applies_its_benefits(self):
        self.partner_a.with_user(self.channel_manager).grade_id = self.tier_gold
        self.assertEqual(self.partner_a.property_product_pricelist, self.pricelist_gold)
        self.assertEqual(
            self.partner_a_contact.property_product_pricelist,
            self.pricelist_gold,
            "the contacts order at the company's tier prices",
        )
        self.assertEqual(self.partner_a.partner_weight, 30)
        self.partner_a.grade_id = self.tier_silver
        self.assertEqual(
            self.partner_a_contact.property_product_pricelist, self.pricelist_silver
        )
        self.assertEqual(self.partner_a.partner_weight, 10)

    def test_changing_a_tier_price_list_reaches_its_partners(self):
        self.partner_a.grade_id = self.tier_gold
        new_pricelist = self.env["product.pricelist"].create({"name": "Gold 2027"})
        self.tier_gold.pricelist_id = new_pricelist
        self.assertEqual(
            self.partner_a_contact.property_product_pricelist, new_pricelist
        )

    def test_bad_tier_values_name_the_field(self):
        for field_name, value, message in [
            ("partner_weight", -1, "Level Weight"),
            ("mdf_share", 120, "MDF Share"),
            ("acceptance_deadline_hours", 0, "Acceptance Deadline"),
            ("deal_protection_days", -5, "Deal Protection"),
            ("min_won_leads", -2, "Minimum Won Leads"),
        ]:
            with self.assertRaisesRegex(ValidationError, message):
                self.env["res.partner.grade"].create({"name": "Bad", field_name: value})

    def test_overlapping_criteria_are_refused(self):
        self.tier_silver.write({"evaluated": True, "min_revenue": 5000})
        with self.assertRaisesRegex(
            ValidationError, "Minimum 12-month Revenue: overlapping"
        ):
            self.tier_gold.write({"evaluated": True, "min_revenue": 1000})
        with self.assertRaisesRegex(ValidationError, "exactly the same"):
            self.tier_gold.write({"evaluated": True, "min_revenue": 5000})

    def test_deleting_a_tier_in_use_gives_the_count(self):
        self.partner_a.grade_id = self.tier_gold
        self.partner_b.grade_id = self.tier_gold
        with self.assertRaisesRegex(UserError, "used by 2 partner"):
            self.tier_gold.unlink()
        unused = self.env["res.partner.grade"].create({"name": "Unused"})
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_evaluation_proposes_and_nothing_changes_until_approved(self):
        self._set_criteria()
        self.partner_a.grade_id = self.tier_silver
        self._create_agreement(
            self.partner_a, date(2020, 1, 1), date(2099, 1, 1)
        ).action_sign()
        for name in ("Cert 1", "Cert 2"):
            self.env["prm.certification"].create(
                {"name": name, "partner_id": self.partner_a.id}
            )
        proposals = self._prm_cron("prm.tier.proposal")._cron_evaluate_tiers()
        proposal = proposals.filtered(lambda p: p.partner_id == self.partner_a)
        self.assertEqual(proposal.proposed_grade_id, self.tier_gold)
        self.assertEqual(proposal.direction, "upgrade")
        self.assertEqual(proposal.certifications, 2)
        self.assertTrue(proposal.agreement_signed)
        self.assertEqual(self.partner_a.grade_id, self.tier_silver, "not silently")
        self.assertTrue(
            proposal.activity_ids.filtered(lambda a: a.user_id == self.partner_manager)
        )
        # A second run does not pile up proposals.
        again = self._prm_cron("prm.tier.proposal")._cron_evaluate_tiers()
        self.assertFalse(again.filtered(lambda p: p.partner_id == self.partner_a))

        proposal.with_user(self.partner_manager).action_approve()
        self.assertEqual(self.partner_a.grade_id, self.tier_gold)
        self.assertEqual(proposal.state, "approved")
        self.assertEqual(proposal.decided_by_id, self.partner_manager)
        self.assertEqual(
            self.partner_a_contact.property_product_pricelist, self.pricelist_gold
        )
        self.assertFalse(proposal.activity_ids)
        with self.assertRaisesRegex(UserError, "already Approved"):
            proposal.action_reject()

    def test_downgrade_rejected_with_reason(self):
        self._set_criteria()
        self.partner_b.grade_id = self.tier_gold  # no agreement, no certification
        proposal = (
            self._prm_cron("prm.tier.proposal")
            ._cron_evaluate_tiers()
            .filtered(lambda p: p.partner_id == self.partner_b)
        )
        self.assertEqual(proposal.direction, "downgrade")
        self.assertEqual(proposal.proposed_grade_id, self.tier_silver)
        with self.assertRaisesRegex(UserError, "Rejection Reason"):
            proposal.action_reject()
        form = Form(proposal)
        form.rejection_reason = "Certification exams booked next month."
        form.save()
        proposal.action_reject()
        self.assertEqual(self.partner_b.grade_id, self.tier_gold)
        self.assertEqual(proposal.state, "rejected")

    def test_partner_manager_cannot_decide_for_others_partners(self):
        self._set_criteria()
        self.partner_b.grade_id = self.tier_gold
        proposal = (
            self._prm_cron("prm.tier.proposal")
            ._cron_evaluate_tiers()
            .filtered(lambda p: p.partner_id == self.partner_b)
        )
        with self.assertRaises(AccessError):
            proposal.with_user(self.partner_manager).action_approve()
        self.assertEqual(self.partner_b.grade_id, self.tier_gold)

    def test_only_channel_managers_reassign_or_retier_partners(self):
        partner = self.partner_a.with_user(self.partner_manager)
        with self.assertRaisesRegex(AccessError, "Partner Manager of Partner A Ltd"):
            partner.partner_manager_id = self.partner_manager.browse(
                self.other_partner_manager.id
            )
        with self.assertRaisesRegex(AccessError, "only a channel manager"):
            partner.grade_id = self.tier_gold
        with self.assertRaisesRegex(AccessError, "only a channel manager"):
            self.partner_b.with_user(
                self.partner_manager
            ).partner_manager_id = self.partner_manager
        with self.assertRaisesRegex(AccessError, "channel manager"):
            self.env["res.partner"].with_user(self.partner_manager).create(
                {"name": "Self-made partner", "is_channel_partner": True}
            )
        partner.phone = "+32 2 555 01 01"  # everything else stays editable
        self.env["res.partner"].with_user(self.partner_manager).create(
            {"name": "New contact at A", "parent_id": self.partner_a.id}
        )
        self.partner_a.with_user(self.channel_manager).grade_id = self.tier_gold
        self.assertEqual(self.partner_a.grade_id, self.tier_gold)

    def test_metrics_take_a_constant_number_of_queries(self):
        few = self.partner_a | self.partner_b
        many = few | self.env["res.partner"].create(
            [
                {
                    "name": f"Bulk {i}",
                    "is_company": True,
                    "is_channel_partner": True,
                    # A constant number of queries per company: all in A's.
                    "company_id": self.partner_a.company_id.id,
                }
                for i in range(30)
            ]
        )
        few._prm_partner_metrics()  # warm the caches
        with self.assertQueryCount(__system__=9):
            few.invalidate_recordset()
            few._prm_partner_metrics()
        with self.assertQueryCount(__system__=9):
            many.invalidate_recordset()
            many._prm_partner_metrics()


TestTiersTaiwan = prm_in_taiwan(TestTiers)
