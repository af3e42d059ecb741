# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import UserError

from .prm_sync_flow import PARTNER, VENDOR, SyncKind

# The registration's content the partner sends (the core whitelists them too).
REGISTRATION_FIELDS = (
    "customer_name",
    "customer_vat",
    "customer_email_domain",
    "contact_name",
    "contact_email",
    "contact_phone",
    "expected_revenue",
    "date_close",
    "description",
)
# Registrations still open at the vendor: the lead cannot register again.
OPEN_STATES = ("submitted", "approved")


class PrmSyncRegistrationFlow(models.AbstractModel):
    """Deal registrations: the partner registers a deal of its own
    opportunity with its vendor, or withdraws it; the vendor's decisions come
    back to the opportunity."""

    _name = "prm.sync.registration.flow"
    _inherit = "prm.sync.flow"
    _description = "Partner Relationship Sync: Deal Registrations"

    @api.model
    def _prm_counterparts(self):
        return {"prm.deal.registration": "crm.lead"}

    @api.model
    def _prm_kinds(self):
        return {
            "registration_submit": SyncKind(
                self.env._("Deal Registered"),
                "_prm_apply_registration_submit",
                PARTNER,
            ),
            "registration_withdraw": SyncKind(
                self.env._("Deal Registration Withdrawn"),
                "_prm_apply_registration_withdraw",
                PARTNER,
            ),
            "registration_status": SyncKind(
                self.env._("Deal Registration Decision"),
                "_prm_apply_registration_status",
                VENDOR,
            ),
        }

    @api.model
    def _prm_sent(self, message, answer):
        """The vendor applied the partner's registration or withdrawal: the
        opportunity is bound to the vendor's registration (a lead has a
        registration per attempt) and shows the vendor's answer."""
        if message.kind not in ("registration_submit", "registration_withdraw"):
            return super()._prm_sent(message, answer)
        lead = (
            self.env["crm.lead"]
            .sudo()
            .with_context(active_test=False)
            .browse(message.res_id)
            .exists()
        )
        registration_id = self._prm_remote_id(answer.get("registration_id"))
        if not lead or not registration_id or answer.get("status") == "stale":
            return None
        if message.kind == "registration_submit":
            binding = (
                self.env["prm.sync.binding"]
                .sudo()
                ._prm_bind(
                    message.connection_id,
                    lead,
                    registration_id,
                    remote_model="prm.deal.registration",
                )
            )
            # The lead's latest registration, unless the vendor's decision
            # on it already came (it carries more).
            if lead.prm_registration_message_id == message and not binding.version:
                lead._prm_registration_apply_status(message.connection_id, answer)
        elif lead.prm_registration_remote_id == registration_id:
            lead._prm_registration_apply_status(message.connection_id, answer)
        return None

    # Vendor side: the partner registers or withdraws -------------------------------

    @api.model
    def _prm_apply_registration_submit(self, connection, wire):
        """Create and submit the registration as the partner's integration
        user, through the portal's core method (and its conflict detection)."""

        def update(connection, previous, binding, wire):
            if previous.state in OPEN_STATES:
                raise UserError(
                    self.env._(
                        "This opportunity is already registered as %(ref)s "
                        "(%(state)s): withdraw it before registering it again.",
                        ref=previous.name,
                        state=previous.state,
                    )
                )
            registration = self._prm_register(connection, wire)
            binding.res_id = registration.id
            return answer(registration, wire)

        def create(connection, wires):
            return [
                answer(self._prm_register(connection, wire), wire) for wire in wires
            ]

        def answer(registration, wire):
            return {
                **registration._prm_sync_status_payload(
                    wire["payload"]["partner_lead_id"]
                ),
                "remote_id": registration.id,
            }

        return self._prm_apply_upsert(
            connection,
            wire,
            "prm.deal.registration",
            "partner_lead_id",
            create,
            update,
        )

    @api.model
    def _prm_register(self, connection, wire):
        payload = wire["payload"]
        values = {
            name: payload[name] for name in REGISTRATION_FIELDS if name in payload
        }
        if payload.get("country_code"):
            country = self.env["res.country"].search(
                [("code", "=", payload["country_code"])], limit=1
            )
            values["country_id"] = country.id or False
        values["product_ids"] = self._prm_vendor_products(
            connection, payload.get("products")
        )
        return self.env["prm.deal.registration"]._prm_partner_register(
            connection.partner_id.id, values
        )

    @api.model
    def _prm_vendor_products(self, connection, products):
        """Our product ids for the partner's products: through the bindings
        of the caller's connection (the partner names its own products),
        else by internal reference among the products the connection's
        company sells (another company's namesake is not the partner's);
        the others are left out."""
        products = [item for item in products or [] if isinstance(item, dict)]
        local_of = self._prm_local_ids(
            connection,
            "product.product",
            [item.get("partner_product_id") for item in products],
        )
        Product = self.env["product.product"].sudo()
        found = connection._prm_in_company(Product.browse(local_of.values()).exists())
        codes = [
            item["default_code"]
            for item in products
            if item.get("partner_product_id") not in local_of
            and item.get("default_code")
        ]
        if codes:
            found |= Product.search(
                [
                    *Product._check_company_domain(connection.company_id),
                    ("default_code", "in", codes),
                    ("sale_ok", "=", True),
                ]
            )
        return found.ids

    @api.model
    def _prm_apply_registration_withdraw(self, connection, wire):
        """The partner withdraws its registration, as in the portal (the core
        checks that it is the partner's and not decided yet)."""
        return self._prm_apply_bound(
            connection,
            wire,
            "prm.deal.registration",
            "partner_lead_id",
            self._prm_withdraw,
        )

    @api.model
    def _prm_withdraw(self, connection, registration, binding, wire):
        # As the integration user; the partner knows: no need to tell it back.
        registration.with_env(self.env).with_context(
            prm_sync_silent=True
        ).action_withdraw()
        return registration._prm_sync_status_payload(binding.remote_id)

    # Partner side: the vendor's decision ---------------------------------------------

    @api.model
    def _prm_apply_registration_status(self, connection, wire):
        return self._prm_apply_registration_status_many(connection, [wire])[0]

    @api.model
    def _prm_apply_registration_status_many(self, connection, wires):
        """The vendor decided (approved, rejected, extended, expired,
        withdrawn): the opportunity shows it, with a note. Each message
        carries the registration's whole state: the newest applied wins."""
        Binding = self.env["prm.sync.binding"].sudo()
        binding_of = Binding._prm_find_many(
            connection,
            "crm.lead",
            [self._prm_id(wire["payload"], "registration_id") for wire in wires],
            remote_model="prm.deal.registration",
        )
        Lead = self.env["crm.lead"].sudo().with_context(active_test=False)
        leads = Lead.browse(
            {binding.res_id for binding in binding_of.values()}
        ).exists()
        current_of = leads._prm_registration_bindings()
        answers = []
        for wire in wires:
            binding = binding_of.get(wire["payload"]["registration_id"])
            if not binding or binding.res_id not in leads.ids:
                self._prm_refuse_unknown(
                    connection,
                    "prm.deal.registration",
                    wire["payload"]["registration_id"],
                )
            lead = leads.browse(binding.res_id)
            # The vendor's decisions on an older registration of the lead (a
            # newer one is bound) or older than the one applied: discarded.
            if current_of.get(lead.id) != binding or binding.version >= wire["version"]:
                answers.append({"status": "stale", "lead_id": lead.id})
                continue
            lead._prm_registration_apply_status(connection, wire["payload"])
            binding.version = wire["version"]
            answers.append({"lead_id": lead.id})
        return answers
