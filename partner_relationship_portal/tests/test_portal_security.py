# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Adversarial suite: the portal user of partner B (the lowest privilege that
can log in) against partner A's records, over HTTP and over XML-RPC, plus a
public visitor and requests without CSRF token.

Every forbidden record must get exactly the answer a missing one gets, leak
nothing of its content, and stay unchanged."""

import base64
import re
import xmlrpc.client
from datetime import date, timedelta

from odoo.tests import tagged

from .portal_common import PortalCommon

MISSING_ID = 2_000_000_000
SECRET = "Confidential-A-7731"


@tagged("post_install", "-at_install")
class TestPortalSecurity(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        today = date.today()
        cls.product = env["product.product"].create(
            {
                "name": "Security Router",
                "default_code": "SEC-1",
                "prm_warranty_months": 12,
                "is_storable": True,
            }
        )
        cls.order = env["sale.order"].create(
            {
                "partner_id": cls.partner_a.id,
                "client_order_ref": SECRET,
                "order_line": [(0, 0, {"product_id": cls.product.id})],
            }
        )
        cls.order.action_confirm()
        cls.invoice = env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": cls.partner_a.id,
                "ref": SECRET,
                "invoice_line_ids": [
                    (0, 0, {"name": SECRET, "quantity": 1, "price_unit": 100})
                ],
            }
        )
        cls.invoice.action_post()
        cls.opportunity = env["crm.lead"].create(
            {
                "name": f"Opportunity {SECRET}",
                "type": "opportunity",
                "partner_assigned_id": cls.partner_a.id,
                "expected_revenue": 5000,
            }
        )
        cls.registration = env["prm.deal.registration"]._prm_partner_register(
            cls.partner_a,
            {
                "customer_name": f"Customer {SECRET}",
                "expected_revenue": 1000,
                "description": SECRET,
            },
        )
        cls.claim = env["prm.warranty.claim"]._prm_partner_create(
            cls.partner_a, {"product_id": cls.product.id, "problem": SECRET}
        )
        cls.attachment = env["ir.attachment"].create(
            {
                "name": "secret.txt",
                "raw": SECRET.encode(),
                "res_model": "prm.warranty.claim",
                "res_id": cls.claim.id,
            }
        )
        cls.ticket = env["helpdesk.ticket"]._prm_partner_open_request(
            cls.partner_a, {"name": f"Ticket {SECRET}", "description": SECRET}
        )
        budget = env["prm.fund.budget"].create(
            {
                "name": "Security MDF",
                "program_id": env.ref("partner_relationship.prm_program_partner").id,
                "date_start": today - timedelta(days=10),
                "date_end": today + timedelta(days=100),
                "amount": 10000,
            }
        )
        budget.action_open()
        cls.allocation = env["prm.fund.allocation"].create(
            {"budget_id": budget.id, "partner_id": cls.partner_a.id, "amount": 1000}
        )
        cls.fund_request = env["prm.fund.request"]._prm_partner_create(
            cls.allocation,
            {
                "name": f"Booth {SECRET}",
                "date_start": today,
                "date_end": today + timedelta(days=1),
                "planned_cost": 500,
                "objectives": "Meet buyers",
                "expected_results": "Leads",
            },
        )
        cls.fund_request.action_submit()
        cls.upload = env["prm.vmi.upload"]._prm_partner_upload(
            cls.partner_a,
            "secret.csv",
            (
                "type,product_code,location,date_from,date_to,quantity\n"
                f"stock,SEC-1,{SECRET},{today.isoformat()},,4\n"
            ).encode(),
        )
        env["prm.vmi.target"].create(
            {
                "partner_id": cls.partner_a.id,
                "product_id": cls.product.id,
                "min_qty": 50,
                "max_qty": 80,
            }
        )
        env["prm.vmi.proposal"]._compute_proposals()
        cls.proposal = env["prm.vmi.proposal"].search(
            [("partner_id", "=", cls.partner_a.id)]
        )
        cls.agreement = env["prm.agreement"].create(
            {
                "name": f"Agreement {SECRET}",
                "partner_id": cls.partner_a.id,
                "program_id": env.ref("partner_relationship.prm_program_partner").id,
                "date_start": today,
                "date_end": today + timedelta(days=365),
                "terms_document": base64.b64encode(SECRET.encode()),
                "terms_filename": "terms.pdf",
            }
        )
        cls.review = env["prm.review"].create(
            {"partner_id": cls.partner_a.id, "date_planned": today}
        )
        cls.subscription = env[
            "prm.shared.service.subscription"
        ]._prm_partner_subscribe(
            cls.partner_a, env.ref("partner_relationship.prm_shared_service_helpdesk")
        )
        cls.user_a.partner_id.prm_portal_admin = True
        cls.user_b.partner_id.prm_portal_admin = True

    def setUp(self):
        super().setUp()
        self.lead = self._lead_for(self.partner_a, name=f"Lead {SECRET}")

    # Helpers ----------------------------------------------------------------------

    def _answer(self, response, record_id):
        """What the user learns: status and where it is sent, id masked."""
        location = response.headers.get("Location", "")
        return response.status_code, re.sub(rf"\b{record_id}\b", "ID", location)

    def _assert_same_as_missing(self, method, url, record_id, data=None):
        """A's record and a missing id give the same answer, without A's data."""
        answers = []
        for target in (record_id, MISSING_ID):
            with self.subTest(method=method, url=url, target=target):
                target_url = url.format(id=target)
                if method == "GET":
                    response = self.url_open(target_url, allow_redirects=False)
                else:
                    response = self._post(
                        target_url, {"csrf_token": self.token, **(data or {})}
                    )
                self.assertNotIn(SECRET, response.text)
                self.assertNotIn(response.status_code, (200, 500))
                answers.append(self._answer(response, target))
        self.assertEqual(answers[0], answers[1], f"{method} {url} tells them apart")

    def _rpc(self, model, method, *args, **kwargs):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname,
            self.uid_b,
            "prm_portal_user_b",
            model,
            method,
            list(args),
            kwargs,
        )

    def _search_or_refused(self, model, record_id):
        """Ids found by a search, none when the model is out of reach."""
        try:
            return self._rpc(model, "search", [("id", "=", record_id)])
        except xmlrpc.client.Fault as fault:
            self.assertIn("not allowed to access", fault.faultString)
            return []

    # HTTP -----------------------------------------------------------------------------

    def test_http_reads_of_another_partner_look_missing(self):
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        routes = [
            ("/my/lead/{id}", self.lead.id),
            ("/my/opportunity/{id}", self.opportunity.id),
            ("/my/registrations/{id}", self.registration.id),
            ("/my/orders/{id}", self.order.id),
            ("/my/orders/{id}?report_type=pdf&download=true", self.order.id),
            ("/my/invoices/{id}", self.invoice.id),
            ("/my/invoices/{id}?report_type=pdf", self.invoice.id),
            ("/my/warranty/{id}", self.claim.id),
            ("/my/ticket/{id}", self.ticket.id),
            ("/my/inventory/{id}", self.upload.id),
            ("/my/relationship/agreement/{id}/terms", self.agreement.id),
            ("/web/content/{id}", self.attachment.id),
            ("/web/content/{id}?download=true", self.attachment.id),
        ]
        for url, record_id in routes:
            self._assert_same_as_missing("GET", url, record_id)

    def test_http_writes_on_another_partner_look_missing_and_change_nothing(self):
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        self.token = self._csrf("/my/account")
        today = date.today().isoformat()
        routes = [
            ("/my/lead/{id}/accept", self.lead.id, {}),
            ("/my/lead/{id}/decline", self.lead.id, {"reason": "no"}),
            (
                "/my/opportunity/{id}/progress",
                self.opportunity.id,
                {"probability": "100", "expected_revenue": "1"},
            ),
            (
                "/my/funds/allocation/{id}/request",
                self.allocation.id,
                {
                    "name": "Stolen",
                    "date_start": today,
                    "date_end": today,
                    "planned_cost": "900",
                },
            ),
            ("/my/funds/request/{id}/claim", self.fund_request.id, {"amount": "400"}),
            ("/my/relationship/agreement/{id}/sign", self.agreement.id, {}),
            ("/my/relationship/review/{id}", self.review.id, {"score_overall": "1"}),
            (
                "/my/services/subscription/{id}/request",
                self.subscription.id,
                {"name": "x", "description": "y"},
            ),
            ("/my/colleagues/{id}/revoke", self.user_a.partner_id.id, {}),
        ]
        for url, record_id, data in routes:
            self._assert_same_as_missing("POST", url, record_id, data)
        close = self._post(
            "/ticket/close",
            {"ticket_id": self.ticket.id, "stage_id": 1, "csrf_token": self.token},
        )
        missing = self._post(
            "/ticket/close",
            {"ticket_id": MISSING_ID, "stage_id": 1, "csrf_token": self.token},
        )
        self.assertEqual(close.status_code, missing.status_code)
        self.assertEqual(self.lead.prm_offer_state, "offered")
        self.assertEqual(self.lead.partner_assigned_id, self.partner_a)
        self.assertEqual(self.opportunity.expected_revenue, 5000)
        self.assertEqual(len(self.allocation.request_ids), 1)
        self.assertFalse(self.fund_request.claim_ids)
        self.assertFalse(self.agreement.date_signed)
        self.assertEqual(self.review.state, "planned")
        self.assertFalse(self.subscription.ticket_ids)
        self.assertTrue(self.user_a.active)
        self.assertFalse(self.ticket.stage_id.closed)

    def test_http_lists_show_only_own_records(self):
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        for url in (
            "/my/partner",
            "/my/leads",
            "/my/opportunities",
            "/my/registrations",
            "/my/orders",
            "/my/invoices",
            "/my/warranty",
            "/my/tickets",
            "/my/funds",
            "/my/inventory",
            "/my/relationship",
            "/my/services",
            "/my/colleagues",
            "/my/catalog",
            "/new/ticket",
        ):
            with self.subTest(url=url):
                response = self.url_open(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(SECRET, response.text)
                self.assertNotIn("Contact of Portal Partner A", response.text)

    def test_forged_fields_are_ignored_or_refused(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        token = self._csrf("/my/account")
        self._post(
            f"/my/funds/request/{self.fund_request.id}/claim",
            {"csrf_token": token, "amount": "1000000"},
        )
        self.assertFalse(
            self.fund_request.claim_ids, "a claim above the request is refused"
        )
        self._post(
            "/my/warranty/new",
            {
                "csrf_token": token,
                "product_id": str(self.product.id),
                "problem": "Forged claim",
                "state": "approved",
                "partner_id": str(self.partner_b.id),
                "outcome": "credit_note",
            },
        )
        claim = self.env["prm.warranty.claim"].search(
            [("problem", "=", "Forged claim")]
        )
        self.assertEqual(claim.partner_id, self.partner_a)
        self.assertEqual(claim.state, "submitted")
        self.assertFalse(claim.credit_note_id)
        page = self._post(
            "/my/cart/add",
            {"csrf_token": token, "product_id": str(self.product.id), "quantity": "1"},
        )
        self.assertEqual(page.status_code, 400)
        self.assertIn("choose one from the catalog", page.text)

    def test_session_cookie_is_same_site_lax(self):
        """A browser leaves the session out of another site's POST."""
        token = self._csrf("/web/login")
        response = self._post(
            "/web/login",
            {
                "login": "prm_portal_user_a",
                "password": "prm_portal_user_a",
                "csrf_token": token,
            },
        )
        self.assertEqual(response.status_code, 303)
        cookies = response.raw.headers.getlist("Set-Cookie")
        session = [cookie for cookie in cookies if cookie.startswith("session_id=")]
        self.assertTrue(session, "the login sets the session cookie")
        for cookie in session:
            self.assertIn("SameSite=Lax", cookie)
            self.assertIn("HttpOnly", cookie)

    def test_missing_csrf_token_is_refused(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        for url, data in (
            ("/my/cart/order", {"customer_name": "No token"}),
            ("/my/colleagues/invite", {"name": "No token", "email": "x@y.example"}),
            ("/my/warranty/new", {"product_id": str(self.product.id), "problem": "x"}),
            ("/submitted/ticket", {"subject": "No token", "description": "x"}),
            (f"/my/lead/{self.lead.id}/accept", {"confirm": "1"}),
            (f"/my/funds/request/{self.fund_request.id}/claim", {"amount": "10"}),
        ):
            with self.subTest(url=url):
                self.assertEqual(self._post(url, data).status_code, 400)
        self.assertEqual(self.lead.prm_offer_state, "offered")

    def test_public_visitor_gets_nothing(self):
        for url in (
            "/my/partner",
            "/my/catalog",
            "/my/cart",
            "/my/registrations",
            f"/my/registrations/{self.registration.id}",
            f"/my/lead/{self.lead.id}",
            "/my/warranty",
            f"/my/warranty/{self.claim.id}",
            "/my/funds",
            "/my/inventory",
            "/my/colleagues",
            f"/my/relationship/agreement/{self.agreement.id}/terms",
            f"/web/content/{self.attachment.id}",
        ):
            with self.subTest(url=url):
                response = self.url_open(url, allow_redirects=False)
                self.assertNotEqual(response.status_code, 200)
                self.assertNotIn(SECRET, response.text)

    # RPC -----------------------------------------------------------------------------

    def test_rpc_reads_and_writes_of_another_partner_are_refused(self):
        self.uid_b = self.xmlrpc_common.authenticate(
            self.env.cr.dbname, "prm_portal_user_b", "prm_portal_user_b", {}
        )
        self.assertTrue(self.uid_b)
        records = [
            ("crm.lead", self.lead.id),
            ("crm.lead", self.opportunity.id),
            ("sale.order", self.order.id),
            ("account.move", self.invoice.id),
            ("prm.deal.registration", self.registration.id),
            ("prm.warranty.claim", self.claim.id),
            ("helpdesk.ticket", self.ticket.id),
            ("ir.attachment", self.attachment.id),
            ("prm.fund.request", self.fund_request.id),
            ("prm.vmi.upload", self.upload.id),
            ("prm.vmi.proposal", self.proposal.id),
            ("prm.agreement", self.agreement.id),
        ]
        for model, record_id in records:
            with self.subTest(model=model, method="read"):
                with self.assertRaises(xmlrpc.client.Fault):
                    self._rpc(model, "read", [record_id], ["display_name"])
                self.assertFalse(self._search_or_refused(model, record_id))
            with self.subTest(model=model, method="write"):
                with self.assertRaises(xmlrpc.client.Fault):
                    self._rpc(model, "write", [record_id], {"display_name": "x"})
        for method in ("action_prm_accept", "action_prm_recall"):
            with self.subTest(method=method):
                with self.assertRaises(xmlrpc.client.Fault):
                    self._rpc("crm.lead", method, [self.lead.id])
        with self.assertRaises(xmlrpc.client.Fault):
            self._rpc("crm.lead", "action_prm_decline", [self.lead.id], "not mine")
        with self.assertRaises(xmlrpc.client.Fault, msg="private methods stay private"):
            self._rpc(
                "sale.order",
                "_prm_create_indirect_order",
                self.partner_a.id,
                self.partner_a.id,
                [],
            )
        with self.assertRaises(xmlrpc.client.Fault, msg="no tier of its own choosing"):
            self._rpc("res.partner", "write", [self.partner_b.id], {"grade_id": False})
        with self.assertRaises(xmlrpc.client.Fault, msg="no direct claim"):
            self._rpc(
                "prm.fund.claim",
                "create",
                {"request_id": self.fund_request.id, "amount": 1},
            )
        self.assertEqual(self.lead.prm_offer_state, "offered")
        self.assertEqual(self.partner_b.grade_id, self.tier)
