# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""VMI replenishment benchmark: ``prm.vmi.proposal._compute_proposals()``.

Builds channel partners, products and, per partner and product, an inventory
target and the figures a partner shares (monthly sell-through, today's stock,
next month's forecast for some) inside one transaction, then times the
nightly recompute of every open proposal as the data grows: the targets and
figures of the first eighth of the partners, then of a quarter, a half and
all of them (200 partners x 500 products x 12 months: 1.2 million sales
figures). It prints seconds, SQL queries and seconds per 100k figures read,
and checks that the query count stays constant and that the time grows no
faster than linearly with the figures.

The data grows between sizes, rather than ``partners=`` selecting a subset
of the full data, because the cron recomputes all partners (``partners=None``)
and that is the case that must scale with the data; a last run recomputes
the first eighth of the partners with ``partners=`` in the full data, for
information. Every run is rolled back to a savepoint, so each starts from an
empty proposal table; each size counts the fastest of ``--repeat`` runs (the
machine is shared). ``--profile`` adds the statements' times, cProfile and
``EXPLAIN ANALYZE`` at the largest size.

Nothing is ever committed: the cursor is rolled back and closed at the end.
Run it through ``bench/run.sh vmi_replenishment``, which creates the database
and passes the addons path and data directory.
"""

import argparse
import cProfile
import hashlib
import os
import random
import threading
import time
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import timedelta

from benchlib import (
    QUIET,
    cold,
    create_in_batches,
    load_config,
    print_header,
    print_profile,
)

from odoo import SUPERUSER_ID, Command, api, fields
from odoo.modules.registry import Registry
from odoo.tools import SQL

# The sizes measured, as fractions of --partners: 25, 50, 100 and 200 by default.
SIZE_FRACTIONS = (1 / 8, 1 / 4, 1 / 2, 1)
# The linearity check compares the time per figure of the largest size with
# that of this fraction (not the smallest, where fixed costs weigh most).
REFERENCE_FRACTION = 1 / 4
LINEAR_LIMIT = 1.3
# The proposal model's look-back for sales (figures older are not read).
SALES_LOOK_BACK_DAYS = 365

# Share of the partner x product pairs that sold nothing (dead stock), that
# have no stock (stock-outs), that shared a forecast, and whose target is days
# of cover (the rest: a min/max band).
DEAD_SHARE = 0.1
STOCK_OUT_SHARE = 0.08
FORECAST_SHARE = 0.3
COVER_SHARE = 0.6
COVER_DAYS = [14, 30, 45, 60]
LOCATION = "Main warehouse"
# Open (confirmed, undelivered) orders: one for every ORDER_EVERY-th partner,
# of LINES_PER_ORDER products.
ORDER_EVERY = 4
LINES_PER_ORDER = 5
# Tables the data lands in, analyzed by hand after each growth step (see
# bench/lead_routing.py: autovacuum cannot see an open transaction's rows).
# Not res_partner nor the product tables: the few rows added there do not
# change the plans, and ANALYZE waits for any other open transaction that
# analyzed the same table (e.g. a concurrent run of lead_routing) to end.
FILLED_TABLES = (
    "sale_order",
    "sale_order_line",
    "prm_vmi_upload",
    "prm_vmi_target",
    "prm_vmi_report",
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="prm_bench")
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--products", type=int, default=500)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="Runs per size; the fastest counts (default 5).",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="At the largest size, also time each statement, cProfile one run "
        "and EXPLAIN ANALYZE the slow statements.",
    )
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--data-dir", required=True)
    args = parser.parse_args()
    if args.partners < 8 or args.products < 1 or args.months < 1:
        parser.error("Use at least 8 partners, 1 product and 1 month.")
    if args.repeat < 1:
        parser.error("--repeat: at least 1.")
    return args


# Data -------------------------------------------------------------------------


def build_catalog(env, args):
    """Partners, products, one upload per partner and a few open orders, with
    the ORM; the targets and figures come later, per slice of partners."""
    rng = random.Random(args.seed)
    manager = env.ref("base.user_admin")
    partners = create_in_batches(
        env["res.partner"],
        [
            {
                "name": f"Bench VMI Partner {index:04d}",
                "is_company": True,
                "is_channel_partner": True,
                "partner_manager_id": manager.id,
            }
            for index in range(args.partners)
        ],
    )
    products = create_in_batches(
        env["product.product"],
        [
            {
                "name": f"Bench VMI Product {index:05d}",
                "default_code": f"BVMI-{index:05d}",
                "list_price": rng.randrange(10, 2000),
            }
            for index in range(args.products)
        ],
    )
    uploads = env["prm.vmi.upload"].create(
        [
            {
                "name": f"bench-{partner.id}.csv",
                "partner_id": partner.id,
                "checksum": hashlib.sha256(
                    f"bench {args.seed} {partner.id}".encode()
                ).hexdigest(),
                "state": "imported",
                "company_id": env.company.id,
            }
            for partner in partners
        ]
    )
    orders = env["sale.order"].create(
        [
            {
                "partner_id": partner.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": product_id,
                            "product_uom_qty": rng.randint(1, 20),
                        }
                    )
                    for product_id in rng.sample(
                        products.ids, min(LINES_PER_ORDER, len(products))
                    )
                ],
            }
            for partner in partners[::ORDER_EVERY]
        ]
    )
    orders.action_confirm()
    return partners, products, uploads, orders


def create_param_table(env):
    """A temporary table of the random traits of each partner x product pair,
    so that the target and all the figures of a pair agree (dropped with the
    transaction)."""
    env.cr.execute(
        SQL(
            """
            CREATE TEMPORARY TABLE bench_vmi_param (
                partner_id integer NOT NULL,
                product_id integer NOT NULL,
                upload_id integer NOT NULL,
                rate float8 NOT NULL,          -- units sold a month, lately
                growth float8 NOT NULL,        -- month-on-month sales growth
                stock_months float8 NOT NULL,  -- stock, in months of sales
                forecast boolean NOT NULL,     -- shared next month's forecast
                cover_days integer NOT NULL    -- 0: a min/max target
            ) ON COMMIT DROP
            """
        )
    )


def add_slice(env, args, partners, uploads, products, today):
    """Insert the targets and figures of `partners` (with their `uploads`) in
    SQL: per product, a target, `args.months` monthly sales figures ending
    with last month, today's stock and, for some, next month's forecast.

    The randomness is PostgreSQL's random(), seeded from --seed and the
    slice's first partner, so each slice's data is repeatable.
    """
    cr = env.cr
    seed = random.Random(f"{args.seed} {partners[:1].id}").uniform(-1, 1)
    cr.execute(SQL("SELECT setseed(%s)", seed))
    cr.execute(
        SQL(
            """
            INSERT INTO bench_vmi_param
            SELECT partner.id, product.id, partner.upload_id,
                   CASE WHEN random() < %(dead)s THEN 0
                        ELSE floor(exp(random() * 4)) END,
                   0.9 + random() * 0.22,
                   CASE WHEN random() < %(stock_out)s THEN 0
                        ELSE random() * 3 END,
                   random() < %(forecast)s,
                   CASE WHEN random() < %(cover)s
                        THEN (%(cover_days)s::int[])[
                             1 + floor(random() * %(cover_choices)s)::int]
                        ELSE 0 END
              FROM unnest(%(partners)s::int[], %(uploads)s::int[])
                   AS partner(id, upload_id)
        CROSS JOIN unnest(%(products)s::int[]) AS product(id)
            """,
            dead=DEAD_SHARE,
            stock_out=STOCK_OUT_SHARE,
            forecast=FORECAST_SHARE,
            cover=COVER_SHARE,
            cover_days=COVER_DAYS,
            cover_choices=len(COVER_DAYS),
            partners=partners.ids,
            uploads=uploads.ids,
            products=products.ids,
        )
    )
    common = {
        "partners": partners.ids,
        "company": env.company.id,
        "uid": env.uid,
        "now": fields.Datetime.now(),
        "location": LOCATION,
        "month": today.replace(day=1),
    }
    cr.execute(
        SQL(
            """
            INSERT INTO prm_vmi_target (
                partner_id, partner_manager_id, product_id, company_id, active,
                min_qty, max_qty, cover_days,
                create_uid, create_date, write_uid, write_date)
            SELECT param.partner_id, partner.partner_manager_id, param.product_id,
                   %(company)s, TRUE,
                   CASE WHEN param.cover_days = 0 THEN ceil(param.rate / 2)
                        ELSE 0 END,
                   CASE WHEN param.cover_days = 0 THEN ceil(param.rate * 1.5) + 1
                        ELSE 0 END,
                   param.cover_days, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM bench_vmi_param param
              JOIN res_partner partner ON partner.id = param.partner_id
             WHERE param.partner_id = ANY(%(partners)s)
            """,
            **common,
        )
    )
    # Per kind of figure: its dates and quantity, per pair of `param` (and
    # month `age` ago for sales), and which pairs have one.
    figures = [
        (
            # Month `age` ago (1: last month), each month back `growth`
            # times lower, with noise.
            "sales",
            SQL("(%(month)s::date - make_interval(months => age))::date", **common),
            SQL(
                "(%(month)s::date - make_interval(months => age - 1))::date - 1",
                **common,
            ),
            SQL(
                "round(param.rate * power(param.growth, 1 - age)"
                " * (0.75 + random() * 0.5))"
            ),
            SQL("CROSS JOIN generate_series(1, %s) AS age", args.months),
            SQL("TRUE"),
        ),
        (
            "stock",
            SQL("%s::date", today),
            SQL("%s::date", today),
            SQL("round(param.rate * param.stock_months)"),
            SQL(),
            SQL("TRUE"),
        ),
        (
            "forecast",
            SQL("(%(month)s::date + interval '1 month')::date", **common),
            SQL("(%(month)s::date + interval '2 months')::date - 1", **common),
            SQL("round(param.rate * param.growth * (0.8 + random() * 0.4))"),
            SQL(),
            SQL("param.forecast"),
        ),
    ]
    for kind, date_from, date_to, quantity, join, condition in figures:
        cr.execute(
            SQL(
                """
                INSERT INTO prm_vmi_report (
                    upload_id, partner_id, partner_manager_id, company_id,
                    product_id, location, kind, date_from, date_to, quantity,
                    create_uid, create_date, write_uid, write_date)
                SELECT param.upload_id, param.partner_id,
                       partner.partner_manager_id, %(company)s, param.product_id,
                       %(location)s, %(kind)s, %(date_from)s, %(date_to)s,
                       %(quantity)s, %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM bench_vmi_param param
                  JOIN res_partner partner ON partner.id = param.partner_id
                  %(join)s
                 WHERE param.partner_id = ANY(%(partners)s) AND %(condition)s
                """,
                kind=kind,
                date_from=date_from,
                date_to=date_to,
                quantity=quantity,
                join=join,
                condition=condition,
                **common,
            )
        )
    for table in FILLED_TABLES:
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))


def data_counts(env, today, partners=None):
    """(targets, figures the proposals read, figures stored) of `partners`
    (default: all). The figures read are those the proposal query selects:
    stock, sales of the last year and current forecasts."""
    partner_filter = (
        SQL("AND target.partner_id = ANY(%s)", partners.ids)
        if partners is not None
        else SQL()
    )
    env.cr.execute(
        SQL(
            """
            SELECT (SELECT COUNT(*) FROM prm_vmi_target target
                     WHERE target.active %(partner_filter)s),
                   COUNT(*) FILTER (
                       WHERE report.kind = 'stock'
                          OR (report.kind = 'sales' AND report.date_to > %(year)s)
                          OR (report.kind = 'forecast'
                              AND report.date_to >= %(today)s)),
                   COUNT(*)
              FROM prm_vmi_report report
              JOIN prm_vmi_target target ON target.partner_id = report.partner_id
                                        AND target.product_id = report.product_id
             WHERE target.active %(partner_filter)s
            """,
            partner_filter=partner_filter,
            year=today - timedelta(days=SALES_LOOK_BACK_DAYS),
            today=today,
        )
    )
    return env.cr.fetchone()


# Measuring ----------------------------------------------------------------------


@dataclass
class Run:
    label: str
    partners: int
    targets: int
    figures: int
    seconds: float
    cpu_seconds: float
    queries: int
    sql_seconds: float
    proposals: int = 0
    to_order: int = 0
    stock_outs: int = 0
    overstocks: int = 0
    # Seconds in the statements that read (SELECT, WITH) and write (DELETE,
    # INSERT); the rest of `seconds` is Python.
    read_seconds: float = 0.0
    write_seconds: float = 0.0

    @property
    def seconds_per_100k(self):
        return self.seconds / self.figures * 100_000 if self.figures else 0.0

    @property
    def cpu_per_100k(self):
        return self.cpu_seconds / self.figures * 100_000 if self.figures else 0.0

    @property
    def python_seconds(self):
        return self.seconds - self.read_seconds - self.write_seconds


def backend_pid(cr):
    """The process id of the cursor's PostgreSQL backend when it runs on this
    machine (its CPU time is then readable in /proc), else None."""
    cr.execute(SQL("SELECT pg_backend_pid()"))
    pid = cr.fetchone()[0]
    try:
        with open(f"/proc/{pid}/comm") as comm:
            return pid if comm.read().strip() == "postgres" else None
    except OSError:
        return None


def cpu_seconds(backend):
    """CPU time used so far by this process and by the PostgreSQL `backend`
    (not by the parallel workers it may start)."""
    total = time.process_time()
    if backend:
        with open(f"/proc/{backend}/stat") as stat:
            values = stat.read().rsplit(")", 1)[1].split()
        # utime and stime, the 14th and 15th fields, in clock ticks.
        total += (int(values[11]) + int(values[12])) / os.sysconf("SC_CLK_TCK")
    return total


@contextmanager
def stopwatch(env, backend=None):
    """Measure wall time, CPU time, queries and time spent in PostgreSQL.

    Yields a dict filled with seconds, cpu_seconds, queries and sql_seconds on
    exit. The block's pending writes are flushed inside the measure. On a
    busy machine, wall time grows with the other processes' load while CPU
    time (of this process and of `backend`) hardly does.
    """
    thread = threading.current_thread()
    thread.query_count, thread.query_time = 0, 0.0
    measure = {}
    queries = env.cr.sql_log_count
    cpu = cpu_seconds(backend)
    start = time.perf_counter()
    yield measure
    env.flush_all()
    measure["seconds"] = time.perf_counter() - start
    measure["cpu_seconds"] = cpu_seconds(backend) - cpu
    measure["queries"] = env.cr.sql_log_count - queries
    measure["sql_seconds"] = thread.query_time


def compute(env, partners=None):
    return env["prm.vmi.proposal"]._compute_proposals(partners=partners)


def measure_size(env, args, backend, label, partners, counts, subset=False):
    """The fastest of `args.repeat` cold runs, each rolled back."""
    best = None
    for _attempt in range(args.repeat):
        with closing(env.cr.savepoint()):
            cold(env)
            with (
                statement_log(env.cr) as statements,
                stopwatch(env, backend) as measure,
            ):
                result = compute(env, partners if subset else None)
            env.cr.execute(
                SQL("SELECT COUNT(*) FROM prm_vmi_proposal WHERE state = 'proposed'")
            )
            proposals = env.cr.fetchone()[0]
        if best is None or measure["seconds"] < best.seconds:
            best = Run(
                label,
                len(partners),
                counts[0],
                counts[1],
                **measure,
                proposals=proposals,
                to_order=result["proposals"],
                stock_outs=result["stock_outs"],
                overstocks=result["overstocks"],
                read_seconds=sum(
                    seconds
                    for query, _params, seconds, _rows in statements
                    if verb(query) in ("SELECT", "WITH")
                ),
                write_seconds=sum(
                    seconds
                    for query, _params, seconds, _rows in statements
                    if verb(query) not in ("SELECT", "WITH")
                ),
            )
    return best


def verb(query):
    code = query.code if isinstance(query, SQL) else str(query)
    return code.split(None, 1)[0].upper()


@contextmanager
def statement_log(cr):
    """Record each statement run on `cr` with its seconds and row count, as
    [(SQL or str, params, seconds, rowcount)]."""
    statements = []
    execute = cr.execute

    def logged(query, params=None, log_exceptions=True):
        start = time.perf_counter()
        result = execute(query, params, log_exceptions)
        statements.append((query, params, time.perf_counter() - start, cr.rowcount))
        return result

    cr.execute = logged
    try:
        yield statements
    finally:
        del cr.execute


# Reporting --------------------------------------------------------------------------


def print_runs(runs):
    header = (
        f"{'run':<7}{'partners':>9}{'targets':>9}{'figures':>10}{'seconds':>9}"
        f"{'CPU s':>7}{'SQL s':>7}{'queries':>8}{'proposals':>10}{'to order':>9}"
        f"{'stock-out':>10}{'overstock':>10}{'s/100k':>8}"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        print(
            f"{run.label:<7}{run.partners:>9}{run.targets:>9}{run.figures:>10}"
            f"{run.seconds:>9.2f}{run.cpu_seconds:>7.2f}{run.sql_seconds:>7.2f}"
            f"{run.queries:>8}"
            f"{run.proposals:>10}{run.to_order:>9}{run.stock_outs:>10}"
            f"{run.overstocks:>10}{run.seconds_per_100k:>8.3f}"
        )
    print(
        "(all: _compute_proposals() with the data of that many partners; "
        "subset: partners= that many, in the full data; figures: rows the "
        "proposal query reads; seconds: wall time; CPU s: CPU time of Odoo and "
        "of its PostgreSQL backend; SQL s: time in PostgreSQL; proposals: rows "
        "inserted, to order: with a quantity; s/100k: seconds per 100,000 "
        "figures)"
    )


def print_phases(runs):
    """Where the time goes, per unit of what each phase handles."""
    header = (
        f"{'run':<7}{'partners':>9}{'read s':>9}{'us/figure':>10}"
        f"{'Python s':>9}{'us/target':>10}{'write s':>9}{'us/proposal':>12}"
    )
    print(f"\n{header}")
    print("-" * len(header))
    for run in runs:
        print(
            f"{run.label:<7}{run.partners:>9}{run.read_seconds:>9.2f}"
            f"{run.read_seconds / run.figures * 1e6:>10.2f}"
            f"{run.python_seconds:>9.2f}"
            f"{run.python_seconds / run.targets * 1e6:>10.2f}"
            f"{run.write_seconds:>9.2f}"
            f"{run.write_seconds / max(run.proposals, 1) * 1e6:>12.1f}"
        )
    print(
        "(read: the query of targets and figures; Python: the maths and the "
        "INSERT's column lists; write: DELETE and INSERT of the proposals, "
        "with psycopg2 turning the lists into SQL text)"
    )


def first_line(query):
    code = query.code if isinstance(query, SQL) else str(query)
    return " ".join(code.split())[:70]


# Scenarios --------------------------------------------------------------------------


def verdicts(runs, reference_size):
    """Print and return (queries constant, time linear)."""
    queries = sorted({run.queries for run in runs})
    constant = len(queries) == 1
    print(
        f"\nQueries per recompute: {', '.join(str(run.queries) for run in runs)} "
        f"for {', '.join(str(run.figures) for run in runs)} figures "
        f"(constant: {'PASS' if constant else 'FAIL'})"
    )
    reference = next(run for run in runs if run.partners == reference_size)
    largest = runs[-1]
    growth = largest.seconds_per_100k / reference.seconds_per_100k
    linear = growth <= LINEAR_LIMIT
    print(
        f"Time per figure: {largest.seconds_per_100k:.3f} s/100k at "
        f"{largest.partners} partners, {reference.seconds_per_100k:.3f} s/100k at "
        f"{reference.partners} partners ({growth:.2f}x for "
        f"{largest.figures / reference.figures:.1f}x the figures; limit "
        f"{LINEAR_LIMIT}x): {'PASS' if linear else 'FAIL'}"
    )
    if reference.cpu_seconds:
        print(
            f"  (CPU time per figure, for comparison: {largest.cpu_per_100k:.3f} "
            f"s/100k against {reference.cpu_per_100k:.3f} s/100k: "
            f"{largest.cpu_per_100k / reference.cpu_per_100k:.2f}x)"
        )
    return constant, linear


def profile(env):
    """Statements with their time, cProfile of one run, then the statements
    replayed with EXPLAIN ANALYZE for the slow ones, at the current (largest)
    size."""
    with closing(env.cr.savepoint()):
        cold(env)
        with statement_log(env.cr) as statements:
            compute(env)
    total = sum(seconds for _query, _params, seconds, _rows in statements)
    print(f"\nStatements of one recompute ({total:.3f} s in all):")
    for query, _params, seconds, rowcount in statements:
        print(f"  {seconds:>8.3f} s {rowcount:>8} rows  {first_line(query)}")
    inserts = [query for query, *_rest in statements if verb(query) == "INSERT"]
    if inserts:
        started = time.perf_counter()
        text = env.cr.mogrify(inserts[0].code, inserts[0].params)
        print(
            f"  (psycopg2 takes {time.perf_counter() - started:.3f} s of the "
            f"INSERT to write its {len(inserts[0].params)} parameters as a "
            f"{len(text) / 1e6:.1f} MB statement)"
        )

    with closing(env.cr.savepoint()):
        cold(env)
        profiler = cProfile.Profile()
        profiler.runcall(compute, env)
    print_profile(profiler, "prm.vmi.proposal._compute_proposals")

    # The DELETE and INSERT depend on the statements before them: replay all
    # in order, explaining those that took a tenth of the time or more.
    with closing(env.cr.savepoint()):
        for query, params, seconds, _rowcount in statements:
            if seconds < total / 10 or not isinstance(query, SQL):
                env.cr.execute(query, params)
                continue
            env.cr.execute(SQL("EXPLAIN (ANALYZE, BUFFERS) %s", query))
            print(f"\nEXPLAIN (ANALYZE, BUFFERS) of {first_line(query)}...:")
            print("\n".join(row[0] for row in env.cr.fetchall()))


def main():
    args = parse_args()
    load_config(args)
    registry = Registry(args.database)
    # Closing a cursor rolls it back: nothing of this run is ever committed.
    with closing(registry.cursor()) as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", **QUIET})
        print_header(cr, "VMI replenishment benchmark", args)
        today = fields.Date.context_today(env["prm.vmi.proposal"])
        backend = backend_pid(cr)
        started = time.perf_counter()
        partners, products, uploads, orders = build_catalog(env, args)
        create_param_table(env)
        print(
            f"Built {len(partners)} partners, {len(products)} products, "
            f"{len(uploads)} uploads and {len(orders)} open orders in "
            f"{time.perf_counter() - started:.0f} s; today is {today}.\n"
            f"Each size adds its partners' targets and figures ({args.months} "
            f"months of sales, stock, some forecasts), then recomputes all "
            f"proposals (best of {args.repeat} cold runs, each rolled back).\n"
        )
        sizes = sorted({max(1, round(args.partners * f)) for f in SIZE_FRACTIONS})
        reference_size = max(1, round(args.partners * REFERENCE_FRACTION))
        runs, built, building = [], 0, 0.0
        for size in sizes:
            started = time.perf_counter()
            add_slice(
                env,
                args,
                partners[built:size],
                uploads[built:size],
                products,
                today,
            )
            building += time.perf_counter() - started
            built = size
            counts = data_counts(env, today)
            runs.append(
                measure_size(env, args, backend, "all", partners[:size], counts)
            )
        subset = partners[: sizes[0]]
        runs.append(
            measure_size(
                env,
                args,
                backend,
                "subset",
                subset,
                data_counts(env, today, subset),
                subset=True,
            )
        )
        targets, read, stored = data_counts(env, today)
        print(
            f"Inserted {targets} targets and {stored} figures ({read} read) in "
            f"{building:.0f} s.\n"
        )
        print_runs(runs)
        print_phases(runs)
        constant, linear = verdicts(runs[:-1], reference_size)
        if args.profile:
            profile(env)
        cr.rollback()
    passed = constant and linear
    print(f"\nOverall: {'PASS' if passed else 'FAIL'} (nothing was committed)")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
