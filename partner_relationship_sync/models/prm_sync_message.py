# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import uuid
from collections import defaultdict
from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.partner_relationship.tools.roles import check_role

from .prm_sync_inbox import REFUSALS

_logger = logging.getLogger(__name__)


class PrmSyncMessage(models.Model):
    """The outbox: a change to send to a connected database, recorded in the
    transaction of the change and sent after commit by a job.

    Its UUID makes the remote apply it once however often it is delivered;
    its id is the version of the record's state it carries (later messages
    about a record supersede earlier ones)."""

    _name = "prm.sync.message"
    _description = "Partner Relationship Sync Message"
    _order = "id desc"

    connection_id = fields.Many2one(
        "prm.sync.connection", required=True, index=True, ondelete="cascade"
    )
    uuid = fields.Char(
        string="Message ID",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: str(uuid.uuid4()),
    )
    kind = fields.Selection("_prm_kind_selection", required=True, readonly=True)
    res_model = fields.Char(string="Model", readonly=True)
    res_id = fields.Integer(string="Record", readonly=True)
    payload = fields.Json(readonly=True)
    state = fields.Selection(
        [
            ("pending", "Pending"),
            ("done", "Done"),
            ("failed", "Failed"),
            ("cancelled", "Cancelled"),
        ],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    attempts = fields.Integer(readonly=True)
    unknown_count = fields.Integer(
        string="Answers Not Known Yet",
        readonly=True,
        help="Times the remote answered that it does not know yet the record "
        "this message is about; failed after a few.",
    )
    last_error = fields.Text(readonly=True)
    next_try = fields.Datetime(readonly=True)
    date_done = fields.Datetime(readonly=True)
    result = fields.Json(readonly=True)

    _sql_constraints = [
        ("uuid_unique", "UNIQUE(uuid)", "A message ID is sent once."),
    ]

    @api.model
    def _prm_queue_many(self, connection, kind, changes):
        """Record changes [(record, payload)] to send through one connection,
        in one write, with one job to send them. Nothing is recorded when the
        connection does not exchange the kind's flow."""
        flow, spec = self.env["prm.sync.flow"]._prm_all_kinds()[kind]
        if not flow._prm_may_send(spec, connection, received=False):
            _logger.warning(
                "Sync: %s is not sent to %s: the %s's database does not send it",
                kind,
                connection.display_name,
                connection.remote_role,
            )
            return self
        if not connection._prm_flow_enabled(flow._name):
            return self
        changes = self._prm_of_company(connection, kind, changes)
        messages = self.create(
            [
                {
                    "connection_id": connection.id,
                    "kind": kind,
                    "res_model": record._name,
                    "res_id": record.id,
                    "payload": payload,
                }
                for record, payload in changes
            ]
        )
        if messages:
            connection._prm_schedule_send()
        return messages

    @api.model
    def _prm_of_company(self, connection, kind, changes):
        """The `changes` about records of the connection's company (or of
        none): a record of another company is never sent to it."""
        ids_of = defaultdict(list)
        for record, _payload in changes:
            ids_of[record._name].extend(record.ids)
        kept = {
            (model, record.id)
            for model, ids in ids_of.items()
            for record in connection._prm_in_company(self.env[model].browse(ids))
        }
        allowed = [
            (record, payload)
            for record, payload in changes
            if not record or (record._name, record.id) in kept
        ]
        if len(allowed) < len(changes):
            _logger.warning(
                "Sync: %s change(s) of %s not sent to %s: of another company than %s",
                len(changes) - len(allowed),
                kind,
                connection.display_name,
                connection.company_id.name,
            )
        return allowed

    @api.model
    def _prm_last_of(self, records, kinds):
        """{record id: its last message of one of `kinds`} about `records`
        (cancelled ones aside)."""
        groups = self._read_group(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("kind", "in", list(kinds)),
                ("state", "!=", "cancelled"),
            ],
            ["res_id"],
            ["id:max"],
        )
        return {
            message.res_id: message
            for message in self.browse([last for _res_id, last in groups])
        }

    @api.model
    def _prm_cancel_unsent(self, records, kind, states=("pending", "failed")):
        """Cancel the messages of `kind` about `records` that did not go
        through (e.g. a refused submission, before sending it again)."""
        self.search(
            [
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
                ("kind", "=", kind),
                ("state", "in", list(states)),
            ]
        ).action_cancel()

    def _prm_wire(self):
        """What travels: the payload with the message's identity and version."""
        self.ensure_one()
        return {
            "uuid": self.uuid,
            "kind": self.kind,
            "version": self.id,
            "payload": self.payload,
        }

    @api.model
    def _prm_kind_selection(self):
        kinds = self.env["prm.sync.flow"]._prm_all_kinds()
        return [(kind, spec.label) for kind, (_flow, spec) in kinds.items()]

    def _prm_on_done(self, answer_of):
        """The remote applied these messages ({message: answer}): each
        kind's flow records the outcome."""
        kinds = self.env["prm.sync.flow"]._prm_all_kinds()
        for kind, messages in self.grouped("kind").items():
            if kind not in kinds:
                continue
            # An answer we cannot record (malformed, or naming what it should
            # not) fails its messages, visibly, instead of the whole send,
            # which would resend them for ever.
            flow = kinds[kind][0]
            try:
                with self.env.cr.savepoint():
                    flow._prm_sent_many(messages, answer_of)
                continue
            except REFUSALS as error:
                _logger.info("Sync: answers to %s one at a time (%s)", kind, error)
            for message in messages:  # only the faulty answers fail
                try:
                    with self.env.cr.savepoint():
                        flow._prm_sent_many(message, answer_of)
                except REFUSALS as error:
                    _logger.warning(
                        "Sync: answer to %s %s not recorded: %s",
                        kind,
                        message.uuid,
                        error,
                    )
                    message.write(
                        {
                            "state": "failed",
                            "last_error": self.env._(
                                "Applied by the remote, but its answer could not "
                                "be recorded here: %(error)s",
                                error=error,
                            ),
                        }
                    )

    @api.model
    def _prm_delivery_window(self):
        """(days, since when) a message may still be delivered: half the
        retention of message IDs (`partner_relationship_sync.retention_days`);
        after the retention, the remote could apply it twice."""
        days = self.env["prm.sync.inbox"]._prm_retention_days() // 2
        return days, fields.Datetime.now() - timedelta(days=days)

    @api.model
    def _prm_give_up(self):
        """Stop sending the messages not delivered within the window."""
        days, limit = self._prm_delivery_window()
        old = self.search([("state", "=", "pending"), ("create_date", "<", limit)])
        # One a job is sending gets the remote's answer; the next run gives
        # it up if it is still pending then.
        old = old._prm_lock_unless_changed()
        old.write(
            {
                "state": "failed",
                "last_error": self.env._(
                    "Not delivered within %(days)s days: no longer sent. Make the "
                    "change again once the remote is back.",
                    days=days,
                ),
            }
        )
        return old

    def _prm_lock_to_send(self):
        """Hold these messages until the remote's answer about them is
        recorded (the end of the sending transaction): an administrator's
        Cancel or Retry is refused meanwhile (see `_prm_lock_to_change`),
        rather than overwritten by the answer or made while the remote
        applies them. Waits for a change of state being made; one committed
        since this transaction read the messages fails it (a serialization
        failure, retried by queue_job or Odoo) before anything is sent."""
        if self:
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM prm_sync_message WHERE id IN %s FOR NO KEY UPDATE",
                    tuple(self.ids),
                )
            )

    def _prm_lock_unless_changed(self):
        """Those of these messages this transaction takes, locked as
        `_prm_lock_to_send` does, without waiting: not those another
        transaction is changing or sending (locked), nor those one changed
        since this transaction read them (e.g. a Cancel committed meanwhile:
        their state is not the one read here). One query; one per message
        when one was changed since."""
        if not self:
            return self
        taken = self._prm_take(self.ids)
        if taken is None:
            # One was changed since: the others, one at a time.
            taken = [
                taken_id
                for message_id in self.ids
                for taken_id in self._prm_take([message_id]) or []
            ]
        return self.browse(taken)

    def _prm_take(self, ids):
        """The ids of `ids` locked now (not those locked elsewhere), or None
        when one of them was changed since this transaction began."""
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM prm_sync_message WHERE id IN %s "
                        "FOR NO KEY UPDATE SKIP LOCKED",
                        tuple(ids),
                    ),
                    log_exceptions=False,
                )
                return [message_id for (message_id,) in self.env.cr.fetchall()]
        except psycopg2.errors.SerializationFailure:
            return None

    def _prm_lock_to_change(self):
        """Take these messages for a change of state, or refuse it while a
        job is sending them: the remote may be applying them, and the job
        records its answer (done, failed, pending again) once it has it."""
        if not self:
            return
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM prm_sync_message WHERE id IN %s "
                        "FOR NO KEY UPDATE NOWAIT",
                        tuple(self.ids),
                    ),
                    log_exceptions=False,
                )
        except psycopg2.errors.LockNotAvailable:
            raise UserError(
                self.env._(
                    "Messages to %(connections)s are being sent right now, and "
                    "the remote database may be applying them: try again in a "
                    "moment, once its answer is recorded (see Sync Messages).",
                    connections=", ".join(self.sudo().connection_id.mapped("name")),
                )
            ) from None

    def action_retry(self):
        check_role(self, "action_retry")
        days, limit = self._prm_delivery_window()
        too_old = self.filtered(lambda m: m.create_date < limit)
        if too_old:
            raise UserError(
                self.env._(
                    "%(count)s message(s) are older than %(days)s days: the remote "
                    "may have forgotten them and would apply them again. Cancel "
                    "them and make the change again.",
                    count=len(too_old),
                    days=days,
                )
            )
        retried = self.filtered(lambda m: m.state in ("failed", "cancelled"))
        retried._prm_lock_to_change()
        retried.write({"state": "pending", "last_error": False, "next_try": False})
        for connection in self.connection_id:
            connection._prm_schedule_send()

    def action_cancel(self):
        check_role(self, "action_cancel")
        cancelled = self.filtered(lambda m: m.state in ("pending", "failed"))
        cancelled._prm_lock_to_change()
        cancelled.write({"state": "cancelled"})
