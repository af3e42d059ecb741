# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..tools.roles import check_role


class PrmApplicationRejectWizard(models.TransientModel):
    """Reject applications to the partner network, saying why."""

    _name = "prm.application.reject.wizard"
    _description = "Reject Partner Applications"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Applications",
        required=True,
        default=lambda self: self._default_partner_ids(),
    )
    reason = fields.Text(
        required=True,
        help="E-mailed to the applicant and kept in the application's chatter.",
    )

    def _default_partner_ids(self):
        context = self.env.context
        if context.get("active_model") != "res.partner":
            return []
        return context.get("active_ids", [])

    def action_reject(self):
        check_role(self, "action_reject")
        for wizard in self:
            wizard.partner_ids._prm_reject_application(wizard.reason)
        return {"type": "ir.actions.act_window_close"}
