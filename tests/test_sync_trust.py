# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The receiving database decides who may say what. Each message kind is
sent by one side only (or both); a message of a kind sent from the wrong side,
with the sender's own valid key, is refused before anything is applied:
nothing is written, nothing is queued onward to other databases."""

import uuid
import xmlrpc.client

import pytest
from sync_network import FaultyProxy, partner_link, receive

# Who may send each kind: the specification this test holds the suite to.
VENDOR_SENDS = {
    "lead_offer",
    "lead_recall",
    "order_status",
    "registration_status",
    "partner_tier",
    "agreement_update",
    "fund_allocation",
    "fund_request_decision",
    "fund_claim_state",
    "service_status",
    "warranty_decision",
    "central_category",
    "central_product",
    "central_pricelist",
    "vmi_proposals",
}
PARTNER_SENDS = {
    "lead_answer",
    "lead_progress",
    "order_place",
    "order_cancel",
    "registration_submit",
    "registration_withdraw",
    "agreement_sign",
    "fund_request",
    "fund_claim",
    "service_request",
    "warranty_claim",
    "vmi_share",
    "vmi_answer",
}
BOTH_SEND = {"service_reply"}

FORGED = f"Forged {uuid.uuid4().hex[:8]}"


def _forged_payloads(vendor):
    """Messages an attacker holding a partner's key would send the vendor
    (or the vendor's key, a partner): shaped as the genuine ones, so that
    only the side check stands between them and the database."""
    category = vendor.env.ref("product.product_category_all")
    return {
        "lead_offer": {
            "lead_id": 990001,
            "name": FORGED,
            "partner_name": FORGED,
            "contact_name": "Mallory",
            "email_from": "mallory@example.com",
            "expected_revenue": 1.0,
            "country_code": False,
            "deadline": False,
        },
        "central_category": {
            # The vendor's own category, by its XML id: renamed without the fix.
            "category": [[990002, FORGED, "product.product_category_all"]],
        },
        "central_product": {
            "template_id": 990003,
            "product_id": 990004,
            "name": FORGED,
            "default_code": FORGED,
            "barcode": False,
            "list_price": 1.0,
            "active": True,
            "type": "consu",
            "category": [[category.id, category.name, "product.product_category_all"]],
            "uom": {
                "xmlid": "uom.product_uom_unit",
                "name": "Units",
                "category": "Unit",
            },
        },
        "central_pricelist": {
            "pricelist_id": 990005,
            "name": FORGED,
            "currency": "USD",
            "items": [],
        },
        "partner_tier": {"partner_id": 990006, "tier": FORGED, "pricelist": False},
        "fund_allocation": {
            "allocation_id": 990007,
            "name": FORGED,
            "program": False,
            "date_start": "2026-01-01",
            "date_end": "2026-12-31",
            "fund_state": "open",
            "currency": "USD",
            "amount": 1000000.0,
            "requested": 0.0,
            "approved": 0.0,
            "claimed": 0.0,
            "paid": 0.0,
            "remaining": 1000000.0,
        },
        "agreement_update": {
            "agreement_id": 990008,
            "name": FORGED,
            "program_name": False,
            "date_start": "2026-01-01",
            "date_end": "2027-01-01",
            "state": "signed",
            "date_signed": False,
            "signed_by": False,
            "terms_document": False,
            "terms_filename": False,
        },
        "vmi_proposals": {
            "open": [
                {
                    "proposal_id": 990009,
                    "product_id": 990010,
                    "date": "2026-12-01",
                    "quantity": 1000,
                }
            ],
            "closed": [],
        },
        "service_request": {
            "ticket_id": 990011,
            "name": FORGED,
            "description": "<p>Forged by the vendor's key</p>",
            "priority": "1",
        },
    }


def _wire(kind, payload):
    return {
        "uuid": str(uuid.uuid4()),
        "kind": kind,
        "version": 10**9,
        "payload": payload,
    }


def _nothing_written(client, wire, outbox_before):
    """The refused message left no trace and queued nothing onward."""
    assert not client.env["prm.sync.inbox"].search([("uuid", "=", wire["uuid"])])
    assert client.env["prm.sync.message"].search_count([]) == outbox_before, (
        "nothing queued onward"
    )


def _forged_records(client):
    """Records named like the forgeries, in every model a forgery aims at."""
    found = {}
    for model, field in (
        ("crm.lead", "name"),
        ("product.template", "name"),
        ("product.category", "name"),
        ("product.pricelist", "name"),
        ("helpdesk.ticket", "name"),
        ("prm.sync.conflict", "remote_value"),
    ):
        Model = client.env[model]
        ids = Model.with_context(active_test=False).search([(field, "ilike", FORGED)])
        if ids:
            found[model] = ids
    return found


def test_every_kind_declares_who_sends_it(vendor):
    kinds = {
        kind
        for kind, _label in vendor.env["prm.sync.message"].fields_get(["kind"])["kind"][
            "selection"
        ]
    }
    assert kinds == VENDOR_SENDS | PARTNER_SENDS | BOTH_SEND


def _send_from_the_wrong_side(server, client, database, login, key, kind, side):
    """Deliver a forged message of `kind` with a valid key of the side that
    may not send it: refused before anything is applied, leaving no trace
    and queueing nothing onward."""
    wire = _wire(kind, _forged_payloads(client).get(kind, {}))
    outbox_before = client.env["prm.sync.message"].search_count([])
    answer = receive(server, database, login, key, [wire])[wire["uuid"]]
    assert answer["status"] == "error"
    assert f"sent by the {side}'s database only" in answer["message"]
    _nothing_written(client, wire, outbox_before)
    assert not _forged_records(client)


@pytest.mark.parametrize("kind", sorted(VENDOR_SENDS))
def test_a_partners_key_cannot_send_what_only_the_vendor_sends(
    odoo_server, vendor, vendor_db, network, kind
):
    """With Harbor's own integration key, the vendor's database is sent a
    message only the vendor may send: refused, nothing written, nothing
    queued onward to the other partners."""
    tier_before = vendor.env["res.partner"].read([network["harbor_id"]], ["grade_id"])
    _send_from_the_wrong_side(
        odoo_server,
        vendor,
        vendor_db,
        network["harbor_login"],
        network["harbor_key"],
        kind,
        "vendor",
    )
    assert vendor.env.ref("product.product_category_all").name == "All"
    assert (
        vendor.env["res.partner"].read([network["harbor_id"]], ["grade_id"])
        == tier_before
    )
    assert not vendor.env["prm.vendor.fund"].search([("name", "=", FORGED)])
    assert not vendor.env["prm.sync.agreement"].search([("name", "=", FORGED)])
    assert not vendor.env["prm.vmi.replenishment"].search([("proposed_qty", "=", 1000)])


@pytest.mark.parametrize("kind", sorted(PARTNER_SENDS))
def test_the_vendors_key_cannot_send_what_only_a_partner_sends(
    odoo_server, partner, partner_db, network, kind
):
    """With the vendor's integration key, the partner's database is sent a
    message only a partner may send (e.g. a ticket escalated to it):
    refused, nothing written, nothing queued."""
    _send_from_the_wrong_side(
        odoo_server,
        partner,
        partner_db,
        network["vendor_login"],
        network["vendor_key"],
        kind,
        "partner",
    )


def test_a_kind_sent_by_both_sides_is_refused_only_for_its_content(
    odoo_server, vendor_db, network
):
    """A reply travels both ways: its side is accepted, and a reply to a
    ticket the caller never escalated is refused for that reason."""
    wire = _wire(
        "service_reply",
        {"model": "helpdesk.ticket", "sender_id": 990012, "body": "<p>Hello</p>"},
    )
    answer = receive(
        odoo_server,
        vendor_db,
        network["harbor_login"],
        network["harbor_key"],
        [wire],
    )[wire["uuid"]]
    assert answer["status"] == "retry"
    assert "database only" not in answer["message"]


def test_a_partners_answer_binds_only_the_records_that_were_sent(
    odoo_server, vendor, partner_db, network
):
    """The partner's database answers the vendor's central products naming
    other records of the vendor (a product and a category it was never
    sent): the vendor binds only what it sent, so the partner cannot make
    the vendor's other records its own."""
    Category = vendor.env["product.category"]
    central = Category.create({"name": f"{FORGED} central", "is_central": True})
    secret_category = Category.create({"name": f"{FORGED} secret"})
    Template = vendor.env["product.template"]
    Template.create(
        {
            "name": f"{FORGED} catalogue",
            "default_code": f"{FORGED}-C",
            "categ_id": central,
            "is_central": True,
        }
    )
    secret = Template.browse(
        Template.create({"name": f"{FORGED} secret", "categ_id": secret_category})
    )
    secret_variant = secret.product_variant_id.id
    reseller = vendor.env["res.partner"].create(
        {"name": f"{FORGED} reseller", "is_company": True, "is_channel_partner": True}
    )
    proxy = FaultyProxy(odoo_server.port)

    def forge(answers):
        for answer in answers.values():
            if "variant" in answer:
                answer["variant"] = secret_variant
                answer.setdefault("categories", {})[str(secret_category)] = 777
        return answers

    proxy.rewrite = forge
    try:
        link = partner_link(vendor, proxy, partner_db, reseller, network)
        link.action_prm_send_catalogue()
        link.action_send_now()
        bound = {
            (b["res_model"], b["res_id"])
            for b in vendor.env["prm.sync.binding"].search_read(
                [("connection_id", "=", link.id)], ["res_model", "res_id"]
            )
        }
        assert ("product.category", central) in bound, "what was sent is bound"
        assert ("product.product", secret_variant) not in bound
        assert ("product.category", secret_category) not in bound
    finally:
        proxy.close()


def test_an_xml_id_in_a_message_never_reaches_a_central_record(
    odoo_server, partner, partner_db, network
):
    """The vendor's key names, by its XML id, a central category the partner
    maintains itself: the partner's category is neither bound to the vendor
    nor renamed by its later messages; the vendor's category is its own."""
    own = partner.env["product.category"].create(
        {"name": f"{FORGED} partner's own", "is_central": True}
    )
    xmlid = f"__prm_test__.category_{own}"
    module, name = xmlid.split(".")
    partner.env["ir.model.data"].create(
        {"module": module, "name": name, "model": "product.category", "res_id": own}
    )
    for version, label in ((10**9, "taken"), (10**9 + 1, "renamed")):
        wire = _wire("central_category", {"category": [[990020, label, xmlid]]})
        wire["version"] = version
        answer = receive(
            odoo_server,
            partner_db,
            network["vendor_login"],
            network["vendor_key"],
            [wire],
        )[wire["uuid"]]
        assert answer.get("status") == "done", answer
        assert answer["remote_id"] != own
    assert partner.env["product.category"].read([own], ["name"])[0]["name"] == (
        f"{FORGED} partner's own"
    )


def _call(server, database, login, key, model, method, *args):
    common = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/common")
    uid = common.authenticate(database, login, key, {})
    models = xmlrpc.client.ServerProxy(f"{server.url}/xmlrpc/2/object", allow_none=True)
    return models.execute_kw(database, uid, key, model, method, list(args), {})


# What an integration key could try outside the protocol: the sync's own
# records, and the records the protocol writes for it (as superuser, after
# its checks). Each is refused: the key reaches the database through
# prm_sync_receive and prm_sync_info only (and what a portal user may read).
DIRECT_CALLS = [
    ("prm.sync.binding", "search_read", [[]], ["remote_id"]),
    ("prm.sync.inbox", "search_read", [[]], ["uuid"]),
    ("prm.sync.connection", "search_read", [[]], ["name"]),
    ("prm.sync.message", "search_read", [[]], ["payload"]),
    ("prm.sync.conflict", "search_read", [[]], ["local_value"]),
    ("crm.lead", "create", [{"name": FORGED}]),
    ("product.template", "create", [{"name": FORGED}]),
    ("product.pricelist", "create", [{"name": FORGED}]),
    ("res.partner.grade", "create", [{"name": FORGED}]),
    ("prm.sync.flow", "_prm_apply_upsert_many", [[]]),
    ("prm.sync.lead.flow", "_prm_apply_offer_many", [[]]),
]


@pytest.mark.parametrize(
    "model,method,args",
    [(model, method, args) for model, method, *args in DIRECT_CALLS],
    ids=[f"{model}.{method}" for model, method, *_args in DIRECT_CALLS],
)
@pytest.mark.parametrize(
    "side", ["partner key at the vendor", "vendor key at a partner"]
)
def test_an_integration_key_reaches_nothing_outside_the_protocol(
    odoo_server,
    vendor,
    partner,
    vendor_db,
    partner_db,
    network,
    side,
    model,
    method,
    args,
):
    if side.startswith("partner"):
        client, database = vendor, vendor_db
        login, key = network["harbor_login"], network["harbor_key"]
    else:
        client, database = partner, partner_db
        login, key = network["vendor_login"], network["vendor_key"]
    with pytest.raises(xmlrpc.client.Fault):
        _call(odoo_server, database, login, key, model, method, *args)
    if method == "create":
        assert not client.env[model].search_count([("name", "=", FORGED)])


def test_an_integration_key_cannot_write_the_records_sync_brought(
    odoo_server, vendor, partner, vendor_db, partner_db, network
):
    """The leads and central records the vendor's key made at the partner
    (as superuser, after the flow's checks) are not the key's to write
    directly: the protocol's versions and fields are the only way in."""
    lead = vendor.env["crm.lead"].create({"name": f"{FORGED} direct"})
    for model, record_id in (
        ("crm.lead", lead),
        ("res.partner", network["harbor_id"]),
    ):
        with pytest.raises(xmlrpc.client.Fault):
            _call(
                odoo_server,
                vendor_db,
                network["harbor_login"],
                network["harbor_key"],
                model,
                "write",
                [record_id],
                {"name": FORGED},
            )
        assert vendor.env[model].browse(record_id).name != FORGED
    purchase_ids = partner.env["purchase.order"].search([], limit=1)
    connection_ids = partner.env["prm.sync.connection"].search([], limit=1)
    for model, values, ids in (
        ("purchase.order", {"prm_vendor_order": FORGED}, purchase_ids),
        ("prm.sync.connection", {"prm_vendor_tier": FORGED}, connection_ids),
    ):
        with pytest.raises(xmlrpc.client.Fault):
            _call(
                odoo_server,
                partner_db,
                network["vendor_login"],
                network["vendor_key"],
                model,
                "write",
                ids or [1],
                values,
            )
