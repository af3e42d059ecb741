# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..tools.roles import check_role


class PrmVmiTarget(models.Model):
    """How much of a product a partner should hold: a min/max band or a
    number of days of cover."""

    _name = "prm.vmi.target"
    _description = "Inventory Target"
    _inherit = ["prm.partner.record.mixin", "prm.partner.company.mixin"]
    _order = "partner_id, product_id"

    active = fields.Boolean(default=True)
    product_id = fields.Many2one(
        "product.product", required=True, index=True, check_company=True
    )
    min_qty = fields.Float(string="Minimum", digits="Product Unit of Measure")
    max_qty = fields.Float(string="Maximum", digits="Product Unit of Measure")
    cover_days = fields.Integer(
        string="Days of Cover",
        help="Keep enough stock for this many days of expected sales (instead "
        "of a min/max band).",
    )

    _sql_constraints = [
        (
            "partner_product_unique",
            "UNIQUE(partner_id, product_id, company_id)",
            "One inventory target per partner and product.",
        )
    ]

    @api.constrains("min_qty", "max_qty", "cover_days")
    def _check_levels(self):
        for target in self:
            if target.min_qty < 0 or target.max_qty < 0 or target.cover_days < 0:
                raise ValidationError(
                    self.env._(
                        "Inventory target of %(product)s: levels cannot be negative.",
                        product=target.product_id.display_name,
                    )
                )
            if not target.cover_days and target.max_qty <= target.min_qty:
                raise ValidationError(
                    self.env._(
                        "Inventory target of %(product)s: the maximum must be "
                        "above the minimum, or set days of cover.",
                        product=target.product_id.display_name,
                    )
                )

    def action_view_history(self):
        check_role(self, "action_view_history")
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "%(product)s at %(partner)s",
                product=self.product_id.display_name,
                partner=self.partner_id.name,
            ),
            "res_model": "prm.vmi.report",
            "view_mode": "graph,list",
            "domain": [
                ("partner_id", "=", self.partner_id.id),
                ("product_id", "=", self.product_id.id),
            ],
            "context": {"graph_groupbys": ["date_from:month", "kind"]},
        }
