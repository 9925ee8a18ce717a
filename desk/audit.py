"""The audit log: who changed which ticket, when, from what to what."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.engine import Connection, Engine

from desk.db import get_engine
from desk.models import audit_log


@dataclass
class AuditEntry:
    at: datetime
    actor: str
    ticket_id: str
    action: str
    old_value: str | None
    new_value: str | None


def write(
    connection: Connection,
    actor: str,
    ticket_id: str,
    action: str,
    old_value: str | None,
    new_value: str | None,
    at: datetime,
) -> None:
    """Add one entry inside the caller's transaction, so change and entry commit together."""
    connection.execute(
        insert(audit_log).values(
            at=at,
            actor=actor,
            ticket_id=ticket_id,
            action=action,
            old_value=old_value,
            new_value=new_value,
        )
    )


def entries(ticket_id: str | None = None, engine: Engine | None = None) -> list[AuditEntry]:
    """Entries, oldest first; one ticket's when ``ticket_id`` is given."""
    engine = engine or get_engine()
    query = select(audit_log).order_by(audit_log.c.at, audit_log.c.id)
    if ticket_id:
        query = query.where(audit_log.c.ticket_id == ticket_id)
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    return [
        AuditEntry(r["at"], r["actor"], r["ticket_id"], r["action"], r["old_value"], r["new_value"])
        for r in rows
    ]
