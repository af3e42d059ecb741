# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError

from odoo.addons.base.tests.common import BaseCommon, new_test_user


class TestCentralData(BaseCommon):
    """One database, the vendor's company and a partner's company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor_company = cls.env.ref("base.main_company")
        cls.partner_company = cls.env["res.company"].create({"name": "Partner Co"})
        groups = (
            "base.group_user,sales_team.group_sale_manager,"
            "account.group_account_manager"
        )
        cls.vendor_user = new_test_user(
            cls.env,
            login="prm_vendor_user",
            groups=groups,
            company_id=cls.vendor_company.id,
            company_ids=[(6, 0, cls.vendor_company.ids)],
        )
        cls.partner_user = new_test_user(
            cls.env,
            login="prm_partner_co_user",
            groups=groups,
            company_id=cls.partner_company.id,
            company_ids=[(6, 0, cls.partner_company.ids)],
        )
        cls.portal_user = new_test_user(
            cls.env, login="prm_central_portal", groups="base.group_portal"
        )
        cls.product = cls.env["product.template"].create(
            {"name": "Central Router", "list_price": 100, "is_central": True}
        )
        cls.env["ir.model.data"].create(
            {
                "name": "central_router",
                "module": "prm_test",
                "model": "product.template",
                "res_id": cls.product.id,
            }
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Central Prices", "is_central": True, "company_id": False}
        )
        cls.tax = cls.env["account.tax"].create(
            {"name": "Central VAT", "amount": 21, "is_central": True}
        )

    def test_partner_user_reads_but_cannot_change_central_records(self):
        product = self.product.with_user(self.partner_user)
        self.assertEqual(product.name, "Central Router")
        message = f"maintained centrally by {self.vendor_company.name}"
        with self.assertRaisesRegex(UserError, message):
            product.write({"list_price": 1})
        with self.assertRaisesRegex(UserError, message):
            product.product_variant_id.write({"default_code": "HACK"})
        with self.assertRaisesRegex(UserError, message):
            product.unlink()
        with self.assertRaisesRegex(
            UserError, r"Central Prices \(\w+\) is maintained centrally"
        ):
            self.env["product.pricelist.item"].with_user(self.partner_user).create(
                {"pricelist_id": self.pricelist.id, "fixed_price": 1}
            )
        self.assertEqual(self.product.list_price, 100)
        self.assertTrue(self.product.exists())

    def test_partner_user_adds_its_own_records(self):
        own = (
            self.env["product.template"]
            .with_user(self.partner_user)
            .create({"name": "Partner's own service", "list_price": 50})
        )
        own.list_price = 60
        self.assertEqual(own.list_price, 60)
        with self.assertRaisesRegex(UserError, "only the owner's users"):
            own.is_central = True
        with self.assertRaisesRegex(UserError, "only the owner's users"):
            self.env["product.template"].with_user(self.partner_user).create(
                {"name": "Fake central", "is_central": True}
            )

    def test_import_cannot_overwrite_central_records(self):
        result = (
            self.env["product.template"]
            .with_user(self.partner_user)
            .load(["id", "name"], [["prm_test.central_router", "Renamed by import"]])
        )
        self.assertFalse(result["ids"])
        self.assertIn(
            "maintained centrally", " ".join(m["message"] for m in result["messages"])
        )
        self.assertEqual(self.product.name, "Central Router")

    def test_vendor_users_change_central_records(self):
        self.product.with_user(self.vendor_user).list_price = 120
        self.tax.with_user(self.vendor_user).amount = 20
        self.assertEqual(self.product.list_price, 120)
        self.assertEqual(self.tax.amount, 20)

    def test_portal_user_cannot_change_central_records(self):
        with self.assertRaises(AccessError):
            self.product.with_user(self.portal_user).write({"list_price": 1})
        with self.assertRaises(AccessError):
            self.product.with_user(self.portal_user).unlink()
        self.assertEqual(self.product.list_price, 100)

    def test_owner_elsewhere_protects_in_a_partners_database(self):
        """In a partner's own database the vendor's records are owned by the
        vendor's partner record: local users cannot change them."""
        vendor_there = self.env["res.partner"].create(
            {"name": "Aurora Devices", "is_company": True}
        )
        received = self.env["product.template"].create(
            {
                "name": "Received Router",
                "is_central": True,
                "central_owner_id": vendor_there.id,
            }
        )
        with self.assertRaisesRegex(
            UserError, "maintained centrally by Aurora Devices"
        ):
            received.with_user(self.vendor_user).write({"name": "Local rename"})

    def test_variant_created_central_is_central(self):
        """Creating the product variant (as demo data and the sync do) marks
        its template central, and partners may not change it either."""
        variant = self.env["product.product"].create(
            {"name": "Central Switch", "is_central": True}
        )
        self.assertTrue(variant.product_tmpl_id.is_central)
        self.assertTrue(
            self.env["product.product"].search_count(
                [("id", "=", variant.id), ("is_central", "=", True)]
            )
        )
        with self.assertRaisesRegex(UserError, "maintained centrally"):
            variant.with_user(self.partner_user).write({"name": "Mine now"})
