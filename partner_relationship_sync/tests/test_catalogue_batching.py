# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The central catalogue's messages are built in batches: pushing ten times
more products does not take ten times more queries (the exchange itself is
tested between two databases in the repository's tests/)."""

from odoo.tests import TransactionCase, tagged

from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestCatalogueBatching(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pricelist = cls.env["product.pricelist"].create(
            {"name": "Batching tier prices", "is_central": True}
        )
        grade = cls.env["res.partner.grade"].create(
            {"name": "Batching tier", "pricelist_id": cls.pricelist.id}
        )
        partner = cls.env["res.partner"].create(
            {
                "name": "Batching Partner",
                "is_company": True,
                "is_channel_partner": True,
                "grade_id": grade.id,
            }
        )
        cls.connection = unreachable_connection(cls.env, partner, "partner")
        cls.categories = cls.env["product.category"].create(
            [{"name": f"Batching category {n}", "is_central": True} for n in range(5)]
        )

    def _create_products(self, count, offset=0):
        self.env["product.template"].create(
            [
                {
                    "name": f"Batching product {n}",
                    "default_code": f"BATCH-{n}",
                    "barcode": f"BATCH-BC-{n}",
                    "categ_id": self.categories[n % 5].id,
                    "is_central": True,
                }
                for n in range(offset, offset + count)
            ]
        )

    def _push(self):
        """Queries of a full push; the messages it queued."""
        Message = self.env["prm.sync.message"]
        Message.search([("connection_id", "=", self.connection.id)]).unlink()
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self.env["prm.sync.catalogue.flow"]._prm_send_catalogue(self.connection)
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - before
        return queries, Message.search([("connection_id", "=", self.connection.id)])

    def test_a_push_of_many_products_takes_few_queries(self):
        self._create_products(20)
        few_queries, few = self._push()
        few_count = len(few)
        self._create_products(200, offset=20)
        many_queries, many = self._push()
        central = self.env["product.template"].search_count([("is_central", "=", True)])
        products = many.filtered(lambda m: m.kind == "central_product")
        self.assertEqual(len(products), central)
        self.assertEqual(len(many) - few_count, 200)
        self.assertEqual(
            many.filtered(lambda m: m.kind == "central_pricelist").res_id,
            self.pricelist.id,
        )
        codes = {m.payload["default_code"] for m in products}
        self.assertIn("BATCH-219", codes)
        self.assertLess(many_queries, few_queries + 30, "queries grow with products")

    def test_a_write_on_many_products_queues_one_message_each(self):
        self._create_products(30)
        templates = self.env["product.template"].search(
            [("default_code", "like", "BATCH-")]
        )
        Message = self.env["prm.sync.message"]
        Message.search([("connection_id", "=", self.connection.id)]).unlink()
        templates.write({"list_price": 42.0})
        templates.write({"description": "not for partners"})
        messages = Message.search([("connection_id", "=", self.connection.id)])
        self.assertEqual(sorted(messages.mapped("res_id")), sorted(templates.ids))
        self.assertEqual({m.payload["list_price"] for m in messages}, {42.0})
