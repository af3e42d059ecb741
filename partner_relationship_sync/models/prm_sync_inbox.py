# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import hashlib
import json
import logging
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError

from .prm_sync_flow import UnknownRecord

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
    OverflowError,
    RecursionError,
    # A database error of one message (a value out of range, a constraint,
    # an index row too large) fails that message only.
    psycopg2.DataError,
    psycopg2.IntegrityError,
    psycopg2.errors.ProgramLimitExceeded,
    psycopg2.ProgrammingError,
)

# Days an applied message's ID is kept; see `_cron_prune`.
RETENTION_PARAM = "partner_relationship_sync.retention_days"
RETENTION_DAYS = 90


def payload_hash(wire):
    """What identifies a message's content: the same ID with another
    content is a conflict, not a repeat."""
    content = json.dumps(
        [wire["kind"], wire["version"], wire["payload"]],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(content.encode()).hexdigest()


class PrmSyncInbox(models.Model):
    """The messages applied here, under a message ID unique per connection:
    a message delivered again gets the first answer and changes nothing; the
    same ID with another content is refused as a conflict."""

    _name = "prm.sync.inbox"
    _description = "Partner Relationship Sync Applied Message"
    _order = "id desc"

    uuid = fields.Char(string="Message ID", required=True, readonly=True)
    connection_id = fields.Many2one(
        "prm.sync.connection", required=True, ondelete="cascade", readonly=True
    )
    kind = fields.Char(readonly=True)
    payload_hash = fields.Char(readonly=True)
    result = fields.Json(readonly=True)

    _sql_constraints = [
        (
            "uuid_unique",
            "UNIQUE(connection_id, uuid)",
            "A message is applied once per connection.",
        ),
    ]

    @api.model
    def _prm_retention_days(self):
        # Two days at least: the sender gives up at half of it.
        days = self.env["prm.sync.api"]._prm_limit(RETENTION_PARAM, RETENTION_DAYS)
        return max(days, 2)

    @api.model
    def _cron_prune(self):
        """Forget the IDs of messages applied longer ago than the retention
        (`partner_relationship_sync.retention_days`, 90 by default): the
        sender gives up on a message well before (see
        `prm.sync.message._prm_give_up`), so none can come back after."""
        self.env["prm.sync.message"]._prm_give_up()
        limit = fields.Datetime.now() - timedelta(days=self._prm_retention_days())
        self.env.cr.execute(
            "DELETE FROM prm_sync_inbox WHERE create_date < %s", [limit]
        )
        _logger.info(
            "Sync inbox: %s applied message ID(s) forgotten", self.env.cr.rowcount
        )

    def _prm_answer_repeat(self, first, wire):
        """The answer to a message ID applied before: the first answer, or a
        conflict when the content differs."""
        if first.payload_hash and first.payload_hash != payload_hash(wire):
            return {
                "status": "error",
                "message": self.env._(
                    "Message %(uuid)s was applied before with another content: "
                    "refused as a conflict (a message ID names one change).",
                    uuid=wire["uuid"],
                ),
            }
        return {**(first.result or {}), "status": "duplicate"}

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
        cr.execute(
            """
            INSERT INTO prm_sync_inbox
                (uuid, payload_hash, connection_id, kind, create_uid, write_uid,
                 create_date, write_date)
            SELECT data.uuid, data.hash, %s, %s, %s, %s,
                   now() at time zone 'UTC', now() at time zone 'UTC'
              FROM unnest(%s::varchar[], %s::varchar[]) AS data(uuid, hash)
            ON CONFLICT (connection_id, uuid) DO NOTHING
            RETURNING id, uuid
            """,
            (
                connection.id,
                wires[0]["kind"],
                self.env.uid,
                self.env.uid,
                [wire["uuid"] for wire in wires],
                [payload_hash(wire) for wire in wires],
            ),
        )
        inbox_id_of = {uuid: inbox_id for inbox_id, uuid in cr.fetchall()}
        answers = {}
        repeated = {
            wire["uuid"]: wire for wire in wires if wire["uuid"] not in inbox_id_of
        }
        for first in self._prm_first_of(connection, repeated):
            answers[first.uuid] = self._prm_answer_repeat(first, repeated[first.uuid])
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

    def _prm_first_of(self, connection, uuids):
        """The inbox rows of `uuids` on the caller's connection only."""
        return self.sudo().search(
            [("connection_id", "=", connection.id), ("uuid", "in", list(uuids))]
        )

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
                        (uuid, payload_hash, connection_id, kind, create_uid,
                         write_uid, create_date, write_date)
                    VALUES (%s, %s, %s, %s, %s, %s, now() at time zone 'UTC',
                            now() at time zone 'UTC')
                    ON CONFLICT (connection_id, uuid) DO NOTHING
                    RETURNING id
                    """,
                    (
                        wire["uuid"],
                        payload_hash(wire),
                        connection.id,
                        wire["kind"],
                        self.env.uid,
                        self.env.uid,
                    ),
                )
                row = cr.fetchone()
                if not row:
                    first = self._prm_first_of(connection, [wire["uuid"]])
                    return self._prm_answer_repeat(first, wire)
                answer = handler(connection, wire) or {}
                answer.setdefault("status", "done")
                self.sudo().browse(row[0]).write({"result": answer})
                return answer
        except UnknownRecord as error:
            return {"status": "retry", "message": str(error)}
        except REFUSALS as error:
            _logger.info(
                "Sync message %s (%s) refused: %s", wire["uuid"], wire["kind"], error
            )
            return {"status": "error", "message": self._prm_refusal_text(error)}

    def _prm_refusal_text(self, error):
        """What the sender is told of a refusal: the checks' message (Odoo's
        access errors name no record to a user outside debug mode); of a
        database error, its code only (PostgreSQL's text may quote values of
        other records; it is in our log)."""
        kind = type(error).__name__
        if isinstance(error, psycopg2.Error):
            return self.env._(
                "Refused by the database here (error %(code)s); the details "
                "are in its log.",
                code=error.pgcode or kind,
            )
        if isinstance(error, UserError):
            return str(error)
        # (Formatted outside the call: babel evaluates the string arguments
        # of a translated call, f-strings included.)
        detail = f"{kind}: {str(error)[:200]}"
        return self.env._("Malformed message (%(error)s).", error=detail)
