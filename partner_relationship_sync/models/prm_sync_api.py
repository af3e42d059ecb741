# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError, UserError

# Raised when the messages exchanged between databases change incompatibly.
SYNC_PROTOCOL_VERSION = 1

# Message kind: (model, method) that applies it here.
HANDLERS = {
    "lead_offer": ("prm.sync.lead.flow", "_prm_apply_offer"),
    "lead_recall": ("prm.sync.lead.flow", "_prm_apply_recall"),
    "lead_answer": ("prm.sync.lead.flow", "_prm_apply_answer"),
    "lead_progress": ("prm.sync.lead.flow", "_prm_apply_progress"),
}


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
        Inbox = self.env["prm.sync.inbox"]
        answers = {}
        for wire in messages:
            model, method = HANDLERS.get(wire.get("kind"), (None, None))
            if not model:
                answers[wire["uuid"]] = {
                    "status": "error",
                    "message": self.env._(
                        "Unknown message kind %(kind)s.", kind=wire.get("kind")
                    ),
                }
                continue
            handler = getattr(self.env[model], method)
            answers[wire["uuid"]] = Inbox._prm_receive(connection, wire, handler)
        return answers

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
