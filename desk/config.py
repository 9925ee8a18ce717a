"""Desk settings, read from the environment when asked (never at import time)."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB_PATH = ROOT / "var" / "desk.db"
DEFAULT_RETENTION_DAYS = 90


def db_url() -> str:
    """``DESK_DB_URL`` (e.g. postgresql://…), else the embedded SQLite in var/desk.db."""
    url = os.environ.get("DESK_DB_URL", "").strip()
    return url or f"sqlite:///{DEFAULT_DB_PATH}"


def retention_days() -> int:
    """How long tickets and feedback are kept (``DESK_RETENTION_DAYS``, default 90)."""
    raw = os.environ.get("DESK_RETENTION_DAYS", "").strip()
    if not raw:
        return DEFAULT_RETENTION_DAYS
    try:
        days = int(raw)
    except ValueError as error:
        message = f"DESK_RETENTION_DAYS must be a whole number of days, got {raw!r}"
        raise ValueError(message) from error
    if days < 1:
        raise ValueError("DESK_RETENTION_DAYS must be at least 1")
    return days


def tracker_db_url() -> str | None:
    """Rasa's SQL tracker store, which insights read: ``DESK_TRACKER_DB_URL`` or ``TRACKER_DB``."""
    url = os.environ.get("DESK_TRACKER_DB_URL", "").strip()
    if url:
        return url
    path = Path(os.environ.get("TRACKER_DB", "").strip() or ROOT / "var" / "tracker.db")
    # Not yet written by Rasa: nothing to read (and no empty file created by reading).
    return f"sqlite:///{path.resolve()}" if path.is_file() else None
