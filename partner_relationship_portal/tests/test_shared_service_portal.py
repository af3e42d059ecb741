# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestSharedServicePortal(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.helpdesk = cls.env.ref("partner_relationship.prm_shared_service_helpdesk")

    def test_subscribe_and_request(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        page = self.url_open("/my/services")
        self.assertIn("Help Desk", page.text)
        token = self._csrf("/my/services")
        url = f"/my/services/{self.helpdesk.id}/subscribe"
        page = self._post(url, {"csrf_token": token})
        self.assertEqual(page.status_code, 400)
        self.assertIn("Tick the box", page.text)
        Subscription = self.env["prm.shared.service.subscription"]
        self.assertFalse(Subscription.search([("partner_id", "=", self.partner_a.id)]))
        self._post(
            url,
            {
                "csrf_token": token,
                "accept_terms": "on",
                "partner_id": self.partner_b.id,
            },
        )
        subscription = Subscription.search([("service_id", "=", self.helpdesk.id)])
        self.assertEqual(subscription.partner_id, self.partner_a)
        self.assertEqual(subscription.terms_accepted_by_id, self.user_a)
        response = self._post(
            f"/my/services/subscription/{subscription.id}/request",
            {
                "csrf_token": token,
                "name": "Customer locked out",
                "description": "Please reset",
                "team_id": "1",
            },
        )
        ticket = subscription.ticket_ids
        self.assertEqual(ticket.name, "Customer locked out")
        self.assertEqual(ticket.team_id, self.helpdesk.team_id)
        self.assertIn(
            f"Request {ticket.number} sent to the Help Desk team.",
            self.url_open(response.headers["Location"]).text,
        )

    def test_other_company_subscription_is_not_found(self):
        subscription = self.env[
            "prm.shared.service.subscription"
        ]._prm_partner_subscribe(self.partner_a, self.helpdesk)
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        token = self._csrf("/my/services")
        for subscription_id in (subscription.id, subscription.id + 1000):
            response = self._post(
                f"/my/services/subscription/{subscription_id}/request",
                {"csrf_token": token, "name": "x", "description": "y"},
            )
            self.assertEqual(response.status_code, 404)
        self.assertFalse(subscription.ticket_ids)
        response = self._post(
            "/my/services/999999/subscribe", {"csrf_token": token, "accept_terms": "on"}
        )
        self.assertEqual(response.status_code, 404)
