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
import os
import re
import shutil
import signal
import subprocess
import time
import uuid
from contextlib import closing, contextmanager
from pathlib import Path
from urllib.parse import urljoin

import psycopg2
import pytest
import requests
from odoo_server import OdooServer, odoo_shell, required_env

STANDBY_PORTS = range(5440, 5450)
START_TIMEOUT = 120
# How long the standby may take to replay what the primary committed.
REPLAY_TIMEOUT = 60
REQUEST_TIMEOUT = 120
CSRF_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
# The settings a hot standby must have at least as high as its primary.
PRIMARY_MINIMUMS = (
    "max_connections",
    "max_prepared_transactions",
    "max_locks_per_transaction",
    "max_worker_processes",
    "max_wal_senders",
)

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

TEARDOWN_SCRIPT = """
env["res.users"].browse({user}).active = False
env["res.partner"].browse({partner}).is_channel_partner = False
env.cr.commit()
"""


def _as_postgres():
    """The command prefix that runs PostgreSQL's programs as the cluster's
    owner: the server refuses to run as root."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _primary():
    return psycopg2.connect(dbname="postgres")


def _query(connection, sql, params=()):
    with connection.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def _bin_dir():
    """The directory of the primary's PostgreSQL programs (Debian keeps
    pg_ctl out of the PATH)."""
    with closing(_primary()) as connection:
        (version,) = _query(connection, "SHOW server_version_num")[0]
    debian = Path(f"/usr/lib/postgresql/{int(version) // 10000}/bin")
    if (debian / "pg_ctl").exists():
        return debian
    pg_ctl = shutil.which("pg_ctl")
    if not pg_ctl:
        pytest.fail(
            "pg_ctl not found: the replica test needs PostgreSQL's server programs"
        )
    return Path(pg_ctl).parent


class Standby:
    """A hot standby of the test cluster in `root`/standby-<port>."""

    def __init__(self, root):
        self.root = Path(root)
        self.bin = _bin_dir()
        self.port = None
        self.dir = None

    @property
    def data(self):
        return self.dir / "data"

    @property
    def log(self):
        return self.dir / "postgresql.log"

    def _run(self, *command, input_text=None):
        result = subprocess.run(
            [*_as_postgres(), *command],
            input=input_text,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT,
            env={k: v for k, v in os.environ.items() if k != "PGUSER"}
            if os.geteuid() == 0
            else None,
            check=False,
        )
        assert result.returncode == 0, f"{command[0]}: {result.stderr[-2000:]}"
        return result.stdout

    def _stop(self, data):
        pg_ctl = self.bin / "pg_ctl"
        subprocess.run(
            [*_as_postgres(), pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"],
            capture_output=True,
            check=False,
        )

    def remove_leftovers(self):
        """Stop and remove the standbys a killed run left."""
        for old in self.root.glob("standby-*"):
            if (old / "data" / "postmaster.pid").exists():
                self._stop(old / "data")
            shutil.rmtree(old, ignore_errors=True)

    def start(self):
        self.root.mkdir(parents=True, exist_ok=True)
        self.remove_leftovers()
        self.port = next(
            port
            for port in STANDBY_PORTS
            if not Path(f"/tmp/.s.PGSQL.{port}").exists()  # noqa: S108
            and not Path(f"/var/run/postgresql/.s.PGSQL.{port}").exists()
        )
        self.dir = self.root / f"standby-{self.port}"
        self.dir.mkdir(mode=0o700)
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        # A base backup of the whole cluster, WAL streamed alongside; -R
        # writes standby.signal and primary_conninfo. No replication slot:
        # a standby left behind holds no WAL on the primary.
        self._run(
            self.bin / "pg_basebackup",
            "-D",
            self.data,
            "-X",
            "stream",
            "-R",
            "--checkpoint=fast",
            "--no-slot",
            "--no-sync",
        )
        with closing(_primary()) as connection:
            minimums = {
                name: _query(connection, f"SHOW {name}")[0][0]  # names above
                for name in PRIMARY_MINIMUMS
            }
        settings = {
            "port": self.port,
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.dir}'",
            "hot_standby": "on",
            "shared_buffers": "'32MB'",
            "fsync": "off",
            "log_statement": "'all'",
            "log_line_prefix": "'%m [%p] %a@%d '",
            "ssl": "off",
            **minimums,
        }
        conf = "".join(f"{name} = {value}\n" for name, value in settings.items())
        hba = "local all all peer\n"
        for name, text in (("postgresql.conf", conf), ("pg_hba.conf", hba)):
            self._run("sh", "-c", f"cat > {self.data / name}", input_text=text)
        self._run(
            self.bin / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.log,
            "-w",
            "-t",
            str(START_TIMEOUT),
            "start",
        )
        return self

    def stop(self):
        if self.dir and (self.data / "postmaster.pid").exists():
            self._stop(self.data)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def connect(self, database):
        return psycopg2.connect(dbname=database, host=str(self.dir), port=self.port)

    def statements(self):
        """The standby's log: every statement it ran."""
        return self.log.read_text(errors="replace")


@contextmanager
def cleanup_on_sigterm():
    """A run stopped with SIGTERM (a CI timeout, setup/test.sh killed) still
    runs the fixtures' finalizers: the standby does not outlive it."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@pytest.fixture(scope="module")
def standby():
    root = Path(required_env("PRM_DATA_DIR")).parent / "replica"
    server = Standby(root)
    with cleanup_on_sigterm():
        try:
            yield server.start()
        finally:
            server.stop()


@pytest.fixture(scope="module")
def portal_data(vendor_db):
    login = f"replica_{uuid.uuid4().hex[:8]}"
    output = odoo_shell(vendor_db, SETUP_SCRIPT.format(login=login))
    ids = json.loads(re.search(r"^IDS=(.*)$", output, re.MULTILINE).group(1))
    yield {"login": login, **ids}
    odoo_shell(vendor_db, TEARDOWN_SCRIPT.format(**ids))


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


def _wait_for_replay(primary, standby_cr):
    """Wait until the standby has replayed what the primary has committed."""
    (lsn,) = _query(primary, "SELECT pg_current_wal_lsn()::text")[0]
    deadline = time.monotonic() + REPLAY_TIMEOUT
    while time.monotonic() < deadline:
        standby_cr.execute(
            "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0", (lsn,)
        )
        if standby_cr.fetchone()[0]:
            return
        time.sleep(0.2)
    pytest.fail(f"the standby did not replay up to {lsn} in {REPLAY_TIMEOUT}s")


def _pause_replay(standby_cr):
    standby_cr.execute("SELECT pg_wal_replay_pause()")
    deadline = time.monotonic() + REPLAY_TIMEOUT
    while time.monotonic() < deadline:
        standby_cr.execute("SELECT pg_get_wal_replay_pause_state()")
        if standby_cr.fetchone()[0] == "paused":
            return
        time.sleep(0.1)
    pytest.fail(f"the standby's replay did not pause in {REPLAY_TIMEOUT}s")


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
        _wait_for_replay(primary, standby_cr)
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
        assert _query(
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
        assert _query(
            primary,
            "SELECT state FROM prm_warranty_claim WHERE partner_id = %s",
            (portal_data["partner"],),
        ) == [("submitted",)]
        assert f"Replica Router {login}" not in portal.get("/my/warranty")
        # Replayed, the standby shows them.
        standby_cr.execute("SELECT pg_wal_replay_resume()")
        _wait_for_replay(primary, standby_cr)
        assert renamed in portal.get("/my/opportunities")
        assert f"Replica Router {login}" in portal.get("/my/warranty")
    log = Path(server.log_path).read_text(errors="replace")
    assert "retrying with a read/write cursor" not in log
    assert "Failed to open a readonly cursor" not in log
    assert " ERROR " not in log, log[-3000:]
