# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partner side: the reason of a declined vendor's offer is checked here as
the vendor checks it (at most NOTE_MAX_LENGTH characters), so that the
salesperson is told at once, not the vendor's database refusing the
message later."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.partner_relationship.models.crm_lead import NOTE_MAX_LENGTH
from odoo.addons.partner_relationship.tests.common import prm_mail_domain

from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestVendorAnswer(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        prm_mail_domain(cls.env)
        vendor = cls.env["res.partner"].create(
            {"name": "Offering Vendor", "is_company": True}
        )
        cls.connection = unreachable_connection(cls.env, vendor, "vendor")
        cls.salesman = new_test_user(
            cls.env,
            login="prm_vendor_answer_salesman",
            groups="sales_team.group_sale_salesman",
        )

    def _offer(self):
        lead = self.env["crm.lead"].create(
            {
                "name": "Offered by the vendor",
                "user_id": self.salesman.id,
                "prm_vendor_connection_id": self.connection.id,
                "prm_vendor_offer_state": "offered",
            }
        )
        self.env["prm.sync.binding"]._prm_bind(self.connection, lead, 7)
        return lead

    def _answers(self, lead):
        return self.env["prm.sync.message"].search(
            [
                ("connection_id", "=", self.connection.id),
                ("kind", "=", "lead_answer"),
                ("res_id", "=", lead.id),
            ]
        )

    def test_a_reason_too_long_for_the_vendor_is_refused_here(self):
        lead = self._offer()
        with self.assertRaises(ValidationError) as refused:
            lead.with_user(self.salesman).action_prm_vendor_decline(
                "x" * (NOTE_MAX_LENGTH + 1)
            )
        self.assertIn(str(NOTE_MAX_LENGTH), str(refused.exception))
        self.assertFalse(self._answers(lead), "nothing queued for the vendor")
        self.assertEqual(lead.prm_vendor_offer_state, "offered")
        self.assertTrue(lead.active)

        # The longest the vendor takes goes through, spaces around aside.
        reason = "y" * NOTE_MAX_LENGTH
        lead.with_user(self.salesman).action_prm_vendor_decline(f"  {reason}\n")
        self.assertEqual(lead.prm_vendor_offer_state, "declined")
        self.assertEqual(self._answers(lead).payload["reason"], reason)

    def test_a_reason_that_is_not_a_text_is_refused(self):
        """Over RPC the reason may be anything: refused with the reason,
        not a server error, and nothing queued."""
        lead = self._offer()
        for reason in (5, ["x"], {"x": 1}):
            with (
                self.subTest(reason=reason),
                self.assertRaisesRegex(ValidationError, "Reason: enter a text"),
            ):
                lead.with_user(self.salesman).action_prm_vendor_decline(reason)
        self.assertFalse(self._answers(lead))
        self.assertEqual(lead.prm_vendor_offer_state, "offered")

    def test_searching_the_sync_flags_otherwise_is_refused(self):
        """The computed yes/no flags of the sync are searched as yes or no;
        another operator (a domain sent over RPC) gets the reason."""
        for model, name in (
            ("product.template", "prm_from_vendor"),
            ("prm.sync.connection", "needs_attention"),
        ):
            Model = self.env[model]
            self.assertIsInstance(Model.search_count([(name, "=", True)]), int)
            for operator, value in (("in", [True]), ("=", "yes")):
                with (
                    self.subTest(model=model, operator=operator),
                    self.assertRaisesRegex(UserError, "search it as yes or no"),
                ):
                    Model.search_count([(name, operator, value)])
