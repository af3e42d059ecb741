# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

from ..tools.roles import check_role


class PrmDispute(models.Model):
    """A dispute or conflict with a partner, and how it was resolved."""

    _name = "prm.dispute"
    _description = "Partner Dispute"
    _inherit = [
        "prm.partner.record.mixin",
        "prm.partner.company.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "date_opened desc, id desc"

    name = fields.Char(string="Subject", required=True, tracking=True)
    category = fields.Selection(
        [
            ("channel_conflict", "Channel Conflict"),
            ("pricing", "Pricing"),
            ("payment", "Payment"),
            ("agreement", "Agreement Breach"),
            ("service", "Service Quality"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    description = fields.Html()
    date_opened = fields.Date(required=True, default=fields.Date.context_today)
    date_resolved = fields.Date(readonly=True, tracking=True)
    resolution = fields.Text(tracking=True)
    state = fields.Selection(
        [("open", "Open"), ("resolved", "Resolved")],
        default="open",
        required=True,
        readonly=True,
        tracking=True,
    )
    partner_id = fields.Many2one(tracking=True)

    def action_resolve(self):
        check_role(self, "action_resolve")
        for dispute in self:
            if not dispute.resolution:
                raise UserError(
                    self.env._(
                        "Resolution: describe how %(dispute)s was resolved.",
                        dispute=dispute.name,
                    )
                )
        self.write(
            {"state": "resolved", "date_resolved": fields.Date.context_today(self)}
        )

    def action_reopen(self):
        check_role(self, "action_reopen")
        self.write({"state": "open", "date_resolved": False})
