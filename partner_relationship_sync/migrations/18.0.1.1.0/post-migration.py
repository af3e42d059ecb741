# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Connections made before flows could be chosen exchange every flow."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    Connection = env["prm.sync.connection"].with_context(active_test=False)
    flows = Connection._prm_default_flows()
    Connection.search([("flow_ids", "=", False)]).write(
        {"flow_ids": [(6, 0, flows.ids)]}
    )
