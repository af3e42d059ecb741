# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import date_utils

# Calendar periods and their length in months.
CALENDAR_PERIODS = (("month", 1), ("quarter", 3), ("year", 12))


def previous_period(date_from, date_to):
    """(first day, last day) of the period a target's figures are compared
    with: the calendar month, quarter or year before one, else the same
    number of days just before."""
    for granularity, months in CALENDAR_PERIODS:
        if date_from == date_utils.start_of(
            date_from, granularity
        ) and date_to == date_utils.end_of(date_from, granularity):
            return date_from - relativedelta(months=months), date_from - timedelta(
                days=1
            )
    days = (date_to - date_from).days + 1
    return date_from - timedelta(days=days), date_from - timedelta(days=1)


class PrmPartnerTarget(models.Model):
    """What a tier's partners, or one partner, should reach over a period:
    revenue, won deals, leads accepted, MDF used. A partner's own target
    overrides its tier's for the periods they share (prm.partner.performance
    compares them with the figures)."""

    _name = "prm.partner.target"
    _description = "Channel Partner Target"
    _order = "date_from desc, grade_id, partner_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    grade_id = fields.Many2one(
        "res.partner.grade",
        string="Tier",
        index="btree_not_null",
        help="The target of every partner of this tier (unless it has its own).",
    )
    partner_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        check_company=True,
        domain=[("is_channel_partner", "=", True), ("is_company", "=", True)],
        help="This partner's own target: replaces its tier's over this period.",
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=lambda self: date_utils.start_of(
            fields.Date.context_today(self), "quarter"
        ),
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=lambda self: date_utils.end_of(
            fields.Date.context_today(self), "quarter"
        ),
    )
    previous_date_from = fields.Date(
        string="Compared From",
        compute="_compute_previous_period",
        store=True,
        help="The previous period the figures are compared with: the calendar "
        "month, quarter or year before, else as many days just before.",
    )
    previous_date_to = fields.Date(
        string="Compared To", compute="_compute_previous_period", store=True
    )
    target_revenue = fields.Monetary(
        string="Revenue Target", help="Revenue over the period (as the scorecard's)."
    )
    target_leads_won = fields.Integer(string="Won Deals Target")
    target_leads_accepted = fields.Integer(string="Leads Accepted Target")
    target_mdf_used = fields.Monetary(string="MDF Used Target")

    @api.depends("grade_id", "partner_id", "date_from", "date_to")
    def _compute_name(self):
        for target in self:
            target.name = self.env._(
                "%(who)s, %(from)s - %(to)s",
                who=(target.partner_id or target.grade_id).display_name or "",
                **{"from": target.date_from, "to": target.date_to},
            )

    @api.depends("date_from", "date_to")
    def _compute_previous_period(self):
        for target in self:
            if target.date_from and target.date_to:
                target.previous_date_from, target.previous_date_to = previous_period(
                    target.date_from, target.date_to
                )
            else:
                target.previous_date_from = target.previous_date_to = False

    @api.constrains("grade_id", "partner_id", "date_from", "date_to")
    def _check_target(self):
        for target in self:
            if bool(target.grade_id) == bool(target.partner_id):
                raise ValidationError(
                    self.env._("A target is set for a tier or for a partner.")
                )
            if target.date_from > target.date_to:
                raise ValidationError(
                    self.env._("A target's period ends after it starts.")
                )
