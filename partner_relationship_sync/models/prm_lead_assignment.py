# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class PrmLeadAssignment(models.Model):
    _inherit = "prm.lead.assignment"

    def _prm_deliver(self):
        """Offers to a connected partner go to its database (a message in the
        outbox); the others are e-mailed with their portal links."""
        connections = {
            connection.partner_id: connection
            for connection in self.env["prm.sync.connection"]
            .sudo()
            .search(
                [
                    ("remote_role", "=", "partner"),
                    ("partner_id", "in", self.partner_id.ids),
                ]
            )
        }
        connected = self.filtered(lambda offer: offer.partner_id in connections)
        Message = self.env["prm.sync.message"].sudo()
        Flow = self.env["prm.sync.lead.flow"]
        for offer in connected:
            Message._prm_queue(
                connections[offer.partner_id],
                "lead_offer",
                offer.lead_id,
                Flow._prm_offer_payload(offer),
            )
        return super(PrmLeadAssignment, self - connected)._prm_deliver()
