# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Sync fan-out benchmark: a vendor offering leads to many partner databases,
one of them dead and one slow, against the same run without those two.

One vendor database and N partner databases (copies of one installed
partner database), connected through the suite's authorisation (each side
authorises the other and connects with the key it got), served by two real
``odoo-bin`` on loopback: the vendor's, and one serving every partner
database, each with its ``queue_job`` runner, whose channels come from the
databases (the suite's: the sync channel, a channel of capacity 1 per
connection, the failing connections' channel). Besides them: a "dead"
partner (a TCP server that accepts and never answers: each call lasts the
connection's timeout, 10 s, the default) and a "slow" one (a real partner
database behind a proxy answering each call 5 s late).

Each run offers LEADS leads to each partner (the vendor's sync channels
paused meanwhile) and measures, from the moment they are all in the outbox
and the channels resume, the time until every live partner (the N) has all
its offers and the vendor all their answers (the script accepts a partner's
offers by XML-RPC as soon as they are all there). For each number of job
slots (the vendor's sync channel capacity), pairs of runs (best of REPEAT
kept): without, the slow partner's database reached directly (healthy: the
servers do the same work) and no dead one; with, the slow one behind its
proxy and the dead one (freshly dead each time: its first timeout takes a
slot), these two offered first so that their jobs take the first slots.
Target: with them, at most 1.2 times without, with more job slots than
those two hold (one each: with 1 or 2 slots they hold all of them for their
first call, by design, and the ratio is printed).
It prints the memory and the PostgreSQL connections of each Odoo process.
Run it with ``bench/run.sh sync_fanout``.
"""

import argparse
import os
import socket
import sys
import threading
import time
from contextlib import ExitStack, closing
from datetime import datetime, timedelta
from pathlib import Path

import odoorpc
from benchlib import OdooServer, drop_database, load_config, print_header

from odoo import sql_db
from odoo.modules.registry import Registry
from odoo.service import db

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from sync_network import FaultyProxy, authorize  # noqa: E402

POLL_SECONDS = 0.2
WAIT_LIMIT = 600
RATIO_LIMIT = 1.2
SLOW_SECONDS = 5
# The dead and the slow partner.
BAD_PARTNERS = 2
# Jobs the partners' server runs at once, all partner databases together.
PARTNER_SERVER_SLOTS = 4


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="prm_bench")
    parser.add_argument("--partners", type=int, default=10)
    parser.add_argument("--leads", type=int, default=50)
    parser.add_argument(
        "--slots", default="1,2,4", help="vendor's sync channel capacities to try"
    )
    parser.add_argument(
        "--repeat", type=int, default=2, help="runs of each pair, best kept"
    )
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--data-dir", required=True)
    return parser.parse_args()


def copy_database(template, name):
    drop_database(name)
    db.exp_duplicate_database(template, name)


def quiet_crons(name):
    """The template's scheduled actions are long overdue: left as they are,
    the servers' first minutes run all of them in the middle of the runs
    (triggered ones, e.g. the offers' notification, still run)."""
    with closing(sql_db.db_connect(name).cursor()) as cr:
        cr.execute(
            "UPDATE ir_cron SET nextcall = now() at time zone 'UTC' + interval '1 day'"
        )
        cr.commit()


class DeadPartner:
    """Accepts connections and never answers (a database server hung, a
    firewall dropping the answers): each call lasts its timeout."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.url = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.held = []
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def _accept(self):
        while True:
            try:
                conn, _address = self.sock.accept()
            except OSError:
                return
            self.held.append(conn)

    def close(self):
        self.sock.close()
        for conn in self.held:
            conn.close()


def client(server, database):
    rpc = odoorpc.ODOO("127.0.0.1", port=server.port, timeout=WAIT_LIMIT)
    rpc.login(database, "admin", "admin")
    return rpc


def connect(rpc, url, remote_db, role, partner_id, login, key, **extra):
    return rpc.env["prm.sync.connection"].create(
        {
            "name": f"{remote_db} ({role})",
            "remote_role": role,
            "partner_id": partner_id,
            "remote_url": url,
            "remote_database": remote_db,
            "remote_login": login,
            "api_key": key,
            **extra,
        }
    )


class Partner:
    """A partner database as the vendor sees it: its company in the
    vendor's database, its connection, and a client of the database."""

    def __init__(self, label, database, url, rpc=None):
        self.label, self.database, self.url, self.rpc = label, database, url, rpc
        self.partner_id = self.connection_id = None


def link(vendor, vendor_server, vendor_db, partner):
    """Both sides authorise each other and connect (the dead partner: the
    vendor's side only, with a key nobody checks)."""
    partner.partner_id, login, key = authorize(
        vendor,
        f"Partner {partner.label}",
        is_channel_partner=True,
        connection_mode="connected",
    )
    if partner.rpc:
        vendor_id, vendor_login, vendor_key = authorize(partner.rpc, "Aurora Devices")
        team_id = partner.rpc.env["crm.team"].create({"name": "Vendor leads"})
        connect(
            partner.rpc,
            vendor_server.url,
            vendor_db,
            "vendor",
            vendor_id,
            login,
            key,
            lead_team_id=team_id,
        )
    else:
        vendor_login, vendor_key = "sync", "k" * 40
    partner.connection_id = connect(
        vendor,
        partner.url,
        partner.database,
        "partner",
        partner.partner_id,
        vendor_login,
        vendor_key,
    )


def offer(vendor, partners, prefix, count):
    """Create `count` leads for each partner and forward them (its offers
    are notified later, when the clock runs)."""
    deadline = (datetime.utcnow() + timedelta(hours=48)).strftime("%Y-%m-%d %H:%M:%S")
    Wizard = vendor.env["prm.lead.forward.wizard"]
    for partner in partners:
        lead_ids = vendor.env["crm.lead"].create(
            [
                {
                    "name": f"{prefix} {partner.label} {number}",
                    "type": "lead",
                    "contact_name": f"Contact {number}",
                    "email_from": f"buyer{number}@customer{number}.example.com",
                    "expected_revenue": 1000 + number,
                }
                for number in range(count)
            ]
        )
        wizard_id = Wizard.create(
            {
                "lead_ids": [(6, 0, lead_ids)],
                "partner_id": partner.partner_id,
                "deadline": deadline,
            }
        )
        Wizard.browse(wizard_id).action_forward()


def count(database, query, params):
    with closing(sql_db.db_connect(database).cursor()) as cr:
        cr.execute(query, params)
        return cr.fetchall()


def offered(partner, prefix):
    return count(
        partner.database,
        "SELECT count(*) FROM crm_lead WHERE name LIKE %s "
        "AND prm_vendor_offer_state = 'offered'",
        [f"{prefix} %"],
    )[0][0]


def accepted(vendor_db, prefix):
    return dict(
        count(
            vendor_db,
            "SELECT partner_assigned_id, count(*) FROM crm_lead WHERE name LIKE %s "
            "AND prm_offer_state = 'accepted' GROUP BY partner_assigned_id",
            [f"{prefix} %"],
        )
    )


class Sampler:
    """Memory (RSS) and PostgreSQL connections of each Odoo process, the
    highest seen."""

    def __init__(self, servers):
        self.servers = servers  # {label: OdooServer}
        self.rss = dict.fromkeys(servers, 0)
        self.connections = dict.fromkeys(servers, 0)
        self.by_database = {label: {} for label in servers}

    def sample(self):
        rows = count(
            "postgres",
            "SELECT application_name, datname, count(*) FROM pg_stat_activity "
            "WHERE application_name LIKE %s GROUP BY 1, 2",
            ["odoo-%"],
        )
        for label, server in self.servers.items():
            pid = server.process.pid
            status = Path(f"/proc/{pid}/status").read_text()
            rss = int(
                next(s for s in status.splitlines() if s.startswith("VmRSS:")).split()[
                    1
                ]
            )
            self.rss[label] = max(self.rss[label], rss // 1024)
            mine = [(name, n) for app, name, n in rows if app == f"odoo-{pid}"]
            self.connections[label] = max(
                self.connections[label], sum(n for _name, n in mine)
            )
            for name, n in mine:
                seen = self.by_database[label]
                seen[name] = max(seen.get(name, 0), n)


def run_once(args, vendor, vendor_db, targets, live, prefix, sampler):
    """Offer the leads to `targets`; seconds until every one of `live` has
    its offers and the vendor their answers, and the slow partner's (if in
    `targets`).

    A forward puts its offers in the outbox and queues the connection's job
    in its transaction: the vendor's sync channels are paused meanwhile, so
    that every partner's offers wait in the outbox when the clock starts
    (as when a routing run offers leads to all of them at once)."""
    Channel = vendor.env["queue.job.channel"]
    channels = Channel.browse(
        [
            vendor.env.ref(f"partner_relationship_sync.{xmlid}").id
            for xmlid in ("queue_job_channel_sync", "queue_job_channel_sync_failing")
        ]
    )
    channels.write({"paused": True})
    offer(vendor, targets, prefix, args.leads)
    started = time.perf_counter()
    channels.write({"paused": False})
    waiting = {p.label: p for p in targets if p.rpc}
    answered_at, offered_at = {}, {}
    last_sample = 0
    while waiting:
        now = time.perf_counter() - started
        if now > WAIT_LIMIT:
            raise RuntimeError(f"{prefix}: still waiting for {sorted(waiting)}")
        if now - last_sample >= 1:
            sampler.sample()
            last_sample = now
        for label, partner in list(waiting.items()):
            if label in offered_at:
                continue
            if offered(partner, prefix) >= args.leads:
                offered_at[label] = time.perf_counter() - started
                Lead = partner.rpc.env["crm.lead"]
                Lead.browse(
                    Lead.search(
                        [
                            ("name", "=like", f"{prefix} %"),
                            ("prm_vendor_offer_state", "=", "offered"),
                        ]
                    )
                ).action_prm_vendor_accept()
        done = accepted(vendor_db, prefix)
        for label, partner in list(waiting.items()):
            if done.get(partner.partner_id, 0) >= args.leads:
                answered_at[label] = time.perf_counter() - started
                del waiting[label]
        time.sleep(POLL_SECONDS)
    sampler.sample()
    live_labels = [p.label for p in live]
    return (
        max(answered_at[label] for label in live_labels),
        max(offered_at[label] for label in live_labels),
        answered_at.get("slow"),
    )


def fresh_dead(vendor, vendor_db, dead):
    """The dead partner as if it had just died: no failure recorded, no
    message waiting (its first timeout takes a slot again). Its last try
    ends first (a timeout records its failure on the messages)."""
    started = time.perf_counter()
    while count(
        vendor_db,
        "SELECT count(*) FROM queue_job WHERE func_string LIKE %s "
        "AND state IN ('enqueued', 'started')",
        [f"prm.sync.connection({dead.connection_id},)%"],
    )[0][0]:
        if time.perf_counter() - started > WAIT_LIMIT:
            raise RuntimeError("The dead partner's job never ended.")
        time.sleep(POLL_SECONDS)
    Message = vendor.env["prm.sync.message"]
    Message.browse(
        Message.search(
            [("connection_id", "=", dead.connection_id), ("state", "=", "pending")]
        )
    ).action_cancel()
    vendor.env["prm.sync.connection"].browse(dead.connection_id).write(
        {
            "delivery_state": "ok",
            "failure_count": 0,
            "failing_since": False,
            "next_attempt": False,
        }
    )


def main():
    args = parse_args()
    load_config(args)
    with closing(Registry(args.database).cursor()) as cr:
        print_header(cr, "Sync fan-out benchmark", args)
    slots = [int(s) for s in args.slots.split(",")]
    vendor_db = f"{args.database}_fan_vendor"
    partner_tpl = f"{args.database}_fan_partner"
    partner_dbs = [f"{args.database}_fan_p{i:02d}" for i in range(1, args.partners + 1)]
    slow_db = f"{args.database}_fan_slow"
    databases = [vendor_db, partner_tpl, *partner_dbs, slow_db]
    started = time.perf_counter()
    for name in (vendor_db, partner_tpl):
        copy_database(args.database, name)
        quiet_crons(name)
        sql_db.close_db(name)
    for name in (*partner_dbs, slow_db):
        copy_database(partner_tpl, name)
    print(
        f"{len(partner_dbs) + 2} databases copied in "
        f"{time.perf_counter() - started:.0f} s."
    )
    log_dir = Path(args.data_dir).parent / "log"
    # Each runner takes its channels from its databases (no server-wide
    # channels): the sync channel's capacity is set below.
    os.environ.pop("ODOO_QUEUE_JOB_CHANNELS", None)
    # No cron thread: the run triggers the offers' notification itself (a
    # threaded server's cron thread also dies when another thread loads a
    # database's registry meanwhile, "OrderedDict mutated during iteration").
    extra = ["--max-cron-threads=0", "--load=base,web,queue_job"]
    try:
        with ExitStack() as stack:
            os.environ["ODOO_QUEUE_JOB_MAX_CAPACITY"] = str(max(slots) + 1)
            vendor_server = stack.enter_context(
                OdooServer(
                    args, [vendor_db], log_dir / "bench-fanout-vendor.log", extra
                )
            )
            os.environ["ODOO_QUEUE_JOB_MAX_CAPACITY"] = str(PARTNER_SERVER_SLOTS)
            partner_server = stack.enter_context(
                OdooServer(
                    args,
                    [*partner_dbs, slow_db],
                    log_dir / "bench-fanout-partners.log",
                    extra,
                )
            )
            proxy = FaultyProxy(partner_server.port)
            proxy.before_forward = lambda: time.sleep(SLOW_SECONDS)
            stack.callback(proxy.close)
            dead = DeadPartner()
            stack.callback(dead.close)
            args.slot_list = slots
            args.vendor_db, args.partner_dbs, args.slow_db = (
                vendor_db,
                partner_dbs,
                slow_db,
            )
            return run(args, (vendor_server, partner_server), proxy, dead)
    finally:
        for name in databases:
            Registry.delete(name)
            sql_db.close_db(name)
            drop_database(name)


def run(args, servers, proxy, dead_server):
    vendor_server, partner_server = servers
    slots, vendor_db, slow_db = args.slot_list, args.vendor_db, args.slow_db
    partner_dbs = args.partner_dbs
    started = time.perf_counter()
    vendor = client(vendor_server, vendor_db)
    live = [
        Partner(f"p{i:02d}", name, partner_server.url, client(partner_server, name))
        for i, name in enumerate(partner_dbs, 1)
    ]
    slow = Partner("slow", slow_db, proxy.url, client(partner_server, slow_db))
    dead = Partner("dead", "dead", dead_server.url)
    for partner in (*live, slow, dead):
        link(vendor, vendor_server, vendor_db, partner)
    sync_channel = vendor.env.ref("partner_relationship_sync.queue_job_channel_sync")
    print(
        f"Vendor server {vendor_server.url}, partners' server {partner_server.url} "
        f"({len(partner_dbs) + 1} databases, job runner {PARTNER_SERVER_SLOTS} "
        f"slots), dead partner {dead_server.url} (connection timeout 10 s), slow "
        f"partner {proxy.url} (+{SLOW_SECONDS} s a call); {args.leads} leads to each; "
        f"linked in {time.perf_counter() - started:.0f} s."
    )
    sampler = Sampler({"vendor": vendor_server, "partners": partner_server})
    # A first offer to everyone, not measured: the servers load each
    # database's registry and caches.
    run_once(args, vendor, vendor_db, [*live, slow], live, "Warm-up", sampler)
    rows = []
    slow_connection = vendor.env["prm.sync.connection"].browse(slow.connection_id)
    for capacity in slots:
        sync_channel.capacity = capacity
        time.sleep(1)  # the runner reloads its channels (notified)
        best = None
        for attempt in range(1, args.repeat + 1):
            # Without: the slow partner's database reached directly, healthy
            # (the same work for the servers), no dead one.
            slow_connection.remote_url = partner_server.url
            without = run_once(
                args,
                vendor,
                vendor_db,
                [slow, *live],
                live,
                f"S{capacity}.{attempt} without",
                sampler,
            )
            slow_connection.remote_url = proxy.url
            fresh_dead(vendor, vendor_db, dead)
            # The dead and slow partners offered first: their jobs are the
            # first handed to the runner (the worst case).
            with_them = run_once(
                args,
                vendor,
                vendor_db,
                [dead, slow, *live],
                live,
                f"S{capacity}.{attempt} with",
                sampler,
            )
            # (without, its offers, with, its offers, the slow partner's)
            times = (*without[:2], *with_them)
            best = [min(pair) for pair in zip(best or times, times, strict=True)]
        rows.append((capacity, *best))
    failing = (
        vendor.env["prm.sync.connection"]
        .browse(dead.connection_id)
        .read(["delivery_state", "failure_count"])[0]
    )
    print(
        f"\n{'slots':>5} {'without (s)':>12} {'offers':>8} {'with (s)':>10} "
        f"{'offers':>8} {'ratio':>7} {'slow done':>10}  check"
    )
    print("-" * 76)
    checked = []
    for capacity, without, w_offers, with_them, with_offers, slow_done in rows:
        ratio = with_them / without
        # The dead and slow partners hold one slot each for their first call
        # (the timeout, the slow answer): the target is for the slots beyond.
        if capacity > BAD_PARTNERS:
            checked.append(ratio <= RATIO_LIMIT)
            check = "PASS" if checked[-1] else "FAIL"
        else:
            check = f"- (they hold {BAD_PARTNERS} slots)"
        print(
            f"{capacity:>5} {without:>12.2f} {w_offers:>8.2f} {with_them:>10.2f} "
            f"{with_offers:>8.2f} {ratio:>6.2f}x {slow_done:>10.2f}  {check}"
        )
    ok = bool(checked) and all(checked)
    base = rows[0][1]
    print(
        "\nScaling without the dead and slow partners (time with "
        f"{rows[0][0]} slot(s) / time): "
        + ", ".join(f"{c} slots {base / w:.2f}x" for c, w, *_rest in rows)
    )
    print(
        f"Dead partner's connection at the end: {failing['delivery_state']}, "
        f"{failing['failure_count']} failed attempts."
    )
    print(
        f"\nHighest seen per Odoo process ({len(partner_dbs) + 1} partner databases):"
    )
    for label, server in sampler.servers.items():
        per_db = sampler.by_database[label]
        print(
            f"  {label:<9} pid {server.process.pid}: RSS {sampler.rss[label]} MiB, "
            f"{sampler.connections[label]} PostgreSQL connections ("
            + ", ".join(
                f"{name.rsplit('_', 1)[-1]} {n}" for name, n in sorted(per_db.items())
            )
            + ")"
        )
    print(
        f"\nWith the dead and slow partners, at most {RATIO_LIMIT}x the same run "
        f"without, with more than {BAD_PARTNERS} slots: {'PASS' if ok else 'FAIL'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
