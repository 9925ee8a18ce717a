"""The kill and restart tests of tests/faults/, run as pytest subprocesses for the report.

The benchmark does not import the test suite; it runs it, and reads what the kill test
wrote (results/faults/kill.json): failed requests, what the widget's retry recovered,
lost messages.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from bench.settings import ROOT
from launcher.processes import base_environment

TESTS = ("tests/faults/test_kill.py", "tests/faults/test_restart.py")


def run(model: Path, timeout_s: float = 900) -> dict[str, Any]:
    """{"kill": {...}, "restart": {"passed": bool}, "pytest_summary": last line}."""
    kill_file = ROOT / "results" / "faults" / "kill.json"
    kill_file.unlink(missing_ok=True)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *TESTS]
    done = subprocess.run(
        command,
        cwd=ROOT,
        env=base_environment({"NAVI_MODEL": str(model)}),
        capture_output=True,
        text=True,
        timeout=timeout_s,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return {
        "kill": _read(kill_file),
        "restart": {"passed": "test_restart.py" not in _failed(done.stdout)},
        "all_passed": done.returncode == 0,
        "pytest_summary": lines[-1] if lines else done.stderr[-300:],
    }


def _read(path: Path) -> dict[str, Any] | None:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None


def _failed(stdout: str) -> str:
    return "\n".join(line for line in stdout.splitlines() if line.startswith(("FAILED", "ERROR")))
