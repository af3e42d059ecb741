# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import html
import re
from datetime import date
from urllib.parse import unquote

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form

from odoo.addons.base.tests.common import new_test_user

from .common import PartnerRelationshipCommon

WELCOME_SUBJECT = "Welcome to the partner network"


class TestApplications(PartnerRelationshipCommon):
    """The channel manager's applications queue: duplicates, approval with a
    welcome and portal invitation, rejection with a reason, and the end of
    onboarding."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.type_reseller = cls.env.ref("partner_relationship.partner_type_reseller")
        cls.northwind = cls.env["res.partner"].create(
            {
                "name": "Northwind Traders",
                "is_company": True,
                "vat": "BE0477472701",
                "email": "contact@northwind-traders.example.com",
            }
        )

    def _apply(self, company_name, email, **values):
        """A company applies through the website (as the public form does)."""
        return (
            self.env["res.partner"]
            .sudo()
            ._prm_create_application(
                {
                    "company_name": company_name,
                    "contact_name": f"Contact of {company_name}",
                    "email": email,
                    "partner_type_id": self.type_reseller.id,
                    "message": "We would like to resell your products.",
                    **values,
                }
            )
        )

    def _mails_to(self, partner, subject):
        return self.env["mail.mail"].search(
            [("recipient_ids", "in", partner.ids), ("subject", "ilike", subject)]
        )

    def _reject(self, application, reason, user=None):
        wizard = (
            self.env["prm.application.reject.wizard"]
            .with_user(user or self.channel_manager)
            .with_context(active_model="res.partner", active_ids=application.ids)
            .create({"reason": reason})
        )
        return wizard.action_reject()

    # Types -----------------------------------------------------------------------

    def test_reseller_and_distributor_are_types_with_their_kind(self):
        distributor = self.env.ref("partner_relationship.partner_type_distributor")
        self.assertEqual(self.type_reseller.relationship_kind, "market_facing")
        self.assertEqual(distributor.relationship_kind, "market_facing")
        self.assertTrue(self.type_reseller.description)
        self.assertTrue(distributor.description)
        application = self._apply("Fjord Resale AS", "ingrid@fjordresale.example.com")
        self.assertEqual(application.partner_type_id, self.type_reseller)
        self.assertEqual(application.relationship_kind, "market_facing")

    # Receiving -------------------------------------------------------------------

    def test_applicant_is_sent_a_confirmation_in_its_language(self):
        self.env["res.lang"]._activate_lang("fr_FR")
        self.env.ref(
            "partner_relationship.mail_template_application_received"
        ).update_field_translations(
            "subject", {"fr_FR": "Votre candidature : {{ object.name }}"}
        )
        application = self._apply(
            "Fjord Resale AS", "ingrid@fjordresale.example.com", lang="fr_FR"
        )
        self.assertEqual(application.prm_application_state, "to_review")
        self.assertEqual(application.lang, "fr_FR")
        self.assertEqual(application.child_ids.lang, "fr_FR")
        confirmation = application.message_ids.filtered(
            lambda m: m.subject and "Votre candidature" in m.subject
        )
        self.assertEqual(len(confirmation), 1, "in the applicant's language")
        self.assertEqual(confirmation.partner_ids, application)
        self.assertIn(
            application,
            confirmation.notification_ids.filtered(
                lambda n: n.notification_type == "email"
            ).res_partner_id,
        )
        self.assertIn("Fjord Resale AS", confirmation.body)

    # Duplicates ------------------------------------------------------------------

    def test_possible_duplicates_are_flagged_by_vat_email_and_name(self):
        by_vat = self._apply(
            "Nordic Wind BV", "info@nordicwind.example.com", vat="be 0477.472.701"
        )
        by_domain = self._apply("NW Trading", "sales@northwind-traders.example.com")
        by_name = self._apply("Northwind Traders, Inc.", "nt@gmail.com")
        unrelated = self._apply("Lone Pine Ltd", "lonepine@gmail.com")
        self.assertEqual(by_vat.prm_duplicate_ids, self.northwind)
        self.assertIn("same VAT number", by_vat.prm_duplicate_reason)
        self.assertEqual(by_domain.prm_duplicate_ids, self.northwind)
        self.assertIn("same e-mail domain", by_domain.prm_duplicate_reason)
        self.assertEqual(by_name.prm_duplicate_ids, self.northwind)
        self.assertIn("same company name", by_name.prm_duplicate_reason)
        self.assertIn("Northwind Traders", by_name.prm_duplicate_reason)
        self.assertFalse(unrelated.prm_duplicate_ids, "a public mailbox says nothing")
        self.assertFalse(unrelated.prm_possible_duplicate)
        flagged = (
            self.env["res.partner"]
            .with_user(self.partner_manager)
            .search([("prm_possible_duplicate", "=", True)])
        )
        self.assertEqual(flagged, by_vat | by_domain | by_name)
        # The same e-mail address as an existing contact.
        same_email = self._apply("Kestrel Ltd", "contact@northwind-traders.example.com")
        self.assertEqual(same_email.prm_duplicate_ids, self.northwind | by_domain)
        self.assertIn(
            "Northwind Traders: same e-mail address, same e-mail domain",
            same_email.prm_duplicate_reason,
        )
        self.assertIn("NW Trading: same e-mail domain", same_email.prm_duplicate_reason)
        action = same_email.with_user(self.partner_manager).action_prm_view_duplicates()
        self.assertEqual(
            self.env["res.partner"].search(action["domain"]),
            same_email | self.northwind | by_domain,
        )

    def test_duplicates_are_found_in_one_go(self):
        """The list's column costs the same queries for one application as
        for many (no search per record)."""
        applications = self.env["res.partner"]
        for index in range(6):
            applications |= self._apply(
                f"Applicant {index} Ltd", f"a{index}@applicant{index}.example.com"
            )

        def queries(records):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            records.mapped("prm_duplicate_count")
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(applications[:1]), queries(applications))

    # Approving -------------------------------------------------------------------

    def test_approval_welcomes_the_applicant_with_a_portal_invitation(self):
        application = self._apply("Fjord Resale AS", "ingrid@fjordresale.example.com")
        contact = application.child_ids
        application.with_user(self.channel_manager).action_prm_approve()
        self.assertEqual(application.prm_application_state, "approved")
        self.assertEqual(
            application.activation,
            self.env.ref(
                "website_crm_partner_assign.res_partner_activation_data_first_contact"
            ),
        )
        self.assertEqual(application.partner_manager_id, self.channel_manager)
        user = self.env["res.users"].search([("partner_id", "=", contact.id)])
        self.assertEqual(len(user), 1)
        self.assertTrue(user._is_portal())
        self.assertTrue(application.onboarding_portal_invited)
        welcome = self._mails_to(contact, WELCOME_SUBJECT)
        self.assertEqual(len(welcome), 1)
        self.assertFalse(
            self._mails_to(contact, "Your account at"), "no second invitation"
        )
        self.assertIn(user.login, welcome.body_html)
        token = re.search(r"/web/signup\?[^\"']*?token=([^&\"']+)", welcome.body_html)
        self.assertTrue(token, "the welcome has the signup link")
        token = unquote(html.unescape(token.group(1)))
        self.assertEqual(
            self.env["res.partner"]._get_partner_from_token(token), contact
        )
        self.assertNotIn(
            token,
            " ".join(application.message_ids.mapped("body")),
            "the link is the contact's alone, not in the chatter",
        )
        with self.assertRaisesRegex(UserError, "only an application to review"):
            application.with_user(self.channel_manager).action_prm_approve()

    def test_approval_gives_no_second_user_to_a_contact_who_has_one(self):
        application = self._apply("Fjord Resale AS", "ingrid@fjordresale.example.com")
        contact = application.child_ids
        existing = new_test_user(
            self.env,
            login="ingrid@fjordresale.example.com",
            groups="base.group_portal",
            partner_id=contact.id,
        )
        users_before = (
            self.env["res.users"].with_context(active_test=False).search_count([])
        )
        application.with_user(self.channel_manager).action_prm_approve()
        self.assertEqual(
            self.env["res.users"].with_context(active_test=False).search_count([]),
            users_before,
        )
        self.assertEqual(contact.user_ids, existing)
        self.assertEqual(len(self._mails_to(contact, WELCOME_SUBJECT)), 1)

    def test_approval_needs_a_partner_type(self):
        application = self._apply(
            "Typeless Ltd", "x@typeless.example.com", partner_type_id=False
        )
        with self.assertRaisesRegex(UserError, "Partner Type"):
            application.with_user(self.channel_manager).action_prm_approve()

    def test_only_channel_managers_decide_applications(self):
        application = self._apply("Fjord Resale AS", "ingrid@fjordresale.example.com")
        for user in (self.portal_user_a, self.partner_manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    application.with_user(user).action_prm_approve()
                with self.assertRaises(AccessError):
                    self.env["prm.application.reject.wizard"].with_user(
                        user
                    ).browse().action_reject()
        self.assertEqual(application.prm_application_state, "to_review")
        self.assertFalse(application.child_ids.user_ids)

    def test_a_salesperson_cannot_decide_an_application_by_writing_it(self):
        """Contact Creation lets a salesperson write partners: not the
        application's decision (no onboarding, no welcome, or a rejection
        the applicant never hears of)."""
        application = self._apply("Loire Revente", "anne@loire-revente.example.com")
        salesperson = new_test_user(
            self.env,
            login="prm_app_salesperson",
            groups="base.group_user,base.group_partner_manager,"
            "sales_team.group_sale_salesman",
        )
        for state in ("approved", "rejected"):
            with self.subTest(state=state):
                with self.assertRaises(AccessError):
                    application.with_user(salesperson).write(
                        {
                            "prm_application_state": state,
                            "prm_application_reason": "Not for us",
                        }
                    )
        self.assertEqual(application.prm_application_state, "to_review")
        self.assertFalse(application.prm_application_reason)
        # The rest of the application stays theirs to complete.
        application.with_user(salesperson).phone = "+33 1 23 45 67 89"

    # Rejecting -------------------------------------------------------------------

    def test_rejection_needs_a_reason_and_mails_it(self):
        application = self._apply("Fjord Resale AS", "ingrid@fjordresale.example.com")
        self.assertTrue(application._prm_onboarding_activities())
        with self.assertRaisesRegex(UserError, "Rejection Reason"):
            application.with_user(self.channel_manager)._prm_reject_application(" ")
        reason = "We already have three resellers in Bergen."
        self._reject(application, reason)
        self.assertEqual(application.prm_application_state, "rejected")
        self.assertEqual(application.prm_application_reason, reason)
        self.assertFalse(application.is_channel_partner)
        self.assertFalse(application._prm_onboarding_activities())
        rejection = application.message_ids.filtered(lambda m: reason in m.body)
        self.assertEqual(len(rejection), 1)
        self.assertEqual(rejection.partner_ids, application)
        self.assertIn("cannot accept", rejection.body)
        with self.assertRaisesRegex(UserError, "only an application to review"):
            self._reject(application, "Again")

    # Operational -----------------------------------------------------------------

    def _complete_checklist(self, partner):
        self._create_agreement(
            partner, date(2020, 1, 1), date(2099, 1, 1)
        ).action_sign()
        if not partner.child_ids.user_ids:
            new_test_user(
                self.env,
                login=f"prm_portal_{partner.id}",
                groups="base.group_portal",
                partner_id=self.env["res.partner"]
                .create({"name": "Portal", "parent_id": partner.id})
                .id,
            )
        self.env["prm.certification"].create(
            {"name": "Basics", "kind": "training", "partner_id": partner.id}
        )
        partner.grade_id = self.tier_silver
        partner.invalidate_recordset()
        self.assertTrue(partner.onboarding_complete)

    def test_operational_partner_has_its_todos_done_and_first_review_planned(self):
        application = self._apply("Fjord Resale AS", "ingrid@fjordresale.example.com")
        application.with_user(self.channel_manager).action_prm_approve()
        application.partner_manager_id = self.partner_manager
        todos = application._prm_onboarding_activities()
        self.assertTrue(todos)
        self.assertFalse(application.review_ids)
        self._complete_checklist(application)
        application.with_user(self.partner_manager).action_mark_operational()
        self.assertTrue(application.activation.is_operational)
        self.assertFalse(application._prm_onboarding_activities(), "no open to-do")
        done = todos.with_context(active_test=False).exists()
        self.assertEqual(set(done.mapped("active")), {False}, "kept as done")
        self.assertIn(
            "The partner is operational.",
            " ".join(application.message_ids.mapped("body")),
        )
        review = application.review_ids
        self.assertEqual(len(review), 1)
        self.assertEqual(review.state, "planned")
        self.assertEqual(review.reviewer_id, self.partner_manager)
        self.assertEqual(
            review.date_planned,
            fields.Date.context_today(review)
            + relativedelta(months=application.review_interval_months),
        )

    def test_operational_stage_set_on_the_form_ends_onboarding_too(self):
        partner = self._create_channel_partner("Direct Ltd", self.partner_manager)
        partner.with_user(self.partner_manager).action_onboarding_followup()
        self.assertTrue(partner._prm_onboarding_activities())
        with Form(partner.with_user(self.partner_manager)) as form:
            form.activation = self.env.ref(
                "website_crm_partner_assign.res_partner_activation_data_fully_operational"
            )
        self.assertFalse(partner._prm_onboarding_activities())
        self.assertEqual(len(partner.review_ids), 1)
        # Already operational: saving again plans nothing more.
        partner.write({"activation": partner.activation.id})
        self.assertEqual(len(partner.review_ids), 1)

    # Migration -------------------------------------------------------------------

    def test_migration_queues_earlier_applications(self):
        stage = self.env.ref("partner_relationship.res_partner_activation_application")
        earlier = self._create_channel_partner(
            "Earlier Applicant", self.partner_manager, activation=stage.id
        )
        todo = earlier.activity_schedule(
            "mail.mail_activity_data_todo", summary="Onboarding: Agreement Signed"
        )
        self.type_strategic.relationship_kind = False
        self._prm_migrate("18.0.1.6.0", "18.0.1.5.0", script="post-onboard.py")
        self.assertEqual(earlier.prm_application_state, "to_review")
        self.assertEqual(earlier._prm_onboarding_activities(), todo)
        self.assertEqual(self.type_strategic.relationship_kind, "strategic")
