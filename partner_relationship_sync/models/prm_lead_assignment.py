# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class PrmLeadAssignment(models.Model):
    _inherit = "prm.lead.assignment"

    @api.model
    def _prm_offers_made(self):
        """Offers to connected partners go to the outbox in the transaction
        that made them; the others wait for the notification job."""
        partners = self.env["prm.sync.lead.flow"]._prm_connections_by_partner()
        if partners:
            offers = self.sudo().search(
                [
                    ("state", "=", "offered"),
                    ("notified", "=", False),
                    ("partner_id", "in", [p.id for p in partners]),
                ]
            )
            offers._prm_deliver()
            offers.write({"notified": True})
        return super()._prm_offers_made()

    def _prm_deliver(self):
        """Offers to a connected partner go to its database (a message in the
        outbox); the others are e-mailed with their portal links."""
        connections = self.env["prm.sync.lead.flow"]._prm_connections_by_partner(
            self.partner_id
        )
        connected = self.filtered(lambda offer: offer.partner_id in connections)
        Message = self.env["prm.sync.message"].sudo()
        Flow = self.env["prm.sync.lead.flow"]
        for partner, offers in connected.grouped("partner_id").items():
            Message._prm_queue_many(
                connections[partner],
                "lead_offer",
                [(offer.lead_id, Flow._prm_offer_payload(offer)) for offer in offers],
            )
        return super(PrmLeadAssignment, self - connected)._prm_deliver()
