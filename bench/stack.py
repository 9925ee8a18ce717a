"""Start the real stack (action server + Rasa server, optionally Redis) on free ports.

The one launcher for the benchmark and the end-to-end tests (tests/support/stack.py wraps
it). It keeps the processes, so the benchmark can read peak RSS, and it times the cold
start to the first answer.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from bench.settings import BIN, ROOT
from bench.training import environment


@dataclass
class RunningStack:
    """URLs, processes and the cold-start time of one launch."""

    rasa_url: str
    action_url: str
    rasa: subprocess.Popen
    actions: subprocess.Popen
    workdir: Path
    workers: int = 1
    cold_start_s: float = 0.0


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss_mb(pid: int) -> float | None:
    """Largest VmHWM (peak RSS) of the process and its descendants, in MiB."""
    peaks = _family_peaks_kb(pid)
    return round(max(peaks) / 1024, 1) if peaks else None


def total_peak_rss_mb(pid: int) -> float | None:
    """Sum of the peak RSS of the process and its descendants (all Sanic workers), MiB."""
    peaks = _family_peaks_kb(pid)
    return round(sum(peaks) / 1024, 1) if peaks else None


def _family_peaks_kb(pid: int) -> list[int]:
    peaks = [_vm_hwm_kb(p) for p in [pid, *_descendants(pid)]]
    return [p for p in peaks if p is not None]


def _vm_hwm_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _descendants(pid: int) -> list[int]:
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids = [int(k) for k in children.read_text().split()]
        except OSError:
            continue
        for kid in kids:
            found += [kid, *_descendants(kid)]
    return found


def _wait_http(url: str, process: subprocess.Popen, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{url} did not come up:\n{log.read_text()[-3000:]}")


def _first_answer(url: str, process: subprocess.Popen, log: Path, deadline: float) -> None:
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Rasa exited early:\n{log.read_text()[-3000:]}")
        try:
            reply = httpx.post(
                url, json={"sender": "web-" + "0" * 32, "message": "こんにちは"}, timeout=60
            )
            if reply.status_code == 200 and reply.json():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"no first answer from {url}:\n{log.read_text()[-3000:]}")


def redis_available() -> bool:
    """Whether redis-server is installed (`make redis-deps` installs it)."""
    return shutil.which("redis-server") is not None


@contextmanager
def redis_server(workdir: Path, timeout: float = 30) -> Iterator[int]:
    """A throw-away Redis on a free loopback port, without persistence; yields the port."""
    port = free_port()
    log = workdir / "redis.log"
    cmd = ["redis-server", "--bind", "127.0.0.1", "--port", str(port)]
    cmd += ["--save", "", "--appendonly", "no"]
    with log.open("wb") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout
        while not _answers_ping(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"redis-server did not start:\n{log.read_text()[-2000:]}")
            time.sleep(0.1)
        yield port
    finally:
        _stop([process])


def _answers_ping(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _stop(processes: list[subprocess.Popen]) -> None:
    """Terminate, then kill, each process and every child it started.

    Sanic's master forwards SIGTERM to its workers, but a master killed after the timeout
    leaves its workers orphaned (one was found still holding 600 MB an hour later), so
    the children are collected first and reaped too.
    """
    children = {kid: _cmdline(kid) for process in processes for kid in _descendants(process.pid)}
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for pid, cmdline in children.items():
        if cmdline and _cmdline(pid) == cmdline:  # still the same process, not a reused pid
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


def _cmdline(pid: int) -> bytes | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


@contextmanager
def running(
    model: Path,
    workdir: Path,
    start_timeout: float = 300,
    *,
    workers: int = 1,
    credentials: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    cors: str | None = None,
    quiet: bool = True,
    first_answer: bool = True,
) -> Iterator[RunningStack]:
    """Both servers as `make run` starts them, with a temp SQLite tracker store.

    workers > 1 runs that many Sanic workers sharing a throw-away Redis lock store, as
    `make run WORKERS=n` does. first_answer waits for a REST reply (the cold start).
    """
    workdir.mkdir(parents=True, exist_ok=True)
    with ExitStack() as cleanup:
        lock = {"LOCK_STORE": "in_memory", "REDIS_HOST": "127.0.0.1", "REDIS_PORT": "6379"}
        if workers > 1:
            port = cleanup.enter_context(redis_server(workdir))
            lock = {**lock, "LOCK_STORE": "redis", "REDIS_PORT": str(port)}
        yield cleanup.enter_context(
            _servers(model, workdir, start_timeout, workers, credentials, {**lock, **(env or {})},
                     cors, quiet, first_answer)
        )  # fmt: skip


@contextmanager
def _servers(
    model: Path,
    workdir: Path,
    start_timeout: float,
    workers: int,
    credentials: dict[str, Any] | None,
    env: dict[str, str],
    cors: str | None,
    quiet: bool,
    first_answer: bool,
) -> Iterator[RunningStack]:
    rasa_port, action_port = free_port(), free_port()
    creds = workdir / "credentials.yml"
    channels = credentials if credentials is not None else {"bot.channels.rest.RestInput": None}
    creds.write_text(yaml.safe_dump(channels, allow_unicode=True), encoding="utf-8")
    environ = environment(
        {
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
            "TRACKER_DB": str(workdir / "tracker.db"),
            "DESK_DB_URL": f"sqlite:///{workdir / 'desk.db'}",  # handoff tickets
            "SANIC_WORKERS": str(workers),
            **env,
        }
    )
    quiet_flag = ["--quiet"] if quiet else []
    action_log, rasa_log = workdir / "actions.log", workdir / "rasa.log"
    actions_cmd = [str(BIN / "rasa"), "run", "actions", "--actions", "actions"]
    actions_cmd += ["--port", str(action_port), *quiet_flag]
    rasa_cmd = [str(BIN / "rasa"), "run", "--model", str(model), "--endpoints"]
    rasa_cmd += [str(ROOT / "endpoints.yml"), "--credentials", str(creds)]
    rasa_cmd += ["--port", str(rasa_port), *quiet_flag]
    if cors:
        rasa_cmd += ["--cors", cors]
    started = time.monotonic()
    deadline = started + start_timeout
    with action_log.open("wb") as alog, rasa_log.open("wb") as rlog:
        actions = subprocess.Popen(actions_cmd, cwd=ROOT, env=environ, stdout=alog, stderr=alog)
        rasa = subprocess.Popen(rasa_cmd, cwd=ROOT, env=environ, stdout=rlog, stderr=rlog)
    stack = RunningStack(
        f"http://127.0.0.1:{rasa_port}",
        f"http://127.0.0.1:{action_port}",
        rasa,
        actions,
        workdir,
        workers,
    )
    try:
        _wait_http(f"{stack.action_url}/health", actions, action_log, deadline)
        _wait_http(f"{stack.rasa_url}/", rasa, rasa_log, deadline)
        if first_answer:
            _first_answer(f"{stack.rasa_url}/webhooks/rest/webhook", rasa, rasa_log, deadline)
        stack.cold_start_s = round(time.monotonic() - started, 2)
        yield stack
    finally:
        _stop([rasa, actions])
