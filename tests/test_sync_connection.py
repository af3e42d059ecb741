# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Two databases on one real Odoo server connect to each other over XML-RPC."""

import xmlrpc.client

import pytest
from sync_network import authorize as _authorize
from sync_network import connection


def _connect(client, server, remote_db, role, partner_id, login, key):
    link = connection(client, server, remote_db, role, partner_id, login, key)
    link.action_test_connection()
    return link.read(["state", "last_check_message"])[0]


@pytest.fixture(scope="module")
def keys(vendor, partner):
    """Each side authorises the other: (vendor side, partner side)."""
    northwind_id, northwind_login, northwind_key = _authorize(
        vendor,
        "Northwind Systems",
        is_channel_partner=True,
        connection_mode="connected",
    )
    vendor_id, vendor_login, vendor_key = _authorize(partner, "Vendor Corp")
    return {
        "vendor": (northwind_id, northwind_login, northwind_key),
        "partner": (vendor_id, vendor_login, vendor_key),
    }


def test_vendor_and_partner_connect_both_ways(
    odoo_server, vendor, partner, vendor_db, partner_db, keys
):
    northwind_id, northwind_login, northwind_key = keys["vendor"]
    vendor_id, vendor_login, vendor_key = keys["partner"]
    # The vendor logs in on the partner's database with the key the partner gave.
    result = _connect(
        vendor,
        odoo_server,
        partner_db,
        "partner",
        northwind_id,
        vendor_login,
        vendor_key,
    )
    assert result["state"] == "ok", result["last_check_message"]
    # And the partner on the vendor's.
    result = _connect(
        partner,
        odoo_server,
        vendor_db,
        "vendor",
        vendor_id,
        northwind_login,
        northwind_key,
    )
    assert result["state"] == "ok", result["last_check_message"]
    assert vendor_db in result["last_check_message"]


def test_integration_key_cannot_administer_the_remote(odoo_server, vendor_db, keys):
    """A partner's key is a confined portal login, not an administrator."""
    _northwind_id, login, key = keys["vendor"]
    common = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/common")
    uid = common.authenticate(vendor_db, login, key, {})
    assert uid
    models = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/object")
    with pytest.raises(xmlrpc.client.Fault, match="not allowed|AccessError"):
        models.execute_kw(
            vendor_db, uid, key, "prm.sync.connection", "search_read", [[]], {}
        )
    with pytest.raises(xmlrpc.client.Fault, match="not allowed|AccessError"):
        models.execute_kw(
            vendor_db,
            uid,
            key,
            "res.users",
            "create",
            [{"name": "x", "login": "x"}],
            {},
        )
