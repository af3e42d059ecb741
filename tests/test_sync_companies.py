# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A vendor of several companies and a connected partner, on a real Odoo
server over XML-RPC: the vendor's database has a second company, Aurora
Devices Taiwan (in TWD), and Harbor Leads Taiwan works with it. What the
connection sends is of the Taiwan company (or shared by every company), what
it receives is applied in the Taiwan company; the US company's records never
travel on it."""

import xmlrpc.client
from datetime import date, timedelta

import pytest
from sync_network import forward, partner_lead

TODAY = date.today()


def _connection_messages(client, connection, kind):
    return client.env["prm.sync.message"].search_read(
        [("connection_id", "=", connection.id), ("kind", "=", kind)],
        ["state", "res_id", "last_error"],
    )


@pytest.fixture(scope="module")
def tw_catalog(vendor, partner, taiwan):
    """A central router shared by every company, at 2400 TWD on the Taiwan
    tier price list; the partner's own router, known by the same reference;
    an end customer of the partner."""
    vendor_tw = taiwan["vendor_tw"]
    # Shared: maintained by the main (US) company.
    router = vendor.env["product.product"].create(
        {
            "name": "Sync TW Router",
            "default_code": "SYNC-TW-RTR",
            "list_price": 100.0,
            "is_central": True,
            "sale_ok": True,
            "type": "consu",
            "company_id": False,
        }
    )
    vendor_tw.env["product.pricelist.item"].create(
        {
            "pricelist_id": taiwan["pricelist_id"],
            "applied_on": "0_product_variant",
            "product_id": router,
            "compute_price": "fixed",
            "fixed_price": 2400.0,
        }
    )
    own_router = partner.env["product.product"].create(
        {"name": "Taiwan router (ours)", "default_code": "SYNC-TW-RTR"}
    )
    customer = partner.env["res.partner"].create(
        {"name": "Hsinchu Clinic", "is_company": True, "city": "Hsinchu"}
    )
    return {"router": router, "own_router": own_router, "customer": customer}


@pytest.fixture(scope="module")
def tw_order(partner, taiwan, tw_catalog):
    """Harbor Leads Taiwan buys two routers from the vendor for its customer."""
    Order = partner.env["purchase.order"]
    order_id = Order.create(
        {
            "partner_id": taiwan["vendor_company_id"],
            "prm_end_customer_id": tw_catalog["customer"],
            "order_line": [
                (
                    0,
                    0,
                    {
                        "product_id": tw_catalog["own_router"],
                        "product_qty": 2,
                        "price_unit": 1.0,
                    },
                )
            ],
        }
    )
    Order.browse(order_id).button_confirm()
    taiwan["to_vendor"].action_send_now()
    purchase = Order.browse(order_id)
    sales = (
        taiwan["vendor_tw"]
        .env["sale.order"]
        .search_read(
            [("client_order_ref", "=", purchase.name)],
            ["company_id", "currency_id", "pricelist_id", "amount_untaxed", "state"],
        )
    )
    return purchase, sales


def test_the_connection_is_in_the_partners_company(taiwan):
    vendor_tw = taiwan["vendor_tw"]
    (connection,) = vendor_tw.env["prm.sync.connection"].read(
        [taiwan["to_partner"].id], ["company_id", "company_warning"]
    )
    assert connection["company_id"][0] == taiwan["company_id"]
    assert not connection["company_warning"]


def test_a_taiwan_lead_is_offered_and_its_acceptance_applied_in_taiwan(partner, taiwan):
    vendor_tw = taiwan["vendor_tw"]
    lead_id = forward(
        vendor_tw,
        taiwan["harbor_id"],
        "Sync Taipei hospital",
        company_id=taiwan["company_id"],
    )
    taiwan["to_partner"].action_send_now()
    lead = partner_lead(partner, "Sync Taipei hospital")
    assert lead.prm_vendor_offer_state == "offered"
    assert lead.team_id.id == taiwan["team_id"]
    assert lead.company_id.id == taiwan["to_vendor"].company_id.id
    lead.action_prm_vendor_accept()
    taiwan["to_vendor"].action_send_now()
    answers = _connection_messages(partner, taiwan["to_vendor"], "lead_answer")
    assert [(m["state"], m["last_error"]) for m in answers] == [("done", False)]
    (vendor_lead,) = vendor_tw.env["crm.lead"].read(
        [lead_id], ["company_id", "prm_offer_state", "type", "partner_assigned_id"]
    )
    assert vendor_lead["company_id"][0] == taiwan["company_id"]
    assert vendor_lead["prm_offer_state"] == "accepted"
    assert vendor_lead["type"] == "opportunity"
    assert vendor_lead["partner_assigned_id"][0] == taiwan["harbor_id"]


def test_an_order_is_taken_in_taiwan_in_twd_at_the_taiwan_tier_prices(
    partner, taiwan, tw_order
):
    purchase, sales = tw_order
    assert not purchase.prm_vendor_error
    (sale,) = sales
    assert sale["state"] == "sale"
    assert sale["company_id"][0] == taiwan["company_id"]
    assert sale["currency_id"][1] == "TWD"
    assert sale["pricelist_id"][0] == taiwan["pricelist_id"]
    assert sale["amount_untaxed"] == 4800.0
    # Its confirmation comes back at the Taiwan prices.
    assert purchase.prm_vendor_amount_untaxed == 4800.0


def test_a_fund_allocation_of_a_twd_budget_arrives_in_twd(partner, taiwan):
    vendor_tw = taiwan["vendor_tw"]
    program_id = vendor_tw.env["prm.program"].create(
        {"name": "Sync Taiwan MDF", "company_id": taiwan["company_id"]}
    )
    Budget = vendor_tw.env["prm.fund.budget"]
    budget_id = Budget.create(
        {
            "name": "Sync Taiwan launch fund",
            "program_id": program_id,
            "date_start": (TODAY - timedelta(days=10)).isoformat(),
            "date_end": (TODAY + timedelta(days=80)).isoformat(),
            "amount": 900000,
        }
    )
    Budget.browse(budget_id).action_open()
    vendor_tw.env["prm.fund.allocation"].create(
        {"budget_id": budget_id, "partner_id": taiwan["harbor_id"], "amount": 300000}
    )
    taiwan["to_partner"].action_send_now()
    (fund,) = partner.env["prm.vendor.fund"].search_read(
        [("name", "=", "Sync Taiwan launch fund")],
        ["amount", "currency_id", "company_id", "connection_id"],
    )
    assert fund["currency_id"][1] == "TWD"
    assert fund["amount"] == 300000
    assert fund["connection_id"][0] == taiwan["to_vendor"].id
    assert fund["company_id"][0] == taiwan["to_vendor"].company_id.id


def test_a_warranty_claim_lands_in_the_taiwan_company(
    partner, taiwan, tw_catalog, tw_order
):
    Claim = partner.env["prm.vendor.warranty.claim"]
    claim_id = Claim.create(
        {
            "vendor_id": taiwan["vendor_company_id"],
            "product_id": tw_catalog["own_router"],
            "problem": "Sync: Taiwan router does not boot",
            "end_customer_id": tw_catalog["customer"],
        }
    )
    Claim.action_prm_send([claim_id])
    taiwan["to_vendor"].action_send_now()
    sent = _connection_messages(partner, taiwan["to_vendor"], "warranty_claim")
    assert [(m["state"], m["last_error"]) for m in sent] == [("done", False)]
    (claim,) = (
        taiwan["vendor_tw"]
        .env["prm.warranty.claim"]
        .search_read(
            [("problem", "=", "Sync: Taiwan router does not boot")],
            ["company_id", "partner_id", "state"],
        )
    )
    assert claim["company_id"][0] == taiwan["company_id"]
    assert claim["partner_id"][0] == taiwan["harbor_id"]
    assert claim["state"] == "submitted"


def test_the_us_companys_products_and_price_lists_are_never_sent(
    vendor, partner, taiwan, tw_catalog
):
    """The US company's central product and its price list of the same tier
    stay in the US: a full push of the catalogue to the Taiwan partner sends
    the shared and the Taiwan products, and the Taiwan price list."""
    vendor_tw = taiwan["vendor_tw"]
    us_company = vendor.env.user.company_id.id
    Template = vendor.env["product.template"]
    us_product = Template.create(
        {
            "name": "Sync US-only Switch",
            "default_code": "SYNC-US-SW",
            "is_central": True,
            "sale_ok": True,
            "type": "consu",
            "company_id": us_company,
        }
    )
    tw_product = vendor_tw.env["product.template"].create(
        {
            "name": "Sync Taiwan-only Switch",
            "default_code": "SYNC-TW-SW",
            "is_central": True,
            "sale_ok": True,
            "type": "consu",
            "company_id": taiwan["company_id"],
        }
    )
    us_pricelist = vendor.env["product.pricelist"].create(
        {"name": "Sync US Gold prices", "company_id": us_company, "is_central": True}
    )
    # The same tier, in the US company: its US price list.
    vendor.env["res.partner.grade"].browse(taiwan["tier_id"]).write(
        {"pricelist_id": us_pricelist}
    )
    taiwan["to_partner"].action_prm_send_catalogue()
    products = _connection_messages(vendor_tw, taiwan["to_partner"], "central_product")
    sent = {m["res_id"] for m in products}
    shared = vendor_tw.env["product.product"].browse(tw_catalog["router"])
    assert {shared.product_tmpl_id.id, tw_product} <= sent
    assert us_product not in sent
    pricelists = _connection_messages(
        vendor_tw, taiwan["to_partner"], "central_pricelist"
    )
    assert {m["res_id"] for m in pricelists} == {taiwan["pricelist_id"]}
    taiwan["to_partner"].action_send_now()
    Product = partner.env["product.template"]
    assert Product.search([("name", "=", "Sync Taiwan-only Switch")])
    assert not Product.search([("name", "=", "Sync US-only Switch")])
    assert partner.env["product.pricelist"].search(
        [("name", "=", "Sync Taiwan Gold prices")]
    )
    assert not partner.env["product.pricelist"].search(
        [("name", "=", "Sync US Gold prices")]
    )


def test_an_integration_user_not_allowed_the_company_is_refused_clearly(
    odoo_server, vendor_db, partner, taiwan
):
    """Harbor's integration user loses the Taiwan company: the connection
    says so to the administrator, and Harbor's messages are refused with
    that reason instead of being applied in another company."""
    vendor_tw = taiwan["vendor_tw"]
    Users = vendor_tw.env["res.users"]
    (user_id,) = Users.search([("login", "=", taiwan["harbor_login"])])
    Users.browse(user_id).write({"company_ids": [(3, taiwan["company_id"])]})
    try:
        (connection,) = vendor_tw.env["prm.sync.connection"].read(
            [taiwan["to_partner"].id], ["company_warning"]
        )
        assert "is not allowed Aurora Devices Taiwan" in connection["company_warning"]
        common = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/common")
        api_key = (
            partner.env["prm.sync.connection"].browse(taiwan["to_vendor"].id).api_key
        )
        uid = common.authenticate(vendor_db, taiwan["harbor_login"], api_key, {})
        models = xmlrpc.client.ServerProxy(
            f"{odoo_server.url}/xmlrpc/2/object", allow_none=True
        )
        with pytest.raises(
            xmlrpc.client.Fault, match="is not allowed Aurora Devices Taiwan"
        ):
            models.execute_kw(
                vendor_db, uid, api_key, "prm.sync.api", "prm_sync_receive", [[]], {}
            )
    finally:
        Users.browse(user_id).write({"company_ids": [(4, taiwan["company_id"])]})
