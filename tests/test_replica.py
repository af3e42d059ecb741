# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Portal reads on a PostgreSQL replica: a hot standby of the test cluster
(pg_basebackup -R, streaming replication, on a Unix socket of its own with
a port from 5440-5449), an Odoo server with db_replica_host/db_replica_port
on it, and a portal user of a channel partner.

The pages that only read run on the standby: with the standby's replay
paused, a change made on the primary does not show on them until the
standby has replayed it; the standby logs their statements and holds the
server's connections. The answers (accept a lead, submit a warranty claim)
are written on the primary. The standby is stopped and its directory removed
at the end, and at the start what a killed run left."""

import json
import re
import sys
import time
import uuid
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from pathlib import Path
from urllib.parse import urljoin

import psycopg2
import pytest
import requests
from odoo_server import OdooServer, odoo_shell, required_env

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "setup"))
import pg_standby  # noqa: E402 (setup/pg_standby.py)
from pg_standby import query  # noqa: E402

REQUEST_TIMEOUT = 120
CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
SETUP_SCRIPT = """
import json
from datetime import timedelta
from odoo import Command, fields
env = env(context=dict(env.context, tracking_disable=True, mail_notrack=True))
login = {login!r}
tier = env["res.partner.grade"].create({{"name": "Replica tier " + login}})
partner = env["res.partner"].create({{
    "name": "Replica Partner " + login,
    "is_company": True,
    "is_channel_partner": True,
    "grade_id": tier.id,
}})
contact = env["res.partner"].create({{
    "name": "Replica Contact " + login,
    "parent_id": partner.id,
    "email": login + "@replica.example.com",
}})
user = env["res.users"].create({{
    "login": login,
    "password": login,
    "partner_id": contact.id,
    "groups_id": [Command.set(env.ref("base.group_portal").ids)],
}})
product = env["product.product"].create({{
    "name": "Replica Router " + login,
    "prm_warranty_months": 12,
}})
order = env["sale.order"].create({{
    "partner_id": partner.id,
    "order_line": [Command.create({{"product_id": product.id}})],
}})
order.action_confirm()
lead = env["crm.lead"].create({{"name": "Replica lead " + login, "type": "lead"}})
lead._prm_offer(partner, fields.Datetime.now() + timedelta(days=2))
env.cr.commit()
print("IDS=" + json.dumps({{
    "partner": partner.id,
    "user": user.id,
    "product": product.id,
    "lead": lead.id,
    "lead_path": "/my/lead/" + env["ir.http"]._slug(lead),
}}))
"""


def _make_portal_data(vendor_db):
    login = f"replica_{uuid.uuid4().hex[:8]}"
    output = odoo_shell(vendor_db, SETUP_SCRIPT.format(login=login))
    ids = json.loads(re.search(r"^IDS=(.*)$", output, re.MULTILINE).group(1))
    return {"login": login, **ids}


def _retire_portal_data(vendor_db, data):
    """The later tests' routing leaves the channel partner out."""
    with closing(psycopg2.connect(dbname=vendor_db)) as primary, primary:
        query(
            primary,
            "UPDATE res_partner SET is_channel_partner = false WHERE id = %s "
            "RETURNING id",
            (data["partner"],),
        )
        query(
            primary,
            "UPDATE res_users SET active = false WHERE id = %s RETURNING id",
            (data["user"],),
        )


@pytest.fixture(scope="module")
def standby_and_data(vendor_db):
    """The standby, started while the portal data is made on the primary
    (the standby replays it), stopped and removed at the end."""
    server = pg_standby.Standby(Path(required_env("PRM_DATA_DIR")).parent)
    data = None
    with pg_standby.cleanup_on_sigterm(), ThreadPoolExecutor(1) as pool:
        starting = pool.submit(server.start)
        try:
            data = _make_portal_data(vendor_db)
            starting.result()
            yield server, data
        finally:
            futures.wait([starting])
            server.stop()
            if data:
                _retire_portal_data(vendor_db, data)


@pytest.fixture(scope="module")
def standby(standby_and_data):
    return standby_and_data[0]


@pytest.fixture(scope="module")
def portal_data(standby_and_data):
    return standby_and_data[1]


@pytest.fixture(scope="module")
def replica_server(standby, portal_data, vendor_db):
    server = OdooServer(
        [vendor_db],
        name="replica-server",
        args=[
            f"--db_replica_host={standby.dir}",
            f"--db_replica_port={standby.port}",
        ],
    ).start()
    yield server
    server.stop()


class Portal:
    """The portal user's browser session on the server."""

    def __init__(self, server, login):
        self.url = server.url
        self.session = requests.Session()
        response = self.post(
            "/web/login",
            self.get("/web/login"),
            login=login,
            password=login,
        )
        assert response.status_code in (302, 303), response.status_code
        assert "/web/login" not in response.headers["Location"]

    def get(self, path):
        response = self.session.get(
            self.url + path, allow_redirects=False, timeout=REQUEST_TIMEOUT
        )
        assert response.status_code == 200, (path, response.status_code)
        return response.text

    def post(self, path, form_page, **data):
        """POST the form of `form_page` (its CSRF token) to `path`."""
        token = CSRF_TOKEN.search(form_page).group(1)
        return self.session.post(
            self.url + path,
            data={"csrf_token": token, **data},
            allow_redirects=False,
            timeout=REQUEST_TIMEOUT,
        )

    def follow(self, response):
        """The page a form's answer redirects to (Odoo may redirect it again
        to a record's canonical URL)."""
        assert response.status_code == 303, response.text[-2000:]
        location = urljoin(self.url, response.headers["Location"])
        assert location.startswith(self.url + "/"), location
        page = self.session.get(location, timeout=REQUEST_TIMEOUT)
        assert page.status_code == 200, (location, page.status_code)
        return page.text


def _pause_replay(standby_cr):
    standby_cr.execute("SELECT pg_wal_replay_pause()")
    deadline = time.monotonic() + pg_standby.REPLAY_TIMEOUT
    while time.monotonic() < deadline:
        standby_cr.execute("SELECT pg_get_wal_replay_pause_state()")
        if standby_cr.fetchone()[0] == "paused":
            return
        time.sleep(0.1)
    pytest.fail(f"the standby's replay did not pause in {pg_standby.REPLAY_TIMEOUT}s")


def test_portal_reads_on_the_standby_writes_on_the_primary(
    standby, portal_data, replica_server, vendor_db
):
    server = replica_server
    login, lead_id = portal_data["login"], portal_data["lead"]
    portal = Portal(server, login)
    primary = psycopg2.connect(dbname=vendor_db)
    primary.autocommit = True
    replica = standby.connect(vendor_db)
    replica.autocommit = True
    with closing(primary), closing(replica), replica.cursor() as standby_cr:
        standby.wait_for_replay(primary)
        log_start = len(standby.statements())
        portal.get("/my")
        portal.get("/my/partner")
        assert f"Replica lead {login}" in portal.get("/my/leads")
        lead_page = portal.get(portal_data["lead_path"])
        assert f"Replica lead {login}" in lead_page
        # The pages' statements ran on the standby, through the server's
        # own connections to it.
        app = f"odoo-{server.process.pid}"
        ran = standby.statements()[log_start:]
        assert re.search(rf"{app}@{vendor_db} LOG:  statement: .*crm_lead", ran)
        standby_cr.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = %s AND application_name = %s",
            (vendor_db, app),
        )
        assert standby_cr.fetchone()[0] >= 1

        # The standby's replay paused, a change on the primary does not show
        # on the pages that read...
        _pause_replay(standby_cr)
        renamed = f"Renamed on the primary {login}"
        with primary.cursor() as cr:
            cr.execute(
                "UPDATE crm_lead SET name = %s WHERE id = %s", (renamed, lead_id)
            )
        assert renamed not in portal.get("/my/leads")
        # ... while the answer is written on the primary, and the page it
        # redirects to reads the primary: what was just written shows.
        answer = portal.post(f"/my/lead/{lead_id}/accept", lead_page)
        opportunity_page = portal.follow(answer)
        assert renamed in opportunity_page
        assert "Accepted: the lead is now your opportunity." in opportunity_page
        assert query(
            primary,
            "SELECT prm_offer_state, type FROM crm_lead WHERE id = %s",
            (lead_id,),
        ) == [("accepted", "opportunity")]
        claim = portal.post(
            "/my/warranty/new",
            portal.get("/my/warranty/new"),
            product_id=str(portal_data["product"]),
            problem="It does not boot.",
        )
        assert "It does not boot." in portal.follow(claim)
        assert query(
            primary,
            "SELECT state FROM prm_warranty_claim WHERE partner_id = %s",
            (portal_data["partner"],),
        ) == [("submitted",)]
        assert f"Replica Router {login}" not in portal.get("/my/warranty")
        # Replayed, the standby shows them.
        standby_cr.execute("SELECT pg_wal_replay_resume()")
        standby.wait_for_replay(primary)
        assert renamed in portal.get("/my/opportunities")
        assert f"Replica Router {login}" in portal.get("/my/warranty")
    log = Path(server.log_path).read_text(errors="replace")
    assert "retrying with a read/write cursor" not in log
    assert "Failed to open a readonly cursor" not in log
    assert " ERROR " not in log, log[-3000:]
