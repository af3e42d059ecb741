# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


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
    requested = fields.Monetary(readonly=True)
    approved = fields.Monetary(readonly=True)
    claimed = fields.Monetary(readonly=True)
    paid = fields.Monetary(readonly=True)
    remaining = fields.Monetary(
        readonly=True,
        help="Allocated minus the claims submitted, approved or paid, as the "
        "vendor counts it.",
    )
    request_ids = fields.One2many("prm.vendor.fund.request", "fund_id")
