# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from odoo.addons.partner_relationship.tools.roles import check_role


class PrmFundAllocation(models.Model):
    _inherit = "prm.fund.allocation"

    def _compute_figures(self):
        """Connected partners' allocations whose figures are recomputed are
        mirrored in their databases when the transaction commits (when they
        changed)."""
        result = super()._compute_figures()
        self.env["prm.sync.fund.flow"]._prm_before_commit(self, "_prm_send_allocations")
        return result

    def action_prm_sync_send(self):
        """Send these allocations to the connected partners' databases again,
        e.g. those made before the partner connected its database."""
        check_role(self, "action_prm_sync_send")
        self.check_access("write")
        self.env["prm.sync.fund.flow"]._prm_send_allocations(self, force=True)
        return True
