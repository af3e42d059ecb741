# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.partner_relationship.models.prm_fund_allocation import (
    COMMITTED_CLAIM_STATES,
)


class PrmVendorFund(models.Model):
    """Partner side: a vendor's marketing development fund allocation to us,
    mirrored from the vendor's database (the vendor owns it: read-only here).
    Requests for funds are made against it."""

    _name = "prm.vendor.fund"
    _description = "Vendor Marketing Fund"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Fund", required=True, readonly=True)
    active = fields.Boolean(default=True, readonly=True)
    connection_id = fields.Many2one(
        "prm.sync.connection",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        help="The vendor's database this fund is mirrored from.",
    )
    vendor_id = fields.Many2one(
        related="connection_id.partner_id", string="Vendor", store=True
    )
    company_id = fields.Many2one(
        related="connection_id.company_id", store=True, index=True
    )
    program = fields.Char(string="Programme", readonly=True)
    date_start = fields.Date(string="Period Start", readonly=True)
    date_end = fields.Date(string="Period End", readonly=True)
    fund_state = fields.Selection(
        [("draft", "Not Open Yet"), ("open", "Open"), ("closed", "Closed")],
        string="Status",
        readonly=True,
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        readonly=True,
        default=lambda self: self.env.company.currency_id,
    )
    amount = fields.Monetary(string="Allocated", readonly=True)
    # The figures of the requests and claims listed here (those made in this
    # database); the vendor's own totals also count what was asked for
    # elsewhere (on its portal, or entered by the vendor).
    requested = fields.Monetary(
        compute="_compute_figures",
        store=True,
        help="The planned cost of the requests listed here, submitted or approved.",
    )
    approved = fields.Monetary(
        compute="_compute_figures",
        store=True,
        help="What the vendor approved of the requests listed here.",
    )
    claimed = fields.Monetary(
        compute="_compute_figures",
        store=True,
        help="The claims listed here, submitted, approved or paid.",
    )
    paid = fields.Monetary(
        compute="_compute_figures",
        store=True,
        help="The claims listed here that the vendor paid.",
    )
    remaining = fields.Monetary(
        string="Remaining (Vendor's Count)",
        readonly=True,
        help="Allocated minus the claims submitted, approved or paid, as the "
        "vendor counts it: with those made elsewhere than in this database "
        "(e.g. on the vendor's portal).",
    )
    request_ids = fields.One2many("prm.vendor.fund.request", "fund_id")

    @api.depends(
        "request_ids.state",
        "request_ids.planned_cost",
        "request_ids.approved_amount",
        "request_ids.claim_ids.state",
        "request_ids.claim_ids.amount",
    )
    def _compute_figures(self):
        for fund in self:
            requests = fund.request_ids
            approved = requests.filtered(lambda r: r.state == "approved")
            claims = requests.claim_ids
            fund.requested = sum(
                requests.filtered(
                    lambda r: r.state in ("submitted", "approved")
                ).mapped("planned_cost")
            )
            fund.approved = sum(approved.mapped("approved_amount"))
            fund.claimed = sum(
                claims.filtered(lambda c: c.state in COMMITTED_CLAIM_STATES).mapped(
                    "amount"
                )
            )
            fund.paid = sum(
                claims.filtered(lambda c: c.state == "paid").mapped("amount")
            )
