"""Where the project lives; every launched command runs from the repository root."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
DEPLOY = ROOT / "deploy"
# The trained model (a directory or a .tar.gz); the benchmark points it at its own.
MODELS = Path(os.environ.get("NAVI_MODEL") or ROOT / "models")
