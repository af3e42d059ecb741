# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Exchange every flow between the running demo's two databases.

    python setup/demo_exchange.py URL VENDOR_DB PARTNER_DB

Runs each module of ``setup/demo_flows`` (see its docstring) and prints what
went across; exits 1 when a flow did not arrive.
"""

import importlib
import pkgutil
import socket
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import demo_flows  # noqa: E402 (after the path above)
from demo_flows import Database, FlowFailed  # noqa: E402

RPC_TIMEOUT = 60


def main(url, vendor_db, partner_db):
    vendor = Database(url, vendor_db)
    partner = Database(url, partner_db)
    ok = True
    for info in sorted(pkgutil.iter_modules(demo_flows.__path__), key=lambda m: m.name):
        flow = importlib.import_module(f"demo_flows.{info.name}")
        try:
            done = flow.run(vendor, partner)
        except (FlowFailed, OSError) as error:
            print(f"[prm] {flow.TITLE}: FAILED: {error}")
            ok = False
            continue
        print(f"[prm] {flow.TITLE}: {done}")
    return ok


if __name__ == "__main__":
    socket.setdefaulttimeout(RPC_TIMEOUT)
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    sys.exit(0 if main(*sys.argv[1:]) else 1)
