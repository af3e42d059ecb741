# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A vendor user with the rights on products, price lists and taxes but not
in Central Data Manager, against the lines of central records: attribute
lines and values of a central product, its variants, the repartition lines
of a central tax, the mappings of a central fiscal position and the lines of
a central payment term. Each is part of its central record: changed or
deleted only by a central data manager, like the record itself."""

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import tagged

from odoo.addons.base.tests.common import BaseCommon, new_test_user

REFUSAL = "maintained centrally by"


@tagged("post_install", "-at_install")
class TestCentralAttack(BaseCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.vendor_user = new_test_user(
            env,
            login="prm_attack_vendor_user",
            groups="base.group_user,sales_team.group_sale_manager,"
            "account.group_account_manager",
        )
        cls.central_manager = new_test_user(
            env,
            login="prm_attack_central_manager",
            groups="base.group_user,sales_team.group_sale_manager,"
            "account.group_account_manager,"
            "partner_relationship.group_prm_central_manager",
        )
        cls.attribute = env["product.attribute"].create(
            {
                "name": "Attack Colour",
                "value_ids": [
                    Command.create({"name": "Red"}),
                    Command.create({"name": "Blue"}),
                ],
            }
        )
        cls.red, cls.blue = cls.attribute.value_ids
        cls.size = env["product.attribute"].create(
            {"name": "Attack Size", "value_ids": [Command.create({"name": "L"})]}
        )
        cls.product = env["product.template"].create(
            {
                "name": "Central Switch",
                "list_price": 100,
                "is_central": True,
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": cls.attribute.id,
                            "value_ids": [Command.set(cls.attribute.value_ids.ids)],
                        }
                    )
                ],
            }
        )
        cls.line = cls.product.attribute_line_ids
        cls.ptav = cls.line.product_template_value_ids[:1]
        cls.tax = env["account.tax"].create(
            {"name": "Central Attack VAT", "amount": 21, "is_central": True}
        )
        cls.other_tax = env["account.tax"].create(
            {"name": "Attack zero VAT", "amount": 0}
        )
        cls.position = env["account.fiscal.position"].create(
            {
                "name": "Central Export",
                "is_central": True,
                "tax_ids": [
                    Command.create(
                        {"tax_src_id": cls.tax.id, "tax_dest_id": cls.other_tax.id}
                    )
                ],
            }
        )
        cls.term = env["account.payment.term"].create(
            {
                "name": "Central 30 days",
                "is_central": True,
                "line_ids": [
                    Command.create(
                        {"value": "percent", "value_amount": 100, "nb_days": 30}
                    )
                ],
            }
        )

    def _refused(self, call):
        # assertRaises (not assertRaisesRegex): Odoo's rolls back to a
        # savepoint what the refused call did.
        with self.assertRaises(AccessError) as caught:
            call()
        self.assertIn(REFUSAL, str(caught.exception))

    def test_attribute_lines_and_values_of_a_central_product(self):
        line = self.line.with_user(self.vendor_user)
        ptav = self.ptav.with_user(self.vendor_user)
        self._refused(lambda: ptav.write({"price_extra": -90}))
        self._refused(lambda: line.write({"value_ids": [Command.unlink(self.blue.id)]}))
        self._refused(lambda: line.unlink())
        self._refused(
            lambda: (
                self.env["product.template.attribute.line"]
                .with_user(self.vendor_user)
                .create(
                    {
                        "product_tmpl_id": self.product.id,
                        "attribute_id": self.size.id,
                        "value_ids": [Command.set(self.size.value_ids.ids)],
                    }
                )
            )
        )
        self._refused(
            lambda: (
                self.env["product.product"]
                .with_user(self.vendor_user)
                .create({"product_tmpl_id": self.product.id, "default_code": "FAKE"})
            )
        )
        self.assertEqual(self.ptav.price_extra, 0)
        self.assertEqual(self.product.attribute_line_ids, self.line)
        self.assertEqual(len(self.product.product_variant_ids), 2)

    def test_tax_repartition_lines_of_a_central_tax(self):
        base = self.tax.invoice_repartition_line_ids.filtered(
            lambda line: line.repartition_type == "tax"
        )
        repartition = base.with_user(self.vendor_user)
        self._refused(lambda: repartition.write({"factor_percent": 10}))
        self._refused(lambda: repartition.unlink())
        self._refused(
            lambda: (
                self.env["account.tax.repartition.line"]
                .with_user(self.vendor_user)
                .create(
                    {
                        "tax_id": self.tax.id,
                        "document_type": "invoice",
                        "repartition_type": "tax",
                        "factor_percent": 50,
                    }
                )
            )
        )
        self.assertEqual(base.factor_percent, 100)

    def test_mappings_of_a_central_fiscal_position(self):
        mapping = self.position.tax_ids.with_user(self.vendor_user)
        self._refused(lambda: mapping.write({"tax_dest_id": False}))
        self._refused(lambda: mapping.unlink())
        self._refused(
            lambda: (
                self.env["account.fiscal.position.tax"]
                .with_user(self.vendor_user)
                .create(
                    {
                        "position_id": self.position.id,
                        "tax_src_id": self.other_tax.id,
                        "tax_dest_id": self.tax.id,
                    }
                )
            )
        )
        account = self.env["account.account"].search(
            [("company_ids", "in", self.env.company.ids)], limit=2
        )
        self._refused(
            lambda: (
                self.env["account.fiscal.position.account"]
                .with_user(self.vendor_user)
                .create(
                    {
                        "position_id": self.position.id,
                        "account_src_id": account[0].id,
                        "account_dest_id": account[1].id,
                    }
                )
            )
        )
        self.assertEqual(self.position.tax_ids.tax_dest_id, self.other_tax)
        self.assertFalse(self.position.account_ids)

    def test_lines_of_a_central_payment_term(self):
        line = self.term.line_ids.with_user(self.vendor_user)
        self._refused(lambda: line.write({"nb_days": 365}))
        self._refused(lambda: line.unlink())
        self._refused(
            lambda: (
                self.env["account.payment.term.line"]
                .with_user(self.vendor_user)
                .create(
                    {
                        "payment_id": self.term.id,
                        "value": "percent",
                        "value_amount": 0,
                        "nb_days": 400,
                    }
                )
            )
        )
        self.assertEqual(self.term.line_ids.nb_days, 30)

    def test_own_records_and_central_manager_still_work(self):
        """The vendor user's own products, taxes, positions and terms keep
        their lines; a central data manager changes the central ones."""
        own = (
            self.env["product.template"]
            .with_user(self.vendor_user)
            .create(
                {
                    "name": "Own switch",
                    "attribute_line_ids": [
                        Command.create(
                            {
                                "attribute_id": self.attribute.id,
                                "value_ids": [Command.set(self.red.ids)],
                            }
                        )
                    ],
                }
            )
        )
        own.attribute_line_ids.product_template_value_ids.price_extra = 5
        own.attribute_line_ids.value_ids = [Command.link(self.blue.id)]
        self.assertEqual(len(own.product_variant_ids), 2)
        own_tax = (
            self.env["account.tax"]
            .with_user(self.vendor_user)
            .create({"name": "Own VAT", "amount": 7})
        )
        own_tax.invoice_repartition_line_ids[-1:].factor_percent = 100
        own_term = (
            self.env["account.payment.term"]
            .with_user(self.vendor_user)
            .create(
                {
                    "name": "Own 60 days",
                    "line_ids": [
                        Command.create(
                            {"value": "percent", "value_amount": 100, "nb_days": 60}
                        )
                    ],
                }
            )
        )
        own_term.line_ids.nb_days = 45
        self.env["account.fiscal.position"].with_user(self.vendor_user).create(
            {
                "name": "Own export",
                "tax_ids": [
                    Command.create(
                        {"tax_src_id": own_tax.id, "tax_dest_id": self.other_tax.id}
                    )
                ],
            }
        )
        manager = self.central_manager
        self.ptav.with_user(manager).price_extra = 10
        self.term.line_ids.with_user(manager).nb_days = 60
        self.position.tax_ids.with_user(manager).unlink()
        self.assertEqual(self.ptav.price_extra, 10)
        self.assertEqual(self.term.line_ids.nb_days, 60)
        self.assertFalse(self.position.tax_ids)
