# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A real Odoo server on loopback for the two-database tests (conftest.py
starts one; a test may start and kill its own)."""

import os
import shutil
import signal
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
    """An odoo-bin process serving the two test databases on loopback: Odoo's
    threaded server, or with `workers` its prefork server (that many HTTP
    workers, no cron worker: the tests run the scheduled actions they need).
    The server runs in a process group of its own, so that stopping or killing
    it ends its workers and its websocket server too."""

    # The tests hold requests open on purpose (a remote waiting on a lock,
    # a proxy holding an answer): the prefork server's time limits must not
    # end them first.
    LIMIT_TIME_CPU = 600
    LIMIT_TIME_REAL = 1200

    def __init__(self, databases, name="test-server", workers=0, args=()):
        """`args`: more options of odoo-bin (e.g. --db_replica_host=...)."""
        self.databases = databases
        self.workers = workers
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
            # The prefork server starts its websocket server there.
            f"--gevent-port={_free_port() if self.workers else 0}",
            f"--db-filter={db_filter}",
            "--no-database-list",
            f"--workers={self.workers}",
            # The prefork server loads the registries before it forks its
            # workers (else each worker loads each database's).
            *([f"--database={','.join(self.databases)}"] if self.workers else []),
            "--max-cron-threads=0",
            f"--limit-time-cpu={self.LIMIT_TIME_CPU}",
            f"--limit-time-real={self.LIMIT_TIME_REAL}",
            "--log-level=warn",
            f"--logfile={self.log_path}",
            *self.args,
        ]
        self.process = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, process_group=0
        )
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

    def _signal_group(self, sig):
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass  # nothing of it is left

    def stop(self):
        """Odoo stops gracefully (the prefork server waits for its workers);
        whatever of the group is left after 30 s is killed."""
        if not self.process:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                pass
        self.kill()

    def kill(self):
        """Kills the server at once, the prefork server's workers with it (a
        worker left behind would keep serving the port)."""
        if not self.process:
            return
        self._signal_group(signal.SIGKILL)
        self.process.wait(timeout=30)

    def client(self, database, login="admin", password="admin"):
        """An odoorpc client logged in on one of the databases."""
        client = odoorpc.ODOO("127.0.0.1", port=self.port, timeout=RPC_TIMEOUT)
        client.login(database, login, password)
        return client
