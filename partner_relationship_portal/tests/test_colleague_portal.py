# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestColleaguePortal(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user_a.partner_id.prm_portal_admin = True

    def _invite(self, name, email):
        return self._post(
            "/my/colleagues/invite",
            {"name": name, "email": email, "csrf_token": self._csrf("/my/account")},
        )

    def test_admin_invites_and_removes_a_colleague(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        invited = self._invite("Carla Chen", "carla@partner-a.example")
        self.assertEqual(invited.status_code, 303)
        carla = self.env["res.users"].search(
            [("login", "=", "carla@partner-a.example")]
        )
        self.assertTrue(carla.has_group("base.group_portal"))
        self.assertEqual(carla.commercial_partner_id, self.partner_a)
        self.assertTrue(carla.partner_id.signup_type, "invited by e-mail to sign up")
        page = self.url_open(invited.headers["Location"]).text
        self.assertIn("Invitation sent to carla@partner-a.example", page)
        self.assertIn("Carla Chen", page)
        self.assertNotIn("Contact of Portal Partner B", page)
        again = self._invite("Carla", "carla@partner-a.example")
        self.assertEqual(again.status_code, 400)
        self.assertIn("already has", again.text)
        revoked = self._post(
            f"/my/colleagues/{carla.partner_id.id}/revoke",
            {"csrf_token": self._csrf("/my/colleagues")},
        )
        self.assertFalse(carla.active)
        page = self.url_open(revoked.headers["Location"]).text
        self.assertIn("Carla Chen no longer has access", page)
        self.assertEqual(page.count("Carla Chen"), 1, "only in the message")

    def test_colleagues_share_the_company_records(self):
        lead = self._lead_for(self.partner_a, name="Shared clinic lead")
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        self._invite("Dan Wu", "dan@partner-a.example")
        dan = self.env["res.users"].search([("login", "=", "dan@partner-a.example")])
        dan.password = "dan-password-1"
        self.authenticate("dan@partner-a.example", "dan-password-1")
        self.assertIn("Shared clinic lead", self.url_open(f"/my/lead/{lead.id}").text)

    def test_only_the_admin_manages_colleagues(self):
        colleague = self._portal_user(self.partner_a, "prm_portal_colleague_plain")
        self.authenticate("prm_portal_colleague_plain", "prm_portal_colleague_plain")
        users = self.env["res.users"].search_count([])
        self.assertIn(
            "ask your company's portal administrator",
            self.url_open("/my/colleagues").text,
        )
        self.assertIn(
            "portal administrator may manage colleagues",
            self._invite("Eve", "eve@partner-a.example").text,
        )
        self.assertEqual(self.env["res.users"].search_count([]), users)
        response = self._post(
            f"/my/colleagues/{self.user_a.partner_id.id}/revoke",
            {"csrf_token": self._csrf("/my/account")},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("portal administrator may manage colleagues", response.text)
        self.assertTrue(self.user_a.active)
        # The admin of A cannot touch B's users: same answer as a missing contact.
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        token = self._csrf("/my/colleagues")
        for contact_id in (self.user_b.partner_id.id, 999999999):
            response = self._post(
                f"/my/colleagues/{contact_id}/revoke", {"csrf_token": token}
            )
            self.assertEqual(response.status_code, 404)
        self.assertTrue(self.user_b.active)
        self.assertTrue(colleague.active)
