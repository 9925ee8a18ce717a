"""Trackers kept between a conversation's turns, so a turn does not rebuild its tracker.

Rasa's SQL tracker store rebuilds the tracker on every message: it loads every event of
the session, parses each one's JSON and replays it. That cost grows with the session
(7 ms at 150 events, 20 ms at 470, measured in-process), and it throws away the dialogue
states that bot/dialogue_states_cache.py keeps per live tracker. Rasa has no such cache
(its InMemoryTrackerStore keeps serialised trackers and rebuilds them too), hence this.

A kept tracker is handed out again only while it is exactly what the database holds:

- the tracker has no events beyond those saved (a turn that failed before saving leaves
  unsaved events on it, so it is dropped);
- the conversation's newest event id in the database is still the one noted at the last
  save or load (another process, or a restart, that wrote to the conversation changes it).

Otherwise the store loads from the database as Rasa does. Entries expire after a short
idle time and the number kept is bounded, so memory follows the number of conversations
active right now, not the number ever served.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable, Optional

from rasa.shared.core.events import SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker

# Users think 5-20 s between messages; a minute keeps a conversation through a pause.
IDLE_SECONDS = 60.0
# Far above the conversations one process answers within a minute (about 600 at 500
# concurrent users with think time, split over the processes), so only a flood evicts.
MAX_KEPT = 2000


@dataclass
class _Kept:
    tracker: DialogueStateTracker
    events: int  # how many events were saved, or loaded
    newest_id: Optional[int]  # the conversation's newest event id in the database then
    touched: float


class KeptTrackers:
    """Per conversation: the last tracker saved or loaded, and what the database held."""

    def __init__(
        self,
        idle_seconds: float = IDLE_SECONDS,
        max_kept: int = MAX_KEPT,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._idle = idle_seconds
        self._max = max_kept
        self._clock = clock
        self._kept: OrderedDict[str, _Kept] = OrderedDict()

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, sender_id: str, newest_id: Optional[int]) -> Optional[DialogueStateTracker]:
        """The kept tracker if it still matches the database, else None (and it is dropped)."""
        self._expire()
        kept = self._kept.pop(sender_id, None)
        if kept is None:
            return None
        if newest_id is None or kept.newest_id != newest_id:
            return None
        if len(kept.tracker.events) != kept.events:
            return None
        kept.touched = self._clock()
        self._kept[sender_id] = kept
        return kept.tracker

    def keep(self, tracker: DialogueStateTracker, newest_id: Optional[int]) -> None:
        """Note a tracker that now matches the database exactly."""
        self._kept.pop(tracker.sender_id, None)
        if newest_id is None or _holds_earlier_sessions(tracker):
            # A tracker that started a new session this turn still holds the old one's
            # events; the database load returns the new session only, and stays short.
            return
        kept = _Kept(tracker, len(tracker.events), newest_id, self._clock())
        self._kept[tracker.sender_id] = kept
        while len(self._kept) > self._max:
            self._kept.popitem(last=False)

    def forget(self, sender_id: str) -> None:
        self._kept.pop(sender_id, None)

    def _expire(self) -> None:
        limit = self._clock() - self._idle
        while self._kept:
            oldest = next(iter(self._kept.values()))
            if oldest.touched >= limit:
                break
            self._kept.popitem(last=False)


def _holds_earlier_sessions(tracker: DialogueStateTracker) -> bool:
    """A SessionStarted after the first few events: the tracker spans two sessions."""
    for index, event in enumerate(tracker.events):
        if isinstance(event, SessionStarted) and index > 1:
            return True
    return False
