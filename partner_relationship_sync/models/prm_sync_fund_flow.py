# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
import binascii

from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.mimetypes import guess_mimetype

from .prm_sync_flow import PARTNER, VENDOR, SyncKind
from .prm_vendor_fund_request import REQUEST_FIELDS

# Proof of performance sent with a claim: as many files, as large, as the
# portal takes, and only documents (never a page or a program to open).
PROOF_MAX_FILES = 5
PROOF_MAX_BYTES = 10 * 1024 * 1024
PROOF_MIMETYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "text/plain",
    "text/csv",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
}
PROOF_MIMETYPE_PREFIXES = (
    "application/vnd.openxmlformats-officedocument.",
    "application/vnd.oasis.opendocument.",
)
# The vendor's decisions on a request that the partner hears about.
REQUEST_DECISIONS = ("approved", "rejected", "returned")
# The claim states the partner hears about (it knows it submitted).
CLAIM_OUTCOMES = ("approved", "rejected", "paid")


class PrmSyncFundFlow(models.AbstractModel):
    """Marketing development funds between a vendor and a connected partner.

    The vendor mirrors the partner's allocations (and their balance) in the
    partner's database; the partner submits requests and claims with proof
    there, applied at the vendor through the portal's methods as its
    integration user; the vendor's decisions, its bill and its payment come
    back."""

    _name = "prm.sync.fund.flow"
    _inherit = "prm.sync.flow"
    _description = "Partner Relationship Sync: Marketing Funds"

    @api.model
    def _prm_counterparts(self):
        return {
            "prm.fund.allocation": "prm.vendor.fund",
            "prm.vendor.fund": "prm.fund.allocation",
            "prm.fund.request": "prm.vendor.fund.request",
            "prm.vendor.fund.request": "prm.fund.request",
            "prm.fund.claim": "prm.vendor.fund.claim",
            "prm.vendor.fund.claim": "prm.fund.claim",
        }

    @api.model
    def _prm_kinds(self):
        return {
            "fund_allocation": SyncKind(
                self.env._("Fund Allocation"),
                "_prm_apply_allocation",
                VENDOR,
            ),
            "fund_request": SyncKind(
                self.env._("Fund Request"), "_prm_apply_request", PARTNER
            ),
            "fund_request_decision": SyncKind(
                self.env._("Fund Request Decision"),
                "_prm_apply_request_decision",
                VENDOR,
            ),
            "fund_claim": SyncKind(
                self.env._("Fund Claim"), "_prm_apply_claim", PARTNER
            ),
            "fund_claim_state": SyncKind(
                self.env._("Fund Claim Status"),
                "_prm_apply_claim_state",
                VENDOR,
            ),
        }

    # Outbox helpers -------------------------------------------------------------------

    @api.model
    def _prm_before_commit(self, records, method):
        """Call `method(records)` on this flow once, just before the
        transaction commits (after the stored figures are recomputed), with
        every record of the model collected in the transaction."""
        ids = [id_ for id_ in records._ids if isinstance(id_, int)]
        if not ids:
            return
        cr = self.env.cr
        key = f"prm_sync_fund.{records._name}.{method}"
        collected = cr.precommit.data.get(key)
        if collected is None:
            collected = cr.precommit.data[key] = set()
            env = self.env(su=True)
            model = records._name

            def send():
                record_ids = cr.precommit.data.pop(key, set())
                todo = env[model].browse(sorted(record_ids)).exists()
                if todo:
                    getattr(env[self._name], method)(todo)
                    env.flush_all()

            cr.precommit.add(send)
        collected.update(ids)

    @api.model
    def _prm_last_errors(self, records, kind):
        """{record id: the remote's refusal} of records whose last message
        of `kind` failed."""
        return {
            res_id: message.last_error
            for res_id, message in self.env["prm.sync.message"]
            .sudo()
            ._prm_last_of(records, [kind])
            .items()
            if message.state == "failed"
        }

    @api.model
    def _prm_queue_changed(self, kind, connection_of, payload_of, records, force=False):
        """Queue a message per record whose payload changed since the last
        one sent (all of them with `force`), grouped by connection."""
        last = (
            {}
            if force
            else self.env["prm.sync.message"].sudo()._prm_last_of(records, [kind])
        )
        changes = {}
        for record in records:
            payload = payload_of(record)
            if force or not last.get(record.id) or last[record.id].payload != payload:
                changes.setdefault(connection_of(record), []).append((record, payload))
        Message = self.env["prm.sync.message"].sudo()
        for connection, pairs in changes.items():
            Message._prm_queue_many(connection.sudo(), kind, pairs)

    # Proof of performance -------------------------------------------------------------

    @api.model
    def _prm_check_proofs(self, proofs):
        """Refuse proof [(file name, raw bytes)] that the portal would refuse,
        or that is not a document."""
        if not proofs:
            raise UserError(
                self.env._(
                    "Proof of Performance: attach at least one document "
                    "(photos, invoices, attendance lists)."
                )
            )
        if len(proofs) > PROOF_MAX_FILES:
            raise UserError(
                self.env._(
                    "Proof of Performance: attach at most %(count)s files.",
                    count=PROOF_MAX_FILES,
                )
            )
        for name, content in proofs:
            if len(content or b"") > PROOF_MAX_BYTES:
                raise UserError(self.env._("%(file)s is larger than 10 MB.", file=name))
            mimetype = guess_mimetype(content or b"")
            if mimetype not in PROOF_MIMETYPES and not mimetype.startswith(
                PROOF_MIMETYPE_PREFIXES
            ):
                raise UserError(
                    self.env._(
                        "%(file)s: %(type)s files are not accepted as proof; "
                        "attach PDF, images, office documents or text.",
                        file=name,
                        type=mimetype,
                    )
                )

    @api.model
    def _prm_decode_proofs(self, proofs):
        """[(file name, raw bytes)] of the proofs of a claim message."""
        if not isinstance(proofs, list) or len(proofs) > PROOF_MAX_FILES:
            raise UserError(
                self.env._(
                    "Proof of Performance: attach at most %(count)s files.",
                    count=PROOF_MAX_FILES,
                )
            )
        decoded = []
        for proof in proofs:
            name = isinstance(proof, dict) and proof.get("name")
            data = isinstance(proof, dict) and proof.get("datas")
            if not (isinstance(name, str) and isinstance(data, str)):
                raise UserError(
                    self.env._("Proof of Performance: a file has no name or content.")
                )
            if len(data) > PROOF_MAX_BYTES * 4 // 3 + 4:
                raise UserError(self.env._("%(file)s is larger than 10 MB.", file=name))
            try:
                decoded.append((name, base64.b64decode(data, validate=True)))
            except (binascii.Error, ValueError):
                raise UserError(
                    self.env._("%(file)s: the content is not base64.", file=name)
                ) from None
        return decoded

    # Vendor side: the allocations, mirrored in the partner's database -------------

    @api.model
    def _prm_allocation_payload(self, allocation):
        budget = allocation.budget_id
        return {
            "allocation_id": allocation.id,
            "name": budget.name,
            "program": budget.program_id.name or False,
            "date_start": fields.Date.to_string(budget.date_start),
            "date_end": fields.Date.to_string(budget.date_end),
            "fund_state": budget.state,
            "currency": allocation.currency_id.name,
            **{
                name: self._prm_normal(allocation[name])
                for name in (
                    "amount",
                    "requested",
                    "approved",
                    "claimed",
                    "paid",
                    "remaining",
                )
            },
        }

    @api.model
    def _prm_send_allocations(self, allocations, force=False):
        """Mirror connected partners' allocations whose figures, period or
        fund changed (all of them with `force`)."""
        allocations = allocations.sudo()
        connections = self._prm_connections_by_partner(
            allocations.partner_id.commercial_partner_id
        )
        targets = allocations.filtered(
            lambda a: a.partner_id.commercial_partner_id in connections
        )
        self._prm_queue_changed(
            "fund_allocation",
            lambda a: connections[a.partner_id.commercial_partner_id],
            self._prm_allocation_payload,
            targets,
            force=force,
        )

    # Partner side: the vendor's allocations ------------------------------------------

    @api.model
    def _prm_fund_values(self, connection, payload, currency_of):
        return {
            "connection_id": connection.id,
            "name": payload.get("name") or "-",
            "program": payload.get("program") or False,
            "date_start": payload.get("date_start") or False,
            "date_end": payload.get("date_end") or False,
            "fund_state": payload.get("fund_state")
            if payload.get("fund_state") in ("draft", "open", "closed")
            else False,
            "currency_id": currency_of.get(payload.get("currency"))
            or self.env.company.currency_id.id,
            "active": True,
            # The vendor's requested, approved, claimed and paid also count
            # requests made elsewhere: ours are counted from those listed here.
            "amount": float(payload.get("amount") or 0.0),
            "remaining": float(payload.get("remaining") or 0.0),
        }

    @api.model
    def _prm_apply_allocation(self, connection, wire):
        return self._prm_apply_allocation_many(connection, [wire])[0]

    @api.model
    def _prm_apply_allocation_many(self, connection, wires):
        """The vendor's allocations to us: mirrored (created or brought up to
        date), new ones in one go. Read-only here: the vendor owns them."""
        currency_of = {
            currency.name: currency.id
            for currency in self.env["res.currency"]
            .sudo()
            .with_context(active_test=False)
            .search([("name", "in", [w["payload"].get("currency") for w in wires])])
        }

        def values_of(connection, wire):
            return self._prm_fund_values(connection, wire["payload"], currency_of)

        def update(connection, fund, binding, wire):
            fund.write(values_of(connection, wire))

        def create(connection, wires):
            return (
                self.env["prm.vendor.fund"]
                .sudo()
                .create([values_of(connection, wire) for wire in wires])
            )

        return self._prm_apply_upsert_many(
            connection, wires, "prm.vendor.fund", "allocation_id", create, update
        )

    # Partner side: our requests and claims, to the vendor ----------------------------

    @api.model
    def _prm_send_requests(self, requests):
        """Queue each request with what we filled in, to its vendor."""
        binding_of = (
            self.env["prm.sync.binding"].sudo()._prm_of_records(requests.fund_id)
        )
        for request in requests:
            if request.fund_id.id not in binding_of:
                raise UserError(
                    self.env._(
                        "The fund %(fund)s is not known to the vendor's database.",
                        fund=request.fund_id.name,
                    )
                )
        self._prm_queue_changed(
            "fund_request",
            lambda r: r.fund_id.connection_id,
            lambda r: {
                "partner_request_id": r.id,
                "partner_fund_id": r.fund_id.id,
                "values": {name: self._prm_normal(r[name]) for name in REQUEST_FIELDS},
            },
            requests,
            force=True,
        )

    @api.model
    def _prm_send_claims(self, claims):
        """Queue each claim with its proof (base64), to its vendor."""
        binding_of = (
            self.env["prm.sync.binding"].sudo()._prm_of_records(claims.request_id)
        )
        for claim in claims:
            if claim.request_id.id not in binding_of:
                raise UserError(
                    self.env._(
                        "The request %(request)s is not known to the vendor's "
                        "database.",
                        request=claim.request_id.name,
                    )
                )
        self._prm_queue_changed(
            "fund_claim",
            lambda c: c.fund_id.connection_id,
            lambda c: {
                "partner_claim_id": c.id,
                "partner_request_id": c.request_id.id,
                "amount": c.amount,
                "partner_invoice_ref": c.partner_invoice_ref or False,
                "proofs": [
                    {
                        "name": attachment.name,
                        "datas": base64.b64encode(attachment.raw or b"").decode(),
                    }
                    for attachment in c.proof_attachment_ids.sudo()
                ],
            },
            claims,
            force=True,
        )

    # Vendor side: the partner's requests and claims ----------------------------------

    @api.model
    def _prm_request_values(self, values):
        """The request's fields from a message, typed, or UserError."""
        if not isinstance(values, dict) or not (values.get("name") or "").strip():
            raise UserError(self.env._("Activity: name the activity."))
        try:
            return {
                "name": values["name"].strip(),
                "description": values.get("description") or False,
                "date_start": fields.Date.to_date(values.get("date_start")),
                "date_end": fields.Date.to_date(values.get("date_end")),
                "planned_cost": float(values.get("planned_cost") or 0.0),
                "objectives": values.get("objectives") or False,
                "expected_results": values.get("expected_results") or False,
                "expected_leads": int(values.get("expected_leads") or 0),
                "expected_revenue": float(values.get("expected_revenue") or 0.0),
            }
        except (TypeError, ValueError, AttributeError):
            raise UserError(
                self.env._("Enter the dates and the planned cost.")
            ) from None

    @api.model
    def _prm_apply_request(self, connection, wire):
        """The partner submits a request (or its correction once sent back):
        drafted and submitted as its integration user, like from the portal."""

        def update(connection, request, binding, wire):
            # As the integration user, like a correction in the portal.
            request = request.with_env(self.env)
            request._prm_partner_update(
                self._prm_request_values(wire["payload"].get("values"))
            )
            request.action_submit()

        def create(connection, wires):
            payload = wires[0]["payload"]
            allocation, _binding = self._prm_bound_record(
                connection,
                "prm.fund.allocation",
                self._prm_id(payload, "partner_fund_id"),
            )
            request = self.env["prm.fund.request"]._prm_partner_create(
                allocation.with_env(self.env),
                self._prm_request_values(payload.get("values")),
            )
            request.action_submit()
            return request

        return self._prm_apply_upsert(
            connection, wire, "prm.fund.request", "partner_request_id", create, update
        )

    @api.model
    def _prm_apply_claim(self, connection, wire):
        """The partner claims against its approved request, with proof:
        drafted and submitted as its integration user, like from the portal."""
        # A claim is submitted once; what comes after is the vendor's.
        return self._prm_apply_once(
            connection, wire, "prm.fund.claim", "partner_claim_id", self._prm_make_claim
        )

    @api.model
    def _prm_make_claim(self, connection, wire):
        payload = wire["payload"]
        proofs = self._prm_decode_proofs(payload.get("proofs"))
        self._prm_check_proofs(proofs)
        try:
            amount = float(payload.get("amount") or 0.0)
        except (TypeError, ValueError):
            raise UserError(self.env._("Enter the actual cost.")) from None
        request, _binding = self._prm_bound_record(
            connection, "prm.fund.request", self._prm_id(payload, "partner_request_id")
        )
        claim = self.env["prm.fund.claim"]._prm_partner_create(
            request.with_env(self.env),
            {
                "amount": amount,
                "partner_invoice_ref": str(
                    payload.get("partner_invoice_ref") or ""
                ).strip(),
            },
            proofs=proofs,
        )
        claim.action_submit()
        return claim

    # Vendor side: decisions, bill and payment, back to the partner -------------------

    @api.model
    def _prm_send_request_decisions(self, requests):
        binding_of = self.env["prm.sync.binding"].sudo()._prm_of_records(requests)
        bound = requests.sudo().filtered(
            lambda r: r.id in binding_of and r.state in REQUEST_DECISIONS
        )
        self._prm_queue_changed(
            "fund_request_decision",
            lambda r: binding_of[r.id].connection_id,
            lambda r: {
                "vendor_request_id": r.id,
                "partner_request_id": binding_of[r.id].remote_id,
                "state": r.state,
                "approved_amount": r.approved_amount,
                "decision_reason": r.decision_reason or False,
            },
            bound,
            force=True,
        )

    @api.model
    def _prm_send_claim_states(self, claims):
        """Tell the partner where its claims stand (decision, bill, payment),
        when that changed."""
        binding_of = self.env["prm.sync.binding"].sudo()._prm_of_records(claims)
        bound = claims.sudo().filtered(
            lambda c: c.id in binding_of and c.state in CLAIM_OUTCOMES
        )
        self._prm_queue_changed(
            "fund_claim_state",
            lambda c: binding_of[c.id].connection_id,
            lambda c: {
                "vendor_claim_id": c.id,
                "partner_claim_id": binding_of[c.id].remote_id,
                "state": c.state,
                "rejection_reason": c.rejection_reason or False,
                "bill": c.bill_id.name if c.bill_id.name not in (False, "/") else False,
                "bill_state": c.bill_id.state or False,
                "payment_state": c.bill_id.payment_state or False,
            },
            bound,
        )

    # Partner side: the vendor's decisions --------------------------------------------

    @api.model
    def _prm_apply_request_decision(self, connection, wire):
        """The vendor approved, rejected or sent back our request."""
        return self._prm_apply_bound(
            connection,
            wire,
            "prm.vendor.fund.request",
            "vendor_request_id",
            self._prm_decide_request,
        )

    @api.model
    def _prm_decide_request(self, connection, request, binding, wire):
        payload = wire["payload"]
        state = payload.get("state")
        if state not in REQUEST_DECISIONS:
            raise UserError(
                self.env._("Decision: approved, rejected or returned expected.")
            )
        request.write(
            {
                "state": state,
                "approved_amount": float(payload.get("approved_amount") or 0.0)
                if state == "approved"
                else 0.0,
                "decision_reason": payload.get("decision_reason") or False,
            }
        )
        labels = dict(request._fields["state"]._description_selection(self.env))
        request.message_post(
            body=self.env._(
                "%(vendor)s: %(decision)s. %(reason)s",
                vendor=connection.partner_id.name,
                decision=labels[state],
                reason=payload.get("decision_reason") or "",
            ),
            subtype_xmlid="mail.mt_note",
        )
        if state == "returned" and request.user_id:
            request.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Correct the request and submit it again"),
                note=escape(payload.get("decision_reason") or ""),
                user_id=request.user_id.id,
            )
        return {"request_id": request.id}

    @api.model
    def _prm_apply_claim_state(self, connection, wire):
        """The vendor decided on our claim, or its bill was posted or paid."""
        return self._prm_apply_bound(
            connection,
            wire,
            "prm.vendor.fund.claim",
            "vendor_claim_id",
            self._prm_update_claim_state,
        )

    @api.model
    def _prm_update_claim_state(self, connection, claim, binding, wire):
        payload = wire["payload"]
        state = payload.get("state")
        if state not in CLAIM_OUTCOMES:
            raise UserError(self.env._("Claim: approved, rejected or paid expected."))
        selection = claim._fields["vendor_payment_state"].selection
        payment_state = payload.get("payment_state")
        changed = state != claim.state
        claim.write(
            {
                "state": state,
                "rejection_reason": payload.get("rejection_reason") or False,
                "vendor_bill": payload.get("bill") or False,
                "vendor_bill_state": payload.get("bill_state")
                if payload.get("bill_state") in ("draft", "posted", "cancel")
                else False,
                "vendor_payment_state": payment_state
                if payment_state in dict(selection)
                else False,
            }
        )
        if changed:
            labels = dict(claim._fields["state"]._description_selection(self.env))
            claim.message_post(
                body=self.env._(
                    "%(vendor)s: %(state)s. %(reason)s",
                    vendor=connection.partner_id.name,
                    state=labels[state],
                    reason=payload.get("rejection_reason") or "",
                ),
                subtype_xmlid="mail.mt_note",
            )
        return {"claim_id": claim.id}
