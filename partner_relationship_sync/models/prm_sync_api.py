# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

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
