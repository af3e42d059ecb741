# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Leads between a vendor's and a connected partner's databases, on a real
Odoo server over XML-RPC: offer, accept, decline, recall, and the delivery
guarantees (one apply per message, stale versions discarded, refusals kept
with the remote's message, a partner key confined to its partner)."""

import uuid
import xmlrpc.client

import pytest
from sync_network import forward as _forward
from sync_network import messages as _messages
from sync_network import partner_lead as _partner_lead
from sync_network import receive as _receive


def test_offer_reaches_the_partner_and_acceptance_comes_back(vendor, partner, network):
    lead_id = _forward(vendor, network["harbor_id"], "Sync clinic network")
    pending = _messages(vendor, "lead_offer", "pending")
    assert [m["res_id"] for m in pending] == [lead_id]
    network["to_partner"].action_send_now()
    assert not _messages(vendor, "lead_offer", "pending")
    lead = _partner_lead(partner, "Sync clinic network")
    assert lead.prm_vendor_offer_state == "offered"
    assert lead.team_id.id == network["team_id"]
    assert lead.contact_name == "Dana Reyes"
    assert lead.expected_revenue == 12000
    assert lead.prm_vendor_deadline
    lead.action_prm_vendor_accept()
    assert _partner_lead(partner, "Sync clinic network").type == "opportunity"
    network["to_vendor"].action_send_now()
    vendor_lead = vendor.env["crm.lead"].browse(lead_id)
    assert vendor_lead.prm_offer_state == "accepted"
    assert vendor_lead.type == "opportunity"
    assert vendor_lead.partner_assigned_id.id == network["harbor_id"]
    done = [
        m
        for m in _messages(partner, "lead_answer", "done")
        if m["res_id"] == _partner_lead(partner, "Sync clinic network").id
    ]
    assert len(done) == 1

    # Progress reported in the partner's own Odoo reaches the vendor.
    partner_lead = _partner_lead(partner, "Sync clinic network")
    partner_lead.write({"probability": 70, "expected_revenue": 15000})
    network["to_vendor"].action_send_now()
    vendor_lead = vendor.env["crm.lead"].browse(lead_id)
    assert vendor_lead.probability == 70
    assert vendor_lead.expected_revenue == 15000
    partner_lead.action_set_won()
    network["to_vendor"].action_send_now()
    vendor_lead = vendor.env["crm.lead"].browse(lead_id)
    assert vendor_lead.stage_id.is_won
    assert vendor_lead.probability == 100
    assert not _messages(partner, "lead_progress", "failed")


def test_decline_with_reason_and_the_lead_moves_on(vendor, partner, network):
    lead_id = _forward(vendor, network["harbor_id"], "Sync school lead")
    network["to_partner"].action_send_now()
    lead = _partner_lead(partner, "Sync school lead")
    with pytest.raises(Exception, match="tell the vendor why"):
        lead.action_prm_vendor_decline("")
    lead.action_prm_vendor_decline("Outside our region")
    network["to_vendor"].action_send_now()
    vendor_lead = vendor.env["crm.lead"].browse(lead_id)
    assert network["harbor_id"] in vendor_lead.partner_declined_ids.ids
    assert vendor_lead.partner_assigned_id.id != network["harbor_id"]
    assert not _partner_lead(partner, "Sync school lead").active


def test_recall_archives_the_partner_copy(vendor, partner, network):
    lead_id = _forward(vendor, network["harbor_id"], "Sync hotel lead")
    network["to_partner"].action_send_now()
    vendor.env["crm.lead"].browse(lead_id).action_prm_recall("Customer moved")
    network["to_partner"].action_send_now()
    lead = _partner_lead(partner, "Sync hotel lead")
    assert not lead.active
    assert lead.prm_vendor_offer_state == "recalled"
    # The vendor's reason travels with the recall.
    bodies = [
        message["body"]
        for message in partner.env["mail.message"].search_read(
            [("model", "=", "crm.lead"), ("res_id", "=", lead.id)], ["body"]
        )
    ]
    assert any("Customer moved" in (body or "") for body in bodies), bodies
    with pytest.raises(Exception, match="not a vendor's offer awaiting"):
        lead.action_prm_vendor_accept()


def test_acceptance_after_a_recall_is_refused_with_the_vendors_reason(
    vendor, partner, network
):
    """The partner accepts while the vendor's recall is still on its way: the
    vendor refuses, the message fails with the vendor's reason, nothing
    changes on the vendor's side, and an administrator may cancel it."""
    lead_id = _forward(vendor, network["harbor_id"], "Sync race lead")
    network["to_partner"].action_send_now()
    vendor.env["crm.lead"].browse(lead_id).action_prm_recall("Customer moved")
    lead = _partner_lead(partner, "Sync race lead")
    lead.action_prm_vendor_accept()
    network["to_vendor"].action_send_now()
    failed = [
        m for m in _messages(partner, "lead_answer", "failed") if m["res_id"] == lead.id
    ]
    assert len(failed) == 1
    assert "recalled" in failed[0]["last_error"].lower()
    vendor_lead = vendor.env["crm.lead"].browse(lead_id)
    assert vendor_lead.partner_assigned_id.id != network["harbor_id"]
    Message = partner.env["prm.sync.message"]
    Message.browse(Message.search([("uuid", "=", failed[0]["uuid"])])).action_cancel()
    assert _messages(partner, "lead_answer", "cancelled")
    # The recall then reaches the partner and archives its copy.
    network["to_partner"].action_send_now()
    assert not _partner_lead(partner, "Sync race lead").active


def test_a_message_delivered_twice_is_applied_once(
    odoo_server, vendor, partner, partner_db, network
):
    wire = {
        "uuid": str(uuid.uuid4()),
        "kind": "lead_offer",
        "version": 10**9,
        "payload": {
            "lead_id": 987654,
            "name": "Sync duplicate lead",
            "deadline": False,
        },
    }
    args = (odoo_server, partner_db, network["vendor_login"], network["vendor_key"])
    first = _receive(*args, [wire])[wire["uuid"]]
    again = _receive(*args, [wire])[wire["uuid"]]
    assert first["status"] == "done"
    assert again["status"] == "duplicate"
    assert again["remote_id"] == first["remote_id"]
    assert _partner_lead(partner, "Sync duplicate lead").id == first["remote_id"]
    # An older version of the same lead, arriving late, is discarded.
    late = {**wire, "uuid": str(uuid.uuid4()), "version": 5}
    late["payload"] = {**wire["payload"], "name": "Sync duplicate lead (old)"}
    assert _receive(*args, [late])[late["uuid"]]["status"] == "stale"
    assert _partner_lead(partner, "Sync duplicate lead (old)") is None


def test_a_partner_key_cannot_answer_another_partners_lead(
    odoo_server, vendor, vendor_db, network
):
    lead_id = _forward(vendor, network["other_id"], "Sync other partner's lead")
    wire = {
        "uuid": str(uuid.uuid4()),
        "kind": "lead_answer",
        "version": 1,
        "payload": {
            "vendor_lead_id": lead_id,
            "partner_lead_id": 424242,
            "answer": "accept",
        },
    }
    answer = _receive(
        odoo_server, vendor_db, network["harbor_login"], network["harbor_key"], [wire]
    )[wire["uuid"]]
    assert answer["status"] == "retry", "not known here (yet): never applied"
    vendor_lead = vendor.env["crm.lead"].browse(lead_id)
    assert vendor_lead.prm_offer_state == "offered"
    assert vendor_lead.partner_assigned_id.id == network["other_id"]


def test_a_bad_key_fails_fast_and_alerts(odoo_server, vendor, partner_db, network):
    Connection = vendor.env["prm.sync.connection"]
    bad_id = Connection.create(
        {
            "name": "Leads with a revoked key",
            "remote_role": "partner",
            "partner_id": network["other_id"],
            "remote_url": odoo_server.url,
            "remote_database": partner_db,
            "remote_login": network["vendor_login"] + "-revoked",
            "api_key": "not-a-key",
        }
    )
    _forward(vendor, network["other_id"], "Sync lead behind a bad key")
    Connection.browse(bad_id).action_send_now()
    connection = Connection.browse(bad_id)
    assert connection.state == "failed"
    assert connection.activity_ids, "an administrator is alerted"
    pending = vendor.env["prm.sync.message"].search_read(
        [("connection_id", "=", bad_id)], ["state", "attempts", "last_error"]
    )
    assert [m["state"] for m in pending] == ["pending"]
    assert "refused the login" in pending[0]["last_error"]


def test_a_malformed_message_is_refused_alone(
    odoo_server, partner, partner_db, network
):
    """A message without its version is refused with the reason, the good
    one beside it is applied; a batch that cannot be answered message by
    message (a message without an ID) is refused whole."""
    good = {
        "uuid": str(uuid.uuid4()),
        "kind": "lead_offer",
        "version": 10**9 + 2,
        "payload": {"lead_id": 765432, "name": "Sync malformed batch lead"},
    }
    bad = {"uuid": str(uuid.uuid4()), "kind": "lead_offer", "payload": {}}
    args = (odoo_server, partner_db, network["vendor_login"], network["vendor_key"])
    answers = _receive(*args, [good, bad])
    assert answers[good["uuid"]]["status"] == "done"
    assert "Sync message 2: version missing" in answers[bad["uuid"]]["message"]
    assert _partner_lead(partner, "Sync malformed batch lead")
    unnamed = {"kind": "lead_offer", "version": 10**9 + 3, "payload": {}}
    with pytest.raises(xmlrpc.client.Fault, match="Sync message 1: uuid missing"):
        _receive(*args, [unnamed, dict(good, uuid=str(uuid.uuid4()))])


def test_a_batch_is_applied_together_and_a_refused_message_fails_alone(
    vendor, partner, network
):
    """Three offers go in one batch; three answers come back in one batch,
    one of them for a lead the vendor recalled meanwhile: the two others are
    applied, the third fails with the vendor's reason."""
    names = [f"Sync batch lead {n}" for n in range(3)]
    lead_ids = [_forward(vendor, network["harbor_id"], name) for name in names]
    network["to_partner"].action_send_now()
    leads = [_partner_lead(partner, name) for name in names]
    assert all(lead.prm_vendor_offer_state == "offered" for lead in leads)
    Binding = vendor.env["prm.sync.binding"]
    bound = Binding.search_read(
        [("res_model", "=", "crm.lead"), ("res_id", "in", lead_ids)],
        ["res_id", "remote_id"],
    )
    assert {b["res_id"]: b["remote_id"] for b in bound} == {
        lead_id: lead.id for lead_id, lead in zip(lead_ids, leads, strict=True)
    }
    vendor.env["crm.lead"].browse(lead_ids[1]).action_prm_recall("Customer moved")
    for lead in leads:
        lead.action_prm_vendor_accept()
    network["to_vendor"].action_send_now()
    states = {
        lead["id"]: lead["prm_offer_state"]
        for lead in vendor.env["crm.lead"].read(lead_ids, ["prm_offer_state"])
    }
    assert states[lead_ids[0]] == states[lead_ids[2]] == "accepted"
    assert states[lead_ids[1]] != "accepted"
    failed = _messages(partner, "lead_answer", "failed")
    assert [m["res_id"] for m in failed] == [leads[1].id]


def test_the_partner_owns_its_progress_and_the_vendors_change_is_logged(
    vendor, partner, network
):
    lead_id = _forward(vendor, network["harbor_id"], "Sync ownership lead")
    network["to_partner"].action_send_now()
    partner_lead = _partner_lead(partner, "Sync ownership lead")
    partner_lead.action_prm_vendor_accept()
    partner_lead.write({"probability": 50, "expected_revenue": 15000})
    network["to_vendor"].action_send_now()
    # The vendor's salesperson changes the revenue the partner owns...
    vendor.env["crm.lead"].browse(lead_id).write({"expected_revenue": 20000})
    # ... and the partner's next report wins.
    _partner_lead(partner, "Sync ownership lead").write({"probability": 60})
    network["to_vendor"].action_send_now()
    vendor_lead = vendor.env["crm.lead"].browse(lead_id)
    assert vendor_lead.expected_revenue == 15000
    assert vendor_lead.probability == 60
    conflicts = vendor.env["prm.sync.conflict"].search_read(
        [("res_model", "=", "crm.lead"), ("res_id", "=", lead_id)],
        ["field_name", "local_value", "remote_value", "winner"],
    )
    assert [
        (c["field_name"], c["local_value"], c["remote_value"], c["winner"])
        for c in conflicts
    ] == [("expected_revenue", "20000.0", "15000.0", "remote")]


def test_a_flow_not_enabled_is_neither_sent_nor_applied(vendor, partner, network):
    lead_flow = vendor.env["ir.model"].search([("model", "=", "prm.sync.lead.flow")])
    to_partner, to_vendor = network["to_partner"], network["to_vendor"]
    # The partner's database does not take leads from its vendor: refused.
    enabled_here = to_vendor.flow_ids.ids
    to_vendor.write({"flow_ids": [(6, 0, [])]})
    try:
        lead_id = _forward(vendor, network["harbor_id"], "Sync lead not taken")
        to_partner.action_send_now()
    finally:
        to_vendor.write({"flow_ids": [(6, 0, enabled_here)]})
    failed = [
        m for m in _messages(vendor, "lead_offer", "failed") if m["res_id"] == lead_id
    ]
    assert len(failed) == 1
    assert "is not enabled on the connection" in failed[0]["last_error"]
    assert _partner_lead(partner, "Sync lead not taken") is None
    # The vendor does not send leads to this partner: nothing is queued, the
    # partner is told by e-mail as an unconnected partner would be.
    to_partner.write({"flow_ids": [(3, lead_flow[0])]})
    try:
        lead_id = _forward(vendor, network["harbor_id"], "Sync lead by e-mail")
    finally:
        to_partner.write({"flow_ids": [(4, lead_flow[0])]})
    assert not [m for m in _messages(vendor, "lead_offer") if m["res_id"] == lead_id]
    assert vendor.env["crm.lead"].browse(lead_id).prm_offer_state == "offered"


def test_a_partner_key_cannot_report_progress_on_another_partners_lead(
    odoo_server, vendor, vendor_db, network
):
    lead_id = _forward(vendor, network["other_id"], "Sync other partner's progress")
    # Already won: a report of a win changes nothing, and must not pass
    # unchecked either.
    won_stage = vendor.env["crm.stage"].search([("is_won", "=", True)], limit=1)
    vendor.env["crm.lead"].browse(lead_id).write({"stage_id": won_stage[0]})
    before = vendor.env["crm.lead"].read([lead_id], ["expected_revenue", "probability"])
    for won in (False, True):
        wire = {
            "uuid": str(uuid.uuid4()),
            "kind": "lead_progress",
            "version": 1,
            "payload": {
                "vendor_lead_id": lead_id,
                "partner_lead_id": 434343,
                "expected_revenue": 1,
                "probability": 99,
                "won": won,
            },
        }
        answer = _receive(
            odoo_server,
            vendor_db,
            network["harbor_login"],
            network["harbor_key"],
            [wire],
        )[wire["uuid"]]
        assert answer["status"] == "retry", "not known here (yet): never applied"
    assert (
        vendor.env["crm.lead"].read([lead_id], ["expected_revenue", "probability"])
        == before
    )
    assert not vendor.env["prm.sync.binding"].search_count(
        [("res_model", "=", "crm.lead"), ("remote_id", "=", 434343)]
    )
