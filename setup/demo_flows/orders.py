# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Northwind buys two Aurora routers for Atlantic Dental Group: its purchase
order becomes Aurora's sale order at Northwind's tier price; Aurora ships it
and the delivery shows on Northwind's purchase order."""

from . import FlowFailed, wait_for

TITLE = "Indirect orders: purchase order, vendor's order, delivery back"


def run(vendor, partner):
    northwind = vendor.ref("partner_relationship.res_partner_northwind_demo")
    (connection,) = partner.call(
        "prm.sync.connection", "read", [partner.connection()], ["partner_id"]
    )
    aurora = connection["partner_id"][0]
    router = partner.call(
        "product.product", "search", [("default_code", "=", "AR-200")], limit=1
    )
    customer = partner.ref("partner_relationship.res_partner_end_customer_dental_demo")
    if not router or not customer:
        raise FlowFailed("the partner's demo router or end customer is missing")
    purchase_id = partner.call(
        "purchase.order",
        "create",
        {
            "partner_id": aurora,
            "prm_end_customer_id": customer,
            "order_line": [(0, 0, {"product_id": router[0], "product_qty": 2})],
        },
    )
    partner.call("purchase.order", "button_confirm", [purchase_id])
    (purchase,) = partner.call("purchase.order", "read", [purchase_id], ["name"])
    partner.send()
    (sale,) = wait_for(
        "the partner's order at the vendor",
        lambda: vendor.call(
            "sale.order",
            "search_read",
            [
                ("client_order_ref", "=", purchase["name"]),
                ("partner_id", "=", northwind),
                ("state", "=", "sale"),
            ],
            ["name", "amount_untaxed"],
        ),
    )
    # Aurora ships the whole order.
    pickings = vendor.call(
        "stock.picking",
        "search",
        [("sale_id", "=", sale["id"]), ("state", "not in", ("done", "cancel"))],
    )
    for move in vendor.call(
        "stock.move",
        "search_read",
        [("picking_id", "in", pickings)],
        ["product_uom_qty"],
    ):
        vendor.call(
            "stock.move", "write", [move["id"]], {"quantity": move["product_uom_qty"]}
        )
    vendor.call(
        "stock.picking",
        "button_validate",
        pickings,
        context={"skip_backorder": True},
    )
    vendor.send()
    wait_for(
        "the vendor's order and delivery on the partner's purchase order",
        lambda: partner.call(
            "purchase.order",
            "search",
            [
                ("id", "=", purchase_id),
                ("prm_vendor_order", "=", sale["name"]),
                ("prm_vendor_state", "=", "sale"),
                ("prm_vendor_delivery", "=", "full"),
            ],
        ),
    )
    return (
        f"purchase order {purchase['name']} became {sale['name']} at the vendor "
        f"({sale['amount_untaxed']:.2f} untaxed at the tier price), delivered, "
        "and the delivery is on the purchase order"
    )
