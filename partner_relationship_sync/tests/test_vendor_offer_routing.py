# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partner side: a lead a vendor offered us stays the vendor's offer until
we accept it; our own routing never offers it to our channel partners nor
tags it "No more partner available" (the tag a vendor's lead seemed to
bring along: it was ours); our "Awaiting Partner" list leaves it to the
Vendor app's "Awaiting Our Answer"."""

from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.partner_relationship.tests.lead_routing_common import (
    LeadRoutingCommon,
)

from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestVendorOfferRouting(LeadRoutingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vendor = cls.env["res.partner"].create(
            {"name": "Routing Vendor Inc.", "is_company": True}
        )
        cls.to_vendor = unreachable_connection(cls.env, cls.vendor, "vendor")

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

    def _filter(self, view_xmlid, name):
        """The domain of the search view's filter `name`, as the list uses it."""
        arch = self.env["crm.lead"].get_view(self.env.ref(view_xmlid).id, "search")[
            "arch"
        ]
        (node,) = etree.fromstring(arch).xpath(f"//filter[@name='{name}']")
        return safe_eval(node.get("domain"))

    def test_awaiting_partner_leaves_the_vendors_offers_out(self):
        """Our "Awaiting Partner" list is our leads offered to our partners;
        the vendor's offers to us are in the Vendor app's "Awaiting Our
        Answer", by the same definition of a vendor's offer."""
        deadline = fields.Datetime.now() + timedelta(days=2)
        ours = self._lead("Ours, offered to A")
        ours._prm_offer(self.partner_a, deadline)
        accepted = self._offer("Accepted, then offered to A", state="accepted")
        accepted._prm_offer(self.partner_a, deadline)
        offer = self._offer("Awaiting our answer")
        # An older version routed the vendor's offers to our partners.
        routed = self._offer("Routed by an older version")
        routed.write(
            {"partner_assigned_id": self.partner_b.id, "prm_offer_state": "offered"}
        )
        declined = self._offer("Declined", state="declined")
        declined.active = False
        leads = ours | accepted | offer | routed | declined
        Lead = self.env["crm.lead"].with_context(active_test=False)
        in_list = leads & Lead.search(
            self._filter("crm.view_crm_case_leads_filter", "prm_offered")
        )
        self.assertEqual(in_list, ours | accepted)
        self.assertEqual(
            leads
            & Lead.search(
                self._filter("crm.view_crm_case_opportunities_filter", "prm_offered")
            ),
            ours | accepted,
        )
        self.assertEqual(
            leads & Lead.search([("prm_awaiting_partner", "=", False)]),
            offer | routed | declined,
        )
        self.assertEqual(
            leads.filtered("prm_awaiting_partner"), ours | accepted, "same, read"
        )
        # The Vendor app's list: the offers still open.
        awaiting = self._filter("crm.view_crm_case_leads_filter", "prm_vendor_awaiting")
        self.assertEqual(leads & Lead.search(awaiting), offer | routed)
        self.assertEqual(leads.filtered("prm_vendor_offer"), offer | routed | declined)

    def test_a_vendors_offer_is_not_forwarded_before_it_is_accepted(self):
        offer = self._offer("Not ours yet")
        deadline = fields.Datetime.now() + timedelta(days=2)
        with self.assertRaisesRegex(UserError, "Not ours yet"):
            offer._prm_forward(self.partner_a, deadline)
        self.assertFalse(offer.partner_assigned_id)
        offer.prm_vendor_offer_state = "accepted"
        offer._prm_forward(self.partner_a, deadline)
        self.assertEqual(offer.partner_assigned_id, self.partner_a)
