# Copyright 2026 The Partner Relationship Management authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A PostgreSQL hot standby of the local cluster, for the replica test
(tests/test_replica.py) and the portal benchmark (bench/portal_pages.py):
a base backup of the whole cluster (pg_basebackup -R, WAL streamed, no
replication slot: a standby left behind holds no WAL on the primary),
served on a Unix socket in its own directory with a port from 5440-5449
(peer authentication: no TCP port, no password), streaming from the
primary. Odoo reads it with --db_replica_host=<its directory>
--db_replica_port=<its port>.

The primary needs what Debian's PostgreSQL has by default (the cluster
setup/common.sh ensure_postgres starts): wal_level replica, max_wal_senders
above 0, and pg_hba.conf's `local replication all peer` for the user that
runs the standby: the postgres user when run as root (PostgreSQL refuses to
run as root), else the user itself (which then needs the REPLICATION
attribute, as a superuser has)."""

import os
import shutil
import signal
import subprocess
import time
from contextlib import closing, contextmanager
from pathlib import Path

import psycopg2

# The socket's port; the socket is in the standby's own directory.
STANDBY_PORTS = range(5440, 5450)
# The pid of the process that made a standby's directory.
OWNER_FILE = "owner.pid"
START_TIMEOUT = 120
# The base backup copies every database of the cluster: minutes on a loaded
# machine with many databases, seconds on a test cluster.
BACKUP_TIMEOUT = 900
# How long the standby may take to replay what the primary committed.
REPLAY_TIMEOUT = 60
# The settings a hot standby must have at least as high as its primary.
PRIMARY_MINIMUMS = (
    "max_connections",
    "max_prepared_transactions",
    "max_locks_per_transaction",
    "max_worker_processes",
    "max_wal_senders",
)


def _as_postgres():
    """The command prefix that runs PostgreSQL's programs as the cluster's
    owner: the server refuses to run as root."""
    return ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []


def _primary():
    return psycopg2.connect(dbname="postgres")


def query(connection, sql, params=()):
    with connection.cursor() as cr:
        cr.execute(sql, params)
        return cr.fetchall()


def _bin_dir():
    """The directory of the primary's PostgreSQL programs (Debian keeps
    pg_ctl out of the PATH)."""
    with closing(_primary()) as connection:
        (version,) = query(connection, "SHOW server_version_num")[0]
    debian = Path(f"/usr/lib/postgresql/{int(version) // 10000}/bin")
    if (debian / "pg_ctl").exists():
        return debian
    pg_ctl = shutil.which("pg_ctl")
    if not pg_ctl:
        raise RuntimeError("pg_ctl not found: a standby needs PostgreSQL's programs")
    return Path(pg_ctl).parent


class Standby:
    """A hot standby of the test cluster in `root`/standby-<port>."""

    def __init__(self, root):
        self.root = Path(root)
        self.bin = _bin_dir()
        self.port = None
        self.dir = None

    @property
    def data(self):
        return self.dir / "data"

    @property
    def log(self):
        return self.dir / "postgresql.log"

    def _run(self, *command, input_text=None, timeout=START_TIMEOUT):
        result = subprocess.run(
            [*_as_postgres(), *command],
            input=input_text,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={k: v for k, v in os.environ.items() if k != "PGUSER"}
            if os.geteuid() == 0
            else None,
            check=False,
        )
        assert result.returncode == 0, f"{command[0]}: {result.stderr[-2000:]}"
        return result.stdout

    def _stop(self, data):
        pg_ctl = self.bin / "pg_ctl"
        subprocess.run(
            [*_as_postgres(), pg_ctl, "-D", data, "-m", "immediate", "-w", "stop"],
            capture_output=True,
            check=False,
        )

    def remove_leftovers(self):
        """Stop and remove the standbys that a run which no longer runs left
        (killed): their owner.pid names a process that is gone."""
        for old in self.root.glob("standby-*"):
            try:
                owner = int((old / OWNER_FILE).read_text())
                os.kill(owner, 0)
                continue  # a run going on beside this one
            except (OSError, ValueError):
                pass
            if (old / "data" / "postmaster.pid").exists():
                self._stop(old / "data")
            shutil.rmtree(old, ignore_errors=True)

    def _claim_directory(self):
        """The first port of STANDBY_PORTS whose directory this run creates
        (mkdir is atomic: two runs beside each other get two ports)."""
        for port in STANDBY_PORTS:
            directory = self.root / f"standby-{port}"
            try:
                directory.mkdir(mode=0o700)
            except FileExistsError:
                continue
            (directory / OWNER_FILE).write_text(str(os.getpid()))
            self.port, self.dir = port, directory
            return
        raise RuntimeError(
            f"No free standby directory in {self.root} (ports 5440-5449)"
        )

    def check_primary(self):
        """What streaming replication needs of the primary."""
        with closing(_primary()) as connection:
            (wal_level,) = query(connection, "SHOW wal_level")[0]
            (senders,) = query(connection, "SHOW max_wal_senders")[0]
        if wal_level == "minimal" or int(senders) < 2:
            raise RuntimeError(
                f"The primary has wal_level={wal_level}, max_wal_senders={senders}:"
                " a standby needs wal_level=replica and max_wal_senders >= 2"
                " (PostgreSQL's defaults; restart it after the change)."
            )

    def start(self):
        self.check_primary()
        self.root.mkdir(parents=True, exist_ok=True)
        self.remove_leftovers()
        self._claim_directory()
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        # A base backup of the whole cluster, WAL streamed alongside; -R
        # writes standby.signal and primary_conninfo. No replication slot:
        # a standby left behind holds no WAL on the primary.
        self._run(
            self.bin / "pg_basebackup",
            "-D",
            self.data,
            "-X",
            "stream",
            "-R",
            "--checkpoint=fast",
            "--no-slot",
            "--no-sync",
            timeout=BACKUP_TIMEOUT,
        )
        with closing(_primary()) as connection:
            minimums = {
                name: query(connection, f"SHOW {name}")[0][0]  # names above
                for name in PRIMARY_MINIMUMS
            }
        settings = {
            "port": self.port,
            "listen_addresses": "''",
            "unix_socket_directories": f"'{self.dir}'",
            "hot_standby": "on",
            "shared_buffers": "'32MB'",
            "fsync": "off",
            "log_statement": "'all'",
            "log_line_prefix": "'%m [%p] %a@%d '",
            "ssl": "off",
            **minimums,
        }
        conf = "".join(f"{name} = {value}\n" for name, value in settings.items())
        hba = "local all all peer\n"
        for name, text in (("postgresql.conf", conf), ("pg_hba.conf", hba)):
            self._run("sh", "-c", f"cat > {self.data / name}", input_text=text)
        self._run(
            self.bin / "pg_ctl",
            "-D",
            self.data,
            "-l",
            self.log,
            "-w",
            "-t",
            str(START_TIMEOUT),
            "start",
        )
        return self

    def stop(self):
        if self.dir and (self.data / "postmaster.pid").exists():
            self._stop(self.data)
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)

    def connect(self, database):
        return psycopg2.connect(dbname=database, host=str(self.dir), port=self.port)

    def statements(self):
        """The standby's log: every statement it ran."""
        return self.log.read_text(errors="replace")

    def wait_for_replay(self, primary):
        """Wait until the standby has replayed what `primary` (a connection
        to the primary) has committed."""
        (lsn,) = query(primary, "SELECT pg_current_wal_lsn()::text")[0]
        with closing(self.connect("postgres")) as standby:
            deadline = time.monotonic() + REPLAY_TIMEOUT
            while time.monotonic() < deadline:
                (done,) = query(
                    standby,
                    "SELECT pg_wal_lsn_diff(pg_last_wal_replay_lsn(), %s) >= 0",
                    (lsn,),
                )[0]
                if done:
                    return
                time.sleep(0.2)
        raise RuntimeError(
            f"the standby did not replay up to {lsn} in {REPLAY_TIMEOUT}s"
        )


@contextmanager
def cleanup_on_sigterm():
    """A run stopped with SIGTERM (a CI timeout, a script killed) still runs
    its cleanup (finally blocks, fixtures' finalizers): the standby does not
    outlive it."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt(f"signal {signum}")

    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextmanager
def standby(root):
    """A running standby in `root`/standby-<port>, stopped and removed
    after."""
    server = Standby(root)
    with cleanup_on_sigterm():
        try:
            yield server.start()
        finally:
            server.stop()
