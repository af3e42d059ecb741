# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from itertools import groupby
from operator import itemgetter

from odoo import api, models
from odoo.exceptions import AccessError, UserError

# Raised when the messages exchanged between databases change incompatibly.
SYNC_PROTOCOL_VERSION = 1


class PrmSyncApi(models.AbstractModel):
    """Entry points that a connected database calls over RPC."""

    _name = "prm.sync.api"
    _description = "Partner Relationship Sync API"

    @api.model
    def prm_sync_info(self):
        """What a remote needs to know to decide whether it can talk to us."""
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
            "company": self.env.company.name,
        }

    @api.model
    def prm_sync_receive(self, messages):
        """Apply a batch of messages from the caller's database, each once.

        :param messages: [{"uuid", "kind", "version", "payload"}], oldest first
        :return: {uuid: answer}, where answer["status"] is done, duplicate
            (applied before: the first answer), stale (a newer version was
            applied: discarded) or error (refused, with its "message")
        """
        connection = self._prm_caller_connection()
        self._prm_check_wires(messages)
        kinds = self.env["prm.sync.flow"]._prm_all_kinds()
        Inbox = self.env["prm.sync.inbox"]
        answers = {}
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

    def _prm_check_wires(self, messages):
        """Refuse the whole batch, before applying any of it, when a message
        is not shaped as the protocol says."""
        shape = {"uuid": str, "kind": str, "version": int, "payload": dict}
        if not isinstance(messages, list):
            raise UserError(self.env._("Sync messages: expected a list."))
        for position, wire in enumerate(messages, start=1):
            wrong = [
                key
                for key, kind in shape.items()
                if not isinstance(wire, dict) or not isinstance(wire.get(key), kind)
            ]
            if wrong:
                raise UserError(
                    self.env._(
                        "Sync message %(position)s: %(fields)s missing or of the "
                        "wrong type.",
                        position=position,
                        fields=", ".join(wrong),
                    )
                )

    def _prm_caller_connection(self):
        """The connection of the database calling: the caller is the
        integration user authorised for it, a contact of the company the
        connection stands for."""
        user = self.env.user
        connection = self.env["prm.sync.connection"]
        if user.has_group("partner_relationship_sync.group_prm_sync_integration"):
            connection = connection.sudo().search(
                [("partner_id", "=", user.commercial_partner_id.id)], limit=1
            )
        if not connection:
            raise AccessError(
                self.env._(
                    "%(user)s is not the integration user of a connected database.",
                    user=user.login,
                )
            )
        return connection
