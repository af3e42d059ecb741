# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal pages that only read run on the read-only replica
(db_replica_host), every write on the primary. Odoo's test cursor simulates
the replica: a read-only request's transaction is READ ONLY, and a page
that writes fails there and is served again on the primary (Odoo logs it as
a warning); the requests here must not be."""

import base64
import threading
from datetime import timedelta
from unittest.mock import patch

import odoo
from odoo import fields, http
from odoo.tests import tagged

from odoo.addons.partner_relationship_portal.controllers.common import get_reads_only

from .portal_common import PortalCommon

ADDON_MODULE = "odoo.addons.partner_relationship_portal."
READ_ONLY = "read-only"
GET_READ_ONLY = "GET read-only, not after a form"
READ_WRITE = "read/write"

# Each route of the addon (the endpoint's method) and where it runs: on the
# replica (read-only); on the replica for a GET, except the page a form
# redirects to (?message=: it shows what was just written); on the primary.
ROUTE_MODES = {
    # Odoo's home and its counters (read-only in Odoo already).
    "home": GET_READ_ONLY,
    "counters": READ_ONLY,
    "portal_my_partner": READ_ONLY,
    "application_form": READ_ONLY,
    "application_submit": READ_WRITE,
    "portal_my_colleagues": GET_READ_ONLY,
    "portal_invite_colleague": READ_WRITE,
    "portal_revoke_colleague": READ_WRITE,
    "portal_my_funds": GET_READ_ONLY,
    "portal_fund_request": READ_WRITE,
    "portal_fund_request_edit": GET_READ_ONLY,
    "portal_fund_claim": READ_WRITE,
    # Odoo's lead and opportunity pages, with the partner's answers.
    "portal_my_leads": GET_READ_ONLY,
    "portal_my_opportunities": GET_READ_ONLY,
    "portal_my_lead": GET_READ_ONLY,
    "portal_my_opportunity": GET_READ_ONLY,
    "portal_lead_accept": READ_WRITE,
    "portal_lead_decline": READ_WRITE,
    "portal_opportunity_progress": READ_WRITE,
    "portal_my_catalog": GET_READ_ONLY,
    "portal_cart_add": READ_WRITE,
    "portal_my_cart": GET_READ_ONLY,
    "portal_cart_update": READ_WRITE,
    "portal_cart_order": READ_WRITE,
    "portal_my_registrations": READ_ONLY,
    # Odoo's records pager writes the access token of the records it links.
    "portal_my_registration": READ_WRITE,
    "portal_registration_new": READ_ONLY,
    "portal_registration_submit": READ_WRITE,
    "portal_my_relationship": GET_READ_ONLY,
    "portal_agreement_terms": READ_ONLY,
    "portal_agreement_sign": READ_WRITE,
    "portal_review_answer": READ_WRITE,
    "portal_my_warranty_claims": READ_ONLY,
    "portal_my_warranty_claim": READ_WRITE,
    "portal_warranty_claim_new": READ_ONLY,
    "portal_warranty_claim_submit": READ_WRITE,
    "portal_my_inventory": READ_ONLY,
    "portal_inventory_template": READ_ONLY,
    "portal_inventory_upload": READ_WRITE,
    "portal_inventory_upload_page": READ_WRITE,
    "portal_my_services": GET_READ_ONLY,
    "portal_service_subscribe": READ_WRITE,
    "portal_service_request": READ_WRITE,
    # The help desk's form and closing, overridden.
    "submit_ticket": READ_WRITE,
    "support_ticket_close": READ_WRITE,
}


@tagged("post_install", "-at_install")
class TestPortalReplica(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.today()
        cls.agreement = cls.env["prm.agreement"].create(
            {
                "name": "Replica agreement",
                "partner_id": cls.partner_a.id,
                "program_id": cls.env.ref(
                    "partner_relationship.prm_program_partner"
                ).id,
                "date_start": today - timedelta(days=10),
                "date_end": today + timedelta(days=355),
                "terms_document": base64.b64encode(b"The terms."),
                "terms_filename": "terms.txt",
            }
        )

    def _addon_routes(self):
        """{endpoint method: its mode} of the addon's routes (Odoo's routes
        the addon overrides included)."""
        IrHttp = self.env["ir.http"]
        modules = self.env.registry._init_modules | set(odoo.conf.server_wide_modules)
        modes = {}
        for _url, endpoint in IrHttp._generate_routing_rules(
            sorted(modules), converters=IrHttp._get_converters()
        ):
            method = endpoint.func
            name = method.__name__
            if not any(
                cls.__module__.startswith(ADDON_MODULE) and name in vars(cls)
                for cls in type(method.__self__).mro()
            ):
                continue
            readonly = endpoint.routing["readonly"]
            modes[name] = (
                GET_READ_ONLY
                if readonly is get_reads_only
                else READ_ONLY
                if readonly is True
                else READ_WRITE
                if readonly is False
                else repr(readonly)
            )
        return modes

    def test_only_pages_that_read_run_on_the_replica(self):
        self.assertEqual(self._addon_routes(), ROUTE_MODES)

    def _serve(self, method, url, **kwargs):
        """The response to a request, and how its transaction ran: "ro" (on
        the replica), "rw" (on the primary), "ro->rw" (on the replica, then
        again on the primary because it wrote)."""
        modes = []
        transactioning = http.Request._transactioning

        def spy(request, func, readonly):
            try:
                return transactioning(request, func, readonly)
            finally:
                modes.append(threading.current_thread().cursor_mode)

        with patch.object(http.Request, "_transactioning", spy):
            response = self.url_open(
                url, data=kwargs.pop("data", None), allow_redirects=False, **kwargs
            )
        self.assertEqual(response.request.method, method)
        self.assertEqual(len(modes), 1, url)
        return response, modes[0]

    def test_pages_render_on_the_replica_and_answers_go_to_the_primary(self):
        lead = self._lead_for(self.partner_a)
        # Odoo's canonical URL of a record in the path (no redirect).
        slug = self.env["ir.http"]._slug(lead)
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        pages = [
            "/my",
            "/my/home",
            "/my/partner",
            "/my/leads",
            f"/my/lead/{slug}",
            "/my/opportunities",
            "/my/colleagues",
            "/my/funds",
            "/my/catalog",
            "/my/cart",
            "/my/registrations",
            "/my/registrations/new",
            "/my/relationship",
            f"/my/relationship/agreement/{self.agreement.id}/terms",
            "/my/warranty",
            "/my/warranty/new",
            "/my/inventory",
            "/my/inventory/template.csv",
            "/my/services",
        ]
        with self.assertNoLogs("odoo.http", "WARNING"):
            for url in pages:
                with self.subTest(url=url):
                    response, mode = self._serve("GET", url)
                    self.assertEqual(
                        (url, response.status_code, mode), (url, 200, "ro")
                    )
            token = self._csrf(f"/my/lead/{slug}")
            response, mode = self._serve(
                "POST", f"/my/lead/{lead.id}/accept", data={"csrf_token": token}
            )
            self.assertEqual(response.status_code, 303)
            self.assertEqual(mode, "rw")
            self.assertEqual(lead.prm_offer_state, "accepted")
            # The page the answer redirects to reads what it wrote: the
            # primary's.
            self.assertIn("message=accepted", response.headers["Location"])
            response, mode = self._serve(
                "GET", f"/my/opportunity/{slug}?message=accepted"
            )
            self.assertEqual((response.status_code, mode), (200, "rw"))
            response, mode = self._serve("GET", f"/my/opportunity/{slug}")
            self.assertEqual((url, response.status_code, mode), (url, 200, "ro"))
            self.assertIn("Portal lead", response.text)

    def test_public_application_form_on_the_replica(self):
        with self.assertNoLogs("odoo.http", "WARNING"):
            response, mode = self._serve("GET", "/partners/apply")
        self.assertEqual((response.status_code, mode), (200, "ro"))
