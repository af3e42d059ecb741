# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

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


class PrmSyncLeadFlow(models.AbstractModel):
    """Leads between a vendor and a connected partner: the vendor offers and
    recalls, the partner accepts or declines."""

    _name = "prm.sync.lead.flow"
    _description = "Partner Relationship Sync: Leads"

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
        """The vendor offers a lead: create it (or bring it up to date) in the
        sales team chosen on the connection."""
        payload = wire["payload"]
        Binding = self.env["prm.sync.binding"].sudo()
        binding = Binding._prm_find(connection, "crm.lead", payload["lead_id"])
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        lead = Lead.browse(binding.res_id).exists() if binding else Lead
        if binding and binding.version >= wire["version"]:
            return {"status": "stale", "lead_id": lead.id}
        country = self.env["res.country"].search(
            [("code", "=", payload.get("country_code") or "")], limit=1
        )
        values = {name: payload.get(name) or False for name in OFFER_FIELDS}
        values.update(
            {
                "country_id": country.id,
                "prm_vendor_connection_id": connection.id,
                "prm_vendor_offer_state": "offered",
                "prm_vendor_deadline": payload.get("deadline") or False,
                "active": True,
            }
        )
        if lead:
            lead.write(values)
        else:
            team = connection.sudo().lead_team_id
            lead = Lead.create(
                {
                    **values,
                    "type": "lead",
                    "team_id": team.id,
                    "user_id": team.user_id.id,
                }
            )
        Binding._prm_bind(connection, lead, payload["lead_id"], wire["version"])
        lead.message_post(
            body=self.env._(
                "Offered by %(vendor)s: accept or decline by %(deadline)s.",
                vendor=connection.partner_id.name,
                deadline=payload.get("deadline") or "-",
            )
        )
        return {"lead_id": lead.id}

    @api.model
    def _prm_apply_recall(self, connection, wire):
        """The vendor takes its lead back: archived here, with the reason."""
        payload = wire["payload"]
        Binding = self.env["prm.sync.binding"].sudo()
        binding = Binding._prm_find(connection, "crm.lead", payload["lead_id"])
        if not binding:
            return {"status": "stale"}
        if binding.version >= wire["version"]:
            return {"status": "stale", "lead_id": binding.res_id}
        lead = self.env["crm.lead"].sudo().browse(binding.res_id).exists()
        if lead:
            lead.write({"prm_vendor_offer_state": "recalled", "active": False})
            lead.message_post(
                body=self.env._(
                    "Recalled by %(vendor)s: %(reason)s",
                    vendor=connection.partner_id.name,
                    reason=payload.get("reason") or "-",
                )
            )
        binding.version = wire["version"]
        return {"lead_id": lead.id}

    # Vendor side: the partner's answer -------------------------------------------

    @api.model
    def _prm_apply_answer(self, connection, wire):
        """The partner accepts or declines: applied as the partner's
        integration user, with the same checks as in the portal."""
        payload = wire["payload"]
        Binding = self.env["prm.sync.binding"].sudo()
        binding = Binding._prm_find(connection, "crm.lead", payload["partner_lead_id"])
        if binding and binding.version >= wire["version"]:
            return {"status": "stale", "lead_id": binding.res_id}
        lead = self.env["crm.lead"].browse(payload["vendor_lead_id"])
        if payload.get("answer") == "accept":
            lead.action_prm_accept()
        elif payload.get("answer") == "decline":
            lead.action_prm_decline(payload.get("reason") or "")
        else:
            raise UserError(self.env._("Answer: accept or decline."))
        Binding._prm_bind(connection, lead, payload["partner_lead_id"], wire["version"])
        return {"lead_id": lead.id}

    @api.model
    def _prm_apply_progress(self, connection, wire):
        """The partner reports where the lead stands: applied as its
        integration user, like a report from the portal. The partner owns
        this part of the lead."""
        payload = wire["payload"]
        Binding = self.env["prm.sync.binding"].sudo()
        binding = Binding._prm_find(connection, "crm.lead", payload["partner_lead_id"])
        if binding and binding.version >= wire["version"]:
            return {"status": "stale", "lead_id": binding.res_id}
        lead = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .browse(payload["vendor_lead_id"])
        )
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
        if not (lead.stage_id.is_won and values.get("won")):
            lead._prm_partner_update_progress(values)
        Binding._prm_bind(connection, lead, payload["partner_lead_id"], wire["version"])
        return {"lead_id": lead.id}
