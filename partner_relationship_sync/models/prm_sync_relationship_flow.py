# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.partner_relationship.models.prm_tier_benefit import (
    TIER_BENEFIT_DEFAULTS,
)

from .prm_sync_flow import PARTNER, VENDOR, SyncKind

# The tier's benefits a partner's database shows (grade field: connection field).
TIER_BENEFITS = {
    "acceptance_deadline_hours": "prm_vendor_tier_acceptance_hours",
    "deal_protection_days": "prm_vendor_tier_protection_days",
    "service_resolution_hours": "prm_vendor_tier_resolution_hours",
    "mdf_share": "prm_vendor_tier_mdf_share",
}
# The agreement's content mirrored in the partner's database (the vendor owns it).
AGREEMENT_FIELDS = (
    "name",
    "program_name",
    "date_start",
    "date_end",
    "state",
    "date_signed",
    "signed_by",
    "terms_document",
    "terms_filename",
)


class PrmSyncRelationshipFlow(models.AbstractModel):
    """The partner's standing with its vendor: the vendor tells the partner
    its tier and its agreements; the partner signs an agreement from its own
    database."""

    _name = "prm.sync.relationship.flow"
    _inherit = "prm.sync.flow"
    _description = "Partner Relationship Sync: Tier and Agreements"

    @api.model
    def _prm_counterparts(self):
        return {
            "prm.agreement": "prm.sync.agreement",
            "prm.sync.agreement": "prm.agreement",
            # Our tier: the connection stands for our partner at the vendor.
            "prm.sync.connection": "res.partner",
        }

    @api.model
    def _prm_kinds(self):
        return {
            "partner_tier": SyncKind(
                self.env._("Partner Tier"), "_prm_apply_tier", VENDOR
            ),
            "agreement_update": SyncKind(
                self.env._("Agreement"),
                "_prm_apply_agreement",
                VENDOR,
            ),
            "agreement_sign": SyncKind(
                self.env._("Agreement Signed"),
                "_prm_apply_agreement_sign",
                PARTNER,
            ),
        }

    # Vendor side: what to send ------------------------------------------------------

    @api.model
    def _prm_send_tiers(self, partners):
        """Queue the current tier of each connected partner among `partners`."""
        connection_of = self._prm_connections_by_partner(partners)
        Message = self.env["prm.sync.message"].sudo()
        for partner in partners.sudo().filtered(lambda p: p in connection_of):
            Message._prm_queue_many(
                connection_of[partner],
                "partner_tier",
                [
                    (
                        partner,
                        self._prm_tier_payload(
                            partner, connection_of[partner].company_id
                        ),
                    )
                ],
            )

    @api.model
    def _prm_tier_payload(self, partner, company):
        grade = partner.grade_id
        # The benefits of the partner's tier in the company of its connection.
        benefits = partner._prm_tier_benefits(company)
        return {
            "partner_id": partner.id,
            "tier": grade.name or False,
            "pricelist": benefits.pricelist_id.name or False,
            **{
                name: (benefits[name] if benefits else TIER_BENEFIT_DEFAULTS[name])
                if grade
                else False
                for name in TIER_BENEFITS
            },
        }

    @api.model
    def _prm_send_agreements(self, agreements):
        """Queue the whole state of each agreement of a connected partner."""
        agreements = agreements.sudo()
        connection_of = self._prm_connections_by_partner(agreements.partner_id)
        Message = self.env["prm.sync.message"].sudo()
        for partner, of_partner in (
            agreements.filtered(lambda agreement: agreement.partner_id in connection_of)
            .grouped("partner_id")
            .items()
        ):
            Message._prm_queue_many(
                connection_of[partner],
                "agreement_update",
                [
                    (agreement, self._prm_agreement_payload(agreement))
                    for agreement in of_partner
                ],
            )

    @api.model
    def _prm_agreement_payload(self, agreement):
        terms = agreement.terms_document
        return {
            "agreement_id": agreement.id,
            "name": agreement.name,
            "program_name": agreement.program_id.name or False,
            "date_start": fields.Date.to_string(agreement.date_start),
            "date_end": fields.Date.to_string(agreement.date_end),
            "state": agreement.state,
            "date_signed": fields.Date.to_string(agreement.date_signed)
            if agreement.date_signed
            else False,
            "signed_by": agreement.signed_by or False,
            "terms_document": terms.decode() if terms else False,
            "terms_filename": agreement.terms_filename or False,
        }

    # Partner side: the vendor's news -------------------------------------------------

    @api.model
    def _prm_apply_tier(self, connection, wire):
        """Our tier at the vendor and its benefits, on the connection (bound
        to our partner record at the vendor). The vendor binds nothing to
        the answer: no id of ours in it."""
        answer = self._prm_apply_upsert(
            connection,
            wire,
            connection._name,
            "partner_id",
            lambda connection, wires: [self._prm_write_tier(connection, wires[0])],
            lambda connection, _record, _binding, wire: self._prm_write_tier(
                connection, wire
            ),
        )
        answer.pop("remote_id")
        return answer

    @api.model
    def _prm_write_tier(self, connection, wire):
        payload = wire["payload"]
        connection = connection.sudo()
        old_tier = connection.prm_vendor_tier
        connection.write(
            {
                "prm_vendor_tier": payload.get("tier") or False,
                "prm_vendor_tier_pricelist": payload.get("pricelist") or False,
                "prm_vendor_tier_date": fields.Datetime.now(),
                **{
                    local: payload.get(remote) or 0
                    for remote, local in TIER_BENEFITS.items()
                },
            }
        )
        if (payload.get("tier") or False) != old_tier:
            connection.message_post(
                body=self.env._(
                    "Our tier at %(vendor)s is now %(tier)s (was %(old)s).",
                    vendor=connection.partner_id.name,
                    tier=payload.get("tier") or self.env._("none"),
                    old=old_tier or self.env._("none"),
                ),
                subtype_xmlid="mail.mt_note",
            )
        return {"remote_id": connection.id, "tier": payload.get("tier") or False}

    @api.model
    def _prm_apply_agreement(self, connection, wire):
        return self._prm_apply_agreement_many(connection, [wire])[0]

    @api.model
    def _prm_apply_agreement_many(self, connection, wires):
        """Mirror the vendor's agreements, read-only: new ones in one go, the
        others brought up to date unless a newer state was applied."""

        def update(connection, agreement, binding, wire):
            agreement._prm_sync_update(self._prm_agreement_values(wire["payload"]))

        def create(connection, wires):
            agreements = (
                self.env["prm.sync.agreement"]
                .sudo()
                .with_context(mail_create_nolog=True)
                .create(
                    [
                        {
                            **self._prm_agreement_values(wire["payload"]),
                            "connection_id": connection.id,
                        }
                        for wire in wires
                    ]
                )
            )
            agreements._message_log_batch(
                bodies={
                    agreement.id: self.env._(
                        "Received from %(vendor)s.", vendor=connection.partner_id.name
                    )
                    for agreement in agreements
                }
            )
            return agreements

        return self._prm_apply_upsert_many(
            connection, wires, "prm.sync.agreement", "agreement_id", create, update
        )

    @api.model
    def _prm_agreement_values(self, payload):
        return {name: payload.get(name) or False for name in AGREEMENT_FIELDS}

    # Vendor side: the partner signs ----------------------------------------------

    @api.model
    def _prm_apply_agreement_sign(self, connection, wire):
        """The partner signs its agreement, as in the portal (the core checks
        that it is the partner's and waiting for a signature)."""
        return self._prm_apply_bound(
            connection,
            wire,
            "prm.agreement",
            "sync_agreement_id",
            self._prm_sign_agreement,
        )

    @api.model
    def _prm_sign_agreement(self, connection, agreement, binding, wire):
        signed_by = wire["payload"].get("signed_by") or None
        agreement.with_env(self.env)._prm_partner_sign(signed_by=signed_by)
        return {
            "agreement_id": agreement.id,
            "state": agreement.state,
            "date_signed": fields.Date.to_string(agreement.date_signed),
            "signed_by": agreement.signed_by,
        }

    @api.model
    def _prm_sent(self, message, answer):
        """The vendor recorded our signature: the mirror shows it at once
        (the vendor's own update confirms it later)."""
        if message.kind == "agreement_sign":
            agreement = (
                self.env["prm.sync.agreement"].sudo().browse(message.res_id).exists()
            )
            if agreement and answer.get("state") == "signed":
                agreement._prm_sync_update(
                    {
                        "state": "signed",
                        "date_signed": answer.get("date_signed") or False,
                        "signed_by": answer.get("signed_by") or False,
                    }
                )
            return None
        if message.kind == "partner_tier":
            return None
        return super()._prm_sent(message, answer)
