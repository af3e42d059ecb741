# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The vendor's catalogue and leads in a partner's own Odoo, on a real Odoo
server over XML-RPC: the partner's own product with the vendor's internal
reference is bound, not copied, and carries the partner's price from the
vendor; two of them refuse the product, visibly at the vendor; the vendor's
internal tags stay with the vendor, and the partner's routing leaves the
vendor's offer alone."""

from sync_network import forward, messages, partner_lead


def _with_code(partner, code):
    return partner.env["product.template"].search_read(
        [("default_code", "=", code)], ["name", "seller_ids", "is_central"]
    )


def _vendor_line(partner, network, template_id):
    return partner.env["product.supplierinfo"].search_read(
        [
            ("product_tmpl_id", "=", template_id),
            ("partner_id", "=", network["to_vendor"].partner_id.id),
        ],
        ["price"],
    )


def test_our_product_is_bound_and_gets_the_vendors_price(vendor, partner, network):
    (own_id,) = [
        partner.env["product.template"].create(
            {"name": "Our sync router", "default_code": "SYNC-CAT-AR"}
        )
    ]
    vendor_id = vendor.env["product.template"].create(
        {
            "name": "Aurora sync router",
            "default_code": "SYNC-CAT-AR",
            "list_price": 1200.0,
            "is_central": True,
            "type": "consu",
        }
    )
    network["to_partner"].action_send_now()
    assert not [
        m for m in messages(vendor, "central_product") if m["state"] == "failed"
    ]
    (product,) = _with_code(partner, "SYNC-CAT-AR")
    assert product["id"] == own_id, "bound, not copied"
    assert product["name"] == "Our sync router"
    assert [line["price"] for line in _vendor_line(partner, network, own_id)] == [
        1200.0
    ]
    # A new price from the vendor updates the line.
    vendor.env["product.template"].browse(vendor_id).write({"list_price": 1100.0})
    network["to_partner"].action_send_now()
    assert len(_with_code(partner, "SYNC-CAT-AR")) == 1
    assert [line["price"] for line in _vendor_line(partner, network, own_id)] == [
        1100.0
    ]


def test_two_of_ours_with_the_reference_fail_the_product_visibly(
    vendor, partner, network
):
    Template = partner.env["product.template"]
    ours = [
        Template.create({"name": f"Our care pack {n}", "default_code": "SYNC-CAT-DUP"})
        for n in (1, 2)
    ]
    vendor_id = vendor.env["product.template"].create(
        {
            "name": "Aurora sync care",
            "default_code": "SYNC-CAT-DUP",
            "list_price": 300.0,
            "is_central": True,
            "type": "service",
        }
    )
    network["to_partner"].action_send_now()
    (failed,) = [
        m
        for m in messages(vendor, "central_product", "failed")
        if m["res_id"] == vendor_id
    ]
    assert "SYNC-CAT-DUP" in failed["last_error"]
    assert sorted(p["id"] for p in _with_code(partner, "SYNC-CAT-DUP")) == sorted(ours)
    # The partner gives the reference to one of them; the vendor sends again.
    Template.browse(ours[1]).write({"default_code": "SYNC-CAT-DUP-2"})
    vendor.env["prm.sync.message"].browse(failed["id"]).action_retry()
    network["to_partner"].action_send_now()
    assert not [
        m
        for m in messages(vendor, "central_product", "failed")
        if m["res_id"] == vendor_id
    ]
    assert [p["id"] for p in _with_code(partner, "SYNC-CAT-DUP")] == ours[:1]
    assert [line["price"] for line in _vendor_line(partner, network, ours[0])] == [
        300.0
    ]


def test_the_vendors_tags_stay_with_the_vendor(vendor, partner, network):
    unavailable = vendor.env.ref(
        "website_crm_partner_assign.tag_portal_lead_partner_unavailable"
    ).id
    internal = vendor.env["crm.tag"].create({"name": "Sync internal: key account"})
    forward(
        vendor,
        network["harbor_id"],
        "Sync tagged lead",
        tag_ids=[(6, 0, [unavailable, internal])],
    )
    network["to_partner"].action_send_now()
    lead = partner_lead(partner, "Sync tagged lead")
    assert lead.prm_vendor_offer_state == "offered"
    assert not lead.tag_ids
    # The partner's routing schedule (no channel partners of its own here)
    # leaves the vendor's offer alone.
    partner.env.ref("partner_relationship.ir_cron_route_leads").method_direct_trigger()
    lead = partner_lead(partner, "Sync tagged lead")
    assert not lead.tag_ids
    assert not lead.partner_assigned_id


def test_a_tier_price_change_reaches_the_partners_vendor_line(vendor, partner, network):
    """The tier's price list alone (no product change, no Send Catalogue):
    the partner's vendor line follows a price list given to its tier, a
    price changed on it, a price changed on a price list it is based on, and
    the price list taken away."""
    (own_id,) = [
        partner.env["product.template"].create(
            {"name": "Our sync tier switch", "default_code": "SYNC-CAT-TIER"}
        )
    ]
    vendor_id = vendor.env["product.template"].create(
        {
            "name": "Aurora sync tier switch",
            "default_code": "SYNC-CAT-TIER",
            "list_price": 1000.0,
            "is_central": True,
            "type": "consu",
        }
    )
    network["to_partner"].action_send_now()

    def price():
        network["to_partner"].action_send_now()
        return [line["price"] for line in _vendor_line(partner, network, own_id)]

    assert price() == [1000.0]
    pricelist_id = vendor.env["product.pricelist"].create(
        {
            "name": "Sync Gold prices",
            "is_central": True,
            "item_ids": [
                (
                    0,
                    0,
                    {
                        "applied_on": "1_product",
                        "product_tmpl_id": vendor_id,
                        "compute_price": "fixed",
                        "fixed_price": 900.0,
                    },
                )
            ],
        }
    )
    tier = vendor.env["res.partner"].browse(network["harbor_id"]).grade_id
    try:
        tier.write({"pricelist_id": pricelist_id})
        assert price() == [900.0]
        (item_id,) = vendor.env["product.pricelist.item"].search(
            [("pricelist_id", "=", pricelist_id)]
        )
        vendor.env["product.pricelist.item"].browse(item_id).write(
            {"fixed_price": 850.0}
        )
        assert price() == [850.0]
        # 10% off a distributor price list (not sent to partners itself).
        distributor_id = vendor.env["product.pricelist"].create(
            {
                "name": "Sync distributor prices",
                "item_ids": [
                    (
                        0,
                        0,
                        {
                            "applied_on": "1_product",
                            "product_tmpl_id": vendor_id,
                            "compute_price": "fixed",
                            "fixed_price": 800.0,
                        },
                    )
                ],
            }
        )
        vendor.env["product.pricelist.item"].browse(item_id).write(
            {
                "compute_price": "percentage",
                "percent_price": 10.0,
                "base": "pricelist",
                "base_pricelist_id": distributor_id,
            }
        )
        assert price() == [720.0]
        (distributor_item_id,) = vendor.env["product.pricelist.item"].search(
            [("pricelist_id", "=", distributor_id)]
        )
        vendor.env["product.pricelist.item"].browse(distributor_item_id).write(
            {"fixed_price": 700.0}
        )
        assert price() == [630.0]
    finally:
        tier.write({"pricelist_id": False})
    assert price() == [1000.0]
    assert not [
        m
        for m in messages(vendor, "central_product", "failed")
        if m["res_id"] == vendor_id
    ]
