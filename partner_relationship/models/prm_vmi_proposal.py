# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tools import SQL

from ..tools.roles import check_role

# Sell-through of the last RECENT_DAYS gives the daily rate; compared with
# the RECENT_DAYS before, the trend (bounded to TREND_BOUNDS).
RECENT_DAYS = 90
TREND_BOUNDS = (0.5, 2.0)
# Horizon of a min/max target's forecast check.
MIN_MAX_HORIZON_DAYS = 30


class PrmVmiProposal(models.Model):
    """A replenishment the vendor proposes for a partner's product, computed
    from the partner's shared stock, sell-through trend and forecast."""

    _name = "prm.vmi.proposal"
    _description = "Replenishment Proposal"
    _inherit = ["prm.partner.record.mixin", "portal.mixin"]
    _order = "date desc, partner_id, product_id"

    date = fields.Date(required=True, readonly=True, index=True)
    company_id = fields.Many2one("res.company", required=True, readonly=True)
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, check_company=True
    )
    target_id = fields.Many2one(
        "prm.vmi.target", readonly=True, ondelete="cascade", check_company=True
    )
    stock_qty = fields.Float(string="Stock", readonly=True)
    stock_date = fields.Date(string="Stock As Of", readonly=True)
    incoming_qty = fields.Float(
        string="On Order", readonly=True, help="Confirmed, not delivered yet."
    )
    daily_sales = fields.Float(digits=(12, 3), readonly=True)
    trend = fields.Float(digits=(4, 2), readonly=True)
    forecast_qty = fields.Float(string="Forecast", readonly=True)
    demand_qty = fields.Float(
        string="Expected Demand",
        readonly=True,
        help="Over the target's cover (or a month for a min/max target).",
    )
    proposed_qty = fields.Float(string="Proposed", digits="Product Unit of Measure")
    alert = fields.Selection(
        [("stock_out", "Stock-out"), ("overstock", "Overstock")], readonly=True
    )
    state = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("confirmed", "Ordered"),
            ("rejected", "Rejected"),
        ],
        default="proposed",
        required=True,
        readonly=True,
        index=True,
    )
    sale_order_id = fields.Many2one("sale.order", readonly=True, check_company=True)

    def _compute_access_url(self):
        for proposal in self:
            proposal.access_url = "/my/inventory"

    @api.model
    def _compute_proposals(self, partners=None):
        """Recompute the open proposals of all partners (or of `partners`).

        One query reads every target with its figures; the maths run in
        memory; one statement replaces the open proposals. Returns the
        number of proposals and alerts.
        """
        self.env.flush_all()
        today = fields.Date.context_today(self)
        partner_filter = (
            SQL("AND target.partner_id = ANY(%s)", partners.ids)
            if partners is not None
            else SQL()
        )
        self.env.cr.execute(
            SQL(
                """
                WITH target AS (
                    SELECT target.id, target.partner_id, target.product_id,
                           target.company_id, target.min_qty, target.max_qty,
                           target.cover_days
                      FROM prm_vmi_target target
                     WHERE target.active %(partner_filter)s
                ), latest_stock AS (
                    SELECT DISTINCT ON (report.partner_id, report.product_id,
                                        report.location)
                           report.partner_id, report.product_id,
                           report.quantity, report.date_from
                      FROM prm_vmi_report report
                      JOIN target ON target.partner_id = report.partner_id
                                 AND target.product_id = report.product_id
                     WHERE report.kind = 'stock'
                  ORDER BY report.partner_id, report.product_id, report.location,
                           report.date_from DESC
                ), stock AS (
                    SELECT partner_id, product_id, SUM(quantity) AS qty,
                           MAX(date_from) AS as_of
                      FROM latest_stock
                  GROUP BY partner_id, product_id
                ), sales AS (
                    SELECT report.partner_id, report.product_id,
                           SUM(report.quantity) FILTER (
                               WHERE report.date_to > %(recent)s) AS recent,
                           SUM(report.quantity) FILTER (
                               WHERE report.date_to <= %(recent)s
                                 AND report.date_to > %(before)s) AS before,
                           SUM(report.quantity) AS year
                      FROM prm_vmi_report report
                      JOIN target ON target.partner_id = report.partner_id
                                 AND target.product_id = report.product_id
                     WHERE report.kind = 'sales' AND report.date_to > %(year)s
                  GROUP BY report.partner_id, report.product_id
                ), forecast AS (
                    SELECT report.partner_id, report.product_id,
                           -- the part of each forecast period in the horizon
                           SUM(report.quantity * GREATEST(0,
                                   LEAST(report.date_to, %(today)s + COALESCE(
                                       NULLIF(target.cover_days, 0), %(min_max_days)s))
                                   - GREATEST(report.date_from, %(today)s) + 1)
                               / (report.date_to - report.date_from + 1))
                           AS qty
                      FROM prm_vmi_report report
                      JOIN target ON target.partner_id = report.partner_id
                                 AND target.product_id = report.product_id
                     WHERE report.kind = 'forecast' AND report.date_to >= %(today)s
                  GROUP BY report.partner_id, report.product_id
                ), incoming AS (
                    SELECT customer.commercial_partner_id AS partner_id,
                           line.product_id,
                           SUM(line.product_uom_qty - line.qty_delivered) AS qty
                      FROM sale_order_line line
                      JOIN sale_order sale ON sale.id = line.order_id
                      JOIN res_partner customer ON customer.id = sale.partner_id
                      JOIN target ON target.partner_id = customer.commercial_partner_id
                                 AND target.product_id = line.product_id
                     WHERE sale.state = 'sale'
                       AND line.product_uom_qty > line.qty_delivered
                  GROUP BY customer.commercial_partner_id, line.product_id
                )
                SELECT target.id, target.partner_id, target.product_id,
                       target.company_id, target.min_qty, target.max_qty,
                       target.cover_days,
                       COALESCE(stock.qty, 0) AS stock, stock.as_of,
                       COALESCE(sales.recent, 0) AS recent,
                       COALESCE(sales.before, 0) AS before,
                       COALESCE(sales.year, 0) AS year,
                       COALESCE(forecast.qty, 0) AS forecast,
                       COALESCE(incoming.qty, 0) AS incoming
                  FROM target
             LEFT JOIN stock ON stock.partner_id = target.partner_id
                            AND stock.product_id = target.product_id
             LEFT JOIN sales ON sales.partner_id = target.partner_id
                            AND sales.product_id = target.product_id
             LEFT JOIN forecast ON forecast.partner_id = target.partner_id
                               AND forecast.product_id = target.product_id
             LEFT JOIN incoming ON incoming.partner_id = target.partner_id
                               AND incoming.product_id = target.product_id
                """,
                partner_filter=partner_filter,
                today=today,
                recent=today - timedelta(days=RECENT_DAYS),
                before=today - timedelta(days=2 * RECENT_DAYS),
                year=today - timedelta(days=365),
                min_max_days=MIN_MAX_HORIZON_DAYS,
            )
        )
        proposals = [
            proposal
            for proposal in map(self._propose, self.env.cr.dictfetchall())
            if proposal["proposed_qty"] > 0 or proposal["alert"]
        ]
        self._replace_open_proposals(proposals, today, partners)
        return {
            "proposals": sum(1 for p in proposals if p["proposed_qty"] > 0),
            "stock_outs": sum(1 for p in proposals if p["alert"] == "stock_out"),
            "overstocks": sum(1 for p in proposals if p["alert"] == "overstock"),
        }

    @api.model
    def _propose(self, row):
        """The replenishment maths for one target (see the readme)."""
        if row["recent"]:
            daily = row["recent"] / RECENT_DAYS
        else:
            daily = row["year"] / 365
        trend = row["recent"] / row["before"] if row["before"] else 1.0
        trend = min(max(trend, TREND_BOUNDS[0]), TREND_BOUNDS[1])
        horizon = row["cover_days"] or MIN_MAX_HORIZON_DAYS
        demand = max(row["forecast"], daily * trend * horizon)
        position = row["stock"] + row["incoming"]
        if row["cover_days"]:
            need = demand - position
            overstocked = row["stock"] > 2 * demand if demand else row["stock"] > 0
        else:
            need = row["max_qty"] - position if position <= row["min_qty"] else 0.0
            overstocked = row["stock"] > row["max_qty"]
        if row["stock"] <= 0 and daily > 0:
            alert = "stock_out"
        elif overstocked and row["stock"] > 0:
            alert = "overstock"
        else:
            alert = False
        return {
            "target_id": row["id"],
            "partner_id": row["partner_id"],
            "product_id": row["product_id"],
            "company_id": row["company_id"],
            "stock_qty": row["stock"],
            "stock_date": row["as_of"],
            "incoming_qty": row["incoming"],
            "daily_sales": round(daily, 3),
            "trend": round(trend, 2),
            "forecast_qty": row["forecast"],
            "demand_qty": round(demand, 2),
            "proposed_qty": float(math.ceil(need)) if need > 0 else 0.0,
            "alert": alert,
        }

    @api.model
    def _replace_open_proposals(self, proposals, today, partners=None):
        """Drop the open proposals (of `partners`) and insert the new ones,
        in two statements whatever their number."""
        partner_filter = (
            SQL("AND partner_id = ANY(%s)", partners.ids)
            if partners is not None
            else SQL()
        )
        self.env.cr.execute(
            SQL(
                "DELETE FROM prm_vmi_proposal WHERE state = 'proposed' %s",
                partner_filter,
            )
        )
        if proposals:
            columns = list(proposals[0])
            self.env.cr.execute(
                SQL(
                    """
                    INSERT INTO prm_vmi_proposal (
                        target_id, partner_id, product_id, company_id, stock_qty,
                        stock_date, incoming_qty, daily_sales, trend,
                        forecast_qty, demand_qty, proposed_qty, alert,
                        partner_manager_id, date, state,
                        create_uid, create_date, write_uid, write_date)
                    SELECT proposal.*, partner.partner_manager_id, %(today)s,
                           'proposed', %(uid)s, %(now)s, %(uid)s, %(now)s
                      FROM unnest(%(target_id)s::int[], %(partner_id)s::int[],
                                  %(product_id)s::int[], %(company_id)s::int[],
                                  %(stock_qty)s::float8[], %(stock_date)s::date[],
                                  %(incoming_qty)s::float8[],
                                  %(daily_sales)s::float8[], %(trend)s::float8[],
                                  %(forecast_qty)s::float8[],
                                  %(demand_qty)s::float8[],
                                  %(proposed_qty)s::float8[],
                                  %(alert)s::varchar[])
                           AS proposal(target_id, partner_id, product_id,
                                       company_id, stock_qty, stock_date,
                                       incoming_qty, daily_sales, trend,
                                       forecast_qty, demand_qty, proposed_qty,
                                       alert)
                      JOIN res_partner partner ON partner.id = proposal.partner_id
                    """,
                    today=today,
                    uid=self.env.uid,
                    now=fields.Datetime.now(),
                    **{
                        column: [
                            proposal[column] if proposal[column] is not False else None
                            for proposal in proposals
                        ]
                        for column in columns
                    },
                )
            )
        self.invalidate_model()

    @api.model
    def _cron_compute(self):
        result = self._compute_proposals()
        self._alert_partner_managers()
        return result

    @api.model
    def _alert_partner_managers(self):
        """One activity per partner with stock-outs or overstock today."""
        alerts = self.search([("state", "=", "proposed"), ("alert", "!=", False)])
        for partner, proposals in alerts.grouped("partner_id").items():
            partner.activity_ids.filtered(
                lambda a: (a.summary or "").startswith("[VMI]")
            ).unlink()
            partner.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._(
                    "[VMI] Inventory alerts: %(outs)s stock-out(s), %(over)s overstock",
                    outs=len(proposals.filtered(lambda p: p.alert == "stock_out")),
                    over=len(proposals.filtered(lambda p: p.alert == "overstock")),
                ),
                user_id=partner._prm_responsible_user().id,
            )

    def action_confirm(self):
        """Order the proposed quantities: one sale order per partner, at the
        partner's tier price list."""
        check_role(self, "action_confirm")
        open_ = self.filtered(lambda p: p.state == "proposed" and p.proposed_qty > 0)
        if not open_:
            raise UserError(self.env._("Select open proposals with a quantity."))
        orders = self.env["sale.order"]
        for (partner, company), proposals in open_.grouped(
            lambda p: (p.partner_id, p.company_id)
        ).items():
            order = (
                self.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "company_id": company.id,
                        "partner_id": partner.id,
                        "origin": self.env._("Vendor-managed inventory"),
                        "order_line": [
                            Command.create(
                                {
                                    "product_id": proposal.product_id.id,
                                    "product_uom_qty": proposal.proposed_qty,
                                }
                            )
                            for proposal in proposals
                        ],
                    }
                )
            )
            proposals.write({"state": "confirmed", "sale_order_id": order.id})
            orders |= order
        return {
            "type": "ir.actions.act_window",
            "res_model": "sale.order",
            "view_mode": "list,form",
            "domain": [("id", "in", orders.ids)],
            "name": self.env._("Replenishment Orders"),
        }

    def action_reject(self):
        check_role(self, "action_reject")
        self.filtered(lambda p: p.state == "proposed").write({"state": "rejected"})
        return True

    def _prm_partner_decide(self, partner, answer, quantities=None):
        """A partner confirms or rejects its open proposals (e.g. from its own
        database through the sync): only its own company's, only open ones,
        optionally with the quantities it wants {proposal id: quantity}.
        Returns the proposals, decided."""
        env, partner = self.env.user._prm_acting_for(partner)
        proposals = self.with_env(env).exists()
        if proposals.filtered(lambda p: p.partner_id != partner):
            raise AccessError(
                self.env._("You can only answer your own company's proposals.")
            )
        closed = proposals.filtered(lambda p: p.state != "proposed")
        if len(proposals) != len(self) or closed:
            raise UserError(
                self.env._(
                    "Replenishment proposal %(proposals)s is no longer open: "
                    "the vendor has recomputed or answered it.",
                    proposals=", ".join(
                        str(i) for i in set(self.ids) - set((proposals - closed).ids)
                    ),
                )
            )
        for proposal in proposals:
            quantity = (quantities or {}).get(proposal.id)
            if quantity is not None and quantity != proposal.proposed_qty:
                if quantity <= 0:
                    raise UserError(
                        self.env._(
                            "%(product)s: the quantity to order must be positive.",
                            product=proposal.product_id.display_name,
                        )
                    )
                proposal.proposed_qty = quantity
        if answer == "confirm":
            proposals.action_confirm()
        elif answer == "reject":
            proposals.action_reject()
        else:
            raise UserError(self.env._("Answer: confirm or reject."))
        return proposals
