"""Test helper: a throwaway PostgreSQL server in a temporary folder, on a free loopback port.

PostgreSQL refuses to run as root, and CI and the sandbox run as root: there the server runs as
the unprivileged `postgres` user (or `nobody`) from a folder that user owns. When the server
binaries are missing the caller is told to run the install script; the suite never skips.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import psycopg
from psycopg import sql

MISSING = ("PostgreSQL's server programs (initdb, pg_ctl) are not installed, so the hub tests cannot "
           "run. Run scripts/install.sh --dev (it installs the 'postgresql' package).")
SUPERUSER = "stratplan"


class PostgresMissingError(RuntimeError):
    """initdb / pg_ctl cannot be found."""


def find_bin_dir() -> Path:
    """The folder holding initdb and pg_ctl: the newest /usr/lib/postgresql/N/bin, or the PATH."""
    def version(path: str) -> int:
        part = Path(path).parent.name
        return int(part) if part.isdigit() else 0

    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True):
        if (Path(candidate) / "initdb").exists() and (Path(candidate) / "pg_ctl").exists():
            return Path(candidate)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(initdb).parent
    raise PostgresMissingError(MISSING)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_user() -> str | None:
    """Whom to run the server as: None (ourselves) unless we are root."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    raise PostgresMissingError("Running as root and neither a 'postgres' nor a 'nobody' user exists to run "
                               "PostgreSQL as (it refuses to run as root).")


class PostgresServer:
    """initdb + pg_ctl start on 127.0.0.1:<free port>; `stop()` removes everything again."""

    def __init__(self, *, fast: bool = True) -> None:
        self.bin = find_bin_dir()
        self.user = _server_user()
        self.port = free_port()
        # mkdtemp in the system temporary folder (world-traversable), not pytest's tmp_path,
        # which is private to root and so unreadable by the server's user.
        self.root = Path(tempfile.mkdtemp(prefix="stratplan-pg-"))
        self.data = self.root / "data"
        self.fast = fast
        self.running = False
        self._databases = 0

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user is not None:
            command = ["runuser", "-u", self.user, "--", *command]
        done = subprocess.run(command, cwd=self.root, capture_output=True, text=True, check=False,
                              env={**os.environ, "LC_ALL": "C", "TZ": "UTC"})
        if done.returncode != 0:
            log = self.root / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{args[0]} failed ({done.returncode}): {done.stderr.strip()}\n{tail}")

    def start(self) -> PostgresServer:
        try:
            self._start()
        except BaseException:
            self.stop()
            raise
        return self

    def _start(self) -> None:
        if self.user is not None:
            shutil.chown(self.root, self.user)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "--auth=trust", "-E", "UTF8",
                  "--no-locale", "--no-sync")
        options = [f"-p {self.port}", "-c listen_addresses=127.0.0.1", f"-c unix_socket_directories={self.root}"]
        if self.fast:
            # A test server: losing it in a power cut is fine, waiting for the disk is not.
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.root / "server.log"),
                  "-o", " ".join(options))
        self.running = True

    def stop(self) -> None:
        try:
            if self.running:
                self._run("pg_ctl", "stop", "-w", "-m", "immediate", "-D", str(self.data))
                self.running = False
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def connect(self, database: str = "postgres") -> psycopg.Connection[tuple[object, ...]]:
        """A direct, autocommit connection (to forge rows, or to make databases)."""
        return psycopg.connect(host="127.0.0.1", port=self.port, user=SUPERUSER, dbname=database,
                               autocommit=True)

    def new_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        self._databases += 1
        name = f"hub{self._databases}"
        with self.connect() as conn:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.url(name)

    def __enter__(self) -> PostgresServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
