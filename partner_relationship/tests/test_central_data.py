# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon, new_test_user


@tagged("post_install", "-at_install")
class TestCentralData(BaseCommon):
    """One database, the vendor's company and a partner's company.

    The users have the rights on products, price lists and taxes of a sales
    and accounting manager; only the central data managers among them may
    change central records, and only those of their own companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor_company = cls.env.ref("base.main_company")
        cls.partner_company = cls.env["res.company"].create({"name": "Partner Co"})
        vendor, partner = cls.vendor_company, cls.partner_company
        cls.vendor_user = cls._user("prm_vendor_user", vendor)
        cls.partner_user = cls._user("prm_partner_co_user", partner)
        cls.central_manager = cls._user("prm_central_manager", vendor, central=True)
        cls.partner_central_manager = cls._user(
            "prm_partner_co_central_manager", partner, central=True
        )
        # A user of both companies, Partner Co's by default.
        cls.central_manager_of_both = cls._user(
            "prm_central_manager_of_both", partner | vendor, central=True
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
        cls.item = cls.env["product.pricelist.item"].create(
            {"pricelist_id": cls.pricelist.id, "fixed_price": 90}
        )

    @classmethod
    def _user(cls, login, companies, central=False):
        """A user with the rights of a sales and accounting manager in
        `companies` (the first by default), a central data manager or not."""
        groups = "base.group_user,sales_team.group_sale_manager"
        groups += ",account.group_account_manager"
        if central:
            groups += ",partner_relationship.group_prm_central_manager"
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=companies[:1].id,
            company_ids=[(6, 0, companies.ids)],
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
        with self.assertRaisesRegex(UserError, "only a central data manager"):
            own.is_central = True
        with self.assertRaisesRegex(UserError, "only a central data manager"):
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

    def test_vendor_user_without_the_central_group_cannot_change_them(self):
        """Rights on products, price lists and taxes are not enough."""
        message = (
            f"maintained centrally by {self.vendor_company.name}; ask a central "
            "data manager"
        )
        for record, vals in (
            (self.product, {"list_price": 1}),
            (self.product.product_variant_id, {"default_code": "HACK"}),
            (self.pricelist, {"name": "Mine"}),
            (self.item, {"fixed_price": 1}),
            (self.tax, {"amount": 1}),
        ):
            record = record.with_user(self.vendor_user)
            with self.subTest(record=record):
                with self.assertRaisesRegex(AccessError, message):
                    record.write(vals)
                with self.assertRaisesRegex(AccessError, message):
                    record.unlink()
        with self.assertRaisesRegex(AccessError, message):
            self.env["product.pricelist.item"].with_user(self.vendor_user).create(
                {"pricelist_id": self.pricelist.id, "fixed_price": 1}
            )
        with self.assertRaisesRegex(AccessError, "only a central data manager"):
            self.env["account.tax"].with_user(self.vendor_user).create(
                {"name": "Fake central VAT", "amount": 1, "is_central": True}
            )
        self.assertEqual(self.product.list_price, 100)
        self.assertEqual(self.item.fixed_price, 90)
        self.assertEqual(self.tax.amount, 21)
        # Their own records are theirs to change.
        own = (
            self.env["account.tax"]
            .with_user(self.vendor_user)
            .create({"name": "Local VAT", "amount": 5})
        )
        own.amount = 6
        own.unlink()

    def test_central_data_manager_changes_central_records(self):
        self.product.with_user(self.central_manager).list_price = 120
        self.tax.with_user(self.central_manager).amount = 20
        self.item.with_user(self.central_manager).fixed_price = 80
        self.env["product.pricelist.item"].with_user(self.central_manager).create(
            {"pricelist_id": self.pricelist.id, "fixed_price": 70}
        )
        self.assertEqual(self.product.list_price, 120)
        self.assertEqual(self.tax.amount, 20)
        self.assertEqual(self.item.fixed_price, 80)
        self.assertEqual(len(self.pricelist.item_ids), 2)
        self.item.with_user(self.central_manager).unlink()
        self.product.product_variant_id.with_user(self.central_manager).unlink()
        self.assertFalse(self.item.exists())
        self.assertFalse(self.product.product_variant_id)
        self.tax.with_user(self.central_manager).unlink()
        self.assertFalse(self.tax.exists())

    def test_a_record_is_judged_by_its_company(self):
        """The owner of a central record is its company, not the user's: the
        partner company's central data manager maintains the partner
        company's central records, not the vendor's."""
        own_product = self.env["product.template"].create(
            {
                "name": "Partner Co's central service",
                "is_central": True,
                "company_id": self.partner_company.id,
            }
        )
        own_tax = self.env["account.tax"].create(
            {
                "name": "Partner Co's central VAT",
                "amount": 7,
                "is_central": True,
                "company_id": self.partner_company.id,
                "country_id": self.vendor_company.account_fiscal_country_id.id,
                "tax_group_id": self.env["account.tax.group"]
                .create({"name": "VAT", "company_id": self.partner_company.id})
                .id,
            }
        )
        manager = self.partner_central_manager
        own_product.with_user(manager).list_price = 30
        own_tax.with_user(manager).amount = 8
        self.assertEqual(own_product.list_price, 30)
        self.assertEqual(own_tax.amount, 8)
        with self.assertRaisesRegex(
            AccessError, f"maintained centrally by {self.vendor_company.name}"
        ):
            self.product.with_user(manager).write({"list_price": 1})
        # A user of both companies maintains each company's central records
        # working in that company, not from the other one (Partner Co, its
        # default).
        both = self.central_manager_of_both
        with self.assertRaisesRegex(
            AccessError, f"maintained centrally by {self.vendor_company.name}"
        ):
            self.product.with_user(both).write({"list_price": 110})
        self.product.with_user(both).with_company(self.vendor_company).list_price = 110
        own_product.with_user(both).list_price = 35
        self.assertEqual(self.product.list_price, 110)
        self.assertEqual(own_product.list_price, 35)

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
