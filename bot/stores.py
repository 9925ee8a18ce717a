"""Conversation stores that fail politely: the tracker store (SQL) and the lock store (Redis).

Configured by module path in endpoints.yml (`type: bot.stores.ConversationStore`). When
PostgreSQL or Redis is briefly unavailable, every store call fails fast with
StoreUnavailable instead of hanging (connect, statement and socket timeouts of a few
seconds), and the user is asked to send the message again (bot/rasa_patches.py turns
StoreUnavailable into BUSY_TEXT). Pools check a connection before use, so service comes
back by itself when the store returns.
"""

from __future__ import annotations

import itertools
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager, suppress
from typing import Any, Optional

import redis
import sqlalchemy as sa
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import INTENT_NAME_KEY
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy import event as sa_event
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session, sessionmaker

from bot import rasa_patches
from bot.kept_trackers import KeptTrackers

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


def _sqlite_pragmas(connection: Any, _: Any) -> None:
    """WAL with synchronous=NORMAL: no fsync per turn (it was 17 % of the server's time,
    blocking the event loop); committed turns survive a killed process, and only an OS
    crash or power loss can drop the last few."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


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


def _row(sender_id: str, event: Event) -> dict[str, Any]:
    """One row of Rasa's events table, exactly as SQLTrackerStore.save writes it."""
    data = event.as_dict()
    return {
        "sender_id": sender_id,
        "type_name": event.type_name,
        "timestamp": data.get("timestamp"),
        "intent_name": data.get("parse_data", {}).get("intent", {}).get(INTENT_NAME_KEY),
        "action_name": data.get("name"),
        "data": json.dumps(data),
    }


# How many of a tracker's events are already in the database (set by retrieve/save).
_STORED = "_navi_stored_events"


class ConversationStore(SQLTrackerStore):
    """Rasa's SQL tracker store with bounded waits, a polite failure and less work per turn.

    Rasa counts a conversation's stored events with an extra query on every save, to know
    which events are new. The tracker that retrieve() returned already knows that number,
    and the conversation lock keeps anyone else from writing in between, so it is
    remembered on the tracker instead (a tracker from elsewhere falls back to the query).

    The tracker itself is kept between turns (bot/kept_trackers.py) and handed out again
    while the conversation's newest event id in the database is unchanged: one indexed
    query instead of loading and replaying the whole session on every message.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        rasa_patches.apply()
        # Rasa waits for the database at start-up (a systemd restart loop is fine), then
        # builds its engine without timeouts; rebuild it with ours.
        super().__init__(*args, **kwargs)
        # Conversations retrieve() found empty: their first save stores every event.
        self._new: set[str] = set()
        self._kept = KeptTrackers()
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, **engine_options(url))
        if url.get_backend_name() == "sqlite":
            sa_event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessionmaker = sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> Optional[DialogueStateTracker]:
        with _unavailable_on(DATABASE_ERRORS, "tracker store"):
            # Read before the events: a write in between leaves the noted id behind the
            # database's, so the next retrieve loads again rather than trust a stale one.
            newest = self._newest_event_id(sender_id)
            kept = self._kept.get(sender_id, newest)
            if kept is not None:
                return kept
            tracker = await super().retrieve(sender_id)
        if tracker is None:
            self._new.add(sender_id)
        else:
            setattr(tracker, _STORED, len(tracker.events))
            self._kept.keep(tracker, newest)
        return tracker

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's save, with one multi-row INSERT instead of an ORM object per event."""
        if not hasattr(tracker, _STORED) and tracker.sender_id in self._new:
            # Rasa's wrapper created this tracker right after retrieve() found nothing.
            setattr(tracker, _STORED, 0)
        self._new.discard(tracker.sender_id)
        await self.stream_events(tracker)
        self._kept.forget(tracker.sender_id)  # kept again only once the rows are in
        with _unavailable_on(DATABASE_ERRORS, "tracker store"), self.session_scope() as session:
            rows = [_row(tracker.sender_id, e) for e in self._additional_events(session, tracker)]
            if rows:
                session.execute(self.SQLEvent.__table__.insert(), rows)
                session.commit()
            # The conversation lock keeps other writers out until this turn ends, so the
            # newest id now is this save's last row.
            newest = self._newest_event_id(tracker.sender_id, session)
        setattr(tracker, _STORED, len(tracker.events))
        self._kept.keep(tracker, newest)

    def _newest_event_id(self, sender_id: str, session: Optional[Session] = None) -> Optional[int]:
        """The id of the conversation's newest stored event (index on sender_id)."""
        query = sa.select(sa.func.max(self.SQLEvent.id)).where(self.SQLEvent.sender_id == sender_id)
        if session is not None:
            return session.execute(query).scalar()
        with self.session_scope() as own:
            return own.execute(query).scalar()

    def _additional_events(self, session: Session, tracker: DialogueStateTracker) -> Iterator:
        stored = getattr(tracker, _STORED, None)
        if stored is None:
            return super()._additional_events(session, tracker)
        return itertools.islice(tracker.events, stored, len(tracker.events))


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
