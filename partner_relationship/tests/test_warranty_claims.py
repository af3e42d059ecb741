# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import PartnerRelationshipCommon, prm_in_taiwan


@tagged("post_install", "-at_install")
class TestWarrantyClaims(PartnerRelationshipCommon):
    prm_accounting = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.router = cls.env["product.product"].create(
            {
                "name": "Router R1",
                "is_storable": True,
                "tracking": "serial",
                "list_price": 500,
                "standard_price": 320,
                "prm_warranty_months": 12,
            }
        )
        cls.cable = cls.env["product.product"].create({"name": "Cable"})
        if cls.prm_company != cls.company_main:
            # Serial numbers are unique per company: the main company has its
            # own SN-0001 of the router.
            cls.env["stock.lot"].create(
                {
                    "name": "SN-0001",
                    "product_id": cls.router.id,
                    "company_id": cls.company_main.id,
                }
            )
        cls.lot, cls.lot_elsewhere = cls.env["stock.lot"].create(
            [
                {
                    "name": name,
                    "product_id": cls.router.id,
                    "company_id": cls.prm_company.id,
                }
                for name in ("SN-0001", "SN-0002")
            ]
        )
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.env.company.id)], limit=1
        )
        cls.env["stock.quant"]._update_available_quantity(
            cls.router, warehouse.lot_stock_id, 1, lot_id=cls.lot
        )
        with freeze_time("2026-03-10 10:00:00"):
            cls.order = cls.env["sale.order"].create(
                {
                    "partner_id": cls.partner_a.id,
                    "order_line": [
                        (0, 0, {"product_id": cls.router.id, "price_unit": 450})
                    ],
                }
            )
            cls.order.action_confirm()
            picking = cls.order.picking_ids
            picking.move_ids.move_line_ids.lot_id = cls.lot
            picking.move_ids.quantity = 1
            picking.move_ids.picked = True
            picking.button_validate()
        cls.portal_user_b = cls.env["res.users"].create(
            {
                "name": "Bob of B",
                "login": "prm_portal_b_warranty",
                "groups_id": [(6, 0, cls.env.ref("base.group_portal").ids)],
                "partner_id": cls.env["res.partner"]
                .create({"name": "Bob of B", "parent_id": cls.partner_b.id})
                .id,
            }
        )
        cls.Claim = cls.env["prm.warranty.claim"]

    def _claim(self, user=None, partner=None, **values):
        claim = self.Claim.with_user(user or self.portal_user_a)._prm_partner_create(
            partner or self.partner_a,
            {
                "product_id": self.router.id,
                "lot_id": "SN-0001",
                "problem": "Does not boot.",
                **values,
            },
        )
        claim.with_user(user or self.portal_user_a).action_submit()
        return claim

    @freeze_time("2026-09-01")
    def test_in_warranty_replacement(self):
        self.assertEqual(self.order.picking_ids.state, "done")
        claim = self._claim()
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.delivery_date, date(2026, 3, 10))
        self.assertEqual(claim.warranty_end, date(2027, 3, 10))
        self.assertTrue(claim.in_warranty)
        self.assertEqual(claim.sale_line_id, self.order.order_line)
        claim.with_user(self.partner_manager).action_approve_replacement()
        order = claim.replacement_order_id
        self.assertEqual(order.partner_id, self.partner_a)
        self.assertEqual(order.state, "sale")
        self.assertEqual(order.order_line.product_id, self.router)
        self.assertEqual(order.amount_total, 0.0)
        self.assertEqual(claim.cost, 320.0)

    @freeze_time("2026-09-01")
    def test_credit_note_and_repair(self):
        claim = self._claim()
        claim.with_user(self.partner_manager).action_approve_credit_note()
        refund = claim.credit_note_id
        self.assertEqual(refund.move_type, "out_refund")
        self.assertEqual(refund.partner_id, self.partner_a)
        self.assertEqual(refund.invoice_line_ids.price_unit, 450.0)
        self.assertEqual(claim.cost, refund.amount_untaxed)
        repair = self._claim(lot_id=False)
        repair.with_user(self.partner_manager).action_approve_repair()
        self.assertEqual(repair.ticket_id.warranty_claim_id, repair)
        self.assertEqual(repair.ticket_id.prm_partner_id, self.partner_a)
        report = dict(
            self.Claim._read_group(
                [("id", "in", (claim | repair).ids)], ["outcome"], ["cost:sum"]
            )
        )
        self.assertEqual(report["credit_note"], refund.amount_untaxed)

    @freeze_time("2027-05-01")
    def test_out_of_warranty(self):
        claim = self._claim()
        self.assertFalse(claim.in_warranty)
        manager = claim.with_user(self.partner_manager)
        with self.assertRaisesRegex(
            UserError, "out of warranty: delivered on 2026-03-10.*ended 2027-03-10"
        ):
            manager.action_approve_replacement()
        with self.assertRaisesRegex(UserError, "Paid Repair Service"):
            manager.action_offer_paid_repair()
        self.env.company.prm_repair_product_id = self.env["product.product"].create(
            {"name": "Repair service", "type": "service", "list_price": 90}
        )
        manager.action_offer_paid_repair()
        self.assertEqual(claim.state, "quoted")
        self.assertEqual(
            claim.repair_quote_id.amount_untaxed, self._prm_catalog_price(90.0)
        )
        self.assertEqual(claim.repair_quote_id.state, "draft")
        other = self._claim()
        with self.assertRaisesRegex(UserError, "say why"):
            other.with_user(self.partner_manager).action_reject()
        other.with_user(self.partner_manager).decision_reason = "Water damage."
        other.with_user(self.partner_manager).action_reject()
        self.assertIn("ended 2027-03-10", other.message_ids[0].body)

    def test_bad_claims(self):
        def check(exception, pattern, **values):
            with self.assertRaisesRegex(exception, pattern):
                with self.env.cr.savepoint():
                    self._claim(**values)

        check(UserError, "never bought Cable", product_id=self.cable.id, lot_id=False)
        check(UserError, "SN-9999 was never delivered", lot_id="SN-9999")
        check(UserError, "SN-0002 was never delivered", lot_id="SN-0002")
        check(ValidationError, "in the future", purchase_date="2099-01-01")
        check(AccessError, "own company", partner=self.partner_b)
        self.assertFalse(self.Claim.search([]))

    def test_access_and_forged_fields(self):
        claim = self.Claim.with_user(self.portal_user_a)._prm_partner_create(
            self.partner_a,
            {
                "product_id": self.router.id,
                "problem": "Noise",
                "state": "approved",
                "outcome": "replacement",
                "partner_id": self.partner_b.id,
            },
        )
        self.assertEqual(claim.state, "draft")
        self.assertFalse(claim.outcome)
        self.assertEqual(claim.partner_id, self.partner_a)
        with self.assertRaises(AccessError):
            claim.with_user(self.portal_user_b).read(["problem"])
        with self.assertRaises(AccessError):
            claim.with_user(self.portal_user_a).action_approve_replacement()
        with self.assertRaises(UserError):
            claim.with_user(self.partner_manager).write({"state": "approved"})


TestWarrantyClaimsTaiwan = prm_in_taiwan(TestWarrantyClaims)
