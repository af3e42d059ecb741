# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

VMI_KINDS = [
    ("stock", "Stock on Hand"),
    ("sales", "Sell-through"),
    ("forecast", "Forecast"),
]


class PrmVmiReport(models.Model):
    """One figure a partner shares for vendor-managed inventory: stock on hand
    at a date, or sales (sell-through) or forecast over a period, per product
    and partner location."""

    _name = "prm.vmi.report"
    _description = "Shared Inventory Figure"
    _order = "date_from desc, id desc"
    _check_company_auto = True

    upload_id = fields.Many2one(
        "prm.vmi.upload",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    partner_manager_id = fields.Many2one(
        related="partner_id.partner_manager_id", store=True
    )
    company_id = fields.Many2one(related="upload_id.company_id", store=True)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    location = fields.Char(
        required=True, default="-", help="The partner's site or warehouse."
    )
    kind = fields.Selection(VMI_KINDS, required=True, index=True)
    date_from = fields.Date(required=True, index=True)
    date_to = fields.Date(required=True)
    quantity = fields.Float(digits="Product Unit of Measure", aggregator="sum")

    _sql_constraints = [
        (
            "figure_unique",
            "UNIQUE(partner_id, product_id, location, kind, date_from, date_to)",
            "A figure is shared once per product, location, kind and period.",
        )
    ]
