# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The inbox of a database, as its senders would attack it: message IDs are
unique per connection (another sender's ID never gets its answer), the same
ID with another content is a conflict, an ID twice in a batch is applied
once, and the limits of a call refuse a message alone, never its batch."""

import uuid
import xmlrpc.client

import pytest
from sync_network import authorize, connection, receive


def _category(name, vendor_id=None):
    return {
        "uuid": str(uuid.uuid4()),
        "kind": "central_category",
        "version": 10**9,
        "payload": {"category": [[vendor_id or 880000, name, False]]},
    }


def _offer(name, phone="+1 555 0100"):
    return {
        "uuid": str(uuid.uuid4()),
        "kind": "lead_offer",
        "version": 10**9,
        "payload": {
            "lead_id": int(uuid.uuid4().int % 10**8),
            "name": name,
            "phone": phone,
            "deadline": False,
        },
    }


def _categories(partner, name):
    return partner.env["product.category"].search([("name", "=", name)])


@pytest.fixture(scope="module")
def send(odoo_server, partner_db, network):
    """Deliver messages to the partner's database with the vendor's key."""

    def deliver(messages):
        return receive(
            odoo_server,
            partner_db,
            network["vendor_login"],
            network["vendor_key"],
            messages,
        )

    return deliver


@pytest.fixture(scope="module")
def second_vendor(odoo_server, partner, partner_db, vendor_db):
    """A second vendor of the same partner, with its own key."""
    vendor_id, login, key = authorize(partner, "Second Sync Vendor")
    # Its connection is only received on here: its own login and key at the
    # second vendor do not matter (a login of its own avoids a clash).
    connection(
        partner, odoo_server, vendor_db, "vendor", vendor_id, f"{login}-2nd", key
    )
    return login, key


@pytest.fixture
def param(partner):
    """Set a system parameter of the partner's database for one test."""
    Param = partner.env["ir.config_parameter"]
    changed = []

    def set_param(name, value):
        changed.append(name)
        Param.set_param(name, value)

    yield set_param
    for name in changed:
        Param.set_param(name, False)


def test_a_message_id_is_unique_per_connection_not_per_database(
    odoo_server, partner, partner_db, send, second_vendor
):
    """A second sender using the ID of the first's message does not get the
    first's answer (its record, its ids) and its own message is applied."""
    first = _category("Inbox first sender's")
    mine = send([first])[first["uuid"]]
    assert mine["status"] == "done"
    theirs = dict(_category("Inbox second sender's", 880001), uuid=first["uuid"])
    login, key = second_vendor
    answer = receive(odoo_server, partner_db, login, key, [theirs])[first["uuid"]]
    assert answer["status"] == "done", "applied, not the first's duplicate"
    assert answer["remote_id"] != mine["remote_id"]
    assert _categories(partner, "Inbox second sender's") == [answer["remote_id"]]


def test_the_same_id_with_another_content_is_a_conflict(partner, send):
    wire = _category("Inbox original")
    first = send([wire])[wire["uuid"]]
    assert first["status"] == "done"
    forged = dict(_category("Inbox replaced", 880002), uuid=wire["uuid"])
    answer = send([forged])[wire["uuid"]]
    assert answer["status"] == "error"
    assert "conflict" in answer["message"]
    assert not _categories(partner, "Inbox replaced")
    again = send([wire])[wire["uuid"]]
    assert again == {**first, "status": "duplicate"}, "a true repeat: first answer"


def test_an_id_twice_in_a_batch_is_applied_once_and_answered_applied(partner, send):
    wire = _category("Inbox twice", 880003)
    answer = send([wire, dict(wire)])[wire["uuid"]]
    assert answer["status"] == "done"
    assert len(_categories(partner, "Inbox twice")) == 1
    other = _category("Inbox twice, other content", 880004)
    clash = dict(_category("Inbox twice, clash", 880005), uuid=other["uuid"])
    answer = send([other, clash])[other["uuid"]]
    assert answer["status"] == "error"
    assert "conflict" in answer["message"]
    assert not _categories(partner, "Inbox twice, other content")
    assert not _categories(partner, "Inbox twice, clash")


def test_messages_over_the_limit_of_a_call_are_refused_alone(partner, send, param):
    param("partner_relationship_sync.max_messages_per_call", "2")
    wires = [_category(f"Inbox limit {n}", 880010 + n) for n in range(3)]
    answers = send(wires)
    assert [answers[w["uuid"]]["status"] for w in wires] == ["done", "done", "error"]
    assert "limit of 2 messages per call" in answers[wires[2]["uuid"]]["message"]
    assert not _categories(partner, "Inbox limit 2")


def test_a_message_over_the_size_limit_is_refused_alone(partner, send, param):
    param("partner_relationship_sync.max_message_bytes", "1000")
    small, big = _category("Inbox small"), _category("Inbox big " + "x" * 2000)
    answers = send([small, big])
    assert answers[small["uuid"]]["status"] == "done"
    assert answers[big["uuid"]]["status"] == "error"
    assert "over the limit of 1000 bytes" in answers[big["uuid"]]["message"]


def test_ids_must_be_uuids_and_versions_integers(partner, send):
    good = _category("Inbox well formed", 880020)
    not_uuid = dict(_category("Inbox not a uuid", 880021), uuid="message-1")
    boolean = dict(_category("Inbox boolean version", 880022), version=True)
    answers = send([good, not_uuid, boolean])
    assert answers[good["uuid"]]["status"] == "done"
    assert "not a UUID" in answers["message-1"]["message"]
    assert "version" in answers[boolean["uuid"]]["message"]
    assert not _categories(partner, "Inbox not a uuid")
    assert not _categories(partner, "Inbox boolean version")


def test_a_database_error_in_one_message_fails_that_message_only(partner, send):
    """A phone number too long for its index (PostgreSQL refuses the row)
    fails its own offer; the offers around it are applied."""
    huge = "".join(uuid.uuid4().hex for _n in range(400))
    wires = [_offer("Inbox ok 1"), _offer("Inbox huge", huge), _offer("Inbox ok 2")]
    answers = send(wires)
    assert [answers[w["uuid"]]["status"] for w in wires] == ["done", "error", "done"]
    # The sender reads the error's code, not PostgreSQL's text (which names
    # the index and may quote other records' values).
    refusal = answers[wires[1]["uuid"]]["message"]
    assert "54000" in refusal
    assert "index" not in refusal.lower()
    Lead = partner.env["crm.lead"].with_context(active_test=False)
    assert Lead.search_count([("name", "in", ["Inbox ok 1", "Inbox ok 2"])]) == 2
    assert not Lead.search([("name", "=", "Inbox huge")])


def test_an_infinite_amount_fails_its_message_only(partner, send):
    """A value Odoo cannot round (an infinite revenue) is refused alone."""
    bad = _offer("Inbox infinite")
    bad["payload"]["expected_revenue"] = float("inf")
    good = _offer("Inbox finite")
    answers = send([bad, good])
    assert answers[bad["uuid"]]["status"] == "error"
    assert answers[good["uuid"]]["status"] == "done"


def test_the_callers_context_does_not_reach_an_archived_connection(
    odoo_server, vendor, vendor_db
):
    """A partner whose connection the vendor archived is refused, even when
    it asks, in its call's context, for archived records too."""
    reseller_id, login, key = authorize(
        vendor, "Archived Sync Reseller", is_channel_partner=True
    )
    link = connection(
        vendor, odoo_server, "elsewhere", "partner", reseller_id, login, key
    )
    link.write({"active": False})
    common = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/common")
    uid = common.authenticate(vendor_db, login, key, {})
    models = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/object")
    wire = {
        "uuid": str(uuid.uuid4()),
        "kind": "lead_answer",
        "version": 1,
        "payload": {},
    }
    with pytest.raises(xmlrpc.client.Fault, match="not the integration user"):
        models.execute_kw(
            vendor_db,
            uid,
            key,
            "prm.sync.api",
            "prm_sync_receive",
            [[wire]],
            {"context": {"active_test": False}},
        )


def test_a_company_with_two_connections_must_name_its_integration_users(
    odoo_server, vendor, vendor_db
):
    """A company that is both the vendor's partner and one of its vendors
    has two connections here: its key is refused until the connection it
    calls for names its integration user, and then acts through that one
    only (its side, its flows, its bindings)."""
    company_id, login, key = authorize(
        vendor, "Twin Sync Company", is_channel_partner=True
    )
    as_partner = connection(
        vendor, odoo_server, "twin-a", "partner", company_id, f"{login}-a", key
    )
    connection(vendor, odoo_server, "twin-b", "vendor", company_id, f"{login}-b", key)

    def deliver(kind):
        wire = {"uuid": str(uuid.uuid4()), "kind": kind, "version": 1, "payload": {}}
        return receive(odoo_server, vendor_db, login, key, [wire])[wire["uuid"]]

    with pytest.raises(xmlrpc.client.Fault, match="Several connections stand for"):
        deliver("lead_answer")
    (user_id,) = vendor.env["res.users"].search([("login", "=", login)])
    as_partner.write({"integration_user_id": user_id})
    assert "sent by the vendor's database only" in deliver("lead_offer")["message"]
    assert "database only" not in deliver("lead_answer")["message"]


def test_an_older_offer_never_brings_back_a_deleted_lead(partner, send):
    """The partner deleted an offered lead: a late older offer of it is
    discarded (not a new lead, the binding keeps its version); a newer one
    brings it back."""
    offer = _offer("Inbox deleted")
    assert send([offer])[offer["uuid"]]["status"] == "done"
    Lead = partner.env["crm.lead"].with_context(active_test=False)
    Lead.browse(Lead.search([("name", "=", "Inbox deleted")])).unlink()

    def again(version, name):
        return {
            **offer,
            "uuid": str(uuid.uuid4()),
            "version": version,
            "payload": {**offer["payload"], "name": name},
        }

    older = again(offer["version"] - 1, "Inbox deleted (older)")
    assert send([older])[older["uuid"]]["status"] == "stale"
    assert not Lead.search([("name", "like", "Inbox deleted")])
    newer = again(offer["version"] + 1, "Inbox deleted (newer)")
    assert send([newer])[newer["uuid"]]["status"] == "done"
    replay = again(offer["version"], "Inbox deleted (replayed)")
    assert send([replay])[replay["uuid"]]["status"] == "stale"
    assert Lead.search_count([("name", "like", "Inbox deleted")]) == 1
