# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Aurora Devices mirrors Northwind's MDF allocation in Northwind's database;
Northwind requests funds there, the vendor sends the request back, Northwind
corrects it and the vendor approves; Northwind claims with proof, the vendor
approves the claim, posts and pays its bill; each step seen on the other side."""

import base64
import time
from datetime import date, timedelta

from . import FlowFailed, wait_for

TITLE = "Marketing funds: allocation, request, claim with proof, payment"

PROOF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


def run(vendor, partner):
    allocation_id = vendor.ref(
        "partner_relationship.prm_fund_allocation_northwind_demo"
    )
    if not allocation_id:
        raise FlowFailed("the vendor has no MDF allocation to Northwind")
    (allocation,) = vendor.call(
        "prm.fund.allocation", "read", [allocation_id], ["budget_id", "amount"]
    )
    fund_name = allocation["budget_id"][1]
    # Made before the databases were connected: sent by hand once.
    vendor.call("prm.fund.allocation", "action_prm_sync_send", [allocation_id])
    vendor.send()
    (fund_id,) = wait_for(
        "Northwind's allocation in the partner's database",
        lambda: partner.call(
            "prm.vendor.fund",
            "search",
            [("name", "=", fund_name), ("amount", "=", allocation["amount"])],
        ),
    )

    name = f"Demo exchange MDF {time.strftime('%Y-%m-%d %H:%M:%S')}"
    today = date.today()
    request_id = partner.call(
        "prm.vendor.fund.request",
        "create",
        {
            "name": name,
            "fund_id": fund_id,
            "date_start": today.isoformat(),
            "date_end": (today + timedelta(days=7)).isoformat(),
            "planned_cost": 1500,
            "expected_leads": 20,
            "objectives": "Meet the region's hospital IT buyers at a webinar.",
            "expected_results": "20 qualified leads and 2 deals in the quarter.",
        },
    )
    partner.call("prm.vendor.fund.request", "action_submit", [request_id])
    partner.send()
    (vendor_request_id,) = wait_for(
        "the request at the vendor",
        lambda: vendor.call(
            "prm.fund.request",
            "search",
            [("name", "=", name), ("state", "=", "submitted")],
        ),
    )
    vendor.call(
        "prm.fund.request",
        "action_return",
        [vendor_request_id],
        "Say which trade show and how many visitors.",
    )
    vendor.send()
    wait_for(
        "the request sent back in the partner's database",
        lambda: partner.call(
            "prm.vendor.fund.request",
            "search",
            [("id", "=", request_id), ("state", "=", "returned")],
        ),
    )
    partner.call(
        "prm.vendor.fund.request",
        "write",
        [request_id],
        {"planned_cost": 1200, "description": "Nordic IT Expo, 600 visitors"},
    )
    partner.call("prm.vendor.fund.request", "action_submit", [request_id])
    partner.send()
    wait_for(
        "the corrected request at the vendor",
        lambda: vendor.call(
            "prm.fund.request",
            "search",
            [
                ("id", "=", vendor_request_id),
                ("state", "=", "submitted"),
                ("planned_cost", "=", 1200),
            ],
        ),
    )
    vendor.call("prm.fund.request", "action_approve", [vendor_request_id], 1000)
    vendor.send()
    wait_for(
        "the approval in the partner's database",
        lambda: partner.call(
            "prm.vendor.fund.request",
            "search",
            [
                ("id", "=", request_id),
                ("state", "=", "approved"),
                ("approved_amount", "=", 1000),
            ],
        ),
    )

    claim_id = partner.call(
        "prm.vendor.fund.claim",
        "create",
        {
            "request_id": request_id,
            "amount": 800,
            "partner_invoice_ref": "NW-MDF-001",
            "proof_attachment_ids": [
                (
                    0,
                    0,
                    {
                        "name": "expo-invoice.pdf",
                        "datas": base64.b64encode(PROOF).decode(),
                    },
                )
            ],
        },
    )
    partner.call("prm.vendor.fund.claim", "action_submit", [claim_id])
    partner.send()
    (vendor_claim_id,) = wait_for(
        "the claim with its proof at the vendor",
        lambda: vendor.call(
            "prm.fund.claim",
            "search",
            [
                ("request_id", "=", vendor_request_id),
                ("state", "=", "submitted"),
                ("amount", "=", 800),
                ("proof_attachment_ids.name", "=", "expo-invoice.pdf"),
            ],
        ),
    )
    vendor.call("prm.fund.claim", "action_approve", [vendor_claim_id])
    (claim,) = vendor.call("prm.fund.claim", "read", [vendor_claim_id], ["bill_id"])
    bill_id = claim["bill_id"][0]
    vendor.call("account.move", "action_post", [bill_id])
    context = {"active_model": "account.move", "active_ids": [bill_id]}
    wizard_id = vendor.call("account.payment.register", "create", {}, context=context)
    vendor.call(
        "account.payment.register",
        "action_create_payments",
        [wizard_id],
        context=context,
    )
    vendor.send()
    wait_for(
        "the paid claim in the partner's database",
        lambda: partner.call(
            "prm.vendor.fund.claim",
            "search",
            [("id", "=", claim_id), ("state", "=", "paid")],
        ),
    )
    (remaining,) = vendor.call(
        "prm.fund.allocation", "read", [allocation_id], ["remaining"]
    )
    wait_for(
        "the allocation's balance in the partner's database",
        lambda: partner.call(
            "prm.vendor.fund",
            "search",
            [("id", "=", fund_id), ("remaining", "=", remaining["remaining"])],
        ),
    )
    return (
        f"request '{name}' sent back, corrected and approved (1000); "
        f"claim of 800 with proof approved and paid; balance "
        f"{remaining['remaining']} on both sides"
    )
