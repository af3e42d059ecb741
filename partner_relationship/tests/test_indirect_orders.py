# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PartnerRelationshipCommon, prm_in_taiwan


@tagged("post_install", "-at_install")
class TestIndirectOrders(PartnerRelationshipCommon):
    prm_accounting = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["product.pricelist.item"].create(
            {
                "pricelist_id": cls.pricelist_gold.id,
                "applied_on": "3_global",
                "compute_price": "percentage",
                "percent_price": 20,
            }
        )
        cls.partner_a.grade_id = cls.tier_gold
        cls.category_network = cls.env["product.category"].create({"name": "Network"})
        cls.category_print = cls.env["product.category"].create({"name": "Print"})
        cls.router = cls.env["product.product"].create(
            {
                "name": "Router R1",
                "list_price": 500,
                "categ_id": cls.category_network.id,
            }
        )
        cls.printer = cls.env["product.product"].create(
            {"name": "Printer P1", "list_price": 300, "categ_id": cls.category_print.id}
        )
        cls.end_customer = cls.env["res.partner"].create(
            {
                "name": "Atlantic Dental",
                "street": "1 Harbor Way",
                "city": "Boston",
                "end_customer_of_id": cls.partner_a.id,
            }
        )
        cls.SaleOrder = cls.env["sale.order"]

    def _order(self, lines=None, **kwargs):
        return self.SaleOrder._prm_create_indirect_order(
            self.partner_a_contact,
            self.end_customer,
            lines or [(self.router, 2)],
            **kwargs,
        )

    def test_order_for_end_customer_at_tier_prices(self):
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Dental network",
                "type": "opportunity",
                "partner_assigned_id": self.partner_a.id,
            }
        )
        order = self._order(
            delivery_address=self.end_customer,
            opportunity=opportunity,
            client_order_ref="PO-77",
        )
        self.assertEqual(order.partner_id, self.partner_a, "invoiced to the partner")
        self.assertEqual(order.partner_invoice_id, self.partner_a)
        self.assertEqual(order.partner_shipping_id, self.end_customer, "drop-ship")
        self.assertEqual(order.end_customer_id, self.end_customer)
        self.assertTrue(order.is_indirect)
        self.assertEqual(order.opportunity_id, opportunity)
        self.assertEqual(order.pricelist_id, self.pricelist_gold)
        self.assertAlmostEqual(
            order.order_line.price_unit,
            self._prm_catalog_price(400.0),
            msg="Gold: -20%",
        )
        self.assertAlmostEqual(order.amount_untaxed, self._prm_catalog_price(800.0))

    def test_refusals_create_nothing(self):
        count = self.SaleOrder.search_count([])
        self.partner_a.specialization_ids = self.category_network
        with self.assertRaisesRegex(UserError, "outside the partner's specializations"):
            self._order([(self.router, 1), (self.printer, 1)])
        with self.assertRaisesRegex(UserError, "positive quantity"):
            self._order([(self.router, 0)])
        self.router.sale_ok = False
        with self.assertRaisesRegex(UserError, "not for sale"):
            self._order()
        self.router.sale_ok = True
        other_lead = self.env["crm.lead"].create(
            {"name": "B's deal", "partner_assigned_id": self.partner_b.id}
        )
        with self.assertRaisesRegex(UserError, "not assigned to Partner A Ltd"):
            self._order(opportunity=other_lead)
        with self.assertRaisesRegex(UserError, "End Customer"):
            self.SaleOrder._prm_create_indirect_order(
                self.partner_a, self.env["res.partner"], [(self.router, 1)]
            )
        with self.assertRaisesRegex(UserError, "not a channel partner"):
            self.SaleOrder._prm_create_indirect_order(
                self.end_customer, self.end_customer, [(self.router, 1)]
            )
        self.assertEqual(self.SaleOrder.search_count([]), count)

    def test_confirmed_indirect_orders_count_once_toward_revenue(self):
        today = fields.Date.context_today(self.partner_a)
        order = self._order()
        revenue = self.partner_a._prm_revenue_through_vendor(today, today)
        self.assertEqual(revenue[self.partner_a], 0, "a quotation does not count")
        order.action_confirm()
        revenue = self.partner_a._prm_revenue_through_vendor(today, today)
        self.assertAlmostEqual(revenue[self.partner_a], self._prm_catalog_price(800.0))
        self.router.invoice_policy = "order"
        order.order_line._compute_untaxed_amount_to_invoice()
        invoice = order._create_invoices()
        invoice.action_post()
        revenue = self.partner_a._prm_revenue_through_vendor(today, today)
        self.assertAlmostEqual(
            revenue[self.partner_a], self._prm_catalog_price(800.0), msg="not twice"
        )

    def test_indirect_versus_direct_revenue_per_partner(self):
        self._order().action_confirm()
        direct = self.SaleOrder.create(
            {
                "partner_id": self.partner_a.id,
                "order_line": [(0, 0, {"product_id": self.printer.id})],
            }
        )
        direct.action_confirm()
        groups = self.env["sale.report"].read_group(
            [("partner_id", "=", self.partner_a.id), ("state", "=", "sale")],
            ["price_subtotal:sum"],
            ["is_indirect"],
        )
        totals = {g["is_indirect"]: g["price_subtotal"] for g in groups}
        self.assertAlmostEqual(totals[True], self._prm_catalog_price(800.0))
        self.assertAlmostEqual(
            totals[False],
            self._prm_catalog_price(240.0),
            msg="direct, at the tier price",
        )

    def test_partner_contact_orders_for_its_own_company_only(self):
        SaleOrder = self.SaleOrder.with_user(self.portal_user_a)
        order = SaleOrder._prm_create_indirect_order(
            self.partner_a_contact, self.end_customer, [(self.router, 1)]
        )
        self.assertEqual(order.with_env(self.env).partner_id, self.partner_a)
        self.assertAlmostEqual(
            order.with_env(self.env).amount_untaxed, self._prm_catalog_price(400.0)
        )
        count = self.SaleOrder.search_count([])
        with self.assertRaises(AccessError):
            SaleOrder._prm_create_indirect_order(
                self.partner_b, self.end_customer, [(self.router, 1)]
            )
        with self.assertRaisesRegex(AccessError, "your own customers"):
            SaleOrder._prm_create_indirect_order(
                self.partner_a, self.partner_b, [(self.router, 1)]
            )
        other_customer = self.env["res.partner"].create(
            {
                "name": "Vendor's direct customer",
                "end_customer_of_id": self.partner_b.id,
            }
        )
        with self.assertRaisesRegex(AccessError, "your own customers"):
            SaleOrder._prm_create_indirect_order(
                self.partner_a, other_customer, [(self.router, 1)]
            )
        with self.assertRaisesRegex(AccessError, "Delivery Address"):
            SaleOrder._prm_create_indirect_order(
                self.partner_a,
                self.end_customer,
                [(self.router, 1)],
                delivery_address=other_customer,
            )
        self.assertEqual(self.SaleOrder.search_count([]), count)

    def test_revenue_in_another_currency_is_converted(self):
        company = self.env.company
        foreign = (
            self.env["res.currency"]
            .with_context(active_test=False)
            .search(
                [
                    ("id", "not in", (company | self.company_main).currency_id.ids),
                    ("name", "in", ("EUR", "USD")),
                ],
                limit=1,
            )
        )
        foreign.active = True
        today = fields.Date.context_today(self.partner_a)
        self.env["res.currency.rate"].create(
            {
                "currency_id": foreign.id,
                "rate": 2.0,
                "name": today,
                "company_id": company.id,
            }
        )
        self.partner_b.property_product_pricelist = self.env[
            "product.pricelist"
        ].create({"name": "Foreign", "currency_id": foreign.id})
        order = self.SaleOrder._prm_create_indirect_order(
            self.partner_b, self.end_customer, [(self.router, 1)]
        )
        order.action_confirm()
        self.assertEqual(order.currency_id, foreign)
        self.assertAlmostEqual(
            order.amount_untaxed,
            self.company_main.currency_id._convert(500.0, foreign, company, today),
            msg="the catalogue's 500 at rate 2",
        )
        price = self._prm_catalog_price(500.0)
        revenue = self.partner_b._prm_revenue_through_vendor(today, today)
        self.assertAlmostEqual(revenue[self.partner_b], price)
        card = self.env["prm.partner.scorecard"].search(
            [("partner_id", "=", self.partner_b.id)]
        )
        self.assertAlmostEqual(card.indirect_revenue_12m, price)


TestIndirectOrdersTaiwan = prm_in_taiwan(TestIndirectOrders)
