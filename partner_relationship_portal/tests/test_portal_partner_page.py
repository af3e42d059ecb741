# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from lxml import html

from odoo import Command
from odoo.tests import HttpCase, tagged

from odoo.addons.base.tests.common import new_test_user


@tagged("post_install", "-at_install")
class TestPortalPartnerPage(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.channel_partner = Partner.create(
            {
                "name": "Reseller Alpha",
                "is_company": True,
                "is_channel_partner": True,
                "grade_id": cls.env["res.partner.grade"]
                .create({"name": "Platinum Test", "website_published": True})
                .id,
                "partner_type_id": cls.env.ref(
                    "partner_relationship.partner_type_value_added_supplier"
                ).id,
            }
        )
        new_test_user(
            cls.env,
            login="prm_portal_alpha",
            password="prm_portal_alpha",
            groups="base.group_portal",
            partner_id=Partner.create(
                {"name": "Alpha Contact", "parent_id": cls.channel_partner.id}
            ).id,
        )
        customer = Partner.create({"name": "Plain Customer", "is_company": True})
        new_test_user(
            cls.env,
            login="prm_portal_customer",
            password="prm_portal_customer",
            groups="base.group_portal",
            partner_id=Partner.create(
                {"name": "Customer Contact", "parent_id": customer.id}
            ).id,
        )

    def test_channel_partner_user_sees_own_profile(self):
        self.authenticate("prm_portal_alpha", "prm_portal_alpha")
        response = self.url_open("/my/partner")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Reseller Alpha", response.text)
        self.assertIn("Value-added Supplier", response.text)

    def test_partner_page_shows_the_new_tier_and_its_change(self):
        """An approved tier change: the partner's page gives the new tier,
        since when, and the previous one."""
        previous = self.channel_partner.grade_id
        diamond = self.env["res.partner.grade"].create({"name": "Diamond Test"})
        self.env["prm.tier.proposal"].create(
            {
                "partner_id": self.channel_partner.id,
                "current_grade_id": previous.id,
                "proposed_grade_id": diamond.id,
            }
        ).action_approve()
        self.authenticate("prm_portal_alpha", "prm_portal_alpha")
        response = self.url_open("/my/partner")
        self.assertEqual(response.status_code, 200)
        tier = html.fromstring(response.text).xpath(
            "//*[@id='prm_partner_profile']"
            "//span[contains(@class, 'prm_partner_tier')]/.."
        )[0]
        self.assertIn("Diamond Test", tier.text_content())
        change = tier.xpath(".//*[contains(@class, 'prm_tier_change')]")[
            0
        ].text_content()
        self.assertIn("Platinum Test", change)

    def test_figures_agree_with_the_next_tier(self):
        """The page showed 'Revenue, 12 months $0.00' beside $6,750 toward
        the next tier, and a 100 % win rate beside 0 won leads."""
        won_stage = self.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        self.env["crm.lead"].create(
            {
                "name": "Won, created won",
                "type": "opportunity",
                "partner_assigned_id": self.channel_partner.id,
                "stage_id": won_stage.id,
            }
        )
        product = self.env["product.product"].create(
            {"name": "Switch", "list_price": 6750, "invoice_policy": "order"}
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.channel_partner.id,
                "end_customer_id": self.env["res.partner"]
                .create({"name": "Dental Clinic"})
                .id,
                "order_line": [Command.create({"product_id": product.id})],
            }
        )
        order.action_confirm()
        self.env["res.partner.grade"].create(
            {
                "name": "Diamond Test",
                "sequence": self.channel_partner.grade_id.sequence - 1,
                "evaluated": True,
                "min_won_leads": 3,
                "min_revenue": 100000,
            }
        )
        card = self.env["prm.partner.scorecard"].search(
            [("partner_id", "=", self.channel_partner.id)]
        )
        self.assertEqual(card.leads_won, 1)
        self.assertAlmostEqual(card.revenue_12m, 6750.0)
        self.authenticate("prm_portal_alpha", "prm_portal_alpha")
        page = self.url_open("/my/partner").text
        # The same revenue and won deals in "Your figures" and "To reach".
        self.assertRegex(page, r"(?s)prm_revenue\">(?:(?!</dd>).)*6,750\.00")
        self.assertRegex(page, r"prm_won_deals\">1<")
        self.assertRegex(page, r"Won leads\s*</span>\s*<span>1 / 3</span>")
        self.assertRegex(
            page, r"Revenue, last 12 months\s*</span>\s*<span>[^/]*6,750\.00"
        )

    def test_customer_portal_user_gets_not_found(self):
        self.authenticate("prm_portal_customer", "prm_portal_customer")
        response = self.url_open("/my/partner")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn("Reseller Alpha", response.text)

    def test_public_visitor_is_sent_to_login(self):
        response = self.url_open("/my/partner", allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login", response.headers["Location"])

    def test_tour_partner_programme_in_browser(self):
        """Headless Chromium: from the portal home to the partner's profile."""
        self.start_tour("/my", "prm_portal_partner_programme", login="prm_portal_alpha")

    def test_customer_home_has_no_partner_programme_entry(self):
        self.authenticate("prm_portal_customer", "prm_portal_customer")
        counters = self.make_jsonrpc_request(
            "/my/counters", {"counters": ["prm_waiting_count"]}
        )
        self.assertEqual(counters, {"prm_waiting_count": 0})
        self.assertNotIn('href="/my/partner"', self.url_open("/my").text)
        self.authenticate("prm_portal_alpha", "prm_portal_alpha")
        self.assertIn('href="/my/partner"', self.url_open("/my").text)
