# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The whole suite's pytest settings (setup/test.sh runs pytest here).

A test the machine's speed skips would hide a failure: Odoo skips a tour
when Chromium has not started within 10 seconds, which a loaded machine can
take. Chromium is given two minutes here, and a skipped test fails the run.
"""

import sys

import pytest

BROWSER_START_SECONDS = 120


def pytest_collection_finish(session):
    """After pytest-odoo has configured Odoo and the tests imported its test
    tools (not imported here: importing them reads Odoo's configuration)."""
    common = sys.modules.get("odoo.tests.common")
    if common:
        common.CHECK_BROWSER_ITERATIONS = int(
            BROWSER_START_SECONDS / common.CHECK_BROWSER_SLEEP
        )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.skipped and call.when == "call":
        report.outcome = "failed"
        reason = call.excinfo.value if call.excinfo else report.longrepr
        report.longrepr = f"Skipped, which the suite counts as a failure: {reason}"
