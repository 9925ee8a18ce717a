"""👍/👎 feedback on answers, stored with the intent and program of the answer rated."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, insert, select
from sqlalchemy.engine import Engine

from desk import config
from desk.db import get_engine, utcnow
from desk.models import feedback

RATINGS = ("up", "down")


def record_feedback(
    *,
    sender_id: str,
    channel: str,
    rating: str,
    intent: str | None,
    program: str | None,
    engine: Engine | None = None,
) -> None:
    """Store one rating; raises ValueError for anything but up/down."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be up or down, got {rating!r}")
    engine = engine or get_engine()
    with engine.begin() as connection:
        connection.execute(
            insert(feedback).values(
                at=utcnow(),
                sender_id=sender_id,
                channel=channel or "unknown",
                rating=rating,
                intent=intent,
                program=program,
            )
        )


def feedback_counts(engine: Engine | None = None) -> list[dict[str, object]]:
    """Per intent and program: 👍 and 👎 counts, most 👎 first."""
    engine = engine or get_engine()
    query = select(
        feedback.c.intent, feedback.c.program, feedback.c.rating, func.count().label("n")
    ).group_by(feedback.c.intent, feedback.c.program, feedback.c.rating)
    with engine.connect() as connection:
        rows = connection.execute(query).all()
    table: dict[tuple[str | None, str | None], dict[str, object]] = {}
    for intent, program, rating, n in rows:
        entry = table.setdefault(
            (intent, program), {"intent": intent, "program": program, "up": 0, "down": 0}
        )
        entry[rating] = int(n)
    return sorted(table.values(), key=lambda e: (-int(e["down"]), -int(e["up"])))  # type: ignore[arg-type]


def purge_expired_feedback(days: int | None = None, engine: Engine | None = None) -> int:
    engine = engine or get_engine()
    cutoff = utcnow() - timedelta(days=days or config.retention_days())
    with engine.begin() as connection:
        return connection.execute(delete(feedback).where(feedback.c.at < cutoff)).rowcount
