# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fixtures for the cross-database tests: a real Odoo HTTP server on
loopback serving a vendor and a partner database (both created by
setup/test.sh with the suite installed)."""

import os
import socket
import subprocess
import sys
import time
import xmlrpc.client

import odoorpc
import pytest
from sync_network import authorize, connection, taiwan_network

SERVER_START_TIMEOUT = 120
RPC_TIMEOUT = 60


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _required_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the tests with setup/test.sh")
    return value


class OdooServer:
    """An odoo-bin process serving the two test databases on loopback."""

    def __init__(self, databases, name="test-server"):
        self.databases = databases
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(_required_env("PRM_LOG_DIR"), f"{name}.log")
        self.process = None

    def start(self):
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        db_filter = "^(%s)$" % "|".join(self.databases)
        command = [
            sys.executable,
            _required_env("PRM_ODOO_BIN"),
            f"--addons-path={_required_env('PRM_ADDONS_PATH')}",
            f"--data-dir={_required_env('PRM_DATA_DIR')}",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            "--gevent-port=0",
            f"--db-filter={db_filter}",
            "--no-database-list",
            "--workers=0",
            "--max-cron-threads=0",
            "--log-level=warn",
            f"--logfile={self.log_path}",
        ]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        proxy = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"The Odoo server exited ({self.process.returncode}); "
                    f"see {self.log_path}"
                )
            try:
                proxy.version()
                return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(
            f"The Odoo server did not answer within {SERVER_START_TIMEOUT}s"
        )

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def client(self, database, login="admin", password="admin"):
        """An odoorpc client logged in on one of the databases."""
        client = odoorpc.ODOO("127.0.0.1", port=self.port, timeout=RPC_TIMEOUT)
        client.login(database, login, password)
        return client


@pytest.fixture(scope="session")
def vendor_db():
    return _required_env("PRM_TEST_VENDOR_DB")


@pytest.fixture(scope="session")
def partner_db():
    return _required_env("PRM_TEST_PARTNER_DB")


@pytest.fixture(scope="session")
def odoo_server(vendor_db, partner_db):
    server = OdooServer([vendor_db, partner_db]).start()
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
        "to_partner": connection(
            vendor,
            odoo_server,
            partner_db,
            "partner",
            harbor_id,
            vendor_login,
            vendor_key,
        ),
        "to_vendor": connection(
            partner,
            odoo_server,
            vendor_db,
            "vendor",
            vendor_company_id,
            harbor_login,
            harbor_key,
            lead_team_id=team_id,
        ),
    }


@pytest.fixture(scope="module")
def taiwan(odoo_server, vendor, partner, vendor_db, partner_db):
    """Harbor Leads Taiwan, connected with the vendor's second company,
    Aurora Devices Taiwan (in TWD): see sync_network.taiwan_network."""
    return taiwan_network(odoo_server, vendor, partner, vendor_db, partner_db)
