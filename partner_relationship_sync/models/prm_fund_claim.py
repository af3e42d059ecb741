# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PrmFundClaim(models.Model):
    _inherit = "prm.fund.claim"

    def _compute_state(self):
        """A claim received from a partner's database reports its decision,
        bill and payment back when the transaction commits (when they
        changed)."""
        result = super()._compute_state()
        self.env["prm.sync.fund.flow"]._prm_before_commit(
            self, "_prm_send_claim_states"
        )
        return result
