# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
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
