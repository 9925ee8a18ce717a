"""A throw-away PostgreSQL cluster from Debian's packages, for tests.

``make postgres-deps`` installs the apt package ``postgresql``. The cluster lives in a
temporary directory, listens on a free loopback port, runs as the ``postgres`` user when
the tests run as root (PostgreSQL refuses to run as root) and is removed afterwards.
Durability is switched off: nothing here needs to survive a crash.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from launcher.processes import free_port

__all__ = ["PostgresNotInstalled", "pg_bin_dir", "running_postgres"]


class PostgresNotInstalled(RuntimeError):
    """Debian's postgresql package is missing; ``make postgres-deps`` installs it."""


def pg_bin_dir() -> Path:
    """The newest /usr/lib/postgresql/<major>/bin that has initdb and pg_ctl."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda p: int(Path(p).parent.name)
    )
    for directory in reversed(candidates):
        if (Path(directory) / "initdb").exists() and (Path(directory) / "pg_ctl").exists():
            return Path(directory)
    raise PostgresNotInstalled(
        "PostgreSQL is not installed: run `make postgres-deps` (apt package postgresql)"
    )


@contextmanager
def running_postgres(database: str = "test", start_timeout: float = 60) -> Iterator[str]:
    """Start a cluster; yield a SQLAlchemy URL for ``database``; stop and remove it after."""
    bin_dir = pg_bin_dir()
    workdir = Path(tempfile.mkdtemp(prefix="navi-pg-"))
    data, sockets, log = workdir / "data", workdir / "sock", workdir / "postgres.log"
    sockets.mkdir()
    user = "postgres" if os.geteuid() == 0 else None
    if user:
        shutil.chown(workdir, user)
        shutil.chown(sockets, user)
    port = free_port()
    run = _runner(user)
    try:
        run([bin_dir / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8",
             "--no-locale", "--no-sync"])  # fmt: skip
        options = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c synchronous_commit=off -c full_page_writes=off"
        )
        run([bin_dir / "pg_ctl", "-D", data, "-o", options, "-l", log, "-w",
             "-t", str(int(start_timeout)), "start"])  # fmt: skip
        _create_database(port, database, start_timeout)
        yield f"postgresql://postgres@127.0.0.1:{port}/{database}"
    finally:
        if (data / "postmaster.pid").exists():
            run([bin_dir / "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop"], check=False)
        shutil.rmtree(workdir, ignore_errors=True)


def _runner(user: str | None):
    def run(args: list[object], check: bool = True) -> None:
        result = subprocess.run(
            [str(a) for a in args], user=user, capture_output=True, text=True, cwd="/"
        )
        if check and result.returncode != 0:
            raise RuntimeError(f"{Path(str(args[0])).name} failed:\n{result.stderr[-2000:]}")

    return run


def _create_database(port: int, database: str, timeout: float) -> None:
    import psycopg2

    deadline = time.monotonic() + timeout
    while True:
        try:
            connection = psycopg2.connect(
                host="127.0.0.1", port=port, user="postgres", dbname="postgres"
            )
            break
        except psycopg2.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{database}"')
    connection.close()
