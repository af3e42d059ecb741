# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


class PrmDealRegistration(models.Model):
    _inherit = "prm.deal.registration"

    def _set_workflow(self, vals):
        """A decision on a registration made from a connected partner's
        database (approved, rejected, extended, expired, withdrawn here) goes
        back to it."""
        result = super()._set_workflow(vals)
        if {"state", "protection_end"} & set(vals) and not self.env.context.get(
            "prm_sync_silent"
        ):
            self._prm_sync_send_status()
        return result

    def _prm_sync_send_status(self):
        """Queue the whole state of each registration bound to a partner's
        database, one message per registration, grouped by connection."""
        binding_of = self.env["prm.sync.binding"].sudo()._prm_of_records(self)
        bound = self.sudo().filtered(
            lambda registration: (
                registration.id in binding_of
                and binding_of[registration.id].connection_id.remote_role == "partner"
            )
        )
        Message = self.env["prm.sync.message"].sudo()
        for connection, registrations in bound.grouped(
            lambda registration: binding_of[registration.id].connection_id
        ).items():
            Message._prm_queue_many(
                connection,
                "registration_status",
                [
                    (
                        registration,
                        registration._prm_sync_status_payload(
                            binding_of[registration.id].remote_id
                        ),
                    )
                    for registration in registrations
                ],
            )

    def _prm_sync_status_payload(self, partner_lead_id):
        """What the partner's opportunity shows of this registration."""
        self.ensure_one()
        return {
            "partner_lead_id": partner_lead_id,
            "registration_id": self.id,
            "ref": self.name,
            "state": self.state,
            "protection_end": fields.Date.to_string(self.protection_end)
            if self.protection_end
            else False,
            "reason": self.decision_reason or False,
            # What the partner may know: that there is a conflict, not why.
            "conflicts": [self.conflict_notice] if self.conflict_notice else [],
        }
