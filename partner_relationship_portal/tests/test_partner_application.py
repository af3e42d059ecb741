# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import html_escape, mute_logger

CSRF_ANCHOR = '<input type="hidden" name="csrf_token" value="'
LIMIT_PARAM = "partner_relationship_portal.application_limit_per_hour"
DUPLICATE_PARAM = "partner_relationship_portal.application_duplicate_days"


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

    def _apply(self, company_name, **values):
        """An anonymous visitor posts the form: the response."""
        return self.url_open(
            "/partners/apply",
            data={
                "csrf_token": self._csrf_token(),
                "company_name": company_name,
                "contact_name": "Ingrid Berg",
                "email": "{}@example.com".format(
                    "-".join(company_name.lower().split())
                ),
                "partner_type_id": str(
                    self.env.ref("partner_relationship.partner_type_reseller").id
                ),
                **values,
            },
        )

    def _age_log(self, **delta):
        """The applications received so far, as if received `delta` ago."""
        self.env.cr.execute(
            "UPDATE prm_application_log SET create_date = create_date - %s",
            (timedelta(**delta),),
        )
        self.env.invalidate_all()

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

    def test_a_visitor_applies_in_the_browser(self):
        """The form's script (captcha, none configured here) lets the
        application through."""
        self.start_tour("/partners/apply", "prm_partner_application")
        company = self._applications("Tour Fjord Freight AS")
        self.assertEqual(len(company), 1)
        self.assertEqual(
            company.partner_type_id,
            self.env.ref("partner_relationship.partner_type_reseller"),
        )
        self.assertEqual(company.email, "ingrid@tour-fjord.example.com")

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
        self.assertIn('id="error_partner_type_id"', response.text)
        self.assertIn("Half Done Ltd", response.text, "what was typed is kept")
        self.assertFalse(self._applications("Half Done Ltd"))

    def test_partner_types_are_explained_and_one_is_required(self):
        types = self.env["prm.partner.type"].search([])
        self.assertGreaterEqual(len(types), 8)
        form = self.url_open("/partners/apply").text
        self.assertIn('id="partner_type_descriptions"', form)
        for partner_type in types:
            self.assertIn(f'data-partner-type-id="{partner_type.id}"', form)
            self.assertIn(html_escape(partner_type.description), form)
        self.assertRegex(form, r'<select[^>]*name="partner_type_id"[^>]*required')
        response = self._apply(
            "Typeless AS", partner_type_id="", vat="NO 123", message="Hello"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="error_partner_type_id"', response.text)
        self.assertIn('value="NO 123"', response.text, "what was typed is kept")
        self.assertFalse(self._applications("Typeless AS"))
        # An archived type is not offered, nor taken.
        reseller = self.env.ref("partner_relationship.partner_type_reseller")
        reseller.active = False
        response = self._apply("Archived Type AS", partner_type_id=str(reseller.id))
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="error_partner_type_id"', response.text)
        # Without any type, the vendor's form does not ask for one.
        types.active = False
        form = self.url_open("/partners/apply").text
        self.assertNotIn('id="partner_type_descriptions"', form)
        response = self._apply("No Types AS", partner_type_id="")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(self._applications("No Types AS"))

    def test_applicant_receives_a_confirmation(self):
        self._apply("Confirmed AS", email="ola@confirmed.example.com")
        company = self._applications("Confirmed AS")
        self.assertEqual(company.prm_application_state, "to_review")
        self.assertEqual(company.lang, "en_US", "the language the form was read in")
        message = company.message_ids.filtered(
            lambda m: m.subject and "Your application" in m.subject
        )
        self.assertEqual(len(message), 1)
        self.assertIn("We received the application of", message.body)
        self.assertIn("Confirmed AS", message.body)
        self.assertIn(
            company,
            message.notification_ids.filtered(
                lambda n: n.notification_type == "email"
            ).res_partner_id,
            "e-mailed to the applicant",
        )

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

    def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_created(self):
        response = self._apply("Robot Spam Ltd", company_reference="RS-1")
        self.assertEqual(response.status_code, 200)
        self.assertIn('id="prm_application_received"', response.text)
        self.assertFalse(self._applications("Robot Spam Ltd"))
        self.assertFalse(self.env["prm.application.log"].search([]))
        form = self.url_open("/partners/apply").text
        self.assertIn('name="company_reference"', form)
        self.assertIn('aria-hidden="true"', form)

    def test_applications_per_address_and_hour_are_limited(self):
        self.env["ir.config_parameter"].set_param(LIMIT_PARAM, "2")
        for name in ("Flood One AS", "Flood Two AS"):
            self.assertEqual(self._apply(name).status_code, 200)
        response = self._apply("Flood Three AS")
        self.assertEqual(response.status_code, 429)
        self.assertIn('id="prm_application_too_many"', response.text)
        self.assertFalse(self._applications("Flood Three AS"))
        companies = self.env["res.partner"].search([("name", "=like", "Flood %")])
        self.assertEqual(len(companies), 2)
        # Counted in the database, not in a worker's memory; an hour later
        # the address may apply again.
        self._age_log(minutes=61)
        self.assertEqual(self._apply("Flood Three AS").status_code, 200)
        self.assertEqual(len(self._applications("Flood Three AS")), 1)
        Log = self.env["prm.application.log"]
        self.assertEqual(Log.search_count([("remote_addr", "=", "127.0.0.1")]), 3)
        with self.assertRaises(AccessError):
            Log.with_user(self.env.ref("base.public_user")).search([])

    def test_over_long_fields_are_refused_and_nothing_is_created(self):
        response = self._apply(
            "Long Winded Ltd",
            contact_name="x" * 251,
            vat="NO" + "9" * 40,
            message="spam " * 200_000,  # 1 MB
        )
        self.assertEqual(response.status_code, 400)
        for name in ("contact_name", "vat", "message"):
            self.assertIn(f'id="error_{name}"', response.text)
        self.assertIn("At most 5000 characters", response.text)
        self.assertFalse(self._applications("Long Winded Ltd"))
        self.assertFalse(self.env["prm.application.log"].search([]))

    def test_the_same_application_twice_is_one_application(self):
        first = self._apply(
            "Fjord Freight AS",
            email="ingrid@fjordfreight.example.com",
            vat="NO 987 654 321",
        )
        self.assertIn('id="prm_application_received"', first.text)
        company = self._applications("Fjord Freight AS")
        self.assertEqual(len(company), 1)
        self.assertEqual(company.vat, "NO 987 654 321")
        # The same e-mail, under another name; the same VAT, written otherwise.
        # Thanked as a new one: anyone may type a company's VAT number or
        # address, and must not learn from the answer that it applied.
        for name, values in (
            ("Fjord Freight", {"email": "Ingrid@FjordFreight.example.com"}),
            ("Fjordfrakt AS", {"vat": "no987654321", "message": "Second try"}),
        ):
            response = self._apply(name, **values)
            self.assertEqual(response.status_code, 200)
            self.assertIn('id="prm_application_received"', response.text)
            self.assertNotIn("already", response.text)
            self.assertIn(name, response.text)
            self.assertFalse(self._applications(name))
        self.assertIn("Second try", company.message_ids[0].body)
        self.assertIn("Applied again", company.message_ids[0].body)
        # After the duplicate window, it is a new application.
        self.env["ir.config_parameter"].set_param(DUPLICATE_PARAM, "30")
        self._age_log(days=31)
        Log = self.env["prm.application.log"]
        Log._gc_application_log()
        self.assertFalse(Log.search([]), "deleted after the window")
        self._apply("Fjordfrakt AS", vat="NO987654321")
        self.assertEqual(len(self._applications("Fjordfrakt AS")), 1)

    def test_an_id_that_is_not_ascii_digits_is_a_form_error(self):
        for value in ("\u00b2", "\u0663", "1" * 30, "-1"):
            with self.subTest(value=value):
                response = self._apply(
                    "Unicode Digits Ltd", country_id=value, partner_type_id=value
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn('id="error_country_id"', response.text)
                self.assertIn('id="error_partner_type_id"', response.text)
        self.assertFalse(self._applications("Unicode Digits Ltd"))

    def test_the_installed_captcha_is_asked(self):
        IrHttp = type(self.env["ir.http"])
        with patch.object(
            IrHttp, "_verify_request_recaptcha_token", lambda self, action: False
        ):
            response = self._apply("Captcha Bot Ltd")
        self.assertEqual(response.status_code, 400)
        self.assertIn('id="error_form"', response.text)

        # The captcha module's own (translated) message.
        refusal = "The CloudFlare human validation failed."

        def refuse(self, action):
            raise UserError(refusal)

        with patch.object(IrHttp, "_verify_request_recaptcha_token", refuse):
            response = self._apply("Captcha Bot Ltd")
        self.assertEqual(response.status_code, 400)
        self.assertIn("human validation failed", response.text)
        self.assertFalse(self._applications("Captcha Bot Ltd"))
        asked = []
        with patch.object(
            IrHttp,
            "_verify_request_recaptcha_token",
            lambda self, action: asked.append(action) or True,
        ):
            self.assertEqual(self._apply("Captcha Human Ltd").status_code, 200)
        self.assertEqual(asked, ["partner_application"])
        self.assertTrue(self._applications("Captcha Human Ltd"))
