# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partner side: the Vendor app's "Orders to Vendors" lists the orders sent
to a connected vendor and the requests for quotation to one (what we are
about to order), with a filter for each."""

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.partner_relationship.tests.common import PartnerRelationshipCommon

from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestVendorOrders(PartnerRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Orders Vendor Inc.", "is_company": True}
        )
        cls.vendor_buyer = cls.env["res.partner"].create(
            {"name": "Olga of Orders Vendor", "parent_id": cls.vendor.id}
        )
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Unconnected Supplies", "is_company": True}
        )
        cls.to_vendor = unreachable_connection(cls.env, cls.vendor, "vendor")
        cls.action = cls.env.ref(
            "partner_relationship_sync.purchase_order_action_vendor"
        )

    def _order(self, partner, **values):
        return self.env["purchase.order"].create({"partner_id": partner.id, **values})

    def _listed(self, orders, filter_name=None):
        """Those of `orders` the action lists (with its filter `filter_name`)."""
        domain = safe_eval(self.action.domain)
        if filter_name:
            arch = self.env["purchase.order"].get_view(
                self.action.search_view_id.id, "search"
            )["arch"]
            (node,) = etree.fromstring(arch).xpath(f"//filter[@name='{filter_name}']")
            domain += safe_eval(node.get("domain"))
        return orders & self.env["purchase.order"].search(domain)

    def test_orders_to_vendors_include_the_requests_for_quotation(self):
        rfq = self._order(self.vendor)
        rfq_to_contact = self._order(self.vendor_buyer)
        emailed = self._order(self.vendor)
        emailed.state = "sent"
        sent = self._order(self.vendor)
        sent.write(
            {
                "state": "purchase",
                "prm_vendor_connection_id": self.to_vendor.id,
                "prm_vendor_state": "sent",
            }
        )
        # Confirmed before the vendor was connected: never sent, never will be.
        before = self._order(self.vendor)
        before.state = "purchase"
        cancelled = self._order(self.vendor)
        cancelled.state = "cancel"
        elsewhere = self._order(self.supplier)
        orders = rfq | rfq_to_contact | emailed | sent | before | cancelled | elsewhere

        self.assertEqual(self._listed(orders), rfq | rfq_to_contact | emailed | sent)
        self.assertEqual(self._listed(orders, "prm_vendor_sent"), sent)
        self.assertEqual(
            self._listed(orders, "prm_vendor_unsent"), rfq | rfq_to_contact | emailed
        )
        self.assertEqual(
            orders.filtered("prm_to_vendor"), rfq | rfq_to_contact | emailed | sent
        )
        self.assertEqual(
            orders & self.env["purchase.order"].search([("prm_to_vendor", "=", False)]),
            before | cancelled | elsewhere,
        )
        # The vendor disconnected: its requests for quotation are ours again.
        self.to_vendor.active = False
        self.assertEqual(self._listed(orders), sent)
