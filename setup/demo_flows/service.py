# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Northwind escalates a help desk ticket to Aurora; replies go both ways and
Aurora closes it; Northwind files a warranty claim that Aurora approves."""

import base64
import time

from . import wait_for

TITLE = "Service: escalated ticket, replies, status; warranty claim"

ROUTER = "partner_relationship.product_aurora_router_demo"
PHOTO = base64.b64encode(b"demo photo of the router's label").decode()


def _vendor_company(partner):
    (connection,) = partner.call(
        "prm.sync.connection", "read", [partner.connection()], ["partner_id"]
    )
    return connection["partner_id"][0]


def _attach(database, model, res_id, name):
    database.call(
        "ir.attachment",
        "create",
        {"name": name, "datas": PHOTO, "res_model": model, "res_id": res_id},
    )


def _post(database, model, res_id, body):
    database.call(
        model,
        "message_post",
        [res_id],
        body=body,
        message_type="comment",
        subtype_xmlid="mail.mt_comment",
    )


def _has_message(database, model, res_id, text):
    return database.call(
        "mail.message",
        "search",
        [("model", "=", model), ("res_id", "=", res_id), ("body", "ilike", text)],
    )


def run(vendor, partner):
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    northwind = vendor.ref("partner_relationship.res_partner_northwind_demo")
    aurora = _vendor_company(partner)
    # Northwind bought routers from Aurora (what the vendor checks).
    order_id = vendor.call(
        "sale.order",
        "create",
        {
            "partner_id": northwind,
            "client_order_ref": f"NW-PO {stamp}",
            "order_line": [
                (0, 0, {"product_id": vendor.ref(ROUTER), "product_uom_qty": 2})
            ],
        },
    )
    vendor.call("sale.order", "action_confirm", [order_id])

    # (1) A ticket in Northwind's help desk, escalated to Aurora.
    name = f"Demo router reboots {stamp}"
    ticket_id = partner.call(
        "helpdesk.ticket",
        "create",
        {
            "name": name,
            "description": "<p>The AR-200 at our customer reboots every night.</p>",
            "product_id": partner.ref(ROUTER),
            "prm_vendor_id": aurora,
        },
    )
    _attach(partner, "helpdesk.ticket", ticket_id, "router-label.png")
    partner.call("helpdesk.ticket", "action_prm_escalate", [ticket_id])
    partner.send()
    (request_id,) = wait_for(
        "the escalated ticket in the vendor's help desk",
        lambda: vendor.call(
            "helpdesk.ticket",
            "search",
            [("name", "=", name), ("prm_partner_id", "=", northwind)],
        ),
    )
    _post(partner, "helpdesk.ticket", ticket_id, "It started after firmware 3.2.")
    partner.send()
    wait_for(
        "Northwind's reply on the vendor's ticket",
        lambda: _has_message(vendor, "helpdesk.ticket", request_id, "firmware 3.2"),
    )
    _post(vendor, "helpdesk.ticket", request_id, "Fixed in firmware 3.3: update it.")
    vendor.call(
        "helpdesk.ticket",
        "write",
        [request_id],
        {"stage_id": vendor.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")},
    )
    vendor.send()
    wait_for(
        "the vendor's reply and closing on Northwind's ticket",
        lambda: (
            _has_message(partner, "helpdesk.ticket", ticket_id, "firmware 3.3")
            and partner.call(
                "helpdesk.ticket",
                "search",
                [("id", "=", ticket_id), ("prm_vendor_closed", "=", True)],
            )
        ),
    )

    # (2) A warranty claim, approved for repair by Aurora.
    problem = f"Demo claim: power supply failed {stamp}"
    claim_id = partner.call(
        "prm.vendor.warranty.claim",
        "create",
        {
            "vendor_id": aurora,
            "product_id": partner.ref(ROUTER),
            "problem": problem,
            "purchase_date": time.strftime("%Y-%m-%d"),
        },
    )
    _attach(partner, "prm.vendor.warranty.claim", claim_id, "psu.png")
    partner.call("prm.vendor.warranty.claim", "action_prm_send", [claim_id])
    partner.send()
    (vendor_claim_id,) = wait_for(
        "the claim at the vendor",
        lambda: vendor.call(
            "prm.warranty.claim",
            "search",
            [
                ("problem", "=", problem),
                ("partner_id", "=", northwind),
                ("state", "=", "submitted"),
            ],
        ),
    )
    vendor.call("prm.warranty.claim", "action_approve_repair", [vendor_claim_id])
    vendor.send()
    wait_for(
        "the vendor's approval on Northwind's claim",
        lambda: partner.call(
            "prm.vendor.warranty.claim",
            "search",
            [
                ("id", "=", claim_id),
                ("state", "=", "approved"),
                ("outcome", "=", "repair"),
            ],
        ),
    )
    return (
        f"ticket '{name}' escalated, answered both ways and closed by the vendor; "
        "warranty claim approved for repair"
    )
