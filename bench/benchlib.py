# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the benchmarks of this folder share."""

import gc
import io
import os
import platform
import pstats
import shutil
import socket
import subprocess
import sys
import time
import xmlrpc.client
from contextlib import closing
from datetime import datetime
from pathlib import Path

import odoo
from odoo import sql_db
from odoo.tools import SQL, config

# Data is built and measured without mail side effects.
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "mail_create_nosubscribe": True,
}
BATCH_SIZE = 500
SERVER_START_TIMEOUT = 180


def create_in_batches(model, vals_list):
    records = model.browse()
    for start in range(0, len(vals_list), BATCH_SIZE):
        records |= model.create(vals_list[start : start + BATCH_SIZE])
    return records


def cold(env):
    """Write pending changes and empty the caches: every run starts cold,
    from the same state of Python's garbage collector (a full collection:
    what the previous runs left does not bring one into the next run).

    With a superuser's connection (the bench's usual one), a checkpoint
    first writes out what the previous runs left dirty: a run making
    hundreds of megabytes of WAL otherwise meets a checkpoint that the
    previous runs' WAL triggered, and pays for their writes (without it,
    the five runs of one kind varied by up to 30 %)."""
    env.flush_all()
    env.invalidate_all()
    gc.collect()
    cr = env.cr
    cr.execute(SQL("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"))
    if cr.fetchone()[0]:
        cr.execute(SQL("CHECKPOINT"))


def print_header(cr, title, args):
    """The benchmark, the machine and its load, for the record."""
    cr.execute(SQL("SHOW server_version"))
    print(
        f"{title}, {datetime.now():%Y-%m-%d %H:%M}, "
        f"database {args.database}, seed {args.seed}\n"
        f"{platform.node()}: {os.cpu_count()} CPUs, {platform.platform()}, "
        f"Python {platform.python_version()}, "
        f"PostgreSQL {cr.fetchone()[0].split()[0]}, "
        f"load average {os.getloadavg()[0]:.2f}"
    )


def print_profile(profiler, what):
    for sort in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(sort).print_stats(25)
        print(f"\ncProfile of {what}, top 25 by {sort}:")
        print(out.getvalue().split("\n\n", 1)[-1].rstrip())


def free_port():
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def drop_database(name):
    # Odoo's exp_drop() only sees the databases of the configuration.
    with closing(sql_db.db_connect("postgres").cursor()) as cr:
        cr._cnx.autocommit = True
        cr.execute(SQL("DROP DATABASE IF EXISTS %s WITH (FORCE)", SQL.identifier(name)))
    shutil.rmtree(config.filestore(name), ignore_errors=True)


class OdooServer:
    """odoo-bin serving databases on loopback, as a context manager."""

    def __init__(self, args, databases, log_path, extra=()):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = Path(log_path)
        odoo_bin = Path(odoo.__file__).resolve().parent.parent / "odoo-bin"
        self.command = [
            sys.executable,
            str(odoo_bin),
            f"--addons-path={args.addons_path}",
            f"--data-dir={args.data_dir}",
            f"--database={','.join(databases)}",
            f"--db-filter=^({'|'.join(databases)})$",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            f"--gevent-port={free_port()}",
            "--workers=0",
            "--log-level=warn",
            f"--logfile={self.log_path}",
            *extra,
        ]
        self.process = None

    def __enter__(self):
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log_path.write_text("")
        stderr_path = self.log_path.with_suffix(".stderr")
        with stderr_path.open("w") as stderr:
            self.process = subprocess.Popen(  # noqa: S603 (our own odoo-bin)
                self.command, stdout=subprocess.DEVNULL, stderr=stderr
            )
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        common = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"odoo-bin stopped (status {self.process.returncode}); see "
                    f"{self.log_path} and {stderr_path}"
                )
            try:
                common.version()
                return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError(f"odoo-bin did not answer; see {self.log_path}")
            time.sleep(0.5)

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def load_config(args):
    """Odoo's configuration for a benchmark's in-process registry."""
    config.parse_config(
        [
            f"--addons-path={args.addons_path}",
            f"--data-dir={args.data_dir}",
            f"--database={args.database}",
            "--log-level=warn",
        ]
    )
