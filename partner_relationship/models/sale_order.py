# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SaleOrder(models.Model):
    """An indirect order: a channel partner buys for one of its end customers."""

    _inherit = "sale.order"

    end_customer_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        tracking=True,
        help="The partner's customer this order is for. The order is invoiced "
        "to the partner.",
    )
    is_indirect = fields.Boolean(
        string="Indirect Order",
        compute="_compute_is_indirect",
        store=True,
        help="Ordered by a channel partner for an end customer.",
    )

    @api.depends("end_customer_id")
    def _compute_is_indirect(self):
        for order in self:
            order.is_indirect = bool(order.end_customer_id)
