# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A vendor fanning out to many partners: each connection sends in its own
queue_job channel, so that a dead or slow partner database holds one job
slot at most, and the sync channel's capacity is what all send at once.
Checked with queue_job's own runner code: its channels built from this
database as the runner builds them, and the jobs handed to it."""

import time
from collections import Counter
from unittest.mock import patch

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.queue_job.jobrunner.channels import ChannelManager
from odoo.addons.queue_job.jobrunner.runner import Database, QueueJobRunner

from ..adapters.xmlrpc import RemoteOdoo, RemoteUnreachable
from .common import unreachable_connection

# Jobs the server's job runner may run at once, in all (its max_capacity).
SERVER_SLOTS = 10
SYNC_SLOTS = 3
# The channels in a configuration file instead (readme/CONFIGURE.md).
FILE_CHANNELS = (
    "root:5,root.prm_sync:4:capacity_default=1,"
    "root.prm_sync.prm_sync:capacity_default=1,root.prm_sync_failing:1"
)


@tagged("post_install", "-at_install")
class TestJobChannels(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.connections = cls.env["prm.sync.connection"]
        for number in range(4):
            partner = cls.env["res.partner"].create(
                {"name": f"Fan-out Partner {number}", "is_company": True}
            )
            cls.connections |= unreachable_connection(cls.env, partner, "partner")
        cls.lead = cls.env["crm.lead"].create({"name": "Fan-out lead"})
        cls.sync_channel = cls.env.ref(
            "partner_relationship_sync.queue_job_channel_sync"
        )
        cls.sync_channel.capacity = SYNC_SLOTS

    def _queue(self, connection):
        self.env["prm.sync.message"]._prm_queue_many(
            connection, "lead_recall", [(self.lead, {"lead_id": self.lead.id})]
        )

    def _jobs(self, connection):
        return self.env["queue.job"].search(
            [
                ("func_string", "like", f"prm.sync.connection({connection.id},)%"),
                ("state", "=", "pending"),
            ]
        )

    def _runner_channels(self):
        """queue_job's channel manager for this database, configured as its
        runner configures it (from the channel records, the configuration
        naming no channels), told of the pending jobs."""
        self.env.flush_all()
        runner = QueueJobRunner(
            channel_config_string="", max_capacity=SERVER_SLOTS, db_max_capacity=""
        )
        database = Database.__new__(Database)
        database.db_name = self.env.cr.dbname
        database.conn = self.env.cr._cnx  # this transaction's records
        database.has_channel_config_columns = True
        manager = runner._build_channel_manager(database)
        # The columns the runner reads (Database.select_jobs).
        self.env.cr.execute(
            SQL(
                "SELECT channel, uuid, id, date_created, priority, "
                "EXTRACT(EPOCH FROM eta), state FROM queue_job WHERE state = %s",
                "pending",
            )
        )
        for row in self.env.cr.fetchall():
            manager.notify(database.db_name, *row)
        return manager

    def test_each_connection_sends_in_its_own_channel_of_one_slot(self):
        first, second = self.connections[:2]
        for connection in (first, second):
            self._queue(connection)
        (first_job,) = self._jobs(first)
        (second_job,) = self._jobs(second)
        self.assertEqual(first_job.channel, first.job_channel_id.complete_name)
        self.assertEqual(second_job.channel, second.job_channel_id.complete_name)
        self.assertNotEqual(first_job.channel, second_job.channel)
        self.assertEqual(first.job_channel_id.parent_id, self.sync_channel)
        self.assertEqual(first.job_channel_id.capacity, 1)

    def test_the_runner_runs_one_job_per_connection_and_the_sync_total(self):
        """Two jobs of each of four connections waiting: the runner starts
        one of each connection, three in all (the sync channel's capacity),
        although the server could run ten."""
        for connection in self.connections:
            self._queue(connection)
            # A second job of the same connection (a Send Now, a job queued
            # while another is handed over: see _prm_schedule_send).
            connection._prm_send_job(f"second_{connection.id}", None)
            self.assertEqual(len(self._jobs(connection)), 2)
        started = list(self._runner_channels().get_jobs_to_run(time.time()))
        by_channel = Counter(job.channel.fullname for job in started)
        self.assertEqual(len(started), SYNC_SLOTS)
        self.assertEqual(set(by_channel.values()), {1}, by_channel)
        self.assertTrue(
            set(by_channel)
            <= set(self.connections.job_channel_id.mapped("complete_name"))
        )

    def test_an_unreachable_remote_waits_its_backoff_holding_no_slot(self):
        """A dead partner's first try fails (timed out): its next try waits
        in the failing connections' channel, at its backoff, holding no
        slot; the other connections are all started meanwhile."""
        dead, *others = self.connections
        self._queue(dead)
        (first,) = self._jobs(dead)
        first.state = "started"  # by the runner, and it times out:
        with patch.object(
            RemoteOdoo,
            "execute",
            side_effect=RemoteUnreachable("timed out"),
            autospec=True,
        ):
            dead._prm_send_pending()
        self.assertEqual(dead.delivery_state, "unreachable")
        (retry,) = self._jobs(dead)
        failing = self.env.ref(
            "partner_relationship_sync.queue_job_channel_sync_failing"
        )
        self.assertEqual(retry.channel, failing.complete_name)
        self.assertEqual(retry.eta, dead.next_attempt)
        for connection in others:
            self._queue(connection)
        manager = self._runner_channels()
        started = list(manager.get_jobs_to_run(time.time()))
        self.assertEqual(
            sorted(job.channel.fullname for job in started),
            sorted(c.job_channel_id.complete_name for c in others),
        )
        # Its time come, it is started although the sync channel is full:
        # its slot is the failing channel's.
        self.assertEqual(
            [job.uuid for job in manager.get_jobs_to_run(retry.eta.timestamp() + 1)],
            [retry.uuid],
        )

    def test_a_remote_answering_again_sends_in_its_own_channel(self):
        connection = self.connections[0]
        connection.delivery_state = "unreachable"
        self._queue(connection)
        (job,) = self._jobs(connection)
        self.assertEqual(job.channel, "root.prm_sync_failing")
        connection.delivery_state = "ok"
        self._queue(connection)
        self.assertEqual(job.channel, connection.job_channel_id.complete_name)

    def test_a_deleted_connection_takes_its_channel_along(self):
        connection = self.connections[0]
        channel = connection.job_channel_id
        connection.unlink()
        self.assertFalse(channel.exists())

    def test_the_documented_configuration_file_gives_the_same_slots(self):
        """queue_job's runner files a job channel it does not know,
        root.prm_sync.connection_7, under root.prm_sync.prm_sync: the
        configuration documented for a file gives each connection one slot
        and the sync channel its total, as the records do."""
        manager = ChannelManager()
        manager.simple_configure(FILE_CHANNELS)
        for connection in self.connections:
            self._queue(connection)
            connection._prm_send_job(f"second_{connection.id}", None)
        self.env.flush_all()
        for job in self.env["queue.job"].search([("state", "=", "pending")]):
            manager.notify(
                self.env.cr.dbname,
                job.channel,
                job.uuid,
                job.id,
                job.date_created,
                job.priority,
                None,
                "pending",
            )
        started = list(manager.get_jobs_to_run(time.time()))
        self.assertEqual(len(started), 4, "the sync channel's 4")
        self.assertEqual(
            sorted(job.uuid for job in started),
            sorted(
                self._jobs(connection).sorted("id")[0].uuid
                for connection in self.connections
            ),
            "the first job of each connection",
        )
