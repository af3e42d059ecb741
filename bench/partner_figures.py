# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Partner figures benchmark: Plan vs Actual as the history grows.

Builds channel partners in three tiers, a target per tier for the current
calendar quarter, and the documents behind the partners' figures (posted
invoices and credit notes, confirmed indirect orders, leads assigned,
accepted, won and lost) inside one transaction: first the last `--years-base`
years of history, then `--years` years in all. After each, it reads *Plan vs
Actual* as its menu opens it (the list with the default filters, Current
Period and Underperforming; the pivot by tier) and *Figures by Period* as
its menu opens it (the pivot, this year), and prints each read's time at the
longer history as a ratio to the shorter one, measured in the same run: a
read bounded by the days it needs (the targets' periods and the periods
before; the days of the date filter) grows much less than the read of every
day's figures (what those reads computed before they were bounded), the
baseline measured in the same run. For information: the scorecard (its
figures are of 12 months).

Nothing is ever committed: the cursor is rolled back and closed at the end.
Run it through ``bench/run.sh partner_figures``, which creates the database
and passes the addons path and data directory.
"""

import argparse
import time
from contextlib import closing
from dataclasses import dataclass

from benchlib import QUIET, cold, create_in_batches, load_config, print_header

from odoo import SUPERUSER_ID, api, fields
from odoo.modules.registry import Registry
from odoo.tools import SQL, date_utils

# Tiers: name and share of the partners.
TIERS = (("Bench Figures Gold", 0.2), ("Bench Figures Silver", 0.3))
BRONZE = "Bench Figures Bronze"
# A bounded read's growth with the long history (its ratio - 1) may be at
# most this share of the growth of the unbounded read of every day's figures,
# measured in the same run: the bound removes most of what the years before
# cost (the documents' own searches still scan them, see bench/README.md).
BOUNDED_SHARE = 1 / 3
# Tables the data lands in, analyzed by hand (autovacuum cannot see an open
# transaction's rows; see bench/lead_routing.py).
# res_partner too: with the statistics of an empty database, PostgreSQL
# expects one channel partner and loops over every document for each.
FILLED_TABLES = (
    "res_partner",
    "account_move",
    "sale_order",
    "sale_order_line",
    "crm_lead",
)
# Plan vs Actual's list: its default filters and its columns.
CURRENT = "current"
LIST_FIELDS = [
    "partner_id",
    "grade_id",
    "date_from",
    "date_to",
    "target_revenue",
    "revenue",
    "revenue_achievement",
    "revenue_trend",
    "target_leads_won",
    "leads_won",
    "leads_won_achievement",
    "leads_accepted",
    "leads_accepted_achievement",
    "mdf_used",
    "mdf_used_achievement",
    "underperforming",
]


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="prm_bench")
    parser.add_argument("--partners", type=int, default=200)
    parser.add_argument("--years", type=int, default=5, help="History in all.")
    parser.add_argument(
        "--years-base", type=int, default=1, help="History of the baseline."
    )
    parser.add_argument(
        "--invoices", type=int, default=4, help="Per partner and month."
    )
    parser.add_argument("--orders", type=int, default=2, help="Per partner and month.")
    parser.add_argument("--leads", type=int, default=3, help="Per partner and month.")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--repeat", type=int, default=3, help="Runs per read; the fastest counts."
    )
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--data-dir", required=True)
    args = parser.parse_args()
    if args.partners < 1 or not 1 <= args.years_base < args.years:
        parser.error("Use at least 1 partner and 1 <= --years-base < --years.")
    if args.repeat < 1:
        parser.error("--repeat: at least 1.")
    return args


# Data -------------------------------------------------------------------------


def build_partners(env, args, today):
    """The tiers, the partners (by the ORM) and a target per tier for the
    current quarter."""
    grades = env["res.partner.grade"].create(
        [{"name": name} for name, _share in TIERS] + [{"name": BRONZE}]
    )
    bounds = []
    start = 0
    for (_name, share), grade in zip(TIERS, grades, strict=False):
        bounds.append((start, start + round(args.partners * share), grade))
        start = bounds[-1][1]
    bounds.append((start, args.partners, grades[-1]))
    partners = create_in_batches(
        env["res.partner"],
        [
            {
                "name": f"Bench Figures Partner {index:04d}",
                "is_company": True,
                "is_channel_partner": True,
                "partner_manager_id": env.ref("base.user_admin").id,
                "grade_id": next(g for lo, hi, g in bounds if lo <= index < hi).id,
            }
            for index in range(args.partners)
        ],
    )
    quarter = date_utils.start_of(today, "quarter"), date_utils.end_of(today, "quarter")
    # Targets an average partner misses, pro rata: most rows are listed.
    monthly = args.invoices * 1000 + args.orders * 400
    env["prm.partner.target"].create(
        [
            {
                "grade_id": grade.id,
                "date_from": quarter[0],
                "date_to": quarter[1],
                "target_revenue": monthly * 3 * (1.5 - 0.25 * index),
                "target_leads_won": args.leads * 2,
                "target_leads_accepted": args.leads * 2,
            }
            for index, grade in enumerate(grades)
        ]
    )
    return partners, quarter


def add_history(env, args, partners, months, today):
    """Insert in SQL, per partner and month `age` ago (0: this month, up to
    today), invoices (one in ten a credit note), confirmed indirect orders
    with one line (half of it still to invoice) and leads (a third won, a
    third lost, the rest open opportunities or waiting leads); `months` is
    the range of ages added. Random days and amounts, seeded by --seed."""
    cr = env.cr
    company = env.company
    journal = env["account.journal"].search(
        [("type", "=", "sale"), *env["account.journal"]._check_company_domain(company)],
        limit=1,
    )
    if not journal:
        raise SystemExit("No sales journal: install a chart of accounts first.")
    end_customer = env["res.partner"].create({"name": "Bench Figures End Customer"})
    won = env["crm.stage"].search([("is_won", "=", True)], limit=1)
    open_stage = env["crm.stage"].search([("is_won", "=", False)], limit=1)
    cr.execute(
        SQL("SELECT setseed(%s)", (args.seed % 1000) / 1000 + months.start / 1e6)
    )
    common = {
        "partners": partners.ids,
        "company": company.id,
        "currency": company.currency_id.id,
        "journal": journal.id,
        "uid": env.uid,
        "now": fields.Datetime.now(),
        "today": today,
        "month": today.replace(day=1),
        "first": months.start,
        "last": months.stop - 1,
    }

    # One row per partner, month `age` ago and document: its day (not after
    # today) and a random draw deciding its kind.
    def rows(per_month):
        return SQL(
            """
            SELECT partner.id AS partner_id,
                   LEAST((%(month)s::date - make_interval(months => age))::date
                         + floor(random() * 28)::int, %(today)s::date) AS day,
                   random() AS draw
              FROM unnest(%(partners)s::int[]) AS partner(id)
        CROSS JOIN generate_series(%(first)s, %(last)s) AS age
        CROSS JOIN generate_series(1, %(per_month)s) AS n
            """,
            per_month=per_month,
            **common,
        )

    cr.execute(
        SQL(
            """
            INSERT INTO account_move (
                name, journal_id, company_id, currency_id, state, move_type,
                auto_post, date, invoice_date, partner_id, commercial_partner_id,
                amount_untaxed, amount_untaxed_signed, amount_total,
                amount_total_signed,
                create_uid, create_date, write_uid, write_date)
            SELECT 'BENCH/' || nextval('account_move_id_seq'), %(journal)s,
                   %(company)s, %(currency)s, 'posted',
                   CASE WHEN doc.draw < 0.1 THEN 'out_refund' ELSE 'out_invoice' END,
                   'no', doc.day, doc.day, doc.partner_id, doc.partner_id,
                   amount, CASE WHEN doc.draw < 0.1 THEN -amount ELSE amount END,
                   amount, CASE WHEN doc.draw < 0.1 THEN -amount ELSE amount END,
                   %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM (%(rows)s) AS doc,
                   LATERAL (SELECT round((200 + random() * 1600)::numeric, 2)
                                AS amount) AS price
            """,
            rows=rows(args.invoices),
            **common,
        )
    )
    invoices = cr.rowcount
    cr.execute(
        SQL(
            """
            WITH doc AS (%(rows)s),
            sale AS (
                INSERT INTO sale_order (
                    name, company_id, currency_id, partner_id, partner_invoice_id,
                    partner_shipping_id, end_customer_id, is_indirect, state,
                    date_order, picking_policy, amount_untaxed, amount_total,
                    create_uid, create_date, write_uid, write_date)
                SELECT 'BENCH-' || nextval('sale_order_id_seq'), %(company)s,
                       %(currency)s, doc.partner_id, doc.partner_id,
                       doc.partner_id, %(end_customer)s, TRUE, 'sale',
                       doc.day + time '10:00',
                       'direct', round((100 + doc.draw * 700)::numeric, 2),
                       round((100 + doc.draw * 700)::numeric, 2),
                       %(uid)s, %(now)s, %(uid)s, %(now)s
                  FROM doc
             RETURNING id, amount_untaxed
            )
            INSERT INTO sale_order_line (
                order_id, name, product_uom_qty, price_unit, customer_lead,
                price_subtotal, untaxed_amount_to_invoice, company_id, currency_id,
                create_uid, create_date, write_uid, write_date)
            SELECT sale.id, 'Bench line', 1, sale.amount_untaxed, 0,
                   sale.amount_untaxed, round(sale.amount_untaxed / 2, 2),
                   %(company)s, %(currency)s, %(uid)s, %(now)s, %(uid)s, %(now)s
              FROM sale
            """,
            rows=rows(args.orders),
            end_customer=end_customer.id,
            **common,
        )
    )
    orders = cr.rowcount
    cr.execute(
        SQL(
            """
            INSERT INTO crm_lead (
                name, type, active, company_id, partner_assigned_id,
                date_partner_assign, stage_id, probability, date_closed,
                create_uid, create_date, write_uid, write_date)
            SELECT 'Bench lead', CASE WHEN doc.draw < 0.9 THEN 'opportunity'
                                      ELSE 'lead' END,
                   NOT (doc.draw BETWEEN 0.33 AND 0.66), %(company)s,
                   doc.partner_id, doc.day,
                   CASE WHEN doc.draw < 0.33 THEN %(won)s ELSE %(open)s END,
                   CASE WHEN doc.draw < 0.33 THEN 100
                        WHEN doc.draw < 0.66 THEN 0 ELSE 30 END,
                   CASE WHEN doc.draw < 0.66
                        THEN LEAST(doc.day + 20, %(today)s::date) + time '12:00'
                   END,
                   %(uid)s, doc.day + time '09:00', %(uid)s, %(now)s
              FROM (%(rows)s) AS doc
            """,
            rows=rows(args.leads),
            won=won.id,
            open=open_stage.id,
            **common,
        )
    )
    leads = cr.rowcount
    for table in FILLED_TABLES:
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))
    return invoices, orders, leads


# Measuring --------------------------------------------------------------------


@dataclass
class Read:
    name: str
    seconds: float
    queries: int
    rows: int


def measure(env, args, name, read):
    """The fastest of --repeat cold runs of `read()` (returns a row count),
    after one run not counted (the registry's first use of a model loads
    what later reads find in its caches)."""
    read()
    best = None
    for _run in range(args.repeat):
        cold(env)
        queries = env.cr.sql_log_count
        started = time.perf_counter()
        rows = read()
        seconds = time.perf_counter() - started
        run = Read(name, seconds, env.cr.sql_log_count - queries, rows)
        if best is None or run.seconds < best.seconds:
            best = run
    return best


def reads(env, args, today):
    """Each read measured, as the screens do them."""
    Performance = env["prm.partner.performance"]
    Figure = env["prm.partner.figure"]
    current = [("date_from", "<=", today), ("date_to", ">=", today)]
    year = date_utils.start_of(today, "year"), date_utils.end_of(today, "year")

    def plan_list():
        return len(
            Performance.search_read(
                [*current, ("underperforming", "=", True)], LIST_FIELDS, limit=80
            )
        )

    def plan_pivot():
        return len(
            Performance._read_group(
                current,
                ["grade_id"],
                [
                    "target_revenue:sum",
                    "revenue:sum",
                    "revenue_previous:sum",
                    "leads_won:sum",
                ],
            )
        )

    def scorecard():
        return len(env["prm.partner.scorecard"].search_read([], ["revenue_12m"]))

    def figures_pivot():
        return len(
            Figure._read_group(
                [("date", ">=", year[0]), ("date", "<=", year[1])],
                ["partner_id", "date:quarter"],
                ["revenue:sum", "leads_won:sum"],
            )
        )

    def every_day():
        for model, fnames in Figure._depends.items():
            env[model].flush_model(fnames)
        env.cr.execute(
            SQL("SELECT COUNT(*) FROM (%s) AS figure", Figure._prm_facts_sql())
        )
        return env.cr.fetchone()[0]

    return [
        ("Plan vs Actual, list (current, underperforming)", plan_list, True),
        ("Plan vs Actual, pivot by tier (current)", plan_pivot, True),
        ("Scorecard (12 months)", scorecard, False),
        ("Figures by Period, pivot (this year)", figures_pivot, True),
        ("every day's figures (Plan vs Actual before)", every_day, False),
    ]


def main():
    args = parse_args()
    load_config(args)
    registry = Registry(args.database)
    # Closing a cursor rolls it back: nothing of this run is ever committed.
    with closing(registry.cursor()) as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"lang": "en_US", **QUIET})
        print_header(cr, "Partner figures benchmark", args)
        today = fields.Date.context_today(env["prm.partner.figure"])
        started = time.perf_counter()
        partners, quarter = build_partners(env, args, today)
        env.flush_all()
        documents = 0
        results = {}
        history = [(args.years_base, range(0, 12 * args.years_base))]
        history.append((args.years, range(12 * args.years_base, 12 * args.years)))
        for years, months in history:
            step = time.perf_counter()
            counts = add_history(env, args, partners, months, today)
            documents += sum(counts)
            print(
                f"{years} year(s) of history: +{counts[0]} invoices, +{counts[1]} "
                f"orders, +{counts[2]} leads in {time.perf_counter() - step:.0f} s."
            )
            results[years] = [
                (measure(env, args, name, read), bounded)
                for name, read, bounded in reads(env, args, today)
            ]
        print(
            f"Built {len(partners)} partners in 3 tiers with a target per tier for "
            f"{quarter[0]} - {quarter[1]} and {documents} documents "
            f"in {time.perf_counter() - started:.0f} s; today is {today}. "
            f"Best of {args.repeat} cold reads.\n"
        )
        short, long = args.years_base, args.years
        header = (
            f"{'read':50} {'rows':>6} {f'{short}y s':>8} {f'{long}y s':>8} "
            f"{'ratio':>6} {f'{short}y q':>6} {f'{long}y q':>6}"
        )
        print(header)
        print("-" * len(header))
        passed = True
        verdicts = []
        pairs = list(zip(results[short], results[long], strict=True))
        # The last read is every day's figures, unbounded: the baseline.
        unbounded = pairs[-1][1][0].seconds / pairs[-1][0][0].seconds
        limit = 1 + (unbounded - 1) * BOUNDED_SHARE
        for (base, bounded), (full, _bounded) in pairs:
            ratio = full.seconds / base.seconds
            print(
                f"{base.name:50} {full.rows:>6} {base.seconds:8.3f} "
                f"{full.seconds:8.3f} {ratio:5.2f}x {base.queries:>6} "
                f"{full.queries:>6}"
            )
            if bounded:
                ok = ratio <= limit and full.queries == base.queries
                passed &= ok
                verdicts.append(
                    f"{base.name}: {ratio:.2f}x the time, {full.queries} vs "
                    f"{base.queries} queries with {long} years of history instead "
                    f"of {short} (limit {limit:.2f}x: a third of the unbounded "
                    f"read's growth, {unbounded:.2f}x; same queries): "
                    f"{'PASS' if ok else 'FAIL'}"
                )
        print("(ratio: time with the long history / with the short one; q: queries)")
        print()
        print("\n".join(verdicts))
        cr.rollback()
    print(f"\nOverall: {'PASS' if passed else 'FAIL'} (nothing was committed)")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
