"""Desk fixtures: every store test runs on SQLite and on a real PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import delete
from sqlalchemy.engine import Engine

from desk.db import dispose_all, get_engine
from desk.models import audit_log, feedback, tickets
from tests.support.postgres import running_postgres


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One throw-away cluster for the whole session (`make postgres-deps` installs it)."""
    with running_postgres(database="desk") as url:
        yield url
    dispose_all()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend_url(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[str]:
    """One database per module and backend (a module's desk server can share it)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('desk') / 'desk.db'}"
    else:
        url = request.getfixturevalue("postgres_url")
    yield url
    if request.param == "sqlite":
        get_engine(url).dispose()


@pytest.fixture
def db_url(backend_url: str, monkeypatch) -> Iterator[str]:
    """The desk database URL, set as DESK_DB_URL; tables are emptied after each test."""
    monkeypatch.setenv("DESK_DB_URL", backend_url)
    monkeypatch.delenv("DESK_SLACK_BOT_TOKEN", raising=False)
    yield backend_url
    with get_engine(backend_url).begin() as connection:
        for table in (tickets, audit_log, feedback):
            connection.execute(delete(table))


@pytest.fixture
def engine(db_url: str) -> Engine:
    return get_engine(db_url)
