# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A real Odoo server on loopback for the two-database tests (conftest.py
starts one; a test may start and kill its own)."""

import os
import shutil
import socket
import subprocess
import sys
import time
import xmlrpc.client
from pathlib import Path

import odoorpc
import pytest

SERVER_START_TIMEOUT = 120
RPC_TIMEOUT = 60


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def required_env(name):
    value = os.environ.get(name)
    if not value:
        pytest.fail(f"{name} is not set: run the tests with setup/test.sh")
    return value


def scratch_database(env_name, data_dir=None):
    """A database a test creates itself, named by `env_name` (set by
    setup/test.sh, which drops it too if the run is killed): dropped, with
    its filestore under `data_dir`, before and after the test."""
    name = required_env(env_name)

    def drop():
        subprocess.run(
            ["dropdb", "--if-exists", "--force", name],
            check=True,
            capture_output=True,
        )
        if data_dir:
            shutil.rmtree(Path(data_dir) / "filestore" / name, ignore_errors=True)

    drop()
    yield name
    drop()


def odoo_shell(database, script, addons_path=None):
    """Runs `script` in odoo-bin shell on `database` (with `addons_path`, the
    suite's by default); its output. Fails on an error."""
    command = [
        sys.executable,
        required_env("PRM_ODOO_BIN"),
        "shell",
        f"--addons-path={addons_path or required_env('PRM_ADDONS_PATH')}",
        f"--data-dir={required_env('PRM_DATA_DIR')}",
        "-d",
        database,
        "--no-http",
        "--log-level=warn",
    ]
    result = subprocess.run(
        command, input=script, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert " ERROR " not in result.stderr, result.stderr[-3000:]
    return result.stdout


class OdooServer:
    """An odoo-bin process serving the two test databases on loopback."""

    def __init__(self, databases, name="test-server", args=()):
        """`args`: more options of odoo-bin (e.g. --db_replica_host=...)."""
        self.databases = databases
        self.args = list(args)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(required_env("PRM_LOG_DIR"), f"{name}.log")
        self.process = None

    def start(self):
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        db_filter = "^(%s)$" % "|".join(self.databases)
        command = [
            sys.executable,
            required_env("PRM_ODOO_BIN"),
            f"--addons-path={required_env('PRM_ADDONS_PATH')}",
            f"--data-dir={required_env('PRM_DATA_DIR')}",
            "--http-interface=127.0.0.1",
            f"--http-port={self.port}",
            "--gevent-port=0",
            f"--db-filter={db_filter}",
            "--no-database-list",
            "--workers=0",
            "--max-cron-threads=0",
            "--log-level=warn",
            f"--logfile={self.log_path}",
            *self.args,
        ]
        self.process = subprocess.Popen(command, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        proxy = xmlrpc.client.ServerProxy(f"{self.url}/xmlrpc/2/common")
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"The Odoo server exited ({self.process.returncode}); "
                    f"see {self.log_path}"
                )
            try:
                proxy.version()
                return self
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(
            f"The Odoo server did not answer within {SERVER_START_TIMEOUT}s"
        )

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def client(self, database, login="admin", password="admin"):
        """An odoorpc client logged in on one of the databases."""
        client = odoorpc.ODOO("127.0.0.1", port=self.port, timeout=RPC_TIMEOUT)
        client.login(database, login, password)
        return client
