# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestChatterText(TransactionCase):
    """What a remote sends is shown as text in the chatter, never as HTML."""

    def test_a_vendors_order_name_is_not_a_link_on_the_purchase_order(self):
        vendor = self.env["res.partner"].create({"name": "Chatter Vendor"})
        order = self.env["purchase.order"].create({"partner_id": vendor.id})
        order.prm_vendor_order = '<a href="https://phish.example.com">S00042</a>'
        order._prm_log_vendor_status()
        body = order.message_ids[:1].body
        self.assertNotIn("<a ", body)
        self.assertIn("&lt;a href", body)
