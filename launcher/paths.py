"""Where the project lives; every launched command runs from the repository root."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
DEPLOY = ROOT / "deploy"
MODELS = ROOT / "models"
