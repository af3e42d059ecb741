# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures for the cross-database tests: a real Odoo HTTP server on
loopback serving a vendor and a partner database (both created by
setup/test.sh with the suite installed): Odoo's threaded server, or its
prefork server with PRM_TEST_WORKERS=N (N HTTP workers; setup/test.sh runs
the leads, orders and faults tests so once more)."""

import os

import pytest
from odoo_server import OdooServer, required_env
from sync_network import authorize, both_ways, taiwan_network


@pytest.fixture(scope="session")
def vendor_db():
    return required_env("PRM_TEST_VENDOR_DB")


@pytest.fixture(scope="session")
def partner_db():
    return required_env("PRM_TEST_PARTNER_DB")


@pytest.fixture(scope="session")
def odoo_server(vendor_db, partner_db):
    workers = int(os.environ.get("PRM_TEST_WORKERS") or 0)
    server = OdooServer([vendor_db, partner_db], workers=workers).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def vendor(odoo_server, vendor_db):
    return odoo_server.client(vendor_db)


@pytest.fixture(scope="session")
def partner(odoo_server, partner_db):
    return odoo_server.client(partner_db)


@pytest.fixture(scope="module")
def network(odoo_server, vendor, partner, vendor_db, partner_db):
    """The vendor's channel partner Harbor Leads Co runs its own Odoo; both
    sides authorised each other and connected."""
    tier_id = vendor.env["res.partner.grade"].create(
        {"name": "Sync Gold", "acceptance_deadline_hours": 48}
    )
    harbor_id, harbor_login, harbor_key = authorize(
        vendor,
        "Harbor Leads Co",
        is_channel_partner=True,
        connection_mode="connected",
        grade_id=tier_id,
    )
    other_id = vendor.env["res.partner"].create(
        {"name": "Other Reseller", "is_company": True, "is_channel_partner": True}
    )
    vendor_company_id, vendor_login, vendor_key = authorize(partner, "Aurora Sync")
    team_id = partner.env["crm.team"].create({"name": "Vendor leads"})
    return {
        "harbor_id": harbor_id,
        "other_id": other_id,
        "harbor_login": harbor_login,
        "harbor_key": harbor_key,
        "vendor_login": vendor_login,
        "vendor_key": vendor_key,
        "team_id": team_id,
        # The vendor's connection to the partner's database, and back.
        **both_ways(
            odoo_server,
            (vendor, vendor_db, harbor_id, harbor_login, harbor_key),
            (partner, partner_db, vendor_company_id, vendor_login, vendor_key),
            team_id,
        ),
    }


@pytest.fixture(scope="module")
def taiwan(odoo_server, vendor, partner, vendor_db, partner_db):
    """Harbor Leads Taiwan, connected with the vendor's second company,
    Aurora Devices Taiwan (in TWD): see sync_network.taiwan_network."""
    return taiwan_network(odoo_server, vendor, partner, vendor_db, partner_db)
