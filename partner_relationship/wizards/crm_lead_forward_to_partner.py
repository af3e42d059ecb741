# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from ..tools.roles import check_role


class CrmLeadForwardToPartner(models.TransientModel):
    """Odoo's "Forward to Partner" e-mail wizard, kept behind the suite's
    forward: the suite's "Forward to a Partner" is the one shown to channel
    managers (Odoo's mass forward is unbound from the Action menu), and a
    lead that changes hands here is offered through the same code, with the
    same checks, and told to its partner by the suite's offer notice. Odoo's
    e-mail (and its change of salesperson) is left to the leads that stay
    with their partner (its *Send Email* button)."""

    _inherit = "crm.lead.forward.to.partner"

    def action_forward(self):
        check_role(self.env["prm.lead.forward.wizard"], "action_forward")
        self.ensure_one()
        Lead = self.env["crm.lead"]
        moving = {}
        for line in self.assignation_lines:
            partner = (
                self.partner_id
                if self.forward_type == "single"
                else line.partner_assigned_id
            )
            lead = line.lead_id
            if partner and lead.partner_assigned_id != partner:
                moving.setdefault(partner, Lead)
                moving[partner] |= lead
        for partner, leads in moving.items():
            leads._prm_forward(partner, Lead._prm_offer_deadline(partner))
        forwarded = Lead.union(*moving.values())
        staying = self.assignation_lines.filtered(
            lambda line: line.lead_id not in forwarded
        )
        if not staying:
            return True
        (self.assignation_lines - staying).unlink()
        return super().action_forward()
