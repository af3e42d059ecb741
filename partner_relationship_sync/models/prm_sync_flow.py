# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
from datetime import date, datetime
from typing import NamedTuple

from odoo import api, fields, models
from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

# Who may send a kind of message: the vendor's database, a partner's, or both.
VENDOR, PARTNER, BOTH = "vendor", "partner", "both"


class UnknownRecord(UserError):
    """A message about a record the caller's connection has no binding for
    (yet: the sender's binding may be committed a moment later). Answered
    *retry*: the sender tries again a little later, a few times."""


class SyncKind(NamedTuple):
    """A kind of message a flow applies: its label, the flow's method that
    applies it, and the side that may send it (VENDOR, PARTNER or BOTH)."""

    label: str
    method: str
    sender: str


class PrmSyncFlow(models.AbstractModel):
    """What every flow shares. A flow is an abstract model inheriting this one,
    listed in `_prm_flows`, that declares the message kinds it applies
    (`_prm_kinds`) and who may send each.

    A kind's method applies one message: ``method(connection, wire)`` returns
    the answer for the sender (a dict; ``remote_id``, the id of the record
    created or updated here, binds the sender's record to it). A flow may also
    define ``<method>_many(connection, wires)`` returning one answer per wire,
    to apply a batch at once; when it refuses, the batch is applied one
    message at a time so that only the faulty messages fail.
    """

    _name = "prm.sync.flow"
    _description = "Partner Relationship Sync Flow"

    @api.model
    def _prm_flows(self):
        """The flows of the suite, as model names. An addon adding a flow
        extends this list through ``super()``."""
        return [
            "prm.sync.lead.flow",
            "prm.sync.order.flow",
            "prm.sync.registration.flow",
            "prm.sync.relationship.flow",
            "prm.sync.fund.flow",
            "prm.sync.service.flow",
            "prm.sync.warranty.flow",
            "prm.sync.catalogue.flow",
            "prm.sync.vmi.flow",
        ]

    @api.model
    def _prm_kinds(self):
        """{kind: SyncKind} of the messages this flow applies."""
        return {}

    @api.model
    def _prm_counterparts(self):
        """{our model: the remote's model} of the records this flow binds
        to a record of another model at the remote."""
        return {}

    @api.model
    def _prm_all_counterparts(self):
        return {
            model: remote_model
            for name in self._prm_flows()
            for model, remote_model in self.env[name]._prm_counterparts().items()
        }

    @api.model
    def _prm_all_kinds(self):
        """{kind: (flow model, SyncKind)} over every flow."""
        return {
            kind: (self.env[name], spec)
            for name in self._prm_flows()
            for kind, spec in self.env[name]._prm_kinds().items()
        }

    @api.model
    def _prm_may_send(self, spec, connection, received):
        """Whether a message of kind `spec` may travel on `connection`: sent
        by the remote (`received`) or by us to it. The connection's role is
        what the remote is to us; we are the other side."""
        if spec.sender == BOTH:
            return True
        remote = connection.remote_role
        return spec.sender == remote if received else spec.sender != remote

    @api.model
    def _prm_connections_by_partner(self, partners=None):
        """{channel partner: its connection} of the connected partners (among
        `partners`, companies) whose connection exchanges this flow."""
        domain = [("remote_role", "=", "partner")]
        if partners is not None:
            domain.append(("partner_id", "in", partners.ids))
        return {
            connection.partner_id: connection
            for connection in self.env["prm.sync.connection"].sudo().search(domain)
            if connection._prm_flow_enabled(self._name)
        }

    @api.model
    def _prm_sent_many(self, messages, answer_of):
        """The remote applied `messages` ({message: answer}); see `_prm_sent`."""
        for message in messages:
            self._prm_sent(message, answer_of[message])

    @api.model
    def _prm_sent(self, message, answer):
        """The remote applied `message`: bind its record to the remote's."""
        remote_id = self._prm_remote_id(answer.get("remote_id"))
        if remote_id and message.res_model and message.res_id:
            self.env["prm.sync.binding"].sudo()._prm_bind(
                message.connection_id,
                self.env[message.res_model].browse(message.res_id),
                remote_id,
            )

    @api.model
    def _prm_check_maintained_by(self, connection, records):
        """Refuse a remote's change to central `records` it does not maintain
        here: a binding alone never lets a remote change a record that it did
        not bring."""
        foreign = records.filtered(
            lambda r: not r.is_central or r.central_owner_id != connection.partner_id
        )
        if foreign:
            raise UserError(
                self.env._(
                    "%(records)s: not maintained by %(partner)s in this database; "
                    "its change is refused.",
                    records=", ".join(foreign.mapped("display_name")),
                    partner=connection.partner_id.name,
                )
            )

    # The one path of a message about a bound record ----------------------------------

    @api.model
    def _prm_bound_record(self, connection, model, remote_id):
        """Our record (sudo) that the caller's record `remote_id` stands for,
        and its binding: found through the bindings of the caller's
        connection only, never from an id of ours taken from the message;
        UserError for any other."""
        binding = (
            self.env["prm.sync.binding"].sudo()._prm_find(connection, model, remote_id)
        )
        record = self.env[model].sudo().browse(binding.res_id).exists()
        if not record:
            self._prm_refuse_unknown(connection, model, remote_id)
        return record, binding

    @api.model
    def _prm_local_ids(self, connection, model, remote_ids):
        """{caller's id: our record id} of the `remote_ids` bound on the
        caller's connection (values that are not record ids left out)."""
        bindings = (
            self.env["prm.sync.binding"]
            .sudo()
            ._prm_find_many(
                connection, model, [i for i in remote_ids if self._prm_remote_id(i)]
            )
        )
        return {remote_id: binding.res_id for remote_id, binding in bindings.items()}

    @api.model
    def _prm_refuse_unknown(self, connection, model, remote_id):
        raise UnknownRecord(
            self.env._(
                "%(model)s %(id)s of %(partner)s is not known here.",
                model=self.env[model]._description,
                id=remote_id,
                partner=connection.partner_id.name,
            )
        )

    @api.model
    def _prm_apply_bound(self, connection, wire, model, remote_key, apply):
        """Apply a message about a record bound on the caller's connection:
        the sender's id (`remote_key` of the payload) finds the binding, an
        older version than the one applied is discarded, then
        ``apply(connection, record, binding, wire)`` returns the answer and
        the binding takes the message's version."""
        remote_id = self._prm_id(wire["payload"], remote_key)
        record, binding = self._prm_bound_record(connection, model, remote_id)
        if binding.version >= wire["version"]:
            return {"status": "stale", "remote_id": record.id}
        answer = apply(connection, record, binding, wire)
        binding.version = wire["version"]
        return {"remote_id": record.id, **(answer or {})}

    @api.model
    def _prm_apply_upsert(
        self, connection, wire, model, remote_key, create, update, remember=()
    ):
        """`_prm_apply_upsert_many` of one message."""
        return self._prm_apply_upsert_many(
            connection, [wire], model, remote_key, create, update, remember
        )[0]

    @api.model
    def _prm_apply_state(self, connection, wire, record, apply):
        """Apply a message that carries a whole state (the partner's shared
        inventory, the vendor's proposals) onto our `record`: a state has no
        record of the sender's, so its binding is the stream of its kind on
        the connection (remote model: the kind; remote id: the connection),
        whatever the payload says; it keeps the version applied and an older
        state is discarded. ``apply(connection, wire)`` returns the answer."""
        kind = wire["kind"]
        Binding = self.env["prm.sync.binding"].sudo()
        binding = Binding._prm_find(connection, record._name, connection.id, kind)
        if binding and binding.version >= wire["version"]:
            return {"status": "stale"}
        answer = apply(connection, wire)
        if binding:
            binding.write({"res_id": record.id, "version": wire["version"]})
        else:
            Binding._prm_bind(connection, record, connection.id, wire["version"], kind)
        return answer

    @api.model
    def _prm_apply_once(self, connection, wire, model, remote_key, make, answer=None):
        """Apply a message that brings a record once (a request, a claim):
        made by ``make(connection, wire)``; sent again, it changes nothing
        and is answered stale, with ``answer(record)`` (by default its id)."""
        answer = answer or (lambda record: {"remote_id": record.id})
        return self._prm_apply_upsert(
            connection,
            wire,
            model,
            remote_key,
            lambda connection, wires: [answer(make(connection, wires[0]))],
            lambda connection, record, binding, wire: {
                **answer(record),
                "status": "stale",
            },
        )

    @api.model
    def _prm_apply_upsert_many(
        self, connection, wires, model, remote_key, create, update, remember=()
    ):
        """Apply messages that bring a record of the caller's here: the
        sender's id (`remote_key` of each payload) finds our record through
        the bindings of the caller's connection only; an older version than
        the one applied is discarded; a bound record is brought up to date by
        ``update(connection, record, binding, wire)`` (its answer, or None);
        the others are made together by ``create(connection, wires)``, which
        returns for each wire its new record or its answer (with the new
        record's id as ``remote_id``), and bound with the message's version
        (the values of `remember` kept as the remote's, see
        `_prm_remember`). A record sent twice in the batch is made from its
        newest message; the older ones are answered stale. One answer per
        wire, in order; ``remote_id`` is our record's id."""
        Binding = self.env["prm.sync.binding"].sudo()
        remote_ids = [self._prm_id(wire["payload"], remote_key) for wire in wires]
        binding_of = Binding._prm_find_many(connection, model, remote_ids)
        records = self.env[model].sudo().with_context(active_test=False)
        existing = records.browse(b.res_id for b in binding_of.values()).exists()
        live = set(existing.ids)  # an update may bind another record
        answers = [None] * len(wires)
        new = {}  # the sender's id: positions of its messages, in order
        for position, (wire, remote_id) in enumerate(
            zip(wires, remote_ids, strict=True)
        ):
            binding = binding_of.get(remote_id)
            if binding and binding.version >= wire["version"]:
                # Older than what was applied, even to a record deleted since.
                answers[position] = {"status": "stale"}
                if binding.res_id in live:
                    answers[position]["remote_id"] = binding.res_id
                continue
            if not binding or binding.res_id not in live:
                new.setdefault(remote_id, []).append(position)
                continue
            record = records.browse(binding.res_id).with_prefetch(existing._ids)
            answer = update(connection, record, binding, wire)
            binding.version = wire["version"]
            live.add(binding.res_id)
            answers[position] = {"remote_id": binding.res_id, **(answer or {})}
        if not new:
            return answers
        newest = {
            remote_id: max(positions, key=lambda p: wires[p]["version"])
            for remote_id, positions in new.items()
        }
        created = create(connection, [wires[p] for p in newest.values()])
        bind = []
        for (remote_id, position), made in zip(newest.items(), created, strict=True):
            if isinstance(made, models.BaseModel):
                made = {"remote_id": made.id}
            record = records.browse(made["remote_id"])
            values = {
                "res_id": record.id,
                "version": wires[position]["version"],
                "synced_values": {
                    name: self._prm_comparable(record, name) for name in remember
                }
                or False,
            }
            if remote_id in binding_of:  # bound to a record deleted since
                binding_of[remote_id].write(values)
            else:
                bind.append(
                    {
                        "connection_id": connection.id,
                        "res_model": model,
                        "remote_id": remote_id,
                        **values,
                    }
                )
            for other in new[remote_id]:
                answers[other] = {"status": "stale", "remote_id": record.id}
            answers[position] = made
        Binding.create(bind)
        return answers

    @api.model
    def _prm_remote_id(self, value):
        """A record id in a remote's answer, or False when it is not one."""
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31:
            return value
        return False

    @api.model
    def _prm_answered_id(self, answer):
        """The record id a remote's answer names, or UserError."""
        remote_id = self._prm_remote_id(answer.get("remote_id"))
        if not remote_id:
            raise UserError(
                self.env._(
                    "The remote answered %(value)s where the id of its record "
                    "was expected.",
                    value=repr(answer.get("remote_id"))[:40],
                )
            )
        return remote_id

    @api.model
    def _prm_id(self, payload, key, required=True):
        """A record id of the payload: a malformed message is refused (and
        fails alone) rather than failing its whole batch."""
        value = payload.get(key)
        if not value and not required:
            return False
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            raise UserError(
                self.env._(
                    "Sync message: %(key)s is missing or not a record id.", key=key
                )
            )
        return value

    # Field ownership ------------------------------------------------------------------

    @api.model
    def _prm_write_owned(
        self, connection, record, values, binding, wire, owned_here=()
    ):
        """Write a remote's values on `record`, bound by `binding`, with the
        field owner's rule (see `_prm_resolve_conflicts`)."""
        values = self._prm_resolve_conflicts(
            connection, record, values, binding, wire, owned_here
        )
        record.write(values)
        self._prm_remember(binding, record, values)
        return values

    @api.model
    def _prm_resolve_conflicts(
        self, connection, record, values, binding, wire, owned_here=()
    ):
        """The values of a remote to write on `record`, bound by `binding`.

        The remote owns these fields but those in `owned_here`: a field
        changed here since the remote's last update (see `_prm_remember`),
        to another value than the remote's, loses and the losing value is
        logged (`prm.sync.conflict`). A field in `owned_here` keeps its value
        when the remote's differs: the remote's value is dropped and logged.
        """
        last = (binding.synced_values or {}) if binding else {}
        conflicts = []
        values = dict(values)
        for name, value in list(values.items()):
            current = self._prm_comparable(record, name)
            remote = self._prm_normal(value)
            if current == remote:
                continue
            if name in owned_here:
                del values[name]
                winner = "local"
            elif name in last and current != last[name]:
                winner = "remote"
            else:
                continue
            conflicts.append(
                {
                    "connection_id": connection.id,
                    "res_model": record._name,
                    "res_id": record.id,
                    "field_name": name,
                    "local_value": str(current),
                    "remote_value": str(remote),
                    "winner": winner,
                    "message_uuid": wire["uuid"],
                }
            )
        if conflicts:
            self.env["prm.sync.conflict"].sudo().create(conflicts)
            _logger.info(
                "Sync: %s conflicting change(s) on %s,%s from %s",
                len(conflicts),
                record._name,
                record.id,
                connection.display_name,
            )
        return values

    @api.model
    def _prm_remember(self, binding, record, names):
        """Remember the values of `names` written from the remote."""
        if binding:
            binding.synced_values = {
                **(binding.synced_values or {}),
                **{name: self._prm_comparable(record, name) for name in names},
            }

    @api.model
    def _prm_comparable(self, record, name):
        """A field's value on `record` as JSON, to compare with a remote's."""
        field = record._fields[name]
        value = record[name]
        if field.type == "many2one":
            return value.id or False
        if field.type in ("one2many", "many2many"):
            return sorted(value.ids)
        return self._prm_normal(value)

    @api.model
    def _prm_normal(self, value):
        if isinstance(value, float):
            return round(value, 6)
        if isinstance(value, datetime):
            return fields.Datetime.to_string(value)
        if isinstance(value, date):
            return fields.Date.to_string(value)
        if isinstance(value, models.BaseModel):
            return sorted(value.ids) if len(value) != 1 else value.id
        if value is None or value == "":
            return False
        return value
