# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partner side: a vendor's fund shows the figures of the requests and
claims it lists. The vendor's own totals also count requests made elsewhere
(on its portal, entered by the vendor): a fund showed $7,200 requested
beside the one $1,200 request it listed."""

import uuid
from datetime import date

from odoo.tests import tagged

from odoo.addons.partner_relationship.tests.common import PartnerRelationshipCommon

from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestVendorFundFigures(PartnerRelationshipCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connections = cls.env["prm.sync.connection"]
        for name in ("Aurora Devices", "Borealis Networks"):
            vendor = cls.env["res.partner"].create({"name": name, "is_company": True})
            cls.connections |= unreachable_connection(cls.env, vendor, "vendor")

    def _allocation(self, connection, allocation_id, version=1, **figures):
        """The vendor's allocation to us, as its message brings it."""
        payload = {
            "allocation_id": allocation_id,
            "name": f"MDF 2027 ({connection.partner_id.name})",
            "program": "Partner programme",
            "date_start": "2027-01-01",
            "date_end": "2027-12-31",
            "fund_state": "open",
            "currency": self.env.company.currency_id.name,
            "amount": 12000,
            "requested": 0,
            "approved": 0,
            "claimed": 0,
            "paid": 0,
            "remaining": 12000,
            **figures,
        }
        self.env["prm.sync.fund.flow"]._prm_apply_allocation_many(
            connection,
            [
                {
                    "uuid": str(uuid.uuid4()),
                    "kind": "fund_allocation",
                    "version": version,
                    "payload": payload,
                }
            ],
        )
        return self.env["prm.vendor.fund"].search(
            [("connection_id", "=", connection.id), ("name", "=", payload["name"])]
        )

    def _request(self, fund, cost, state="submitted", approved=0.0):
        return (
            self.env["prm.vendor.fund.request"]
            .sudo()
            .create(
                {
                    "name": f"Activity {cost}",
                    "fund_id": fund.id,
                    "date_start": date(2027, 3, 1),
                    "date_end": date(2027, 3, 3),
                    "planned_cost": cost,
                    "state": state,
                    "approved_amount": approved,
                }
            )
        )

    def test_each_fund_counts_the_requests_it_lists(self):
        """Two vendors' funds (the vendor counting its other partners' and
        its own requests): each shows the sum of its own requests."""
        aurora, borealis = self.connections
        fund_a = self._allocation(
            aurora, 41, requested=7200, approved=5500, claimed=0, remaining=12000
        )
        fund_b = self._allocation(borealis, 41, requested=9000, remaining=12000)
        self._request(fund_a, 1200)
        self._request(fund_a, 800, state="draft")
        self._request(fund_a, 300, state="rejected")
        self._request(fund_b, 2000, state="approved", approved=1500)
        claim = self.env["prm.vendor.fund.claim"].create(
            {"request_id": fund_b.request_ids.id, "amount": 900}
        )
        claim.sudo().state = "paid"
        self.assertEqual(fund_a.requested, 1200, "$7,200 shown, $1,200 listed")
        self.assertEqual(fund_a.approved, 0)
        self.assertEqual(fund_a.remaining, 12000, "the vendor's count")
        self.assertEqual(
            (fund_b.requested, fund_b.approved, fund_b.claimed, fund_b.paid),
            (2000, 1500, 900, 900),
        )
        # The vendor's next update keeps our counts.
        self._allocation(aurora, 41, version=2, requested=8000, remaining=10000)
        self.assertEqual((fund_a.requested, fund_a.remaining), (1200, 10000))

    def test_the_migration_counts_the_listed_requests(self):
        fund = self._allocation(self.connections[0], 42)
        self._request(fund, 1200)
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE prm_vendor_fund SET requested = 7200 WHERE id = %s", [fund.id]
        )
        self.env.invalidate_all()
        self.assertEqual(fund.requested, 7200)
        self._prm_migrate(
            "18.0.1.7.0", "18.0.1.6.0", "post-podoo.py", "partner_relationship_sync"
        )
        self.assertEqual(fund.requested, 1200)
