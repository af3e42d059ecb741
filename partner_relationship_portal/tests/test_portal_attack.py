# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partner B's portal user, over JSON-RPC with its own session, after what
partner A does or holds through its own records: what B reads of its own
records must not tell it about A."""

import json

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tests.common import JsonRpcException

from .portal_common import PortalCommon


@tagged("post_install", "-at_install")
class TestPortalAttack(PortalCommon):
    def _rpc(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            "/web/dataset/call_kw",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def _read_or_refused(self, model, method, *args, **kwargs):
        """The answer of a read, or None when it is refused."""
        try:
            return self._rpc(model, method, *args, **kwargs)
        except JsonRpcException as error:
            self.assertIn("AccessError", str(error))
            return None

    def test_lead_offer_does_not_name_the_partners_it_was_weighed_against(self):
        """The router weighs B against A for a lead and offers it to B: B's
        offer must not tell B that A was eligible, nor A's score."""
        self.partner_b.grade_id = self.env["res.partner.grade"].create(
            {"name": "Portal Platinum", "partner_weight": 50}
        )
        lead = self.env["crm.lead"].create(
            {"name": "Weighed lead", "type": "lead", "country_id": self.us.id}
        )
        self.env["prm.lead.router"]._route(lead)
        self.assertEqual(lead.partner_assigned_id, self.partner_b)
        self.assertIn(self.partner_a.name, lead.prm_assignment_ids.alternatives)
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        offers = self._rpc("prm.lead.assignment", "search_read", [], ["lead_id"])
        self.assertEqual([offer["lead_id"][0] for offer in offers], lead.ids)
        for method, args, kwargs in (
            ("search_read", ([],), {"fields": []}),
            ("read", (lead.prm_assignment_ids.ids, ["alternatives"]), {}),
            ("read", (lead.prm_assignment_ids.ids, ["score"]), {}),
            (
                "web_search_read",
                ([],),
                {"specification": {"alternatives": {}, "score": {}}},
            ),
            ("search_count", ([("alternatives", "ilike", "Partner A")],), {}),
            ("read_group", ([], ["score:max"], ["alternatives"]), {}),
        ):
            with self.subTest(method=method, args=args):
                answer = self._read_or_refused(
                    "prm.lead.assignment", method, *args, **kwargs
                )
                self.assertNotIn(self.partner_a.name, json.dumps(answer))
                if method == "search_read":
                    self.assertNotIn("score", answer[0])
                    self.assertNotIn("alternatives", answer[0])
                elif method != "read_group":
                    self.assertIsNone(answer)

    def test_models_refuse_a_customer_that_is_not_the_partners(self):
        """What the pages check of an end customer, the models check too
        (the sync calls them with the partner's own key): B names A's
        customer, or one of the vendor's direct customers."""
        a_customer = self.env["res.partner"].create(
            {"name": "A's Bakery", "end_customer_of_id": self.partner_a.id}
        )
        direct = self.env["res.partner"].create({"name": "Vendor's Direct Buyer"})
        product = self.env["product.product"].create(
            {"name": "Attack Router", "sale_ok": True, "list_price": 10}
        )
        as_b = self.env(user=self.user_b)
        for customer in (a_customer, direct):
            with self.subTest(customer=customer.name):
                with self.assertRaisesRegex(UserError, "your own customers") as caught:
                    as_b["sale.order"]._prm_create_indirect_order(
                        self.partner_b, customer, [(product, 1)]
                    )
                self.assertNotIn(customer.name, str(caught.exception))
                with self.assertRaisesRegex(UserError, "your own customers"):
                    as_b["prm.warranty.claim"]._prm_partner_create(
                        self.partner_b,
                        {
                            "product_id": product.id,
                            "end_customer_id": customer.id,
                            "problem": "Broken",
                        },
                    )
                with self.assertRaisesRegex(UserError, "your own customers") as caught:
                    as_b["helpdesk.ticket"]._prm_partner_open_request(
                        self.partner_b,
                        {
                            "name": "Help",
                            "description": "Help",
                            "end_customer_id": customer.id,
                        },
                    )
                self.assertNotIn(customer.name, str(caught.exception))
        self.assertFalse(
            self.env["sale.order"].search([("partner_id", "=", self.partner_b.id)])
        )

    def test_an_unknown_serial_is_told_as_one_not_delivered(self):
        """Whether a serial number exists is the vendor's to know: B is told
        the same of a serial that does not exist and of one delivered to A."""
        product = self.env["product.product"].create(
            {"name": "Serial Router", "is_storable": True, "tracking": "serial"}
        )
        self.env["stock.lot"].create({"name": "SN-OF-A", "product_id": product.id})
        as_b = self.env(user=self.user_b)["prm.warranty.claim"]
        messages = []
        for serial in ("SN-OF-A", "SN-NOWHERE"):
            with self.assertRaises(UserError) as caught:
                claim = as_b._prm_partner_create(
                    self.partner_b,
                    {"product_id": product.id, "lot_id": serial, "problem": "Dead"},
                )
                claim.action_submit()
            messages.append(str(caught.exception).replace(serial, "<serial>"))
        self.assertEqual(messages[0], messages[1])

    def test_renaming_a_lead_does_not_probe_who_holds_a_customer(self):
        """B registers a customer; later B renames its own lead to probe
        whether someone holds that customer now. The conflicts found again
        are the vendor's: what B was told at submission stays."""
        registration = self.env["prm.deal.registration"]._prm_partner_register(
            self.partner_b, {"customer_name": "Probe Harbor Freight"}
        )
        self.assertFalse(registration.conflict_notice)
        a_lead = self._lead_for(self.partner_a, name="A's deal")
        a_lead.with_user(self.user_a).action_prm_accept()
        # A's lead becomes about the customer B registered: found for the
        # vendor when it is renamed.
        a_lead.with_user(self.user_a).write({"partner_name": "Probe Harbor Freight"})
        self.assertTrue(registration.conflict_ids)
        self.authenticate("prm_portal_user_b", "prm_portal_user_b")
        (seen,) = self._rpc(
            "prm.deal.registration", "read", registration.ids, ["conflict_notice"]
        )
        self.assertFalse(seen["conflict_notice"])
        self.assertIsNone(
            self._read_or_refused(
                "prm.deal.registration", "read", registration.ids, ["conflict_count"]
            )
        )
        page = self.url_open(f"/my/registrations/{registration.id}").text
        self.assertNotIn("possible conflict", page)
