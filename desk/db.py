"""One engine per database URL, created lazily on first use and migrated to head.

The action server calls this from its first handoff, not per request: the engine and
its pool live for the process.
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import Engine, make_url

from desk import config

logger = logging.getLogger(__name__)

MIGRATIONS = Path(__file__).with_name("migrations")
_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def utcnow() -> datetime:
    """Naive UTC, as stored in every DateTime column (SQLite keeps no time zone)."""
    return datetime.now(timezone.utc).replace(tzinfo=None)


def get_engine(url: str | None = None) -> Engine:
    """The engine for ``url`` (default: ``config.db_url()``), migrated on first use."""
    url = url or config.db_url()
    engine = _engines.get(url)
    if engine is not None:
        return engine
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create(url)
            migrate(engine)
            _engines[url] = engine
    return engine


def _create(url: str) -> Engine:
    if url.startswith("sqlite"):
        database = make_url(url).database
        if database and database != ":memory:":
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        # Several processes (action server, desk app) share the file: wait for locks.
        return create_engine(url, future=True, connect_args={"timeout": 15})
    return create_engine(url, future=True, pool_pre_ping=True)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        with engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, "head")
    except Exception:
        # Another process may have migrated at the same moment; fine if it got there.
        if not _at_head(engine, cfg):
            raise


def _at_head(engine: Engine, cfg: object) -> bool:
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(cfg).get_current_head()  # type: ignore[arg-type]
    with engine.connect() as connection:
        if "alembic_version" not in inspect(connection).get_table_names():
            return False
        return MigrationContext.configure(connection).get_current_revision() == head


def dispose_all() -> None:
    """Close every pooled connection (tests, shutdown)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()
