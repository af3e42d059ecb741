# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Service requests and warranty claims between a connected partner's and
its vendor's databases, on a real Odoo server over XML-RPC: a help desk
ticket escalated to the vendor, replies both ways without echo, the vendor's
status back; a warranty claim filed from the partner's database and the
vendor's decision back; and the delivery guarantees (stale versions
discarded, one apply per message, refusals kept with the remote's message
and nothing half-written, a partner's key confined to its partner)."""

import base64
import uuid

import pytest
from sync_network import receive

PHOTO = base64.b64encode(b"\x89PNG fake photo of a cracked housing").decode()


@pytest.fixture(scope="module")
def service(vendor, partner, network):
    """The vendor sold a sensor to Harbor; Harbor sells the same sensor (its
    own product record, same internal reference) and has a serial of it."""
    harbor = network["harbor_id"]
    vendor_product = vendor.env["product.product"].create(
        {
            "name": "Aurora Sensor X1",
            "default_code": "AUR-X1",
            "type": "consu",
            "list_price": 250.0,
            "prm_warranty_months": 24,
        }
    )
    order = vendor.env["sale.order"].create(
        {
            "partner_id": harbor,
            "order_line": [
                (0, 0, {"product_id": vendor_product, "product_uom_qty": 2})
            ],
        }
    )
    vendor.env["sale.order"].browse(order).action_confirm()
    vendor_lot = vendor.env["stock.lot"].create(
        {"name": "SN-1001", "product_id": vendor_product}
    )
    partner_product = partner.env["product.product"].create(
        {"name": "Sensor X1 (Aurora)", "default_code": "AUR-X1", "type": "consu"}
    )
    unknown_product = partner.env["product.product"].create(
        {"name": "Sensor from elsewhere", "default_code": "OTHER-9", "type": "consu"}
    )
    partner_lot = partner.env["stock.lot"].create(
        {"name": "SN-1001", "product_id": partner_product}
    )
    customer = partner.env["res.partner"].create(
        {"name": "Lighthouse Clinic", "is_company": True, "email": "it@lh.example.com"}
    )
    vendor_company = partner.env["prm.sync.connection"].read(
        [network["to_vendor"].id], ["partner_id"]
    )[0]["partner_id"][0]
    return {
        "vendor_product": vendor_product,
        "vendor_lot": vendor_lot,
        "partner_product": partner_product,
        "unknown_product": unknown_product,
        "partner_lot": partner_lot,
        "customer": customer,
        "vendor_company": vendor_company,
    }


def _state_changes(partner, claim_id):
    """How many times the claim's state changed, as its chatter tracks it."""
    return partner.env["mail.tracking.value"].search_count(
        [
            ("mail_message_id.model", "=", "prm.vendor.warranty.claim"),
            ("mail_message_id.res_id", "=", claim_id),
            ("field_id.name", "=", "state"),
        ]
    )


def _delivered(partner, network, model, record_id):
    """Send the partner's pending messages; the vendor's id of the record,
    as the partner's binding holds it (the vendor's messages about it name
    that id, never the partner's)."""
    network["to_vendor"].action_send_now()
    (binding,) = partner.env["prm.sync.binding"].search_read(
        [("res_model", "=", model), ("res_id", "=", record_id)], ["remote_id"]
    )
    return binding["remote_id"]


def _ticket(partner, service, name, product=None, attach=True):
    """A ticket in the partner's help desk, about the sensor, with a photo."""
    ticket_id = partner.env["helpdesk.ticket"].create(
        {
            "name": name,
            "description": "<p>The sensor reboots every hour.</p>",
            "product_id": product or service["partner_product"],
            "lot_id": False if product else service["partner_lot"],
            "end_customer_id": service["customer"],
            "prm_vendor_id": service["vendor_company"],
        }
    )
    if attach:
        partner.env["ir.attachment"].create(
            {
                "name": "reboot.png",
                "datas": PHOTO,
                "res_model": "helpdesk.ticket",
                "res_id": ticket_id,
            }
        )
    return ticket_id


def _read(client, model, record_id, fields):
    return client.env[model].read([record_id], fields)[0]


def _vendor_tickets(vendor, name):
    return vendor.env["helpdesk.ticket"].search_read(
        [("name", "=", name)],
        [
            "partner_id",
            "prm_partner_id",
            "end_customer_id",
            "product_id",
            "lot_id",
            "number",
        ],
    )


def _sync_messages(client, kind, res_id, state=None, *, model):
    domain = [("kind", "=", kind), ("res_model", "=", model), ("res_id", "=", res_id)]
    if state:
        domain.append(("state", "=", state))
    return client.env["prm.sync.message"].search_read(
        domain, ["state", "last_error", "res_model"]
    )


def _chatter(client, model, res_id, text):
    return client.env["mail.message"].search_read(
        [("model", "=", model), ("res_id", "=", res_id), ("body", "ilike", text)],
        ["author_id", "subtype_id", "message_type"],
    )


def _attachments(client, model, res_id):
    return client.env["ir.attachment"].search_read(
        [("res_model", "=", model), ("res_id", "=", res_id)], ["name", "datas"]
    )


def _post(client, model, res_id, body, note=False):
    client.env[model].message_post(
        [res_id],
        body=body,
        message_type="comment",
        subtype_xmlid="mail.mt_note" if note else "mail.mt_comment",
    )


# Service requests ---------------------------------------------------------------------


def test_escalated_ticket_opens_a_request_at_the_vendor_and_replies_go_both_ways(
    vendor, partner, network, service
):
    ticket_id = _ticket(partner, service, "Sync sensor reboots")
    partner.env["helpdesk.ticket"].action_prm_escalate([ticket_id])
    assert [
        m["state"]
        for m in _sync_messages(
            partner, "service_request", ticket_id, model="helpdesk.ticket"
        )
    ] == ["pending"]
    with pytest.raises(Exception, match="already escalated"):
        partner.env["helpdesk.ticket"].action_prm_escalate([ticket_id])
    network["to_vendor"].action_send_now()
    assert [
        m["state"]
        for m in _sync_messages(
            partner, "service_request", ticket_id, model="helpdesk.ticket"
        )
    ] == ["done"]

    # At the vendor: one request of Harbor, with its customer, product,
    # serial number and photo.
    (request,) = _vendor_tickets(vendor, "Sync sensor reboots")
    assert request["prm_partner_id"][0] == network["harbor_id"]
    assert request["product_id"][0] == service["vendor_product"]
    assert request["lot_id"][0] == service["vendor_lot"]
    customer = _read(
        vendor,
        "res.partner",
        request["end_customer_id"][0],
        ["name", "end_customer_of_id"],
    )
    assert customer["name"] == "Lighthouse Clinic"
    assert customer["end_customer_of_id"][0] == network["harbor_id"]
    files = _attachments(vendor, "helpdesk.ticket", request["id"])
    assert [(f["name"], f["datas"]) for f in files] == [("reboot.png", PHOTO)]
    # At the partner: the vendor's reference and status, read-only.
    mine = _read(
        partner,
        "helpdesk.ticket",
        ticket_id,
        ["prm_vendor_ticket_ref", "prm_vendor_status", "prm_vendor_closed"],
    )
    assert mine["prm_vendor_ticket_ref"] == request["number"]
    assert mine["prm_vendor_status"]
    assert not mine["prm_vendor_closed"]

    # The partner's public reply reaches the vendor's ticket; its internal
    # note does not; and the vendor does not send the reply back.
    _post(partner, "helpdesk.ticket", ticket_id, "Customer says: firmware 2.1")
    _post(partner, "helpdesk.ticket", ticket_id, "Our margin is thin here", note=True)
    assert (
        len(
            _sync_messages(partner, "service_reply", ticket_id, model="helpdesk.ticket")
        )
        == 1
    )
    network["to_vendor"].action_send_now()
    assert _sync_messages(
        partner, "service_reply", ticket_id, "done", model="helpdesk.ticket"
    )
    replies = _chatter(vendor, "helpdesk.ticket", request["id"], "firmware 2.1")
    assert len(replies) == 1
    assert replies[0]["message_type"] == "comment"
    assert not _chatter(vendor, "helpdesk.ticket", request["id"], "margin is thin")
    assert not _sync_messages(
        vendor, "service_reply", request["id"], model="helpdesk.ticket"
    ), "no echo"

    # The vendor's public reply comes back (as a note by the vendor), its
    # internal note stays, and the applied reply is not sent again.
    _post(vendor, "helpdesk.ticket", request["id"], "Please update to firmware 2.2")
    _post(vendor, "helpdesk.ticket", request["id"], "Known bug #42", note=True)
    assert (
        len(
            _sync_messages(
                vendor, "service_reply", request["id"], model="helpdesk.ticket"
            )
        )
        == 1
    )
    network["to_partner"].action_send_now()
    back = _chatter(partner, "helpdesk.ticket", ticket_id, "firmware 2.2")
    assert len(back) == 1
    assert back[0]["author_id"][0] == service["vendor_company"]
    assert not _chatter(partner, "helpdesk.ticket", ticket_id, "Known bug")
    assert (
        len(
            _sync_messages(partner, "service_reply", ticket_id, model="helpdesk.ticket")
        )
        == 1
    ), "no echo"


def test_vendor_status_flows_back_and_closing_is_shown(
    vendor, partner, network, service
):
    ticket_id = _ticket(partner, service, "Sync status ticket", attach=False)
    partner.env["helpdesk.ticket"].action_prm_escalate([ticket_id])
    network["to_vendor"].action_send_now()
    (request,) = _vendor_tickets(vendor, "Sync status ticket")
    Stage = vendor.env["helpdesk.ticket.stage"]
    open_stage = Stage.search([("closed", "=", False)], order="sequence desc", limit=1)
    closed_stage = Stage.search([("closed", "=", True)], limit=1)
    names = {
        s["id"]: s["name"] for s in Stage.read(open_stage + closed_stage, ["name"])
    }

    vendor.env["helpdesk.ticket"].write([request["id"]], {"stage_id": open_stage[0]})
    network["to_partner"].action_send_now()
    mine = _read(
        partner,
        "helpdesk.ticket",
        ticket_id,
        ["prm_vendor_status", "prm_vendor_closed"],
    )
    assert mine == {
        "id": ticket_id,
        "prm_vendor_status": names[open_stage[0]],
        "prm_vendor_closed": False,
    }
    vendor.env["helpdesk.ticket"].write([request["id"]], {"stage_id": closed_stage[0]})
    network["to_partner"].action_send_now()
    mine = _read(
        partner,
        "helpdesk.ticket",
        ticket_id,
        ["prm_vendor_status", "prm_vendor_closed"],
    )
    assert mine["prm_vendor_status"] == names[closed_stage[0]]
    assert mine["prm_vendor_closed"] is True
    statuses = _sync_messages(
        vendor, "service_status", request["id"], model="helpdesk.ticket"
    )
    assert [m["state"] for m in statuses] == ["done", "done"]


def test_unknown_product_fails_with_the_vendors_message_and_nothing_is_written(
    vendor, partner, network, service
):
    ticket_id = _ticket(
        partner, service, "Sync foreign sensor", product=service["unknown_product"]
    )
    attachments_before = vendor.env["ir.attachment"].search_count(
        [("name", "=", "reboot.png"), ("res_model", "=", "helpdesk.ticket")]
    )
    partner.env["helpdesk.ticket"].action_prm_escalate([ticket_id])
    network["to_vendor"].action_send_now()
    (failed,) = _sync_messages(
        partner, "service_request", ticket_id, model="helpdesk.ticket"
    )
    assert failed["state"] == "failed"
    assert "OTHER-9 is not one of the products" in failed["last_error"]
    assert _vendor_tickets(vendor, "Sync foreign sensor") == []
    assert (
        vendor.env["ir.attachment"].search_count(
            [("name", "=", "reboot.png"), ("res_model", "=", "helpdesk.ticket")]
        )
        == attachments_before
    )
    mine = _read(partner, "helpdesk.ticket", ticket_id, ["prm_vendor_ticket_ref"])
    assert not mine["prm_vendor_ticket_ref"]


def _wire(kind, payload, version=1):
    return {
        "uuid": str(uuid.uuid4()),
        "kind": kind,
        "version": version,
        "payload": payload,
    }


def test_a_request_delivered_twice_opens_one_ticket(
    odoo_server, vendor, vendor_db, network, service
):
    wire = _wire(
        "service_request",
        {
            "ticket_id": 7770001,
            "name": "Sync duplicate request",
            "description": "<p>Twice</p>",
            "product": {"default_code": "AUR-X1", "name": "Sensor"},
        },
    )
    args = (odoo_server, vendor_db, network["harbor_login"], network["harbor_key"])
    first = receive(*args, [wire])[wire["uuid"]]
    again = receive(*args, [wire])[wire["uuid"]]
    assert first["status"] == "done"
    assert again["status"] == "duplicate"
    assert again["remote_id"] == first["remote_id"]
    # Sent again under a new message ID (e.g. retried by hand): still one.
    resent = {**wire, "uuid": str(uuid.uuid4()), "version": 2}
    assert receive(*args, [resent])[resent["uuid"]]["status"] == "stale"
    tickets = _vendor_tickets(vendor, "Sync duplicate request")
    assert [t["id"] for t in tickets] == [first["remote_id"]]


def test_a_malformed_request_fails_alone(odoo_server, vendor, vendor_db, network):
    request = {
        "name": "Sync well-formed request",
        "description": "<p>Fine</p>",
        "priority": "not a priority",
    }
    bad = _wire("service_request", {**request, "name": "Sync malformed request"})
    good = _wire("service_request", {**request, "ticket_id": 7770002})
    answers = receive(
        odoo_server,
        vendor_db,
        network["harbor_login"],
        network["harbor_key"],
        [bad, good],
    )
    assert answers[bad["uuid"]]["status"] == "error"
    assert "ticket_id is missing" in answers[bad["uuid"]]["message"]
    assert answers[good["uuid"]]["status"] == "done"
    assert _vendor_tickets(vendor, "Sync malformed request") == []
    (ticket,) = vendor.env["helpdesk.ticket"].search_read(
        [("name", "=", "Sync well-formed request")], ["priority", "product_id"]
    )
    assert ticket["id"] == answers[good["uuid"]]["remote_id"]
    assert ticket["priority"] == "1", "an unknown priority falls back to Medium"
    assert ticket["product_id"] is False


def test_an_older_status_arriving_late_is_discarded(
    odoo_server, partner, partner_db, network, service
):
    ticket_id = _ticket(partner, service, "Sync out of order", attach=False)
    partner.env["helpdesk.ticket"].action_prm_escalate([ticket_id])
    vendor_ticket_id = _delivered(partner, network, "helpdesk.ticket", ticket_id)
    # The vendor's messages, delivered by hand: the newer one first.
    args = (odoo_server, partner_db, network["vendor_login"], network["vendor_key"])
    status = {"vendor_ticket_id": vendor_ticket_id, "number": "V-1"}
    newer = _wire(
        "service_status", {**status, "stage": "Done", "closed": True}, version=10**9
    )
    older = _wire(
        "service_status", {**status, "stage": "In Progress", "closed": False}, version=5
    )
    assert receive(*args, [newer])[newer["uuid"]]["status"] == "done"
    assert receive(*args, [older])[older["uuid"]]["status"] == "stale"
    mine = _read(
        partner,
        "helpdesk.ticket",
        ticket_id,
        ["prm_vendor_status", "prm_vendor_closed"],
    )
    assert mine["prm_vendor_status"] == "Done"
    assert mine["prm_vendor_closed"] is True


def test_keys_are_confined_to_their_own_records(
    odoo_server, vendor, partner, vendor_db, partner_db, network, service
):
    # Harbor's key cannot reply on another reseller's request.
    other_ticket = vendor.env["helpdesk.ticket"].create(
        {
            "name": "Sync other reseller's request",
            "description": "<p>Not Harbor's</p>",
            "partner_id": network["other_id"],
        }
    )
    wire = _wire(
        "service_reply",
        {
            "model": "helpdesk.ticket",
            "sender_id": 9990001,
            "record_id": other_ticket,
            "author": "Mallory",
            "body": "<p>Sync intrusion</p>",
        },
    )
    answer = receive(
        odoo_server, vendor_db, network["harbor_login"], network["harbor_key"], [wire]
    )[wire["uuid"]]
    assert answer["status"] == "retry", "not known here (yet): never applied"
    assert not _chatter(vendor, "helpdesk.ticket", other_ticket, "Sync intrusion")

    # The vendor's key cannot set the status of a ticket not escalated to it.
    local = _ticket(partner, service, "Sync never escalated", attach=False)
    wire = _wire(
        "service_status",
        {
            "ticket_id": local,
            "vendor_ticket_id": 8880002,
            "stage": "Done",
            "closed": True,
        },
        version=10**9,
    )
    answer = receive(
        odoo_server, partner_db, network["vendor_login"], network["vendor_key"], [wire]
    )[wire["uuid"]]
    assert answer["status"] == "retry", "not known here (yet): never applied"
    assert "is not known here" in answer["message"]
    mine = _read(partner, "helpdesk.ticket", local, ["prm_vendor_status"])
    assert not mine["prm_vendor_status"]


# Warranty claims ----------------------------------------------------------------------


def _claim(partner, service, problem, **values):
    claim_id = partner.env["prm.vendor.warranty.claim"].create(
        {
            "vendor_id": service["vendor_company"],
            "product_id": service["partner_product"],
            "problem": problem,
            "end_customer_id": service["customer"],
            **values,
        }
    )
    partner.env["ir.attachment"].create(
        {
            "name": "crack.png",
            "datas": PHOTO,
            "res_model": "prm.vendor.warranty.claim",
            "res_id": claim_id,
        }
    )
    return claim_id


def _vendor_claims(vendor, problem):
    return vendor.env["prm.warranty.claim"].search_read(
        [("problem", "=", problem)],
        ["name", "partner_id", "product_id", "state", "purchase_date", "in_warranty"],
    )


def _photos(vendor):
    return vendor.env["ir.attachment"].search_count(
        [("name", "=", "crack.png"), ("res_model", "=", "prm.warranty.claim")]
    )


CLAIM_FIELDS = ["state", "outcome", "decision_reason", "vendor_reference"]


def test_claim_reaches_the_vendor_and_its_approval_and_replies_come_back(
    vendor, partner, network, service
):
    claim_id = _claim(
        partner, service, "Sync: housing cracked", purchase_date="2026-01-15"
    )
    partner.env["prm.vendor.warranty.claim"].action_prm_send([claim_id])
    assert (
        _read(partner, "prm.vendor.warranty.claim", claim_id, ["state"])["state"]
        == "sent"
    )
    network["to_vendor"].action_send_now()
    (claim,) = _vendor_claims(vendor, "Sync: housing cracked")
    assert claim["partner_id"][0] == network["harbor_id"]
    assert claim["product_id"][0] == service["vendor_product"]
    assert claim["state"] == "submitted"
    assert claim["purchase_date"] == "2026-01-15"
    assert claim["in_warranty"] is True
    files = _attachments(vendor, "prm.warranty.claim", claim["id"])
    assert [f["name"] for f in files] == ["crack.png"]
    mine = _read(partner, "prm.vendor.warranty.claim", claim_id, CLAIM_FIELDS)
    assert mine["state"] == "submitted"
    assert mine["vendor_reference"] == claim["name"]

    vendor.env["prm.warranty.claim"].action_approve_repair([claim["id"]])
    _post(
        vendor, "prm.warranty.claim", claim["id"], "Send it to our Oslo repair centre"
    )
    network["to_partner"].action_send_now()
    mine = _read(partner, "prm.vendor.warranty.claim", claim_id, CLAIM_FIELDS)
    assert (mine["state"], mine["outcome"]) == ("approved", "repair")
    back = _chatter(partner, "prm.vendor.warranty.claim", claim_id, "Oslo repair")
    assert len(back) == 1
    assert back[0]["author_id"][0] == service["vendor_company"]
    assert not _sync_messages(
        partner, "service_reply", claim_id, model="prm.vendor.warranty.claim"
    ), "no echo"
    # The partner's public reply on its claim reaches the vendor's claim.
    _post(partner, "prm.vendor.warranty.claim", claim_id, "Shipped by courier today")
    network["to_vendor"].action_send_now()
    assert [
        m["state"]
        for m in _sync_messages(
            partner, "service_reply", claim_id, model="prm.vendor.warranty.claim"
        )
    ] == ["done"]
    replies = _chatter(vendor, "prm.warranty.claim", claim["id"], "Shipped by courier")
    assert len(replies) == 1
    assert replies[0]["message_type"] == "comment"
    vendor_replies = _sync_messages(
        vendor, "service_reply", claim["id"], model="prm.warranty.claim"
    )
    assert len(vendor_replies) == 1, "the vendor's own reply, no echo"
    with pytest.raises(Exception, match="cannot be changed"):
        partner.env["prm.vendor.warranty.claim"].write(
            [claim_id], {"problem": "changed"}
        )


def test_rejection_with_its_reason_comes_back(vendor, partner, network, service):
    claim_id = _claim(partner, service, "Sync: dropped in water")
    partner.env["prm.vendor.warranty.claim"].action_prm_send([claim_id])
    network["to_vendor"].action_send_now()
    (claim,) = _vendor_claims(vendor, "Sync: dropped in water")
    vendor.env["prm.warranty.claim"].write(
        [claim["id"]], {"decision_reason": "Water damage is not covered"}
    )
    vendor.env["prm.warranty.claim"].action_reject([claim["id"]])
    network["to_partner"].action_send_now()
    mine = _read(partner, "prm.vendor.warranty.claim", claim_id, CLAIM_FIELDS)
    assert mine["state"] == "rejected"
    assert mine["outcome"] is False
    assert mine["decision_reason"] == "Water damage is not covered"
    decisions = _sync_messages(
        vendor, "warranty_decision", claim["id"], model="prm.warranty.claim"
    )
    assert decisions and {m["state"] for m in decisions} == {"done"}


def test_claim_with_an_unknown_serial_fails_and_nothing_is_written(
    vendor, partner, network, service
):
    """The claim is for a customer the vendor does not know yet: recorded
    before the serial is checked, and rolled back with the rest."""
    fresh = partner.env["res.partner"].create(
        {"name": "Sync Fresh Customer", "is_company": True}
    )
    claim_id = _claim(
        partner,
        service,
        "Sync: unknown serial",
        serial_number="SN-NOPE",
        end_customer_id=fresh,
    )
    photos_before = _photos(vendor)
    partner.env["prm.vendor.warranty.claim"].action_prm_send([claim_id])
    network["to_vendor"].action_send_now()
    (failed,) = _sync_messages(
        partner, "warranty_claim", claim_id, model="prm.vendor.warranty.claim"
    )
    assert failed["state"] == "failed"
    assert "SN-NOPE was never delivered" in failed["last_error"]
    assert _vendor_claims(vendor, "Sync: unknown serial") == []
    assert _photos(vendor) == photos_before
    assert not vendor.env["res.partner"].search(
        [("name", "=", "Sync Fresh Customer")]
    ), "the new end customer is rolled back too"
    assert (
        _read(partner, "prm.vendor.warranty.claim", claim_id, ["state"])["state"]
        == "sent"
    )


def test_an_older_decision_is_discarded_and_a_decision_is_applied_once(
    odoo_server, partner, partner_db, network, service
):
    claim_id = _claim(partner, service, "Sync: decision order")
    partner.env["prm.vendor.warranty.claim"].action_prm_send([claim_id])
    vendor_claim_id = _delivered(
        partner, network, "prm.vendor.warranty.claim", claim_id
    )
    args = (odoo_server, partner_db, network["vendor_login"], network["vendor_key"])
    decision = {"vendor_claim_id": vendor_claim_id, "name": "WC-X"}
    changes_before = _state_changes(partner, claim_id)
    newer = _wire(
        "warranty_decision",
        {**decision, "state": "rejected", "reason": "Out of warranty"},
        version=10**9,
    )
    older = _wire("warranty_decision", {**decision, "state": "submitted"}, version=5)
    assert receive(*args, [newer])[newer["uuid"]]["status"] == "done"
    assert receive(*args, [newer])[newer["uuid"]]["status"] == "duplicate"
    assert receive(*args, [older])[older["uuid"]]["status"] == "stale"
    mine = _read(partner, "prm.vendor.warranty.claim", claim_id, CLAIM_FIELDS)
    assert mine["state"] == "rejected"
    assert mine["decision_reason"] == "Out of warranty"
    assert mine["vendor_reference"] == "WC-X"
    assert _state_changes(partner, claim_id) == changes_before + 1, "rejected once"
