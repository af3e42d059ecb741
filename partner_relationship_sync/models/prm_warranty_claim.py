# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models

# The vendor's decision on a claim, which goes back to the partner.
DECISION_TRACKED = {"state", "outcome", "decision_reason"}


class PrmWarrantyClaim(models.Model):
    _inherit = "prm.warranty.claim"

    def write(self, vals):
        result = super().write(vals)
        if DECISION_TRACKED & set(vals):
            self.env["prm.sync.warranty.flow"]._prm_send_decision(self)
        return result

    def _message_post_after_hook(self, message, msg_vals):
        result = super()._message_post_after_hook(message, msg_vals)
        self.env["prm.sync.service.flow"]._prm_queue_reply(self, message)
        return result
