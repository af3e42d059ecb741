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
    done = _messages(partner, "lead_answer", "done")
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
    vendor.env["crm.lead"].browse(lead_id).action_prm_recall()
    network["to_partner"].action_send_now()
    lead = _partner_lead(partner, "Sync hotel lead")
    assert not lead.active
    assert lead.prm_vendor_offer_state == "recalled"
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
    vendor.env["crm.lead"].browse(lead_id).action_prm_recall()
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
    assert again["lead_id"] == first["lead_id"]
    assert _partner_lead(partner, "Sync duplicate lead").id == first["lead_id"]
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
    assert answer["status"] == "error"
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


def test_a_malformed_batch_is_refused_whole(odoo_server, partner, partner_db, network):
    good = {
        "uuid": str(uuid.uuid4()),
        "kind": "lead_offer",
        "version": 10**9 + 2,
        "payload": {"lead_id": 765432, "name": "Sync malformed batch lead"},
    }
    bad = {"uuid": str(uuid.uuid4()), "kind": "lead_offer", "payload": {}}
    args = (odoo_server, partner_db, network["vendor_login"], network["vendor_key"])
    with pytest.raises(xmlrpc.client.Fault, match="Sync message 2: version missing"):
        _receive(*args, [good, bad])
    assert _partner_lead(partner, "Sync malformed batch lead") is None, (
        "nothing applied"
    )
