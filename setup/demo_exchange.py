# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Exchange every flow between the running demo's two databases.

    python setup/demo_exchange.py [--runner-only] URL VENDOR_DB PARTNER_DB

Runs each module of ``setup/demo_flows`` (see its docstring) and prints what
went across; then waits for the jobs the exchange queued in each database to
be run by the server's job runner (queue_job, loaded server-wide) and prints
how many it ran. Exits 1 when a flow did not arrive, or when a database's
jobs were not all run and done. With ``--runner-only`` the flows leave the
sending to the job runner (no *Send Now*): on a prefork server with few
workers, where a call to the other database takes a second worker.
"""

import importlib
import pkgutil
import socket
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import demo_flows  # noqa: E402 (after the path above)
from demo_flows import Database, FlowFailed, wait_for  # noqa: E402

RPC_TIMEOUT = 60
# A sending job that found Send Now holding its connection is retried by
# queue_job after 10 s (see the sync's job function).
JOBS_TIMEOUT = 180
UNFINISHED = ["wait_dependencies", "pending", "enqueued", "started"]


def last_job(database):
    found = database.call("queue.job", "search", [], order="id desc", limit=1)
    return found[0] if found else 0


def jobs_run(database, after):
    """Waits until the runner has run every job queued in `database` since
    the job `after`; a line saying how many, or raises FlowFailed."""
    since = [("id", ">", after)]
    wait_for(
        f"{database.database}: the job runner running the exchange's jobs",
        lambda: (
            not database.call(
                "queue.job", "search_count", [*since, ("state", "in", UNFINISHED)]
            )
        ),
        timeout=JOBS_TIMEOUT,
    )
    done = database.call("queue.job", "search_count", [*since, ("state", "=", "done")])
    others = database.call(
        "queue.job", "search_count", [*since, ("state", "!=", "done")]
    )
    if others or not done:
        raise FlowFailed(
            f"{database.database}: {done} jobs done, {others} failed or cancelled"
        )
    return f"{database.database} {done}"


def main(url, vendor_db, partner_db, send_now=True):
    vendor = Database(url, vendor_db, send_now=send_now)
    partner = Database(url, partner_db, send_now=send_now)
    first_jobs = {db: last_job(db) for db in (vendor, partner)}
    ok = True
    for info in sorted(pkgutil.iter_modules(demo_flows.__path__), key=lambda m: m.name):
        flow = importlib.import_module(f"demo_flows.{info.name}")
        try:
            done = flow.run(vendor, partner)
        except (FlowFailed, OSError) as error:
            print(f"[prm] {flow.TITLE}: FAILED: {error}")
            ok = False
            continue
        print(f"[prm] {flow.TITLE}: {done}")
    try:
        counts = [jobs_run(db, after) for db, after in first_jobs.items()]
    except (FlowFailed, OSError) as error:
        print(f"[prm] Jobs: FAILED: {error}")
        return False
    print(f"[prm] Jobs: run and done by the job runner: {', '.join(counts)}")
    return ok


if __name__ == "__main__":
    socket.setdefaulttimeout(RPC_TIMEOUT)
    args = sys.argv[1:]
    runner_only = "--runner-only" in args
    if runner_only:
        args.remove("--runner-only")
    if len(args) != 3:
        raise SystemExit(__doc__)
    sys.exit(0 if main(*args, send_now=not runner_only) else 1)
