# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..tools.roles import check_role


class PrmLeadRoutingWizard(models.TransientModel):
    """Route every unassigned lead (or those of one team) now."""

    _name = "prm.lead.routing.wizard"
    _description = "Route Unassigned Leads"

    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        help="Only this team's leads; leave empty for all.",
    )
    lead_count = fields.Integer(string="Leads to Route", compute="_compute_lead_count")

    @api.depends("team_id")
    def _compute_lead_count(self):
        Router = self.env["prm.lead.router"]
        for wizard in self:
            wizard.lead_count = len(Router._unassigned_leads(team=wizard.team_id))

    def action_route(self):
        check_role(self, "action_route")
        self.ensure_one()
        Router = self.env["prm.lead.router"]
        result = Router._route(Router._unassigned_leads(team=self.team_id))
        return Router._notification(result)
