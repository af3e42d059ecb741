# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Northwind registers a deal of its own opportunity with Aurora, which
approves it; Aurora tells Northwind its tier and agreements, and Northwind
signs a new agreement from its own database."""

import time
from datetime import date, timedelta

from . import FlowFailed, wait_for

TITLE = "Deal registrations, tier and agreements"


def run(vendor, partner):
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    registration = _registration(vendor, partner, stamp)
    standing = _tier_and_agreements(vendor, partner, stamp)
    return f"{registration}; {standing}"


def _registration(vendor, partner, stamp):
    customer = f"Vestfold Marine Demo {stamp}"
    closing = (date.today() + timedelta(days=45)).isoformat()
    lead_id = partner.call(
        "crm.lead",
        "create",
        {
            "name": f"Demo registered deal {stamp}",
            "type": "opportunity",
            "partner_name": customer,
            "contact_name": "Ingrid Berg",
            "email_from": "ingrid@vestfold-marine.example.com",
            "expected_revenue": 36000,
            "date_deadline": closing,
        },
    )
    wizard_id = partner.call(
        "prm.sync.registration.wizard",
        "create",
        {"connection_id": partner.connection()},
        context={"default_lead_id": lead_id},
    )
    partner.call("prm.sync.registration.wizard", "action_register", [wizard_id])
    partner.send()
    (registration,) = wait_for(
        "the registration at the vendor",
        lambda: vendor.call(
            "prm.deal.registration",
            "search_read",
            [("customer_name", "=", customer), ("state", "=", "submitted")],
            ["name", "partner_id", "conflict_count"],
        ),
    )
    northwind = vendor.ref("partner_relationship.res_partner_northwind_demo")
    if registration["partner_id"][0] != northwind:
        raise FlowFailed(f"{registration['name']} is not Northwind's")
    vendor.call(
        "prm.deal.registration",
        "write",
        [registration["id"]],
        {"decision_reason": "Demo: Northwind found this customer."},
    )
    vendor.call("prm.deal.registration", "action_approve", [registration["id"]])
    vendor.send()
    (lead,) = wait_for(
        "the vendor's approval on the partner's opportunity",
        lambda: partner.call(
            "crm.lead",
            "search_read",
            [("id", "=", lead_id), ("prm_registration_state", "=", "approved")],
            ["prm_registration_ref", "prm_registration_protection_end"],
        ),
    )
    if lead["prm_registration_ref"] != registration["name"]:
        raise FlowFailed(
            f"the opportunity shows {lead['prm_registration_ref']}, "
            f"not {registration['name']}"
        )
    return (
        f"deal '{customer}' registered as {registration['name']}, approved, "
        f"protected until {lead['prm_registration_protection_end']}"
    )


def _tier_and_agreements(vendor, partner, stamp):
    northwind = vendor.ref("partner_relationship.res_partner_northwind_demo")
    vendor.call(
        "prm.sync.connection", "action_prm_send_relationship", [vendor.connection()]
    )
    (company,) = vendor.call("res.partner", "read", [northwind], ["grade_id"])
    tier = company["grade_id"] and company["grade_id"][1]
    agreements = vendor.call(
        "prm.agreement", "search_count", [("partner_id", "=", northwind)]
    )
    vendor.send()
    wait_for(
        "the tier and agreements in the partner's database",
        lambda: (
            partner.call(
                "prm.sync.connection",
                "search",
                [
                    ("id", "=", partner.connection()),
                    ("prm_vendor_tier", "=", tier or False),
                    ("prm_vendor_tier_date", "!=", False),
                ],
            )
            and partner.call("prm.sync.agreement", "search_count", []) >= agreements
        ),
    )
    name = f"Demo addendum {stamp}"
    agreement_id = vendor.call(
        "prm.agreement",
        "create",
        {
            "name": name,
            "partner_id": northwind,
            "program_id": vendor.ref("partner_relationship.prm_program_partner"),
            "date_start": date.today().isoformat(),
            "date_end": (date.today() + timedelta(days=364)).isoformat(),
        },
    )
    vendor.send()
    (mirror_id,) = wait_for(
        "the new agreement in the partner's database",
        lambda: partner.call(
            "prm.sync.agreement",
            "search",
            [("name", "=", name), ("state", "=", "draft")],
        ),
    )
    partner.call("prm.sync.agreement", "action_sign", [mirror_id])
    partner.send()
    wait_for(
        "the partner's signature at the vendor",
        lambda: vendor.call(
            "prm.agreement",
            "search",
            [("id", "=", agreement_id), ("state", "=", "signed")],
        ),
    )
    return (
        f"tier {tier or 'none'} and {agreements} agreement(s) mirrored; "
        f"'{name}' signed from the partner's database"
    )
