# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The vendor pushes its central catalogue to Northwind; Northwind shares its
stock of the vendor's router; the vendor proposes a replenishment, which
Northwind confirms in its own database: the vendor's order follows."""

import xmlrpc.client

from . import FlowFailed, wait_for

TITLE = "Central catalogue and vendor-managed inventory"

ROUTER_XMLID = "partner_relationship.product_aurora_router_demo"
NORTHWIND_XMLID = "partner_relationship.res_partner_northwind_demo"
PROPOSALS_CRON_XMLID = "partner_relationship.ir_cron_vmi_proposals"


def _partner_product(partner, vendor_product):
    """The partner's product bound to the vendor's, once received."""
    found = partner.call(
        "prm.sync.binding",
        "search_read",
        [("res_model", "=", "product.product"), ("remote_id", "=", vendor_product)],
        ["res_id"],
    )
    return found[0]["res_id"] if found else False


def _set_stock(partner, product, quantity):
    """Count `quantity` of `product` in the partner's main warehouse (Odoo's
    *Update Quantity*); the quantity on hand then."""
    (template,) = partner.call(
        "product.product", "read", [product], ["product_tmpl_id"]
    )
    wizard = partner.call(
        "stock.change.product.qty",
        "create",
        {
            "product_id": product,
            "product_tmpl_id": template["product_tmpl_id"][0],
            "new_quantity": quantity,
        },
    )
    partner.call("stock.change.product.qty", "change_product_qty", [wizard])
    # In the user's company (its warehouse's), not in all of its companies.
    (user,) = partner.call("res.users", "read", [partner.uid], ["company_id"])
    (counted,) = partner.call(
        "product.product",
        "read",
        [product],
        ["qty_available"],
        context={"allowed_company_ids": [user["company_id"][0]]},
    )
    return counted["qty_available"]


def _confirm_proposal(partner, product):
    """Northwind confirms the vendor's newest proposal for `product`; None
    when there is none yet, or when it was withdrawn meanwhile (the vendor's
    scheduled proposals, run by the cron worker too, replace it)."""
    found = partner.call(
        "prm.vmi.replenishment",
        "search_read",
        [("product_id", "=", product), ("state", "=", "proposed")],
        ["vendor_proposal_id", "proposed_qty"],
        order="id desc",
        limit=1,
    )
    if not found:
        return None
    try:
        partner.call("prm.vmi.replenishment", "action_confirm", [found[0]["id"]])
    except xmlrpc.client.Fault:
        (now,) = partner.call(
            "prm.vmi.replenishment", "read", [found[0]["id"]], ["state"]
        )
        if now["state"] == "proposed":
            raise
        return None
    return found[0]


def run(vendor, partner):
    router = vendor.ref(ROUTER_XMLID)
    northwind = vendor.ref(NORTHWIND_XMLID)
    if not router or not northwind:
        raise FlowFailed("the vendor's demo router or Northwind is missing")

    # 1. Central catalogue: the initial push, then read-only at Northwind.
    vendor.call(
        "prm.sync.connection", "action_prm_send_catalogue", [vendor.connection()]
    )
    vendor.send()
    product = wait_for(
        "the vendor's router in the partner's database",
        lambda: _partner_product(partner, router),
    )
    (received,) = partner.call(
        "product.product", "read", [product], ["is_central", "default_code"]
    )
    if not received["is_central"]:
        raise FlowFailed("the router reached the partner without being central")

    # 2. Northwind shares its stock of the router.
    stock = _set_stock(partner, product, 12)
    partner.call(
        "prm.sync.connection", "action_prm_share_inventory", [partner.connection()]
    )
    partner.send()
    wait_for(
        "the partner's shared stock at the vendor",
        lambda: [
            report
            for report in vendor.call(
                "prm.vmi.report",
                "search_read",
                [
                    ("partner_id", "=", northwind),
                    ("product_id", "=", router),
                    ("kind", "=", "stock"),
                ],
                ["quantity", "date_from"],
                order="date_from desc, id desc",
                limit=20,
            )
            if report["quantity"] == stock
        ],
    )

    # 3. The vendor proposes a replenishment; Northwind confirms it.
    targets = vendor.call(
        "prm.vmi.target",
        "search",
        [("partner_id", "=", northwind), ("product_id", "=", router)],
    )
    levels = {"min_qty": stock + 500, "max_qty": stock + 600}
    if targets:
        vendor.call("prm.vmi.target", "write", targets, levels)
    else:
        vendor.call(
            "prm.vmi.target",
            "create",
            {"partner_id": northwind, "product_id": router, **levels},
        )
    vendor.call("ir.cron", "method_direct_trigger", [vendor.ref(PROPOSALS_CRON_XMLID)])
    vendor.send()
    replenishment = wait_for(
        "the vendor's proposal in the partner's database, confirmed there",
        lambda: _confirm_proposal(partner, product),
    )
    partner.send()
    (proposal,) = wait_for(
        "the partner's confirmation at the vendor",
        lambda: vendor.call(
            "prm.vmi.proposal",
            "search_read",
            [
                ("id", "=", replenishment["vendor_proposal_id"]),
                ("state", "=", "confirmed"),
                ("sale_order_id", "!=", False),
            ],
            ["sale_order_id"],
        ),
    )
    return (
        f"catalogue pushed ({received['default_code']} central at the partner), "
        f"stock of {stock:g} shared, {replenishment['proposed_qty']:g} proposed "
        f"and confirmed: vendor order {proposal['sale_order_id'][1]}"
    )
