# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Edge cases of the transport, with the adapter's answers simulated (the
real exchanges are tested between two databases in the repository's
tests/)."""

from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.tests import TransactionCase, new_test_user, tagged

from ..adapters.xmlrpc import (
    RemoteAuthenticationFailed,
    RemoteDatabaseMissing,
    RemoteOdoo,
    RemoteUnreachable,
    RemoteValidationError,
)
from ..models import prm_sync_connection as connection_module
from .common import unreachable_connection


@tagged("post_install", "-at_install")
class TestOutbox(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        partner = cls.env["res.partner"].create(
            {"name": "Outbox Partner", "is_company": True}
        )
        cls.connection = unreachable_connection(cls.env, partner, "partner")
        cls.lead = cls.env["crm.lead"].create({"name": "Outbox lead"})

    def _queue(self):
        return self.env["prm.sync.message"].create(
            {
                "connection_id": self.connection.id,
                "kind": "lead_recall",
                "res_model": "crm.lead",
                "res_id": self.lead.id,
                "payload": {"lead_id": self.lead.id},
            }
        )

    def _jobs(self):
        """The sending jobs of the connection waiting to run."""
        return self.env["queue.job"].search(
            [
                ("func_string", "like", f"prm.sync.connection({self.connection.id},)%"),
                ("state", "=", "pending"),
            ]
        )

    def _due(self):
        """The time of the next try has come (as when the job runs at it)."""
        self.env["prm.sync.message"].search(
            [("connection_id", "=", self.connection.id), ("next_try", "!=", False)]
        ).write({"next_try": fields.Datetime.now() - timedelta(seconds=1)})

    def _send(self, answer=None, error=None, retry=True):
        def execute(remote, model, method, messages):
            if error:
                raise error
            return answer(messages) if callable(answer) else answer

        self._due()
        with patch.object(RemoteOdoo, "execute", execute):
            return self.connection._prm_send_pending(retry=retry)

    def test_network_error_keeps_messages_pending_and_retries(self):
        message = self._queue()
        self._send(error=RemoteUnreachable("answered HTTP 502"))
        self._send(error=RemoteUnreachable("timed out"), retry=False)
        self.assertEqual(message.state, "pending")
        self.assertIn("timed out", message.last_error)
        self.assertEqual(message.attempts, 2)

    def test_failures_in_job_mode_are_recorded_where_an_administrator_looks(self):
        """Six runs of the sending job against a remote that refuses
        connections (a real closed port): each attempt is on the message and
        the connection (state, since when, failed attempts, next try), and
        the next run is scheduled after a growing backoff."""
        message = self._queue()
        for _run in range(6):
            self._jobs().write({"state": "done"})  # the runner took the job
            self._due()
            self.connection._prm_send_pending()
        self.assertEqual(message.state, "pending")
        self.assertEqual(message.attempts, 6)
        self.assertTrue(message.last_error)
        connection = self.connection
        self.assertEqual(connection.delivery_state, "unreachable")
        self.assertTrue(connection.failing_since)
        self.assertEqual(connection.failure_count, 6)
        self.assertEqual(connection.last_error, message.last_error)
        wait = (connection.next_attempt - connection.last_attempt).total_seconds()
        self.assertEqual(wait, 320, "10 s doubled five times")
        self.assertEqual(message.next_try, connection.next_attempt)
        self.assertTrue(connection.needs_attention)
        self.assertIn(
            connection,
            self.env["prm.sync.connection"].search([("needs_attention", "=", True)]),
        )
        (job,) = self._jobs()
        self.assertEqual(job.eta, connection.next_attempt, "one job, after the backoff")

    def test_backoff_grows_to_a_cap(self):
        waits = [self.connection._prm_backoff(n) for n in (1, 2, 3, 7, 8, 50)]
        self.assertEqual(waits, [10, 20, 40, 640, 900, 900])
        self.env["ir.config_parameter"].set_param(
            "partner_relationship_sync.max_backoff_seconds", "60"
        )
        self.assertEqual(self.connection._prm_backoff(8), 60)

    def test_one_alert_after_the_threshold_closed_when_the_remote_is_back(self):
        self.connection.user_id = new_test_user(
            self.env, login="prm_sync_responsible", groups="base.group_user"
        )
        self._queue()
        for _run in range(3):
            self._send(error=RemoteUnreachable("connection refused"))
        self.assertFalse(self.connection.activity_ids, "not before 30 minutes")
        self.connection.failing_since -= timedelta(minutes=31)
        for _run in range(3):
            self._send(error=RemoteUnreachable("connection refused"))
        alert = self.connection.activity_ids
        self.assertEqual(len(alert), 1, "one alert, not one per retry")
        self.assertEqual(alert.user_id, self.connection.user_id)
        self.assertIn("connection refused", str(alert.note))
        self._send(answer=lambda wires: {w["uuid"]: {"status": "done"} for w in wires})
        self.assertFalse(self.connection.activity_ids, "closed once delivered")
        self.assertEqual(self.connection.delivery_state, "ok")
        self.assertFalse(self.connection.failure_count)
        self.assertTrue(self.connection.last_success)
        self.assertFalse(self.connection.needs_attention)

    def test_send_now_tries_at_once_while_backed_off(self):
        message = self._queue()
        self._send(error=RemoteUnreachable("timed out"))
        self.connection.failure_count = 7
        self._send(error=RemoteUnreachable("timed out"))
        self.assertGreater(self.connection.next_attempt, self.connection.last_attempt)
        self._send(
            answer=lambda wires: {w["uuid"]: {"status": "done"} for w in wires},
            retry=False,
        )
        self.assertEqual(message.state, "done", "Send Now did not wait")

    def test_a_message_queued_while_backed_off_is_tried_within_a_minute(self):
        """The remote has been down for long (next attempt in 15 minutes); a
        new message is tried a minute after the last attempt, not held for
        the whole backoff."""
        now = fields.Datetime.now()
        self.connection.write(
            {
                "delivery_state": "unreachable",
                "failure_count": 12,
                "last_attempt": now - timedelta(minutes=5),
                "next_attempt": now + timedelta(minutes=10),
            }
        )
        self.connection._prm_schedule_send(eta=self.connection.next_attempt)
        self.env["prm.sync.message"]._prm_queue_many(
            self.connection, "lead_recall", [(self.lead, {"lead_id": 1})]
        )
        (job,) = self._jobs()
        self.assertLessEqual(job.eta, fields.Datetime.now(), "brought forward")

    def test_a_message_queued_while_the_job_is_handed_over_gets_a_job_after_it(
        self,
    ):
        """The job sending the connection's messages is handed to a worker
        (queue_job merges a new identical job into it, and it may look for
        messages before this one is committed): a message queued now is not
        left to wait for the next probe, another job follows, once."""
        self.connection._prm_schedule_send()
        (running,) = self._jobs()
        running.state = "enqueued"
        for _message in range(2):
            self.env["prm.sync.message"]._prm_queue_many(
                self.connection, "lead_recall", [(self.lead, {"lead_id": 1})]
            )
        (after,) = self._jobs()
        self.assertNotEqual(after, running)
        self.assertLessEqual(after.eta or fields.Datetime.now(), fields.Datetime.now())

    def test_refused_message_fails_with_the_remote_reason_then_retries(self):
        message = self._queue()
        self._send(
            answer=lambda wires: {
                wire["uuid"]: {"status": "error", "message": "Lead already recalled"}
                for wire in wires
            }
        )
        self.assertEqual(message.state, "failed")
        self.assertEqual(message.last_error, "Lead already recalled")
        message.action_retry()
        self.assertEqual(message.state, "pending")
        self._send(
            answer=lambda wires: {w["uuid"]: {"status": "duplicate"} for w in wires}
        )
        self.assertEqual(message.state, "done")

    def test_whole_call_refused_fails_the_batch_without_retry(self):
        first, second = self._queue(), self._queue()
        self._send(error=RemoteValidationError("protocol mismatch"))
        self.assertEqual((first | second).mapped("state"), ["failed", "failed"])

    def test_revoked_key_alerts_once_and_keeps_messages(self):
        message = self._queue()
        for _attempt in range(3):
            self._send(error=RemoteAuthenticationFailed("refused the login"))
        self.assertEqual(message.state, "pending")
        self.assertEqual(message.attempts, 3)
        self.assertEqual(self.connection.state, "failed")
        self.assertEqual(len(self.connection.activity_ids), 1, "one alert, not three")

    def test_messages_go_oldest_first_with_their_version(self):
        first, second = self._queue(), self._queue()
        sent = []

        def answer(wires):
            sent.extend(wires)
            return {wire["uuid"]: {"status": "done"} for wire in wires}

        self._send(answer=answer)
        self.assertEqual([w["uuid"] for w in sent], [first.uuid, second.uuid])
        self.assertLess(sent[0]["version"], sent[1]["version"])
        self.assertEqual(self.connection.message_count_done, 2)

    def test_timeout_after_some_batches_keeps_what_was_applied(self):
        messages = self._queue() | self._queue() | self._queue()
        calls = []

        def answer(wires):
            calls.append(len(wires))
            if len(calls) == 2:
                raise RemoteUnreachable("timed out")
            return {wire["uuid"]: {"status": "done"} for wire in wires}

        def execute(remote, model, method, wires):
            return answer(wires)

        jobs = self.env["queue.job"].search_count([])
        with (
            patch.object(RemoteOdoo, "execute", execute),
            patch(f"{connection_module.__name__}.BATCH_SIZE", 2),
        ):
            self.assertEqual(self.connection._prm_send_pending(), 2)
        self.assertEqual(messages.mapped("state"), ["done", "done", "pending"])
        self.assertEqual(
            self.env["queue.job"].search_count([]), jobs + 1, "the next job retries"
        )

    def test_a_database_queues_only_the_kinds_its_side_sends(self):
        """The vendor's database offers leads to a partner's; it never sends
        what only a partner sends (its progress on a lead), nor does a
        connection to a vendor carry the vendor's own kinds."""
        Message = self.env["prm.sync.message"]
        offer = Message._prm_queue_many(
            self.connection, "lead_offer", [(self.lead, {"lead_id": self.lead.id})]
        )
        self.assertEqual(offer.kind, "lead_offer")
        progress = Message._prm_queue_many(
            self.connection, "lead_progress", [(self.lead, {})]
        )
        self.assertFalse(progress)
        to_vendor = self.connection.copy(
            {"remote_role": "vendor", "remote_login": "sync-vendor"}
        )
        self.assertFalse(
            Message._prm_queue_many(to_vendor, "lead_offer", [(self.lead, {})])
        )
        self.assertTrue(
            Message._prm_queue_many(to_vendor, "lead_progress", [(self.lead, {})])
        )

    def test_every_kind_declares_the_side_that_sends_it(self):
        kinds = self.env["prm.sync.flow"]._prm_all_kinds()
        self.assertGreaterEqual(len(kinds), 29)
        for kind, (flow, spec) in kinds.items():
            self.assertIn(spec.sender, ("vendor", "partner", "both"), kind)
            self.assertTrue(hasattr(flow, spec.method), kind)

    def test_a_malformed_answer_fails_its_messages_not_the_send(self):
        """A remote answering nonsense (not a dict, an id that is not one)
        leaves the sender working: the messages concerned fail, visibly,
        the others are recorded."""
        Message = self.env["prm.sync.message"]
        other = self.env["crm.lead"].create({"name": "Outbox other lead"})
        offer, good = (
            Message._prm_queue_many(
                self.connection, "lead_offer", [(lead, {"lead_id": lead.id})]
            )
            for lead in (self.lead, other)
        )
        recall = self._queue()
        self._send(
            answer=lambda wires: {
                offer.uuid: {"status": "done", "remote_id": "not an id"},
                good.uuid: {"status": "done", "remote_id": 77},
                recall.uuid: "nonsense",
            }
        )
        self.assertEqual(recall.state, "failed")
        self.assertIn("did not answer", recall.last_error)
        self.assertEqual(offer.state, "failed")
        self.assertIn("where the id of its record was expected", offer.last_error)
        self.assertEqual(good.state, "done", "only the faulty answer fails")
        self.assertEqual(
            self.env["prm.sync.binding"]
            ._prm_find(self.connection, "crm.lead", 77)
            .res_id,
            other.id,
        )
        late = self._queue()
        self._send(answer=["not", "a", "dict"])
        self.assertEqual(late.state, "failed")
        self.assertIn("did not answer", late.last_error)

    def test_a_record_the_remote_does_not_know_yet_is_tried_again_then_fails(self):
        """The remote answers *retry* (its binding to our record is not
        committed yet): the message waits a minute and is tried again, a few
        times (whatever network failures came before), then fails with the
        remote's reason."""
        message = self._queue()
        message.attempts = 7  # the remote was unreachable seven times
        retry = {"status": "retry", "message": "Lead 7 of Outbox is not known here."}

        def answer(wires):
            return {w["uuid"]: retry for w in wires}

        self._send(answer=answer)
        self.assertEqual((message.state, message.attempts), ("pending", 8))
        wait = (message.next_try - fields.Datetime.now()).total_seconds()
        self.assertAlmostEqual(wait, 60, delta=5)
        for _try in range(4):
            self._send(answer=answer)
        self.assertEqual((message.state, message.unknown_count), ("failed", 5))
        self.assertIn("not known here", message.last_error)

    def test_a_renamed_remote_database_is_recorded_and_retried(self):
        message = self._queue()
        self._send(error=RemoteDatabaseMissing("no database named 'x'"))
        self.assertEqual(message.state, "pending")
        self.assertEqual(self.connection.delivery_state, "unreachable")
        self.assertEqual(len(self._jobs()), 1, "tried again after the backoff")

    def test_a_call_the_remote_refuses_shows_on_the_connection(self):
        message = self._queue()
        self._send(error=RemoteValidationError("HTTP 413"))
        self.assertEqual(message.state, "failed")
        self.assertEqual(self.connection.delivery_state, "refused")
        self.assertEqual(len(self.connection.activity_ids), 1)
        self.assertTrue(self.connection.needs_attention)

    def test_a_batch_stays_within_what_the_remote_takes_in_one_call(self):
        """Heavy messages (claims with their proofs) go in several calls."""
        heavy = [self._queue() for _n in range(3)]
        for message in heavy:
            message.sudo().write({"payload": {"proof": "x" * 1000}})
        calls = []

        def answer(wires):
            calls.append(len(wires))
            return {wire["uuid"]: {"status": "done"} for wire in wires}

        with patch(f"{connection_module.__name__}.CALL_BYTES", 2500):
            self._send(answer=answer)
        self.assertEqual(calls, [2, 1])
        self.assertEqual({m.state for m in heavy}, {"done"})
