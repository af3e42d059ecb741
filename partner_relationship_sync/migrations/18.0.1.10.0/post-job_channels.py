# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Each connection sends in its own job channel (capacity 1) under the
    sync channel, whose subchannels default to capacity 1 (the channel's
    record is not updated by the data file)."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    sync = env.ref("partner_relationship_sync.queue_job_channel_sync")
    if not sync.capacity_default:
        sync.capacity_default = 1
    connections = env["prm.sync.connection"].with_context(active_test=False)
    connections.search([("job_channel_id", "=", False)])._prm_make_job_channels()
