# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date, timedelta

import lxml.html

from odoo.tests import tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestServicePortal(PortalCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Product = cls.env["product.product"]
        cls.router = Product.create(
            {"name": "Portal Router", "default_code": "PR-1", "prm_warranty_months": 12}
        )
        cls.other_product = Product.create({"name": "Never Sold"})
        order = cls.env["sale.order"].create(
            {
                "partner_id": cls.partner_a.id,
                "order_line": [(0, 0, {"product_id": cls.router.id})],
            }
        )
        order.action_confirm()

    def _claim_form(self, token, **values):
        return {
            "csrf_token": token,
            "product_id": str(self.router.id),
            "problem": "It does not boot.",
            **values,
        }

    def test_warranty_claim_with_attachment(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        form = self.url_open("/my/warranty/new")
        self.assertIn("Portal Router", form.text)
        self.assertNotIn("Never Sold", form.text)
        self.assertIn('name="problem"', form.text, "an empty textarea is still shown")
        token = self._csrf("/my/warranty/new")
        response = self.url_open(
            "/my/warranty/new",
            data=self._claim_form(token),
            files={"attachments": ("photo.txt", b"a photo", "text/plain")},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 303)
        claim = self.env["prm.warranty.claim"].search([])
        self.assertEqual(claim.partner_id, self.partner_a)
        self.assertEqual(claim.state, "submitted")
        self.assertTrue(claim.in_warranty)
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", claim._name), ("res_id", "=", claim.id)]
        )
        self.assertEqual(attachment.raw, b"a photo")
        page = self.url_open(response.headers["Location"])
        self.assertIn(str(claim.warranty_end), page.text)
        listing = self.url_open("/my/warranty")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(claim.name, listing.text)
        self.assertIn("Portal Router", listing.text)

    def test_bad_claims_create_nothing(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        token = self._csrf("/my/warranty/new")
        for values, message in (
            ({"product_id": str(self.other_product.id)}, "never bought"),
            ({"lot": "SN-404"}, "SN-404 was never delivered"),
            ({"purchase_date": "2099-01-01"}, "in the future"),
            ({"problem": ""}, "describe what is wrong"),
            ({"state": "approved", "product_id": "x"}, "choose the product"),
        ):
            with self.subTest(values=values):
                response = self._post(
                    "/my/warranty/new", self._claim_form(token, **values)
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, response.text)
        response = self._post("/my/warranty/new", {"product_id": str(self.router.id)})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self.env["prm.warranty.claim"].search([]))

    def test_refused_serial_keeps_what_was_typed(self):
        kiosk = self.env["res.partner"].create(
            {"name": "Portal Kiosk", "end_customer_of_id": self.partner_a.id}
        )
        bought = (date.today() - timedelta(days=30)).isoformat()
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        response = self.url_open(
            "/my/warranty/new",
            data=self._claim_form(
                self._csrf("/my/warranty/new"),
                lot="SN-404",
                purchase_date=bought,
                end_customer_id=str(kiosk.id),
            ),
            files={"attachments": ("photo.jpg", b"a photo", "image/jpeg")},
            allow_redirects=False,
        )
        self.assertEqual(response.status_code, 400)
        page = lxml.html.fromstring(response.text)
        self.assertIn("SN-404 was never delivered", page.text_content())
        (form,) = page.xpath("//form[hasclass('prm_claim_form')]")
        self.assertEqual(
            form.xpath(".//select[@id='product_id']/option[@selected]/@value"),
            [str(self.router.id)],
        )
        self.assertEqual(
            form.xpath(".//select[@id='end_customer_id']/option[@selected]/@value"),
            [str(kiosk.id)],
        )
        self.assertEqual(form.xpath(".//input[@id='lot']/@value"), ["SN-404"])
        self.assertEqual(form.xpath(".//input[@id='purchase_date']/@value"), [bought])
        self.assertEqual(
            form.xpath("string(.//textarea[@id='problem'])"), "It does not boot."
        )
        self.assertIn(
            "photo.jpg", form.xpath("string(.//*[hasclass('prm_claim_files')])")
        )
        self.assertFalse(self.env["prm.warranty.claim"].search([]))

    def test_purchase_date_is_stored_and_shown(self):
        bought = date.today() - timedelta(days=30)
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        response = self._post(
            "/my/warranty/new",
            self._claim_form(
                self._csrf("/my/warranty/new"), purchase_date=bought.isoformat()
            ),
        )
        self.assertEqual(response.status_code, 303)
        claim = self.env["prm.warranty.claim"].search([])
        self.assertEqual(claim.purchase_date, bought)
        page = lxml.html.fromstring(self.url_open(claim.access_url).text)
        self.assertEqual(
            page.xpath("string(//*[hasclass('prm_purchase_date')])").strip(),
            str(bought),
        )

    def test_other_company_claims_look_missing(self):
        claim = self.env["prm.warranty.claim"]._prm_partner_create(
            self.partner_a, {"product_id": self.router.id, "problem": "Secret problem"}
        )
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        for claim_id in (claim.id, claim.id + 1000):
            response = self.url_open(f"/my/warranty/{claim_id}", allow_redirects=False)
            self.assertEqual(response.status_code, 303)
            self.assertTrue(response.headers["Location"].endswith("/my"))
        self.assertNotIn("Secret problem", self.url_open("/my/warranty").text)
        own = self.env["prm.warranty.claim"]._prm_partner_create(
            self.partner_b, {"product_id": self.router.id, "problem": "B's problem"}
        )
        page = self.url_open("/my/warranty?sortby=warranty").text
        self.assertIn("Warranty End", page, "the sorting is offered")
        self.assertIn(own.name, page)

    def _upload(self, token, content, **data):
        return self.url_open(
            "/my/inventory/upload",
            data={"csrf_token": token, **data},
            files={"file": ("stock.csv", content, "text/csv")},
            allow_redirects=False,
        )

    def test_inventory_upload_good_and_bad_files(self):
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")
        template = self.url_open("/my/inventory/template.csv")
        self.assertIn("type,product_code,location", template.text)
        token = self._csrf("/my/inventory")
        today = date.today().isoformat()
        header = "type,product_code,location,date_from,date_to,quantity\n"
        good = self._upload(token, f"{header}stock,PR-1,Main,{today},,4\n".encode())
        self.assertEqual(good.status_code, 303)
        page = self.url_open(good.headers["Location"])
        self.assertIn("prm_upload_imported", page.text)
        bad = self._upload(
            token,
            f"{header}stock,NOPE,Main,{today},,4\nstock,PR-1,Main,{today},,-2\n".encode(),
        )
        page = self.url_open(bad.headers["Location"])
        self.assertIn("prm_upload_failed", page.text)
        self.assertIn("unknown product code NOPE", page.text)
        self.assertIn("is negative", page.text)
        self.env["prm.vmi.target"].create(
            {
                "partner_id": self.partner_a.id,
                "product_id": self.router.id,
                "min_qty": 5,
                "max_qty": 20,
            }
        )
        self.env["prm.vmi.proposal"]._compute_proposals()
        inventory = self.url_open("/my/inventory")
        self.assertEqual(inventory.status_code, 200)
        self.assertIn("Portal Router", inventory.text)
        self.assertIn("stock.csv", inventory.text)
        figures = self.env["prm.vmi.report"].search(
            [("partner_id", "=", self.partner_a.id)]
        )
        self.assertEqual(figures.mapped("quantity"), [4.0])
        refused = self._upload(token, b"not,a,template\n")
        self.assertEqual(refused.status_code, 400)
        self.assertIn("Missing column", refused.text)
        upload_url = good.headers["Location"].split("localhost:")[-1]
        upload_id = int(upload_url.rsplit("/", 1)[-1])
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        for some_id in (upload_id, upload_id + 1000):
            self.assertEqual(self.url_open(f"/my/inventory/{some_id}").status_code, 404)
        no_token = self.url_open(
            "/my/inventory/upload",
            data={"import_valid_rows": "on"},
            files={"file": ("x.csv", b"x", "text/csv")},
        )
        self.assertEqual(no_token.status_code, 400)
