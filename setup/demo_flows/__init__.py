# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each module here exchanges one flow between the running demo's vendor and
partner databases, through the real job runner, and checks the other side.

A module defines ``TITLE`` and ``run(vendor, partner)``, where both are
`Database` sessions (admin of each database over XML-RPC); ``run`` returns a
line saying what went across, or raises `FlowFailed`.
"""

import time
import xmlrpc.client


class FlowFailed(Exception):
    """The other side did not get what was sent."""


class Database:
    """The admin's XML-RPC session on one database of the demo server."""

    def __init__(self, url, database, login="admin", password="admin", send_now=True):
        self.url = url
        self.database = database
        self.password = password
        self.send_now = send_now
        common = xmlrpc.client.ServerProxy(f"{url}/xmlrpc/2/common")
        self.uid = common.authenticate(database, login, password, {})
        if not self.uid:
            raise FlowFailed(f"{database}: {login} cannot log in")
        self.models = xmlrpc.client.ServerProxy(
            f"{url}/xmlrpc/2/object", allow_none=True
        )

    def call(self, model, method, *args, **kwargs):
        try:
            return self.models.execute_kw(
                self.database,
                self.uid,
                self.password,
                model,
                method,
                list(args),
                kwargs,
            )
        except xmlrpc.client.Fault as fault:
            # Odoo's XML-RPC cannot send back a method's None: the call went
            # through (committed) and returned nothing.
            if "cannot marshal None" in fault.faultString:
                return None
            raise

    def ref(self, xmlid):
        module, name = xmlid.split(".")
        found = self.call(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            ["res_id"],
        )
        return found[0]["res_id"] if found else False

    def connection(self):
        """The id of this database's connection to the other one."""
        (connection_id,) = self.call("prm.sync.connection", "search", [], limit=1)
        return connection_id

    def send(self):
        """Send this database's pending messages now (the job runner would,
        within seconds; this keeps the demo quick). When the runner is
        sending them already, it finishes the work. Without `send_now`, the
        job runner alone sends them."""
        if not self.send_now:
            return
        try:
            self.call("prm.sync.connection", "action_send_now", [self.connection()])
        except xmlrpc.client.Fault as fault:
            if "are being sent right now" not in fault.faultString:
                raise


def wait_for(what, probe, timeout=60):
    """Poll `probe()` until it returns something truthy; that value."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.5)
    raise FlowFailed(f"{what}: not seen within {timeout} s")
