# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools.roles import check_role


class PrmLeadRecallWizard(models.TransientModel):
    """Take leads back from the partner they were offered to, with a reason."""

    _name = "prm.lead.recall.wizard"
    _description = "Recall Leads from a Partner"

    lead_ids = fields.Many2many("crm.lead", string="Leads", required=True)
    reason = fields.Text(
        required=True,
        help="Why the lead is taken back: kept in the chatter and on the "
        "offer, and told to a partner connected by sync.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "crm.lead":
            values["lead_ids"] = [
                fields.Command.set(self.env.context.get("active_ids", []))
            ]
        return values

    def action_recall(self):
        check_role(self, "action_recall")
        self.ensure_one()
        self.lead_ids.action_prm_recall(self.reason)
        return {"type": "ir.actions.act_window_close"}
