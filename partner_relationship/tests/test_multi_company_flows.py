# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The suite's flows in a database of several companies: the US company (in
USD) and Aurora Devices Taiwan (in TWD), each with its partners, deals and
documents. What one company decides or creates stays in that company."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.base.tests.common import new_test_user

from .lead_routing_common import LeadRoutingCommon


class MultiCompanyCommon(LeadRoutingCommon):
    """Partners A and B work with the US company; partner T with Aurora
    Devices Taiwan. Partner C (from the routing fixture) works with both."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_us = cls.env.company
        cls._prm_taiwan_company(accounting=cls.prm_accounting)
        (cls.partner_a | cls.partner_b).company_id = cls.company_us
        cls.partner_t = cls._create_channel_partner(
            "Partner T Hsinchu",
            cls.partner_manager,
            company_id=cls.company_tw.id,
            grade_id=cls.tier_gold.id,
            territory_country_ids=[(6, 0, cls.tw.ids)],
            specialization_ids=[(6, 0, cls.networking.ids)],
        )
        cls.rule_tw.company_id = cls.company_tw


@tagged("post_install", "-at_install")
@freeze_time("2027-05-03")
class TestMultiCompanyRouting(MultiCompanyCommon):
    def _registration(self, partner, company, state="approved", **values):
        registration = self.env["prm.deal.registration"].create(
            {
                "partner_id": partner.id,
                "company_id": company.id,
                "customer_name": "Harbor Freight Lines Inc.",
                "customer_email_domain": "harborfreight.example.com",
                **values,
            }
        )
        registration.sudo().write(
            {"state": state, "protection_end": date(2027, 12, 31)}
            if state == "approved"
            else {"state": state}
        )
        return registration

    def _tw_lead(self, **values):
        return self._lead(
            "Harbor Freight Taipei office",
            country=self.tw,
            company_id=self.company_tw.id,
            partner_name="Harbor Freight Lines Inc.",
            email_from="it@harborfreight.example.com",
            prm_product_category_ids=[(6, 0, self.networking.ids)],
            **values,
        )

    def test_us_registration_does_not_take_a_taiwan_lead(self):
        """Partner A's registration protects the customer in the US company:
        the Taiwan company's lead for that customer goes to a Taiwan partner
        by the Taiwan rule, never to A."""
        self.partner_c.active = False
        self._registration(self.partner_a, self.company_us)
        lead = self._tw_lead()
        self.Router._route(lead)
        self.assertEqual(lead.partner_assigned_id, self.partner_t)
        self.assertEqual(lead.prm_assignment_ids.origin, "rule")
        self.assertFalse(lead.prm_assignment_ids.registration_id)

    def test_taiwan_lead_never_goes_to_a_us_partner(self):
        """Even when no Taiwan partner may take it, and a US registration
        protects its customer, the lead stays with the Taiwan company."""
        self.partner_c.active = False
        self.partner_t.active = False
        self.partner_a.territory_country_ids = [(4, self.tw.id)]
        self._registration(self.partner_a, self.company_us)
        lead = self._tw_lead()
        self.Router._route(lead)
        self.assertFalse(lead.partner_assigned_id)
        self.assertTrue(lead.prm_routing_note)

    def test_taiwan_registration_protects_in_taiwan(self):
        """The protection itself still works within its company."""
        self.partner_c.company_id = self.company_tw
        registration = self._registration(self.partner_c, self.company_tw)
        lead = self._tw_lead()
        self.Router._route(lead)
        self.assertEqual(lead.partner_assigned_id, self.partner_c)
        self.assertEqual(lead.prm_assignment_ids.registration_id, registration)

    def test_manual_forward_to_a_partner_of_another_company_is_refused(self):
        lead = self._tw_lead()
        with self.assertRaisesRegex(UserError, "cannot be offered leads of another"):
            lead._prm_offer(self.partner_a, lead.create_date.replace(year=2099))
        self.assertFalse(lead.partner_assigned_id)

    def test_assigned_partner_of_another_company_is_refused(self):
        """A partner manager of both companies sets the Assigned Partner field
        of a Taiwan lead to US partner A, or moves A's US lead to Taiwan:
        refused, as the forward is; Odoo's Automatic Assignment does not
        choose A for a Taiwan lead."""
        manager = new_test_user(
            self.env,
            login="prm_mc_partner_manager",
            groups="base.group_user,partner_relationship.group_prm_user",
            company_ids=[(6, 0, (self.company_us | self.company_tw).ids)],
        )
        Lead = (
            self.env["crm.lead"]
            .with_user(manager)
            .with_context(allowed_company_ids=(self.company_us | self.company_tw).ids)
        )
        lead = self._tw_lead(user_id=manager.id).with_env(Lead.env)
        refused = "cannot be offered leads of another"
        # (assertRaises, not assertRaisesRegex: it rolls back what was written.)
        with self.assertRaises(UserError) as caught:
            lead.write({"partner_assigned_id": self.partner_a.id})
        self.assertIn(refused, str(caught.exception))
        with self.assertRaises(UserError) as caught:
            Lead.create(
                {
                    "name": "Taipei deal",
                    "company_id": self.company_tw.id,
                    "partner_assigned_id": self.partner_a.id,
                }
            )
        self.assertIn(refused, str(caught.exception))
        us_lead = Lead.create(
            {
                "name": "Boston deal",
                "company_id": self.company_us.id,
                "partner_assigned_id": self.partner_a.id,
            }
        )
        with self.assertRaises(UserError) as caught:
            us_lead.write({"company_id": self.company_tw.id})
        self.assertIn(refused, str(caught.exception))
        self.assertFalse(lead.partner_assigned_id)
        self.assertEqual(us_lead.company_id, self.company_us)
        # Odoo's Automatic Assignment does not pick A for a Taiwan lead in
        # its area either.
        self.partner_a.write(
            {
                "country_id": self.us.id,
                "partner_latitude": 42.36,
                "partner_longitude": -71.06,
            }
        )
        lead.write(
            {
                "country_id": self.us.id,
                "partner_latitude": 42.35,
                "partner_longitude": -71.05,
            }
        )
        self.assertNotIn(self.partner_a.id, lead.search_geo_partner().values())
        # A partner of the lead's company (or of every company) may hold it.
        lead.write({"partner_assigned_id": self.partner_t.id})
        self.assertEqual(lead.partner_assigned_id, self.partner_t)

    def test_registrations_conflict_only_within_their_company(self):
        us_registration = self._registration(self.partner_a, self.company_us)
        tw_registration = self._registration(
            self.partner_t, self.company_tw, state="draft"
        )
        tw_registration._submit()
        self.assertFalse(tw_registration.conflict_ids)
        # A lead of the US company for the customer is no conflict either;
        # one of the Taiwan company is.
        self._lead(
            "US deal",
            partner_name="Harbor Freight Lines Inc.",
            company_id=self.company_us.id,
        )
        tw_lead = self._tw_lead()
        tw_registration.sudo()._detect_conflicts()
        self.assertEqual(tw_registration.conflict_ids.lead_id, tw_lead)
        self.assertFalse(tw_registration.conflict_ids.other_registration_id)
        # Within one company, the other partner's approved registration
        # still blocks.
        us_other = self._registration(self.partner_b, self.company_us, state="draft")
        us_other._submit()
        self.assertEqual(us_other.conflict_ids.other_registration_id, us_registration)

    def test_tier_proposal_counts_documents_of_the_partner_company(self):
        """Partner T works with the Taiwan company: the leads it won for the
        US company (while it worked with both) do not make it qualify for a
        tier in Taiwan."""
        self.partner_t.write({"grade_id": False, "company_id": False})
        self.tier_gold.write({"evaluated": True, "min_won_leads": 2})
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        for company in (self.company_us, self.company_us, self.company_tw):
            self.env["crm.lead"].create(
                {
                    "name": "Won deal",
                    "type": "opportunity",
                    "company_id": company.id,
                    "partner_assigned_id": self.partner_t.id,
                    "stage_id": won_stage.id,
                    "date_closed": "2027-04-01",
                }
            )
        self.partner_t.company_id = self.company_tw
        metrics = self.partner_t._prm_partner_metrics()[self.partner_t.id]
        self.assertEqual(metrics["won_leads"], 1)
        proposals = self.env["prm.tier.proposal"]._cron_evaluate_tiers()
        self.assertNotIn(self.partner_t, proposals.partner_id)


@tagged("post_install", "-at_install")
class TestMultiCompanyWarranty(MultiCompanyCommon):
    """A partner manager allowed in both companies, working in the US one,
    decides on a claim of the Taiwan company."""

    prm_accounting = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tax_tw = cls.env["account.tax"].search(
            [("company_id", "=", cls.company_tw.id), ("type_tax_use", "=", "sale")],
            limit=1,
        )
        cls.router = cls.env["product.product"].create(
            {
                "name": "Router R1",
                "list_price": 500,
                "standard_price": 320,
                "prm_warranty_months": 12,
            }
        )
        cls.router.taxes_id |= cls.tax_tw
        cls.pricelist_tw = cls.env["product.pricelist"].create(
            {
                "name": "Taiwan list",
                "currency_id": cls.twd.id,
                "company_id": cls.company_tw.id,
            }
        )
        cls.partner_t.with_company(
            cls.company_tw
        ).property_product_pricelist = cls.pricelist_tw
        cls.order_tw = (
            cls.env["sale.order"]
            .with_company(cls.company_tw)
            .create(
                {
                    "partner_id": cls.partner_t.id,
                    "order_line": [
                        (0, 0, {"product_id": cls.router.id, "price_unit": 15000})
                    ],
                }
            )
        )
        cls.order_tw.action_confirm()
        cls.manager = cls.env["res.users"].create(
            {
                "name": "Manager of both",
                "login": "prm_mc_manager",
                "company_id": cls.company_us.id,
                "company_ids": [(6, 0, (cls.company_us | cls.company_tw).ids)],
                "groups_id": [
                    (
                        6,
                        0,
                        (
                            cls.env.ref("base.group_user")
                            | cls.env.ref("partner_relationship.group_prm_user")
                        ).ids,
                    )
                ],
            }
        )
        cls.partner_t.partner_manager_id = cls.manager

    def _claim(self):
        claim = (
            self.env["prm.warranty.claim"]
            .with_company(self.company_tw)
            .create(
                {
                    "partner_id": self.partner_t.id,
                    "company_id": self.company_tw.id,
                    "product_id": self.router.id,
                    "problem": "Does not boot.",
                }
            )
        )
        claim._submit()
        self.assertEqual(claim.sale_line_id, self.order_tw.order_line)
        return claim.with_user(self.manager).with_context(
            allowed_company_ids=(self.company_us | self.company_tw).ids
        )

    def test_decisions_create_documents_of_the_claim_company(self):
        repair, replacement, credit = (self._claim() for _index in range(3))
        self.assertEqual(repair.env.company, self.company_us)
        claim = repair
        claim.action_approve_repair()
        self.assertEqual(claim.sudo().ticket_id.company_id, self.company_tw)

        claim = replacement
        claim.action_approve_replacement()
        order = claim.sudo().replacement_order_id
        self.assertEqual(order.company_id, self.company_tw)
        self.assertEqual(order.currency_id, self.twd)
        self.assertEqual(order.pricelist_id, self.pricelist_tw)
        self.assertEqual(order.warehouse_id.company_id, self.company_tw)
        self.assertEqual(order.order_line.tax_id, self.tax_tw)
        self.assertEqual(order.state, "sale")

        claim = credit
        claim.action_approve_credit_note()
        refund = claim.sudo().credit_note_id
        self.assertEqual(refund.company_id, self.company_tw)
        self.assertEqual(refund.currency_id, self.twd)
        self.assertEqual(refund.journal_id.company_id, self.company_tw)
        self.assertEqual(refund.invoice_line_ids.tax_ids, self.tax_tw)
        self.assertEqual(refund.amount_untaxed, 15000)

    def test_paid_repair_is_quoted_with_the_claim_company_service(self):
        claim = self._claim()
        with self.assertRaisesRegex(UserError, "Aurora Devices Taiwan"):
            claim.action_offer_paid_repair()
        repair = self.env["product.product"].create(
            {"name": "Repair service", "type": "service", "list_price": 3000}
        )
        self.company_tw.prm_repair_product_id = repair
        claim.action_offer_paid_repair()
        quote = claim.sudo().repair_quote_id
        self.assertEqual(quote.company_id, self.company_tw)
        self.assertEqual(quote.currency_id, self.twd)
        self.assertEqual(quote.order_line.product_id, repair)


@tagged("post_install", "-at_install")
class TestMultiCompanyTierBenefits(MultiCompanyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pricelist_gold_tw = cls.env["product.pricelist"].create(
            {
                "name": "Gold Taiwan",
                "currency_id": cls.twd.id,
                "company_id": cls.company_tw.id,
            }
        )
        cls.channel_manager_tw = cls.env["res.users"].create(
            {
                "name": "Taiwan channel manager",
                "login": "prm_tw_channel_manager",
                "email": "cm@aurora.example.com",
                "company_id": cls.company_tw.id,
                "company_ids": [(6, 0, cls.company_tw.ids)],
                "groups_id": [
                    (
                        6,
                        0,
                        (
                            cls.env.ref("base.group_user")
                            | cls.env.ref("partner_relationship.group_prm_manager")
                            | cls.env.ref("sales_team.group_sale_salesman")
                        ).ids,
                    )
                ],
            }
        )

    def _propose(self, partner, tier):
        return self.env["prm.tier.proposal"].create(
            {
                "partner_id": partner.id,
                "current_grade_id": partner.grade_id.id,
                "proposed_grade_id": tier.id,
            }
        )

    def test_benefits_are_each_company_own(self):
        # The fixture's values went to the line of the company it ran in.
        self.assertEqual(self.tier_gold.benefit_ids.company_id, self.company_us)
        self.tier_gold.benefit_ids.create(
            {
                "tier_id": self.tier_gold.id,
                "company_id": self.company_tw.id,
                "pricelist_id": self.pricelist_gold_tw.id,
                "acceptance_deadline_hours": 12,
                "deal_protection_days": 30,
            }
        )
        us, tw = (
            self.tier_gold._prm_benefits(company)
            for company in (self.company_us, self.company_tw)
        )
        self.assertEqual(us.pricelist_id, self.pricelist_gold)
        self.assertEqual(us.acceptance_deadline_hours, 24)
        self.assertEqual(tw.pricelist_id, self.pricelist_gold_tw)
        self.assertEqual(
            self.tier_gold.with_company(self.company_tw).pricelist_id,
            self.pricelist_gold_tw,
        )
        self.assertEqual(self.partner_t._prm_tier_benefits(), tw)
        self.assertEqual(self.partner_a._prm_tier_benefits(), us)
        # A price list of another company is refused on a company's line.
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            tw.pricelist_id = self.pricelist_gold_tw.copy(
                {"company_id": self.company_us.id}
            )

    def test_approving_a_tier_for_a_taiwan_partner_sets_the_taiwan_price_list(self):
        self.tier_gold.benefit_ids.create(
            {
                "tier_id": self.tier_gold.id,
                "company_id": self.company_tw.id,
                "pricelist_id": self.pricelist_gold_tw.id,
            }
        )
        partner = self._create_channel_partner(
            "Partner Taichung",
            self.partner_manager,
            company_id=self.company_tw.id,
            grade_id=self.tier_silver.id,
        )
        self._propose(partner, self.tier_gold).with_user(
            self.channel_manager_tw
        ).action_approve()
        in_taiwan = partner.with_user(self.channel_manager_tw).with_company(
            self.company_tw
        )
        self.assertEqual(in_taiwan.property_product_pricelist, self.pricelist_gold_tw)
        self.assertEqual(in_taiwan.property_product_pricelist.currency_id, self.twd)
        # The US price list went nowhere near the Taiwan partner.
        self.assertFalse(
            partner.with_company(self.company_us).specific_property_product_pricelist
        )

    def test_taiwan_benefits_change_only_taiwan_price_lists(self):
        """The Taiwan channel manager changes the Gold tier's price list in
        Taiwan: Taiwan's Gold partners get it; US partner A keeps the price
        list the US company gave it, Gold's US line is not applied again."""
        line_tw = self.tier_gold.benefit_ids.create(
            {"tier_id": self.tier_gold.id, "company_id": self.company_tw.id}
        )
        special = self._prm_pricelist("A's special terms", self.company_us)
        self.partner_a.with_company(
            self.company_us
        ).property_product_pricelist = special
        line_tw.with_user(self.channel_manager_tw).pricelist_id = self.pricelist_gold_tw
        self.assertEqual(
            self.partner_t.with_company(self.company_tw).property_product_pricelist,
            self.pricelist_gold_tw,
        )
        self.assertEqual(
            self.partner_a.with_company(self.company_us).property_product_pricelist,
            special,
        )

    def test_tier_without_a_line_for_the_company_gives_no_price_list(self):
        partner = self._create_channel_partner(
            "Partner Tainan", self.partner_manager, company_id=self.company_tw.id
        )
        before = partner.with_company(self.company_tw).property_product_pricelist
        self._propose(partner, self.tier_silver).with_user(
            self.channel_manager_tw
        ).action_approve()
        self.assertFalse(self.tier_silver._prm_benefits(self.company_tw))
        self.assertEqual(partner.grade_id, self.tier_silver)
        self.assertEqual(
            partner.with_company(self.company_tw).property_product_pricelist, before
        )
        for company in (self.company_us, self.company_tw):
            self.assertFalse(
                partner.with_company(company).specific_property_product_pricelist
            )
        # Its terms are the defaults there.
        self.assertEqual(
            self.env["crm.lead"]._prm_offer_deadline(partner, now=date(2027, 1, 1)),
            date(2027, 1, 3),
        )


@tagged("post_install", "-at_install")
class TestMultiCompanyCentralData(MultiCompanyCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = (
            cls.env.ref("base.group_user")
            | cls.env.ref("product.group_product_manager")
            | cls.env.ref("partner_relationship.group_prm_central_manager")
        ).ids
        cls.taiwan_manager = cls.env["res.users"].create(
            {
                "name": "Taiwan central data manager",
                "login": "prm_tw_central",
                "company_id": cls.company_tw.id,
                "company_ids": [(6, 0, cls.company_tw.ids)],
                "groups_id": [(6, 0, groups)],
            }
        )
        cls.both_manager = cls.env["res.users"].create(
            {
                "name": "Central data manager of both",
                "login": "prm_both_central",
                "company_id": cls.company_tw.id,
                "company_ids": [(6, 0, (cls.company_tw | cls.company_us).ids)],
                "groups_id": [(6, 0, groups)],
            }
        )
        cls.shared_product = cls.env["product.template"].create(
            {"name": "Shared router", "is_central": True}
        )
        cls.us_product = cls.env["product.template"].create(
            {
                "name": "US router",
                "is_central": True,
                "company_id": cls.company_us.id,
            }
        )

    def _as(self, user, record, *companies):
        return record.with_user(user).with_context(
            allowed_company_ids=[company.id for company in companies]
        )

    def test_taiwan_user_is_told_who_maintains_the_record(self):
        product = self._as(self.taiwan_manager, self.shared_product, self.company_tw)
        with self.assertRaisesRegex(
            AccessError, f"maintained centrally by {self.company_us.name}"
        ):
            product.write({"list_price": 1})
        with self.assertRaisesRegex(
            AccessError, f"maintained centrally by {self.company_us.name}"
        ):
            product.unlink()

    def test_central_data_is_changed_from_its_company_only(self):
        in_taiwan = self._as(
            self.both_manager, self.us_product, self.company_tw, self.company_us
        )
        with self.assertRaisesRegex(
            AccessError, f"maintained centrally by {self.company_us.name}"
        ):
            in_taiwan.write({"list_price": 1})
        in_us = self._as(
            self.both_manager, self.us_product, self.company_us, self.company_tw
        )
        in_us.write({"list_price": 2})
        self.assertEqual(self.us_product.list_price, 2)
        # The Taiwan company's own central records are changed from Taiwan.
        tw_product = self.env["product.template"].create(
            {"name": "TW router", "is_central": True, "company_id": self.company_tw.id}
        )
        self._as(self.both_manager, tw_product, self.company_tw).write(
            {"list_price": 3}
        )
        with self.assertRaisesRegex(
            AccessError, f"maintained centrally by {self.company_tw.name}"
        ):
            self._as(self.both_manager, tw_product, self.company_us).write(
                {"list_price": 4}
            )


@tagged("post_install", "-at_install")
class TestMultiCompanyIndirectOrders(MultiCompanyCommon):
    """A vendor user allowed both companies, working in the US one, orders
    for partner T of the Taiwan company: the order is the Taiwan company's,
    and so are the products it may hold."""

    def _order(self, product):
        return (
            self.env["sale.order"]
            .with_context(allowed_company_ids=(self.company_us | self.company_tw).ids)
            ._prm_create_indirect_order(
                self.partner_t,
                self.env["res.partner"].create(
                    {"name": "Hsinchu Clinic", "end_customer_of_id": self.partner_t.id}
                ),
                [(product, 1)],
            )
        )

    def test_products_are_those_of_the_order_company(self):
        taiwan_router, us_router = self.env["product.product"].create(
            [
                {
                    "name": "Router R1",
                    "list_price": 500,
                    "categ_id": self.networking.id,
                    "company_id": company.id,
                }
                for company in (self.company_tw, self.company_us)
            ]
        )
        order = self._order(taiwan_router)
        self.assertEqual(order.company_id, self.company_tw)
        self.assertEqual(order.order_line.product_id, taiwan_router)
        with self.assertRaisesRegex(UserError, "belongs to another company"):
            self._order(us_router)
