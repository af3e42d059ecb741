# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date, timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from ..models.prm_partner_figure import _domain_days
from ..models.prm_partner_target import previous_period
from .common import PartnerRelationshipCommon, prm_in_taiwan

# The records behind each figure and what of them adds up to it.
DRILL_DOWN_SUMS = {
    "revenue_invoiced": lambda moves: sum(moves.mapped("amount_untaxed_signed")),
    "revenue_to_invoice": lambda orders: sum(
        orders.order_line.mapped("untaxed_amount_to_invoice")
    ),
    "indirect_orders": lambda orders: sum(orders.mapped("amount_untaxed")),
    "leads_received": len,
    "leads_accepted": len,
    "leads_won": len,
    "leads_lost": len,
    "mdf_allocated": lambda allocations: sum(allocations.mapped("amount")),
    "mdf_used": lambda claims: sum(claims.mapped("amount")),
}


@tagged("post_install", "-at_install")
class TestPartnerPerformance(PartnerRelationshipCommon):
    """Against today's date: leads created closed count on their creation
    day, which PostgreSQL sets (frozen time does not reach it)."""

    prm_accounting = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["prm.partner.figure"])
        cls.partner_a.grade_id = cls.tier_gold
        cls.partner_b.grade_id = cls.tier_gold
        Lead = cls.env["crm.lead"]
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        # Created won: Odoo sets no closing date (the partner page showed a
        # 100 % win rate beside 0 won leads).
        Lead.create(
            {
                "name": "Won opp",
                "type": "opportunity",
                "partner_assigned_id": cls.partner_a.id,
                "stage_id": won_stage.id,
            }
        )
        Lead.create(
            {
                "name": "Lost opp",
                "type": "opportunity",
                "partner_assigned_id": cls.partner_a.id,
            }
        ).action_set_lost()
        Lead.create(
            {
                "name": "Open opp",
                "type": "opportunity",
                "partner_assigned_id": cls.partner_a.id,
            }
        )
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
        product = cls.env["product.product"].create(
            {"name": "Router", "list_price": 300, "invoice_policy": "order"}
        )
        end_customer = cls.env["res.partner"].create(
            {"name": "End Co", "end_customer_of_id": cls.partner_a.id}
        )
        cls.orders = cls.env["sale.order"]
        for quantity in (2, 5):
            order = cls.env["sale.order"].create(
                {
                    "partner_id": cls.partner_a.id,
                    "end_customer_id": end_customer.id,
                    "order_line": [
                        Command.create(
                            {"product_id": product.id, "product_uom_qty": quantity}
                        )
                    ],
                }
            )
            order.action_confirm()
            cls.orders |= order
        # The second order invoiced: its amount counts once, as invoiced.
        cls.orders[1]._create_invoices().action_post()
        cls._prm_paid_claim(400)
        # Neither an applicant nor an archived partner is measured.
        cls.applicant = cls._create_channel_partner(
            "Applicant Co",
            cls.partner_manager,
            activation=cls.env.ref(
                "partner_relationship.res_partner_activation_application"
            ).id,
        )
        cls.archived = cls._create_channel_partner(
            "Old Test Partner", cls.partner_manager, active=False
        )

    @classmethod
    def _prm_paid_claim(cls, amount):
        """An allocation of 1,000 to partner A and a claim of `amount` paid."""
        budget = cls.env["prm.fund.budget"].create(
            {
                "name": "MDF Performance",
                "program_id": cls.program.id,
                "date_start": cls.today - timedelta(days=10),
                "date_end": cls.today + timedelta(days=80),
                "amount": 5000,
            }
        )
        budget.action_open()
        allocation = cls.env["prm.fund.allocation"].create(
            {"budget_id": budget.id, "partner_id": cls.partner_a.id, "amount": 1000}
        )
        request = (
            cls.env["prm.fund.request"]
            .with_user(cls.partner_manager)
            .create(
                {
                    "name": "Webinar",
                    "allocation_id": allocation.id,
                    "date_start": cls.today,
                    "date_end": cls.today,
                    "planned_cost": amount,
                    "objectives": "Reach 100 buyers",
                    "expected_results": "10 leads",
                }
            )
        )
        request.action_submit()
        request.with_user(cls.channel_manager).action_approve()
        proof = cls.env["ir.attachment"].create(
            {"name": "proof.pdf", "datas": base64.b64encode(b"proof")}
        )
        claim = (
            cls.env["prm.fund.claim"]
            .with_user(cls.partner_manager)
            .create(
                {
                    "request_id": request.id,
                    "amount": amount,
                    "partner_invoice_ref": "W-1",
                    "proof_attachment_ids": [Command.set(proof.ids)],
                }
            )
        )
        claim.action_submit()
        claim.with_user(cls.channel_manager).action_approve()
        claim = claim.with_env(cls.env)
        claim.bill_id.invoice_date = cls.today
        claim.bill_id.action_post()
        cls.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=claim.bill_id.ids
        ).create({})._create_payments()
        assert claim.state == "paid", claim.state

    def _period(self):
        return self.today - timedelta(days=30), self.today

    def test_one_definition_on_every_page(self):
        """The scorecard, the tier criteria (the partner page's 'to reach
        the next tier') and the period figures agree."""
        card = self.env["prm.partner.scorecard"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        metrics = self.partner_a._prm_partner_metrics()[self.partner_a.id]
        sums = self.env["prm.partner.figure"]._prm_sums(
            self.partner_a, *self.env["prm.partner.figure"]._prm_last_12_months()
        )[self.partner_a.id]
        # 2 routers invoiced and 5 not yet: the revenue counts both, once.
        revenue = self._prm_catalog_price(300.0 * 7)
        self.assertAlmostEqual(card.revenue_12m, revenue)
        self.assertAlmostEqual(metrics["revenue"], revenue)
        self.assertAlmostEqual(sums["revenue"], revenue)
        self.assertEqual(card.leads_won, 1)
        self.assertEqual(metrics["won_leads"], 1, "a lead created won counts")
        self.assertEqual(sums["leads_won"], 1)
        self.assertAlmostEqual(card.win_rate, 50.0)
        self.assertEqual(card.leads_received, 5)
        self.assertAlmostEqual(card.acceptance_rate, 60.0)
        self.assertAlmostEqual(metrics["acceptance_rate"], card.acceptance_rate)
        self.assertAlmostEqual(card.mdf_used, 400.0)
        self.assertAlmostEqual(card.mdf_allocated, 1000.0)

    def test_applicants_and_archived_partners_are_not_measured(self):
        """The channel dashboard listed applicants and test records as tier
        'None'."""
        cards = self.env["prm.partner.scorecard"].search([])
        self.assertIn(self.partner_a, cards.partner_id)
        self.assertNotIn(self.applicant, cards.partner_id)
        self.assertNotIn(self.archived, cards.partner_id)
        groups = self.env["prm.partner.scorecard"]._read_group(
            [("partner_id", "in", (self.applicant | self.archived).ids)],
            ["grade_id"],
            ["__count"],
        )
        self.assertFalse(groups)

    def test_drill_down_adds_up_to_the_figure(self):
        Figure = self.env["prm.partner.figure"]
        date_from, date_to = self._period()
        sums = Figure._prm_sums(self.partner_a, date_from, date_to)[self.partner_a.id]
        for figure, total in DRILL_DOWN_SUMS.items():
            action = Figure._prm_figure_action(
                figure, self.partner_a, date_from, date_to
            )
            records = (
                self.env[action["res_model"]]
                .with_context(active_test=False)
                .search(action["domain"])
            )
            self.assertTrue(records, figure)
            self.assertAlmostEqual(total(records), sums[figure], msg=figure)
        # From the scorecard's list: its 12 months.
        card = self.env["prm.partner.scorecard"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        action = card.with_context(prm_figure="leads_won").action_open_figure()
        self.assertEqual(self.env["crm.lead"].search_count(action["domain"]), 1)

    def test_targets_plan_vs_actual(self):
        """A tier's target applies to its partners, a partner's own target
        replaces it; underperforming: a figure below its target pro rata."""
        Target = self.env["prm.partner.target"].with_user(self.channel_manager)
        period = {
            "date_from": self.today - timedelta(days=9),
            "date_to": self.today + timedelta(days=10),
        }
        tier_target = Target.create(
            {
                "grade_id": self.tier_gold.id,
                "target_revenue": 100000,
                "target_leads_won": 4,
                **period,
            }
        )
        own_target = Target.create(
            {"partner_id": self.partner_b.id, "target_leads_accepted": 0, **period}
        )
        Performance = self.env["prm.partner.performance"]
        rows = Performance.search([("partner_id", "in", self.partners.ids)])
        self.assertEqual(
            {(row.partner_id, row.target_id) for row in rows},
            {(self.partner_a, tier_target), (self.partner_b, own_target)},
        )
        row_a = rows.filtered(lambda row: row.partner_id == self.partner_a)
        self.assertAlmostEqual(row_a.elapsed, 50.0)
        self.assertEqual(row_a.leads_won, 1)
        self.assertAlmostEqual(row_a.leads_won_achievement, 50.0, msg="1 of 4 / 2")
        self.assertAlmostEqual(row_a.revenue, self._prm_catalog_price(2100.0))
        self.assertEqual(row_a.revenue_previous, 0)
        self.assertTrue(row_a.underperforming)
        self.assertEqual(
            Performance.search([("underperforming", "=", True)]).partner_id,
            self.partner_a,
            "partner B's own target, nothing to reach, replaces the tier's",
        )
        action = row_a.with_context(prm_figure="leads_won").action_open_figure()
        self.assertEqual(
            self.env["crm.lead"].search_count(action["domain"]), row_a.leads_won
        )

    def test_previous_period_is_the_calendar_period_before(self):
        """A calendar month, quarter or year is compared with the one before
        (not as many days before: 90 days before a 92-day quarter reach into
        the quarter before the previous one); other periods with as many days
        just before."""
        cases = {
            # Q1 (90 days): Q4 (92 days), not from October 3.
            (date(2023, 1, 1), date(2023, 3, 31)): (
                date(2022, 10, 1),
                date(2022, 12, 31),
            ),
            # Q3 (92 days): Q2 (91 days), not from March 31.
            (date(2023, 7, 1), date(2023, 9, 30)): (
                date(2023, 4, 1),
                date(2023, 6, 30),
            ),
            (date(2023, 3, 1), date(2023, 3, 31)): (
                date(2023, 2, 1),
                date(2023, 2, 28),
            ),
            (date(2024, 1, 1), date(2024, 12, 31)): (
                date(2023, 1, 1),
                date(2023, 12, 31),
            ),
            # Custom: ten days, the ten days before.
            (date(2023, 8, 10), date(2023, 8, 19)): (
                date(2023, 7, 31),
                date(2023, 8, 9),
            ),
            # Two whole months are not a calendar period: as many days before.
            (date(2023, 7, 1), date(2023, 8, 31)): (
                date(2023, 4, 30),
                date(2023, 6, 30),
            ),
            (date(2023, 2, 1), date(2023, 3, 31)): (
                date(2022, 12, 4),
                date(2023, 1, 31),
            ),
        }
        for period, previous in cases.items():
            self.assertEqual(previous_period(*period), previous, period)
        target = self.env["prm.partner.target"].create(
            {
                "grade_id": self.tier_gold.id,
                "date_from": date(2023, 1, 1),
                "date_to": date(2023, 3, 31),
            }
        )
        self.assertEqual(target.previous_date_to, date(2022, 12, 31))
        target.date_to = date(2023, 1, 31)
        self.assertEqual(
            (target.previous_date_from, target.previous_date_to),
            (date(2022, 12, 1), date(2022, 12, 31)),
        )

    def _invoice(self, amount, invoice_date):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner_a.id,
                "invoice_date": invoice_date,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Routers", "quantity": 1, "price_unit": amount}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice

    def test_plan_vs_actual_compares_with_the_previous_quarter(self):
        """Revenue of the previous period in Plan vs Actual: the calendar
        quarter before for a quarter (each invoice counted in one quarter
        only), the days before for a custom period."""
        for amount, day in (
            (1, date(2022, 10, 1)),  # Q4 2022, 92 days before Q1 2023
            (10, date(2023, 3, 31)),  # Q1, 92 days before Q3
            (100, date(2023, 6, 15)),  # last month of Q2
            (1000, date(2023, 8, 5)),  # Q3; 5 days before the custom period
            (10000, date(2023, 8, 12)),  # in the custom period
        ):
            self._invoice(amount, day)
        Target = self.env["prm.partner.target"]
        periods = {
            "Q1": (date(2023, 1, 1), date(2023, 3, 31)),
            "Q2": (date(2023, 4, 1), date(2023, 6, 30)),
            "Q3": (date(2023, 7, 1), date(2023, 9, 30)),
            "custom": (date(2023, 8, 10), date(2023, 8, 19)),
        }
        targets = {
            name: Target.create(
                {
                    "partner_id": self.partner_a.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "target_revenue": 1,
                }
            )
            for name, (date_from, date_to) in periods.items()
        }
        rows = self.env["prm.partner.performance"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        figures = {
            name: next(
                (row.revenue, row.revenue_previous, row.previous_date_from)
                for row in rows
                if row.target_id == target
            )
            for name, target in targets.items()
        }
        self.assertEqual(
            figures,
            {
                "Q1": (10, 1, date(2022, 10, 1)),
                "Q2": (100, 10, date(2023, 1, 1)),
                "Q3": (11000, 100, date(2023, 4, 1)),
                "custom": (10000, 1000, date(2023, 7, 31)),
            },
        )

    def test_current_period_reads_the_same_rows(self):
        """The Current Period filter reads only the current targets: the
        same rows as the full read, and a partner's own target that is not
        current still replaces its tier's over the days they share."""
        Target = self.env["prm.partner.target"]
        current = Target.create(
            {
                "grade_id": self.tier_gold.id,
                "date_from": self.today - timedelta(days=9),
                "date_to": self.today + timedelta(days=10),
                "target_revenue": 100000,
            }
        )
        Target.create(
            {
                "partner_id": self.partner_b.id,
                "date_from": self.today - timedelta(days=9),
                "date_to": self.today - timedelta(days=1),
            }
        )
        Target.create(
            {
                "grade_id": self.tier_gold.id,
                "date_from": self.today - timedelta(days=400),
                "date_to": self.today - timedelta(days=300),
            }
        )
        Performance = self.env["prm.partner.performance"]
        domain = [("date_from", "<=", self.today), ("date_to", ">=", self.today)]
        fnames = ["target_id", "partner_id", "revenue", "revenue_previous"]
        rows = Performance.search_read(domain, fnames)
        self.env.invalidate_all()
        every = Performance.search([]).filtered(
            lambda row: row.date_from <= self.today <= row.date_to
        )
        self.assertEqual(rows, every.read(fnames))
        self.assertEqual(
            {
                (row["partner_id"][0], row["target_id"][0])
                for row in rows
                if row["partner_id"][0] in self.partners.ids
            },
            {(self.partner_a.id, current.id)},
        )

    def test_figures_read_only_the_days_searched(self):
        """Figures by Period reads only the days its date filter keeps; the
        rows, their ids and their sums are those of the full read."""
        self.assertEqual(
            _domain_days(
                [
                    ("partner_id", "!=", False),
                    ("date", ">=", "2026-01-01"),
                    ("date", "<", date(2027, 1, 1)),
                ]
            ),
            (date(2026, 1, 1), date(2026, 12, 31)),
        )
        self.assertEqual(
            _domain_days(["|", ("date", ">=", "2026-01-01"), ("leads_won", ">", 0)]),
            (None, None),
            "a condition in an OR does not bound the read",
        )
        self.assertEqual(
            _domain_days(["!", ("date", "<=", "2026-01-01")]), (None, None)
        )
        self.assertEqual(
            _domain_days([("date", "=", "2026-05-04"), ("date", ">", "2026-05-01")]),
            (date(2026, 5, 4), date(2026, 5, 4)),
        )
        self._invoice(1000, self.today - timedelta(days=400))
        Figure = self.env["prm.partner.figure"]
        every_day = Figure.search([("partner_id", "=", self.partner_a.id)])
        since = self.today - timedelta(days=30)
        days = [("partner_id", "=", self.partner_a.id), ("date", ">=", since)]
        self.env.invalidate_all()
        recent = Figure.search_read(days, ["date", "revenue", "leads_won"])
        self.assertEqual(
            [row["id"] for row in recent],
            every_day.filtered(lambda figure: figure.date >= since).ids,
        )
        self.assertEqual(
            recent,
            every_day.filtered(lambda figure: figure.date >= since).read(
                ["date", "revenue", "leads_won"]
            ),
        )
        (group,) = Figure._read_group(days, [], ["revenue:sum", "leads_won:sum"])
        sums = Figure._prm_sums(self.partner_a, since, self.today)[self.partner_a.id]
        self.assertAlmostEqual(group[0], sums["revenue"])
        self.assertEqual(group[1], sums["leads_won"])
        self.assertGreater(sum(every_day.mapped("revenue")), group[0] + 999)

    @property
    def partners(self):
        return self.partner_a | self.partner_b

    def test_period_figures_are_set_wise(self):
        Figure = self.env["prm.partner.figure"]
        many = self.partners | self.env["res.partner"].create(
            [
                {"name": f"Partner {n}", "is_company": True, "is_channel_partner": True}
                for n in range(20)
            ]
        )
        date_from, date_to = self._period()
        Figure._prm_sums(many, date_from, date_to)  # warm the caches
        for partners in (self.partner_a, many):
            self.env.invalidate_all()
            # The current company (its currency), then the figures.
            with self.assertQueryCount(__system__=2):
                Figure._prm_sums(partners, date_from, date_to)
        self.env["prm.partner.target"].create(
            {"grade_id": self.tier_gold.id, "target_revenue": 10}
        )
        Performance = self.env["prm.partner.performance"]
        Performance.search([]).read(["revenue", "underperforming"])
        for count in (0, 20):
            many[2 : 2 + count].grade_id = self.tier_gold
            self.env.flush_all()
            self.env.invalidate_all()
            # The current company (its currency), the user's time zone
            # (today), the rows, their figures.
            with self.assertQueryCount(__system__=4):
                Performance.search([]).read(["revenue", "underperforming"])

    def test_access(self):
        Figure = self.env["prm.partner.figure"]
        mine = Figure.with_user(self.partner_manager).search([])
        self.assertEqual(mine.partner_id, self.partner_a)
        self.assertFalse(
            Figure.with_user(self.other_partner_manager).search(
                [("partner_id", "=", self.partner_a.id)]
            )
        )
        with self.assertRaises(AccessError):
            Figure.with_user(self.portal_user_a).search([])
        with self.assertRaises(AccessError):
            self.env["prm.partner.target"].with_user(self.partner_manager).create(
                {"grade_id": self.tier_gold.id}
            )
        self.env["prm.partner.target"].create(
            {"grade_id": self.tier_gold.id, "target_revenue": 10}
        )
        rows = self.env["prm.partner.performance"].with_user(self.partner_manager)
        self.assertEqual(rows.search([]).partner_id, self.partner_a)
        with self.assertRaises(AccessError):
            rows.search([]).with_user(self.portal_user_a).with_context(
                prm_figure="leads_won"
            ).action_open_figure()

    def test_row_ids_give_no_way_to_other_partners_figures(self):
        """A row's id says whose figures it holds (day, company, partner):
        another partner manager who knows or forges it reads nothing."""
        Figure = self.env["prm.partner.figure"]
        row = Figure.with_user(self.partner_manager).search([], limit=1)
        self.assertEqual(row.partner_id, self.partner_a)
        with self.assertRaises(AccessError):
            row.with_user(self.other_partner_manager).read(["revenue"])
        self.env["prm.partner.target"].create(
            {"grade_id": self.tier_gold.id, "target_revenue": 10}
        )
        Performance = self.env["prm.partner.performance"]
        line = Performance.with_user(self.partner_manager).search([])
        self.assertEqual(line.partner_id, self.partner_a)
        with self.assertRaises(AccessError):
            line.with_user(self.other_partner_manager).with_context(
                prm_figure="leads_won"
            ).action_open_figure()

    def test_partner_managers_read_only_their_partners_targets(self):
        """A partner's own target is as much its manager's business as its
        figures: another partner manager reads the tiers' targets and those
        of his partners, not the others' (the channel manager reads all)."""
        Target = self.env["prm.partner.target"]
        tier_target = Target.create({"grade_id": self.tier_gold.id})
        target_a = Target.create({"partner_id": self.partner_a.id})
        target_b = Target.create(
            {"partner_id": self.partner_b.id, "target_revenue": 987654}
        )
        mine = Target.with_user(self.partner_manager).search([])
        self.assertIn(tier_target, mine)
        self.assertIn(target_a, mine)
        self.assertNotIn(target_b, mine)
        with self.assertRaises(AccessError):
            target_b.with_user(self.partner_manager).read(["target_revenue"])
        self.assertIn(target_b, Target.with_user(self.other_partner_manager).search([]))
        self.assertEqual(
            Target.with_user(self.channel_manager).search([]),
            tier_target | target_a | target_b,
        )


TestPartnerPerformanceTaiwan = prm_in_taiwan(TestPartnerPerformance)
