# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Deal registrations (partner -> vendor, decisions back) and the partner's
tier and agreements (vendor -> partner, signature back) between a vendor's
and a connected partner's databases, on a real Odoo server over XML-RPC,
with the delivery guarantees: stale versions discarded, one apply per
message, refusals kept with the remote's message and nothing half-written,
a partner's key confined to its own records."""

import base64
import uuid
from datetime import date, timedelta

import psycopg2
import pytest
from sync_network import forward as _forward
from sync_network import messages as _messages
from sync_network import partner_lead as _partner_lead
from sync_network import receive as _receive

TERMS = base64.b64encode(b"%PDF-1.4 Sync reseller terms").decode()


def _days(n):
    return (date.today() + timedelta(days=n)).isoformat()


def _opportunity(partner, name, **values):
    """An opportunity of the partner's own, with a customer to register."""
    return partner.env["crm.lead"].create(
        {
            "name": name,
            "type": "opportunity",
            "partner_name": f"{name} Customer",
            "contact_name": "Kari Nordmann",
            "email_from": f"kari@{name.lower().replace(' ', '-')}.example.com",
            "phone": "+47 22 00 00 00",
            "expected_revenue": 50000,
            "date_deadline": _days(30),
            **values,
        }
    )


def _register(partner, network, lead_id, **values):
    """The partner's salesperson registers the deal through the wizard,
    pre-filled from the opportunity: the pre-filled values."""
    Wizard = partner.env["prm.sync.registration.wizard"].with_context(
        default_lead_id=lead_id
    )
    wizard_id = Wizard.create({"connection_id": network["to_vendor"].id, **values})
    prefilled = Wizard.browse(wizard_id).read(
        [
            "customer_name",
            "customer_email_domain",
            "contact_name",
            "contact_email",
            "contact_phone",
            "expected_revenue",
            "date_close",
        ]
    )[0]
    Wizard.browse(wizard_id).action_register()
    return prefilled


def _lead(partner, lead_id):
    return partner.env["crm.lead"].read(
        [lead_id],
        [
            "prm_registration_state",
            "prm_registration_ref",
            "prm_registration_protection_end",
            "prm_registration_reason",
            "prm_registration_conflicts",
            "prm_registration_error",
            "prm_registration_remote_id",
            "prm_can_register",
        ],
    )[0]


def _registrations(vendor, customer):
    return vendor.env["prm.deal.registration"].search_read(
        [("customer_name", "=", customer)],
        [
            "name",
            "state",
            "partner_id",
            "contact_name",
            "contact_email",
            "contact_phone",
            "customer_email_domain",
            "country_id",
            "expected_revenue",
            "date_close",
            "product_ids",
            "protection_end",
            "conflict_count",
        ],
    )


def _said(client, model, res_id):
    """The notes on a record's chatter, oldest first, as one text."""
    notes = client.env["mail.message"].search_read(
        [("model", "=", model), ("res_id", "=", res_id)], ["body"], order="id"
    )
    return "\n".join(note["body"] or "" for note in notes)


def _sql(database, query, params):
    """A change no user may make (the test plays the calendar)."""
    with psycopg2.connect(dbname=database) as connection:
        with connection.cursor() as cr:
            cr.execute(query, params)
    connection.close()


def _wire(kind, version, payload):
    return {
        "uuid": str(uuid.uuid4()),
        "kind": kind,
        "version": version,
        "payload": payload,
    }


# Deal registrations ----------------------------------------------------------------


def test_registration_reaches_the_vendor_and_decisions_come_back(
    vendor, partner, vendor_db, network
):
    product = {"sale_ok": True, "type": "consu"}
    coded = vendor.env["product.product"].create(
        {**product, "name": "Sync Reg Router", "default_code": "SYNC-REG-RTR"}
    )
    central = vendor.env["product.product"].create(
        {**product, "name": "Sync Reg Central Switch"}
    )
    ours = [
        partner.env["product.product"].create(
            {**product, "name": "Our Router", "default_code": "SYNC-REG-RTR"}
        ),
        partner.env["product.product"].create(
            {**product, "name": "Central Switch (vendor's)"}
        ),
        partner.env["product.product"].create(
            {**product, "name": "Our Installation Service"}
        ),
    ]
    # The vendor's central product as the central-data flow binds it, on
    # both sides.
    partner.env["prm.sync.binding"].create(
        {
            "connection_id": network["to_vendor"].id,
            "res_model": "product.product",
            "res_id": ours[1],
            "remote_id": central,
        }
    )
    vendor.env["prm.sync.binding"].create(
        {
            "connection_id": network["to_partner"].id,
            "res_model": "product.product",
            "res_id": central,
            "remote_id": ours[1],
        }
    )
    norway = partner.env.ref("base.no").id
    lead_id = _opportunity(partner, "Sync Fjord", country_id=norway)
    assert _lead(partner, lead_id)["prm_can_register"]
    prefilled = _register(
        partner,
        network,
        lead_id,
        customer_vat="NO 912 345 678",
        product_ids=[(6, 0, ours)],
    )
    assert prefilled == {
        "id": prefilled["id"],
        "customer_name": "Sync Fjord Customer",
        "customer_email_domain": "sync-fjord.example.com",
        "contact_name": "Kari Nordmann",
        "contact_email": "kari@sync-fjord.example.com",
        "contact_phone": "+47 22 00 00 00",
        "expected_revenue": 50000,
        "date_close": _days(30),
    }
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "sent"
    assert not lead["prm_can_register"], "no second registration meanwhile"
    assert len(_messages(partner, "registration_submit", "pending")) == 1

    network["to_vendor"].action_send_now()
    (registration,) = _registrations(vendor, "Sync Fjord Customer")
    assert registration["state"] == "submitted"
    assert registration["partner_id"][0] == network["harbor_id"]
    assert registration["contact_name"] == "Kari Nordmann"
    assert registration["contact_email"] == "kari@sync-fjord.example.com"
    assert registration["contact_phone"] == "+47 22 00 00 00"
    assert registration["customer_email_domain"] == "sync-fjord.example.com"
    assert registration["country_id"][0] == vendor.env.ref("base.no").id
    assert registration["expected_revenue"] == 50000
    assert registration["date_close"] == _days(30)
    assert sorted(registration["product_ids"]) == sorted([coded, central])
    assert registration["conflict_count"] == 0
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "submitted"
    assert lead["prm_registration_ref"] == registration["name"]
    assert lead["prm_registration_remote_id"] == registration["id"]
    assert not lead["prm_registration_conflicts"]
    assert len(_messages(partner, "registration_submit", "done")) == 1
    said = _said(partner, "crm.lead", lead_id)
    assert "Left out (the vendor does not know them): Our Installation Service" in (
        said
    )
    assert "no conflicting deal found" in said

    # Approved: the protection reaches the partner's opportunity.
    Registration = vendor.env["prm.deal.registration"]
    Registration.browse(registration["id"]).action_approve()
    (registration,) = _registrations(vendor, "Sync Fjord Customer")
    assert registration["state"] == "approved"
    network["to_partner"].action_send_now()
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "approved"
    assert lead["prm_registration_protection_end"] == registration["protection_end"]
    assert "the customer is protected for you" in _said(partner, "crm.lead", lead_id)
    assert not _lead(partner, lead_id)["prm_can_register"]

    # Extended by another tier period.
    Registration.browse(registration["id"]).action_extend()
    (extended,) = _registrations(vendor, "Sync Fjord Customer")
    assert extended["protection_end"] > registration["protection_end"]
    network["to_partner"].action_send_now()
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "approved"
    assert lead["prm_registration_protection_end"] == extended["protection_end"]
    assert "extended the protection" in _said(partner, "crm.lead", lead_id)

    # Expired: its protection ended (the test moves the calendar).
    _sql(
        vendor_db,
        "UPDATE prm_deal_registration SET protection_end = %s WHERE id = %s",
        (_days(-1), registration["id"]),
    )
    vendor.env.ref(
        "partner_relationship.ir_cron_deal_registration_expiry"
    ).method_direct_trigger()
    assert _registrations(vendor, "Sync Fjord Customer")[0]["state"] == "expired"
    network["to_partner"].action_send_now()
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "expired"
    assert lead["prm_can_register"], "may be registered again"
    assert not _messages(vendor, "registration_status", "failed")
    assert not _messages(vendor, "registration_status", "pending")
    # One registration at the vendor, one opportunity at the partner.
    assert len(_registrations(vendor, "Sync Fjord Customer")) == 1
    assert partner.env["crm.lead"].search_count([("name", "=", "Sync Fjord")]) == 1


def test_conflicts_are_told_and_a_rejection_comes_back_with_its_reason(
    vendor, partner, network
):
    # Another partner registered the same customer (same VAT) at the vendor.
    Registration = vendor.env["prm.deal.registration"]
    other_id = Registration.create(
        {
            "partner_id": network["other_id"],
            "customer_name": "Sync Harbourside Hotels",
            "customer_vat": "NO 987 654 321",
        }
    )
    Registration.browse(other_id).action_submit()
    lead_id = _opportunity(
        partner, "Sync Harbourside", partner_name="Harbourside Hotels Group"
    )
    _register(partner, network, lead_id, customer_vat="NO987654321")
    network["to_vendor"].action_send_now()
    (registration,) = _registrations(vendor, "Harbourside Hotels Group")
    assert registration["state"] == "submitted"
    assert registration["conflict_count"] == 1
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "submitted"
    # That there is a conflict, not why nor with whom.
    assert lead["prm_registration_conflicts"] == (
        "A possible conflict with another deal for this customer was found: "
        "the vendor will review it and decide."
    )
    assert "with conflicts: A possible conflict" in _said(partner, "crm.lead", lead_id)
    assert "Same VAT Number" not in _said(partner, "crm.lead", lead_id)

    Registration.browse(registration["id"]).write(
        {"decision_reason": "Another partner is already working with this hotel."}
    )
    Registration.browse(registration["id"]).action_reject()
    network["to_partner"].action_send_now()
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "rejected"
    assert lead["prm_registration_reason"] == (
        "Another partner is already working with this hotel."
    )
    assert "rejected" in _said(partner, "crm.lead", lead_id)
    assert Registration.read([other_id], ["state"])[0]["state"] == "submitted"


def test_withdrawal_at_the_vendor_and_registering_again(vendor, partner, network):
    lead_id = _opportunity(partner, "Sync Withdrawn Deal")
    _register(partner, network, lead_id)
    network["to_vendor"].action_send_now()
    (first,) = _registrations(vendor, "Sync Withdrawn Deal Customer")
    partner.env["crm.lead"].browse(lead_id).action_prm_withdraw_registration()
    network["to_vendor"].action_send_now()
    (first,) = _registrations(vendor, "Sync Withdrawn Deal Customer")
    assert first["state"] == "cancelled"
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "cancelled"
    assert lead["prm_can_register"]
    status = [
        m
        for m in _messages(vendor, "registration_status")
        if m["res_id"] == first["id"]
    ]
    assert status == [], "the partner withdrew it: nothing to tell back"

    # Registered again: a second registration, the lead follows the new one.
    _register(partner, network, lead_id)
    network["to_vendor"].action_send_now()
    registrations = _registrations(vendor, "Sync Withdrawn Deal Customer")
    assert sorted(r["state"] for r in registrations) == ["cancelled", "submitted"]
    second = next(r for r in registrations if r["state"] == "submitted")
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "submitted"
    assert lead["prm_registration_remote_id"] == second["id"]
    with pytest.raises(Exception, match="already registered"):
        _register(partner, network, lead_id)


def test_a_registration_the_vendor_refuses_fails_with_its_reason(
    vendor, partner, network
):
    """The vendor's rules decide: a closing date in the past is refused;
    nothing is created at the vendor, the partner sees why and registers
    again once fixed."""
    lead_id = _opportunity(partner, "Sync Late Deal", date_deadline=_days(-3))
    _register(partner, network, lead_id)
    network["to_vendor"].action_send_now()
    failed = _messages(partner, "registration_submit", "failed")
    assert [m["res_id"] for m in failed] == [lead_id]
    assert "Expected Closing" in failed[0]["last_error"]
    assert "in the past" in failed[0]["last_error"]
    assert _registrations(vendor, "Sync Late Deal Customer") == []
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "sent"
    assert "in the past" in lead["prm_registration_error"]
    assert not lead["prm_registration_ref"]
    assert lead["prm_can_register"]

    _register(partner, network, lead_id, date_close=_days(10))
    network["to_vendor"].action_send_now()
    (registration,) = _registrations(vendor, "Sync Late Deal Customer")
    assert registration["state"] == "submitted"
    assert registration["date_close"] == _days(10)
    mine = [
        m["state"]
        for m in _messages(partner, "registration_submit")
        if m["res_id"] == lead_id
    ]
    assert sorted(mine) == ["cancelled", "done"], "the refused one is not retried"
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "submitted"
    assert not lead["prm_registration_error"]


def test_registrations_beyond_the_hourly_limit_are_refused_with_the_reason(
    vendor, partner, network
):
    """The vendor counts the partner's registrations of the last hour, from
    its database, as for the portal: beyond its limit the registration fails
    at the partner with the reason and nothing is created."""
    Param = vendor.env["ir.config_parameter"]
    name = "partner_relationship.registration_limit_per_hour"
    first = _opportunity(partner, "Sync Hourly One")
    second = _opportunity(partner, "Sync Hourly Two")
    Param.set_param(name, "1")
    try:
        for lead_id in (first, second):
            _register(partner, network, lead_id)
            network["to_vendor"].action_send_now()
    finally:
        Param.set_param(name, False)
    (failed,) = [
        m
        for m in _messages(partner, "registration_submit", "failed")
        if m["res_id"] == second
    ]
    assert "deals in the last hour" in failed["last_error"]
    assert _registrations(vendor, "Sync Hourly Two Customer") == []
    assert "deals in the last hour" in _lead(partner, second)["prm_registration_error"]


def test_a_lead_the_vendor_offered_is_not_registered_again(vendor, partner, network):
    _forward(vendor, network["harbor_id"], "Sync offered not registered")
    network["to_partner"].action_send_now()
    lead = _partner_lead(partner, "Sync offered not registered")
    partner.env["crm.lead"].browse(lead.id).write({"type": "opportunity"})
    assert not _lead(partner, lead.id)["prm_can_register"]
    with pytest.raises(Exception, match="offered by the vendor"):
        _register(partner, network, lead.id, customer_name="Sync Offered Customer")
    assert not _messages(partner, "registration_submit", "pending")
    assert _registrations(vendor, "Sync Offered Customer") == []


def test_a_registration_delivered_twice_is_applied_once(
    odoo_server, vendor, vendor_db, network
):
    wire = _wire(
        "registration_submit",
        10**9,
        {
            "partner_lead_id": 919191,
            "customer_name": "Sync Twice Delivered Ltd",
            "contact_name": "Ola",
            "expected_revenue": 1000,
            "products": [],
        },
    )
    args = (odoo_server, vendor_db, network["harbor_login"], network["harbor_key"])
    first = _receive(*args, [wire])[wire["uuid"]]
    again = _receive(*args, [wire])[wire["uuid"]]
    assert first["status"] == "done"
    assert first["state"] == "submitted"
    assert again["status"] == "duplicate"
    assert again["registration_id"] == first["registration_id"]
    (registration,) = _registrations(vendor, "Sync Twice Delivered Ltd")
    assert registration["id"] == first["registration_id"]
    # An older registration of the same lead, arriving late, is discarded.
    late = _wire(
        "registration_submit",
        5,
        {**wire["payload"], "customer_name": "Sync Twice Delivered (old)"},
    )
    assert _receive(*args, [late])[late["uuid"]]["status"] == "stale"
    assert _registrations(vendor, "Sync Twice Delivered (old)") == []


def test_an_older_decision_arriving_late_is_discarded(
    odoo_server, vendor, partner, partner_db, network
):
    lead_id = _opportunity(partner, "Sync Out Of Order")
    _register(partner, network, lead_id)
    network["to_vendor"].action_send_now()
    (registration,) = _registrations(vendor, "Sync Out Of Order Customer")
    payload = {
        "partner_lead_id": lead_id,
        "registration_id": registration["id"],
        "ref": registration["name"],
        "conflicts": [],
    }
    approved = _wire(
        "registration_status",
        10**9 + 10,
        {**payload, "state": "approved", "protection_end": _days(90)},
    )
    older = _wire(
        "registration_status",
        10**9 + 5,
        {**payload, "state": "rejected", "reason": "Old news"},
    )
    args = (odoo_server, partner_db, network["vendor_login"], network["vendor_key"])
    assert _receive(*args, [approved])[approved["uuid"]]["status"] == "done"
    assert _receive(*args, [older])[older["uuid"]]["status"] == "stale"
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "approved"
    assert lead["prm_registration_protection_end"] == _days(90)
    assert not lead["prm_registration_reason"]
    # A decision about a registration not bound here is not applied, even
    # naming this opportunity: the partner's records are found through its
    # bindings only (answered retry: the answer binding it may be on its way).
    stray = _wire(
        "registration_status",
        10**9 + 11,
        {
            **payload,
            "registration_id": registration["id"] + 10**6,
            "state": "rejected",
            "reason": "Stray",
        },
    )
    answer = _receive(*args, [stray])[stray["uuid"]]
    assert answer["status"] == "retry"
    assert "not known here" in answer["message"]
    lead = _lead(partner, lead_id)
    assert lead["prm_registration_state"] == "approved"
    assert not lead["prm_registration_reason"]


def test_a_partner_key_cannot_touch_another_partners_registration_or_agreement(
    odoo_server, vendor, vendor_db, network
):
    Registration = vendor.env["prm.deal.registration"]
    other_id = Registration.create(
        {"partner_id": network["other_id"], "customer_name": "Sync Not Yours Inc"}
    )
    Registration.browse(other_id).action_submit()
    program_id = vendor.env["prm.program"].create({"name": "Sync Other Programme"})
    agreement_id = vendor.env["prm.agreement"].create(
        {
            "name": "Sync Other's Agreement",
            "partner_id": network["other_id"],
            "program_id": program_id,
            "date_start": _days(0),
            "date_end": _days(365),
        }
    )
    withdraw = _wire(
        "registration_withdraw",
        10**9 + 20,
        {"partner_lead_id": 313131, "registration_id": other_id},
    )
    sign = _wire(
        "agreement_sign",
        10**9 + 21,
        {"sync_agreement_id": agreement_id, "signed_by": "Mallory"},
    )
    answers = _receive(
        odoo_server,
        vendor_db,
        network["harbor_login"],
        network["harbor_key"],
        [withdraw, sign],
    )
    assert answers[withdraw["uuid"]]["status"] == "retry"
    assert answers[sign["uuid"]]["status"] == "retry"
    assert Registration.read([other_id], ["state"])[0]["state"] == "submitted"
    agreement = vendor.env["prm.agreement"].read(
        [agreement_id], ["state", "signed_by"]
    )[0]
    assert agreement["state"] == "draft"
    assert not agreement["signed_by"]
    # Refused messages leave no trace: they may be sent again once fixed.
    assert not vendor.env["prm.sync.inbox"].search(
        [("uuid", "in", [withdraw["uuid"], sign["uuid"]])]
    )


# Tier and agreements -----------------------------------------------------------------


def _standing(partner, network):
    return partner.env["prm.sync.connection"].read(
        [network["to_vendor"].id],
        [
            "prm_vendor_tier",
            "prm_vendor_tier_pricelist",
            "prm_vendor_tier_acceptance_hours",
            "prm_vendor_tier_protection_days",
            "prm_vendor_tier_resolution_hours",
            "prm_vendor_tier_mdf_share",
        ],
    )[0]


def test_a_tier_change_reaches_the_partner_with_its_benefits(
    odoo_server, vendor, partner, partner_db, network
):
    pricelist_id = vendor.env["product.pricelist"].create(
        {"name": "Sync Platinum Prices"}
    )
    tier_id = vendor.env["res.partner.grade"].create(
        {
            "name": "Sync Platinum",
            "acceptance_deadline_hours": 24,
            "deal_protection_days": 120,
            "service_resolution_hours": 12,
            "mdf_share": 5,
            "pricelist_id": pricelist_id,
        }
    )
    vendor.env["res.partner"].browse(network["harbor_id"]).write({"grade_id": tier_id})
    # Another partner's tier is not this partner's business.
    vendor.env["res.partner"].browse(network["other_id"]).write({"grade_id": tier_id})
    assert len(_tier_messages(vendor, network, "pending")) == 1
    network["to_partner"].action_send_now()
    assert _standing(partner, network) == {
        "id": network["to_vendor"].id,
        "prm_vendor_tier": "Sync Platinum",
        "prm_vendor_tier_pricelist": "Sync Platinum Prices",
        "prm_vendor_tier_acceptance_hours": 24,
        "prm_vendor_tier_protection_days": 120,
        "prm_vendor_tier_resolution_hours": 12,
        "prm_vendor_tier_mdf_share": 5.0,
    }
    assert "is now Sync Platinum" in _said(
        partner, "prm.sync.connection", network["to_vendor"].id
    )

    # A benefit of the tier changes: the partner learns it.
    vendor.env["res.partner.grade"].browse(tier_id).write({"deal_protection_days": 150})
    network["to_partner"].action_send_now()
    assert _standing(partner, network)["prm_vendor_tier_protection_days"] == 150
    assert len(_tier_messages(vendor, network, "done")) == 2

    # An older tier message arriving late is discarded.
    late = _wire(
        "partner_tier",
        1,
        {"partner_id": network["harbor_id"], "tier": "Sync Bronze"},
    )
    answer = _receive(
        odoo_server, partner_db, network["vendor_login"], network["vendor_key"], [late]
    )[late["uuid"]]
    assert answer["status"] == "stale"
    assert _standing(partner, network)["prm_vendor_tier"] == "Sync Platinum"


def _tier_messages(vendor, network, state):
    """This module's Harbor's tier messages (other modules have their own
    Harbor, whose messages may still be there)."""
    return [
        message
        for message in _messages(vendor, "partner_tier", state)
        if message["res_id"] == network["harbor_id"]
    ]


def _mirrors(partner, name):
    return partner.env["prm.sync.agreement"].search_read(
        [("name", "like", name)],
        [
            "name",
            "program_name",
            "date_start",
            "date_end",
            "state",
            "date_signed",
            "signed_by",
            "terms_filename",
            "vendor_id",
        ],
        order="id",
    )


def test_agreements_are_mirrored_and_signed_from_the_partners_database(
    vendor, partner, vendor_db, network
):
    program_id = vendor.env["prm.program"].create({"name": "Sync Reseller Programme"})
    Agreement = vendor.env["prm.agreement"]
    agreement_id = Agreement.create(
        {
            "name": "Sync Reseller Agreement 2027",
            "partner_id": network["harbor_id"],
            "program_id": program_id,
            "date_start": _days(0),
            "date_end": _days(364),
            "terms_document": TERMS,
            "terms_filename": "terms.pdf",
        }
    )
    network["to_partner"].action_send_now()
    (mirror,) = _mirrors(partner, "Sync Reseller Agreement 2027")
    assert mirror["program_name"] == "Sync Reseller Programme"
    assert mirror["date_start"] == _days(0)
    assert mirror["date_end"] == _days(364)
    assert mirror["state"] == "draft"
    assert mirror["terms_filename"] == "terms.pdf"
    assert mirror["vendor_id"][1] == "Aurora Sync"
    Mirror = partner.env["prm.sync.agreement"]
    terms = Mirror.read([mirror["id"]], ["terms_document"])[0]["terms_document"]
    assert terms == TERMS

    # The partner signs in its own database: the vendor records it.
    Mirror.browse(mirror["id"]).action_sign()
    network["to_vendor"].action_send_now()
    signed = Agreement.read([agreement_id], ["state", "signed_by", "date_signed"])[0]
    assert signed["state"] == "signed"
    assert signed["signed_by"] == partner.env.user.name
    (mirror,) = _mirrors(partner, "Sync Reseller Agreement 2027")
    assert mirror["state"] == "signed"
    assert mirror["signed_by"] == partner.env.user.name
    assert mirror["date_signed"] == signed["date_signed"]
    # The vendor's own update confirms it; nothing is duplicated.
    network["to_partner"].action_send_now()
    assert len(_mirrors(partner, "Sync Reseller Agreement")) == 1
    assert _mirrors(partner, "Sync Reseller Agreement 2027")[0]["state"] == "signed"
    with pytest.raises(Exception, match="not waiting for a signature"):
        Mirror.browse(mirror["id"]).action_sign()

    # Renewed: the renewal arrives to be signed; then cancelled.
    Agreement.browse(agreement_id).action_renew()
    network["to_partner"].action_send_now()
    mirrors = _mirrors(partner, "Sync Reseller Agreement 2027")
    assert [m["state"] for m in mirrors] == ["signed", "draft"]
    assert mirrors[1]["name"] == "Sync Reseller Agreement 2027 (renewal)"
    assert mirrors[1]["date_start"] == _days(365)
    (renewal_id,) = Agreement.search(
        [("name", "=", "Sync Reseller Agreement 2027 (renewal)")]
    )
    Agreement.browse(renewal_id).action_cancel()
    network["to_partner"].action_send_now()
    assert [m["state"] for m in _mirrors(partner, "Sync Reseller Agreement")] == [
        "signed",
        "cancelled",
    ]

    # Expired at its end (the test moves the calendar).
    _sql(
        vendor_db,
        "UPDATE prm_agreement SET date_end = %s WHERE id = %s",
        (_days(-1), agreement_id),
    )
    vendor.env.ref(
        "partner_relationship.ir_cron_agreement_lifecycle"
    ).method_direct_trigger()
    network["to_partner"].action_send_now()
    mirror = _mirrors(partner, "Sync Reseller Agreement 2027")[0]
    assert mirror["state"] == "expired"
    assert not _messages(vendor, "agreement_update", "failed")
    assert not _messages(partner, "agreement_sign", "failed")


def test_a_signature_the_vendor_refuses_fails_with_its_reason(vendor, partner, network):
    """The vendor cancelled the agreement while the partner signed it."""
    program_id = vendor.env["prm.program"].create({"name": "Sync Race Programme"})
    Agreement = vendor.env["prm.agreement"]
    agreement_id = Agreement.create(
        {
            "name": "Sync Race Agreement",
            "partner_id": network["harbor_id"],
            "program_id": program_id,
            "date_start": _days(0),
            "date_end": _days(100),
        }
    )
    network["to_partner"].action_send_now()
    (mirror,) = _mirrors(partner, "Sync Race Agreement")
    Agreement.browse(agreement_id).action_cancel()
    partner.env["prm.sync.agreement"].browse(mirror["id"]).action_sign()
    network["to_vendor"].action_send_now()
    failed = [
        m
        for m in _messages(partner, "agreement_sign", "failed")
        if m["res_id"] == mirror["id"]
    ]
    assert len(failed) == 1
    assert "not waiting for a signature" in failed[0]["last_error"]
    agreement = Agreement.read([agreement_id], ["state", "signed_by"])[0]
    assert agreement == {"id": agreement_id, "state": "cancelled", "signed_by": False}
    network["to_partner"].action_send_now()
    assert _mirrors(partner, "Sync Race Agreement")[0]["state"] == "cancelled"
