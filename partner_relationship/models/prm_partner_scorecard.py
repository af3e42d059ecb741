# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..tools.roles import check_role
from .prm_partner_figure import PrmPartnerFigure


class PrmPartnerScorecard(models.Model):
    """One row per channel partner of the user's companies that the user may
    read (past its application, not archived), computed by a single SQL query
    (set-wise) on the documents of those companies, amounts in the current
    company's currency. Its lead, revenue and fund figures are those of
    prm.partner.figure over the last 12 months. Rows are cached by
    partner: read them for one selection of companies at a time (or
    invalidate the cache)."""

    _name = "prm.partner.scorecard"
    _description = "Channel Partner Scorecard"
    _auto = False
    _order = "pipeline_value desc"
    _rec_name = "partner_id"
    # Flushed before the query is run, so that it sees pending changes.
    _depends = {
        model: [*PrmPartnerFigure._depends.get(model, ()), *names]
        for model, names in {
            **dict.fromkeys(PrmPartnerFigure._depends, ()),
            # What the scorecard reads besides the figures.
            "crm.lead": ("expected_revenue", "date_conversion"),
            "helpdesk.ticket": ("partner_id", "stage_id", "company_id"),
            "helpdesk.ticket.stage": ("closed",),
            "prm.review": (
                "partner_id",
                "state",
                "score_average",
                "date_done",
                "company_id",
            ),
            "prm.lead.assignment": (
                "partner_id",
                "state",
                "answer_hours",
                "company_id",
            ),
        }.items()
    }

    partner_id = fields.Many2one("res.partner", readonly=True)
    partner_type_id = fields.Many2one("prm.partner.type", readonly=True)
    relationship_kind = fields.Selection(
        related="partner_id.relationship_kind", readonly=True
    )
    grade_id = fields.Many2one("res.partner.grade", string="Tier", readonly=True)
    partner_manager_id = fields.Many2one("res.users", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(
        "res.currency",
        readonly=True,
        help="The current company's: amounts of other currencies are converted "
        "at the rate of their document's date.",
    )
    leads_received = fields.Integer(
        readonly=True, help="Leads received over the last 12 months."
    )
    leads_accepted = fields.Integer(
        readonly=True, help="Leads received over the last 12 months and accepted."
    )
    acceptance_rate = fields.Float(
        string="Accepted (%)", readonly=True, aggregator="avg", digits=(5, 1)
    )
    median_acceptance_days = fields.Float(
        string="Median Acceptance Time (days)",
        readonly=True,
        aggregator="avg",
        digits=(6, 1),
        help="From forwarding to conversion into an opportunity.",
    )
    median_answer_hours = fields.Float(
        string="Median Answer Time (hours)",
        readonly=True,
        aggregator="avg",
        digits=(6, 1),
        help="From a routed lead's offer to the partner's acceptance or decline.",
    )
    leads_recalled = fields.Integer(
        string="Leads Recalled (no answer)",
        readonly=True,
        help="Offers the partner left unanswered past the deadline.",
    )
    leads_won = fields.Integer(
        readonly=True, help="Opportunities won over the last 12 months."
    )
    leads_lost = fields.Integer(
        readonly=True, help="Opportunities lost over the last 12 months."
    )
    win_rate = fields.Float(
        string="Win Rate (%)",
        readonly=True,
        aggregator="avg",
        digits=(5, 1),
        help="Won of the opportunities won or lost over the last 12 months.",
    )
    pipeline_value = fields.Monetary(
        readonly=True, help="Expected revenue of the partner's open opportunities."
    )
    revenue_12m = fields.Monetary(
        string="12-month Revenue",
        readonly=True,
        help="Posted customer invoices net of credit notes, plus the part of "
        "confirmed indirect orders not invoiced yet, over the last 12 months: "
        "the revenue the tier criteria measure.",
    )
    indirect_revenue_12m = fields.Monetary(
        string="12-month Indirect Orders",
        readonly=True,
        help="Untaxed amount of the partner's confirmed orders for end customers "
        "over the last 12 months.",
    )
    mdf_allocated = fields.Monetary(
        string="MDF Allocated",
        readonly=True,
        help="Marketing funds allocated on budgets starting in the last 12 months.",
    )
    mdf_used = fields.Monetary(
        string="MDF Used",
        readonly=True,
        help="Fund claims paid (vendor bill dated) in the last 12 months.",
    )
    open_service_requests = fields.Integer(readonly=True)
    last_review_score = fields.Float(readonly=True, aggregator="avg", digits=(3, 2))

    @property
    def _table_query(self):
        """The figures of the partners of the user's companies, from the
        documents of those companies, in the current company's currency."""
        return self._query()

    def _query(self):
        Currency = self.env["res.currency"]
        Figure = self.env["prm.partner.figure"]
        company = self.env.company
        companies = self.env.companies.ids
        date_from, date_to = Figure._prm_last_12_months()

        def in_companies(column):
            return SQL("(%s IS NULL OR %s = ANY(%s))", column, column, companies)

        return SQL(
            """
            WITH partner AS (%(partners)s
            ), figure AS (
                -- The figures of the last 12 months (prm.partner.figure).
                SELECT figure.partner_id,
                       SUM(figure.leads_received) AS received,
                       SUM(figure.leads_accepted) AS accepted,
                       SUM(figure.leads_won) AS won,
                       SUM(figure.leads_lost) AS lost,
                       SUM(figure.revenue_invoiced + figure.revenue_to_invoice)
                           AS revenue,
                       SUM(figure.indirect_orders) AS indirect,
                       SUM(figure.mdf_allocated) AS allocated,
                       SUM(figure.mdf_used) AS used
                  FROM (%(facts)s) AS figure
                 WHERE figure.date BETWEEN %(date_from)s AND %(date_to)s
              GROUP BY figure.partner_id
            ), assigned AS (
                SELECT lead.partner_assigned_id AS partner_id,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY GREATEST(
                           lead.date_conversion::date - lead.date_partner_assign, 0))
                           FILTER (WHERE lead.type = 'opportunity'
                                   AND lead.date_conversion IS NOT NULL
                                   AND lead.date_partner_assign IS NOT NULL)
                           AS median_acceptance_days
                  FROM crm_lead lead
                  JOIN partner ON partner.id = lead.partner_assigned_id
                 WHERE %(lead_company)s
              GROUP BY lead.partner_assigned_id
            ), offers AS (
                SELECT offer.partner_id,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY offer.answer_hours)
                           FILTER (WHERE offer.state IN ('accepted', 'declined')
                                   AND offer.origin != 'registration')
                           AS median_answer_hours,
                       COUNT(*) FILTER (WHERE offer.state = 'expired') AS recalled
                  FROM prm_lead_assignment offer
                  JOIN partner ON partner.id = offer.partner_id
                 WHERE %(offer_company)s
              GROUP BY offer.partner_id
            ), pipeline AS (
                SELECT lead.partner_assigned_id AS partner_id,
                       SUM(lead.expected_revenue) * %(factor)s AS pipeline_value
                  FROM crm_lead lead
                  JOIN partner ON partner.id = lead.partner_assigned_id
             LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
             LEFT JOIN res_company company ON company.id = lead.company_id
                 WHERE lead.active AND lead.type = 'opportunity'
                   AND NOT COALESCE(stage.is_won, FALSE)
                   AND %(lead_company)s
              GROUP BY lead.partner_assigned_id, company.currency_id
            ), tickets AS (
                SELECT contact.commercial_partner_id AS partner_id,
                       COUNT(*) AS open_tickets
                  FROM helpdesk_ticket ticket
                  JOIN res_partner contact ON contact.id = ticket.partner_id
                  JOIN partner ON partner.id = contact.commercial_partner_id
                  JOIN helpdesk_ticket_stage stage ON stage.id = ticket.stage_id
                 WHERE NOT COALESCE(stage.closed, FALSE)
                   AND %(ticket_company)s
              GROUP BY contact.commercial_partner_id
            ), last_review AS (
                SELECT DISTINCT ON (review.partner_id)
                       review.partner_id, review.score_average
                  FROM prm_review review
                  JOIN partner ON partner.id = review.partner_id
                 WHERE review.state = 'done'
                   AND review.company_id = ANY(%(companies)s)
              ORDER BY review.partner_id, review.date_done DESC, review.id DESC
            )
            SELECT partner.id AS id,
                   partner.id AS partner_id,
                   partner.partner_type_id,
                   partner.grade_id,
                   partner.partner_manager_id,
                   partner.company_id,
                   %(currency)s AS currency_id,
                   COALESCE(figure.received, 0) AS leads_received,
                   COALESCE(figure.accepted, 0) AS leads_accepted,
                   CASE WHEN figure.received > 0
                        THEN 100.0 * figure.accepted / figure.received
                   END AS acceptance_rate,
                   assigned.median_acceptance_days,
                   offers.median_answer_hours,
                   COALESCE(offers.recalled, 0) AS leads_recalled,
                   COALESCE(figure.won, 0) AS leads_won,
                   COALESCE(figure.lost, 0) AS leads_lost,
                   CASE WHEN figure.won + figure.lost > 0
                        THEN 100.0 * figure.won / (figure.won + figure.lost)
                   END AS win_rate,
                   COALESCE(pipeline.pipeline_value, 0) AS pipeline_value,
                   COALESCE(figure.revenue, 0) AS revenue_12m,
                   COALESCE(figure.indirect, 0) AS indirect_revenue_12m,
                   COALESCE(figure.allocated, 0) AS mdf_allocated,
                   COALESCE(figure.used, 0) AS mdf_used,
                   COALESCE(tickets.open_tickets, 0) AS open_service_requests,
                   last_review.score_average AS last_review_score
              FROM partner
         LEFT JOIN figure ON figure.partner_id = partner.id
         LEFT JOIN assigned ON assigned.partner_id = partner.id
         LEFT JOIN offers ON offers.partner_id = partner.id
         LEFT JOIN (SELECT partner_id, SUM(pipeline_value) AS pipeline_value
                      FROM pipeline GROUP BY partner_id) AS pipeline
                ON pipeline.partner_id = partner.id
         LEFT JOIN tickets ON tickets.partner_id = partner.id
         LEFT JOIN last_review ON last_review.partner_id = partner.id
            """,
            partners=Figure._prm_partner_sql(),
            facts=Figure._prm_facts_sql(date_from, date_to),
            date_from=date_from,
            date_to=date_to,
            lead_company=in_companies(SQL("lead.company_id")),
            offer_company=in_companies(SQL("offer.company_id")),
            ticket_company=in_companies(SQL("ticket.company_id")),
            companies=companies,
            currency=company.currency_id.id,
            factor=Currency._prm_convert_sql(
                SQL("1.0"),
                SQL("COALESCE(company.currency_id, %s)", company.currency_id.id),
                SQL("CURRENT_DATE"),
                company,
            ),
        )

    def action_open_figure(self):
        """The documents behind one figure of this scorecard (context key
        ``prm_figure``, a figure of prm.partner.figure) over the last 12
        months."""
        check_role(self, "action_open_figure")
        self.ensure_one()
        Figure = self.env["prm.partner.figure"]
        return Figure._prm_figure_action(
            self.env.context.get("prm_figure"),
            self.partner_id,
            *Figure._prm_last_12_months(),
        )

    def init(self):
        # The figures depend on the user's companies (_table_query): no view.
        tools.drop_view_if_exists(self.env.cr, self._table)
