# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import PartnerRelationshipCommon

ADDONS = (
    "partner_relationship",
    "partner_relationship_portal",
    "partner_relationship_sync",
)
INCOMPATIBLE = "Incompatible companies"


@tagged("post_install", "-at_install")
class TestMultiCompany(PartnerRelationshipCommon):
    """A vendor with a US company (the main one, in USD) and a Taiwanese one
    (TWD): each company's records stay apart and amounts are converted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._prm_taiwan_company()
        cls.company_us = cls.env.company
        # The test's user and channel manager work in both companies.
        (cls.env.user | cls.channel_manager).company_ids |= cls.company_tw
        cls.partner_tw = cls._create_channel_partner(
            "Formosa Networks", cls.partner_manager, company_id=cls.company_tw.id
        )
        cls.program_tw = cls.env["prm.program"].create(
            {"name": "Taiwan Partner Programme", "company_id": cls.company_tw.id}
        )
        cls.usd = cls.company_us.currency_id
        cls.partner_us = cls._create_channel_partner(
            "Bay Area Resellers", cls.partner_manager, company_id=cls.company_us.id
        )
        cls.product_tw = cls.env["product.product"].create(
            {"name": "Taiwan-only Router", "company_id": cls.company_tw.id}
        )
        cls.today = fields.Date.context_today(cls.partner_a)

    # -- the data model -----------------------------------------------------

    def test_every_company_model_has_a_company_rule(self):
        """A model of the suite with a company has a global rule keeping each
        company's records to the users working in that company."""
        Rule = self.env["ir.rule"].sudo()
        missing = []
        for name, Model in self.env.registry.items():
            if (
                Model._original_module not in ADDONS
                or Model._abstract
                or Model._transient
                or "company_id" not in Model._fields
            ):
                continue
            rules = Rule.search([("model_id.model", "=", name), ("global", "=", True)])
            if not any(
                "company_id" in rule.domain_force and "company_ids" in rule.domain_force
                for rule in rules
            ):
                missing.append(name)
        self.assertFalse(missing, "models without a multi-company rule")

    def test_partner_records_take_the_partner_company(self):
        """Created from the US company, a record about the Taiwanese partner
        belongs to Taiwan; about a partner of every company, to the current
        company."""
        values = {
            "prm.review": {"date_planned": self.today},
            "prm.certification": {"name": "Wi-Fi 7 Expert"},
            "prm.dispute": {"name": "Late rebate"},
            "prm.deal.registration": {"customer_name": "Taipei Metro"},
            "prm.agreement": {
                "name": "Reseller agreement",
                "program_id": self.program_tw.id,
                "date_start": self.today,
                "date_end": self.today + timedelta(days=365),
            },
        }
        for model, vals in values.items():
            record = self.env[model].create({"partner_id": self.partner_tw.id, **vals})
            self.assertEqual(record.company_id, self.company_tw, model)
        review = self.env["prm.review"].create(
            {"partner_id": self.partner_a.id, "date_planned": self.today}
        )
        self.assertEqual(review.company_id, self.company_us)
        proposal = self.env["prm.tier.proposal"].create(
            {"partner_id": self.partner_tw.id, "proposed_grade_id": self.tier_gold.id}
        )
        self.assertEqual(proposal.company_id, self.company_tw)

    def test_records_of_another_company_are_not_seen(self):
        """A channel manager working in the US company only does not see the
        Taiwanese company's reviews, certifications, disputes or proposals."""
        Review = self.env["prm.review"]
        tw = Review.create(
            {"partner_id": self.partner_tw.id, "date_planned": self.today}
        )
        us = Review.create(
            {"partner_id": self.partner_us.id, "date_planned": self.today}
        )
        manager = Review.with_user(self.channel_manager)
        seen = manager.with_context(allowed_company_ids=self.company_us.ids).search(
            [("id", "in", (tw | us).ids)]
        )
        self.assertEqual(seen, us)
        both = (self.company_us | self.company_tw).ids
        seen = manager.with_context(allowed_company_ids=both).search(
            [("id", "in", (tw | us).ids)]
        )
        self.assertEqual(seen, tw | us)

    def test_migration_gives_partner_records_a_company(self):
        """18.0.1.4.0: a review of a partner of every company takes the
        company of the partner's latest agreement."""
        self._create_agreement(
            self.partner_a,
            self.today,
            self.today + timedelta(days=30),
            program_id=self.program_tw.id,
            company_id=self.company_tw.id,
        )
        review = self.env["prm.review"].create(
            {"partner_id": self.partner_a.id, "date_planned": self.today}
        )
        self.assertEqual(review.company_id, self.company_us, "before the migration")
        self._prm_migrate("18.0.1.4.0", "18.0.1.3.0")
        self.assertEqual(review.company_id, self.company_tw)

    # -- links between companies are refused (one test per family) ---------

    def test_agreement_refuses_a_programme_of_another_company(self):
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            self._create_agreement(
                self.partner_us,
                self.today,
                self.today + timedelta(days=30),
                program_id=self.program_tw.id,
            )

    def test_budget_refuses_a_programme_of_another_company(self):
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            self.env["prm.fund.budget"].create(
                {
                    "name": "US MDF",
                    "program_id": self.program_tw.id,
                    "company_id": self.company_us.id,
                    "date_start": self.today,
                    "date_end": self.today + timedelta(days=90),
                }
            )

    def test_allocation_refuses_a_partner_of_another_company(self):
        """A Taiwanese budget allocates to Taiwanese or shared partners only;
        requests and claims on an allocation are of its company."""
        budget = self.env["prm.fund.budget"].create(
            {
                "name": "Taiwan MDF",
                "program_id": self.program_tw.id,
                "company_id": self.company_tw.id,
                "date_start": self.today,
                "date_end": self.today + timedelta(days=90),
            }
        )
        Allocation = self.env["prm.fund.allocation"]
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            Allocation.create(
                {"budget_id": budget.id, "partner_id": self.partner_us.id}
            )
        allocation = Allocation.create(
            {"budget_id": budget.id, "partner_id": self.partner_tw.id, "amount": 100}
        )
        request = self.env["prm.fund.request"].create(
            {
                "allocation_id": allocation.id,
                "name": "Launch event",
                "date_start": self.today,
                "date_end": self.today + timedelta(days=10),
                "planned_cost": 50,
            }
        )
        self.assertEqual(request.company_id, self.company_tw)
        self.assertEqual(request.currency_id, self.twd)

    def test_warranty_claim_refuses_partner_and_product_of_another_company(self):
        Claim = self.env["prm.warranty.claim"]
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            Claim.create(
                {
                    "partner_id": self.partner_tw.id,
                    "company_id": self.company_us.id,
                    "product_id": self.env["product.product"]
                    .create({"name": "Cable"})
                    .id,
                    "problem": "Dead on arrival",
                }
            )
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            Claim.create(
                {
                    "partner_id": self.partner_us.id,
                    "product_id": self.product_tw.id,
                    "problem": "Dead on arrival",
                }
            )
        claim = Claim.create(
            {
                "partner_id": self.partner_tw.id,
                "product_id": self.product_tw.id,
                "problem": "Dead on arrival",
            }
        )
        self.assertEqual(claim.company_id, self.company_tw)
        self.assertEqual(claim.currency_id, self.twd)

    def test_registration_refuses_partner_and_product_of_another_company(self):
        Registration = self.env["prm.deal.registration"]
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            Registration.create(
                {
                    "partner_id": self.partner_tw.id,
                    "company_id": self.company_us.id,
                    "customer_name": "Taipei Metro",
                }
            )
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            Registration.create(
                {
                    "partner_id": self.partner_us.id,
                    "customer_name": "Caltrain",
                    "product_ids": [Command.link(self.product_tw.id)],
                }
            )

    def test_lead_offer_refuses_a_partner_of_another_company(self):
        lead = self.env["crm.lead"].create(
            {"name": "US lead", "company_id": self.company_us.id}
        )
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            self.env["prm.lead.assignment"].create(
                {"lead_id": lead.id, "partner_id": self.partner_tw.id}
            )

    def test_partner_records_refuse_a_partner_of_another_company(self):
        """Reviews, certifications, disputes and tier proposals."""
        values = {
            "prm.review": {"date_planned": self.today},
            "prm.certification": {"name": "Wi-Fi 7 Expert"},
            "prm.dispute": {"name": "Late rebate"},
            "prm.tier.proposal": {"proposed_grade_id": self.tier_gold.id},
        }
        for model, vals in values.items():
            with self.assertRaisesRegex(UserError, INCOMPATIBLE, msg=model):
                self.env[model].create(
                    {
                        "partner_id": self.partner_tw.id,
                        "company_id": self.company_us.id,
                        **vals,
                    }
                )

    def test_shared_service_and_inventory_refuse_products_of_another_company(self):
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            self.env["prm.vmi.target"].create(
                {
                    "partner_id": self.partner_us.id,
                    "product_id": self.product_tw.id,
                    "cover_days": 10,
                }
            )
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "Taiwan support", "company_id": self.company_tw.id}
        )
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            self.env["prm.shared.service"].create(
                {
                    "name": "Remote support",
                    "code": "RS",
                    "company_id": self.company_us.id,
                    "team_id": team.id,
                    "product_id": self.env["product.product"]
                    .create({"name": "Support", "type": "service"})
                    .id,
                    "price": 100,
                }
            )

    def test_service_request_refuses_a_product_of_another_company(self):
        """The help desk checks no company on its tickets; a Taiwan request
        is not about a US product, nor for a US partner's customer."""
        values = {
            "name": "Router down",
            "description": "It does not start.",
            "company_id": self.company_tw.id,
        }
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            self.env["helpdesk.ticket"].create(
                {
                    **values,
                    "product_id": self.env["product.product"]
                    .create(
                        {"name": "US-only Router", "company_id": self.company_us.id}
                    )
                    .id,
                }
            )
        customer = self.env["res.partner"].create(
            {"name": "US clinic", "company_id": self.company_us.id}
        )
        with self.assertRaisesRegex(UserError, INCOMPATIBLE):
            self.env["helpdesk.ticket"].create(
                {**values, "end_customer_id": customer.id}
            )
        ticket = self.env["helpdesk.ticket"].create(
            {**values, "product_id": self.product_tw.id}
        )
        self.assertEqual(ticket.product_id, self.product_tw)

    # -- amounts in the company's currency ----------------------------------

    def _invoice(self, company, partner, amount, invoice_date):
        invoice = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": invoice_date,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Routers", "quantity": 1, "price_unit": amount}
                        )
                    ],
                }
            )
        )
        invoice.action_post()
        return invoice

    def _setup_taiwan_accounting(self):
        self.env["account.chart.template"].try_loading(
            "generic_coa", company=self.company_tw, install_demo=False
        )
        # The generic chart is in USD: Taiwan keeps its dollar.
        self.company_tw.currency_id = self.twd

    def test_revenue_converted_at_the_invoice_date(self):
        """1,000 USD and 30,000 TWD (at 30) are 2,000 USD, not 31,000: on the
        scorecard, for the tier criteria and in Taiwan's own currency; a rate
        changed after the invoice does not change it."""
        self._setup_taiwan_accounting()
        invoice_date = self.today - timedelta(days=60)
        self._invoice(self.company_us, self.partner_a, 1000, invoice_date)
        self._invoice(self.company_tw, self.partner_a, 30000, invoice_date)
        self.env["res.currency.rate"].create(
            {
                "currency_id": self.twd.id,
                "name": self.today - timedelta(days=30),
                "rate": 40.0,
                "company_id": False,
            }
        )
        both = (self.company_us | self.company_tw).ids
        Card = self.env["prm.partner.scorecard"]
        card = Card.with_context(allowed_company_ids=both).search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertAlmostEqual(card.revenue_12m, 2000.0)
        self.assertEqual(card.currency_id, self.usd)
        partner = self.partner_a.with_context(allowed_company_ids=both)
        metrics = partner._prm_partner_metrics()[self.partner_a.id]
        self.assertAlmostEqual(metrics["revenue"], 2000.0)
        self.tier_gold.write({"evaluated": True, "min_revenue": 2500})
        self.assertFalse(self.tier_gold._partner_qualifies(metrics))
        in_taiwan = [self.company_tw.id, self.company_us.id]
        self.env.invalidate_all()  # the figures of another company selection
        card = Card.with_context(allowed_company_ids=in_taiwan).search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertAlmostEqual(card.revenue_12m, 60000.0)
        self.assertEqual(card.currency_id, self.twd)
        self.env.invalidate_all()
        us_only = Card.with_context(allowed_company_ids=self.company_us.ids).search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertAlmostEqual(us_only.revenue_12m, 1000.0)
        self.assertFalse(
            us_only.search([("partner_id", "=", self.partner_tw.id)]),
            "the Taiwanese partner is not on the US company's scorecard",
        )

    def test_revenue_conversion_takes_constant_queries(self):
        """Converting sums of many dates costs no more queries than one."""
        self._setup_taiwan_accounting()
        both = (self.company_us | self.company_tw).ids
        partner = self.partner_a.with_context(allowed_company_ids=both)
        since = self.today - timedelta(days=30)

        def queries():
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            partner._prm_revenue_through_vendor(since, self.today)
            return self.cr.sql_log_count - before

        self._invoice(self.company_tw, self.partner_a, 3000, self.today)
        one_date = queries()
        for days in range(1, 6):
            self._invoice(
                self.company_tw, self.partner_a, 3000, self.today - timedelta(days)
            )
        self.assertEqual(queries(), one_date)
        revenue = partner._prm_revenue_through_vendor(since, self.today)
        self.assertAlmostEqual(revenue[self.partner_a], 600.0)
