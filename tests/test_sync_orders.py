# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Indirect orders between a connected partner's and its vendor's databases,
on a real Odoo server over XML-RPC: the partner's confirmed purchase order
becomes the vendor's sale order at the partner's tier prices; the vendor's
confirmation, deliveries, invoice and payment come back to the purchase
order; cancellations; and the delivery guarantees (one apply per message,
stale versions discarded, refusals kept with the vendor's message and
nothing half-written, a partner's key confined to its own orders)."""

import uuid

import pytest
from sync_network import messages as _messages
from sync_network import receive as _receive


@pytest.fixture(scope="module")
def catalog(vendor, partner, network):
    """The vendor's central products, Harbor's tier price for one of them,
    and the partner's own products: the router bound to the vendor's (as the
    product sync binds them), the switch known by the same reference, a
    cable the vendor does not sell."""
    VendorProduct = vendor.env["product.product"]
    router = VendorProduct.create(
        {
            "name": "Sync Router",
            "default_code": "SYNC-RTR",
            "list_price": 100.0,
            "is_central": True,
            "sale_ok": True,
            "type": "consu",
        }
    )
    switch = VendorProduct.create(
        {
            "name": "Sync Switch",
            "default_code": "SYNC-SW",
            "list_price": 50.0,
            "is_central": True,
            "sale_ok": True,
            "type": "consu",
        }
    )
    pricelist = vendor.env["product.pricelist"].create(
        {
            "name": "Sync Gold prices",
            "item_ids": [
                (
                    0,
                    0,
                    {
                        "applied_on": "0_product_variant",
                        "product_id": router,
                        "compute_price": "fixed",
                        "fixed_price": 80.0,
                    },
                )
            ],
        }
    )
    vendor.env["res.partner"].browse(network["harbor_id"]).write(
        {"property_product_pricelist": pricelist}
    )
    PartnerProduct = partner.env["product.product"]
    own = {
        "router": PartnerProduct.create(
            {"name": "Aurora router (ours)", "default_code": "NW-ROUTER"}
        ),
        "switch": PartnerProduct.create(
            {"name": "Aurora switch (ours)", "default_code": "SYNC-SW"}
        ),
        "cable": PartnerProduct.create(
            {"name": "Mystery cable", "default_code": "NW-CABLE"}
        ),
    }
    vendor.env["prm.sync.binding"].create(
        {
            "connection_id": network["to_partner"].id,
            "res_model": "product.product",
            "res_id": router,
            "remote_id": own["router"],
        }
    )
    customer = partner.env["res.partner"].create(
        {
            "name": "Fjord Clinic",
            "is_company": True,
            "email": "buy@fjord-clinic.example.com",
            "city": "Bergen",
        }
    )
    return {
        "router": router,
        "switch": switch,
        "own": own,
        "customer": customer,
        "vendor_company": network["to_vendor"].partner_id.id,
    }


def _place(partner, catalog, lines, customer=None, dropship=False):
    """The partner buys from its vendor for an end customer and confirms."""
    customer = customer or catalog["customer"]
    values = {
        "partner_id": catalog["vendor_company"],
        "order_line": [
            (
                0,
                0,
                {
                    "product_id": catalog["own"][key],
                    "product_qty": qty,
                    "price_unit": 999.0,
                },
            )
            for key, qty in lines
        ],
    }
    if dropship:
        values["dest_address_id"] = customer
    else:
        values["prm_end_customer_id"] = customer
    Order = partner.env["purchase.order"]
    order_id = Order.create(values)
    Order.browse(order_id).button_confirm()
    return Order.browse(order_id)


def _vendor_order(vendor, purchase):
    SaleOrder = vendor.env["sale.order"]
    ids = SaleOrder.search([("client_order_ref", "=", purchase.name)])
    assert len(ids) <= 1, f"{len(ids)} vendor orders for {purchase.name}"
    return SaleOrder.browse(ids) if ids else None


def _order_messages(client, kind, res_id, state=None):
    return [m for m in _messages(client, kind, state) if m["res_id"] == res_id]


def _notes(partner, purchase):
    return partner.env["mail.message"].search_read(
        [
            ("model", "=", "purchase.order"),
            ("res_id", "=", purchase.id),
            ("body", "ilike", "Vendor order"),
        ],
        ["body"],
    )


def _deliver(vendor, picking, quantities):
    """The vendor ships {product id: quantity} of a delivery (the rest, if
    any, in a backorder)."""
    for move in picking.move_ids:
        move.write({"quantity": quantities.get(move.product_id.id, 0.0)})
    picking.with_context(skip_backorder=True).button_validate()


def test_order_reaches_the_vendor_and_its_progress_comes_back(
    vendor, partner, network, catalog
):
    purchase = _place(partner, catalog, [("router", 3), ("switch", 2)])
    assert purchase.prm_vendor_state == "sent"
    assert [
        m["state"] for m in _order_messages(partner, "order_place", purchase.id)
    ] == ["pending"]
    network["to_vendor"].action_send_now()
    assert [
        m["state"] for m in _order_messages(partner, "order_place", purchase.id)
    ] == ["done"]

    # The vendor's order: for Harbor, at its tier prices, for its customer.
    sale = _vendor_order(vendor, purchase)
    assert sale.state == "sale"
    assert sale.partner_id.id == network["harbor_id"]
    assert sale.partner_shipping_id.id == network["harbor_id"]
    assert sale.end_customer_id.name == "Fjord Clinic"
    assert sale.end_customer_id.end_customer_of_id.id == network["harbor_id"]
    assert sale.end_customer_id.city == "Bergen"
    assert [
        (line.product_id.id, line.product_uom_qty, line.price_unit)
        for line in sale.order_line
    ] == [(catalog["router"], 3.0, 80.0), (catalog["switch"], 2.0, 50.0)]
    assert sale.amount_untaxed == 340.0

    # Its confirmation on the purchase order, which keeps its own prices.
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert purchase.prm_vendor_order == sale.name
    assert purchase.prm_vendor_state == "sale"
    assert purchase.prm_vendor_delivery == "pending"
    assert purchase.prm_vendor_invoice == "to invoice"
    assert purchase.prm_vendor_amount_untaxed == 340.0
    assert purchase.prm_vendor_amount_total == sale.amount_total
    assert [line.prm_vendor_price_unit for line in purchase.order_line] == [80.0, 50.0]
    assert [line.price_unit for line in purchase.order_line] == [999.0, 999.0]
    assert not purchase.prm_vendor_error
    assert len(_notes(partner, purchase)) == 1
    assert sale.name in _notes(partner, purchase)[0]["body"]

    # A partial delivery, then the rest.
    _deliver(vendor, sale.picking_ids[0], {catalog["router"]: 2, catalog["switch"]: 2})
    network["to_partner"].action_send_now()
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert purchase.prm_vendor_delivery == "partial"
    assert [line.prm_vendor_qty_delivered for line in purchase.order_line] == [2.0, 2.0]
    with pytest.raises(Exception, match="already delivered"):
        purchase.button_cancel()
    backorder = vendor.env["stock.picking"].search(
        [("sale_id", "=", sale.id), ("state", "not in", ("done", "cancel"))]
    )
    assert len(backorder) == 1
    _deliver(
        vendor, vendor.env["stock.picking"].browse(backorder), {catalog["router"]: 1}
    )
    network["to_partner"].action_send_now()
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert purchase.prm_vendor_delivery == "full"
    assert [line.prm_vendor_qty_delivered for line in purchase.order_line] == [3.0, 2.0]

    # Invoiced, then paid.
    Wizard = vendor.env["sale.advance.payment.inv"].with_context(
        active_model="sale.order", active_ids=[sale.id], active_id=sale.id
    )
    Wizard.browse(
        Wizard.create({"advance_payment_method": "delivered"})
    ).create_invoices()
    # (no odoorpc browse of invoiced orders and invoices: it reads every
    # field, and one of them JSON-RPC cannot encode)
    ((invoice_id,),) = [
        order["invoice_ids"]
        for order in vendor.env["sale.order"].read([sale.id], ["invoice_ids"])
    ]
    vendor.execute("account.move", "action_post", [invoice_id])
    network["to_partner"].action_send_now()
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert purchase.prm_vendor_invoice == "invoiced"
    context = {
        "active_model": "account.move",
        "active_ids": [invoice_id],
        "dont_redirect_to_payments": True,
    }
    register_id = vendor.execute_kw(
        "account.payment.register", "create", [{}], {"context": context}
    )
    vendor.execute_kw(
        "account.payment.register",
        "action_create_payments",
        [[register_id]],
        {"context": context},
    )
    network["to_partner"].action_send_now()
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert purchase.prm_vendor_invoice == "paid"
    assert purchase.prm_vendor_state == "sale"

    # Each change once, in order; nothing refused.
    assert len(_notes(partner, purchase)) == 5
    statuses = _order_messages(vendor, "order_status", sale.id)
    assert statuses and {m["state"] for m in statuses} == {"done"}


def test_the_vendors_change_to_a_confirmed_order_reaches_the_partner(
    vendor, partner, network, catalog
):
    purchase = _place(partner, catalog, [("router", 1), ("switch", 1)])
    network["to_vendor"].action_send_now()
    sale = _vendor_order(vendor, purchase)
    router_line = sale.order_line[0]
    sale.write({"order_line": [(1, router_line.id, {"price_unit": 70.0})]})
    network["to_partner"].action_send_now()
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert purchase.prm_vendor_amount_untaxed == 120.0
    assert [line.prm_vendor_price_unit for line in purchase.order_line] == [70.0, 50.0]
    assert [line.price_unit for line in purchase.order_line] == [999.0, 999.0]


def test_dropship_order_delivers_to_the_known_end_customer(
    vendor, partner, network, catalog
):
    """The dropship address is the end customer; the vendor delivers to it,
    and recognises the customer it already knows."""
    purchase = _place(partner, catalog, [("switch", 4)], dropship=True)
    assert purchase.prm_end_customer_id.id == catalog["customer"]
    network["to_vendor"].action_send_now()
    sale = _vendor_order(vendor, purchase)
    customers = vendor.env["res.partner"].search(
        [
            ("end_customer_of_id", "=", network["harbor_id"]),
            ("name", "=", "Fjord Clinic"),
        ]
    )
    assert len(customers) == 1, "one end customer for both orders"
    assert sale.end_customer_id.id == customers[0]
    assert sale.partner_shipping_id.id == customers[0]
    assert [(line.product_id.id, line.product_uom_qty) for line in sale.order_line] == [
        (catalog["switch"], 4.0)
    ]


def test_an_unknown_product_refuses_the_whole_order(vendor, partner, network, catalog):
    """A line the vendor cannot match: the message fails with the vendor's
    reason naming the product, the purchase order shows it, nothing is
    created at the vendor; cancelling the order then withdraws it."""
    customer = partner.env["res.partner"].create(
        {"name": "Lagoon Hotel", "is_company": True}
    )
    orders_before = vendor.env["sale.order"].search_count([])
    purchase = _place(
        partner, catalog, [("switch", 1), ("cable", 5)], customer=customer
    )
    network["to_vendor"].action_send_now()
    failed = _order_messages(partner, "order_place", purchase.id, "failed")
    assert len(failed) == 1
    assert "Mystery cable" in failed[0]["last_error"]
    assert "matches no product" in failed[0]["last_error"]
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert "The vendor refused this order" in purchase.prm_vendor_error
    assert "Mystery cable" in purchase.prm_vendor_error
    assert purchase.prm_vendor_state == "sent"
    assert vendor.env["sale.order"].search_count([]) == orders_before
    assert not vendor.env["res.partner"].search([("name", "=", "Lagoon Hotel")])
    purchase.button_cancel()
    assert not _order_messages(partner, "order_cancel", purchase.id)
    assert [
        m["state"] for m in _order_messages(partner, "order_place", purchase.id)
    ] == ["cancelled"]
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert purchase.state == "cancel"
    assert not purchase.prm_vendor_error


def test_a_refusal_after_the_customer_was_recorded_leaves_nothing(
    vendor, partner, network, catalog
):
    """The vendor records the new end customer, then refuses a line: the
    customer, its binding and the order are all rolled back."""
    customer = partner.env["res.partner"].create(
        {"name": "Harbourside Hotel", "is_company": True}
    )
    orders_before = vendor.env["sale.order"].search_count([])
    purchase = _place(partner, catalog, [("switch", 0)], customer=customer)
    network["to_vendor"].action_send_now()
    failed = _order_messages(partner, "order_place", purchase.id, "failed")
    assert len(failed) == 1
    assert "needs a positive quantity" in failed[0]["last_error"]
    assert vendor.env["sale.order"].search_count([]) == orders_before
    assert not vendor.env["res.partner"].search([("name", "=", "Harbourside Hotel")])
    assert not vendor.env["prm.sync.binding"].search(
        [("res_model", "=", "res.partner"), ("remote_id", "=", customer)]
    )
    assert (
        "positive quantity"
        in partner.env["purchase.order"].browse(purchase.id).prm_vendor_error
    )


def test_an_order_for_nobody_is_not_confirmed(partner, catalog):
    Order = partner.env["purchase.order"]
    order_id = Order.create(
        {
            "partner_id": catalog["vendor_company"],
            "order_line": [
                (0, 0, {"product_id": catalog["own"]["switch"], "product_qty": 1})
            ],
        }
    )
    with pytest.raises(Exception, match="choose the End Customer"):
        Order.browse(order_id).button_confirm()
    assert Order.browse(order_id).state == "draft"
    assert not _order_messages(partner, "order_place", order_id)


def test_cancel_reaches_the_vendor(vendor, partner, network, catalog):
    purchase = _place(partner, catalog, [("router", 1)])
    network["to_vendor"].action_send_now()
    sale = _vendor_order(vendor, purchase)
    assert sale.state == "sale"
    purchase.button_cancel()
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert purchase.state == "cancel"
    assert purchase.prm_vendor_state == "cancel_requested"
    network["to_vendor"].action_send_now()
    assert [
        m["state"] for m in _order_messages(partner, "order_cancel", purchase.id)
    ] == ["done"]
    sale = vendor.env["sale.order"].browse(sale.id)
    assert sale.state == "cancel"
    assert {p.state for p in sale.picking_ids} == {"cancel"}
    network["to_partner"].action_send_now()
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert purchase.prm_vendor_state == "cancel"
    assert not purchase.prm_vendor_error


def test_cancel_after_the_vendor_delivered_is_refused(
    vendor, partner, network, catalog
):
    """The partner cancels while the vendor's delivery is on its way: the
    vendor refuses, its order stands and the purchase order shows why."""
    purchase = _place(partner, catalog, [("switch", 2)])
    network["to_vendor"].action_send_now()
    sale = _vendor_order(vendor, purchase)
    _deliver(vendor, sale.picking_ids[0], {catalog["switch"]: 2})
    purchase.button_cancel()
    network["to_vendor"].action_send_now()
    failed = _order_messages(partner, "order_cancel", purchase.id, "failed")
    assert len(failed) == 1
    assert "already delivered" in failed[0]["last_error"]
    assert vendor.env["sale.order"].browse(sale.id).state == "sale"
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert "The vendor refused to cancel its order" in purchase.prm_vendor_error
    assert "already delivered" in purchase.prm_vendor_error
    network["to_partner"].action_send_now()
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert purchase.prm_vendor_state == "sale"
    assert purchase.prm_vendor_delivery == "full"


def _status_wire(purchase, sale_id, version, delivery, message_uuid=None):
    return {
        "uuid": message_uuid or str(uuid.uuid4()),
        "kind": "order_status",
        "version": version,
        "payload": {
            "partner_order_id": purchase.id,
            "vendor_order_id": sale_id,
            "name": "S-HAND-1",
            "state": "sale",
            "currency": "USD",
            "amount_untaxed": 50.0,
            "amount_total": 50.0,
            "delivery": delivery,
            "invoice": "to invoice",
            "lines": [
                {
                    "partner_line_id": purchase.order_line[0].id,
                    "qty_delivered": 1.0 if delivery == "full" else 0.0,
                    "price_unit": 50.0,
                    "discount": 0.0,
                }
            ],
        },
    }


def test_vendor_status_delivered_twice_or_late_is_applied_once(
    odoo_server, vendor, partner, partner_db, network, catalog
):
    purchase = _place(partner, catalog, [("switch", 1)])
    network["to_vendor"].action_send_now()
    sale = _vendor_order(vendor, purchase)
    notes = len(_notes(partner, purchase))
    args = (odoo_server, partner_db, network["vendor_login"], network["vendor_key"])
    newer = _status_wire(purchase, sale.id, 10**9, "full")
    first = _receive(*args, [newer])[newer["uuid"]]
    again = _receive(*args, [newer])[newer["uuid"]]
    assert first["status"] == "done"
    assert again["status"] == "duplicate"
    assert again["remote_id"] == first["remote_id"] == purchase.id
    older = _status_wire(purchase, sale.id, 10**9 - 1, "pending")
    assert _receive(*args, [older])[older["uuid"]]["status"] == "stale"
    purchase = partner.env["purchase.order"].browse(purchase.id)
    assert purchase.prm_vendor_delivery == "full"
    assert purchase.order_line[0].prm_vendor_qty_delivered == 1.0
    assert purchase.prm_vendor_order == "S-HAND-1"
    assert len(_notes(partner, purchase)) == notes + 1, "one note for the change"


def test_an_order_delivered_twice_is_taken_once(
    odoo_server, vendor, vendor_db, partner, network, catalog
):
    purchase = partner.env["purchase.order"].browse(
        partner.env["purchase.order"].create(
            {
                "partner_id": catalog["vendor_company"],
                "prm_end_customer_id": catalog["customer"],
                "order_line": [
                    (0, 0, {"product_id": catalog["own"]["switch"], "product_qty": 6})
                ],
            }
        )
    )
    wire = {
        "uuid": str(uuid.uuid4()),
        "kind": "order_place",
        "version": 10**9,
        "payload": {
            "partner_order_id": purchase.id,
            "name": "PO-TWICE",
            "deliver_to": "partner",
            "end_customer": {
                "partner_customer_id": catalog["customer"],
                "name": "Fjord Clinic",
            },
            "lines": [
                {
                    "partner_line_id": purchase.order_line[0].id,
                    "partner_product_id": catalog["own"]["switch"],
                    "vendor_product_id": False,
                    "default_code": "SYNC-SW",
                    "product": "Aurora switch (ours)",
                    "quantity": 6.0,
                }
            ],
        },
    }
    args = (odoo_server, vendor_db, network["harbor_login"], network["harbor_key"])
    first = _receive(*args, [wire])[wire["uuid"]]
    again = _receive(*args, [wire])[wire["uuid"]]
    assert first["status"] == "done"
    assert again["status"] == "duplicate"
    assert again["remote_id"] == first["remote_id"]
    assert first["order"]["amount_untaxed"] == 300.0
    assert (
        vendor.env["sale.order"].search_count([("client_order_ref", "=", "PO-TWICE")])
        == 1
    )


def test_a_partner_key_cannot_cancel_another_partners_order(
    odoo_server, vendor, vendor_db, network, catalog
):
    """Harbor's key, even through a binding pointing at another partner's
    order, cannot cancel it."""
    customer = vendor.env["res.partner"].create(
        {
            "name": "Other's customer",
            "is_company": True,
            "end_customer_of_id": network["other_id"],
        }
    )
    SaleOrder = vendor.env["sale.order"]
    other_order = SaleOrder.create(
        {
            "partner_id": network["other_id"],
            "end_customer_id": customer,
            "order_line": [
                (0, 0, {"product_id": catalog["switch"], "product_uom_qty": 1})
            ],
        }
    )
    SaleOrder.browse(other_order).action_confirm()
    vendor.env["prm.sync.binding"].create(
        {
            "connection_id": network["to_partner"].id,
            "res_model": "sale.order",
            "res_id": other_order,
            "remote_id": 777777,
        }
    )
    wire = {
        "uuid": str(uuid.uuid4()),
        "kind": "order_cancel",
        "version": 10**9,
        "payload": {"partner_order_id": 777777, "vendor_order_id": other_order},
    }
    answer = _receive(
        odoo_server, vendor_db, network["harbor_login"], network["harbor_key"], [wire]
    )[wire["uuid"]]
    assert answer["status"] == "error"
    assert "own company" in answer["message"]
    assert SaleOrder.browse(other_order).state == "sale"


def test_a_vendor_key_cannot_touch_another_suppliers_purchase(
    odoo_server, partner, partner_db, network, catalog
):
    supplier = partner.env["res.partner"].create(
        {"name": "Unconnected Supplier", "is_company": True}
    )
    Order = partner.env["purchase.order"]
    purchase = Order.browse(
        Order.create(
            {
                "partner_id": supplier,
                "order_line": [
                    (0, 0, {"product_id": catalog["own"]["cable"], "product_qty": 1})
                ],
            }
        )
    )
    purchase.button_confirm()
    wire = _status_wire(purchase, 888888, 10**9, "full")
    answer = _receive(
        odoo_server, partner_db, network["vendor_login"], network["vendor_key"], [wire]
    )[wire["uuid"]]
    # Not an order bound to this vendor: not known here (the vendor may
    # try again later, to no effect).
    assert answer["status"] == "retry"
    assert "not known here" in answer["message"]
    purchase = Order.browse(purchase.id)
    assert not purchase.prm_vendor_order
    assert not purchase.prm_vendor_delivery
    assert not purchase.order_line[0].prm_vendor_qty_delivered
