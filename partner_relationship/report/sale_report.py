# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class SaleReport(models.Model):
    """Sales analysis: indirect (for an end customer) versus direct revenue."""

    _inherit = "sale.report"
    _depends = {"sale.order": ["is_indirect", "end_customer_id"]}

    is_indirect = fields.Boolean(string="Indirect Order", readonly=True)
    end_customer_id = fields.Many2one("res.partner", readonly=True)

    def _select_additional_fields(self):
        res = super()._select_additional_fields()
        res["is_indirect"] = "s.is_indirect"
        res["end_customer_id"] = "s.end_customer_id"
        return res

    def _group_by_sale(self):
        return f"{super()._group_by_sale()}, s.is_indirect, s.end_customer_id"
