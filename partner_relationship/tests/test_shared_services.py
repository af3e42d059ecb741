# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PartnerRelationshipCommon, prm_in_taiwan


@tagged("post_install", "-at_install")
class TestSharedServices(PartnerRelationshipCommon):
    prm_accounting = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accounting = cls.env.ref(
            "partner_relationship.prm_shared_service_accounting"
        )
        cls.helpdesk = cls.env.ref("partner_relationship.prm_shared_service_helpdesk")
        if cls.prm_company != cls.accounting.company_id:
            # The catalog is the main company's: the test's company offers the
            # same services at the same prices in its currency, with its team.
            cls.accounting, cls.helpdesk = (
                service.copy(
                    {
                        "company_id": cls.prm_company.id,
                        "team_id": service.team_id.copy(
                            {"company_id": cls.prm_company.id}
                        ).id,
                    }
                )
                for service in (cls.accounting, cls.helpdesk)
            )
        cls.Subscription = cls.env["prm.shared.service.subscription"]

    def test_catalog_is_data(self):
        codes = set(self.env["prm.shared.service"].search([]).mapped("code"))
        self.assertLessEqual({"ACCOUNTING", "HELPDESK", "SHIPPING"}, codes)
        # Partners read the catalog.
        self.accounting.with_user(self.portal_user_a).read(["name", "terms", "price"])

    @freeze_time("2027-01-15")
    def test_recurring_fee(self):
        subscription = self.Subscription.with_user(
            self.portal_user_a
        )._prm_partner_subscribe(self.partner_a, self.accounting)
        self.assertEqual(subscription.terms_accepted_by_id, self.portal_user_a)
        with self.assertRaisesRegex(UserError, "already subscribe"):
            self.Subscription.with_user(self.portal_user_a)._prm_partner_subscribe(
                self.partner_a, self.accounting
            )
        self._prm_cron(self.Subscription)._cron_invoice()
        invoice = subscription.invoice_ids
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.partner_id, self.partner_a)
        self.assertEqual(invoice.amount_untaxed, 450.0)
        self.assertIn("2027-01-15 to 2027-02-14", invoice.invoice_line_ids.name)
        self._prm_cron(self.Subscription)._cron_invoice()
        self.assertEqual(len(subscription.invoice_ids), 1, "not twice")
        with freeze_time("2027-02-15"):
            self._prm_cron(self.Subscription)._cron_invoice()
        self.assertEqual(len(subscription.invoice_ids), 2)
        subscription.with_user(self.portal_user_a).action_cancel()
        with freeze_time("2027-03-15"):
            self._prm_cron(self.Subscription)._cron_invoice()
        self.assertEqual(len(subscription.invoice_ids), 2, "cancelled")

    def test_requests_become_tickets_billed_per_request(self):
        subscription = self.Subscription.with_user(
            self.portal_user_a
        )._prm_partner_subscribe(self.partner_a, self.helpdesk)
        tickets = self.env["helpdesk.ticket"]
        for title in ("Customer cannot log in", "Reset a password"):
            tickets |= subscription.with_user(self.portal_user_a)._prm_partner_request(
                {"name": title, "description": "<p>Please help.</p>"}
            )
        self.assertEqual(tickets.team_id, self.helpdesk.team_id)
        self.assertEqual(tickets.subscription_id, subscription)
        self.assertEqual(
            tickets.with_user(self.portal_user_a).mapped("name"),
            [
                "Customer cannot log in",
                "Reset a password",
            ],
        )
        self._prm_cron(self.Subscription)._cron_invoice()
        invoice = subscription.invoice_ids
        self.assertEqual(invoice.invoice_line_ids.quantity, 2)
        self.assertEqual(invoice.amount_untaxed, 70.0)
        self.assertEqual(tickets.billed_move_id, invoice)
        self._prm_cron(self.Subscription)._cron_invoice()
        self.assertEqual(len(subscription.invoice_ids), 1, "billed once")

    def test_access(self):
        subscription = self.Subscription.with_user(
            self.portal_user_a
        )._prm_partner_subscribe(self.partner_a, self.helpdesk)
        with self.assertRaises(AccessError):
            self.Subscription.with_user(self.portal_user_a)._prm_partner_subscribe(
                self.partner_b, self.helpdesk
            )
        subscription.with_user(self.portal_user_a).action_cancel()
        with self.assertRaisesRegex(UserError, "not active"):
            subscription.with_user(self.portal_user_a)._prm_partner_request(
                {"name": "x", "description": "y"}
            )


TestSharedServicesTaiwan = prm_in_taiwan(TestSharedServices)
