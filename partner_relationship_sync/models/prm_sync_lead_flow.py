# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .prm_sync_flow import PARTNER, VENDOR, SyncKind, UnknownRecord

# The lead's content the vendor sends: it owns these fields.
OFFER_FIELDS = (
    "name",
    "partner_name",
    "contact_name",
    "email_from",
    "phone",
    "street",
    "city",
    "zip",
    "description",
    "expected_revenue",
)
# What an offer sets besides its content (remembered as the vendor's too).
OFFER_STATE_FIELDS = (
    "country_id",
    "prm_vendor_connection_id",
    "prm_vendor_offer_state",
    "prm_vendor_deadline",
    "active",
)


class PrmSyncLeadFlow(models.AbstractModel):
    """Leads between a vendor and a connected partner: the vendor offers and
    recalls, the partner accepts or declines."""

    _name = "prm.sync.lead.flow"
    _inherit = "prm.sync.flow"
    _description = "Partner Relationship Sync: Leads"

    @api.model
    def _prm_kinds(self):
        return {
            "lead_offer": SyncKind(
                self.env._("Lead Offered"), "_prm_apply_offer", VENDOR
            ),
            "lead_recall": SyncKind(
                self.env._("Lead Recalled"), "_prm_apply_recall", VENDOR
            ),
            "lead_answer": SyncKind(
                self.env._("Lead Answer"), "_prm_apply_answer", PARTNER
            ),
            "lead_progress": SyncKind(
                self.env._("Lead Progress"), "_prm_apply_progress", PARTNER
            ),
        }

    @api.model
    def _prm_sent_many(self, messages, answer_of):
        """Bind the vendor's offered leads to the partner's, in one go."""
        offers = messages.filtered(lambda message: message.kind == "lead_offer")
        for connection, sent in offers.grouped("connection_id").items():
            self.env["prm.sync.binding"].sudo()._prm_bind_many(
                connection,
                "crm.lead",
                [
                    (message.res_id, self._prm_answered_id(answer_of[message]))
                    for message in sent
                    if "remote_id" in answer_of[message]
                ],
            )
        return super()._prm_sent_many(messages - offers, answer_of)

    # Vendor side: what to send -----------------------------------------------

    @api.model
    def _prm_offer_payload(self, offer):
        lead = offer.lead_id
        payload = {name: lead[name] or False for name in OFFER_FIELDS}
        payload.update(
            {
                "lead_id": lead.id,
                "country_code": lead.country_id.code or False,
                "deadline": fields.Datetime.to_string(offer.deadline)
                if offer.deadline
                else False,
            }
        )
        return payload

    # Partner side: a vendor's offer and recall ---------------------------------

    @api.model
    def _prm_apply_offer(self, connection, wire):
        return self._prm_apply_offer_many(connection, [wire])[0]

    @api.model
    def _prm_apply_offer_many(self, connection, wires):
        """The vendor offers leads: create them (or bring them up to date) in
        the sales team chosen on the connection, new ones in one go."""
        country_of = {
            country.code: country.id
            for country in self.env["res.country"].search(
                [("code", "in", [w["payload"].get("country_code") for w in wires])]
            )
        }

        def values_of(connection, wire):
            payload = wire["payload"]
            return {
                **{name: payload.get(name) or False for name in OFFER_FIELDS},
                "country_id": country_of.get(payload.get("country_code"), False),
                "prm_vendor_connection_id": connection.id,
                "prm_vendor_offer_state": "offered",
                "prm_vendor_deadline": payload.get("deadline") or False,
                "active": True,
            }

        def update(connection, lead, binding, wire):
            self._prm_check_offered_by(connection, lead)
            self._prm_write_owned(
                connection, lead, values_of(connection, wire), binding, wire
            )
            self._prm_log_offer(connection, {lead.id: wire["payload"]})

        def create(connection, wires):
            team = connection.sudo().lead_team_id
            leads = (
                self.env["crm.lead"]
                .sudo()
                .with_context(mail_create_nolog=True)
                .create(
                    [
                        {
                            **values_of(connection, wire),
                            "type": "lead",
                            "company_id": connection.company_id.id,
                            "team_id": team.id,
                            "user_id": team.user_id.id,
                        }
                        for wire in wires
                    ]
                )
            )
            self._prm_log_offer(
                connection,
                {
                    lead.id: wire["payload"]
                    for lead, wire in zip(leads, wires, strict=True)
                },
            )
            return leads

        return self._prm_apply_upsert_many(
            connection,
            wires,
            "crm.lead",
            "lead_id",
            create,
            update,
            remember=(*OFFER_FIELDS, *OFFER_STATE_FIELDS),
        )

    @api.model
    def _prm_check_offered_by(self, connection, lead):
        """A vendor changes or recalls only the leads it offered here. (Its
        recall of a lead accepted here meanwhile wins: the vendor decides
        until the acceptance reaches it.)"""
        if lead.with_context(active_test=False).prm_vendor_connection_id != connection:
            raise UserError(
                self.env._(
                    "%(lead)s was not offered by %(vendor)s: its change is refused.",
                    lead=lead.display_name,
                    vendor=connection.partner_id.name,
                )
            )

    @api.model
    def _prm_log_offer(self, connection, payload_of):
        """A note on each offered lead {lead id: payload}, in one go."""
        self.env["crm.lead"].sudo().browse(list(payload_of))._message_log_batch(
            bodies={
                lead_id: escape(
                    self.env._(
                        "Offered by %(vendor)s: accept or decline by %(deadline)s.",
                        vendor=connection.partner_id.name,
                        deadline=payload.get("deadline") or "-",
                    )
                )
                for lead_id, payload in payload_of.items()
            },
        )

    @api.model
    def _prm_apply_recall(self, connection, wire):
        """The vendor takes its lead back: archived here, with the reason."""
        try:
            return self._prm_apply_bound(
                connection, wire, "crm.lead", "lead_id", self._prm_recall
            )
        except UnknownRecord:
            # An offer that never arrived (or was deleted): nothing to take back.
            return {"status": "stale"}

    @api.model
    def _prm_recall(self, connection, lead, binding, wire):
        self._prm_check_offered_by(connection, lead)
        lead.write({"prm_vendor_offer_state": "recalled", "active": False})
        payload = wire["payload"]
        if payload.get("note"):
            body = self.env._(
                "Recalled by %(vendor)s: %(reason)s",
                vendor=connection.partner_id.name,
                reason=payload["note"],
            )
        elif payload.get("reason") == "expired":
            body = self.env._(
                "Recalled by %(vendor)s: no answer by the deadline.",
                vendor=connection.partner_id.name,
            )
        else:
            # A vendor's database of an earlier version sends no explanation.
            body = self.env._(
                "Recalled by %(vendor)s: %(reason)s",
                vendor=connection.partner_id.name,
                reason=payload.get("reason") or "-",
            )
        lead.message_post(body=body)

    # Vendor side: the partner's answer -------------------------------------------

    @api.model
    def _prm_apply_answer(self, connection, wire):
        return self._prm_apply_answer_many(connection, [wire])[0]

    @api.model
    def _prm_apply_answer_many(self, connection, wires):
        """The partner accepts or declines: applied as the partner's
        integration user, with the same checks as in the portal; acceptances
        in one go."""
        Binding = self.env["prm.sync.binding"].sudo()
        binding_of = Binding._prm_find_many(
            connection,
            "crm.lead",
            [wire["payload"]["partner_lead_id"] for wire in wires],
        )
        answers = [None] * len(wires)
        accepted = []
        for position, wire in enumerate(wires):
            payload = wire["payload"]
            # The lead offered through this connection: found by the
            # partner's own id through the offer's binding, nothing else.
            binding = binding_of.get(payload["partner_lead_id"])
            if not binding:
                self._prm_refuse_unknown(
                    connection, "crm.lead", payload["partner_lead_id"]
                )
            if binding.version >= wire["version"]:
                answers[position] = {"status": "stale", "lead_id": binding.res_id}
                continue
            lead = self.env["crm.lead"].browse(binding.res_id)
            if payload.get("answer") == "accept":
                accepted.append((position, wire, lead))
            elif payload.get("answer") == "decline":
                lead.action_prm_decline(payload.get("reason") or "")
                binding.version = wire["version"]
                answers[position] = {"lead_id": lead.id}
            else:
                raise UserError(self.env._("Answer: accept or decline."))
        if accepted:
            leads = self.env["crm.lead"].browse([lead.id for _p, _w, lead in accepted])
            if len(set(leads.ids)) != len(accepted):
                raise UserError(self.env._("A lead is answered twice in a batch."))
            leads.action_prm_accept()
            for position, wire, lead in accepted:
                binding_of[wire["payload"]["partner_lead_id"]].version = wire["version"]
                answers[position] = {"lead_id": lead.id}
        return answers

    @api.model
    def _prm_apply_progress(self, connection, wire):
        """The partner reports where the lead stands: applied as its
        integration user, like a report from the portal. The partner owns
        this part of the lead."""
        return self._prm_apply_bound(
            connection, wire, "crm.lead", "partner_lead_id", self._prm_update_progress
        )

    @api.model
    def _prm_update_progress(self, connection, lead, binding, wire):
        payload = wire["payload"]
        # Still the caller's lead (a recalled lead given to another partner
        # keeps its old binding), checked before any superuser read or write.
        if lead.partner_assigned_id.commercial_partner_id != connection.partner_id:
            raise AccessError(
                self.env._(
                    "This lead is not one of %(partner)s's.",
                    partner=connection.partner_id.name,
                )
            )
        lead = lead.with_env(self.env).with_context(active_test=False)
        values = {"expected_revenue": payload.get("expected_revenue") or 0.0}
        if payload.get("date_deadline"):
            values["date_deadline"] = fields.Date.to_date(payload["date_deadline"])
        if payload.get("won"):
            values["won"] = True
        elif payload.get("lost"):
            if lead.active:
                values["lost"] = {"feedback": payload.get("lost_reason") or ""}
        else:
            values["probability"] = payload.get("probability") or 0.0
            stage = (
                self.env["crm.stage"]
                .sudo()
                .search(
                    [("name", "=", payload.get("stage") or ""), ("is_won", "=", False)],
                    limit=1,
                )
            )
            if stage:
                values["stage_id"] = stage.id
        # The partner owns these: a change made here in between loses, logged.
        reported = {
            name: values[name]
            for name in ("stage_id", "probability", "expected_revenue", "date_deadline")
            if name in values
        }
        self._prm_resolve_conflicts(connection, lead.sudo(), reported, binding, wire)
        if not (lead.stage_id.is_won and values.get("won")):
            lead._prm_partner_update_progress(values)
        self._prm_remember(binding, lead.sudo(), reported)
        return {"lead_id": lead.id}
