# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.roles import check_role


class PrmLeadForwardWizard(models.TransientModel):
    """Offer the selected leads to a partner chosen by hand."""

    _name = "prm.lead.forward.wizard"
    _description = "Forward Leads to a Partner"

    lead_ids = fields.Many2many("crm.lead", string="Leads", required=True)
    partner_id = fields.Many2one(
        "res.partner",
        required=True,
        domain=[("is_channel_partner", "=", True), ("is_company", "=", True)],
    )
    deadline = fields.Datetime(
        string="Accept By",
        compute="_compute_deadline",
        store=True,
        readonly=False,
        help="Defaults to the acceptance deadline of the partner's tier.",
    )
    note = fields.Char(help="Why this partner (kept in the routing history).")

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if self.env.context.get("active_model") == "crm.lead":
            values["lead_ids"] = [
                fields.Command.set(self.env.context.get("active_ids", []))
            ]
        return values

    @api.depends("partner_id")
    def _compute_deadline(self):
        for wizard in self:
            wizard.deadline = wizard.partner_id and self.env[
                "crm.lead"
            ]._prm_offer_deadline(wizard.partner_id)

    def action_forward(self):
        check_role(self, "action_forward")
        self.ensure_one()
        if not self.deadline:
            raise UserError(self.env._("Accept By: give the partner a deadline."))
        self.lead_ids._prm_forward(self.partner_id, self.deadline, note=self.note)
        return {"type": "ir.actions.act_window_close"}
