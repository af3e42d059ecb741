# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import xmlrpc.client
from unittest.mock import patch

from odoo.tests import tagged

from ..controllers.registration_portal import RegistrationPortal
from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestRegistrationPortal(PortalCommon):
    def _form(self, token, **values):
        return {
            "csrf_token": token,
            "customer_name": "Harbor Freight Lines",
            "customer_email_domain": "harborfreight.example.com",
            "expected_revenue": "40000",
            **values,
        }

    def test_register_with_a_conflict(self):
        self.env["crm.lead"].create(
            {
                "name": "B's deal",
                "email_from": "it@harborfreight.example.com",
                "partner_assigned_id": self.partner_b.id,
            }
        )
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        token = self._csrf("/my/registrations/new")
        response = self._post("/my/registrations/new", self._form(token))
        self.assertEqual(response.status_code, 303)
        registration = self.env["prm.deal.registration"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertEqual(registration.state, "submitted")
        page = self.url_open(response.headers["Location"])
        self.assertIn("A possible conflict with another deal", page.text)
        self.assertNotIn("Same E-mail Domain", page.text, "not why")
        # Who holds the customer is the vendor's business.
        self.assertNotIn("Portal Partner B", page.text)
        listing = self.url_open("/my/registrations")
        self.assertIn(registration.name, listing.text)

    def test_a_conflict_tells_neither_why_nor_with_whom(self):
        """Partner B registers a customer partner A holds (an approved
        registration, a lead of a very similar name): B learns that there is
        a conflict, on its page and over XML-RPC, nothing more."""
        held = self.env["prm.deal.registration"]._prm_partner_register(
            self.partner_a, {"customer_name": "Harbor Freight Lines"}
        )
        held.action_approve()
        self.env["crm.lead"].create(
            {
                "name": "A's deal",
                "partner_name": "Harbour Freight Lines",
                "partner_assigned_id": self.partner_a.id,
            }
        )
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        token = self._csrf("/my/registrations/new")
        response = self._post(
            "/my/registrations/new",
            self._form(token, customer_name="Harbor Freight Lines Inc"),
        )
        self.assertEqual(response.status_code, 303)
        registration = self.env["prm.deal.registration"].search(
            [("partner_id", "=", self.partner_b.id)]
        )
        # A's registration, its opportunity and A's lead; one protects the
        # customer, one has a similarity below 100 %.
        self.assertEqual(len(registration.conflict_ids), 3)
        self.assertTrue(registration.conflict_ids.filtered("blocking"))
        self.assertTrue(
            registration.conflict_ids.filtered(lambda c: 0 < c.similarity < 100)
        )
        page = self.url_open(response.headers["Location"]).text
        self.assertIn("A possible conflict with another deal", page)
        for leaked in (
            "Portal Partner A",
            held.name,
            "A&#39;s deal",
            "Very Similar",
            "protected",
        ):
            self.assertNotIn(leaked, page)
        self.assertNotRegex(page, r"\d\s?%", "no similarity")
        # Over XML-RPC, B reads its conflicts' ids, not their details.
        uid = self.xmlrpc_common.authenticate(
            self.env.cr.dbname, "prm_portal_user_b", "prm_portal_user_b", {}
        )

        def rpc(method, *args, **kwargs):
            return self.xmlrpc_object.execute_kw(
                self.env.cr.dbname,
                uid,
                "prm_portal_user_b",
                "prm.deal.conflict",
                method,
                list(args),
                kwargs,
            )

        details = {"reason", "similarity", "description", "owner", "blocking"}
        records = rpc("search_read", [])
        self.assertEqual(
            {record["id"] for record in records}, set(registration.conflict_ids.ids)
        )
        for record in records:
            self.assertFalse(set(record) & details)
        for field in sorted(details):
            with self.subTest(field=field):
                with self.assertRaises(xmlrpc.client.Fault):
                    rpc("read", registration.conflict_ids.ids, [field])
                if field != "description":  # not stored: not searchable
                    with self.assertRaises(xmlrpc.client.Fault):
                        rpc("search", [(field, "!=", False)])

    def test_registrations_per_hour_are_limited(self):
        self.env["ir.config_parameter"].set_param(
            "partner_relationship.registration_limit_per_hour", "2"
        )
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        token = self._csrf("/my/registrations/new")
        for name in ("First Customer", "Second Customer"):
            response = self._post(
                "/my/registrations/new", self._form(token, customer_name=name)
            )
            self.assertEqual(response.status_code, 303)
        response = self._post(
            "/my/registrations/new", self._form(token, customer_name="Third")
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("registered 2 deals in the last hour", response.text)
        self.assertIn("Third", response.text, "what was typed is kept")
        self.assertEqual(
            self.env["prm.deal.registration"].search_count(
                [("partner_id", "=", self.partner_a.id)]
            ),
            2,
        )

    def test_bad_and_forged_input(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        token = self._csrf("/my/registrations/new")
        form = self.url_open("/my/registrations/new").text
        self.assertIn('name="description"', form, "an empty textarea is still shown")
        Registration = self.env["prm.deal.registration"]
        response = self._post(
            "/my/registrations/new", self._form(token, customer_name=" ")
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Enter the customer", response.text)
        response = self._post(
            "/my/registrations/new", self._form(token, expected_revenue="lots")
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Registration.search([]))
        response = self._post(
            "/my/registrations/new",
            self._form(
                token,
                state="approved",
                partner_id=str(self.partner_b.id),
                protection_end="2099-01-01",
            ),
        )
        self.assertEqual(response.status_code, 303)
        registration = Registration.search([])
        self.assertEqual(registration.partner_id, self.partner_a)
        self.assertEqual(registration.state, "submitted")
        self.assertFalse(registration.protection_end)
        response = self._post("/my/registrations/new", {"customer_name": "No token"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Registration.search_count([]), 1)

    def test_other_partner_and_missing_registrations_look_the_same(self):
        registration = self.env["prm.deal.registration"]._prm_partner_register(
            self.partner_a, {"customer_name": "Secret Customer"}
        )
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        for registration_id in (registration.id, registration.id + 1000):
            response = self.url_open(
                f"/my/registrations/{registration_id}", allow_redirects=False
            )
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.headers["Location"].endswith("/my"))
        self.assertNotIn("Secret Customer", self.url_open("/my/registrations").text)

    def test_public_visitor_gets_nothing(self):
        for url in ("/my/registrations", "/my/registrations/new"):
            response = self.url_open(url, allow_redirects=False)
            self.assertEqual(response.status_code, 303)
            self.assertIn("/web/login", response.headers["Location"])

    def test_another_addon_adds_a_sorting(self):
        self.env["prm.deal.registration"]._prm_partner_register(
            self.partner_a, {"customer_name": "Small deal", "expected_revenue": 10}
        )
        self.env["prm.deal.registration"]._prm_partner_register(
            self.partner_a, {"customer_name": "Large deal", "expected_revenue": 900}
        )
        sortings = RegistrationPortal._get_registration_searchbar_sortings

        def with_revenue(portal):
            return {
                **sortings(portal),
                "revenue": {"label": "Revenue", "order": "expected_revenue desc"},
            }

        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        with patch.object(
            RegistrationPortal, "_get_registration_searchbar_sortings", with_revenue
        ):
            page = self.url_open("/my/registrations?sortby=revenue").text
        self.assertIn("Revenue", page)
        self.assertLess(page.index("Large deal"), page.index("Small deal"))
