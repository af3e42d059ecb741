# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models
from odoo.exceptions import UserError

# Changes to an accepted vendor's lead that the vendor hears about.
PROGRESS_TRACKED = {
    "stage_id",
    "probability",
    "expected_revenue",
    "date_deadline",
    "active",
}

VENDOR_OFFER_STATES = [
    ("offered", "Awaiting Our Answer"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
    ("recalled", "Recalled by the Vendor"),
]


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # Partner side: a lead the vendor offered through a connection.
    prm_vendor_connection_id = fields.Many2one(
        "prm.sync.connection",
        string="Offered By",
        readonly=True,
        index="btree_not_null",
        help="The vendor's database this lead was offered from.",
    )
    prm_vendor_offer_state = fields.Selection(
        VENDOR_OFFER_STATES, string="Vendor Offer", readonly=True, tracking=True
    )
    prm_vendor_deadline = fields.Datetime(string="Answer the Vendor By", readonly=True)

    # Vendor side ---------------------------------------------------------------------

    def _prm_recall(self, reason):
        """Tell connected partners' databases that their lead is taken back."""
        offered = self.filtered(lambda lead: lead.prm_offer_state == "offered")
        connections = {
            connection.partner_id: connection
            for connection in self.env["prm.sync.connection"]
            .sudo()
            .search(
                [
                    ("remote_role", "=", "partner"),
                    ("partner_id", "in", offered.partner_assigned_id.ids),
                ]
            )
        }
        targets = offered.filtered(
            lambda lead: lead.partner_assigned_id in connections
        ).grouped("partner_assigned_id")
        result = super()._prm_recall(reason)
        Message = self.env["prm.sync.message"].sudo()
        for partner, leads in targets.items():
            Message._prm_queue_many(
                connections[partner],
                "lead_recall",
                [(lead, {"lead_id": lead.id, "reason": reason}) for lead in leads],
            )
        return result

    # Partner side --------------------------------------------------------------------

    def _prm_vendor_answer(self, answer, reason=""):
        """Answer the vendor's offers: checked first, written at once, one
        message per lead to its vendor's connection."""
        binding_of = self.env["prm.sync.binding"].sudo()._prm_of_records(self)
        now = fields.Datetime.now()
        for lead in self:
            if not binding_of.get(lead.id) or lead.prm_vendor_offer_state != "offered":
                raise UserError(
                    self.env._(
                        "%(lead)s is not a vendor's offer awaiting your answer.",
                        lead=lead.name,
                    )
                )
            if lead.prm_vendor_deadline and lead.prm_vendor_deadline < now:
                raise UserError(
                    self.env._(
                        "%(lead)s: the vendor's deadline has passed; it is being "
                        "recalled.",
                        lead=lead.name,
                    )
                )
        if answer == "accept":
            self.write({"prm_vendor_offer_state": "accepted", "type": "opportunity"})
        else:
            self.write({"prm_vendor_offer_state": "declined", "active": False})
        self._prm_vendor_send(
            "lead_answer",
            binding_of,
            lambda lead, binding: {
                "vendor_lead_id": binding.remote_id,
                "partner_lead_id": lead.id,
                "answer": answer,
                "reason": reason,
            },
        )
        return True

    def _prm_vendor_send(self, kind, binding_of, payload):
        """Queue a message per bound lead, grouped by connection."""
        Message = self.env["prm.sync.message"].sudo()
        bound = self.filtered(lambda lead: lead.id in binding_of)
        for connection, leads in bound.grouped(
            lambda lead: binding_of[lead.id].connection_id
        ).items():
            Message._prm_queue_many(
                connection,
                kind,
                [(lead, payload(lead, binding_of[lead.id])) for lead in leads],
            )

    def action_prm_vendor_accept(self):
        """Accept the vendor's offer: the lead becomes our opportunity and the
        vendor is told."""
        return self._prm_vendor_answer("accept")

    def action_prm_vendor_decline(self, reason):
        """Decline the vendor's offer, with the reason the vendor will read."""
        if not (reason or "").strip():
            raise UserError(self.env._("Reason: tell the vendor why you decline."))
        return self._prm_vendor_answer("decline", reason.strip())

    def write(self, vals):
        result = super().write(vals)
        if PROGRESS_TRACKED & set(vals):
            self.filtered(
                lambda lead: lead.prm_vendor_offer_state == "accepted"
            )._prm_vendor_report_progress()
        return result

    def _prm_vendor_report_progress(self):
        """Tell the vendor where its leads stand here (stage, probability,
        revenue, closing, won or lost): each message carries the whole state,
        so the latest one applied is the truth."""
        leads = self.with_context(active_test=False)
        binding_of = self.env["prm.sync.binding"].sudo()._prm_of_records(leads)
        leads._prm_vendor_send(
            "lead_progress",
            binding_of,
            lambda lead, binding: {
                "vendor_lead_id": binding.remote_id,
                "partner_lead_id": lead.id,
                "stage": lead.stage_id.name or False,
                "probability": lead.probability,
                "expected_revenue": lead.expected_revenue,
                "date_deadline": fields.Date.to_string(lead.date_deadline)
                if lead.date_deadline
                else False,
                "won": bool(lead.active and lead.stage_id.is_won),
                "lost": not lead.active,
                "lost_reason": lead.lost_reason_id.name or "",
            },
        )
