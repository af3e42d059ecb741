# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the benchmarks of this folder share."""

import io
import os
import platform
import pstats
from datetime import datetime

from odoo.tools import SQL

# Data is built and measured without mail side effects.
QUIET = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_notrack": True,
    "mail_create_nosubscribe": True,
}
BATCH_SIZE = 500


def create_in_batches(model, vals_list):
    records = model.browse()
    for start in range(0, len(vals_list), BATCH_SIZE):
        records |= model.create(vals_list[start : start + BATCH_SIZE])
    return records


def cold(env):
    """Write pending changes and empty the caches: every run starts cold."""
    env.flush_all()
    env.invalidate_all()


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
