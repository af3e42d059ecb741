# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An administrator cancels outbox messages while their sending job runs:
two transactions, as in production (the job's and the administrator's), on
committed messages. The moment of each step is set by the adapter's call
(the job is calling the remote) or by the job's read of its batch, not by a
clock."""

from contextlib import contextmanager
from datetime import timedelta
from unittest.mock import patch

from psycopg2 import errorcodes
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..adapters.xmlrpc import RemoteOdoo
from ..models.prm_sync_connection import PrmSyncConnection
from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestOutboxConcurrency(TransactionCase):
    def setUp(self):
        super().setUp()
        self.admin_uid = self.env.ref("base.user_admin").id
        with self._transaction() as env:
            partner = env["res.partner"].create(
                {"name": "Concurrency Partner", "is_company": True}
            )
            connection = unreachable_connection(env, partner, "partner")
            lead = env["crm.lead"].create({"name": "Concurrency lead"})
            values = {
                "connection_id": connection.id,
                "kind": "lead_recall",
                "res_model": "crm.lead",
                "res_id": lead.id,
                "payload": {"lead_id": lead.id},
            }
            sent, waiting = env["prm.sync.message"].create(
                [
                    values,
                    # Not due: not in the job's batch.
                    {
                        **values,
                        "next_try": fields.Datetime.now() + timedelta(days=1),
                    },
                ]
            )
        self.ids = {
            "partner": partner.id,
            "connection": connection.id,
            "lead": lead.id,
            "sent": sent.id,
            "waiting": waiting.id,
        }
        self.addCleanup(self._remove)
        self.received = []

    @contextmanager
    def _transaction(self, uid=SUPERUSER_ID):
        """A transaction of its own, as another worker's: committed at the
        end of the block, rolled back on an exception."""
        with self.registry.cursor() as cr:
            yield api.Environment(cr, uid, {})

    def _remove(self):
        with self._transaction() as env:
            env["prm.sync.connection"].browse(self.ids["connection"]).unlink()
            env["crm.lead"].browse(self.ids["lead"]).unlink()
            env["res.partner"].browse(self.ids["partner"]).unlink()

    def _uuid(self, name):
        with self._transaction() as env:
            return env["prm.sync.message"].browse(self.ids[name]).uuid

    def _states(self):
        with self._transaction() as env:
            Message = env["prm.sync.message"]
            return {
                name: Message.browse(self.ids[name]).state
                for name in ("sent", "waiting")
            }

    def _job(self, during_call=None, before_lock=None):
        """Run the connection's sending job in a transaction of its own,
        against a remote that applies every message (`during_call` runs
        while the job calls it; `before_lock` once the job has read its
        batch). What the remote received is in `self.received`."""

        def execute(remote, model, method, wires):
            if during_call:
                during_call()
            self.received.extend(wire["uuid"] for wire in wires)
            return {wire["uuid"]: {"status": "done"} for wire in wires}

        within = PrmSyncConnection._prm_within_call_size

        def read_batch(connection, messages):
            if before_lock:
                before_lock()
            return within(connection, messages)

        with (
            patch.object(RemoteOdoo, "execute", execute),
            patch.object(PrmSyncConnection, "_prm_within_call_size", read_batch),
            self._transaction() as env,
        ):
            env["prm.sync.connection"].browse(
                self.ids["connection"]
            )._prm_send_pending()

    def _cancel(self, name):
        """An administrator cancels a message, in a transaction of theirs."""
        with self._transaction(self.admin_uid) as env:
            env["prm.sync.message"].browse(self.ids[name]).action_cancel()

    def test_a_message_being_sent_is_not_cancelled_under_the_job(self):
        """While the job calls the remote with a message, the administrator's
        Cancel is refused (the remote may be applying it): once the job is
        done, the message is what happened to it, done, not cancelled nor
        pending again. A message the job is not sending is cancelled
        meanwhile, and stays so."""
        refusals = []

        def during_call():
            with self.assertRaises(UserError) as refused:
                self._cancel("sent")
            refusals.append(str(refused.exception))
            self._cancel("waiting")

        self._job(during_call=during_call)
        self.assertEqual(self.received, [self._uuid("sent")])
        self.assertEqual(self._states(), {"sent": "done", "waiting": "cancelled"})
        self.assertIn("being sent", refusals[0])
        # Once sent, Cancel leaves it done.
        self._cancel("sent")
        self.assertEqual(self._states()["sent"], "done")

    def test_a_message_cancelled_as_the_job_reads_it_is_not_sent(self):
        """The administrator's Cancel is committed after the job read the
        message as pending, before it took it for sending: the job stops
        before calling the remote (a serialization failure, which queue_job
        retries), and its next run sends nothing: the message stays
        cancelled, and the remote never had it."""
        with (
            mute_logger("odoo.sql_db"),  # the failed query, expected here
            self.assertRaises(SerializationFailure) as failure,
        ):
            self._job(before_lock=lambda: self._cancel("sent"))
        self.assertEqual(failure.exception.pgcode, errorcodes.SERIALIZATION_FAILURE)
        self._job()  # queue_job's retry
        self.assertEqual(self.received, [], "never sent")
        self.assertEqual(self._states(), {"sent": "cancelled", "waiting": "pending"})

    def test_a_message_waiting_for_the_backoff_goes_with_the_remote_back(self):
        """The remote answers again after an outage: the job sends at once,
        in the same run, the messages that waited for its backoff. They are
        being sent as soon as the remote answers: Cancel is refused for
        them too during the call, rather than failing the job once the
        remote has applied its batch."""
        with self._transaction() as env:
            env["prm.sync.connection"].browse(self.ids["connection"]).write(
                {
                    "delivery_state": "unreachable",
                    "failure_count": 3,
                    "failing_since": fields.Datetime.now() - timedelta(hours=1),
                }
            )
        refusals = []

        def during_call():
            if not refusals:
                with self.assertRaises(UserError) as refused:
                    self._cancel("waiting")
                refusals.append(str(refused.exception))

        self._job(during_call=during_call)
        self.assertEqual(self.received, [self._uuid("sent"), self._uuid("waiting")])
        self.assertEqual(self._states(), {"sent": "done", "waiting": "done"})
