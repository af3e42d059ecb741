# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

WIZARD_LOGGER = "odoo.addons.partner_relationship.wizards.prm_central_release"


@tagged("post_install", "-at_install")
class TestCentralRelease(TransactionCase):
    """A system administrator corrects or removes records maintained
    centrally by another company, e.g. received by sync from a vendor."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        company = cls.env.ref("base.main_company")
        cls.admin = new_test_user(
            cls.env,
            login="prm_release_admin",
            name="Release Admin",
            groups="base.group_user,base.group_system,sales_team.group_sale_manager",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        cls.salesman = new_test_user(
            cls.env,
            login="prm_release_sales_manager",
            groups="base.group_user,sales_team.group_sale_manager",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        # As the sync creates them: central, maintained by the connection's
        # partner (a vendor elsewhere), not by a company of this database.
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Aurora Devices", "is_company": True}
        )
        central = {"is_central": True, "central_owner_id": cls.vendor.id}
        cls.category = cls.env["product.category"].create(
            {"name": "Received Routers", **central}
        )
        cls.product = cls.env["product.template"].create(
            {
                "name": "Received Router",
                "list_price": 100,
                "categ_id": cls.category.id,
                **central,
            }
        )
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Received Prices", "company_id": False, **central}
        )
        cls.reason = "Forged by a compromised connection: price list 2026-11"

    def _wizard(self, records, action, reason=None, user=None):
        return (
            self.env["prm.central.release"]
            .with_user(user or self.admin)
            .with_context(active_model=records._name, active_ids=records.ids)
            .create(
                {"action": action, "reason": self.reason if reason is None else reason}
            )
        )

    def test_admin_cannot_change_received_records_directly(self):
        for record in (self.product, self.category, self.pricelist):
            record = record.with_user(self.admin)
            with self.assertRaisesRegex(
                UserError, "maintained centrally by Aurora Devices"
            ):
                record.write({"name": "Corrected"})
            with self.assertRaisesRegex(
                UserError, "maintained centrally by Aurora Devices"
            ):
                record.write({"is_central": False, "central_owner_id": False})
            with self.assertRaisesRegex(
                UserError, "maintained centrally by Aurora Devices"
            ):
                record.unlink()
        self.assertTrue(self.product.is_central)
        self.assertEqual(self.product.name, "Received Router")

    def test_admin_releases_then_edits(self):
        calls = []

        def hook(records, reason):
            calls.append((records._name, records.ids, records.is_central, reason))

        Mixin = type(self.env["prm.central.mixin"])
        with (
            patch.object(Mixin, "_prm_on_central_release", hook),
            self.assertLogs(WIZARD_LOGGER, "WARNING") as logs,
        ):
            for record in (self.product, self.category, self.pricelist):
                wizard = self._wizard(record, "release")
                self.assertEqual(wizard.record_names, record.display_name)
                wizard.action_apply()
        for record in (self.product, self.category, self.pricelist):
            self.assertFalse(record.is_central)
            self.assertFalse(record.central_owner_id)
            self.assertIn((record._name, record.ids, False, self.reason), calls)
            self.assertTrue(
                any(
                    f"{record._name} {record.id} " in line and self.reason in line
                    for line in logs.output
                )
            )
        # Now the administrator's own to edit.
        self.product.with_user(self.admin).write({"list_price": 80})
        self.category.with_user(self.admin).write({"name": "Routers"})
        self.pricelist.with_user(self.admin).write({"name": "Corrected Prices"})
        self.env["product.pricelist.item"].with_user(self.admin).create(
            {
                "pricelist_id": self.pricelist.id,
                "product_tmpl_id": self.product.id,
                "applied_on": "1_product",
                "fixed_price": 75,
            }
        )
        self.assertEqual(self.product.list_price, 80)
        self.assertEqual(self.pricelist.name, "Corrected Prices")
        # The reason is in the product's chatter, as an internal note naming
        # the administrator.
        note = self.product.message_ids.filtered(lambda m: self.reason in m.body)
        self.assertEqual(len(note), 1)
        self.assertIn("Release Admin", note.body)
        self.assertIn("Aurora Devices", note.body)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(note.author_id, self.admin.partner_id)

    def test_admin_deletes(self):
        calls = []

        def hook(records, reason):
            calls.append((records._name, bool(records.exists()), reason))

        Mixin = type(self.env["prm.central.mixin"])
        with (
            patch.object(Mixin, "_prm_on_central_release", hook),
            self.assertLogs(WIZARD_LOGGER, "WARNING") as logs,
        ):
            for record in (self.pricelist, self.product, self.category):
                self._wizard(record, "delete").action_apply()
        for record in (self.pricelist, self.product, self.category):
            self.assertFalse(record.exists())
            # The hook ran while the record still existed.
            self.assertIn((record._name, True, self.reason), calls)
        self.assertEqual(len(logs.output), 3)
        self.assertTrue(all("deleted by prm_release_admin" in o for o in logs.output))

    def test_selection_of_several_records(self):
        other = self.env["product.template"].create(
            {
                "name": "Received Switch",
                "is_central": True,
                "central_owner_id": self.vendor.id,
            }
        )
        products = self.product | other
        with self.assertLogs(WIZARD_LOGGER, "WARNING"):
            self._wizard(products, "release").action_apply()
        self.assertFalse(any(products.mapped("is_central")))

    def test_plain_user_cannot_release(self):
        # The model's access rights keep the wizard from other users...
        with self.assertRaises(AccessError):
            self._wizard(self.product, "release", user=self.salesman)
        # ...and its action checks the group too.
        wizard = self._wizard(self.product, "release")
        with self.assertRaisesRegex(AccessError, "only Administration / Settings"):
            wizard.with_user(self.salesman).action_apply()
        with self.assertRaisesRegex(AccessError, "only Administration / Settings"):
            self._wizard(self.product, "delete").with_user(self.salesman).action_apply()
        # The context key the wizard uses is not enough on its own.
        product = self.product.with_user(self.salesman).with_context(
            prm_central_release=True
        )
        with self.assertRaisesRegex(UserError, "maintained centrally"):
            product.write({"is_central": False, "central_owner_id": False})
        with self.assertRaisesRegex(UserError, "maintained centrally"):
            product.write({"list_price": 1})
        with self.assertRaisesRegex(UserError, "maintained centrally"):
            product.unlink()
        self.assertTrue(self.product.is_central)
        self.assertEqual(self.product.list_price, 100)

    def test_reason_is_required(self):
        for blank in ("", "   \n "):
            with self.assertRaisesRegex(ValidationError, "Reason: say why"):
                self._wizard(self.product, "release", reason=blank)
        self.assertTrue(self.product.is_central)

    def test_only_central_records_of_central_models(self):
        own = self.env["product.template"].create({"name": "Own Router"})
        with self.assertRaisesRegex(UserError, "not maintained centrally"):
            self._wizard(own, "delete").action_apply()
        self.assertTrue(own.exists())
        with self.assertRaisesRegex(UserError, "not maintained centrally"):
            self._wizard(self.vendor, "delete").action_apply()
        self.assertTrue(self.vendor.exists())
