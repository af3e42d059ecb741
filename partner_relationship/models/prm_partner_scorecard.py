# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models, tools
from odoo.tools import SQL


class PrmPartnerScorecard(models.Model):
    """One row per channel partner of the user's companies that the user may
    read, computed by a single SQL query (set-wise) on the documents of those
    companies, amounts in the current company's currency. Rows are cached by
    partner: read them for one selection of companies at a time (or
    invalidate the cache)."""

    _name = "prm.partner.scorecard"
    _description = "Channel Partner Scorecard"
    _auto = False
    _order = "pipeline_value desc"
    _rec_name = "partner_id"
    # Flushed before the query is run, so that it sees pending changes.
    _depends = {
        "res.partner": [
            "is_channel_partner",
            "is_company",
            "partner_type_id",
            "grade_id",
            "partner_manager_id",
            "commercial_partner_id",
            "company_id",
        ],
        "crm.lead": [
            "partner_assigned_id",
            "partner_declined_ids",
            "type",
            "active",
            "stage_id",
            "probability",
            "expected_revenue",
            "date_conversion",
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
        "prm.fund.allocation": [
            "partner_id",
            "amount",
            "paid",
            "date_start",
            "date_end",
            "company_id",
        ],
        "helpdesk.ticket": ["partner_id", "stage_id", "company_id"],
        "helpdesk.ticket.stage": ["closed"],
        "prm.review": [
            "partner_id",
            "state",
            "score_average",
            "date_done",
            "company_id",
        ],
        "prm.lead.assignment": ["partner_id", "state", "answer_hours", "company_id"],
        "res.company": ["currency_id"],
        "res.currency.rate": ["rate", "name", "currency_id", "company_id"],
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
    leads_received = fields.Integer(readonly=True)
    leads_accepted = fields.Integer(readonly=True)
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
    leads_won = fields.Integer(readonly=True)
    leads_lost = fields.Integer(readonly=True)
    win_rate = fields.Float(
        string="Win Rate (%)", readonly=True, aggregator="avg", digits=(5, 1)
    )
    pipeline_value = fields.Monetary(
        readonly=True, help="Expected revenue of the partner's open opportunities."
    )
    revenue_12m = fields.Monetary(
        string="12-month Revenue",
        readonly=True,
        help="Posted customer invoices, net of credit notes, over the last 12 months.",
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
        help="Marketing funds allocated on budgets of the last 12 months.",
    )
    mdf_used = fields.Monetary(
        string="MDF Used", readonly=True, help="Claims paid on those allocations."
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
        company = self.env.company
        companies = self.env.companies.ids

        def in_companies(column):
            return SQL("(%s IS NULL OR %s = ANY(%s))", column, column, companies)

        # Only the partners the user may read (an administrator's rule may
        # keep some from him): the query reads their documents as superuser.
        readable = (
            SQL("TRUE")
            if self.env.su
            else SQL(
                "id IN %s",
                self.env["res.partner"]
                .with_context(active_test=False)
                ._search([])
                .subselect(),
            )
        )

        return SQL(
            """
            WITH partner AS (
                SELECT id, partner_type_id, grade_id, partner_manager_id, company_id
                  FROM res_partner
                 WHERE is_channel_partner AND is_company
                   AND %(partner_company)s
                   AND %(readable)s
            ), assigned AS (
                SELECT lead.partner_assigned_id AS partner_id,
                       COUNT(*) AS assigned,
                       COUNT(*) FILTER (WHERE lead.type = 'opportunity') AS accepted,
                       PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY GREATEST(
                           lead.date_conversion::date - lead.date_partner_assign, 0))
                           FILTER (WHERE lead.type = 'opportunity'
                                   AND lead.date_conversion IS NOT NULL
                                   AND lead.date_partner_assign IS NOT NULL)
                           AS median_acceptance_days,
                       COUNT(*) FILTER (WHERE lead.active AND stage.is_won) AS won,
                       COUNT(*) FILTER (WHERE NOT lead.active AND lead.probability = 0)
                           AS lost
                  FROM crm_lead lead
                  JOIN partner ON partner.id = lead.partner_assigned_id
             LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
                 WHERE %(lead_company)s
              GROUP BY lead.partner_assigned_id
            ), declined AS (
                SELECT rel.partner_id, COUNT(*) AS declined
                  FROM crm_lead_declined_partner rel
                  JOIN partner ON partner.id = rel.partner_id
                  JOIN crm_lead lead ON lead.id = rel.lead_id
                 WHERE %(lead_company)s
              GROUP BY rel.partner_id
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
            ), money AS (
                -- Amounts summed by partner, kind, currency and date, then
                -- converted per currency and date (money_rate).
                SELECT lead.partner_assigned_id AS partner_id,
                       'pipeline' AS kind,
                       COALESCE(company.currency_id, %(currency)s) AS currency_id,
                       CURRENT_DATE AS date,
                       SUM(lead.expected_revenue) AS amount
                  FROM crm_lead lead
                  JOIN partner ON partner.id = lead.partner_assigned_id
             LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
             LEFT JOIN res_company company ON company.id = lead.company_id
                 WHERE lead.active AND lead.type = 'opportunity'
                   AND NOT COALESCE(stage.is_won, FALSE)
                   AND %(lead_company)s
              GROUP BY 1, 3
             UNION ALL
                SELECT move.commercial_partner_id, 'revenue', company.currency_id,
                       move.invoice_date, SUM(move.amount_untaxed_signed)
                  FROM account_move move
                  JOIN partner ON partner.id = move.commercial_partner_id
                  JOIN res_company company ON company.id = move.company_id
                 WHERE move.state = 'posted'
                   AND move.move_type IN ('out_invoice', 'out_refund')
                   AND move.invoice_date >= CURRENT_DATE - INTERVAL '12 months'
                   AND move.company_id = ANY(%(companies)s)
              GROUP BY 1, 3, 4
             UNION ALL
                SELECT contact.commercial_partner_id, 'indirect', sale.currency_id,
                       sale.date_order::date, SUM(sale.amount_untaxed)
                  FROM sale_order sale
                  JOIN res_partner contact ON contact.id = sale.partner_id
                  JOIN partner ON partner.id = contact.commercial_partner_id
                 WHERE sale.state = 'sale'
                   AND sale.is_indirect
                   AND sale.date_order >= CURRENT_DATE - INTERVAL '12 months'
                   AND sale.company_id = ANY(%(companies)s)
              GROUP BY 1, 3, 4
             UNION ALL
                SELECT allocation.partner_id, kind.kind, company.currency_id,
                       allocation.date_start,
                       SUM(CASE WHEN kind.kind = 'mdf_allocated'
                                THEN allocation.amount ELSE allocation.paid END)
                  FROM prm_fund_allocation allocation
                  JOIN partner ON partner.id = allocation.partner_id
                  JOIN res_company company ON company.id = allocation.company_id
                 CROSS JOIN (VALUES ('mdf_allocated'), ('mdf_used')) AS kind(kind)
                 WHERE allocation.date_end >= CURRENT_DATE - INTERVAL '12 months'
                   AND allocation.date_start <= CURRENT_DATE
                   AND allocation.company_id = ANY(%(companies)s)
              GROUP BY 1, 2, 3, 4
            ), money_rate AS (
                SELECT bucket.currency_id, bucket.date,
                       %(factor)s AS factor
                  FROM (SELECT DISTINCT currency_id, date FROM money) AS bucket
            ), amounts AS (
                SELECT money.partner_id,
                       SUM(money.amount * money_rate.factor)
                           FILTER (WHERE money.kind = 'pipeline') AS pipeline_value,
                       SUM(money.amount * money_rate.factor)
                           FILTER (WHERE money.kind = 'revenue') AS revenue,
                       SUM(money.amount * money_rate.factor)
                           FILTER (WHERE money.kind = 'indirect') AS indirect,
                       SUM(money.amount * money_rate.factor)
                           FILTER (WHERE money.kind = 'mdf_allocated') AS allocated,
                       SUM(money.amount * money_rate.factor)
                           FILTER (WHERE money.kind = 'mdf_used') AS used
                  FROM money
                  JOIN money_rate ON money_rate.currency_id = money.currency_id
                                 AND money_rate.date = money.date
              GROUP BY money.partner_id
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
                   COALESCE(assigned.assigned, 0) + COALESCE(declined.declined, 0)
                       AS leads_received,
                   COALESCE(assigned.accepted, 0) AS leads_accepted,
                   CASE WHEN COALESCE(assigned.assigned, 0)
                             + COALESCE(declined.declined, 0) > 0
                        THEN 100.0 * COALESCE(assigned.accepted, 0)
                             / (COALESCE(assigned.assigned, 0)
                                + COALESCE(declined.declined, 0))
                   END AS acceptance_rate,
                   assigned.median_acceptance_days,
                   offers.median_answer_hours,
                   COALESCE(offers.recalled, 0) AS leads_recalled,
                   COALESCE(assigned.won, 0) AS leads_won,
                   COALESCE(assigned.lost, 0) AS leads_lost,
                   CASE WHEN COALESCE(assigned.won, 0) + COALESCE(assigned.lost, 0) > 0
                        THEN 100.0 * assigned.won / (assigned.won + assigned.lost)
                   END AS win_rate,
                   COALESCE(amounts.pipeline_value, 0) AS pipeline_value,
                   COALESCE(amounts.revenue, 0) AS revenue_12m,
                   COALESCE(amounts.indirect, 0) AS indirect_revenue_12m,
                   COALESCE(amounts.allocated, 0) AS mdf_allocated,
                   COALESCE(amounts.used, 0) AS mdf_used,
                   COALESCE(tickets.open_tickets, 0) AS open_service_requests,
                   last_review.score_average AS last_review_score
              FROM partner
         LEFT JOIN assigned ON assigned.partner_id = partner.id
         LEFT JOIN declined ON declined.partner_id = partner.id
         LEFT JOIN offers ON offers.partner_id = partner.id
         LEFT JOIN amounts ON amounts.partner_id = partner.id
         LEFT JOIN tickets ON tickets.partner_id = partner.id
         LEFT JOIN last_review ON last_review.partner_id = partner.id
            """,
            partner_company=in_companies(SQL("company_id")),
            readable=readable,
            lead_company=in_companies(SQL("lead.company_id")),
            offer_company=in_companies(SQL("offer.company_id")),
            ticket_company=in_companies(SQL("ticket.company_id")),
            companies=companies,
            currency=company.currency_id.id,
            factor=Currency._prm_convert_sql(
                SQL("1.0"), SQL("bucket.currency_id"), SQL("bucket.date"), company
            ),
        )

    def init(self):
        # The figures depend on the user's companies (_table_query): no view.
        tools.drop_view_if_exists(self.env.cr, self._table)
