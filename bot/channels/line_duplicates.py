"""LINE's duplicate deliveries, dropped across every Rasa process (Redis) or within one.

LINE re-sends a webhook it thinks failed, with the same webhookEventId, and nginx may hand
the copy to another Rasa process, whose in-memory RecentIds never saw it. With
LINE_DUPLICATE_CACHE_URL set (the scaled topology), ids are recorded in Redis with
SET NX, so exactly one process answers an event.
"""

from __future__ import annotations

import logging
import os
from typing import Optional, Protocol

import redis

from bot.channels.line_events import RecentIds

logger = logging.getLogger(__name__)

KEY_PREFIX = "navi:line:event:"
# LINE redelivers for a limited time; a day covers it with room to spare.
KEEP_SECONDS = 24 * 3600
TIMEOUT_S = 0.5


class DuplicateFilter(Protocol):
    def seen_before(self, event_id: Optional[str]) -> bool: ...


class SharedRecentIds:
    """Event ids in Redis, shared by all processes; falls back to this process's memory.

    If Redis is briefly unavailable an event is answered rather than dropped: a rare
    double answer is better than a lost question.
    """

    def __init__(self, url: str) -> None:
        self.redis = redis.Redis.from_url(
            url, socket_timeout=TIMEOUT_S, socket_connect_timeout=TIMEOUT_S
        )
        self.local = RecentIds()

    def seen_before(self, event_id: Optional[str]) -> bool:
        if not event_id:
            return False
        if self.local.seen_before(event_id):
            return True
        try:
            first = self.redis.set(KEY_PREFIX + event_id, 1, nx=True, ex=KEEP_SECONDS)
        except redis.exceptions.RedisError as error:
            logger.warning("LINE duplicate cache unavailable (%s).", type(error).__name__)
            return False
        return not first


def duplicate_filter() -> DuplicateFilter:
    """Redis-backed when LINE_DUPLICATE_CACHE_URL is set, else per process."""
    url = os.environ.get("LINE_DUPLICATE_CACHE_URL")
    return SharedRecentIds(url) if url else RecentIds()
