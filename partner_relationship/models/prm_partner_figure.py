# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from collections import namedtuple
from datetime import datetime, time
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

# One source of a figure: the documents that count (an ORM domain: the same
# one selects the rows of the SQL and the records of the drill-down), the
# path from a document to its channel partner and to the day it counts on,
# and how the SQL reads them (``doc`` is the document's table).
Source = namedtuple(
    "Source",
    [
        "measure",  # the column of prm.partner.figure it adds to
        "model",
        "domain",  # which documents count
        "partner",  # domain path to the channel partner
        "dates",  # function(date_from, date_to) -> domain of the day it counts on
        "partner_sql",  # SQL of the partner id
        "date_sql",  # SQL of the day
        "currency_sql",  # SQL of the amount's currency (None: a count)
        "amount_sql",  # SQL of the amount (None: a count)
        "joins",  # SQL joins to reach them
    ],
)


def _day_range(field, date_from, date_to, datetime_field=False):
    """Domain of `field` between two days, both included (a datetime as UTC,
    as the SQL casts it)."""
    if not datetime_field:
        return [(field, ">=", date_from), (field, "<=", date_to)]
    return [
        (field, ">=", datetime.combine(date_from, time.min)),
        (field, "<", datetime.combine(date_to + relativedelta(days=1), time.min)),
    ]


def _closed_range(*days):
    """A closed lead counts on its closing day (its creation day when it was
    created closed: Odoo sets no closing date then)."""
    return expression.OR(
        [
            [("date_closed", "!=", False), *_day_range("date_closed", *days, True)],
            [("date_closed", "=", False), *_day_range("create_date", *days, True)],
        ]
    )


# A row's id from its day, company and partner: the same whatever the days
# read (below 1,024 companies and 2^27 partners; under 2^53 until 2100).
ID_PARTNERS = 2**27
ID_COMPANIES = 2**10


def _and_leaves(domain):
    """The leaves of `domain` that every record it keeps meets (those joined
    to the whole by AND only)."""
    domain = expression.normalize_domain(domain)

    def parse(index):
        token = domain[index]
        if token == expression.AND_OPERATOR:
            left, index = parse(index + 1)
            right, index = parse(index)
            return left + right, index
        if token == expression.OR_OPERATOR:
            index = parse(parse(index + 1)[1])[1]
            return [], index
        if token == expression.NOT_OPERATOR:
            return [], parse(index + 1)[1]
        return [token], index + 1

    return parse(0)[0] if domain else []


def _domain_days(domain):
    """(first day, last day) the records of `domain` are within (None: not
    bounded), from its conditions on the date."""
    date_from = date_to = None
    for leaf in _and_leaves(domain):
        if not expression.is_leaf(leaf) or leaf[0] != "date":
            continue
        _field, operator, value = leaf
        if operator not in (">=", ">", "<=", "<", "=") or not value:
            continue
        day = fields.Date.to_date(value)
        if operator in (">=", ">", "="):
            day_from = day + relativedelta(days=1) if operator == ">" else day
            date_from = max(date_from or day_from, day_from)
        if operator in ("<=", "<", "="):
            day_to = day - relativedelta(days=1) if operator == "<" else day
            date_to = min(date_to or day_to, day_to)
    return date_from, date_to


class PrmPartnerFigure(models.Model):
    """The figures of the channel partners, one row per partner, company of
    the documents and day: the one definition of each figure that the
    scorecard, the tier criteria, the targets, the partner's portal page and
    the Partner Network dashboard sum over their period. Amounts in the
    current company's currency, each at the rate of its document's date."""

    _name = "prm.partner.figure"
    _description = "Channel Partner Figures by Day"
    _auto = False
    _order = "date desc, partner_id"
    _rec_name = "partner_id"
    _depends = {
        "res.partner": [
            "is_channel_partner",
            "is_company",
            "active",
            "activation",
            "partner_type_id",
            "grade_id",
            "partner_manager_id",
            "commercial_partner_id",
            "company_id",
        ],
        "res.partner.activation": ["is_application"],
        "crm.lead": [
            "partner_assigned_id",
            "partner_declined_ids",
            "type",
            "active",
            "stage_id",
            "probability",
            "date_closed",
            "date_partner_assign",
            "company_id",
        ],
        "crm.stage": ["is_won"],
        "account.move": [
            "commercial_partner_id",
            "state",
            "move_type",
            "invoice_date",
            "amount_untaxed_signed",
            "company_id",
        ],
        "sale.order": [
            "partner_id",
            "state",
            "is_indirect",
            "date_order",
            "amount_untaxed",
            "currency_id",
            "company_id",
        ],
        "sale.order.line": ["untaxed_amount_to_invoice"],
        "prm.fund.allocation": ["partner_id", "amount", "date_start", "company_id"],
        "prm.fund.claim": ["partner_id", "state", "amount", "bill_id", "company_id"],
        "res.company": ["currency_id"],
        "res.currency.rate": ["rate", "name", "currency_id", "company_id"],
    }

    date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", readonly=True)
    partner_type_id = fields.Many2one("prm.partner.type", readonly=True)
    grade_id = fields.Many2one("res.partner.grade", string="Tier", readonly=True)
    partner_manager_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one(
        "res.company",
        readonly=True,
        help="The company of the documents (none for leads of no company).",
    )
    currency_id = fields.Many2one("res.currency", readonly=True)
    revenue = fields.Monetary(
        readonly=True,
        help="Revenue the partner brought: posted customer invoices net of "
        "credit notes (on their invoice date), plus the part of its confirmed "
        "indirect orders not invoiced yet (on their order date).",
    )
    revenue_invoiced = fields.Monetary(
        readonly=True,
        help="Posted customer invoices net of credit notes, on their invoice date.",
    )
    revenue_to_invoice = fields.Monetary(
        readonly=True,
        help="Untaxed amount of confirmed indirect orders not invoiced yet, on "
        "their order date.",
    )
    indirect_orders = fields.Monetary(
        readonly=True,
        help="Untaxed amount of the partner's confirmed orders for end "
        "customers, on their order date.",
    )
    leads_received = fields.Integer(
        readonly=True,
        help="Leads assigned to the partner (on their assignment date) or "
        "declined by it (on their creation date).",
    )
    leads_accepted = fields.Integer(
        readonly=True,
        help="Leads assigned to the partner and converted into opportunities, "
        "on their assignment date.",
    )
    leads_won = fields.Integer(
        readonly=True, help="Won opportunities of the partner, on their closing date."
    )
    leads_lost = fields.Integer(
        readonly=True, help="Lost opportunities of the partner, on their closing date."
    )
    mdf_allocated = fields.Monetary(
        string="MDF Allocated",
        readonly=True,
        help="Marketing funds allocated, on their budget's start date.",
    )
    mdf_used = fields.Monetary(
        string="MDF Used",
        readonly=True,
        help="Fund claims paid, on the date of their vendor bill.",
    )

    # -- the one definition of each figure --------------------------------

    @api.model
    def _prm_sources(self):
        """The documents behind each figure (see Source)."""
        assigned = [
            ("partner_assigned_id", "!=", False),
            ("active", "in", (True, False)),
        ]
        closed_date = SQL("COALESCE(doc.date_closed, doc.create_date)::date")
        orders = [("state", "=", "sale"), ("is_indirect", "=", True)]
        order_partner = "partner_id.commercial_partner_id"
        order_joins = SQL("JOIN res_partner contact ON contact.id = doc.partner_id")
        company_currency = SQL("company.currency_id")
        company_join = SQL("JOIN res_company company ON company.id = doc.company_id")

        def assign_range(date_from, date_to):
            return _day_range("date_partner_assign", date_from, date_to)

        def order_range(date_from, date_to):
            return _day_range("date_order", date_from, date_to, True)

        return [
            Source(
                "revenue_invoiced",
                "account.move",
                [
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                ],
                "commercial_partner_id",
                lambda date_from, date_to: _day_range(
                    "invoice_date", date_from, date_to
                ),
                SQL("doc.commercial_partner_id"),
                SQL("doc.invoice_date"),
                company_currency,
                SQL("doc.amount_untaxed_signed"),
                company_join,
            ),
            Source(
                "revenue_to_invoice",
                "sale.order",
                orders,
                order_partner,
                order_range,
                SQL("contact.commercial_partner_id"),
                SQL("doc.date_order::date"),
                SQL("doc.currency_id"),
                SQL(
                    "(SELECT SUM(line.untaxed_amount_to_invoice)"
                    "   FROM sale_order_line line WHERE line.order_id = doc.id)"
                ),
                order_joins,
            ),
            Source(
                "indirect_orders",
                "sale.order",
                orders,
                order_partner,
                order_range,
                SQL("contact.commercial_partner_id"),
                SQL("doc.date_order::date"),
                SQL("doc.currency_id"),
                SQL("doc.amount_untaxed"),
                order_joins,
            ),
            Source(
                "leads_received",
                "crm.lead",
                assigned,
                "partner_assigned_id",
                assign_range,
                SQL("doc.partner_assigned_id"),
                SQL("doc.date_partner_assign"),
                None,
                None,
                SQL(),
            ),
            Source(
                "leads_received",
                "crm.lead",
                [
                    ("partner_declined_ids", "!=", False),
                    ("active", "in", (True, False)),
                ],
                "partner_declined_ids",
                lambda date_from, date_to: _day_range(
                    "create_date", date_from, date_to, True
                ),
                SQL("declined.partner_id"),
                SQL("doc.create_date::date"),
                None,
                None,
                SQL(
                    "JOIN crm_lead_declined_partner declined"
                    "  ON declined.lead_id = doc.id"
                ),
            ),
            Source(
                "leads_accepted",
                "crm.lead",
                [*assigned, ("type", "=", "opportunity")],
                "partner_assigned_id",
                assign_range,
                SQL("doc.partner_assigned_id"),
                SQL("doc.date_partner_assign"),
                None,
                None,
                SQL(),
            ),
            Source(
                "leads_won",
                "crm.lead",
                [
                    ("partner_assigned_id", "!=", False),
                    ("active", "=", True),
                    ("stage_id.is_won", "=", True),
                ],
                "partner_assigned_id",
                _closed_range,
                SQL("doc.partner_assigned_id"),
                closed_date,
                None,
                None,
                SQL(),
            ),
            Source(
                "leads_lost",
                "crm.lead",
                [
                    ("partner_assigned_id", "!=", False),
                    ("active", "=", False),
                    ("probability", "=", 0),
                ],
                "partner_assigned_id",
                _closed_range,
                SQL("doc.partner_assigned_id"),
                closed_date,
                None,
                None,
                SQL(),
            ),
            Source(
                "mdf_allocated",
                "prm.fund.allocation",
                [],
                "partner_id",
                lambda date_from, date_to: _day_range("date_start", date_from, date_to),
                SQL("doc.partner_id"),
                SQL("doc.date_start"),
                company_currency,
                SQL("doc.amount"),
                company_join,
            ),
            Source(
                "mdf_used",
                "prm.fund.claim",
                [("state", "=", "paid")],
                "partner_id",
                lambda date_from, date_to: _day_range(
                    "bill_id.invoice_date", date_from, date_to
                ),
                SQL("doc.partner_id"),
                SQL("bill.invoice_date"),
                company_currency,
                SQL("doc.amount"),
                SQL(
                    "%s JOIN account_move bill ON bill.id = doc.bill_id",
                    company_join,
                ),
            ),
        ]

    @api.model
    def _prm_partner_sql(self):
        """The measured partners: channel partner companies past their
        application, not archived, of the user's companies, that the user may
        read (their documents are read as superuser)."""
        companies = self.env.companies.ids
        readable = (
            SQL("TRUE")
            if self.env.su
            else SQL(
                "partner.id IN %s",
                self.env["res.partner"]
                .with_context(active_test=False)
                ._search([])
                .subselect(),
            )
        )
        return SQL(
            """
            SELECT partner.id, partner.partner_type_id, partner.grade_id,
                   partner.partner_manager_id, partner.company_id
              FROM res_partner partner
         LEFT JOIN res_partner_activation activation
                ON activation.id = partner.activation
             WHERE partner.is_channel_partner AND partner.is_company
               AND partner.active
               AND NOT COALESCE(activation.is_application, FALSE)
               AND (partner.company_id IS NULL
                    OR partner.company_id = ANY(%(companies)s))
               AND %(readable)s
            """,
            companies=companies,
            readable=readable,
        )

    @api.model
    def _prm_facts_sql(self, date_from=None, date_to=None):
        """Rows (partner_id, company_id, date, <measures>) of the measured
        partners, from the documents of the user's companies (and leads of no
        company), amounts converted to the current company's currency; only
        the days from `date_from` and to `date_to` when given (days or SQL
        expressions of days)."""
        company = self.env.company
        companies = self.env.companies.ids
        rows = []
        for source in self._prm_sources():
            Model = self.env[source.model].sudo().with_context(active_test=False)
            documents = Model._search(source.domain)
            rows.append(
                SQL(
                    """
                SELECT %(measure)s AS measure,
                       %(partner)s AS partner_id,
                       doc.company_id AS company_id,
                       %(currency)s AS currency_id,
                       %(date)s AS date,
                       %(amount)s AS amount
                  FROM %(table)s doc
                       %(joins)s
                 WHERE doc.id IN %(documents)s
                   AND %(date)s IS NOT NULL
                   AND %(days)s
                   AND (doc.company_id IS NULL
                        OR doc.company_id = ANY(%(companies)s))
                    """,
                    days=SQL(" AND ").join(
                        [
                            SQL("%s >= %s", source.date_sql, date_from)
                            if date_from
                            else SQL("TRUE"),
                            SQL("%s <= %s", source.date_sql, date_to)
                            if date_to
                            else SQL("TRUE"),
                        ]
                    ),
                    measure=source.measure,
                    partner=source.partner_sql,
                    currency=source.currency_sql or SQL("NULL::integer"),
                    date=source.date_sql,
                    amount=source.amount_sql or SQL("1"),
                    table=SQL.identifier(Model._table),
                    joins=source.joins,
                    documents=documents.subselect(),
                    companies=companies,
                )
            )
        counts = {s.measure for s in self._prm_sources() if s.amount_sql is None}
        measures = sorted({source.measure for source in self._prm_sources()})
        sums = SQL(",").join(
            SQL(
                "COALESCE(SUM(fact.amount) FILTER (WHERE fact.measure = %s), 0)"
                "::integer AS %s"
                if measure in counts
                else "COALESCE(SUM(fact.amount * COALESCE(rate.factor, 1.0))"
                " FILTER (WHERE fact.measure = %s), 0) AS %s",
                measure,
                SQL.identifier(measure),
            )
            for measure in measures
        )
        return SQL(
            """
            WITH measured AS (%(partners)s),
            fact AS (
                SELECT fact.*
                  FROM (%(rows)s) AS fact
                  JOIN measured ON measured.id = fact.partner_id
            ), rate AS (
                SELECT bucket.currency_id, bucket.date, %(factor)s AS factor
                  FROM (SELECT DISTINCT currency_id, date FROM fact
                         WHERE currency_id IS NOT NULL) AS bucket
            )
            SELECT fact.partner_id, fact.company_id, fact.date, %(sums)s
              FROM fact
         LEFT JOIN rate ON rate.currency_id = fact.currency_id
                       AND rate.date = fact.date
          GROUP BY fact.partner_id, fact.company_id, fact.date
            """,
            partners=self._prm_partner_sql(),
            rows=SQL(" UNION ALL ").join(rows),
            factor=self.env["res.currency"]._prm_convert_sql(
                SQL("1.0"), SQL("bucket.currency_id"), SQL("bucket.date"), company
            ),
            sums=sums,
        )

    @property
    def _table_query(self):
        """Only the days a search asked for (see _search)."""
        date_from, date_to = self.env.context.get("prm_figure_days") or (None, None)
        return SQL(
            """
            SELECT ((figure.date - DATE '1970-01-01')::bigint * %(companies)s
                    + COALESCE(figure.company_id, 0)) * %(partners)s
                   + figure.partner_id AS id,
                   figure.*,
                   figure.revenue_invoiced + figure.revenue_to_invoice AS revenue,
                   partner.partner_type_id,
                   partner.grade_id,
                   partner.partner_manager_id,
                   %(currency)s AS currency_id
              FROM (%(facts)s) AS figure
              JOIN res_partner partner ON partner.id = figure.partner_id
            """,
            facts=self._prm_facts_sql(date_from, date_to),
            currency=self.env.company.currency_id.id,
            companies=ID_COMPANIES,
            partners=ID_PARTNERS,
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Read only the days the domain keeps (e.g. Figures by Period's date
        filter): the ids do not depend on them."""
        days = _domain_days(domain)
        if days != (None, None):
            self = self.with_context(prm_figure_days=days)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    # -- periods and drill-downs ------------------------------------------

    @api.model
    def _prm_last_12_months(self):
        """The period of the '12 months' figures: (first day, today)."""
        today = fields.Date.context_today(self)
        return today - relativedelta(months=12) + relativedelta(days=1), today

    @api.model
    def _prm_figure_domains(self, figure, partners, date_from, date_to, company=None):
        """{model: domain} of the documents behind `figure` of `partners`
        between two days (of `company` and, for leads, of no company; by
        default of the user's companies): what its drill-down opens."""
        domains = {}
        for source in self._prm_sources():
            if source.measure != figure:
                continue
            companies = company.ids if company else self.env.companies.ids
            domain = [
                *source.domain,
                (source.partner, "in", partners.ids),
                ("company_id", "in", [*companies, False]),
                *source.dates(date_from, date_to),
            ]
            domains[source.model] = expression.OR(
                [domains.get(source.model, expression.FALSE_DOMAIN), domain]
            )
        return domains

    @api.model
    def _prm_figure_action(self, figure, partners, date_from, date_to, company=None):
        """The window action listing the documents behind `figure`."""
        if figure not in {source.measure for source in self._prm_sources()}:
            raise UserError(self.env._("There is no figure %s.", figure))
        ((model, domain),) = self._prm_figure_domains(
            figure, partners, date_from, date_to, company=company
        ).items()
        label = self._fields[figure]._description_string(self.env)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "%(figure)s: %(partners)s, %(from)s - %(to)s",
                figure=label,
                partners=", ".join(partners.mapped("display_name")),
                **{"from": date_from, "to": date_to},
            ),
            "res_model": model,
            "domain": domain,
            "views": [(False, "list"), (False, "form")],
            "context": {"active_test": False, "create": False},
        }

    @api.model
    def _prm_sums(self, partners, date_from, date_to, company=None):
        """{partner id: {measure: sum}} between two days (of `company` and,
        for leads, of no company; by default of the user's companies; in its
        currency, by default the current company's), in one query."""
        Figure = (self.with_company(company) if company else self).sudo()
        for model, fnames in self._depends.items():  # what the query reads
            self.env[model].flush_model(fnames)
        company_filter = (
            SQL("(figure.company_id IS NULL OR figure.company_id = %s)", company.id)
            if company
            else SQL("TRUE")
        )
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT figure.partner_id,
                       SUM(figure.revenue_invoiced + figure.revenue_to_invoice)
                           AS revenue,
                       SUM(figure.revenue_invoiced) AS revenue_invoiced,
                       SUM(figure.revenue_to_invoice) AS revenue_to_invoice,
                       SUM(figure.indirect_orders) AS indirect_orders,
                       SUM(figure.leads_received) AS leads_received,
                       SUM(figure.leads_accepted) AS leads_accepted,
                       SUM(figure.leads_won) AS leads_won,
                       SUM(figure.leads_lost) AS leads_lost,
                       SUM(figure.mdf_allocated) AS mdf_allocated,
                       SUM(figure.mdf_used) AS mdf_used
                  FROM (%(facts)s) AS figure
                 WHERE figure.partner_id = ANY(%(partners)s)
                   AND %(company)s
              GROUP BY figure.partner_id
                """,
                facts=Figure._prm_facts_sql(date_from, date_to),
                partners=partners.ids,
                company=company_filter,
            )
        )
        return {
            row.pop("partner_id"): {
                # Amounts as floats, counts as integers.
                measure: float(value) if isinstance(value, Decimal) else value
                for measure, value in row.items()
            }
            for row in rows
        }
