# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.exceptions import AccessError

from .common import PartnerRelationshipCommon, prm_in_taiwan


class TestScorecard(PartnerRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        cls.lead_open = Lead.create(
            {
                "name": "Open opp",
                "type": "opportunity",
                "partner_assigned_id": cls.partner_a.id,
                "expected_revenue": 1000,
            }
        )
        Lead.create(
            {
                "name": "Won opp",
                "type": "opportunity",
                "partner_assigned_id": cls.partner_a.id,
                "expected_revenue": 500,
                "stage_id": won_stage.id,
            }
        )
        lost = Lead.create(
            {
                "name": "Lost opp",
                "type": "opportunity",
                "partner_assigned_id": cls.partner_a.id,
                "expected_revenue": 700,
            }
        )
        lost.action_set_lost()
        Lead.create(
            {
                "name": "Waiting lead",
                "type": "lead",
                "partner_assigned_id": cls.partner_a.id,
            }
        )
        Lead.create(
            {"name": "Declined lead", "partner_declined_ids": [(4, cls.partner_a.id)]}
        )
        review = cls.env["prm.review"].create(
            {
                "partner_id": cls.partner_a.id,
                "date_planned": date(2026, 1, 1),
                "score_mutual_benefit": 4,
                "score_fairness": 4,
                "score_trust": 1,
            }
        )
        review.action_done()
        product = cls.env["product.product"].create(
            {"name": "Router", "list_price": 300}
        )
        for end_customer in (cls.env["res.partner"].create({"name": "End Co"}), False):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": cls.partner_a.id,
                    "end_customer_id": end_customer and end_customer.id,
                    "order_line": [
                        (0, 0, {"product_id": product.id, "product_uom_qty": 2})
                    ],
                }
            )
            order.action_confirm()

    def test_figures(self):
        card = self.env["prm.partner.scorecard"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertEqual(card.leads_received, 5)
        self.assertEqual(card.leads_accepted, 3)
        self.assertAlmostEqual(card.acceptance_rate, 60.0)
        self.assertEqual(card.leads_won, 1)
        self.assertEqual(card.leads_lost, 1)
        self.assertAlmostEqual(card.win_rate, 50.0)
        self.assertAlmostEqual(card.pipeline_value, 1000.0)
        self.assertAlmostEqual(card.last_review_score, 3.0)
        self.assertAlmostEqual(
            card.indirect_revenue_12m,
            self._prm_catalog_price(600.0),
            msg="only the order for an end customer",
        )
        empty = self.env["prm.partner.scorecard"].search(
            [("partner_id", "=", self.partner_b.id)]
        )
        self.assertEqual(empty.leads_received, 0)
        self.assertFalse(empty.acceptance_rate)

    def test_pivot_groups_by_tier(self):
        self.partner_a.grade_id = self.tier_gold
        groups = self.env["prm.partner.scorecard"].read_group(
            [("grade_id", "=", self.tier_gold.id)],
            ["pipeline_value:sum"],
            ["grade_id"],
        )
        self.assertAlmostEqual(groups[0]["pipeline_value"], 1000.0)

    def test_reading_is_set_wise(self):
        Card = self.env["prm.partner.scorecard"]
        Card.search([]).read(["leads_received", "win_rate"])
        self.env.invalidate_all()
        # The rows, their figures, the current company (whose currency the
        # amounts are converted to) and the user's time zone (the 12 months
        # end today), whatever the number of partners.
        with self.assertQueryCount(__system__=4):
            Card.search([]).read(["leads_received", "win_rate", "pipeline_value"])

    def test_access(self):
        Card = self.env["prm.partner.scorecard"]
        mine = Card.with_user(self.partner_manager).search([])
        self.assertEqual(mine.partner_id, self.partner_a)
        with self.assertRaises(AccessError):
            Card.with_user(self.portal_user_a).search([])


TestScorecardTaiwan = prm_in_taiwan(TestScorecard)
