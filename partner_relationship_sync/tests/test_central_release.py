# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestCentralReleaseSync(TransactionCase):
    """A central record a remote brought (even a forged one) can be corrected
    or removed by this database's administrator: the remote loses it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        remote = cls.env["res.partner"].create(
            {"name": "Release Remote", "is_company": True}
        )
        cls.connection = unreachable_connection(cls.env, remote, "partner")
        cls.pricelist = cls.env["product.pricelist"].create(
            {
                "name": "Forged price list",
                "is_central": True,
                "central_owner_id": remote.id,
            }
        )
        cls.category = cls.env["product.category"].create(
            {
                "name": "Forged category",
                "is_central": True,
                "central_owner_id": remote.id,
            }
        )
        Binding = cls.env["prm.sync.binding"]
        Binding._prm_bind(cls.connection, cls.pricelist, 41, version=7)
        Binding._prm_bind(cls.connection, cls.category, 42, version=7)
        cls.admin = new_test_user(
            cls.env,
            login="prm_release_sync_admin",
            groups="base.group_system,sales_team.group_sale_manager",
        )

    def _run(self, records, action):
        wizard = (
            self.env["prm.central.release"]
            .with_user(self.admin)
            .with_context(active_model=records._name, active_ids=records.ids)
            .create({"action": action, "reason": "Forged by the partner's key"})
        )
        wizard.action_apply()

    def _bound(self, record):
        return self.env["prm.sync.binding"].search_count(
            [("res_model", "=", record._name), ("res_id", "=", record.id)]
        )

    def test_released_records_are_no_longer_the_remotes(self):
        self._run(self.pricelist, "release")
        self.assertFalse(self.pricelist.is_central)
        self.assertFalse(self._bound(self.pricelist))
        self.pricelist.with_user(self.admin).name = "Corrected price list"
        self.assertIn(
            "Reason: Forged by the partner",
            self.connection.message_ids[:1].body,
        )

    def test_deleted_records_leave_their_reason_on_the_connection(self):
        self._run(self.category, "delete")
        self.assertFalse(self.category.exists())
        self.assertFalse(
            self.env["prm.sync.binding"].search_count(
                [("connection_id", "=", self.connection.id), ("remote_id", "=", 42)]
            )
        )
        self.assertIn("Forged category", self.connection.message_ids[:1].body)

    def test_a_released_product_is_no_longer_the_remotes_variant_either(self):
        product = self.env["product.template"].create(
            {
                "name": "Forged product",
                "is_central": True,
                "central_owner_id": self.connection.partner_id.id,
            }
        )
        Binding = self.env["prm.sync.binding"]
        Binding._prm_bind(self.connection, product, 43)
        Binding._prm_bind(self.connection, product.product_variant_id, 44)
        self._run(product, "release")
        self.assertFalse(self._bound(product))
        self.assertFalse(self._bound(product.product_variant_id))
        self.assertTrue(self._bound(self.category), "other records stay bound")
