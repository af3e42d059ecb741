# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""An administrator cancels outbox messages while their sending job runs:
two transactions, as in production (the job's and the administrator's), on
committed messages. The moment of each step is set by the adapter's call
(the job is calling the remote) or by the job's read of its batch, not by a
clock."""

from contextlib import ExitStack, contextmanager
from datetime import timedelta
from unittest.mock import patch

from psycopg2 import errorcodes
from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, api, fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL, mute_logger

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

    def _remote_failing(self):
        """The remote failed before: the job is a probe, and "waiting"
        waits for the backoff."""
        with self._transaction() as env:
            env["prm.sync.connection"].browse(self.ids["connection"]).write(
                {
                    "delivery_state": "unreachable",
                    "failure_count": 3,
                    "failing_since": fields.Datetime.now() - timedelta(hours=1),
                }
            )

    def test_a_message_waiting_for_the_backoff_goes_with_the_remote_back(self):
        """The remote answers again after an outage: the job sends at once,
        in the same run, the messages that waited for its backoff. Cancel
        is refused for each message while the remote is called with it."""
        self._remote_failing()
        refusals = []

        def during_call():
            # The probe's message first, then the one that waited.
            with self.assertRaises(UserError) as refused:
                self._cancel("waiting" if self.received else "sent")
            refusals.append(str(refused.exception))

        self._job(during_call=during_call)
        self.assertEqual(self.received, [self._uuid("sent"), self._uuid("waiting")])
        self.assertEqual(self._states(), {"sent": "done", "waiting": "done"})
        self.assertEqual(len(refusals), 2)

    def test_a_probe_leaves_the_messages_waiting_for_the_backoff_alone(self):
        """While the job probes a failing remote, the messages waiting for
        its backoff are not being sent: an administrator cancels one
        (committed during the call), and the remote, answering again, does
        not get it; the probe's own message is refused as before."""
        self._remote_failing()
        refusals = []

        def during_call():
            if not refusals:
                with self.assertRaises(UserError) as refused:
                    self._cancel("sent")
                refusals.append(str(refused.exception))
                self._cancel("waiting")

        self._job(during_call=during_call)
        self.assertEqual(self.received, [self._uuid("sent")])
        self.assertEqual(self._states(), {"sent": "done", "waiting": "cancelled"})
        self.assertIn("being sent", refusals[0])

    def test_a_message_being_cancelled_as_the_probe_ends_is_not_sent(self):
        """The administrator's Cancel of a message waiting for the backoff
        is under way (not committed) when the remote answers the probe: the
        job does not wait for it and leaves the message out; committed, it
        stands."""
        self._remote_failing()
        cancelling = []  # the administrator's environment, until committed

        with ExitStack() as until_committed:

            def during_call():
                if not self.received:
                    env = until_committed.enter_context(
                        self._transaction(self.admin_uid)
                    )
                    cancelling.append(env)
                    env["prm.sync.message"].browse(self.ids["waiting"]).action_cancel()

            self._job(during_call=during_call)
        self.assertEqual(self.received, [self._uuid("sent")])
        self.assertEqual(self._states(), {"sent": "done", "waiting": "cancelled"})

    def test_the_give_up_leaves_a_message_being_sent(self):
        """The daily give-up meets a message a job is sending (locked until
        the remote's answer is recorded): it leaves it to the job, without
        waiting for it, and gives up the others; its next run gives up the
        one still pending."""
        with self._transaction() as env:
            Message = env["prm.sync.message"]
            too_old = Message._prm_delivery_window()[1] - timedelta(days=1)
            env.cr.execute(
                SQL(
                    "UPDATE prm_sync_message SET create_date = %s WHERE id IN %s",
                    too_old,
                    (self.ids["sent"], self.ids["waiting"]),
                )
            )
        with self._transaction() as sender:
            sender["prm.sync.message"].browse(self.ids["sent"])._prm_lock_to_send()
            with self._transaction() as cron:
                # Never reached with the fix (nothing waits): a wait for the
                # sender, in this one thread, fails instead of hanging.
                cron.cr.execute("SET LOCAL lock_timeout = '30s'")
                cron["prm.sync.message"]._prm_give_up()
        self.assertEqual(self._states(), {"sent": "pending", "waiting": "failed"})
        with self._transaction() as cron:
            cron["prm.sync.message"]._prm_give_up()
        self.assertEqual(self._states(), {"sent": "failed", "waiting": "failed"})
