"""Spawn, wait for, measure and stop the processes of a topology.

Every process writes to its own log file in the run's work directory, so a failed start
shows its last lines instead of a bare timeout.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from launcher.paths import ROOT

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port(host: str = "127.0.0.1") -> int:
    """A port nobody listens on (the kernel's pick; bound and released at once)."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def base_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The Makefile's environment for the project's Python processes."""
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "RASA_TELEMETRY_ENABLED": "false",
        **(extra or {}),
    }


@dataclass
class Proc:
    """One launched process: its command, log file and Popen handle."""

    name: str
    command: list[str]
    log: Path
    env: dict[str, str]
    cwd: Path = ROOT
    popen: subprocess.Popen | None = None
    user: str | None = None

    def start(self) -> Proc:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as out:
            self.popen = subprocess.Popen(
                self.command,
                cwd=self.cwd,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                user=self.user,
                # Own process group: Ctrl-C in `make run` reaches the launcher only, which
                # then stops everything in order.
                start_new_session=True,
            )
        return self

    @property
    def pid(self) -> int:
        assert self.popen is not None, f"{self.name} was not started"
        return self.popen.pid

    def alive(self) -> bool:
        return self.popen is not None and self.popen.poll() is None

    def tail(self, chars: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def family(self) -> list[int]:
        """This process and every descendant (Sanic workers, PostgreSQL backends)."""
        return [self.pid, *descendants(self.pid)] if self.alive() else []


@dataclass
class Group:
    """Processes stopped together, in reverse start order."""

    procs: list[Proc] = field(default_factory=list)

    def add(self, proc: Proc) -> Proc:
        self.procs.append(proc.start())
        return proc

    def stop(self) -> None:
        stop(list(reversed(self.procs)))


def wait_http(url: str, proc: Proc, deadline: float, ok_below: int = 500) -> None:
    """Poll `url` until it answers below `ok_below`; raise with the log if it never does."""
    while time.monotonic() < deadline:
        if not proc.alive():
            raise RuntimeError(f"{proc.name} exited early:\n{proc.tail()}")
        try:
            if httpx.get(url, timeout=2).status_code < ok_below:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{proc.name} did not answer at {url}:\n{proc.tail()}")


def wait_until(check: Callable[[], bool], proc: Proc, deadline: float, what: str) -> None:
    """Poll `check` until it returns true; raise with the log if it never does."""
    while time.monotonic() < deadline:
        if not proc.alive():
            raise RuntimeError(f"{proc.name} exited early:\n{proc.tail()}")
        if check():
            return
        time.sleep(0.1)
    raise RuntimeError(f"{proc.name}: {what} did not happen:\n{proc.tail()}")


def descendants(pid: int) -> list[int]:
    """Every live descendant of `pid`, from /proc (no psutil needed)."""
    found: list[int] = []
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        try:
            kids = [int(k) for k in children.read_text().split()]
        except OSError:
            continue
        for kid in kids:
            found += [kid, *descendants(kid)]
    return found


def _proc_kb(pid: int, key: str, file: str = "status") -> int | None:
    """A ``key: N kB`` line of /proc/<pid>/status (or smaps_rollup), in kB."""
    try:
        for line in Path(f"/proc/{pid}/{file}").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def rss_mb(pids: Sequence[int]) -> float:
    """Current resident memory of these processes together, MiB."""
    return round(sum(_proc_kb(p, "VmRSS") or 0 for p in pids) / 1024, 1)


def pss_mb(pids: Sequence[int]) -> float:
    """Proportional set size of these processes together, MiB.

    Summed RSS counts a shared page once per process that touched it: PostgreSQL's shared
    buffers appear in every backend's RSS. PSS divides each shared page among its users,
    so the sum is the memory these processes really hold.
    """
    return round(sum(_proc_kb(p, "Pss", "smaps_rollup") or 0 for p in pids) / 1024, 1)


def private_mb(pids: Sequence[int]) -> float:
    """Private anonymous resident memory (RssAnon) of these processes, MiB: where a leak shows."""
    return round(sum(_proc_kb(p, "RssAnon") or 0 for p in pids) / 1024, 1)


def peak_rss_mb(pids: Sequence[int]) -> float | None:
    """Largest peak RSS (VmHWM) among these processes, MiB."""
    peaks = [p for p in (_proc_kb(pid, "VmHWM") for pid in pids) if p]
    return round(max(peaks) / 1024, 1) if peaks else None


def total_peak_rss_mb(pids: Sequence[int]) -> float | None:
    """Sum of the peak RSS of these processes (all Sanic workers), MiB."""
    peaks = [p for p in (_proc_kb(pid, "VmHWM") for pid in pids) if p]
    return round(sum(peaks) / 1024, 1) if peaks else None


def cpu_seconds(pids: Sequence[int]) -> float:
    """User + system CPU of these processes, with their reaped children's, in seconds.

    A live child is not in its parent's cutime, so summing over a whole family counts
    every tick once; CPU of a child that exited is kept in its parent's cutime.
    """
    ticks = 0
    for pid in pids:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        ticks += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return ticks / CLOCK_TICKS


def _cmdline(pid: int) -> bytes | None:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return None


def stop(procs: Sequence[Proc], timeout: float = 20) -> None:
    """SIGTERM each process, then SIGKILL what is left, workers included.

    Sanic's master forwards SIGTERM to its workers, but a master killed after the timeout
    leaves its workers orphaned (one was found holding 600 MB an hour later), so the
    children are collected first and reaped too.
    """
    children = {
        kid: _cmdline(kid) for proc in procs if proc.alive() for kid in descendants(proc.pid)
    }
    for proc in procs:
        if proc.alive():
            with contextlib.suppress(ProcessLookupError):
                proc.popen.send_signal(signal.SIGTERM)  # type: ignore[union-attr]
    for proc in procs:
        if proc.popen is None:
            continue
        try:
            proc.popen.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.popen.kill()
            proc.popen.wait()
    for pid, cmdline in children.items():
        if cmdline and _cmdline(pid) == cmdline:  # still the same process, not a reused pid
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
