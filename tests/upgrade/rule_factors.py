# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
# ruff: noqa: F821 (env: the Odoo shell's)
"""After the upgrade (with snapshot.py): the routing rules' capacity and
specialization points, fields since 18.0.1.7.0."""

import json

print(
    "PRM-RULE_FACTORS "
    + json.dumps(
        {
            rule.name: [rule.capacity_weight, rule.specialization_bonus]
            for rule in env["prm.routing.rule"].search([("name", "=like", "Upgrade %")])
        }
    )
)
