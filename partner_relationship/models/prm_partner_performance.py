# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..tools.roles import check_role
from .prm_partner_figure import _and_leaves

# Ids: one row per target and partner.
PARTNERS_PER_TARGET = 1_000_000_000
# The conditions on a row's period that also select the targets read.
PERIOD_OPERATORS = {op: SQL(op) for op in ("=", "<", "<=", ">", ">=")}


class PrmPartnerPerformance(models.Model):
    """Plan vs actual: one row per target and partner it applies to (the
    partner's own target, else its tier's), the partner's figures
    (prm.partner.figure) over the target's period and the period before,
    and how far each figure is from the target pro rata of the time elapsed.
    Amounts in the current company's currency."""

    _name = "prm.partner.performance"
    _description = "Channel Partner Performance"
    _auto = False
    _order = "date_from desc, underperforming desc, revenue_achievement, partner_id"
    _rec_name = "partner_id"
    _depends = {
        "prm.partner.target": [
            "grade_id",
            "partner_id",
            "company_id",
            "date_from",
            "date_to",
            "previous_date_from",
            "target_revenue",
            "target_leads_won",
            "target_leads_accepted",
            "target_mdf_used",
        ],
        "res.partner": ["grade_id", "company_id", "partner_manager_id"],
    }

    target_id = fields.Many2one("prm.partner.target", readonly=True)
    partner_id = fields.Many2one("res.partner", readonly=True)
    grade_id = fields.Many2one("res.partner.grade", string="Tier", readonly=True)
    partner_type_id = fields.Many2one("prm.partner.type", readonly=True)
    partner_manager_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date_from = fields.Date(string="From", readonly=True)
    date_to = fields.Date(string="To", readonly=True)
    previous_date_from = fields.Date(
        string="Compared From",
        readonly=True,
        help="The previous period starts on this day and ends the day before "
        "the period: the calendar month, quarter or year before, else as many "
        "days just before.",
    )
    elapsed = fields.Float(
        string="Elapsed (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 1),
        help="Share of the period gone by: the targets are compared pro rata.",
    )
    target_revenue = fields.Monetary(string="Revenue Target", readonly=True)
    revenue = fields.Monetary(readonly=True)
    revenue_previous = fields.Monetary(
        string="Revenue, Previous Period",
        readonly=True,
        help="Revenue over the previous period: the calendar month, quarter "
        "or year before, else as many days just before.",
    )
    revenue_trend = fields.Float(
        string="Revenue Trend (%)",
        readonly=True,
        aggregator="avg",
        digits=(6, 1),
        help="Change of the revenue from the previous period.",
    )
    revenue_achievement = fields.Float(
        string="Revenue vs Target (%)", readonly=True, aggregator="avg", digits=(6, 1)
    )
    target_leads_won = fields.Integer(string="Won Deals Target", readonly=True)
    leads_won = fields.Integer(string="Won Deals", readonly=True)
    leads_won_previous = fields.Integer(
        string="Won Deals, Previous Period", readonly=True
    )
    leads_won_achievement = fields.Float(
        string="Won Deals vs Target (%)",
        readonly=True,
        aggregator="avg",
        digits=(6, 1),
    )
    target_leads_accepted = fields.Integer(
        string="Leads Accepted Target", readonly=True
    )
    leads_accepted = fields.Integer(readonly=True)
    leads_accepted_achievement = fields.Float(
        string="Leads Accepted vs Target (%)",
        readonly=True,
        aggregator="avg",
        digits=(6, 1),
    )
    target_mdf_used = fields.Monetary(string="MDF Used Target", readonly=True)
    mdf_used = fields.Monetary(string="MDF Used", readonly=True)
    mdf_used_achievement = fields.Float(
        string="MDF Used vs Target (%)", readonly=True, aggregator="avg", digits=(6, 1)
    )
    underperforming = fields.Boolean(
        readonly=True,
        help="A figure with a target is below it, pro rata of the time elapsed.",
    )

    @property
    def _table_query(self):
        Figure = self.env["prm.partner.figure"]
        company = self.env.company
        companies = self.env.companies.ids
        today = fields.Date.context_today(self)

        def achievement(target, actual):
            return SQL(
                "CASE WHEN %(target)s > 0 AND pair.elapsed > 0"
                " THEN 100.0 * COALESCE(%(actual)s, 0) / (%(target)s * pair.elapsed)"
                " END",
                target=target,
                actual=actual,
            )

        target_revenue = self.env["res.currency"]._prm_convert_sql(
            SQL("target.target_revenue"),
            SQL("target_company.currency_id"),
            SQL("target.date_from"),
            company,
        )
        target_mdf = self.env["res.currency"]._prm_convert_sql(
            SQL("target.target_mdf_used"),
            SQL("target_company.currency_id"),
            SQL("target.date_from"),
            company,
        )
        achievements = {
            "revenue": achievement(SQL("pair.target_revenue"), SQL("actual.revenue")),
            "leads_won": achievement(
                SQL("pair.target_leads_won"), SQL("actual.leads_won")
            ),
            "leads_accepted": achievement(
                SQL("pair.target_leads_accepted"), SQL("actual.leads_accepted")
            ),
            "mdf_used": achievement(
                SQL("pair.target_mdf_used"), SQL("actual.mdf_used")
            ),
        }
        return SQL(
            """
            WITH measured AS (%(partners)s
            ), target AS (
                SELECT * FROM prm_partner_target
                 WHERE company_id = ANY(%(companies)s) AND %(periods)s
            ), pair AS (
                SELECT target.id AS target_id,
                       measured.id AS partner_id,
                       measured.grade_id, measured.partner_type_id,
                       measured.partner_manager_id,
                       target.company_id, target.date_from, target.date_to,
                       target.previous_date_from,
                       LEAST(GREATEST(
                           (LEAST(%(today)s, target.date_to)
                            - target.date_from + 1)::float
                           / (target.date_to - target.date_from + 1), 0), 1)
                           AS elapsed,
                       %(target_revenue)s AS target_revenue,
                       target.target_leads_won,
                       target.target_leads_accepted,
                       %(target_mdf)s AS target_mdf_used
                  FROM target
                  JOIN res_company target_company
                    ON target_company.id = target.company_id
                  JOIN measured
                    ON measured.id = target.partner_id
                    OR (target.partner_id IS NULL
                        AND measured.grade_id = target.grade_id
                        AND (measured.company_id IS NULL
                             OR measured.company_id = target.company_id)
                        AND NOT EXISTS (
                            SELECT 1 FROM prm_partner_target own
                             WHERE own.partner_id = measured.id
                               AND own.company_id = target.company_id
                               AND own.date_from <= target.date_to
                               AND own.date_to >= target.date_from))
            ), figure AS (%(facts)s
            ), actual AS MATERIALIZED (
                -- Once: PostgreSQL expects one pair (its join is an OR) and
                -- would compute it again for each.
                SELECT pair.target_id, pair.partner_id,
                       SUM(figure.revenue_invoiced + figure.revenue_to_invoice)
                           FILTER (WHERE figure.date >= pair.date_from) AS revenue,
                       SUM(figure.revenue_invoiced + figure.revenue_to_invoice)
                           FILTER (WHERE figure.date < pair.date_from)
                           AS revenue_previous,
                       SUM(figure.leads_won)
                           FILTER (WHERE figure.date >= pair.date_from) AS leads_won,
                       SUM(figure.leads_won)
                           FILTER (WHERE figure.date < pair.date_from)
                           AS leads_won_previous,
                       SUM(figure.leads_accepted)
                           FILTER (WHERE figure.date >= pair.date_from)
                           AS leads_accepted,
                       SUM(figure.mdf_used)
                           FILTER (WHERE figure.date >= pair.date_from) AS mdf_used
                  FROM pair
                  JOIN figure ON figure.partner_id = pair.partner_id
                             AND (figure.company_id IS NULL
                                  OR figure.company_id = pair.company_id)
                             AND figure.date >= pair.previous_date_from
                             AND figure.date <= pair.date_to
              GROUP BY pair.target_id, pair.partner_id
            )
            SELECT pair.target_id::bigint * %(ids)s + pair.partner_id AS id,
                   pair.target_id, pair.partner_id, pair.grade_id,
                   pair.partner_type_id, pair.partner_manager_id,
                   pair.company_id, pair.date_from, pair.date_to,
                   pair.previous_date_from,
                   %(currency)s AS currency_id,
                   100.0 * pair.elapsed AS elapsed,
                   pair.target_revenue,
                   COALESCE(actual.revenue, 0) AS revenue,
                   COALESCE(actual.revenue_previous, 0) AS revenue_previous,
                   CASE WHEN actual.revenue_previous > 0
                        THEN 100.0 * (COALESCE(actual.revenue, 0)
                                      - actual.revenue_previous)
                             / actual.revenue_previous
                   END AS revenue_trend,
                   %(revenue_achievement)s AS revenue_achievement,
                   pair.target_leads_won,
                   COALESCE(actual.leads_won, 0) AS leads_won,
                   COALESCE(actual.leads_won_previous, 0) AS leads_won_previous,
                   %(leads_won_achievement)s AS leads_won_achievement,
                   pair.target_leads_accepted,
                   COALESCE(actual.leads_accepted, 0) AS leads_accepted,
                   %(leads_accepted_achievement)s AS leads_accepted_achievement,
                   pair.target_mdf_used,
                   COALESCE(actual.mdf_used, 0) AS mdf_used,
                   %(mdf_used_achievement)s AS mdf_used_achievement,
                   COALESCE(LEAST(%(revenue_achievement)s,
                                  %(leads_won_achievement)s,
                                  %(leads_accepted_achievement)s,
                                  %(mdf_used_achievement)s) < 99.95, FALSE)
                       AS underperforming
              FROM pair
         LEFT JOIN actual ON actual.target_id = pair.target_id
                         AND actual.partner_id = pair.partner_id
            """,
            partners=Figure._prm_partner_sql(),
            # Only the days of the targets' periods and the periods before.
            facts=Figure._prm_facts_sql(
                SQL("(SELECT MIN(previous_date_from) FROM target)"),
                SQL("(SELECT MAX(date_to) FROM target)"),
            ),
            companies=companies,
            periods=SQL(" AND ").join(
                SQL(
                    "%s %s %s",
                    SQL.identifier("prm_partner_target", field),
                    PERIOD_OPERATORS[operator],
                    value,
                )
                for field, operator, value in self.env.context.get(
                    "prm_target_periods", ()
                )
            )
            or SQL("TRUE"),
            today=today,
            target_revenue=target_revenue,
            target_mdf=target_mdf,
            ids=PARTNERS_PER_TARGET,
            currency=company.currency_id.id,
            revenue_achievement=achievements["revenue"],
            leads_won_achievement=achievements["leads_won"],
            leads_accepted_achievement=achievements["leads_accepted"],
            mdf_used_achievement=achievements["mdf_used"],
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """Read only the targets of the periods the domain keeps (e.g. the
        Current Period filter), and so only their days: the conditions on
        the period joined to the whole domain by AND also select the targets
        (a partner's own target still replaces its tier's when it is not
        kept)."""
        periods = [
            (field, operator, fields.Date.to_date(value))
            for field, operator, value in (
                leaf for leaf in _and_leaves(domain) if expression.is_leaf(leaf)
            )
            if field in ("date_from", "date_to")
            and operator in PERIOD_OPERATORS
            and value
        ]
        if periods:
            self = self.with_context(prm_target_periods=periods)
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def action_open_figure(self):
        """The documents behind one figure of this row (context key
        ``prm_figure``: revenue_invoiced, revenue_to_invoice, leads_won,
        leads_accepted, mdf_used) over its period."""
        check_role(self, "action_open_figure")
        self.ensure_one()
        return self.env["prm.partner.figure"]._prm_figure_action(
            self.env.context.get("prm_figure"),
            self.partner_id,
            self.date_from,
            self.date_to,
            company=self.company_id,
        )
