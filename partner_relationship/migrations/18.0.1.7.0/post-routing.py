# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tools import SQL


def migrate(cr, version):
    """Spare capacity and specialization became factors of the routing score
    in 18.0.1.7.0 (new rules: 20 % each). Existing rules keep choosing the
    partners they chose: no capacity preference, no specialization bonus."""
    if not version:
        return
    cr.execute(
        SQL("UPDATE prm_routing_rule SET capacity_weight = 0, specialization_bonus = 0")
    )
