# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json

import lxml.html

from odoo.tests import tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestOrderPortal(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Portal Gold Prices",
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "3_global",
                            "compute_price": "percentage",
                            "percent_price": 20,
                        },
                    )
                ],
            }
        )
        (cls.partner_a | cls.partner_b).property_product_pricelist = cls.tier_pricelist
        cls.router = cls._central_product("Portal Router R9", 500)
        cls.switch = cls._central_product("Portal Switch S4", 250)
        cls.local_product = cls.env["product.product"].create(
            {"name": "Portal Vendor-only Widget", "list_price": 10}
        )
        cls.customer_a = cls.env["res.partner"].create(
            {
                "name": "Harbor Clinic",
                "is_company": True,
                "end_customer_of_id": cls.partner_a.id,
            }
        )
        cls.customer_b = cls.env["res.partner"].create(
            {
                "name": "Summit Clinic",
                "is_company": True,
                "end_customer_of_id": cls.partner_b.id,
            }
        )

    @classmethod
    def _central_product(cls, name, price):
        return (
            cls.env["product.template"]
            .create(
                {"name": name, "list_price": price, "is_central": True, "type": "consu"}
            )
            .product_variant_id
        )

    def _add(self, product, quantity):
        return self._post(
            "/my/cart/add",
            {
                "product_id": product.id,
                "quantity": quantity,
                "csrf_token": self._csrf("/my/catalog"),
            },
        )

    def test_order_for_an_end_customer_at_tier_prices(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        page = self.url_open("/my/catalog?search=Portal").text
        self.assertIn("Portal Router R9", page)
        self.assertIn("400.00", page, "the tier price, 20 % off 500")
        self.assertNotIn("Vendor-only Widget", page, "not a central product")
        self.assertEqual(self._add(self.router, 2).status_code, 303)
        self._add(self.switch, 1)
        cart = self.url_open("/my/cart").text
        self.assertIn("1,000.00", cart, "2 x 400 + 1 x 200")
        response = self._post(
            "/my/cart/order",
            {
                "customer_name": "Lighthouse Dental",
                "customer_vat": "US-55",
                "customer_city": "Portland",
                "deliver_to": "customer",
                "client_order_ref": "PO-A-1",
                "price_unit": "1",
                "partner_id": self.partner_b.id,
                "csrf_token": self._csrf("/my/cart"),
            },
        )
        self.assertEqual(response.status_code, 303, response.text[:500])
        order = self.env["sale.order"].search([("client_order_ref", "=", "PO-A-1")])
        self.assertEqual(order.partner_id, self.partner_a, "forged partner ignored")
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.end_customer_id.name, "Lighthouse Dental")
        self.assertEqual(order.end_customer_id.end_customer_of_id, self.partner_a)
        self.assertEqual(order.partner_shipping_id, order.end_customer_id)
        self.assertAlmostEqual(order.amount_untaxed, 1000.0, msg="forged price ignored")
        self.assertIn(f"/my/orders/{order.id}", response.headers["Location"])
        history = self.url_open("/my/orders").text
        self.assertIn(order.name, history)
        self.assertIn("Lighthouse Dental", history)
        self.assertIn("Your cart is empty", self.url_open("/my/cart").text)

    def test_bad_orders_create_nothing(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        orders = self.env["sale.order"].search_count([])
        customers = self.env["res.partner"].search_count([])
        empty = self._post(
            "/my/cart/order",
            {"customer_name": "Nobody", "csrf_token": self._csrf("/my/catalog")},
        )
        self.assertEqual(empty.status_code, 400)
        self.assertIn("add products from the catalog", empty.text)
        self._add(self.router, 1)
        not_mine = self._post(
            "/my/cart/order",
            {
                "end_customer_id": self.customer_b.id,
                "csrf_token": self._csrf("/my/cart"),
            },
        )
        self.assertEqual(not_mine.status_code, 400)
        self.assertIn("choose one of your own customers", not_mine.text)
        nameless = self._post("/my/cart/order", {"csrf_token": self._csrf("/my/cart")})
        self.assertIn("enter the new customer", nameless.text)
        bad_quantity = self._add(self.switch, "-3")
        self.assertEqual(bad_quantity.status_code, 400)
        self.assertIn("between 0 and", bad_quantity.text)
        outside = self._add(self.local_product, 1)
        self.assertEqual(outside.status_code, 400)
        self.assertIn("choose one from the catalog", outside.text)
        self.assertNotIn("Vendor-only Widget", self.url_open("/my/cart").text)
        self.assertEqual(self.env["sale.order"].search_count([]), orders)
        self.assertEqual(self.env["res.partner"].search_count([]), customers)

    def test_existing_customer_and_opportunity(self):
        opportunity = self.env["crm.lead"].create(
            {
                "name": "Clinic network",
                "type": "opportunity",
                "partner_assigned_id": self.partner_a.id,
            }
        )
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        self._add(self.router, 3)
        response = self._post(
            "/my/cart/order",
            {
                "end_customer_id": self.customer_a.id,
                "opportunity_id": opportunity.id,
                "csrf_token": self._csrf("/my/cart"),
            },
        )
        self.assertEqual(response.status_code, 303)
        order = self.env["sale.order"].search([("opportunity_id", "=", opportunity.id)])
        self.assertEqual(order.end_customer_id, self.customer_a)
        self.assertEqual(order.partner_shipping_id, self.partner_a)
        self.assertEqual(order.order_line.product_uom_qty, 3)

    def test_opportunity_fills_in_the_customer(self):
        """Ordering from an opportunity fills in its customer: one of the
        partner's own customers when it is one, else a new one with the
        opportunity's details; another partner's opportunity fills in
        nothing."""
        Lead = self.env["crm.lead"]
        known = Lead.create(
            {
                "name": "Clinic network",
                "type": "opportunity",
                "partner_name": "Harbor Clinic",
                "partner_assigned_id": self.partner_a.id,
            }
        )
        new = Lead.create(
            {
                "name": "Dental group",
                "type": "opportunity",
                "partner_name": "Bayside Dental",
                "email_from": "it@bayside.example.com",
                "city": "Monterey",
                "country_id": self.us.id,
                "partner_assigned_id": self.partner_a.id,
            }
        )
        theirs = Lead.create(
            {
                "name": "B's clinic",
                "type": "opportunity",
                "partner_name": "Harbor Clinic",
                "partner_assigned_id": self.partner_b.id,
            }
        )
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        self._add(self.router, 1)

        def form(opportunity):
            page = self.url_open(f"/my/cart?opportunity_id={opportunity.id}")
            self.assertEqual(page.status_code, 200)
            (order_form,) = lxml.html.fromstring(page.text).xpath(
                "//form[hasclass('prm_order_form')]"
            )
            return order_form

        def selected(order_form, name):
            return order_form.xpath(
                f".//select[@name='{name}']/option[@selected]/@value"
            )

        page = form(known)
        self.assertEqual(selected(page, "opportunity_id"), [str(known.id)])
        self.assertEqual(selected(page, "end_customer_id"), [str(self.customer_a.id)])
        page = form(new)
        self.assertEqual(selected(page, "end_customer_id"), [])
        self.assertEqual(
            page.xpath(".//input[@name='customer_name']/@value"), ["Bayside Dental"]
        )
        self.assertEqual(
            page.xpath(".//input[@name='customer_email']/@value"),
            ["it@bayside.example.com"],
        )
        self.assertEqual(selected(page, "customer_country_id"), [str(self.us.id)])
        # Choosing it in the browser does the same (order_form.js).
        (option,) = page.xpath(
            f".//select[@name='opportunity_id']/option[@value='{known.id}']"
        )
        self.assertEqual(
            json.loads(option.get("data-prm_customer"))["end_customer_id"],
            str(self.customer_a.id),
        )
        page = form(theirs)
        self.assertEqual(selected(page, "opportunity_id"), [])
        self.assertEqual(selected(page, "end_customer_id"), [])
        self.assertNotIn("B's clinic", lxml.html.tostring(page, encoding="unicode"))

    def test_customer_of_a_plain_portal_user_gets_not_found(self):
        customer = self.env["res.partner"].create({"name": "Portal Retail Customer"})
        self._portal_user(customer, "prm_portal_retail")
        self.authenticate("prm_portal_retail", "prm_portal_retail")
        self.assertEqual(self.url_open("/my/catalog").status_code, 404)
        self.assertEqual(self.url_open("/my/cart").status_code, 404)
