# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partner B's portal user, over JSON-RPC with its own session, after what
partner A does or holds through its own records: what B reads of its own
records must not tell it about A."""

import json

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
