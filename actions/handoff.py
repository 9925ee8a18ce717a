"""Recording handoffs to a human desk: the one place a support-desk feature extends.

Today a handoff is a JSON line in a file the desk can read (HANDOFF_LOG, default
var/handoffs.jsonl). A ticketing integration replaces ``HandoffRecorder.record``.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

logger = logging.getLogger(__name__)


@dataclass
class Handoff:
    """What the desk needs to pick the conversation up."""

    sender_id: str
    channel: str | None
    reason: str
    program: str | None
    recent_user_messages: list[str]
    created_at: str


class HandoffRecorder:
    """Appends handoffs to a JSON-lines file; thread-safe within one process."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._lock = threading.Lock()

    def record(self, handoff: Handoff) -> None:
        line = json.dumps(asdict(handoff), ensure_ascii=False)
        with self._lock:
            self._path.parent.mkdir(parents=True, exist_ok=True)
            with self._path.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
        logger.info("handoff recorded for sender %s (%s)", handoff.sender_id, handoff.reason)


def default_recorder() -> HandoffRecorder:
    """The recorder configured by HANDOFF_LOG."""
    return HandoffRecorder(Path(os.environ.get("HANDOFF_LOG", "var/handoffs.jsonl")))


def new_handoff(
    sender_id: str, channel: str | None, reason: str, program: str | None, messages: list[str]
) -> Handoff:
    """A handoff stamped with the current UTC time."""
    return Handoff(
        sender_id=sender_id,
        channel=channel,
        reason=reason,
        program=program,
        recent_user_messages=messages[-5:],
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
