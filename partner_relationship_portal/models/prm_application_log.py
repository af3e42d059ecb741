# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression

from odoo.addons.partner_relationship.tools.config_parameter import int_param

# How many applications one address may send in an hour (0: no limit).
LIMIT_PARAM = "partner_relationship_portal.application_limit_per_hour"
DEFAULT_LIMIT = 5
# For how many days an application with the same e-mail or VAT is the same.
DUPLICATE_PARAM = "partner_relationship_portal.application_duplicate_days"
DEFAULT_DUPLICATE_DAYS = 30


class PrmApplicationLog(models.Model):
    """One application received through the public form (a new company, or
    a repeat of an earlier one): what the rate limit and the duplicate check
    count, in the database, so that every worker sees the same. Kept as long
    as the duplicate window, then deleted."""

    _name = "prm.application.log"
    _description = "Partner Application Log"
    _order = "id desc"

    remote_addr = fields.Char(string="Address", required=True, index=True)
    email = fields.Char(string="E-mail", index="btree_not_null")
    vat = fields.Char(string="VAT", index="btree_not_null")
    partner_id = fields.Many2one(
        "res.partner", string="Application", ondelete="set null", readonly=True
    )
    duplicate = fields.Boolean(
        readonly=True, help="Repeated an application already received."
    )

    @api.model
    def _prm_too_many(self, remote_addr):
        """Has this address sent its hourly number of applications?"""
        limit = int_param(self.env, LIMIT_PARAM, DEFAULT_LIMIT)
        if limit <= 0:
            return False
        since = self.env.cr.now() - timedelta(hours=1)
        return (
            self.sudo().search_count(
                [("remote_addr", "=", remote_addr), ("create_date", ">=", since)],
                limit=limit,
            )
            >= limit
        )

    @api.model
    def _prm_earlier_application(self, email, vat):
        """The application received in the duplicate window with this
        e-mail or VAT, if it still exists."""
        days = int_param(self.env, DUPLICATE_PARAM, DEFAULT_DUPLICATE_DAYS)
        criteria = []
        if email:
            criteria.append([("email", "=", email)])
        if vat:
            criteria.append([("vat", "=", vat)])
        if days <= 0 or not criteria:
            return self.env["res.partner"]
        since = self.env.cr.now() - timedelta(days=days)
        earlier = self.sudo().search(
            expression.AND(
                [
                    [("create_date", ">=", since), ("partner_id", "!=", False)],
                    expression.OR(criteria),
                ]
            ),
            order="id",
            limit=1,
        )
        return earlier.partner_id

    @api.autovacuum
    def _gc_application_log(self):
        days = max(int_param(self.env, DUPLICATE_PARAM, DEFAULT_DUPLICATE_DAYS), 1)
        since = fields.Datetime.now() - timedelta(days=days)
        self.sudo().search([("create_date", "<", since)]).unlink()
