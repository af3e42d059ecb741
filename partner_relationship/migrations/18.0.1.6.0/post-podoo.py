# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The Partner Network app is shown through its own group since
    18.0.1.6.0, implied by Partner Manager while the setting is on (its
    default, loaded as no-update data, is not loaded by an update): the
    partner managers of an existing database keep the app."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env.ref("partner_relationship.group_prm_user")._apply_group(
        env.ref("partner_relationship.group_prm_network")
    )
