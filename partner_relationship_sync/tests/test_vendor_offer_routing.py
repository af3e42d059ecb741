# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partner side: a lead a vendor offered us stays the vendor's offer until
we accept it; our own routing never offers it to our channel partners nor
tags it "No more partner available" (the tag a vendor's lead seemed to
bring along: it was ours)."""

from odoo.tests import tagged

from odoo.addons.partner_relationship.tests.lead_routing_common import (
    LeadRoutingCommon,
)


@tagged("post_install", "-at_install")
class TestVendorOfferRouting(LeadRoutingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Routing Vendor Inc.", "is_company": True}
        )
        cls.to_vendor = cls.env["prm.sync.connection"].create(
            {
                "name": "Routing Vendor's database",
                "remote_role": "vendor",
                "partner_id": cls.vendor.id,
                "remote_url": "http://127.0.0.1:9",
                "remote_database": "vendor",
                "remote_login": "partner",
                "api_key": "k" * 40,
            }
        )

    def _offer(self, name, state="offered"):
        return self._lead(
            name,
            prm_vendor_connection_id=self.to_vendor.id,
            prm_vendor_offer_state=state,
        )

    def test_the_schedule_leaves_a_vendors_offer_alone(self):
        offer = self._offer("Offered by the vendor")
        ours = self._lead("Our own lead")
        self._prm_cron("prm.lead.router")._cron_route_unassigned()
        self.assertFalse(offer.partner_assigned_id)
        self.assertNotIn(self.unavailable_tag, offer.tag_ids)
        self.assertFalse(offer.tag_ids)
        self.assertFalse(offer.prm_routing_note)
        # Our own lead is routed as before.
        self.assertEqual(ours.partner_assigned_id, self.partner_a)

    def test_a_vendors_offer_is_not_routed_by_hand_nor_counted(self):
        offer = self._offer("Offered, routed by hand")
        recalled = self._offer("Recalled", state="recalled")
        result = self.Router._route(offer | recalled)
        self.assertEqual(result["skipped"], 2)
        self.assertFalse(offer.partner_assigned_id)
        self.assertFalse(offer.tag_ids)
        self.assertNotIn(offer, self.Router._unassigned_leads())
        # Once accepted, the lead is ours to pass on.
        accepted = self._offer("Accepted", state="accepted")
        self.Router._route(accepted)
        self.assertEqual(accepted.partner_assigned_id, self.partner_a)

    def test_the_migration_untags_the_vendors_offers(self):
        offer = self._offer("Tagged by our routing")
        ours = self._lead("Ours, tagged")
        (offer | ours).write({"tag_ids": [(4, self.unavailable_tag.id)]})
        self._prm_migrate(
            "18.0.1.7.0", "18.0.1.6.0", "post-podoo.py", "partner_relationship_sync"
        )
        self.assertFalse(offer.tag_ids)
        self.assertIn(self.unavailable_tag, ours.tag_ids)
