"""Start the real bot (action server + Rasa server with the trained model) for e2e tests."""

from __future__ import annotations

import os
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import httpx
import yaml

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Stack:
    rasa_url: str
    action_url: str
    workdir: Path

    def rest(self, sender: str, message: str, timeout: float = 60.0) -> list[dict[str, Any]]:
        """Send one message over the REST channel; return the bot's messages."""
        response = httpx.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": message},
            timeout=timeout,
        )
        response.raise_for_status()
        return response.json()

    def rest_text(self, sender: str, message: str) -> str:
        return "\n".join(m.get("text", "") for m in self.rest(sender, message))


def _wait_http(url: str, process: subprocess.Popen, log: Path, timeout: float = 240) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=2).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up:\n{log.read_text()[-3000:]}")


@contextmanager
def running_bot(
    credentials: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    cors: str | None = None,
) -> Iterator[Stack]:
    """Run both servers on free ports with a throw-away SQLite tracker store."""
    workdir = Path(tempfile.mkdtemp(prefix="navi-e2e-"))
    rasa_port, action_port = free_port(), free_port()
    creds = workdir / "credentials.yml"
    channels = credentials if credentials is not None else {"rest": None}
    creds.write_text(yaml.safe_dump(channels, allow_unicode=True), encoding="utf-8")
    environment = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "RASA_TELEMETRY_ENABLED": "false",
        "ACTION_ENDPOINT_URL": f"http://127.0.0.1:{action_port}/webhook",
        "TRACKER_DB": str(workdir / "tracker.db"),
        "HANDOFF_LOG": str(workdir / "handoffs.jsonl"),
        **(env or {}),
    }
    action_log, rasa_log = workdir / "actions.log", workdir / "rasa.log"
    processes: list[subprocess.Popen] = []
    try:
        with action_log.open("wb") as alog:
            processes.append(
                subprocess.Popen(
                    [
                        str(BIN / "rasa"),
                        "run",
                        "actions",
                        "--actions",
                        "actions",
                        "--port",
                        str(action_port),
                    ],
                    cwd=ROOT,
                    env=environment,
                    stdout=alog,
                    stderr=subprocess.STDOUT,
                )
            )
        cmd = [
            str(BIN / "rasa"),
            "run",
            "--model",
            str(ROOT / "models"),
            "--endpoints",
            str(ROOT / "endpoints.yml"),
            "--credentials",
            str(creds),
            "--port",
            str(rasa_port),
        ]
        if cors:
            cmd += ["--cors", cors]
        with rasa_log.open("wb") as rlog:
            processes.append(
                subprocess.Popen(
                    cmd, cwd=ROOT, env=environment, stdout=rlog, stderr=subprocess.STDOUT
                )
            )
        _wait_http(f"http://127.0.0.1:{action_port}/health", processes[0], action_log)
        _wait_http(f"http://127.0.0.1:{rasa_port}/", processes[1], rasa_log)
        yield Stack(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{action_port}", workdir)
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
