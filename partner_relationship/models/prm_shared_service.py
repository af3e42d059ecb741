# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class PrmSharedService(models.Model):
    """A service the vendor provides to its partners (accounting, help desk,
    shipping...), with its terms and price."""

    _name = "prm.shared.service"
    _description = "Shared Service"
    _order = "sequence, name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    description = fields.Text(translate=True)
    terms = fields.Html(translate=True, help="What the partner agrees to.")
    team_id = fields.Many2one(
        "helpdesk.ticket.team",
        required=True,
        check_company=True,
        help="The vendor's team that handles the partners' requests.",
    )
    product_id = fields.Many2one(
        "product.product",
        string="Invoiced As",
        required=True,
        check_company=True,
        domain="[('type', '=', 'service')]",
    )
    billing = fields.Selection(
        [("recurring", "Recurring Fee"), ("per_request", "Per Request")],
        required=True,
        default="recurring",
    )
    price = fields.Monetary(
        required=True, help="Fee per period (recurring) or per request."
    )
    interval_months = fields.Integer(
        string="Billing Period (months)",
        default=1,
        help="Recurring fees are invoiced every this many months.",
    )
    subscription_ids = fields.One2many("prm.shared.service.subscription", "service_id")
    subscriber_count = fields.Integer(compute="_compute_subscriber_count")

    _sql_constraints = [
        ("code_unique", "UNIQUE(code, company_id)", "Service codes must be unique.")
    ]

    @api.depends("subscription_ids.state")
    def _compute_subscriber_count(self):
        for service in self:
            service.subscriber_count = len(
                service.subscription_ids.filtered(lambda s: s.state == "active")
            )

    @api.constrains("price", "interval_months")
    def _check_price(self):
        for service in self:
            if service.price < 0:
                raise ValidationError(
                    self.env._(
                        "Price: cannot be negative for %(service)s.",
                        service=service.name,
                    )
                )
            if service.billing == "recurring" and service.interval_months <= 0:
                raise ValidationError(
                    self.env._(
                        "Billing Period (months): must be at least 1 for %(service)s.",
                        service=service.name,
                    )
                )
