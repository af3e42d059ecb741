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

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG
from odoo.addons.partner_relationship.tests.common import PartnerRelationshipCommon

from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestCatalogueMatching(PartnerRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Aurora Devices", "is_company": True}
        )
        cls.to_vendor = unreachable_connection(cls.env, cls.vendor, "vendor")
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
        to_partner = unreachable_connection(self.env, self.partner_a, "partner")
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

    def _rule(self, pricelist, percent):
        pricelist.item_ids = [
            (5, 0, 0),
            (
                0,
                0,
                {
                    "applied_on": "3_global",
                    "compute_price": "percentage",
                    "percent_price": percent,
                },
            ),
        ]
        return pricelist.item_ids

    def _prices_queued(self, since, connection):
        """{template: vendor price} of the product messages queued to
        `connection` after the message `since`."""
        messages = self.env["prm.sync.message"].search(
            [
                ("id", ">", since),
                ("connection_id", "=", connection.id),
                ("kind", "=", "central_product"),
            ]
        )
        return {
            self.Template.browse(message.res_id): message.payload["vendor_price"]
            for message in messages
        }

    def _last_message(self):
        return self.env["prm.sync.message"].search([], order="id desc", limit=1).id

    def test_a_tier_price_change_reaches_the_partners_vendor_lines(self):
        """Vendor side: a price changed on a tier's price list, or a partner
        moved to a tier with another price list, queues to the partners
        concerned their price of each product they have from us (their
        vendor lines follow it, see test_our_product_is_bound_not_copied);
        not to the others, and not the products they do not have."""
        gold_rule = self._rule(self.pricelist_gold, 25)
        self._rule(self.pricelist_silver, 5)
        self.partner_a.grade_id = self.tier_gold
        self.partner_b.grade_id = self.tier_silver
        to_a = unreachable_connection(self.env, self.partner_a, "partner")
        to_b = unreachable_connection(self.env, self.partner_b, "partner")
        switch, router, unsent = self.Template.create(
            [
                {"name": name, "list_price": 2000, "is_central": True}
                for name in ("Central switch", "Central router", "Not sent yet")
            ]
        )
        Binding = self.env["prm.sync.binding"]
        for connection in (to_a, to_b):
            for remote_id, template in enumerate(switch | router, start=1):
                Binding._prm_bind(connection, template, remote_id)

        since = self._last_message()
        gold_rule.percent_price = 10
        self.assertEqual(self._prices_queued(since, to_a), {switch: 1800, router: 1800})
        self.assertFalse(self._prices_queued(since, to_b), "Silver did not change")

        since = self._last_message()
        self.partner_a.grade_id = self.tier_silver
        self.assertEqual(self._prices_queued(since, to_a), {switch: 1900, router: 1900})
        self.assertFalse(self._prices_queued(since, to_b))

        # Set-wise: as many queries for twice the products.
        def queries():
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            self.Flow._prm_send_prices(to_a)
            return self.env.cr.sql_log_count - start

        with_two = queries()
        more = self.Template.create(
            [
                {"name": f"More {n}", "list_price": 100, "is_central": True}
                for n in (1, 2)
            ]
        )
        for remote_id, template in enumerate(more, start=10):
            Binding._prm_bind(to_a, template, remote_id)
        since = self._last_message()
        self.assertEqual(queries(), with_two)
        self.assertEqual(len(self._prices_queued(since, to_a)), 4)

    def _based_rule(self, pricelist, base, percent, **values):
        """A rule of `pricelist`: `percent` off the price of `base`."""
        return self.env["product.pricelist.item"].create(
            {
                "pricelist_id": pricelist.id,
                "applied_on": "3_global",
                "compute_price": "percentage",
                "percent_price": percent,
                "base": "pricelist",
                "base_pricelist_id": base.id,
                **values,
            }
        )

    def _gold_and_silver_partners(self):
        """Partner A of the Gold tier and B of the Silver one (Silver's price
        list: 5% off), connected, each with two central products of ours at
        2000: (to A, to B, the products)."""
        self._rule(self.pricelist_silver, 5)
        self.partner_a.grade_id = self.tier_gold
        self.partner_b.grade_id = self.tier_silver
        to_a = unreachable_connection(self.env, self.partner_a, "partner")
        to_b = unreachable_connection(self.env, self.partner_b, "partner")
        switch, router = self.Template.create(
            [
                {"name": name, "list_price": 2000, "is_central": True}
                for name in ("Central switch", "Central router")
            ]
        )
        for connection in (to_a, to_b):
            for remote_id, template in enumerate(switch | router, start=1):
                self.env["prm.sync.binding"]._prm_bind(connection, template, remote_id)
        return to_a, to_b, switch, router

    def _more_gold_partners(self):
        """Two more connected Gold partners (with no product from us)."""
        for name in ("Partner C", "Partner D"):
            partner = self._create_channel_partner(name, self.partner_manager)
            partner.grade_id = self.tier_gold
            unreachable_connection(self.env, partner, "partner")

    def test_a_change_of_the_price_list_a_tier_is_based_on_reaches_its_partners(
        self,
    ):
        """Vendor side: the Gold tier's price list takes its prices from a
        regional one, itself based on a distributor one (rules based on
        another price list). A change of either changes what Gold partners
        pay: their price of each product they have from us is queued to
        them, not to the Silver partners; price lists based on each other
        do not send for ever. Set-wise: as many queries for more partners."""
        distributor = self._prm_pricelist("Distributor PL")
        regional = self._prm_pricelist("Regional PL")
        distributor_rule = self._rule(distributor, 20)
        regional_rule = self._based_rule(regional, distributor, 0)
        self._based_rule(self.pricelist_gold, regional, 10)
        to_a, to_b, switch, router = self._gold_and_silver_partners()
        Binding = self.env["prm.sync.binding"]

        since = self._last_message()
        distributor_rule.percent_price = 50  # 2000 -> 1000 -> 1000 -> 900
        self.assertEqual(self._prices_queued(since, to_a), {switch: 900, router: 900})
        self.assertFalse(self._prices_queued(since, to_b), "Silver did not change")

        since = self._last_message()
        regional_rule.percent_price = 50  # 1000 -> 500 -> 450
        self.assertEqual(self._prices_queued(since, to_a), {switch: 450, router: 450})
        self.assertFalse(self._prices_queued(since, to_b))

        # The distributor price list based on Gold's for a product of ours
        # the partners do not buy: a loop of price lists, which ends.
        own = self.Template.create({"name": "Not for partners", "list_price": 10})
        self._based_rule(
            distributor,
            self.pricelist_gold,
            0,
            applied_on="1_product",
            product_tmpl_id=own.id,
        )
        since = self._last_message()
        # Written through the price list: 2000 -> 800 -> 400 -> 360.
        distributor.item_ids = [(1, distributor_rule.id, {"percent_price": 60})]
        self.assertEqual(self._prices_queued(since, to_a), {switch: 360, router: 360})
        self.assertFalse(self._prices_queued(since, to_b))

        # Set-wise: the partners concerned are found in as many queries for
        # three Gold partners as for one (without products to send them).
        Binding.search([("connection_id", "in", (to_a | to_b).ids)]).unlink()

        def queries():
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            self.Flow._prm_send_pricelists(distributor)
            self.env.flush_all()
            return self.env.cr.sql_log_count - start

        with_one = queries()
        self._more_gold_partners()
        self.assertEqual(queries(), with_one)

    def test_deleting_a_price_list_a_tier_is_based_on_reaches_its_partners(self):
        """Vendor side: the Gold tier's price list takes its prices from a
        regional one, itself based on a distributor one. Odoo refuses to
        delete a price list other price lists' rules are based on, unless
        they go with it: the Gold price list deleted with the regional one,
        the Gold partners pay the sales price, queued to them (not to the
        Silver partners) as for a change. Set-wise: as many queries for
        more partners."""
        distributor = self._prm_pricelist("Distributor PL")
        regional = self._prm_pricelist("Regional PL")
        self._rule(distributor, 50)
        self._based_rule(regional, distributor, 20)
        self._based_rule(self.pricelist_gold, regional, 10)
        to_a, to_b, switch, router = self._gold_and_silver_partners()
        Binding = self.env["prm.sync.binding"]

        since = self._last_message()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            (regional | distributor).unlink()  # Gold's rule is based on it
        self.assertFalse(self._prices_queued(since, to_a))
        # An uninstall deletes it all the same (Odoo's prices then fail on
        # the rules left without their base): it goes, nothing is sent.
        with self.env.cr.savepoint() as uninstall:
            distributor.with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
            self.assertFalse(self._prices_queued(since, to_a))
            uninstall.rollback()

        (self.pricelist_gold | regional).unlink()
        self.assertEqual(self._prices_queued(since, to_a), {switch: 2000, router: 2000})
        self.assertFalse(self._prices_queued(since, to_b), "Silver did not change")

        # Set-wise: the partners concerned are found in as many queries for
        # three Gold partners as for one (without products to send them).
        Binding.search([("connection_id", "in", (to_a | to_b).ids)]).unlink()

        def queries():
            base = self._prm_pricelist("Base PL")
            self.tier_gold.pricelist_id = self._prm_pricelist("New Gold PL")
            self._based_rule(self.tier_gold.pricelist_id, base, 10)
            self.env.flush_all()
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            (self.tier_gold.pricelist_id | base).unlink()
            self.env.flush_all()
            return self.env.cr.sql_log_count - start

        with_one = queries()
        self._more_gold_partners()
        self.assertEqual(queries(), with_one)

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
