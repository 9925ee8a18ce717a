"""Start the real stack (action server + Rasa server) with a given model, keeping the PIDs.

Modelled on tests/support/stack.py, which yields URLs only; the benchmark also needs the
processes (peak RSS) and the moment they were started (cold start to first answer).
"""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

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
    cold_start_s: float = 0.0


def free_port() -> int:
    """A loopback port nobody listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss_mb(pid: int) -> float | None:
    """Largest VmHWM (peak RSS) of the process and its descendants, in MiB."""
    peaks = [_vm_hwm_kb(p) for p in [pid, *_descendants(pid)]]
    known = [p for p in peaks if p is not None]
    return round(max(known) / 1024, 1) if known else None


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
                url, json={"sender": "bench-cold", "message": "こんにちは"}, timeout=60
            )
            if reply.status_code == 200 and reply.json():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"no first answer from {url}:\n{log.read_text()[-3000:]}")


@contextmanager
def running(model: Path, workdir: Path, start_timeout: float) -> Iterator[RunningStack]:
    """Both servers as `make run` starts them (--quiet), REST channel, temp SQLite tracker."""
    workdir.mkdir(parents=True, exist_ok=True)
    rasa_port, action_port = free_port(), free_port()
    creds = workdir / "credentials.yml"
    creds.write_text(yaml.safe_dump({"rest": None}), encoding="utf-8")
    env = environment(
        {
            "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
            "TRACKER_DB": str(workdir / "tracker.db"),
            "HANDOFF_LOG": str(workdir / "handoffs.jsonl"),
        }
    )
    action_log, rasa_log = workdir / "actions.log", workdir / "rasa.log"
    actions_cmd = [str(BIN / "rasa"), "run", "actions", "--actions", "actions"]
    actions_cmd += ["--port", str(action_port), "--quiet"]
    rasa_cmd = [str(BIN / "rasa"), "run", "--model", str(model), "--endpoints"]
    rasa_cmd += [str(ROOT / "endpoints.yml"), "--credentials", str(creds)]
    rasa_cmd += ["--port", str(rasa_port), "--quiet"]
    started = time.monotonic()
    deadline = started + start_timeout
    with action_log.open("wb") as alog, rasa_log.open("wb") as rlog:
        actions = subprocess.Popen(actions_cmd, cwd=ROOT, env=env, stdout=alog, stderr=alog)
        rasa = subprocess.Popen(rasa_cmd, cwd=ROOT, env=env, stdout=rlog, stderr=rlog)
    stack = RunningStack(
        f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", rasa, actions, workdir
    )
    try:
        _wait_http(f"{stack.action_url}/health", actions, action_log, deadline)
        _wait_http(f"{stack.rasa_url}/", rasa, rasa_log, deadline)
        _first_answer(f"{stack.rasa_url}/webhooks/rest/webhook", rasa, rasa_log, deadline)
        stack.cold_start_s = round(time.monotonic() - started, 2)
        yield stack
    finally:
        for process in (rasa, actions):
            process.terminate()
        for process in (rasa, actions):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
