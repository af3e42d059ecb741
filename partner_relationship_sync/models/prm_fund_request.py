# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

from .prm_sync_fund_flow import REQUEST_DECISIONS


class PrmFundRequest(models.Model):
    _inherit = "prm.fund.request"

    def write(self, vals):
        """The vendor's decision on a request received from a partner's
        database goes back to it, in the transaction of the decision."""
        result = super().write(vals)
        if vals.get("state") in REQUEST_DECISIONS:
            self.env["prm.sync.fund.flow"]._prm_send_request_decisions(self)
        return result
