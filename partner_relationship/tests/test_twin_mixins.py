# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import TransactionCase, tagged

from odoo.addons.base.tests.common import new_test_user

# Each shared mixin, with the vendor's model and the partner's own copy of it
# (the copy comes with partner_relationship_sync).
TWINS = {
    "prm.fund.request.mixin": ("prm.fund.request", "prm.vendor.fund.request"),
    "prm.fund.claim.mixin": ("prm.fund.claim", "prm.vendor.fund.claim"),
    "prm.agreement.mixin": ("prm.agreement", "prm.sync.agreement"),
    "prm.warranty.claim.mixin": ("prm.warranty.claim", "prm.vendor.warranty.claim"),
}


@tagged("post_install", "-at_install")
class TestTwinMixins(TransactionCase):
    """The vendor's records and the partner's copies share their fields and
    checks through one mixin: a check copied instead of inherited fails here."""

    def setUp(self):
        super().setUp()
        if "prm.sync.connection" not in self.env:
            self.skipTest("partner_relationship_sync is not installed")
        self.partner = self.env["res.partner"].create(
            {"name": "Twin Partner", "is_company": True, "is_channel_partner": True}
        )
        self.connection = self.env["prm.sync.connection"].create(
            {
                "name": "Twin vendor",
                "remote_role": "vendor",
                "partner_id": self.partner.id,
                "remote_url": "http://127.0.0.1:9",
                "remote_database": "nowhere",
                "remote_login": "sync",
            }
        )
        self.product = self.env["product.product"].create({"name": "Twin Router"})

    def test_twins_inherit_their_mixin(self):
        for mixin, twins in TWINS.items():
            for name in twins:
                with self.subTest(model=name):
                    self.assertIsInstance(self.env[name], type(self.env[mixin]))

    def test_twins_have_the_same_states(self):
        agreement_states = self.env["prm.agreement"]._fields["state"].selection
        self.assertEqual(
            self.env["prm.sync.agreement"]._fields["state"].selection,
            agreement_states,
        )
        vendor_states = self.env["prm.warranty.claim"]._fields["state"].selection
        partner_states = (
            self.env["prm.vendor.warranty.claim"]._fields["state"].selection
        )
        self.assertEqual([s for s in partner_states if s[0] != "sent"], vendor_states)

    def test_ended_or_signed_agreement_cannot_be_signed_on_both_sides(self):
        values = {
            "name": "Twin agreement",
            "date_start": date(2020, 1, 1),
            "date_end": date(2020, 12, 31),
        }
        vendor_agreement = self.env["prm.agreement"].create(
            {
                **values,
                "partner_id": self.partner.id,
                "program_id": self.env.ref(
                    "partner_relationship.prm_program_partner"
                ).id,
            }
        )
        # The partner's copy is signed by a sales manager of the partner.
        sales_manager = new_test_user(
            self.env,
            login="prm_twin_sales_manager",
            groups="base.group_user,sales_team.group_sale_manager",
        )
        partner_agreement = (
            self.env["prm.sync.agreement"]
            .create({**values, "connection_id": self.connection.id})
            .with_user(sales_manager)
        )
        for agreement, ended in (
            (vendor_agreement, "renew it instead of signing it"),
            (partner_agreement, "ask the vendor to renew it"),
        ):
            with self.subTest(model=agreement._name):
                with self.assertRaisesRegex(UserError, ended):
                    agreement.action_sign()
                agreement.sudo().state = "signed"
                with self.assertRaisesRegex(UserError, "not waiting for a signature"):
                    agreement.action_sign()

    def test_claim_bought_in_the_future_is_refused_on_both_sides(self):
        values = {
            "product_id": self.product.id,
            "problem": "Does not start.",
            "purchase_date": fields.Date.today() + timedelta(days=30),
        }
        for Claim, own in (
            (self.env["prm.warranty.claim"], {"partner_id": self.partner.id}),
            (self.env["prm.vendor.warranty.claim"], {"vendor_id": self.partner.id}),
        ):
            with (
                self.subTest(model=Claim._name),
                self.assertRaisesRegex(ValidationError, "Purchase Date: .* future"),
            ):
                Claim.create({**values, **own})
