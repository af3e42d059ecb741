# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Central catalogue and vendor-managed inventory between a vendor's and a
connected partner's databases, on a real Odoo server over XML-RPC: central
products, categories and the tier price list reach the partner read-only;
the partner shares its stock, sell-through and forecast; the vendor's
replenishment proposals are confirmed or rejected in the partner's database;
with the delivery guarantees (stale versions discarded, one apply per
message, refusals kept with the remote's message, a partner key confined to
its partner)."""

import uuid
from datetime import date

import pytest
from sync_network import messages as _messages
from sync_network import receive as _receive

NO_ARCHIVED = {"active_test": False}


def _templates(client, codes):
    """{internal reference: template record} in a database."""
    Template = client.env["product.template"].with_context(**NO_ARCHIVED)
    ids = Template.search([("default_code", "in", list(codes))])
    return {t.default_code: t for t in Template.browse(ids)}


def _bindings(client, connection_id, model):
    return client.env["prm.sync.binding"].search_read(
        [("connection_id", "=", connection_id), ("res_model", "=", model)],
        ["res_id", "remote_id", "version"],
    )


def _pending(client, connection, kind):
    return client.env["prm.sync.message"].search_read(
        [
            ("connection_id", "=", connection.id),
            ("kind", "=", kind),
            ("state", "=", "pending"),
        ],
        ["res_id"],
    )


@pytest.fixture(scope="module")
def catalogue(vendor, partner, network):
    """The vendor's central catalogue (two categories, two products, one
    product of its own that is not central) and the tier price list of
    Harbor, received by Harbor's database."""
    Category = vendor.env["product.category"]
    devices = Category.create({"name": "Sync Devices", "is_central": True})
    routers = Category.create(
        {"name": "Sync Routers", "parent_id": devices, "is_central": True}
    )
    Template = vendor.env["product.template"]
    router = Template.create(
        {
            "name": "Sync Router R1",
            "default_code": "SYNC-R1",
            "barcode": "5400000000011",
            "categ_id": routers,
            "list_price": 1200.0,
            "description_sale": "Dual-band router",
            "type": "consu",
            "is_central": True,
        }
    )
    switch = Template.create(
        {
            "name": "Sync Switch S48",
            "default_code": "SYNC-S48",
            "categ_id": devices,
            "list_price": 2400.0,
            "type": "consu",
            "is_central": True,
        }
    )
    Template.create({"name": "Sync vendor-only", "default_code": "SYNC-OWN"})
    to_partner = network["to_partner"]
    assert sorted(
        m["res_id"] for m in _pending(vendor, to_partner, "central_product")
    ) == sorted([router, switch]), (
        "one message per new central product, none for the others"
    )
    pricelist = vendor.env["product.pricelist"].create(
        {
            "name": "Sync Gold Prices",
            "is_central": True,
            "item_ids": [
                (
                    0,
                    0,
                    {
                        "applied_on": "1_product",
                        "product_tmpl_id": router,
                        "compute_price": "fixed",
                        "fixed_price": 950.0,
                    },
                ),
                (
                    0,
                    0,
                    {
                        "applied_on": "3_global",
                        "compute_price": "percentage",
                        "percent_price": 10.0,
                    },
                ),
            ],
        }
    )
    harbor = vendor.env["res.partner"].browse(network["harbor_id"])
    harbor.grade_id.write({"pricelist_id": pricelist})
    assert len(_pending(vendor, to_partner, "central_pricelist")) == 1
    to_partner.action_send_now()
    assert not _messages(vendor, "central_product", "failed")
    return {
        "router": router,
        "switch": switch,
        "devices": devices,
        "routers": routers,
        "pricelist": pricelist,
    }


def test_central_products_reach_the_partner_read_only(
    vendor, partner, network, catalogue
):
    to_vendor = network["to_vendor"]
    vendor_company = to_vendor.partner_id.id
    received = _templates(partner, ["SYNC-R1", "SYNC-S48", "SYNC-OWN"])
    assert sorted(received) == ["SYNC-R1", "SYNC-S48"]
    router = received["SYNC-R1"]
    assert router.name == "Sync Router R1"
    assert router.barcode == "5400000000011"
    assert router.list_price == 1200.0
    assert router.description_sale == "Dual-band router"
    assert router.uom_id.name == "Units"
    assert router.categ_id.complete_name == "Sync Devices / Sync Routers"
    assert router.is_storable, "the partner holds stock of the vendor's goods"
    for record in (router, router.categ_id, router.categ_id.parent_id):
        assert record.is_central
        assert record.central_owner_id.id == vendor_company
    assert received["SYNC-S48"].categ_id.complete_name == "Sync Devices"

    # Bound on both sides: template, variant and categories.
    templates = _bindings(partner, to_vendor.id, "product.template")
    assert sorted(b["remote_id"] for b in templates) == sorted(
        [catalogue["router"], catalogue["switch"]]
    )
    variants = _bindings(partner, to_vendor.id, "product.product")
    assert len(variants) == 2
    categories = _bindings(partner, to_vendor.id, "product.category")
    assert sorted(b["remote_id"] for b in categories) == sorted(
        [catalogue["devices"], catalogue["routers"]]
    )
    to_partner = network["to_partner"].id
    vendor_templates = _bindings(vendor, to_partner, "product.template")
    assert {b["res_id"]: b["remote_id"] for b in vendor_templates} == {
        catalogue["router"]: router.id,
        catalogue["switch"]: received["SYNC-S48"].id,
    }
    assert len(_bindings(vendor, to_partner, "product.product")) == 2
    assert len(_bindings(vendor, to_partner, "product.category")) == 2

    # The partner may read them and add its own, not change them.
    with pytest.raises(Exception, match="maintained centrally"):
        router.write({"list_price": 1.0})
    with pytest.raises(Exception, match="maintained centrally"):
        router.categ_id.write({"name": "Mine"})
    own = partner.env["product.template"].create(
        {"name": "Partner's cable", "categ_id": router.categ_id.id}
    )
    assert own


def test_the_tier_price_list_reaches_the_partner(vendor, partner, network, catalogue):
    Pricelist = partner.env["product.pricelist"]
    ids = Pricelist.search([("name", "=", "Sync Gold Prices")])
    assert len(ids) == 1
    pricelist = Pricelist.browse(ids[0])
    assert pricelist.is_central
    assert pricelist.central_owner_id.id == network["to_vendor"].partner_id.id
    router = _templates(partner, ["SYNC-R1"])["SYNC-R1"]
    items = sorted(
        pricelist.item_ids.read(
            ["applied_on", "product_tmpl_id", "fixed_price", "percent_price"]
        ),
        key=lambda i: i["applied_on"],
    )
    assert [(i["applied_on"], i["fixed_price"], i["percent_price"]) for i in items] == [
        ("1_product", 950.0, 0.0),
        ("3_global", 0.0, 10.0),
    ]
    assert items[0]["product_tmpl_id"][0] == router.id
    with pytest.raises(Exception, match="maintained centrally"):
        pricelist.item_ids[0].write({"fixed_price": 1.0})

    # A changed rule sends the list again, whole.
    vendor_list = vendor.env["product.pricelist"].browse(catalogue["pricelist"])
    rule = next(i for i in vendor_list.item_ids if i.applied_on == "1_product")
    rule.write({"fixed_price": 900.0})
    network["to_partner"].action_send_now()
    pricelist = Pricelist.browse(ids[0])
    assert sorted(
        i["fixed_price"] for i in pricelist.item_ids.read(["fixed_price"])
    ) == [
        0.0,
        900.0,
    ]
    assert len(Pricelist.search([("name", "=", "Sync Gold Prices")])) == 1


def test_changes_at_the_vendor_follow_batched_per_write(
    vendor, partner, network, catalogue
):
    Template = vendor.env["product.template"]
    both = Template.browse([catalogue["router"], catalogue["switch"]])
    both.write({"list_price": 999.0})
    pending = _pending(vendor, network["to_partner"], "central_product")
    assert sorted(m["res_id"] for m in pending) == sorted(both.ids)
    Template.browse(catalogue["router"]).write(
        {"name": "Sync Router R1 v2", "default_code": "SYNC-R1B"}
    )
    # Fields that do not matter to partners send nothing.
    Template.browse(catalogue["switch"]).write({"description": "internal note"})
    assert len(_pending(vendor, network["to_partner"], "central_product")) == 3
    vendor.env["product.category"].browse(catalogue["routers"]).write(
        {"name": "Sync Routers & APs"}
    )
    network["to_partner"].action_send_now()
    received = _templates(partner, ["SYNC-R1", "SYNC-R1B", "SYNC-S48"])
    assert sorted(received) == ["SYNC-R1B", "SYNC-S48"]
    assert received["SYNC-R1B"].name == "Sync Router R1 v2"
    assert received["SYNC-R1B"].list_price == 999.0
    assert received["SYNC-S48"].list_price == 999.0
    assert received["SYNC-R1B"].categ_id.name == "Sync Routers & APs"
    # Archived at the vendor, archived at the partner.
    Template.browse(catalogue["switch"]).write({"active": False})
    network["to_partner"].action_send_now()
    assert not _templates(partner, ["SYNC-S48"])["SYNC-S48"].active
    Template.browse(catalogue["switch"]).write({"active": True})
    network["to_partner"].action_send_now()
    assert _templates(partner, ["SYNC-S48"])["SYNC-S48"].active
    assert not _messages(vendor, "central_product", "failed")


def test_send_catalogue_pushes_everything_in_batches(
    vendor, partner, network, catalogue
):
    Template = vendor.env["product.template"]
    Template.create(
        [
            {
                "name": f"Sync bulk {n:03}",
                "default_code": f"SYNC-BULK-{n:03}",
                "categ_id": catalogue["devices"],
                "list_price": n,
                "is_central": True,
            }
            for n in range(120)
        ]
    )
    to_partner = network["to_partner"]
    Message = vendor.env["prm.sync.message"]
    Message.browse(
        Message.search(
            [("connection_id", "=", to_partner.id), ("state", "=", "pending")]
        )
    ).action_cancel()
    to_partner.action_prm_send_catalogue()
    # The connection's company's central products and the shared ones.
    central = Template.with_context(**NO_ARCHIVED).search_count(
        [
            ("is_central", "=", True),
            ("company_id", "in", [False, to_partner.company_id.id]),
        ]
    )
    assert len(_pending(vendor, to_partner, "central_product")) == central
    assert len(_pending(vendor, to_partner, "central_pricelist")) == 1
    to_partner.action_send_now()
    assert not _pending(vendor, to_partner, "central_product")
    assert not _messages(vendor, "central_product", "failed")
    bulk = partner.env["product.template"].search_count(
        [("default_code", "like", "SYNC-BULK-"), ("is_central", "=", True)]
    )
    assert bulk == 120
    # Sent again, nothing is duplicated.
    assert (
        len(_bindings(partner, network["to_vendor"].id, "product.template")) == central
    )


def test_a_stale_or_repeated_product_message_changes_nothing(
    odoo_server, vendor, partner, partner_db, network, catalogue
):
    template_binding = next(
        b
        for b in _bindings(partner, network["to_vendor"].id, "product.template")
        if b["remote_id"] == catalogue["switch"]
    )
    wire = {
        "uuid": str(uuid.uuid4()),
        "kind": "central_product",
        "version": 1,
        "payload": {
            "template_id": catalogue["switch"],
            "product_id": 0,
            "name": "Sync Switch (old)",
            "default_code": "SYNC-S48",
            "list_price": 1.0,
            "active": True,
            "type": "consu",
            "category": [[catalogue["devices"], "Sync Devices", False]],
            "uom": {"xmlid": "uom.product_uom_unit", "name": "Units"},
        },
    }
    args = (odoo_server, partner_db, network["vendor_login"], network["vendor_key"])
    answer = _receive(*args, [wire])[wire["uuid"]]
    assert answer["status"] == "stale"
    switch = _templates(partner, ["SYNC-S48"])["SYNC-S48"]
    assert switch.name == "Sync Switch S48"
    assert switch.list_price == 999.0

    # A new product, delivered twice, is created once.
    new = {
        **wire,
        "uuid": str(uuid.uuid4()),
        "version": 10**9,
        "payload": {
            **wire["payload"],
            "template_id": 10**8,
            "product_id": 10**8,
            "name": "Sync delivered twice",
            "default_code": "SYNC-TWICE",
        },
    }
    first = _receive(*args, [new])[new["uuid"]]
    again = _receive(*args, [new])[new["uuid"]]
    assert first["status"] == "done"
    assert again["status"] == "duplicate"
    assert again["remote_id"] == first["remote_id"]
    assert (
        len(
            partner.env["product.template"].search(
                [("default_code", "=", "SYNC-TWICE")]
            )
        )
        == 1
    )
    assert template_binding["version"] > 1


def test_a_product_the_partner_refuses_fails_alone_with_its_reason(
    vendor, partner, network, catalogue
):
    partner.env["product.template"].create(
        {"name": "Partner's own scanner", "barcode": "5400000000099"}
    )
    Template = vendor.env["product.template"]
    Template.create(
        [
            {
                "name": "Sync clashing barcode",
                "default_code": "SYNC-CLASH",
                "barcode": "5400000000099",
                "is_central": True,
            },
            {
                "name": "Sync fine product",
                "default_code": "SYNC-FINE",
                "is_central": True,
            },
        ]
    )
    network["to_partner"].action_send_now()
    failed = _messages(vendor, "central_product", "failed")
    assert len(failed) == 1
    assert "5400000000099" in failed[0]["last_error"]
    received = _templates(partner, ["SYNC-CLASH", "SYNC-FINE"])
    assert sorted(received) == ["SYNC-FINE"], "nothing of the refused one"
    Message = vendor.env["prm.sync.message"]
    Message.browse(Message.search([("uuid", "=", failed[0]["uuid"])])).action_cancel()


def test_a_local_change_that_slipped_through_is_overwritten_and_logged(
    vendor, partner, network, catalogue
):
    """A user of the vendor's company in the partner's database may change a
    central product there; the vendor's next update wins, and the lost
    value is logged."""
    vendor_company = network["to_vendor"].partner_id.id
    admin = partner.env.user
    own_company = admin.company_id.id
    company = partner.env["res.company"].create(
        {"name": "Sync vendor's office", "partner_id": vendor_company}
    )
    admin.write({"company_ids": [(4, company)], "company_id": company})
    try:
        switch = _templates(partner, ["SYNC-S48"])["SYNC-S48"]
        switch.write({"name": "Switch renamed here"})
    finally:
        partner.env.user.write({"company_id": own_company})
    vendor.env["product.template"].browse(catalogue["switch"]).write(
        {"list_price": 2600.0}
    )
    network["to_partner"].action_send_now()
    switch = _templates(partner, ["SYNC-S48"])["SYNC-S48"]
    assert switch.name == "Sync Switch S48"
    assert switch.list_price == 2600.0
    conflicts = partner.env["prm.sync.conflict"].search_read(
        [("res_model", "=", "product.template"), ("res_id", "=", switch.id)],
        ["field_name", "local_value", "remote_value", "winner"],
    )
    assert [
        (c["field_name"], c["local_value"], c["remote_value"], c["winner"])
        for c in conflicts
    ] == [("name", "Switch renamed here", "Sync Switch S48", "remote")]


# Vendor-managed inventory --------------------------------------------------------


def _stock_location(client):
    warehouse = client.env["stock.warehouse"].search([], limit=1)
    return client.env["stock.warehouse"].browse(warehouse).lot_stock_id


def _set_stock(client, product_id, quantity):
    location = _stock_location(client)
    Quant = client.env["stock.quant"].with_context(inventory_mode=True)
    quant = Quant.create(
        {
            "product_id": product_id,
            "location_id": location.id,
            "inventory_quantity": quantity,
        }
    )
    Quant.browse(quant).action_apply_inventory()
    return location


def _sell(client, product_id, quantity, deliver):
    customer = client.env["res.partner"].create({"name": "Sync end customer"})
    Order = client.env["sale.order"]
    order = Order.browse(
        Order.create(
            {
                "partner_id": customer,
                "order_line": [
                    (0, 0, {"product_id": product_id, "product_uom_qty": quantity})
                ],
            }
        )
    )
    order.action_confirm()
    if deliver:
        for picking in order.picking_ids:
            for move in picking.move_ids:
                move.write({"quantity": move.product_uom_qty, "picked": True})
            picking.button_validate()
    return order


def _vendor_product(vendor, template_id):
    return vendor.env["product.template"].browse(template_id).product_variant_id.id


def _partner_product(partner, code):
    return _templates(partner, [code])[code].product_variant_id.id


def _reports(vendor, harbor_id, product_id):
    return vendor.env["prm.vmi.report"].search_read(
        [("partner_id", "=", harbor_id), ("product_id", "=", product_id)],
        ["kind", "quantity", "location", "date_from", "date_to"],
    )


def _compute_proposals(vendor):
    vendor.env.ref("partner_relationship.ir_cron_vmi_proposals").method_direct_trigger()


@pytest.fixture(scope="module")
def shared(vendor, partner, network, catalogue):
    """Harbor holds 35 routers after selling 5 today, has 7 more sold and
    not delivered, and shares that with the vendor."""
    router = _partner_product(partner, "SYNC-R1B")
    location = _set_stock(partner, router, 40)
    _sell(partner, router, 5, deliver=True)
    _sell(partner, router, 7, deliver=False)
    network["to_vendor"].action_prm_share_inventory()
    network["to_vendor"].action_send_now()
    return {"location": location.complete_name, "router": router}


def test_the_partner_shares_stock_sell_through_and_forecast(
    vendor, partner, network, catalogue, shared
):
    assert not _messages(partner, "vmi_share", "failed")
    assert len(_messages(partner, "vmi_share", "done")) == 1
    router = _vendor_product(vendor, catalogue["router"])
    today = date.today().isoformat()
    figures = sorted(
        (r["kind"], r["quantity"], r["location"], r["date_from"])
        for r in _reports(vendor, network["harbor_id"], router)
    )
    assert figures == [
        ("forecast", 7.0, shared["location"], today),
        ("sales", 5.0, shared["location"], today),
        ("stock", 35.0, shared["location"], today),
    ]
    uploads = vendor.env["prm.vmi.upload"].search_read(
        [("partner_id", "=", network["harbor_id"])],
        ["state", "imported_count", "row_count"],
    )
    assert [(u["state"], u["imported_count"]) for u in uploads] == [("imported", 3)]


def test_a_share_the_vendor_refuses_imports_nothing(
    odoo_server, vendor, partner, vendor_db, network, catalogue, shared
):
    """A product without an internal reference at the vendor cannot be
    matched: the whole share fails with the vendor's reason."""
    Template = vendor.env["product.template"]
    Template.browse(catalogue["router"]).write({"default_code": False})
    try:
        _set_stock(partner, shared["router"], 50)
        network["to_vendor"].action_prm_share_inventory()
        network["to_vendor"].action_send_now()
        failed = _messages(partner, "vmi_share", "failed")
        assert len(failed) == 1
        assert "unknown product code" in failed[0]["last_error"]
        router = _vendor_product(vendor, catalogue["router"])
        stock = [
            r
            for r in _reports(vendor, network["harbor_id"], router)
            if r["kind"] == "stock"
        ]
        assert [r["quantity"] for r in stock] == [35.0], "nothing half-imported"
        assert (
            vendor.env["prm.vmi.upload"].search_count(
                [("partner_id", "=", network["harbor_id"])]
            )
            == 1
        )
    finally:
        Template.browse(catalogue["router"]).write({"default_code": "SYNC-R1B"})
        network["to_partner"].action_send_now()
        _set_stock(partner, shared["router"], 35)

    # An older share arriving late is discarded.
    wire = {
        "uuid": str(uuid.uuid4()),
        "kind": "vmi_share",
        "version": 1,
        "payload": {"figures": []},
    }
    answer = _receive(
        odoo_server, vendor_db, network["harbor_login"], network["harbor_key"], [wire]
    )[wire["uuid"]]
    assert answer["status"] == "stale"


def _replenishments(partner, **domain):
    Replenishment = partner.env["prm.vmi.replenishment"]
    ids = Replenishment.search(
        [(name, "=", value) for name, value in domain.items()], order="id"
    )
    return Replenishment.browse(ids)


def test_proposals_are_confirmed_or_rejected_in_the_partners_database(
    vendor, partner, network, catalogue, shared
):
    harbor = network["harbor_id"]
    router = _vendor_product(vendor, catalogue["router"])
    switch = _vendor_product(vendor, catalogue["switch"])
    Target = vendor.env["prm.vmi.target"]
    Target.create(
        [
            {"partner_id": harbor, "product_id": router, "min_qty": 50, "max_qty": 100},
            {"partner_id": harbor, "product_id": switch, "min_qty": 5, "max_qty": 20},
        ]
    )
    _compute_proposals(vendor)
    Proposal = vendor.env["prm.vmi.proposal"]
    open_ = Proposal.search_read(
        [("partner_id", "=", harbor), ("state", "=", "proposed")],
        ["product_id", "proposed_qty"],
    )
    assert sorted((p["product_id"][0], p["proposed_qty"]) for p in open_) == sorted(
        [(router, 65.0), (switch, 20.0)]
    )
    network["to_partner"].action_send_now()
    received = _replenishments(partner, state="proposed")
    assert sorted((r.product_id.default_code, r.proposed_qty) for r in received) == [
        ("SYNC-R1B", 65.0),
        ("SYNC-S48", 20.0),
    ]
    router_here = next(r for r in received if r.product_id.default_code == "SYNC-R1B")
    switch_here = next(r for r in received if r.product_id.default_code == "SYNC-S48")
    assert router_here.stock_qty == 35.0
    assert router_here.vendor_id.id == network["to_vendor"].partner_id.id

    router_here.write({"proposed_qty": 70})
    router_here.action_confirm()
    switch_here.action_reject()
    assert {
        r.state for r in _replenishments(partner, connection_id=network["to_vendor"].id)
    } == {"sent"}
    with pytest.raises(Exception, match="no longer awaiting"):
        switch_here.action_confirm()
    network["to_vendor"].action_send_now()
    assert not _messages(partner, "vmi_answer", "failed")

    decided = {
        p["product_id"][0]: p
        for p in Proposal.search_read(
            [
                (
                    "id",
                    "in",
                    [router_here.vendor_proposal_id, switch_here.vendor_proposal_id],
                )
            ],
            ["product_id", "state", "sale_order_id", "proposed_qty"],
        )
    }
    assert decided[router]["state"] == "confirmed"
    assert decided[router]["proposed_qty"] == 70.0
    assert decided[switch]["state"] == "rejected"
    order = vendor.env["sale.order"].browse(decided[router]["sale_order_id"][0])
    assert order.partner_id.id == harbor
    assert [
        (line.product_id.id, line.product_uom_qty) for line in order.order_line
    ] == [(router, 70.0)]
    router_here = partner.env["prm.vmi.replenishment"].browse(router_here.id)
    assert router_here.state == "confirmed"
    assert router_here.vendor_order == order.name
    assert (
        partner.env["prm.vmi.replenishment"].browse(switch_here.id).state == "rejected"
    )


def test_recomputed_proposals_withdraw_the_old_ones_and_a_late_answer_fails(
    odoo_server, vendor, partner, partner_db, network, catalogue, shared
):
    harbor = network["harbor_id"]
    _compute_proposals(vendor)
    network["to_partner"].action_send_now()
    before = _replenishments(partner, state="proposed")
    assert len(before) >= 1
    # The vendor recomputes while the partner answers a previous proposal.
    _compute_proposals(vendor)
    Order = vendor.env["sale.order"]
    orders_before = Order.search_count([("partner_id", "=", harbor)])
    late = before[0]
    late.action_confirm()
    network["to_vendor"].action_send_now()
    failed = _messages(partner, "vmi_answer", "failed")
    assert len(failed) == 1
    assert "no longer open" in failed[0]["last_error"]
    assert Order.search_count([("partner_id", "=", harbor)]) == orders_before
    network["to_partner"].action_send_now()
    Replenishment = partner.env["prm.vmi.replenishment"]
    assert {r.state for r in Replenishment.browse(before.ids)} == {"withdrawn"}
    after = _replenishments(partner, state="proposed")
    assert len(after) == len(before)
    assert not {r.vendor_proposal_id for r in after} & {
        r.vendor_proposal_id for r in before
    }
    Message = partner.env["prm.sync.message"]
    Message.browse(Message.search([("uuid", "=", failed[0]["uuid"])])).action_cancel()

    # An older set of proposals, arriving late, is discarded.
    wire = {
        "uuid": str(uuid.uuid4()),
        "kind": "vmi_proposals",
        "version": 1,
        "payload": {"partner_id": harbor, "open": [], "closed": []},
    }
    args = (odoo_server, partner_db, network["vendor_login"], network["vendor_key"])
    assert _receive(*args, [wire])[wire["uuid"]]["status"] == "stale"
    assert len(_replenishments(partner, state="proposed")) == len(after)

    # A proposal twice in the open ones is refused, nothing shown.
    proposal = {"proposal_id": 10**8, "product_id": 10**8, "proposed_qty": 5}
    twice = {
        "uuid": str(uuid.uuid4()),
        "kind": "vmi_proposals",
        "version": 10**9,
        "payload": {"partner_id": harbor, "open": [proposal, proposal], "closed": []},
    }
    answer = _receive(*args, [twice])[twice["uuid"]]
    assert answer["status"] == "error"
    assert "twice" in answer["message"]
    assert len(_replenishments(partner, state="proposed")) == len(after)


def test_a_partner_key_cannot_answer_another_partners_proposal(
    odoo_server, vendor, vendor_db, network, catalogue
):
    switch = _vendor_product(vendor, catalogue["switch"])
    vendor.env["prm.vmi.target"].create(
        {
            "partner_id": network["other_id"],
            "product_id": switch,
            "min_qty": 5,
            "max_qty": 10,
        }
    )
    _compute_proposals(vendor)
    Proposal = vendor.env["prm.vmi.proposal"]
    (other,) = Proposal.search(
        [("partner_id", "=", network["other_id"]), ("state", "=", "proposed")]
    )
    wire = {
        "uuid": str(uuid.uuid4()),
        "kind": "vmi_answer",
        "version": 10**9,
        # Harbor can only name its own replenishments: another partner's
        # proposal is bound to none of them.
        "payload": {"replenishment_id": other, "answer": "confirm", "quantity": 10},
    }
    answer = _receive(
        odoo_server, vendor_db, network["harbor_login"], network["harbor_key"], [wire]
    )[wire["uuid"]]
    assert answer["status"] == "retry"
    assert "is not known here" in answer["message"]
    assert Proposal.browse(other).state == "proposed"
    assert not vendor.env["sale.order"].search(
        [("partner_id", "=", network["other_id"])]
    )
