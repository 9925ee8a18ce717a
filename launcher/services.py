"""Throw-away PostgreSQL, Redis and nginx on free loopback ports, stoppable and restartable.

These are Debian's packages (`make scaled-deps` installs them); each instance keeps its
data and logs in the run's work directory, so tests never touch a system service.
"""

from __future__ import annotations

import os
import pwd
import secrets
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from launcher.processes import Proc, free_port, stop, wait_until

NGINX_MAIN = """\
# Written by the launcher: the part of Debian's /etc/nginx/nginx.conf that a site needs.
{user}worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
events {{ worker_connections 2048; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    # Which Rasa process answered each request ($upstream_addr): how conversations spread.
    log_format navi '$remote_addr [$time_local] "$request" $status $upstream_addr '
                    '$request_time';
    access_log {dir}/access.log navi;
    client_body_temp_path {dir}/tmp/body;
    proxy_temp_path {dir}/tmp/proxy;
    keepalive_timeout 65;
    include {site};
}}
"""


def _worker_user() -> str:
    """Started as root, nginx's workers would run as ``nobody`` and get 404 for a checkout
    in a private folder (``mktemp -d`` is 0700): they run as the launching user instead.
    Otherwise the directive would only draw a warning, so it is left out."""
    if os.geteuid() != 0:
        return ""
    return f"user {pwd.getpwuid(os.geteuid()).pw_name};\n"


def postgres_bin() -> Path | None:
    """The newest installed PostgreSQL server's bin directory (Debian's layout)."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    return found[-1].parent if found else None


def answers(port: int, host: str = "127.0.0.1") -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@dataclass
class Redis:
    """redis-server without persistence; stop() and start() again for outage tests."""

    workdir: Path
    port: int = field(default_factory=free_port)
    proc: Proc | None = None

    def start(self, timeout: float = 30) -> Redis:
        command = ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port)]
        command += ["--save", "", "--appendonly", "no"]
        self.proc = Proc("redis", command, self.workdir / "redis.log", dict(os.environ)).start()
        wait_until(self._pong, self.proc, time.monotonic() + timeout, "PONG")
        return self

    def _pong(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.proc:
            stop([self.proc])

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}"


@dataclass
class Postgres:
    """A PostgreSQL cluster of its own: database `navi`, owned by role `navi` with a password.

    initdb refuses to run as root, so as root the cluster belongs to Debian's `postgres`
    user; the data directory survives stop()/start(), as a real server's does.
    """

    workdir: Path
    port: int = field(default_factory=free_port)
    database: str = "navi"
    user: str = "navi"
    password: str = field(default_factory=lambda: secrets.token_urlsafe(16))
    proc: Proc | None = None

    @property
    def data(self) -> Path:
        return self.workdir / "pgdata"

    def _os_user(self) -> str | None:
        return "postgres" if os.geteuid() == 0 else None

    def _run(self, command: list[str]) -> None:
        subprocess.run(command, check=True, capture_output=True, user=self._os_user())

    def init(self) -> Postgres:
        bindir = postgres_bin()
        if bindir is None:
            raise RuntimeError("PostgreSQL is not installed (make scaled-deps)")
        self.workdir.mkdir(parents=True, exist_ok=True)
        owner = self._os_user()
        if owner:
            account = pwd.getpwnam(owner)
            os.chown(self.workdir, account.pw_uid, account.pw_gid)
        if not (self.data / "PG_VERSION").exists():
            self._run(
                [
                    str(bindir / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth-local=trust",
                    "--auth-host=scram-sha-256",
                    "-E",
                    "UTF8",
                    "--locale=C.UTF-8",
                    "--no-sync",
                ]
            )
        return self

    def start(self, timeout: float = 60) -> Postgres:
        bindir = postgres_bin()
        assert bindir is not None
        command = [str(bindir / "postgres"), "-D", str(self.data), "-p", str(self.port)]
        command += ["-k", str(self.workdir), "-c", "listen_addresses=127.0.0.1"]
        log = self.workdir / "postgres.log"
        self.proc = Proc("postgres", command, log, dict(os.environ), cwd=self.workdir)
        self.proc.user = self._os_user()
        self.proc.start()
        wait_until(self._ready, self.proc, time.monotonic() + timeout, "accepting connections")
        return self

    def _ready(self) -> bool:
        bindir = postgres_bin()
        assert bindir is not None
        check = [str(bindir / "pg_isready"), "-q", "-h", str(self.workdir), "-p", str(self.port)]
        return subprocess.run(check, check=False).returncode == 0

    def create_database(self) -> Postgres:
        """Role and database for the tracker store (idempotent)."""
        import psycopg2

        admin = psycopg2.connect(
            host=str(self.workdir), port=self.port, user="postgres", dbname="postgres"
        )
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (self.user,))
            verb = "ALTER" if cursor.fetchone() else "CREATE"
            cursor.execute(f"{verb} ROLE {self.user} LOGIN PASSWORD %s", (self.password,))
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (self.database,))
            if not cursor.fetchone():
                cursor.execute(f"CREATE DATABASE {self.database} OWNER {self.user}")
        admin.close()
        return self

    def stop(self) -> None:
        """Fast shutdown (SIGINT): open transactions roll back, committed data stays."""
        if self.proc and self.proc.alive():
            self.proc.popen.send_signal(2)  # type: ignore[union-attr]
            try:
                self.proc.popen.wait(timeout=30)  # type: ignore[union-attr]
            except subprocess.TimeoutExpired:
                stop([self.proc])

    def env(self) -> dict[str, str]:
        """deploy/navi.env's tracker store settings for this cluster."""
        return {
            "TRACKER_DIALECT": "postgresql",
            "TRACKER_HOST": "127.0.0.1",
            "TRACKER_PORT": str(self.port),
            "TRACKER_DB": self.database,
            "TRACKER_USER": self.user,
            "TRACKER_PASSWORD": self.password,
        }


@dataclass
class Nginx:
    """nginx in the foreground with a rendered site; reload() picks up a new site file."""

    workdir: Path
    site: Path
    proc: Proc | None = None

    def start(self, port: int, timeout: float = 30) -> Nginx:
        (self.workdir / "tmp").mkdir(parents=True, exist_ok=True)
        main = self.workdir / "nginx.conf"
        main.write_text(
            NGINX_MAIN.format(dir=self.workdir, site=self.site, user=_worker_user()),
            encoding="utf-8",
        )
        command = ["nginx", "-e", str(self.workdir / "error.log"), "-c", str(main)]
        command += ["-g", "daemon off;"]
        check = subprocess.run([*command[:-2], "-t"], capture_output=True, text=True)
        if check.returncode != 0:
            raise RuntimeError(f"nginx rejected the site:\n{check.stderr}")
        log = self.workdir / "nginx.out"
        self.proc = Proc("nginx", command, log, dict(os.environ), cwd=self.workdir).start()
        wait_until(lambda: answers(port), self.proc, time.monotonic() + timeout, "listening")
        return self

    def stop(self) -> None:
        if self.proc:
            stop([self.proc])
