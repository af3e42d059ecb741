# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The vendor offers a lead to Northwind; Northwind accepts and reports it won."""

import time

from . import wait_for

TITLE = "Leads: offer, acceptance, progress"


def run(vendor, partner):
    northwind = vendor.ref("partner_relationship.res_partner_northwind_demo")
    name = f"Demo exchange lead {time.strftime('%Y-%m-%d %H:%M:%S')}"
    lead_id = vendor.call(
        "crm.lead",
        "create",
        {"name": name, "partner_name": "Fjord Logistics", "expected_revenue": 12000},
    )
    wizard_id = vendor.call(
        "prm.lead.forward.wizard",
        "create",
        {"lead_ids": [(6, 0, [lead_id])], "partner_id": northwind},
    )
    vendor.call("prm.lead.forward.wizard", "action_forward", [wizard_id])
    vendor.send()
    (partner_lead,) = wait_for(
        "the offered lead in the partner's database",
        lambda: partner.call("crm.lead", "search", [("name", "=", name)]),
    )
    partner.call("crm.lead", "action_prm_vendor_accept", [partner_lead])
    won_stage = partner.call("crm.stage", "search", [("is_won", "=", True)], limit=1)
    partner.call("crm.lead", "write", [partner_lead], {"stage_id": won_stage[0]})
    partner.send()
    wait_for(
        "the partner's acceptance and win at the vendor",
        lambda: vendor.call(
            "crm.lead",
            "search",
            [
                ("id", "=", lead_id),
                ("prm_offer_state", "=", "accepted"),
                ("stage_id.is_won", "=", True),
            ],
        ),
    )
    return f"lead '{name}' offered, accepted and won across both databases"
