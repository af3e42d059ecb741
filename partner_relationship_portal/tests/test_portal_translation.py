# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.tests import tagged

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalTranslation(PortalCommon):
    """A partner whose user reads Traditional Chinese sees the portal pages,
    and the messages of the Python code, in zh_TW."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        zh_tw = cls.env["res.lang"]._activate_lang("zh_TW")
        cls.env["ir.module.module"].search(
            [("name", "in", ["partner_relationship", "partner_relationship_portal"])]
        )._update_translations(["zh_TW"])
        # The portal pages are website pages: a user's language applies only
        # when it is one of the website's languages.
        cls.env["website"].search([]).write({"language_ids": [Command.link(zh_tw.id)]})
        cls.user_a.lang = "zh_TW"
        cls.partner_a.write(
            {
                "relationship_kind": "strategic",
                "partner_type_id": cls.env.ref(
                    "partner_relationship.partner_type_value_added_supplier"
                ).id,
            }
        )

    def setUp(self):
        super().setUp()
        self.authenticate("prm_portal_user_a", "prm_portal_user_a")

    def _page(self, url):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200, url)
        return response.text

    def assertTranslated(self, page, translated, english):
        # The page's <title> is the template's name, which is not translated.
        page = page.partition("<main>")[2] or page
        for text in translated:
            self.assertIn(text, page)
        for text in english:
            self.assertNotIn(text, page)

    def test_partner_page(self):
        self.assertTranslated(
            self._page("/my/partner"),
            [
                "合作夥伴計畫",  # Partner Programme
                "待您處理",  # Waiting for you
                "目前沒有待辦事項。",  # Nothing waits for you.
                "夥伴經理",  # Partner Manager
                "策略型",  # the relationship kind, a selection of the core
                "無合約",  # the agreement state, a computed selection
                "加值供貨商",  # the partner type, data of the core
            ],
            [
                "Partner Programme",
                "Waiting for you",
                "Nothing waits for you.",
                "Strategic",
                "No Agreement",
                "Value-added Supplier",
            ],
        )

    def test_registrations_page(self):
        self.assertTranslated(
            self._page("/my/registrations"),
            ["交易登記", "登記交易", "您尚未登記任何交易。"],
            ["Register a deal", "You have not registered any deal yet."],
        )

    def test_catalog_page(self):
        self.assertTranslated(
            self._page("/my/catalog"),
            ["產品目錄", "您所屬等級的價格", "，未稅。", "購物車", "沒有符合的產品。"],
            ["Prices of your tier", "before taxes", "No product matches."],
        )

    def test_message_of_the_portal_code(self):
        response = self._post(
            "/my/cart/order",
            {
                "customer_name": "Nobody",
                "csrf_token": self._csrf("/my/registrations/new"),
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertTranslated(
            response.text,
            ["購物車：請從產品目錄加入產品。"],
            ["Cart: add products from the catalog."],
        )

    def test_message_of_the_core_code(self):
        lead = self._lead_for(self.partner_a)
        url = f"/my/lead/{lead.id}"
        self.assertTranslated(
            self._page(url), ["已分派給您"], ["Offered to you: accept or decline by"]
        )
        page = self._post(
            f"{url}/decline", {"csrf_token": self._csrf(url), "reason": " "}
        )
        self.assertTranslated(
            page.text,
            ["原因：請告訴供應商您婉拒此潛在客戶的原因。"],
            ["Reason: tell the vendor why you decline the lead."],
        )
