# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# What the partners' mirrors of the budget's allocations show.
MIRRORED = {"name", "program_id", "date_start", "date_end", "state"}


class PrmFundBudget(models.Model):
    _inherit = "prm.fund.budget"

    def write(self, vals):
        result = super().write(vals)
        if MIRRORED & set(vals):
            self.env["prm.sync.fund.flow"]._prm_before_commit(
                self.allocation_ids, "_prm_send_allocations"
            )
        return result
