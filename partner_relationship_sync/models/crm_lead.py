# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from odoo.addons.partner_relationship.tools.roles import check_role

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

VENDOR_REGISTRATION_STATES = [
    ("sent", "Sent to the Vendor"),
    ("submitted", "Submitted"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("expired", "Expired"),
    ("cancelled", "Withdrawn"),
]
# The lead may be registered (again) in these states.
REGISTRABLE_STATES = (False, "rejected", "expired", "cancelled")


class CrmLead(models.Model):
    _inherit = "crm.lead"

    # Partner side: a lead the vendor offered through a connection.
    prm_vendor_connection_id = fields.Many2one(
        "prm.sync.connection",
        string="Offered By",
        readonly=True,
        index="btree_not_null",
        help="The vendor's database this lead was offered from.",
        check_company=True,
    )
    prm_vendor_offer_state = fields.Selection(
        VENDOR_OFFER_STATES, string="Vendor Offer", readonly=True, tracking=True
    )
    prm_vendor_deadline = fields.Datetime(string="Answer the Vendor By", readonly=True)
    prm_vendor_offer = fields.Boolean(
        string="Vendor's Offer",
        compute="_compute_prm_vendor_offer",
        search="_search_prm_vendor_offer",
        help="Offered to us by a vendor and not accepted: the vendor's lead, "
        "not one of ours to route to our own partners.",
    )

    @api.model
    def _prm_vendor_offer_domain(self):
        """One definition of a vendor's offer here: a lead a vendor offered
        us that we have not accepted (awaiting our answer, declined or
        recalled). The Vendor app's offers, our routing and our "Awaiting
        Partner" list all go by it."""
        return [
            ("prm_vendor_connection_id", "!=", False),
            ("prm_vendor_offer_state", "!=", "accepted"),
        ]

    @api.depends("prm_vendor_connection_id", "prm_vendor_offer_state")
    def _compute_prm_vendor_offer(self):
        offers = self.filtered_domain(self._prm_vendor_offer_domain())
        for lead in self:
            lead.prm_vendor_offer = lead in offers

    def _search_prm_vendor_offer(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Vendor's Offer: search it as yes or no."))
        domain = self._prm_vendor_offer_domain()
        if (operator == "=") == value:
            return domain
        return ["!", *expression.normalize_domain(domain)]

    @api.model
    def _prm_awaiting_partner_domain(self):
        """A vendor's offer waits for our answer (the Vendor app), not for
        one of our partners'."""
        return expression.AND(
            [super()._prm_awaiting_partner_domain(), [("prm_vendor_offer", "=", False)]]
        )

    # Vendor side ---------------------------------------------------------------------

    def _prm_recall(self, reason, note=None):
        """Tell connected partners' databases that their lead is taken back,
        and why: "reason" stays the kind of recall ("recalled" or "expired")
        that older databases read; "note" is the vendor's explanation."""
        targets = self.filtered(
            lambda lead: lead.prm_offer_state == "offered"
        )._prm_recall_targets()
        result = super()._prm_recall(reason, note=note)
        self._prm_queue_recalls(targets, reason, note)
        return result

    def _prm_end_assignments(self):
        """Leads taken from their partners on the approval of another
        partner's deal registration: the connected partners' databases are
        told, without a word of the competing partner or of the vendor's
        reasons."""
        targets = self.filtered(
            lambda lead: lead.prm_offer_state in ("offered", "accepted")
        )._prm_recall_targets()
        result = super()._prm_end_assignments()
        note = self.env._(
            "Taken back on the approval of a deal registration for this customer."
        )
        self._prm_queue_recalls(targets, "recalled", note)
        return result

    def _prm_recall_targets(self):
        """{connection: leads} of these leads held by connected partners."""
        connections = self.env["prm.sync.lead.flow"]._prm_connections_by_partner(
            self.partner_assigned_id
        )
        return {
            connections[partner]: leads
            for partner, leads in self.filtered(
                lambda lead: lead.partner_assigned_id in connections
            )
            .grouped("partner_assigned_id")
            .items()
        }

    @api.model
    def _prm_queue_recalls(self, targets, reason, note):
        """A recall message per lead of `targets` ({connection: leads})."""
        Message = self.env["prm.sync.message"].sudo()
        for connection, leads in targets.items():
            Message._prm_queue_many(
                connection,
                "lead_recall",
                [
                    (lead, {"lead_id": lead.id, "reason": reason, "note": note})
                    for lead in leads
                ],
            )

    # Partner side --------------------------------------------------------------------

    def _prm_forward(self, partner, deadline, note=None):
        """A vendor's offer is the vendor's until we accept it: not ours to
        forward to one of our partners (as our routing leaves it alone)."""
        offers = self.filtered("prm_vendor_offer")
        if offers:
            raise UserError(
                self.env._(
                    "%(leads)s: offered to us by a vendor; accept the offer "
                    "before passing the lead on to one of your partners.",
                    leads=", ".join(offers.mapped("name")),
                )
            )
        return super()._prm_forward(partner, deadline, note=note)

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
        check_role(self, "action_prm_vendor_accept")
        return self._prm_vendor_answer("accept")

    def action_prm_vendor_decline(self, reason):
        """Decline the vendor's offer, with the reason the vendor will read."""
        check_role(self, "action_prm_vendor_decline")
        reason = self._prm_text(reason, self.env._("Reason")).strip()
        if not reason:
            raise UserError(self.env._("Reason: tell the vendor why you decline."))
        # The vendor refuses a longer one: said here, before anything is
        # written or queued.
        self._prm_check_note(reason)
        return self._prm_vendor_answer("decline", reason)

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

    # Partner side: our opportunity registered as a deal with our vendor ------------

    prm_registration_connection_id = fields.Many2one(
        "prm.sync.connection",
        string="Registered With",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The vendor's database this opportunity is registered with.",
    )
    prm_registration_state = fields.Selection(
        VENDOR_REGISTRATION_STATES,
        string="Vendor Registration",
        readonly=True,
        copy=False,
    )
    prm_registration_ref = fields.Char(
        string="Vendor's Reference", readonly=True, copy=False
    )
    prm_registration_protection_end = fields.Date(
        string="Protected Until", readonly=True, copy=False
    )
    prm_registration_reason = fields.Text(
        string="Vendor's Reason", readonly=True, copy=False
    )
    prm_registration_conflicts = fields.Text(
        string="Conflicts Found",
        readonly=True,
        copy=False,
        help="Why the vendor found this customer already in play (no names).",
    )
    prm_registration_remote_id = fields.Integer(
        string="Vendor's Registration",
        compute="_compute_prm_registration_remote_id",
        help="The vendor's registration the opportunity follows: the newest "
        "bound to it.",
    )
    prm_registration_message_id = fields.Many2one(
        "prm.sync.message", readonly=True, copy=False
    )
    prm_registration_error = fields.Text(
        string="Registration Refused",
        compute="_compute_prm_registration_error",
        help="The vendor refused the last registration sent: its message.",
    )
    prm_can_register = fields.Boolean(compute="_compute_prm_can_register")

    @api.depends("prm_registration_connection_id")
    def _compute_prm_registration_remote_id(self):
        current = self._prm_registration_bindings()
        for lead in self:
            binding = current.get(lead.id)
            lead.prm_registration_remote_id = binding.remote_id if binding else 0

    def _prm_registration_bindings(self):
        """{lead id: the binding of its newest registration at its vendor}
        (the vendor's registrations are numbered in order)."""
        bindings = (
            self.env["prm.sync.binding"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "crm.lead"),
                    ("res_id", "in", self.ids),
                    ("remote_model", "=", "prm.deal.registration"),
                ],
                order="remote_id",
            )
        )
        connection_of = {
            lead.id: lead.sudo().prm_registration_connection_id for lead in self
        }
        return {
            binding.res_id: binding
            for binding in bindings
            if binding.connection_id == connection_of.get(binding.res_id)
        }

    @api.depends("prm_registration_message_id")
    def _compute_prm_registration_error(self):
        for lead in self:
            message = lead.sudo().prm_registration_message_id
            lead.prm_registration_error = (
                message.last_error if message.state == "failed" else False
            )

    @api.depends("prm_registration_state", "type")
    def _compute_prm_can_register(self):
        has_vendor = bool(
            self.env["prm.sync.connection"]
            .sudo()
            .search_count([("remote_role", "=", "vendor")], limit=1)
        )
        for lead in self:
            lead.prm_can_register = has_vendor and lead._prm_registrable()

    def _prm_registrable(self):
        self.ensure_one()
        if self.prm_vendor_offer_state:
            return False  # the vendor's own lead, offered to us
        if self.prm_registration_state in REGISTRABLE_STATES:
            return True
        # Sent but refused by the vendor (or cancelled): may be sent again.
        return self.prm_registration_state == "sent" and (
            self.sudo().prm_registration_message_id.state in ("failed", "cancelled")
        )

    def action_prm_register_with_vendor(self):
        """Open the registration form, pre-filled from the opportunity."""
        check_role(self, "action_prm_register_with_vendor")
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register with Vendor"),
            "res_model": "prm.sync.registration.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    def _prm_register_with_vendor(self, connection, values, products):
        """Send the registration of this opportunity to `connection`'s
        vendor: `values` are the registration's fields, `products` ours
        (those the vendor also sells are sent, by its id when the central
        product is bound here, else by internal reference)."""
        self.ensure_one()
        self.check_access("write")
        if connection.remote_role != "vendor":
            raise UserError(
                self.env._(
                    "%(connection)s is not a connection to a vendor.",
                    connection=connection.display_name,
                )
            )
        if self.prm_vendor_offer_state:
            raise UserError(
                self.env._(
                    "%(lead)s was offered by the vendor: it is already the "
                    "vendor's deal.",
                    lead=self.name,
                )
            )
        if not self._prm_registrable():
            raise UserError(
                self.env._(
                    "%(lead)s is already registered with the vendor (%(ref)s).",
                    lead=self.name,
                    ref=self.prm_registration_ref or "-",
                )
            )
        if not (values.get("customer_name") or "").strip():
            raise UserError(self.env._("Customer Company: enter the customer's name."))
        if (values.get("expected_revenue") or 0.0) < 0:
            raise UserError(self.env._("Expected Revenue: cannot be negative."))
        bound = (
            self.env["prm.sync.binding"]
            .sudo()
            .search(
                [
                    ("connection_id", "=", connection.id),
                    ("res_model", "=", "product.product"),
                    ("res_id", "in", products.ids),
                ]
            )
            .mapped("res_id")
        )
        sent = products.filtered(
            lambda product: product.id in bound or product.default_code
        )
        payload = {
            **{
                key: value
                for key, value in values.items()
                if key not in ("country_id", "date_close")
            },
            "partner_lead_id": self.id,
            "country_code": values.get("country_id")
            and self.env["res.country"].browse(values["country_id"]).code,
            "date_close": fields.Date.to_string(values["date_close"])
            if values.get("date_close")
            else False,
            "products": [
                {
                    "partner_product_id": product.id,
                    "default_code": product.default_code or False,
                }
                for product in sent
            ],
        }
        Message = self.env["prm.sync.message"].sudo()
        # An earlier refused registration of the lead is not to be retried.
        Message._prm_cancel_unsent(self, "registration_submit")
        message = Message._prm_queue_many(
            connection, "registration_submit", [(self, payload)]
        )
        self.sudo().write(
            {
                "prm_registration_connection_id": connection.id,
                "prm_registration_state": "sent",
                "prm_registration_message_id": message.id,
                "prm_registration_ref": False,
                "prm_registration_protection_end": False,
                "prm_registration_reason": False,
                "prm_registration_conflicts": False,
            }
        )
        left_out = products - sent
        self.message_post(
            body=self.env._(
                "Deal registration sent to %(vendor)s.",
                vendor=connection.partner_id.name,
            )
            + (
                " "
                + self.env._(
                    "Left out (the vendor does not know them): %(products)s.",
                    products=", ".join(left_out.mapped("display_name")),
                )
                if left_out
                else ""
            ),
            subtype_xmlid="mail.mt_note",
        )
        return True

    def action_prm_withdraw_registration(self):
        """Withdraw the registration at the vendor (while not decided)."""
        check_role(self, "action_prm_withdraw_registration")
        self.check_access("write")
        for lead in self:
            if lead.prm_registration_state != "submitted":
                raise UserError(
                    self.env._(
                        "%(lead)s: only a submitted registration can be withdrawn.",
                        lead=lead.name,
                    )
                )
        for connection, leads in self.grouped("prm_registration_connection_id").items():
            self.env["prm.sync.message"].sudo()._prm_queue_many(
                connection,
                "registration_withdraw",
                [
                    (
                        lead,
                        {"partner_lead_id": lead.id},
                    )
                    for lead in leads
                ],
            )
        for lead in self:
            lead.message_post(
                body=self.env._(
                    "Withdrawal of %(ref)s sent to the vendor.",
                    ref=lead.prm_registration_ref,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _prm_registration_apply_status(self, connection, status):
        """Show the vendor's state of the registration, with a note when it
        changed."""
        self.ensure_one()
        old_state = self.prm_registration_state
        old_end = self.prm_registration_protection_end
        state = status.get("state") or old_state
        end = fields.Date.to_date(status.get("protection_end") or False) or False
        conflicts = "\n".join(status.get("conflicts") or []) or False
        values = {
            "prm_registration_connection_id": connection.id,
            "prm_registration_state": state,
            "prm_registration_ref": status.get("ref") or self.prm_registration_ref,
            "prm_registration_protection_end": end,
            "prm_registration_reason": status.get("reason") or False,
            "prm_registration_conflicts": conflicts,
        }
        self.write(values)
        body = self._prm_registration_note(connection, status, old_state, old_end)
        if body:
            self.message_post(body=body, subtype_xmlid="mail.mt_note")

    def _prm_registration_note(self, connection, status, old_state, old_end):
        vendor = connection.partner_id.name
        state = self.prm_registration_state
        end = self.prm_registration_protection_end
        ref = self.prm_registration_ref
        if state == old_state and (state != "approved" or end == old_end):
            return False
        if state == "submitted":
            if self.prm_registration_conflicts:
                return self.env._(
                    "Registered with %(vendor)s as %(ref)s, with conflicts: "
                    "%(conflicts)s",
                    vendor=vendor,
                    ref=ref,
                    conflicts=self.prm_registration_conflicts,
                )
            return self.env._(
                "Registered with %(vendor)s as %(ref)s: no conflicting deal found.",
                vendor=vendor,
                ref=ref,
            )
        if state == "approved" and old_state == "approved":
            return self.env._(
                "%(vendor)s extended the protection of %(ref)s until %(date)s.",
                vendor=vendor,
                ref=ref,
                date=end,
            )
        if state == "approved":
            return self.env._(
                "%(vendor)s approved %(ref)s: the customer is protected for you "
                "until %(date)s.",
                vendor=vendor,
                ref=ref,
                date=end,
            )
        if state == "rejected":
            return self.env._(
                "%(vendor)s rejected %(ref)s: %(reason)s",
                vendor=vendor,
                ref=ref,
                reason=self.prm_registration_reason or "-",
            )
        if state == "expired":
            return self.env._(
                "The protection of %(ref)s by %(vendor)s ended on %(date)s.",
                vendor=vendor,
                ref=ref,
                date=end or old_end,
            )
        if state == "cancelled":
            return self.env._(
                "%(ref)s is withdrawn at %(vendor)s.", vendor=vendor, ref=ref
            )
        return False
