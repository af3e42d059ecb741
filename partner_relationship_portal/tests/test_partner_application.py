# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

CSRF_ANCHOR = '<input type="hidden" name="csrf_token" value="'


@tagged("post_install", "-at_install")
class TestPartnerApplication(HttpCase):
    def _csrf_token(self):
        page = self.url_open("/partners/apply")
        self.assertEqual(page.status_code, 200)
        return page.text.partition(CSRF_ANCHOR)[2].partition('"')[0]

    def _applications(self, name):
        return self.env["res.partner"].search(
            [("name", "=", name), ("is_company", "=", True)]
        )

    def test_public_visitor_applies(self):
        form = self.url_open("/partners/apply").text
        self.assertIn('name="message"', form, "an empty textarea is still shown")
        partner_type = self.env.ref(
            "partner_relationship.partner_type_network_operations"
        )
        response = self.url_open(
            "/partners/apply",
            data={
                "csrf_token": self._csrf_token(),
                "company_name": "Fjord Freight AS",
                "contact_name": "Ingrid Berg",
                "email": "ingrid@fjordfreight.example.com",
                "country_id": str(self.env.ref("base.no").id),
                "partner_type_id": str(partner_type.id),
                "message": "We run cross-dock hubs in Norway.",
                # Forged fields the form does not offer are ignored.
                "grade_id": "1",
                "is_channel_partner": "0",
                "partner_manager_id": "2",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("Fjord Freight AS", response.text)
        company = self._applications("Fjord Freight AS")
        self.assertEqual(len(company), 1)
        self.assertTrue(company.is_channel_partner)
        self.assertTrue(company.activation.is_application)
        self.assertEqual(company.partner_type_id, partner_type)
        self.assertFalse(company.grade_id)
        self.assertFalse(company.partner_manager_id)
        self.assertEqual(company.child_ids.name, "Ingrid Berg")
        self.assertTrue(company.activity_ids, "the channel team is asked to follow up")
        self.assertFalse(
            company.activity_ids.user_id.filtered("share"),
            "follow-up goes to a vendor user, not the public user",
        )

    def test_missing_fields_are_refused_and_nothing_is_created(self):
        response = self.url_open(
            "/partners/apply",
            data={
                "csrf_token": self._csrf_token(),
                "company_name": "Half Done Ltd",
                "contact_name": "",
                "email": "not-an-email",
                "country_id": "999999",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="error_contact_name"', response.text)
        self.assertIn('id="error_email"', response.text)
        self.assertIn('id="error_country_id"', response.text)
        self.assertIn("Half Done Ltd", response.text, "what was typed is kept")
        self.assertFalse(self._applications("Half Done Ltd"))

    @mute_logger("odoo.http")
    def test_missing_csrf_token_is_refused(self):
        response = self.url_open(
            "/partners/apply",
            data={
                "company_name": "Forged Ltd",
                "contact_name": "Eve",
                "email": "eve@forged.example.com",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._applications("Forged Ltd"))
