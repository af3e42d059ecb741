# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

import openpyxl

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PartnerRelationshipCommon, prm_in_taiwan


@tagged("post_install", "-at_install")
class TestVendorManagedInventory(PartnerRelationshipCommon):
    prm_freeze_time = "2027-04-01"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partner_a.grade_id = cls.tier_gold
        cls.router = cls.env["product.product"].create(
            {"name": "Router R1", "default_code": "R1", "list_price": 100}
        )
        cls.switch = cls.env["product.product"].create(
            {"name": "Switch S1", "default_code": "S1", "list_price": 200}
        )
        if cls.prm_company != cls.company_main:
            # The main company's own products under the same codes.
            cls.env["product.product"].create(
                [
                    {
                        "name": f"{product.name} (main company)",
                        "default_code": product.default_code,
                        "company_id": cls.company_main.id,
                    }
                    for product in (cls.router, cls.switch)
                ]
            )
        cls.Upload = cls.env["prm.vmi.upload"]
        cls.Proposal = cls.env["prm.vmi.proposal"]

    def _csv(self, *lines):
        header = "type,product_code,location,date_from,date_to,quantity"
        return ("\n".join((header, *lines)) + "\n").encode()

    def _upload(self, content, name="figures.csv", **kwargs):
        return self.Upload.with_user(self.portal_user_a)._prm_partner_upload(
            self.partner_a, name, content, **kwargs
        )

    def test_good_file(self):
        upload = self._upload(
            self._csv(
                "stock,R1,Taipei,2027-03-31,,12",
                "sales,R1,Taipei,2027-03-01,2027-03-31,30",
                "Sell-through;R1;Taipei;2027-02-01;2027-02-28;20".replace(";", ","),
                "forecast,R1,Taipei,2027-04-01,2027-04-30,35",
            )
        )
        self.assertEqual(upload.state, "imported")
        self.assertEqual(upload.imported_count, 4)
        self.assertFalse(upload.error_count)
        figures = upload.report_ids
        self.assertEqual(
            sorted(figures.mapped("kind")), ["forecast", "sales", "sales", "stock"]
        )
        stock = figures.filtered(lambda f: f.kind == "stock")
        self.assertEqual((stock.date_from, stock.date_to), (date(2027, 3, 31),) * 2)
        # The same file again changes nothing.
        again = self._upload(
            self._csv(
                "stock,R1,Taipei,2027-03-31,,12",
                "sales,R1,Taipei,2027-03-01,2027-03-31,30",
                "Sell-through;R1;Taipei;2027-02-01;2027-02-28;20".replace(";", ","),
                "forecast,R1,Taipei,2027-04-01,2027-04-30,35",
            )
        )
        self.assertEqual(again, upload)
        self.assertEqual(self.env["prm.vmi.report"].search_count([]), 4)
        # A corrected figure replaces the previous one.
        self._upload(self._csv("stock,R1,Taipei,2027-03-31,,10"))
        stock = self.env["prm.vmi.report"].search([("kind", "=", "stock")])
        self.assertEqual(stock.quantity, 10)

    def test_bad_file_imports_nothing_unless_asked(self):
        content = self._csv(
            "stock,R1,Taipei,2027-03-31,,12",
            "stock,NOPE,Taipei,2027-03-31,,1",
            "stock,S1,Taipei,2027-03-31,,-4",
            "sales,S1,Taipei,2027-04-01,2027-04-30,5",
            "sales,S1,Taipei,2027-03-10,2027-03-01,5",
            "stock,S1,Taipei,31/03/2027,,5",
            "refund,S1,Taipei,2027-03-31,,5",
            "stock,R1,Taipei,2027-03-31,,12",
        )
        upload = self._upload(content)
        self.assertEqual(upload.state, "failed")
        self.assertFalse(self.env["prm.vmi.report"].search([]))
        errors = {error["row"]: error["message"] for error in upload.errors}
        self.assertIn("unknown product code NOPE", errors[3])
        self.assertIn("is negative", errors[4])
        self.assertIn("in the future", errors[5])
        self.assertIn("date_to is before date_from", errors[6])
        self.assertIn("is not a date", errors[7])
        self.assertIn("not stock, sales or forecast", errors[8])
        self.assertIn("same figure as row 2", errors[9])
        self.assertEqual(len(errors), 7)
        # The user chooses to import the valid rows.
        partial = self._upload(content, import_valid_rows=True)
        self.assertEqual(partial.state, "imported")
        self.assertEqual(partial.imported_count, 1)
        self.assertEqual(self.env["prm.vmi.report"].search_count([]), 1)

    def test_xlsx_and_unreadable_files(self):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(
            ["Type", "Product_Code", "Location", "Date_From", "Date_To", "Quantity"]
        )
        sheet.append(["stock", "S1", "Main", date(2027, 3, 30), None, 7])
        buffer = io.BytesIO()
        workbook.save(buffer)
        upload = self._upload(buffer.getvalue(), name="figures.xlsx")
        self.assertEqual(upload.imported_count, 1)
        self.assertEqual(upload.report_ids.quantity, 7)
        with self.assertRaisesRegex(UserError, "Missing column"):
            self._upload(b"sku,qty\nR1,3\n")
        with self.assertRaisesRegex(UserError, ".csv or .xlsx"):
            self._upload(b"x", name="figures.pdf")
        with self.assertRaisesRegex(UserError, "not a readable XLSX"):
            self._upload(b"not a zip", name="figures.xlsx")
        template = self.Upload._template_csv()
        self.assertTrue(template.startswith("type,product_code,location"))

    def test_access(self):
        with self.assertRaises(AccessError):
            self.Upload.with_user(self.portal_user_a)._prm_partner_upload(
                self.partner_b, "x.csv", self._csv("stock,R1,X,2027-03-31,,1")
            )
        upload = self._upload(self._csv("stock,R1,X,2027-03-31,,1"))
        other = self.env["res.users"].create(
            {
                "name": "Bob of B",
                "login": "prm_portal_b_vmi",
                "groups_id": [(6, 0, self.env.ref("base.group_portal").ids)],
                "partner_id": self.env["res.partner"]
                .create({"name": "Bob", "parent_id": self.partner_b.id})
                .id,
            }
        )
        with self.assertRaises(AccessError):
            upload.report_ids.with_user(other).read(["quantity"])

    def _share(self, *lines):
        return self._upload(self._csv(*lines))

    def test_proposal_maths(self):
        Target = self.env["prm.vmi.target"]
        # Days of cover: 30 days; 90 sold in the last 90 days (1/day), 45 the
        # 90 days before (trend 2.0): demand 1 x 2 x 30 = 60; stock 15 and
        # 5 on order: propose 40.
        Target.create(
            {
                "partner_id": self.partner_a.id,
                "product_id": self.router.id,
                "cover_days": 30,
            }
        )
        # Min/max 10/50: stock 8 <= 10, propose 50 - 8 = 42; sold nothing
        # recently; forecast 20 for April.
        Target.create(
            {
                "partner_id": self.partner_a.id,
                "product_id": self.switch.id,
                "min_qty": 10,
                "max_qty": 50,
            }
        )
        self._share(
            "stock,R1,Taipei,2027-03-31,,10",
            "stock,R1,Kaohsiung,2027-03-30,,5",
            "stock,R1,Taipei,2027-01-31,,99",
            "sales,R1,Taipei,2027-01-01,2027-03-31,90",
            "sales,R1,Taipei,2026-10-01,2026-12-31,45",
            "stock,S1,Taipei,2027-03-31,,8",
            "forecast,S1,Taipei,2027-04-01,2027-04-30,20",
        )
        order = self.env["sale.order"].create(
            {
                "partner_id": self.partner_a.id,
                "order_line": [
                    (0, 0, {"product_id": self.router.id, "product_uom_qty": 5})
                ],
            }
        )
        order.action_confirm()
        result = self.Proposal._compute_proposals()
        self.assertEqual(result["proposals"], 2)
        router = self.Proposal.search([("product_id", "=", self.router.id)])
        self.assertEqual(router.stock_qty, 15)
        self.assertEqual(router.incoming_qty, 5)
        self.assertAlmostEqual(router.daily_sales, 1.0)
        self.assertAlmostEqual(router.trend, 2.0)
        self.assertAlmostEqual(router.demand_qty, 60)
        self.assertEqual(router.proposed_qty, 40)
        switch = self.Proposal.search([("product_id", "=", self.switch.id)])
        self.assertEqual(switch.forecast_qty, 20)
        self.assertEqual(switch.proposed_qty, 42)
        # Recomputing replaces the open proposals.
        self.Proposal._compute_proposals()
        self.assertEqual(self.Proposal.search_count([("state", "=", "proposed")]), 2)
        router = self.Proposal.search([("product_id", "=", self.router.id)])
        switch = self.Proposal.search([("product_id", "=", self.switch.id)])
        # Confirmed: one order for the partner at its tier price list.
        (router | switch).with_user(self.partner_manager).action_confirm()
        sale = router.sale_order_id
        self.assertEqual(sale, switch.sale_order_id)
        self.assertEqual(sale.pricelist_id, self.pricelist_gold)
        self.assertEqual(
            sorted(sale.order_line.mapped("product_uom_qty")), [40.0, 42.0]
        )
        self.assertEqual(router.state, "confirmed")

    def test_alerts(self):
        Target = self.env["prm.vmi.target"]
        for product in (self.router, self.switch):
            Target.create(
                {
                    "partner_id": self.partner_a.id,
                    "product_id": product.id,
                    "min_qty": 5,
                    "max_qty": 20,
                }
            )
        self._share(
            "stock,R1,Taipei,2027-03-31,,0",
            "sales,R1,Taipei,2027-03-01,2027-03-31,12",
            "stock,S1,Taipei,2027-03-31,,80",
        )
        result = self._prm_cron(self.Proposal)._cron_compute()
        self.assertEqual((result["stock_outs"], result["overstocks"]), (1, 1))
        alerts = {p.product_id: p.alert for p in self.Proposal.search([])}
        self.assertEqual(alerts, {self.router: "stock_out", self.switch: "overstock"})
        activity = self.partner_a.activity_ids.filtered(
            lambda a: "[VMI]" in (a.summary or "")
        )
        self.assertEqual(activity.user_id, self.partner_manager)

    def test_set_wise(self):
        products = self.env["product.product"].create(
            [{"name": f"P{i}", "default_code": f"P{i}"} for i in range(40)]
        )
        self.env["prm.vmi.target"].create(
            [
                {"partner_id": self.partner_a.id, "product_id": p.id, "cover_days": 10}
                for p in products
            ]
        )

        def queries(count):
            lines = [
                f"sales,P{i},X,2027-03-01,2027-03-31,{i + 1}" for i in range(count)
            ]
            self._share(*lines)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            self.Proposal._compute_proposals()
            return self.env.cr.sql_log_count - before

        self.assertEqual(queries(4), queries(40))


TestVendorManagedInventoryTaiwan = prm_in_taiwan(TestVendorManagedInventory)
