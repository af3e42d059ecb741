# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import uuid
from itertools import groupby
from operator import itemgetter

from odoo import api, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.partner_relationship.tools.roles import check_role

from .prm_sync_inbox import payload_hash

# Raised when the messages exchanged between databases change incompatibly
# (2: messages name their sender's own records; both sides upgrade together).
SYNC_PROTOCOL_VERSION = 2

# Limits of what a remote may send in one call (system parameters; the
# sender sends batches of 50 and at most 96 MiB, under the 128 MiB Odoo takes
# in one request; a fund claim with five 10 MB proofs weighs about 70 MB).
MESSAGES_PARAM = "partner_relationship_sync.max_messages_per_call"
MAX_MESSAGES = 500
BYTES_PARAM = "partner_relationship_sync.max_message_bytes"
MAX_BYTES = 96 * 1024 * 1024


class PrmSyncApi(models.AbstractModel):
    """Entry points that a connected database calls over RPC."""

    _name = "prm.sync.api"
    _description = "Partner Relationship Sync API"

    @api.model
    def prm_sync_info(self):
        """What a remote needs to know to decide whether it can talk to us;
        told to integration users only."""
        check_role(self, "prm_sync_info")
        module = (
            self.env["ir.module.module"]
            .sudo()
            .search([("name", "=", "partner_relationship_sync")], limit=1)
        )
        return {
            "protocol": SYNC_PROTOCOL_VERSION,
            "suite_version": module.latest_version or "",
            "database_uuid": self.env["ir.config_parameter"]
            .sudo()
            .get_param("database.uuid"),
            # The company the caller's connection exchanges with.
            "company": (
                self._prm_caller_connections()[:1].company_id or self.env.company
            ).name,
        }

    @api.model
    def prm_sync_receive(self, messages):
        """Apply a batch of messages from the caller's database, each once.

        :param messages: [{"uuid", "kind", "version", "payload"}], oldest first
        :return: {uuid: answer}, where answer["status"] is done, duplicate
            (applied before: the first answer), stale (a newer version was
            applied: discarded) or error (refused, with its "message")
        """
        check_role(self, "prm_sync_receive")
        self = self._prm_own_context()
        connection = self._prm_caller_connection()
        # Everything the messages make or change is the connection's company's.
        connection._prm_check_company_allowed(self.env.user)
        self = self.with_company(connection.company_id)
        connection = connection.with_company(connection.company_id)
        self._prm_check_batch(messages)
        answers = self._prm_refusals(messages)
        messages = self._prm_once_each(
            [wire for wire in messages if wire["uuid"] not in answers], answers
        )
        kinds = self.env["prm.sync.flow"]._prm_all_kinds()
        Inbox = self.env["prm.sync.inbox"]
        # Consecutive messages of a kind are applied together.
        for kind, group in groupby(messages, key=itemgetter("kind")):
            wires = list(group)
            if kind not in kinds:
                for wire in wires:
                    answers[wire["uuid"]] = {
                        "status": "error",
                        "message": self.env._(
                            "Unknown message kind %(kind)s.", kind=kind
                        ),
                    }
                continue
            flow, spec = kinds[kind]
            if not flow._prm_may_send(spec, connection, received=True):
                refusal = self.env._(
                    "%(label)s (%(kind)s) is sent by the %(side)s's database "
                    "only: refused from %(partner)s, which is a %(role)s of "
                    "this database. Nothing was applied.",
                    label=spec.label,
                    kind=kind,
                    side=self._prm_side_label(spec.sender),
                    partner=connection.partner_id.name,
                    role=self._prm_side_label(connection.remote_role),
                )
                for wire in wires:
                    answers[wire["uuid"]] = {"status": "error", "message": refusal}
                continue
            if not connection._prm_flow_enabled(flow._name):
                for wire in wires:
                    answers[wire["uuid"]] = {
                        "status": "error",
                        "message": self.env._(
                            "%(flow)s is not enabled on the connection of "
                            "%(partner)s in this database.",
                            flow=flow._description,
                            partner=connection.partner_id.name,
                        ),
                    }
                continue
            answers.update(
                Inbox._prm_receive_many(
                    connection,
                    wires,
                    getattr(flow, spec.method),
                    getattr(flow, f"{spec.method}_many", None),
                )
            )
        return answers

    def _prm_side_label(self, side):
        return {
            "vendor": self.env._("vendor"),
            "partner": self.env._("partner"),
        }[side]

    def _prm_check_batch(self, messages):
        """Refuse the whole batch, before applying any of it, when it cannot
        be answered message by message (no list, a message without an ID)."""
        if not isinstance(messages, list):
            raise UserError(self.env._("Sync messages: expected a list."))
        for position, wire in enumerate(messages, start=1):
            if not isinstance(wire, dict) or not isinstance(wire.get("uuid"), str):
                raise UserError(
                    self.env._(
                        "Sync message %(position)s: uuid missing or of the wrong type.",
                        position=position,
                    )
                )

    def _prm_limit(self, name, default):
        value = self.env["ir.config_parameter"].sudo().get_param(name, "")
        return int(value) if value.isdigit() and int(value) > 0 else default

    def _prm_refusals(self, messages):
        """{uuid: refusal} of the messages refused on their own, before
        anything is applied: over the number of messages per call or the size
        of a message, a message ID that is not a UUID, a key missing or of
        the wrong type. The others are applied."""
        per_call = self._prm_limit(MESSAGES_PARAM, MAX_MESSAGES)
        max_bytes = self._prm_limit(BYTES_PARAM, MAX_BYTES)
        shape = {"kind": str, "version": int, "payload": dict}
        refusals = {}
        for position, wire in enumerate(messages, start=1):
            wrong = [
                key
                for key, kind in shape.items()
                if not isinstance(wire.get(key), kind)
                or isinstance(wire.get(key), bool)
            ]
            if position > per_call:
                refusal = self.env._(
                    "Over the limit of %(limit)s messages per call: refused, "
                    "send it in another call.",
                    limit=per_call,
                )
            elif not self._prm_is_uuid(wire["uuid"]):
                refusal = self.env._(
                    "Message ID %(uuid)s is not a UUID.", uuid=wire["uuid"][:64]
                )
            elif wrong:
                refusal = self.env._(
                    "Sync message %(position)s: %(fields)s missing or of the "
                    "wrong type.",
                    position=position,
                    fields=", ".join(wrong),
                )
            elif (size := self._prm_size(wire["payload"])) > max_bytes:
                refusal = self.env._(
                    "Message of %(size)s bytes, over the limit of %(limit)s "
                    "bytes per message: refused.",
                    size=size,
                    limit=max_bytes,
                )
            else:
                continue
            refusals.setdefault(wire["uuid"], {"status": "error", "message": refusal})
        return refusals

    @staticmethod
    def _prm_size(payload):
        """The payload's size as JSON; too deep to measure counts as too big."""
        try:
            return len(json.dumps(payload, default=str))
        except (RecursionError, ValueError, OverflowError):
            return float("inf")

    @staticmethod
    def _prm_is_uuid(value):
        try:
            return str(uuid.UUID(value)) == value.lower()
        except ValueError:
            return False

    def _prm_once_each(self, messages, answers):
        """The messages with each ID once: a repeat in the batch is applied
        once (its answer is the first's); the same ID with another content
        is refused, every copy of it (`answers` gets the refusal)."""
        first_of, conflicts = {}, set()
        for wire in messages:
            first = first_of.setdefault(wire["uuid"], wire)
            if first is not wire and payload_hash(first) != payload_hash(wire):
                conflicts.add(wire["uuid"])
        for message_id in conflicts:
            answers[message_id] = {
                "status": "error",
                "message": self.env._(
                    "Message %(uuid)s is twice in the batch with different "
                    "contents: refused as a conflict.",
                    uuid=message_id,
                ),
            }
        return [
            wire for message_id, wire in first_of.items() if message_id not in conflicts
        ]

    def _prm_own_context(self):
        """The caller's context is not ours to take: only its language and
        time zone are kept (a remote passing active_test or tracking_disable
        would otherwise reach archived connections or apply untracked)."""
        context = self.env.context
        kept = {key: context[key] for key in ("lang", "tz") if key in context}
        return self.with_env(self.env(context=kept))

    def _prm_is_integration_user(self):
        return self.env.user.has_group(
            "partner_relationship_sync.group_prm_sync_integration"
        )

    def _prm_refuse_caller(self):
        raise AccessError(
            self.env._(
                "%(user)s is not the integration user of a connected database.",
                user=self.env.user.login,
            )
        )

    def _prm_caller_connections(self):
        """The connections that may be the calling database's: the one whose
        integration user the caller is, else those standing for the caller's
        company without an integration user (as superuser)."""
        Connection = self.env["prm.sync.connection"].sudo()
        return Connection.search(
            [("integration_user_id", "=", self.env.uid)]
        ) or Connection.search(
            [
                ("partner_id", "=", self.env.user.commercial_partner_id.id),
                ("integration_user_id", "=", False),
            ]
        )

    def _prm_caller_connection(self):
        """The connection of the database calling: the one whose integration
        user the caller is; when no connection names it, the one connection
        standing for the caller's company (a company with several must name
        their integration users)."""
        if not self._prm_is_integration_user():
            self._prm_refuse_caller()
        connection = self._prm_caller_connections()
        if len(connection) > 1:
            raise AccessError(
                self.env._(
                    "Several connections stand for %(partner)s in this "
                    "database: set Their Integration User on the one "
                    "%(user)s calls for.",
                    partner=self.env.user.commercial_partner_id.name,
                    user=self.env.user.login,
                )
            )
        if not connection:
            self._prm_refuse_caller()
        return connection
