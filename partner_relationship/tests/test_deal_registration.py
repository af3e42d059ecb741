# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from ..tools.customer_identity import customer_key, email_domain
from .common import prm_in_taiwan
from .lead_routing_common import LeadRoutingCommon


@tagged("post_install", "-at_install")
class TestDealRegistration(LeadRoutingCommon):
    prm_freeze_time = "2027-05-03"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_gold.deal_protection_days = 60
        cls.Registration = cls.env["prm.deal.registration"]

    def test_customer_keys(self):
        self.assertEqual(
            customer_key("Harbor-Freight Lines, Inc."), "harbor freight lines"
        )
        self.assertEqual(customer_key("Société Générale SA"), "societe generale")
        self.assertEqual(
            email_domain("Sam <sam@Harbor.Example.com>"), "harbor.example.com"
        )
        self.assertEqual(email_domain("www.harbor.example.com"), "harbor.example.com")
        self.assertFalse(email_domain("someone@gmail.com"))

    def test_bad_input(self):
        count = self.Registration.search_count([])
        # Each call is one transaction (an RPC call, a portal request).
        with self.assertRaisesRegex(ValidationError, "Customer Company"):
            with self.env.cr.savepoint():
                self._register(self.portal_user_a, self.partner_a, customer_name=" ")
        with self.assertRaisesRegex(ValidationError, "in the past"):
            with self.env.cr.savepoint():
                self._register(
                    self.portal_user_a, self.partner_a, date_close=date(2027, 1, 1)
                )
        with self.assertRaises(AccessError):
            with self.env.cr.savepoint():
                self._register(self.portal_user_a, self.partner_b)
        self.assertEqual(self.Registration.search_count([]), count)

    def test_forged_fields_are_ignored(self):
        registration = self._register(
            self.portal_user_a,
            self.partner_a,
            state="approved",
            protection_end="2099-01-01",
            partner_id=self.partner_b.id,
        )
        self.assertEqual(registration.state, "submitted")
        self.assertFalse(registration.protection_end)
        self.assertEqual(registration.partner_id, self.partner_a)
        with self.assertRaises(UserError):  # AccessError is a UserError
            registration.with_user(self.portal_user_a).write({"state": "approved"})

    def test_no_conflict(self):
        registration = self._register(self.portal_user_a, self.partner_a)
        self.assertEqual(registration.state, "submitted")
        self.assertFalse(registration.conflict_ids)
        self.assertFalse(registration.conflict_notice)
        self.assertTrue(registration.activity_ids)

    def test_conflicts_by_vat_domain_and_name(self):
        customer = self.env["res.partner"].create(
            {
                "name": "Atlantic Dental Group",
                "is_company": True,
                "vat": "US 12-3456789",
            }
        )
        direct = self._lead("Direct deal", partner_id=customer.id, type="opportunity")
        held_by_b = self._lead(
            "B's deal",
            email_from="it@harborfreight.example.com",
            partner_assigned_id=self.partner_b.id,
        )
        similar = self._lead("Similar", partner_name="Harbour Freight Lines")
        own = self._lead(
            "Own",
            partner_name="Harbor Freight Lines",
            partner_assigned_id=self.partner_a.id,
        )
        gmail = self._lead("Webmail", email_from="boss@gmail.com")
        closed = self._lead(
            "Won already", partner_name="Harbor Freight Lines", probability=100
        )

        registration = self._register(
            self.portal_user_a,
            self.partner_a,
            customer_vat="US123456789",
            contact_email="sam@gmail.com",
        )
        conflicts = {c.lead_id: c for c in registration.conflict_ids.sudo()}
        self.assertEqual(set(conflicts), {direct, held_by_b, similar})
        self.assertEqual(conflicts[direct].reason, "vat")
        self.assertIn("Direct sales", conflicts[direct].owner)
        self.assertEqual(conflicts[held_by_b].reason, "email_domain")
        self.assertEqual(conflicts[held_by_b].owner, "Partner B GmbH")
        self.assertEqual(conflicts[similar].reason, "name")
        self.assertGreaterEqual(conflicts[similar].similarity, 88)
        for lead in (own, gmail, closed):
            self.assertNotIn(lead, conflicts)
        # The vendor sees why, how close and who.
        self.assertIn("Partner B GmbH", conflicts[held_by_b].description)
        self.assertIn("Very Similar Company Name (", conflicts[similar].description)
        self.assertIn(" %)", conflicts[similar].description)
        # The partner is told that there is a conflict, not why nor who.
        seen = registration.with_user(self.portal_user_a)
        self.assertEqual(
            seen.conflict_notice,
            "A possible conflict with another deal for this customer was found: "
            "the vendor will review it and decide.",
        )
        for field in (
            "reason",
            "similarity",
            "description",
            "owner",
            "blocking",
            "lead_id",
            "other_registration_id",
        ):
            with self.subTest(field=field), self.assertRaises(AccessError):
                seen.conflict_ids.mapped(field)

    def test_registrations_per_hour_are_limited(self):
        """The partner's registrations of the last hour are counted from the
        database, whoever sends them (portal or sync)."""
        self.env["ir.config_parameter"].set_param(
            "partner_relationship.registration_limit_per_hour", "3"
        )
        first = self._register(self.portal_user_a, self.partner_a)
        for name in ("Second Customer", "Third Customer"):
            self._register(self.portal_user_a, self.partner_a, customer_name=name)
        count = self.Registration.search_count([])
        with self.assertRaisesRegex(
            UserError, "Partner A Ltd registered 3 deals in the last hour"
        ):
            with self.env.cr.savepoint():
                self._register(
                    self.portal_user_a, self.partner_a, customer_name="Fourth"
                )
        self.assertEqual(self.Registration.search_count([]), count)
        # Another partner has its own count.
        self._register(self.portal_user_b, self.partner_b)
        # Withdrawn registrations count too; an hour later, the first does not.
        first.with_user(self.portal_user_a).action_withdraw()
        self.env.cr.execute(
            "UPDATE prm_deal_registration SET create_date = %s WHERE id = %s",
            (self.env.cr.now() - timedelta(minutes=61), first.id),
        )
        fourth = self._register(
            self.portal_user_a, self.partner_a, customer_name="Fourth"
        )
        self.assertEqual(fourth.state, "submitted")

    def test_approval_gives_protection_and_an_opportunity(self):
        self._lead("Direct", partner_name="Harbor Freight Lines", type="opportunity")
        registration = self._register(self.portal_user_a, self.partner_a)
        self.assertEqual(len(registration.conflict_ids), 1)
        with self.assertRaises(AccessError):
            registration.with_user(self.partner_manager).action_approve()
        manager_view = registration.with_user(self.channel_manager)
        # The conflict is decided in the approval wizard.
        action = manager_view.action_approve()
        self.assertEqual(registration.state, "submitted")
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.channel_manager)
            .with_context(**action["context"])
            .create({})
        )
        wizard.line_ids.write(
            {"decision": "keep", "reason": "The partner found the deal first."}
        )
        wizard.action_approve()
        self.assertEqual(registration.state, "approved")
        self.assertEqual(registration.protection_end, date(2027, 7, 2))
        opportunity = registration.lead_id
        self.assertEqual(opportunity.partner_assigned_id, self.partner_a)
        self.assertEqual(opportunity.prm_offer_state, "accepted")
        self.assertEqual(opportunity.expected_revenue, 40000)
        self.assertIn("is approved", registration.message_ids[0].body)
        # Routing sends the protected customer's new leads to partner A,
        # whatever the rules say (B would be next in the round robin).
        self.partner_b.grade_id = self.tier_gold
        self.rule_us.grade_ids = self.tier_gold
        new_lead = self._lead("Second site", email_from="cfo@harborfreight.example.com")
        self.Router._route(new_lead)
        self.assertEqual(new_lead.partner_assigned_id, self.partner_a)
        self.assertEqual(new_lead.prm_assignment_ids.registration_id, registration)
        # Another partner's registration of the customer cannot be approved.
        other = self._register(self.portal_user_b, self.partner_b)
        self.assertTrue(other.conflict_ids.filtered("blocking"))
        other.with_user(self.channel_manager).decision_reason = "Try"
        with self.assertRaisesRegex(UserError, "protects this customer"):
            other.with_user(self.channel_manager).action_approve()
        self.assertEqual(other.state, "submitted")

    def test_protection_matches_the_customer_however_it_was_typed(self):
        """The partner types the VAT with spaces and dots and the web site
        with its scheme; the customer's new leads carry the VAT and the
        e-mail domain as Odoo stores them. Routing still gives them to the
        protected partner, not to the rules' next partner (B)."""
        registration = self._register(
            self.portal_user_a,
            self.partner_a,
            customer_name="Harbor Freight Lines Inc.",
            customer_vat="be 0477.472.701",
            customer_email_domain="https://www.Harbor-Logistics.example.com/",
        )
        registration.with_user(self.channel_manager).action_approve()
        self.assertEqual(registration.state, "approved")
        self.partner_b.grade_id = self.tier_gold
        self.rule_us.grade_ids = self.tier_gold
        customer = self.env["res.partner"].create(
            {"name": "HFL Europe", "is_company": True, "vat": "BE0477472701"}
        )
        by_vat = self._lead("Brussels depot", partner_id=customer.id)
        by_domain = self._lead(
            "Tender", email_from="Ops <ops@harbor-logistics.example.com>"
        )
        self.Router._route(by_vat | by_domain)
        for lead in by_vat | by_domain:
            self.assertEqual(lead.partner_assigned_id, self.partner_a, lead.name)
            self.assertEqual(lead.prm_assignment_ids.registration_id, registration)

    def test_rejection_needs_a_reason(self):
        registration = self._register(self.portal_user_a, self.partner_a)
        manager_view = registration.with_user(self.channel_manager)
        with self.assertRaisesRegex(UserError, "say why"):
            manager_view.action_reject()
        manager_view.decision_reason = "Customer is a named account."
        manager_view.action_reject()
        self.assertEqual(registration.state, "rejected")
        self.assertFalse(registration.lead_id)
        with self.assertRaisesRegex(UserError, "cannot be approved"):
            manager_view.action_approve()

    def test_expiry_notice_extension_and_expiry(self):
        registration = self._register(self.portal_user_a, self.partner_a)
        registration.with_user(self.channel_manager).action_approve()
        self.assertEqual(registration.protection_end, date(2027, 7, 2))
        Registration = self.env["prm.deal.registration"]
        with freeze_time("2027-06-17"):
            self._prm_cron(Registration)._cron_registration_expiry()
            self.assertFalse(registration.expiry_notice_sent)
        with freeze_time("2027-06-18"):
            self._prm_cron(Registration)._cron_registration_expiry()
            self.assertTrue(registration.expiry_notice_sent)
            self.assertIn("expires on 2027-07-02", registration.message_ids[0].subject)
            registration.with_user(self.channel_manager).action_extend()
            self.assertEqual(registration.protection_end, date(2027, 8, 31))
            self.assertFalse(registration.expiry_notice_sent)
        with freeze_time("2027-09-01"):
            self._prm_cron(Registration)._cron_registration_expiry()
            self.assertEqual(registration.state, "expired")
            # The customer is open again: B's registration can be approved.
            other = self._register(
                self.portal_user_b, self.partner_b, date_close=date(2027, 10, 1)
            )
            self.assertFalse(other.conflict_ids.filtered("blocking"))

    def test_access(self):
        registration = self._register(self.portal_user_a, self.partner_a)
        with self.assertRaises(AccessError):
            registration.with_user(self.portal_user_b).read(["customer_name"])
        self.assertEqual(
            registration.with_user(self.portal_user_a).customer_name,
            "Harbor Freight Lines Inc.",
        )
        with self.assertRaises(AccessError):
            registration.with_user(self.other_partner_manager).read(["customer_name"])
        registration.with_user(self.partner_manager).read(["customer_name"])
        registration.with_user(self.portal_user_a).action_withdraw()
        self.assertEqual(registration.state, "cancelled")


TestDealRegistrationTaiwan = prm_in_taiwan(TestDealRegistration)
