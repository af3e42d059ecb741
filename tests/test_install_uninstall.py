# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each addon uninstalls cleanly, leaving the others working."""

import json
import os

import pytest
from odoo_server import odoo_shell

UNINSTALL_SCRIPT = """
Module = env["ir.module.module"]
Module.search([("name", "=", %r)]).button_immediate_uninstall()
env.cr.commit()
"""

STATE_SCRIPT = """
import json
modules = env["ir.module.module"].search([("name", "like", "partner_relationship%")])
print("PRM-STATE " + json.dumps({m.name: m.state for m in modules}))
print("PRM-MODELS " + json.dumps(sorted(
    m for m in env.registry.models if m.startswith("prm.")
)))
"""


def _state(database):
    output = odoo_shell(database, STATE_SCRIPT)
    lines = dict(
        line.split(" ", 1) for line in output.splitlines() if line.startswith("PRM-")
    )
    return json.loads(lines["PRM-STATE"]), json.loads(lines["PRM-MODELS"])


@pytest.fixture(scope="module")
def database():
    name = os.environ.get("PRM_TEST_UNINSTALL_DB")
    if not name:
        pytest.fail(
            "PRM_TEST_UNINSTALL_DB is not set: run the tests with setup/test.sh"
        )
    return name


def test_addons_uninstall_one_by_one(database):
    states, models = _state(database)
    assert states == {
        "partner_relationship": "installed",
        "partner_relationship_portal": "installed",
        "partner_relationship_sync": "installed",
    }
    assert "prm.sync.connection" in models

    odoo_shell(database, UNINSTALL_SCRIPT % "partner_relationship_sync")
    states, models = _state(database)
    assert states["partner_relationship_sync"] == "uninstalled"
    assert states["partner_relationship_portal"] == "installed"
    assert "prm.sync.connection" not in models
    assert "prm.partner.type" in models

    odoo_shell(database, UNINSTALL_SCRIPT % "partner_relationship_portal")
    states, models = _state(database)
    assert states["partner_relationship_portal"] == "uninstalled"
    assert states["partner_relationship"] == "installed"

    odoo_shell(database, UNINSTALL_SCRIPT % "partner_relationship")
    states, models = _state(database)
    assert set(states.values()) == {"uninstalled"}
    assert models == []
