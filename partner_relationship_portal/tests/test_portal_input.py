# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Malformed input: every route of this addon (and the help desk's form
routes it keeps) walked with malformed ids and numbers in the path and in
each parameter it reads, as a logged-in partner with a valid CSRF token.
The answer is a page or a 4xx with a message, never a server error."""

import base64
import re
import threading
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode

from odoo.http import root
from odoo.tests import tagged

from .portal_common import PortalCommon

MALFORMED = ("²", "-1", "1e309", "nan", "abc", "99999999999999999999", "")
# The modules whose routes are walked: this addon's own, and the help desk's
# ticket form (/new/ticket, /submitted/ticket, /ticket/close).
WALKED_MODULES = (
    "odoo.addons.partner_relationship_portal.",
    "odoo.addons.helpdesk_mgmt.controllers.main",
)
# The public application form belongs to its own change (it uses the same
# parsers of controllers/common.py) and to test_partner_application.
ARGUMENT = re.compile(r"<[^<>]*?(\w+)>")
VIEWS = Path(__file__).parent.parent / "views"
FORM_FIELD = re.compile(r'<(?:input|select|textarea)\b[^>]*?\sname="([^"]+)"', re.S)


@tagged("post_install", "-at_install")
class TestPortalInput(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        today = date.today()
        cls.today = today.isoformat()
        cls.later = (today + timedelta(days=30)).isoformat()
        cls.user_a.partner_id.prm_portal_admin = True
        cls.colleague = cls._portal_user(cls.partner_a, "prm_portal_walk_colleague")
        cls.product = env["product.product"].create(
            {
                "name": "Walk Router",
                "default_code": "WALK-1",
                "is_central": True,
                "sale_ok": True,
                "list_price": 100,
                "prm_warranty_months": 12,
                "is_storable": True,
            }
        )
        order = env["sale.order"].create(
            {
                "partner_id": cls.partner_a.id,
                "order_line": [(0, 0, {"product_id": cls.product.id})],
            }
        )
        order.action_confirm()
        cls.customer = env["res.partner"].create(
            {"name": "Walk Bakery", "end_customer_of_id": cls.partner_a.id}
        )
        cls.opportunity = env["crm.lead"].create(
            {
                "name": "Walk opportunity",
                "type": "lead",
                "country_id": cls.us.id,
                "partner_declined_ids": [(6, 0, cls.partner_b.ids)],
            }
        )
        env["prm.lead.router"]._route(cls.opportunity)
        cls.opportunity.with_user(cls.user_a).action_prm_accept()
        cls.registration = env["prm.deal.registration"]._prm_partner_register(
            cls.partner_a, {"customer_name": "Walk Customer"}
        )
        cls.claim = env["prm.warranty.claim"]._prm_partner_create(
            cls.partner_a, {"product_id": cls.product.id, "problem": "Walk"}
        )
        cls.upload = env["prm.vmi.upload"]._prm_partner_upload(
            cls.partner_a,
            "walk.csv",
            (
                "type,product_code,location,date_from,date_to,quantity\n"
                f"stock,WALK-1,Main,{cls.today},,4\n"
            ).encode(),
        )
        program = env.ref("partner_relationship.prm_program_partner")
        cls.agreement = env["prm.agreement"].create(
            {
                "name": "Walk Agreement",
                "partner_id": cls.partner_a.id,
                "program_id": program.id,
                "date_start": today,
                "date_end": today + timedelta(days=365),
                "terms_document": base64.b64encode(b"%PDF walk"),
                "terms_filename": "terms.pdf",
            }
        )
        cls.review = env["prm.review"].create(
            {"partner_id": cls.partner_a.id, "date_planned": today}
        )
        cls.service = env.ref("partner_relationship.prm_shared_service_helpdesk")
        cls.subscription = env[
            "prm.shared.service.subscription"
        ]._prm_partner_subscribe(cls.partner_a, cls.service)
        budget = env["prm.fund.budget"].create(
            {
                "name": "Walk MDF",
                "program_id": program.id,
                "date_start": today - timedelta(days=10),
                "date_end": today + timedelta(days=100),
                "amount": 10000,
            }
        )
        budget.action_open()
        cls.allocation = env["prm.fund.allocation"].create(
            {"budget_id": budget.id, "partner_id": cls.partner_a.id, "amount": 5000}
        )
        cls.fund_request = env["prm.fund.request"]._prm_partner_create(
            cls.allocation,
            {
                "name": "Walk booth",
                "date_start": today - timedelta(days=5),
                "date_end": today - timedelta(days=4),
                "planned_cost": 500,
                "objectives": "Meet buyers",
                "expected_results": "Leads",
            },
        )
        cls.fund_request.action_submit()
        cls.fund_request.action_approve()
        cls.ticket = env["helpdesk.ticket"]._prm_partner_open_request(
            cls.partner_a, {"name": "Walk ticket", "description": "Walk"}
        )
        cls.closing = env["helpdesk.ticket.stage"].create(
            {"name": "Walk closed", "closed": True, "close_from_portal": True}
        )

    def setUp(self):
        super().setUp()
        self.lead = self._lead_for(self.partner_a, name="Walk lead")

    # What each route reads (its path arguments, then its query or form
    # parameters), with a valid value: one at a time is made malformed.

    def _routes(self):
        today, later = self.today, self.later
        lists = {"sortby": "name", "message": "x"}
        leads = {
            "sortby": "name",
            "filterby": "awaiting",
            "search": "Walk",
            "date_begin": today,
            "date_end": later,
            "message": "declined",
        }
        catalog = {
            "sortby": "code",
            "filterby": "all",
            "search": "Walk",
            "message": "added",
            "product_id": self.product.id,
        }
        new_customer = {
            "end_customer_id": "",
            "customer_name": "Walk Clinic",
            "customer_email": "clinic@walk.example",
            "customer_phone": "+1 555",
            "customer_vat": "US-1",
            "customer_street": "1 Walk St",
            "customer_zip": "12345",
            "customer_city": "Walkton",
            "customer_country_id": self.us.id,
            "deliver_to": "customer",
            "client_order_ref": "WALK",
            "opportunity_id": self.opportunity.id,
        }
        return {
            "/my": ({}, {}),
            "/my/home": ({}, {}),
            "/my/counters": ({}, {"counters": "prm_fund_count"}),
            "/my/partner": ({}, {}),
            "/my/leads": ({}, leads),
            "/my/leads/page/<page>": ({"page": 1}, leads),
            "/my/opportunities": ({}, {**leads, "filterby": "won"}),
            "/my/opportunities/page/<page>": ({"page": 1}, leads),
            "/my/lead/<lead>": ({"lead": self.lead.id}, {"message": "accepted"}),
            "/my/opportunity/<opp>": (
                {"opp": self.opportunity.id},
                {"message": "progress"},
            ),
            "/my/lead/<lead_id>/accept": ({"lead_id": self.lead.id}, {}),
            "/my/lead/<lead_id>/decline": (
                {"lead_id": self.lead.id},
                {"reason": "Too far"},
            ),
            "/my/opportunity/<lead_id>/progress": (
                {"lead_id": self.opportunity.id},
                {
                    "stage_id": self.opportunity.stage_id.id,
                    "probability": "50",
                    "expected_revenue": "1000",
                    "date_deadline": later,
                    "activity_summary": "Call",
                    "activity_date": later,
                    "outcome": "",
                    "lost_reason_id": "",
                    "lost_feedback": "",
                },
            ),
            "/my/registrations": ({}, lists),
            "/my/registrations/page/<page>": ({"page": 1}, lists),
            "/my/registrations/<registration_id>": (
                {"registration_id": self.registration.id},
                {"access_token": "x", "message": "submitted"},
            ),
            "/my/registrations/new": (
                {},
                {
                    "customer_name": "Walk Customer 2",
                    "customer_vat": "US-2",
                    "customer_email_domain": "walk.example",
                    "contact_name": "Wally",
                    "contact_email": "wally@walk.example",
                    "contact_phone": "+1 555",
                    "expected_revenue": "1000",
                    "date_close": later,
                    "country_id": self.us.id,
                    "description": "Walk",
                },
            ),
            "/my/warranty": ({}, lists),
            "/my/warranty/page/<page>": ({"page": 1}, lists),
            "/my/warranty/<claim_id>": (
                {"claim_id": self.claim.id},
                {"access_token": "x"},
            ),
            "/my/warranty/new": (
                {},
                {
                    "product_id": self.product.id,
                    "lot": "",
                    "purchase_date": today,
                    "end_customer_id": self.customer.id,
                    "problem": "Walk",
                },
            ),
            "/my/inventory": ({}, {}),
            "/my/inventory/template.csv": ({}, {}),
            "/my/inventory/<upload_id>": (
                {"upload_id": self.upload.id},
                {"access_token": "x"},
            ),
            "/my/inventory/upload": ({}, {"file": "x", "import_valid_rows": "on"}),
            "/my/relationship": (
                {},
                {"message": "signed", "agreement_id": self.agreement.id},
            ),
            "/my/relationship/agreement/<agreement_id>/terms": (
                {"agreement_id": self.agreement.id},
                {},
            ),
            "/my/relationship/agreement/<agreement_id>/sign": (
                {"agreement_id": self.agreement.id},
                {"agree": "on"},
            ),
            "/my/relationship/review/<review_id>": (
                {"review_id": self.review.id},
                {
                    "partner_score_mutual_benefit": "4",
                    "partner_score_fairness": "4",
                    "partner_score_trust": "4",
                    "partner_comment": "Walk",
                },
            ),
            "/my/services": (
                {},
                {
                    "message": "requested",
                    "ticket_id": self.ticket.id,
                    "service_id": self.service.id,
                },
            ),
            "/my/services/<service_id>/subscribe": (
                {"service_id": self.service.id},
                {"accept_terms": "on"},
            ),
            "/my/services/subscription/<subscription_id>/request": (
                {"subscription_id": self.subscription.id},
                {"name": "Walk", "description": "Walk"},
            ),
            "/my/funds": ({}, {"message": "requested", "request_id": 1}),
            "/my/funds/page/<page>": ({"page": 1}, {"message": "claimed"}),
            "/my/funds/allocation/<allocation_id>/request": (
                {"allocation_id": self.allocation.id},
                {
                    "name": "Walk fair",
                    "description": "Walk",
                    "date_start": today,
                    "date_end": today,
                    "planned_cost": "10",
                    "objectives": "Walk",
                    "expected_results": "Walk",
                },
            ),
            "/my/funds/request/<request_id>/edit": (
                {"request_id": self.fund_request.id},
                {
                    "name": "Walk fair",
                    "description": "Walk",
                    "objectives": "Walk",
                    "expected_results": "Walk",
                    "date_start": today,
                    "date_end": today,
                    "planned_cost": "10",
                },
            ),
            "/my/funds/request/<request_id>/claim": (
                {"request_id": self.fund_request.id},
                {"amount": "10", "partner_invoice_ref": "WALK-1"},
            ),
            "/my/catalog": ({}, catalog),
            "/my/catalog/page/<page>": ({"page": 1}, catalog),
            "/my/cart/add": (
                {},
                {
                    "product_id": self.product.id,
                    "quantity": "1",
                    "back": "/my/catalog/page/1?search=Walk",
                },
            ),
            "/my/cart": (
                {},
                {"message": "updated", "opportunity_id": self.opportunity.id},
            ),
            "/my/cart/update": ({}, {f"quantity_{self.product.id}": "2"}),
            "/my/cart/order": ({}, new_customer),
            "/my/colleagues": (
                {},
                {"message": "invited", "contact_id": self.colleague.partner_id.id},
            ),
            "/my/colleagues/invite": (
                {},
                {"name": "Walk Colleague", "email": "colleague@walk.example"},
            ),
            "/my/colleagues/<contact_id>/revoke": (
                {"contact_id": self.colleague.partner_id.id},
                {},
            ),
            "/new/ticket": ({}, {}),
            "/submitted/ticket": (
                {},
                {
                    "subject": "Walk",
                    "description": "Walk",
                    "category": "",
                    "end_customer_id": self.customer.id,
                    "product_id": self.product.id,
                    "serial": "",
                },
            ),
            "/ticket/close": (
                {},
                {"ticket_id": self.ticket.id, "stage_id": self.closing.id},
            ),
            "/partners/apply": (
                {},
                {
                    "company_name": "Walk Resellers",
                    "contact_name": "Wanda",
                    "email": "wanda@walk-resellers.example",
                    "phone": "+1 555",
                    "website": "https://walk-resellers.example",
                    "vat": "US-3",
                    "country_id": self.us.id,
                    "partner_type_id": self.env.ref(
                        "partner_relationship.partner_type_value_added_supplier"
                    ).id,
                    "message": "Walk",
                    "company_reference": "",
                },
            ),
        }

    def _walked_rules(self):
        """[(rule, route, methods)] of the routing map that are walked."""
        rules = []
        # The routing map is built for the thread's database (a request's).
        thread = threading.current_thread()
        dbname = getattr(thread, "dbname", None)
        thread.dbname = self.env.cr.dbname
        try:
            routing_map = self.env["ir.http"].routing_map()
        finally:
            if dbname is None:
                del thread.dbname
            else:
                thread.dbname = dbname
        for rule in routing_map.iter_rules():
            module = getattr(rule.endpoint, "__module__", "") or ""
            if not module.startswith(WALKED_MODULES):
                continue
            methods = sorted((rule.methods or {"GET"}) - {"OPTIONS", "HEAD"})
            rules.append((rule, ARGUMENT.sub(r"<\1>", rule.rule), methods))
        return rules

    def _url(self, rule, path_args):
        return ARGUMENT.sub(
            lambda match: quote(str(path_args[match.group(1)])), rule.rule
        )

    def _request(self, method, url, data):
        if method == "GET":  # followed to the page (lead pages add their slug)
            query = urlencode(data)
            return self.url_open(f"{url}?{query}" if query else url)
        return self._post(url, {**data, "csrf_token": self.token})

    def _check(self, failures, method, url, data):
        response = self._request(method, url, data)
        if response.status_code >= 500 or (
            response.status_code >= 400 and not response.text.strip()
        ):
            failures.append(f"{method} {url} {data}: {response.status_code}")

    def test_every_route_answers_malformed_input_without_error(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        self.token = self._csrf("/my/account")
        # Every malformed application is read, not stopped by the hourly limit.
        self.env["ir.config_parameter"].set_param(
            "partner_relationship_portal.application_limit_per_hour", 0
        )
        routes = self._routes()
        walked = self._walked_rules()
        self.assertGreater(len(walked), 40)
        missing = {route for __, route, __ in walked} - set(routes)
        self.assertFalse(missing, "routes to add to the walk, with their parameters")
        failures = []
        # A value the form lets through and the database refuses is a bug too.
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            self._walk(walked, routes, failures)
        self.assertFalse(failures, "\n".join(failures))

    def _walk(self, walked, routes, failures):
        # Pages first, then the forms (which change the records).
        for rule, route, methods in sorted(walked, key=lambda r: r[2] != ["GET"]):
            path_args, params = routes[route]
            for method in methods:
                path = self._url(rule, path_args)
                self._check(failures, method, path, params)
                for value in MALFORMED:
                    for name in path_args:
                        bad_path = self._url(rule, {**path_args, name: value})
                        self._check(failures, method, bad_path, params)
                    for name in params:
                        if route == "/my/cart/order":
                            self._post(  # an order empties the cart
                                "/my/cart/add",
                                {
                                    "csrf_token": self.token,
                                    "product_id": self.product.id,
                                },
                            )
                        self._check(failures, method, path, {**params, name: value})
                if method == "POST" and "GET" not in methods:
                    self._check(failures, "GET", path, params)

    def test_every_form_field_is_walked(self):
        """The static fields of this addon's forms are all in the walk."""
        walked = {name for __, params in self._routes().values() for name in params}
        for view in VIEWS.glob("*.xml"):
            for name in FORM_FIELD.findall(view.read_text()):
                with self.subTest(view=view.name, field=name):
                    self.assertIn(
                        name, walked | {"csrf_token", "proofs", "attachments"}
                    )

    # The cases of the issue, with their message ------------------------------------

    def test_malformed_values_are_refused_with_their_reason(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        self.token = self._csrf("/my/account")
        cases = [
            (
                "/my/registrations/new",
                {"customer_name": "Walk", "country_id": "²"},
                "Country: choose a value from the list.",
            ),
            (
                "/my/cart/add",
                {"product_id": "²", "quantity": "1"},
                "Product: choose a value from the list.",
            ),
            (
                "/my/cart/add",
                {"product_id": self.product.id, "quantity": "nan"},
                "Quantity: enter a number.",
            ),
            (
                "/my/cart/order",
                {"end_customer_id": "²"},
                "Cart: add products from the catalog.",
            ),
            (
                "/submitted/ticket",
                {"subject": "Walk", "description": "Walk", "product_id": "²"},
                "Product: choose a value from the list.",
            ),
            (
                f"/my/relationship/review/{self.review.id}",
                {
                    "partner_score_mutual_benefit": "²",
                    "partner_score_fairness": "4",
                    "partner_score_trust": "4",
                },
                "Give each side a score from 1 to 5.",
            ),
            (
                f"/my/funds/request/{self.fund_request.id}/claim",
                {"amount": "1e309"},
                "Amount: enter a number.",
            ),
            (
                f"/my/opportunity/{self.opportunity.id}/progress",
                {"expected_revenue": "inf"},
                "Expected Revenue: enter a number.",
            ),
            (  # required: refused by the form, not by the database
                f"/my/funds/allocation/{self.allocation.id}/request",
                {"name": "Walk fair", "date_start": "", "date_end": self.today},
                "Start Date: enter a date (YYYY-MM-DD).",
            ),
        ]
        for url, data, message in cases:
            with self.subTest(url=url, data=data):
                response = self._request("POST", url, data)
                self.assertEqual(response.status_code, 400)
                self.assertTrue(message in response.text, f"{message!r} not shown")
        self._request("POST", "/my/cart/add", {"product_id": self.product.id})
        response = self._request("POST", "/my/cart/order", {"end_customer_id": "²"})
        self.assertEqual(response.status_code, 400)
        message = "End Customer: choose a value from the list."
        self.assertTrue(message in response.text, f"{message!r} not shown")
        self.assertFalse(self.fund_request.claim_ids)
        self.assertFalse(self.review.partner_score_fairness)

    def test_the_cart_never_keeps_nan(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        self.token = self._csrf("/my/account")
        self._request(
            "POST", "/my/cart/add", {"product_id": self.product.id, "quantity": "nan"}
        )
        self.assertEqual(self.url_open("/my/cart").status_code, 200)
        self.assertNotIn("prm_cart_line", self.url_open("/my/cart").text)
        self._request("POST", "/my/cart/add", {"product_id": self.product.id})
        self._request("POST", "/my/cart/update", {f"quantity_{self.product.id}": "inf"})
        # A cart stored before this check (nan in the session) is read
        # without the bad line.
        self.session["prm_cart"] = {
            str(self.product.id): float("nan"),
            "²": 1,
            "x": "y",
        }
        root.session_store.save(self.session)
        response = self.url_open("/my/cart")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Your cart is empty", response.text)
