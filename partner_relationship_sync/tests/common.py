# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import socket


def unreachable_url():
    """The URL of a loopback port nothing listens on: one the kernel has just
    handed out and that is closed again, so that a call is refused at once
    (a fixed port, such as 9, may have a listener on some machine)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{sock.getsockname()[1]}"


def unreachable_connection(env, partner, role, **values):
    """A connection to the database of `partner` (whose `role` is "vendor" or
    "partner") that never answers: messages queue, a send fails as
    unreachable. `values` replace the defaults (name, company...)."""
    return env["prm.sync.connection"].create(
        {
            "name": f"{partner.name}'s database",
            "remote_role": role,
            "partner_id": partner.id,
            "remote_url": unreachable_url(),
            "remote_database": "nowhere",
            "remote_login": "sync",
            "api_key": "k" * 40,
            "timeout": 1,
            **values,
        }
    )
