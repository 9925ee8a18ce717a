"""Run ``python -m desk.server`` in a subprocess, as ``make run`` starts it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

from tests.support.stack import ROOT, free_port

USER, PASSWORD = "suzuki", "test-desk-password-1"
API_TOKEN = "test-desk-api-token"


class DeskServer:
    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environ = {
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "DESK_USERS": f"{USER}:{PASSWORD}",
            "DESK_API_TOKEN": API_TOKEN,
            **env,
        }
        environ.pop("DESK_SECRET_KEY", None)
        self._log = log.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "desk.server", "--port", str(self.port)],
            cwd=ROOT,
            env=environ,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"desk.server exited:\n{log.read_text()[-3000:]}")
            try:
                if httpx.get(f"{self.url}/login", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"desk.server did not come up:\n{log.read_text()[-3000:]}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self._log.close()
