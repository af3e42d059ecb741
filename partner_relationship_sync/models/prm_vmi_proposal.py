# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class PrmVmiProposal(models.Model):
    """Connected partners' databases receive their open proposals whenever
    they are recomputed, confirmed or rejected here."""

    _inherit = "prm.vmi.proposal"

    @api.model
    def _replace_open_proposals(self, proposals, today, partners=None):
        result = super()._replace_open_proposals(proposals, today, partners)
        self.env["prm.sync.vmi.flow"]._prm_send_proposals(partners)
        return result

    def action_confirm(self):
        decided = self.filtered(lambda p: p.state == "proposed" and p.proposed_qty > 0)
        result = super().action_confirm()
        self.env["prm.sync.vmi.flow"]._prm_send_proposals(decided.partner_id, decided)
        return result

    def action_reject(self):
        decided = self.filtered(lambda p: p.state == "proposed")
        result = super().action_reject()
        self.env["prm.sync.vmi.flow"]._prm_send_proposals(decided.partner_id, decided)
        return result
