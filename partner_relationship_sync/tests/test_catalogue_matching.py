# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The vendor's catalogue in a partner's database: a product the partner
already has, by internal reference, is bound rather than copied, and the
partner's price from the vendor (its tier price) goes on the product's
vendor line; two products with the reference refuse the message rather than
pick one. (Between two databases: tests/test_sync_catalogue.py.)"""

import uuid

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.partner_relationship.tests.common import PartnerRelationshipCommon


@tagged("post_install", "-at_install")
class TestCatalogueMatching(PartnerRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Aurora Devices", "is_company": True}
        )
        cls.to_vendor = cls.env["prm.sync.connection"].create(
            {
                "name": "Aurora's database",
                "remote_role": "vendor",
                "partner_id": cls.vendor.id,
                "remote_url": "http://127.0.0.1:9",
                "remote_database": "aurora",
                "remote_login": "partner",
                "api_key": "k" * 40,
            }
        )
        cls.Template = cls.env["product.template"]
        cls.Flow = cls.env["prm.sync.catalogue.flow"]

    def _wire(self, template_id, code, version=1, price=700.0, **values):
        """The vendor's message about its product `template_id`."""
        return {
            "uuid": str(uuid.uuid4()),
            "kind": "central_product",
            "version": version,
            "payload": {
                "template_id": template_id,
                "product_id": template_id + 5000,
                "name": f"Aurora {code}",
                "default_code": code,
                "barcode": False,
                "list_price": 1200.0,
                "description_sale": False,
                "active": True,
                "type": "consu",
                "category": [[9100, "Aurora Devices", False]],
                "uom": {
                    "xmlid": "uom.product_uom_unit",
                    "name": "Units",
                    "category": "Unit",
                },
                "vendor_price": price,
                "vendor_currency": self.env.company.currency_id.name,
                **values,
            },
        }

    def _ours(self, code, name=None):
        return self.Template.create(
            {"name": name or f"Our {code}", "default_code": code, "list_price": 1500}
        )

    def _with_code(self, code):
        return self.Template.with_context(active_test=False).search(
            [("default_code", "=", code)]
        )

    def _vendor_lines(self, template):
        return template.seller_ids.filtered(lambda s: s.partner_id == self.vendor)

    def test_our_product_is_bound_not_copied(self):
        router = self._ours("AR-200", "Our AR-200 router")
        answers = self.Flow._prm_apply_product_many(
            self.to_vendor,
            [self._wire(1, "AR-200"), self._wire(2, "AS-48", price=1500)],
        )
        self.assertEqual(self._with_code("AR-200"), router, "no copy")
        self.assertEqual(answers[0]["remote_id"], router.id)
        binding = self.env["prm.sync.binding"]._prm_find(
            self.to_vendor, "product.template", 1
        )
        self.assertEqual(binding.res_id, router.id)
        # Ours, kept as it is, with the vendor's price to us on its vendor line.
        self.assertEqual((router.name, router.list_price), ("Our AR-200 router", 1500))
        self.assertFalse(router.is_central)
        line = self._vendor_lines(router)
        self.assertEqual(
            (line.price, line.company_id), (700, self.to_vendor.company_id)
        )
        # The product we did not have is made, maintained by the vendor,
        # with its price too.
        switch = self._with_code("AS-48")
        self.assertEqual(switch.central_owner_id, self.vendor)
        self.assertEqual(self._vendor_lines(switch).price, 1500)
        # The vendor's next price updates the line, never adds one.
        self.Flow._prm_apply_product_many(
            self.to_vendor,
            [self._wire(1, "AR-200", version=2, price=650, name="Renamed")],
        )
        self.assertEqual(self._vendor_lines(router).price, 650)
        self.assertEqual(len(self._vendor_lines(router)), 1)
        self.assertEqual(router.name, "Our AR-200 router")
        self.assertEqual(self._with_code("AR-200"), router)

    def test_two_of_ours_with_the_reference_refuse_the_product(self):
        first, second = self._ours("CARE-1Y"), self._ours("CARE-1Y")
        with self.assertRaisesRegex(UserError, "CARE-1Y"), self.env.cr.savepoint():
            self.Flow._prm_apply_product_many(
                self.to_vendor, [self._wire(3, "CARE-1Y")]
            )
        self.assertEqual(self._with_code("CARE-1Y"), first | second)
        self.assertFalse(self._vendor_lines(first) | self._vendor_lines(second))

    def test_another_companys_product_is_not_ours_here(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        theirs = self.Template.create(
            {"name": "Theirs", "default_code": "AR-200", "company_id": other_company.id}
        )
        self.Flow._prm_apply_product_many(self.to_vendor, [self._wire(1, "AR-200")])
        made = self._with_code("AR-200") - theirs
        self.assertEqual(made.central_owner_id, self.vendor)
        self.assertFalse(self._vendor_lines(theirs))

    def test_the_vendor_sends_each_partner_its_tier_price(self):
        """Vendor side: the product's message names the partner's price from
        its tier's price list."""
        self.pricelist_gold.item_ids = [
            (
                0,
                0,
                {
                    "applied_on": "3_global",
                    "compute_price": "percentage",
                    "percent_price": 25,
                },
            )
        ]
        self.partner_a.grade_id = self.tier_gold
        to_partner = self.env["prm.sync.connection"].create(
            {
                "name": "Partner A's database",
                "remote_role": "partner",
                "partner_id": self.partner_a.id,
                "remote_url": "http://127.0.0.1:9",
                "remote_database": "partner_a",
                "remote_login": "vendor",
                "api_key": "k" * 40,
            }
        )
        product = self.Template.create(
            {
                "name": "Central switch",
                "default_code": "SW-1",
                "list_price": 2000,
                "is_central": True,
            }
        )
        message = self.env["prm.sync.message"].search(
            [
                ("connection_id", "=", to_partner.id),
                ("kind", "=", "central_product"),
                ("res_id", "=", product.id),
            ]
        )
        self.assertEqual(message.payload["vendor_price"], 1500)
        self.assertEqual(
            message.payload["vendor_currency"], self.pricelist_gold.currency_id.name
        )

    def test_another_vendors_product_is_not_bound(self):
        """A vendor naming the internal reference of another vendor's central
        product neither binds it nor puts its price on it (it would become
        where the partner buys the other vendor's product): it is made as a
        product of its own."""
        rival = self.env["res.partner"].create(
            {"name": "Borealis Networks", "is_company": True}
        )
        theirs = self.Template.create(
            {
                "name": "Borealis AR-200",
                "default_code": "AR-200",
                "is_central": True,
                "central_owner_id": rival.id,
            }
        )
        answers = self.Flow._prm_apply_product_many(
            self.to_vendor, [self._wire(1, "AR-200", price=1)]
        )
        self.assertNotEqual(answers[0]["remote_id"], theirs.id)
        self.assertFalse(self._vendor_lines(theirs))
        made = self._with_code("AR-200") - theirs
        self.assertEqual(made.central_owner_id, self.vendor)
        self.assertEqual(theirs.name, "Borealis AR-200")
