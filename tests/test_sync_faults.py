# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Faults between the vendor's and the partner's databases: answers lost
after the remote committed, the remote killed in the middle of a batch and
restarted, the same message delivered twice at once, a remote slower than
the call's timeout. After each, both sides
hold exactly what they should."""

import threading
import time
import uuid
import xmlrpc.client

import psycopg2
import psycopg2.sql
import pytest
from odoo_server import OdooServer
from sync_network import (
    FaultyProxy,
    forward,
    partner_lead,
    partner_link,
    receive,
)


@pytest.fixture
def reseller(vendor):
    """A channel partner of the vendor whose offers go through a proxy."""
    return vendor.env["res.partner"].create(
        {
            "name": f"Proxy Reseller {uuid.uuid4().hex[:6]}",
            "is_company": True,
            "is_channel_partner": True,
        }
    )


def _offer_states(vendor, connection_id):
    return [
        m["state"]
        for m in vendor.env["prm.sync.message"].search_read(
            [("connection_id", "=", connection_id)], ["state"]
        )
    ]


def test_answer_lost_after_the_remote_committed(
    odoo_server, vendor, partner, partner_db, network, reseller
):
    proxy = FaultyProxy(odoo_server.port)
    try:
        link = partner_link(vendor, proxy, partner_db, reseller, network)
        names = [f"Sync lost answer {n}" for n in range(3)]
        for name in names:
            forward(vendor, reseller, name)
        # Python's XML-RPC client resends once on a dropped connection (at
        # least once already): lose both answers.
        proxy.drop_responses = 2
        link.action_send_now()
        assert _offer_states(vendor, link.id) == ["pending"] * 3, "looks unsent"
        assert all(partner_lead(partner, name) for name in names), "but committed"
        link.action_send_now()
        assert _offer_states(vendor, link.id) == ["done"] * 3
        for name in names:
            assert partner_lead(partner, name).active, "once each (else it raises)"
        results = vendor.env["prm.sync.message"].search_read(
            [("connection_id", "=", link.id)], ["result"]
        )
        assert {r["result"]["status"] for r in results} == {"duplicate"}
    finally:
        proxy.close()


def _hold_table(database, table):
    """A transaction of the test's own holding `table` in SHARE mode: the
    remote can read it but waits, inside its transaction, to write it."""
    holder = psycopg2.connect(dbname=database)
    holder.cursor().execute(
        psycopg2.sql.SQL("LOCK TABLE {} IN SHARE MODE").format(
            psycopg2.sql.Identifier(table)
        )
    )
    return holder


def _backends_waiting_on(holder):
    """The PostgreSQL backends waiting for the lock `holder` holds."""
    with holder.cursor() as cr:
        # pg_stat_activity is read once per transaction, and `holder` stays
        # in its transaction: without a new read, a backend that connected
        # since (a prefork server's new worker) is never seen.
        cr.execute("SELECT pg_stat_clear_snapshot()")
        cr.execute(
            "SELECT pid FROM pg_stat_activity WHERE %s = ANY(pg_blocking_pids(pid))",
            [holder.get_backend_pid()],
        )
        return [pid for (pid,) in cr.fetchall()]


def _kill_inside_transaction(remote, holder, killed):
    """Once the remote waits on `holder`'s lock (it is inside the batch's
    transaction, nothing committed), kill it and end its transaction there:
    the moment of the kill is set by the lock, not by a clock."""
    deadline = time.monotonic() + 120
    while not (waiting := _backends_waiting_on(holder)):
        if time.monotonic() > deadline:
            return  # the assertions below tell what happened instead
        time.sleep(0.05)
    remote.kill()
    with holder.cursor() as cr:
        for pid in waiting:
            cr.execute("SELECT pg_terminate_backend(%s, 30000)", [pid])
    killed.append(waiting)


def test_remote_killed_mid_batch_and_restarted(
    odoo_server, vendor, partner, partner_db, network, reseller
):
    """The remote dies while it applies a batch (held inside the batch's
    transaction by a lock of the test, then killed there): nothing of the
    batch stays at the remote, every message stays pending at the vendor,
    and the next send after the restart delivers each offer once."""
    remote = OdooServer(
        [partner_db], name="test-server-partner", workers=odoo_server.workers
    ).start()
    proxy = FaultyProxy(remote.port)
    holder = _hold_table(partner_db, "crm_lead")
    try:
        link = partner_link(vendor, proxy, partner_db, reseller, network)
        link.write({"timeout": 120})
        names = [f"Sync killed batch {n}" for n in range(40)]
        for name in names:
            forward(vendor, reseller, name)
        killed = []
        killer = threading.Thread(
            target=_kill_inside_transaction, args=(remote, holder, killed)
        )
        killer.start()
        link.action_send_now()
        killer.join(timeout=180)
        assert killed, "the remote never started to apply the batch"
        holder.rollback()
        assert set(_offer_states(vendor, link.id)) == {"pending"}
        assert not any(partner_lead(partner, name) for name in names), (
            "a batch is one transaction: nothing of it was committed"
        )
        remote.start()
        proxy.upstream_port = remote.port
        link.action_send_now()
        assert _offer_states(vendor, link.id) == ["done"] * len(names)
        for name in names:
            assert partner_lead(partner, name), f"{name} lost"
    finally:
        holder.close()
        proxy.close()
        remote.stop()


def test_same_message_delivered_twice_at_once(
    odoo_server, partner, partner_db, network
):
    wire = {
        "uuid": str(uuid.uuid4()),
        "kind": "lead_offer",
        "version": 10**9 + 1,
        "payload": {
            "lead_id": 876543,
            "name": "Sync concurrent lead",
            "deadline": False,
        },
    }
    answers = []

    def deliver():
        answers.append(
            receive(
                odoo_server,
                partner_db,
                network["vendor_login"],
                network["vendor_key"],
                [wire],
            )[wire["uuid"]]
        )

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(answer["status"] for answer in answers) == ["done", "duplicate"]
    assert answers[0]["remote_id"] == answers[1]["remote_id"]
    assert partner_lead(partner, "Sync concurrent lead"), "exactly one lead"


def test_timeout_then_the_late_apply_is_answered_as_a_duplicate(
    odoo_server, vendor, partner, partner_db, network, reseller
):
    """The remote answers after the call's timeout: the message stays
    pending; the remote applied it meanwhile; the next send gets the first
    answer and the lead exists once."""
    proxy = FaultyProxy(odoo_server.port)
    try:
        link = partner_link(vendor, proxy, partner_db, reseller, network)
        # Long enough for the login (not held); the call itself is held by
        # the proxy until the sender gave up on it.
        link.write({"timeout": 5})
        forward(vendor, reseller, "Sync slow remote lead")
        # The proxy holds the call until the sender has given up on it.
        gate = threading.Event()
        proxy.before_forward = lambda: gate.wait(timeout=120)
        link.action_send_now()
        gate.set()
        assert _offer_states(vendor, link.id) == ["pending"]
        (message,) = vendor.env["prm.sync.message"].search_read(
            [("connection_id", "=", link.id)], ["last_error", "attempts"]
        )
        assert "timed out" in message["last_error"].lower()
        deadline = time.monotonic() + 30
        while not partner_lead(partner, "Sync slow remote lead"):
            assert time.monotonic() < deadline, "the remote never applied it"
            time.sleep(0.5)
        proxy.before_forward = None
        link.action_send_now()
        assert _offer_states(vendor, link.id) == ["done"]
        (message,) = vendor.env["prm.sync.message"].search_read(
            [("connection_id", "=", link.id)], ["result"]
        )
        assert message["result"]["status"] == "duplicate"
        assert partner_lead(partner, "Sync slow remote lead").active
    finally:
        proxy.close()


def test_one_sender_at_a_time_per_connection(
    odoo_server, vendor, partner, vendor_db, partner_db, network, reseller
):
    """Send Now pressed while the messages are on their way: the second
    sender is told so and sends nothing; the batch goes once, each lead
    exists once and is bound once."""
    proxy = FaultyProxy(odoo_server.port)
    try:
        link = partner_link(vendor, proxy, partner_db, reseller, network)
        names = [f"Sync one sender {n}" for n in range(3)]
        lead_ids = [forward(vendor, reseller, name) for name in names]
        calls = []
        arrived, gate = threading.Event(), threading.Event()

        def hold():
            calls.append(1)
            arrived.set()
            gate.wait(timeout=120)

        proxy.before_forward = hold
        common = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/common")
        uid = common.authenticate(vendor_db, "admin", "admin", {})
        outcomes = []

        def send_now():
            models = xmlrpc.client.ServerProxy(f"{odoo_server.url}/xmlrpc/2/object")
            try:
                models.execute_kw(
                    vendor_db,
                    uid,
                    "admin",
                    "prm.sync.connection",
                    "action_send_now",
                    [[link.id]],
                )
                outcomes.append("sent")
            except xmlrpc.client.Fault as fault:
                outcomes.append(fault.faultString)

        first = threading.Thread(target=send_now)
        first.start()
        assert arrived.wait(timeout=120), "the first sender never reached the remote"
        send_now()  # while the first sender waits for the remote
        gate.set()
        first.join(timeout=120)
        assert outcomes[0] != "sent", "the second sender is refused first"
        assert "being sent right now" in outcomes[0]
        assert outcomes[1] == "sent"
        assert len(calls) == 1, "the batch went once"
        assert _offer_states(vendor, link.id) == ["done"] * 3
        bindings = vendor.env["prm.sync.binding"].search_count(
            [("res_model", "=", "crm.lead"), ("res_id", "in", lead_ids)]
        )
        assert bindings == 3
        assert all(partner_lead(partner, name) for name in names)
    finally:
        proxy.close()


def _send_jobs(database):
    """{id: state} of the sending jobs in `database` (the test server runs
    no job runner: they stay as they are made)."""
    with psycopg2.connect(dbname=database) as cnx, cnx.cursor() as cr:
        cr.execute(
            "SELECT id, state FROM queue_job WHERE method_name = '_prm_send_pending'"
        )
        return dict(cr.fetchall())


def test_message_added_while_the_runner_takes_the_job(
    vendor, vendor_db, partner_db, network, reseller, odoo_server
):
    """A new message finds the connection's sending job pending, but the job
    runner hands that job to a worker before the message is committed (on a
    prefork server, another process at the same moment): the job may have
    looked for messages already, so the message gets a job of its own rather
    than relying on that one, and is not left pending."""
    proxy = FaultyProxy(odoo_server.port)  # (a connection of its own)
    link = partner_link(vendor, proxy, partner_db, reseller, network)
    proxy.close()
    before = _send_jobs(vendor_db)
    forward(vendor, reseller, "Sync wake-up first lead")
    (first_job,) = set(_send_jobs(vendor_db)) - set(before)
    # The second offer: the test holds its request at the insert of its
    # message (its snapshot, where the sending job is pending, already taken).
    lead_id = vendor.env["crm.lead"].create(
        {"name": "Sync wake-up second lead", "type": "lead"}
    )
    Wizard = vendor.env["prm.lead.forward.wizard"]
    wizard_id = Wizard.create({"lead_ids": [(6, 0, [lead_id])], "partner_id": reseller})
    holder = _hold_table(vendor_db, "prm_sync_message")
    notifier = threading.Thread(target=Wizard.browse(wizard_id).action_forward)
    try:
        notifier.start()
        deadline = time.monotonic() + 120
        while not _backends_waiting_on(holder):
            assert time.monotonic() < deadline, "the offer never wrote its message"
            time.sleep(0.05)
        # Meanwhile the runner hands the pending job to a worker.
        with psycopg2.connect(dbname=vendor_db) as cnx, cnx.cursor() as cr:
            cr.execute(
                "UPDATE queue_job SET state = 'enqueued' WHERE id = %s", [first_job]
            )
    finally:
        holder.rollback()
        holder.close()
        notifier.join(timeout=120)
    jobs = _send_jobs(vendor_db)
    assert jobs[first_job] == "enqueued"
    assert [state for job, state in jobs.items() if job > first_job] == ["pending"], (
        "the second message has a job of its own"
    )
    messages = vendor.env["prm.sync.message"].search_read(
        [("connection_id", "=", link.id)], ["state"]
    )
    assert [m["state"] for m in messages] == ["pending", "pending"]
    # Not left pending for the next tests' outbox (their offers only).
    with psycopg2.connect(dbname=vendor_db) as cnx, cnx.cursor() as cr:
        cr.execute(
            "UPDATE prm_sync_message SET state = 'cancelled' WHERE connection_id = %s",
            [link.id],
        )
