# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.partner_relationship.models.prm_warranty_claim_mixin import (
    WARRANTY_CLAIM_OUTCOMES,
    WARRANTY_CLAIM_STATES,
)

from .prm_sync_flow import PARTNER, VENDOR, SyncKind


class PrmSyncWarrantyFlow(models.AbstractModel):
    """Warranty claims: the partner files a claim from its database, the
    vendor's decision comes back (replies go as service replies)."""

    _name = "prm.sync.warranty.flow"
    _inherit = "prm.sync.flow"
    _description = "Partner Relationship Sync: Warranty Claims"

    @api.model
    def _prm_counterparts(self):
        return {
            "prm.warranty.claim": "prm.vendor.warranty.claim",
            "prm.vendor.warranty.claim": "prm.warranty.claim",
        }

    @api.model
    def _prm_kinds(self):
        return {
            "warranty_claim": SyncKind(
                self.env._("Warranty Claim Filed"), "_prm_apply_claim", PARTNER
            ),
            "warranty_decision": SyncKind(
                self.env._("Warranty Decision"),
                "_prm_apply_decision",
                VENDOR,
            ),
        }

    # Vendor side: a partner's claim ---------------------------------------------------

    @api.model
    def _prm_apply_claim(self, connection, wire):
        """A partner files a claim: created and submitted as its integration
        user, like a claim from the portal (the purchase is checked), with
        its photos."""
        # Filed once; what comes after is the vendor's decision.
        return self._prm_apply_once(
            connection,
            wire,
            "prm.warranty.claim",
            "claim_id",
            self._prm_file_claim,
            self._prm_claim_answer,
        )

    @api.model
    def _prm_file_claim(self, connection, wire):
        payload = wire["payload"]
        Service = self.env["prm.sync.service.flow"]
        partner = connection.partner_id
        product = Service._prm_bought_product(partner, payload.get("product"))
        if not product:
            raise UserError(self.env._("Product: say which product is claimed."))
        values = {
            "product_id": product.id,
            "problem": str(payload.get("problem") or "").strip(),
            "purchase_date": self._prm_date(payload.get("purchase_date")),
        }
        if not values["problem"]:
            raise UserError(self.env._("Problem: describe what is wrong."))
        if payload.get("serial"):
            values["lot_id"] = str(payload["serial"]).strip()
        customer = Service._prm_end_customer(partner, payload.get("end_customer"))
        if customer:
            values["end_customer_id"] = customer.id
        claim = self.env["prm.warranty.claim"]._prm_partner_create(partner.id, values)
        claim.action_submit()
        Service._prm_attach(claim, payload.get("attachments"))
        return claim

    @api.model
    def _prm_date(self, value):
        if not value:
            return False
        try:
            return fields.Date.to_date(value)
        except (TypeError, ValueError):
            raise UserError(
                self.env._("Purchase Date: %(date)s is not a date.", date=value)
            ) from None

    @api.model
    def _prm_claim_answer(self, claim):
        return {"remote_id": claim.id, **self._prm_decision_values(claim)}

    @api.model
    def _prm_decision_values(self, claim):
        return {
            "name": claim.name,
            "state": claim.state,
            "outcome": claim.outcome or False,
            "reason": claim.decision_reason or False,
            "warranty_end": fields.Date.to_string(claim.warranty_end)
            if claim.warranty_end
            else False,
        }

    @api.model
    def _prm_send_decision(self, claims):
        """Vendor side: where claims filed by connected partners stand goes
        back to them (the whole decision: the latest applied wins)."""
        self.env["prm.sync.service.flow"]._prm_queue_bound(
            claims,
            "partner",
            "warranty_decision",
            lambda claim, binding: {
                "claim_id": binding.remote_id,
                "vendor_claim_id": claim.id,
                **self._prm_decision_values(claim),
            },
        )

    # Partner side: the vendor's answer and decision -----------------------------------

    @api.model
    def _prm_decision_fields(self, decision):
        state = decision.get("state")
        if state not in dict(WARRANTY_CLAIM_STATES) or state == "draft":
            raise UserError(
                self.env._("Warranty decision: unknown state %(state)s.", state=state)
            )
        outcome = decision.get("outcome") or False
        if outcome and outcome not in dict(WARRANTY_CLAIM_OUTCOMES):
            raise UserError(
                self.env._(
                    "Warranty decision: unknown outcome %(outcome)s.", outcome=outcome
                )
            )
        return {
            "vendor_reference": decision.get("name") or False,
            "state": state,
            "outcome": outcome,
            "decision_reason": decision.get("reason") or False,
            "warranty_end": decision.get("warranty_end") or False,
        }

    @api.model
    def _prm_sent(self, message, answer):
        super()._prm_sent(message, answer)
        if message.kind != "warranty_claim" or not answer.get("remote_id"):
            return
        binding = (
            self.env["prm.sync.binding"]
            .sudo()
            ._prm_find(
                message.connection_id, "prm.vendor.warranty.claim", answer["remote_id"]
            )
        )
        if binding.version:
            return  # a newer decision from the vendor is already applied
        claim = (
            self.env["prm.vendor.warranty.claim"].sudo().browse(message.res_id).exists()
        )
        values = self._prm_decision_fields(answer)
        claim.write(values)
        self.env["prm.sync.flow"]._prm_remember(binding, claim, values)

    @api.model
    def _prm_apply_decision(self, connection, wire):
        """The vendor decided (or changed its decision): shown on our claim,
        read-only (the vendor owns it); an older decision is discarded."""
        return self._prm_apply_bound(
            connection,
            wire,
            "prm.vendor.warranty.claim",
            "vendor_claim_id",
            self._prm_update_decision,
        )

    @api.model
    def _prm_update_decision(self, connection, claim, binding, wire):
        values = self._prm_decision_fields(wire["payload"])
        self._prm_write_owned(connection, claim, values, binding, wire)
        return {"claim_id": claim.id}
