"""Conversation stores that fail politely: the tracker store (SQL) and the lock store (Redis).

Configured by module path in endpoints.yml (`type: bot.stores.ConversationStore`). When
PostgreSQL or Redis is briefly unavailable, every store call fails fast with
StoreUnavailable instead of hanging (connect, statement and socket timeouts of a few
seconds), and the user is asked to send the message again (bot/rasa_patches.py turns
StoreUnavailable into BUSY_TEXT). Pools check a connection before use, so service comes
back by itself when the store returns.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from typing import Any, Optional

import redis
import sqlalchemy as sa
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import sessionmaker

from bot import rasa_patches

logger = logging.getLogger(__name__)

# What a user reads when a store is unavailable: their message was not taken, so they
# are asked to send it again (the widget keeps it in the input history).
BUSY_TEXT = "ただいま混み合っています。少し時間をおいてもう一度お送りください。"

# Each store call gives up after a few seconds, so a whole turn (a handful of calls)
# answers well within 10 s even when a store hangs instead of refusing connections.
CONNECT_TIMEOUT_S = 2
STATEMENT_TIMEOUT_MS = 3000
REDIS_TIMEOUT_S = 2.0
# Rasa polls a busy conversation lock once a second by default; a user's second message
# waits for the first, so poll more often.
LOCK_POLL_S = 0.05

DATABASE_ERRORS = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)
REDIS_ERRORS = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class StoreUnavailable(RasaException):
    """A conversation store (database or lock store) cannot be reached right now."""


@contextmanager
def _unavailable_on(errors: tuple[type[BaseException], ...], store: str) -> Iterator[None]:
    try:
        yield
    except errors as error:
        # The type only: a driver's message can contain connection details.
        logger.warning("%s unavailable (%s).", store, type(error).__name__)
        raise StoreUnavailable(f"{store} unavailable") from error


def engine_options(url: sa.engine.URL) -> dict[str, Any]:
    """Pool and timeout settings; SQLite (the embedded default) needs none."""
    if url.get_backend_name() != "postgresql":
        return {}
    return {
        "pool_pre_ping": True,  # a connection broken by a restart is replaced, not used
        "pool_size": 5,
        "max_overflow": 5,
        "pool_timeout": CONNECT_TIMEOUT_S,
        "connect_args": {
            "connect_timeout": CONNECT_TIMEOUT_S,
            "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
            "keepalives": 1,
            "keepalives_idle": 10,
            "keepalives_interval": 2,
            "keepalives_count": 2,
        },
    }


class ConversationStore(SQLTrackerStore):
    """Rasa's SQL tracker store with bounded waits and a polite failure."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        rasa_patches.apply()
        # Rasa waits for the database at start-up (a systemd restart loop is fine), then
        # builds its engine without timeouts; rebuild it with ours.
        super().__init__(*args, **kwargs)
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, **engine_options(url))
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        with _unavailable_on(DATABASE_ERRORS, "tracker store"):
            return await super().retrieve(sender_id)

    async def save(self, tracker: DialogueStateTracker) -> None:
        with _unavailable_on(DATABASE_ERRORS, "tracker store"):
            await super().save(tracker)


class ConversationLockStore(RedisLockStore):
    """Rasa's Redis lock store with short timeouts and a polite failure."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        rasa_patches.apply()
        settings = {k: v for k, v in endpoint_config.kwargs.items() if k != "socket_timeout"}
        host = endpoint_config.url or "localhost"
        super().__init__(host=host, socket_timeout=REDIS_TIMEOUT_S, **settings)
        # Rasa's client has no connect timeout: a Redis that does not answer SYN would
        # hang the turn. Same connection settings, plus one.
        self.red = redis.StrictRedis(
            host=host,
            port=int(settings.get("port", 6379)),
            db=int(settings.get("db", 1)),
            username=settings.get("username"),
            password=settings.get("password"),
            ssl=bool(settings.get("use_ssl", False)),
            socket_timeout=REDIS_TIMEOUT_S,
            socket_connect_timeout=REDIS_TIMEOUT_S,
        )

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float = LOCK_LIFETIME,
        wait_time_in_seconds: float = LOCK_POLL_S,
    ) -> AsyncIterator[Any]:
        """Rasa's ticket lock; a lost Redis becomes StoreUnavailable, never a hang."""
        # Rasa's issue_ticket reports a lost Redis as LockError.
        with _unavailable_on((*REDIS_ERRORS, LockError), "lock store"):
            ticket = self.issue_ticket(conversation_id, lock_lifetime)
        try:
            with _unavailable_on((*REDIS_ERRORS, LockError), "lock store"):
                acquired = await self._acquire_lock(conversation_id, ticket, wait_time_in_seconds)
            yield acquired
        finally:
            # If Redis is gone the ticket simply expires after its lifetime.
            with suppress(*REDIS_ERRORS):
                self.cleanup(conversation_id, ticket)
