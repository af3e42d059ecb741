# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import json
import logging

import psycopg2

from odoo import fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError

_logger = logging.getLogger(__name__)

# What the remote's validation errors look like to us, and a malformed
# message (a key missing, a value of the wrong type): refused, that message
# alone. Anything else (a bug, a lost connection to PostgreSQL) fails the
# whole call and is retried.
REFUSALS = (
    UserError,
    ValidationError,
    AccessError,
    MissingError,
    KeyError,
    TypeError,
    ValueError,
    IndexError,
    AttributeError,
    psycopg2.DataError,
)


class PrmSyncInbox(models.Model):
    """The messages applied here, under a UNIQUE message ID: a message
    delivered again gets the first answer and changes nothing."""

    _name = "prm.sync.inbox"
    _description = "Partner Relationship Sync Applied Message"
    _order = "id desc"

    uuid = fields.Char(string="Message ID", required=True, readonly=True)
    connection_id = fields.Many2one(
        "prm.sync.connection", index=True, ondelete="set null", readonly=True
    )
    kind = fields.Char(readonly=True)
    result = fields.Json(readonly=True)

    _sql_constraints = [
        ("uuid_unique", "UNIQUE(uuid)", "A message is applied once."),
    ]

    def _prm_receive_many(self, connection, wires, apply_one, apply_many=None):
        """Apply messages of one kind, each once; {uuid: answer}.

        With `apply_many`, the new messages are applied together; if that is
        refused, nothing of it stays and they are applied one at a time, so
        that only the faulty ones fail."""
        if apply_many and len(wires) > 1:
            try:
                with self.env.cr.savepoint():
                    return self._prm_apply_together(connection, wires, apply_many)
            except REFUSALS as error:
                _logger.info(
                    "Sync batch of %s refused (%s): applying one at a time",
                    len(wires),
                    error,
                )
        return {
            wire["uuid"]: self._prm_receive(connection, wire, apply_one)
            for wire in wires
        }

    def _prm_apply_together(self, connection, wires, apply_many):
        cr = self.env.cr
        wires = list({wire["uuid"]: wire for wire in wires}.values())
        cr.execute(
            """
            INSERT INTO prm_sync_inbox
                (uuid, connection_id, kind, create_uid, write_uid,
                 create_date, write_date)
            SELECT uuid, %s, %s, %s, %s, now() at time zone 'UTC',
                   now() at time zone 'UTC'
              FROM unnest(%s::varchar[]) AS uuid
            ON CONFLICT (uuid) DO NOTHING
            RETURNING id, uuid
            """,
            (
                connection.id,
                wires[0]["kind"],
                self.env.uid,
                self.env.uid,
                [wire["uuid"] for wire in wires],
            ),
        )
        inbox_id_of = {uuid: inbox_id for inbox_id, uuid in cr.fetchall()}
        answers = {}
        repeated = [wire["uuid"] for wire in wires if wire["uuid"] not in inbox_id_of]
        for first in self.sudo().search([("uuid", "in", repeated)]):
            answers[first.uuid] = {**(first.result or {}), "status": "duplicate"}
        new = [wire for wire in wires if wire["uuid"] in inbox_id_of]
        if new:
            for wire, answer in zip(new, apply_many(connection, new), strict=True):
                answer = answer or {}
                answer.setdefault("status", "done")
                answers[wire["uuid"]] = answer
            cr.execute(
                """
                UPDATE prm_sync_inbox
                   SET result = data.result::jsonb
                  FROM unnest(%s::int[], %s::text[]) AS data(id, result)
                 WHERE prm_sync_inbox.id = data.id
                """,
                (
                    [inbox_id_of[wire["uuid"]] for wire in new],
                    [json.dumps(answers[wire["uuid"]]) for wire in new],
                ),
            )
        return answers

    def _prm_receive(self, connection, wire, handler):
        """Apply one message once; return the answer for the sender.

        The message ID is inserted first: a concurrent delivery of the same
        message waits on it, and then reads the first delivery's answer (or
        is retried by the RPC layer on a serialization failure). A refused
        message leaves no trace, so that it can be sent again once fixed.
        """
        cr = self.env.cr
        try:
            with cr.savepoint():
                cr.execute(
                    """
                    INSERT INTO prm_sync_inbox
                        (uuid, connection_id, kind, create_uid, write_uid,
                         create_date, write_date)
                    VALUES (%s, %s, %s, %s, %s, now() at time zone 'UTC',
                            now() at time zone 'UTC')
                    ON CONFLICT (uuid) DO NOTHING
                    RETURNING id
                    """,
                    (
                        wire["uuid"],
                        connection.id,
                        wire["kind"],
                        self.env.uid,
                        self.env.uid,
                    ),
                )
                row = cr.fetchone()
                if not row:
                    first = self.sudo().search([("uuid", "=", wire["uuid"])])
                    return {**(first.result or {}), "status": "duplicate"}
                answer = handler(connection, wire) or {}
                answer.setdefault("status", "done")
                self.sudo().browse(row[0]).write({"result": answer})
                return answer
        except REFUSALS as error:
            _logger.info(
                "Sync message %s (%s) refused: %s", wire["uuid"], wire["kind"], error
            )
            if not isinstance(error, UserError):
                error = self.env._(
                    "Malformed message (%(error)s).",
                    error=f"{type(error).__name__}: {error}",
                )
            return {"status": "error", "message": str(error)}
