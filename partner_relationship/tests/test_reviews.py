# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import PartnerRelationshipCommon, prm_in_taiwan


class TestReviews(PartnerRelationshipCommon):
    prm_freeze_time = "2027-03-01"

    def _review(self, partner, planned, **values):
        return self.env["prm.review"].create(
            {"partner_id": partner.id, "date_planned": planned, **values}
        )

    def test_score_out_of_range_names_the_field(self):
        with self.assertRaisesRegex(ValidationError, "Communication and Trust"):
            self._review(self.partner_a, date(2027, 3, 10), score_trust=6)
        with self.assertRaisesRegex(ValidationError, "Partner: Mutual Benefit"):
            self._review(
                self.partner_a, date(2027, 3, 10), partner_score_mutual_benefit=-1
            )

    def test_closing_needs_every_score_and_plans_the_next_review(self):
        self.partner_a.review_interval_months = 4
        review = self._review(self.partner_a, date(2027, 3, 1), score_trust=4)
        with self.assertRaisesRegex(
            UserError, "Mutual Benefit, Agreement and Fairness"
        ):
            review.action_done()
        review.write({"score_mutual_benefit": 5, "score_fairness": 3})
        review.with_user(self.partner_manager).action_done()
        self.assertEqual(review.state, "done")
        self.assertAlmostEqual(review.score_average, 4.0)
        self.assertEqual(self.partner_a.date_review, date(2027, 3, 1))
        following = self.env["prm.review"].search(
            [("partner_id", "=", self.partner_a.id), ("state", "=", "planned")]
        )
        self.assertEqual(following.date_planned, date(2027, 7, 1))
        self.assertEqual(self.partner_a.date_review_next, date(2027, 7, 1))

    def test_cron_plans_quarterly_reviews_and_flags_overdue_ones(self):
        overdue = self._review(self.partner_b, date(2027, 2, 1))
        self._prm_cron("prm.review")._cron_plan_reviews()
        planned_a = self.env["prm.review"].search(
            [("partner_id", "=", self.partner_a.id), ("state", "=", "planned")]
        )
        self.assertEqual(planned_a.date_planned, date(2027, 6, 1), "quarterly")
        self.assertEqual(
            self.env["prm.review"].search_count(
                [("partner_id", "=", self.partner_b.id)]
            ),
            1,
            "a partner with a planned review gets no second one",
        )
        self.assertTrue(overdue.is_overdue)
        self.assertIn(
            overdue, self.env["prm.review"].search([("is_overdue", "=", True)])
        )
        self.assertNotIn(
            planned_a, self.env["prm.review"].search([("is_overdue", "=", True)])
        )
        self.assertEqual(overdue.activity_ids.user_id, self.other_partner_manager)
        self._prm_cron("prm.review")._cron_plan_reviews()
        self.assertEqual(len(overdue.activity_ids), 1, "reminded once")

    def test_partner_manager_sees_reviews_of_his_partners_only(self):
        mine = self._review(self.partner_a, date(2027, 4, 1))
        theirs = self._review(self.partner_b, date(2027, 4, 1))
        Review = self.env["prm.review"].with_user(self.partner_manager)
        self.assertEqual(Review.search([("id", "in", (mine | theirs).ids)]), mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.partner_manager).write({"score_trust": 1})


class TestDisputes(PartnerRelationshipCommon):
    def test_resolution_is_required_and_recorded(self):
        dispute = (
            self.env["prm.dispute"]
            .with_user(self.partner_manager)
            .create(
                {
                    "name": "Rebate disagreement",
                    "partner_id": self.partner_a.id,
                    "category": "pricing",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "Resolution"):
            dispute.action_resolve()
        dispute.resolution = "Credit note for the difference."
        dispute.action_resolve()
        self.assertEqual(dispute.state, "resolved")
        self.assertTrue(dispute.date_resolved)

    def test_portal_user_cannot_read_disputes(self):
        dispute = self.env["prm.dispute"].create(
            {"name": "Internal note", "partner_id": self.partner_a.id}
        )
        with self.assertRaises(AccessError):
            dispute.with_user(self.portal_user_a).read(["name"])


TestReviewsTaiwan = prm_in_taiwan(TestReviews)
TestDisputesTaiwan = prm_in_taiwan(TestDisputes)
