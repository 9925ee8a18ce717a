"""Tickets: create from a handoff, list the queue, assign, close, export, delete, purge.

Every status change and deletion writes an audit entry in the same transaction.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, delete, func, insert, select, update
from sqlalchemy.engine import Engine

from desk import audit, config
from desk.db import get_engine, utcnow
from desk.masking import mask_personal_data
from desk.models import STATUSES, tickets
from desk.summary import summarize
from desk.urgency import HIGH, assess_urgency


@dataclass
class Turn:
    """One line of a transcript: ``role`` is user or bot; text is already masked."""

    role: str
    text: str
    at: str | None = None


@dataclass
class NewTicket:
    """What a handoff hands over; text is masked by ``create_ticket``."""

    channel: str
    sender_id: str
    reason: str
    transcript: list[Turn]
    programs: list[str] = field(default_factory=list)
    prefecture: str | None = None
    right_type: str | None = None
    country: str | None = None


@dataclass
class Ticket:
    id: str
    created_at: datetime
    updated_at: datetime
    channel: str
    sender_id: str
    reason: str
    transcript: list[Turn]
    programs: list[str]
    prefecture: str | None
    right_type: str | None
    country: str | None
    urgency: str
    urgency_reason: str | None
    summary: str
    status: str
    assignee: str | None
    closed_at: datetime | None

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("created_at", "updated_at", "closed_at"):
            value = data[key]
            data[key] = value.isoformat() + "Z" if value else None
        return data


@dataclass
class QueueFilter:
    """Queue filters; ``status`` "open" means new or assigned, "all" means any."""

    program: str | None = None
    prefecture: str | None = None
    channel: str | None = None
    status: str = "open"
    limit: int = 200


class TicketError(ValueError):
    """A request the desk cannot carry out (unknown ticket, bad status)."""


def create_ticket(new: NewTicket, engine: Engine | None = None) -> Ticket:
    """Mask the transcript, assess urgency, summarise and store; returns the ticket.

    One conversation has at most one open ticket: a later handoff in it (an urgent
    warning letter, then 「人と話したい」) refreshes that ticket's transcript and details
    and keeps its id, status, assignee and the higher urgency, so the desk never works the
    same conversation twice.
    """
    engine = engine or get_engine()
    transcript = [Turn(t.role, mask_personal_data(t.text), t.at) for t in new.transcript]
    user_texts = [t.text for t in transcript if t.role == "user"]
    urgency = assess_urgency(user_texts)
    level, urgency_reason = urgency.level, urgency.reason
    if new.reason == "urgent" and level != HIGH:
        level, urgency_reason = HIGH, "緊急"
    now = utcnow()
    row = {
        "id": uuid.uuid4().hex[:12],
        "created_at": now,
        "updated_at": now,
        "channel": new.channel or "unknown",
        "sender_id": new.sender_id,
        "reason": new.reason,
        "transcript": json.dumps([asdict(t) for t in transcript], ensure_ascii=False),
        "programs": json.dumps(list(dict.fromkeys(new.programs))),
        "prefecture": new.prefecture,
        "right_type": new.right_type,
        "country": new.country,
        "urgency": level,
        "urgency_reason": urgency_reason,
        "summary": summarize(
            reason=new.reason,
            channel=new.channel,
            programs=new.programs,
            prefecture=new.prefecture,
            right_type=new.right_type,
            country=new.country,
            urgency_reason=urgency_reason,
            user_messages=user_texts,
        ),
        "status": "new",
        "assignee": None,
        "closed_at": None,
    }
    with engine.begin() as connection:
        open_one = (
            connection.execute(
                select(tickets)
                .where(tickets.c.sender_id == row["sender_id"])
                .where(tickets.c.channel == row["channel"])
                .where(tickets.c.status.in_(("new", "assigned")))
                .order_by(tickets.c.created_at.desc())
            )
            .mappings()
            .first()
        )
        if open_one is None:
            connection.execute(insert(tickets).values(**row))
            return _ticket(row)
        kept = {k: open_one[k] for k in ("id", "created_at", "status", "assignee", "closed_at")}
        if open_one["urgency"] == HIGH and row["urgency"] != HIGH:
            kept.update(urgency=HIGH, urgency_reason=open_one["urgency_reason"])
        row.update(kept)
        changes = {k: v for k, v in row.items() if k not in ("id", "created_at")}
        connection.execute(update(tickets).where(tickets.c.id == row["id"]).values(**changes))
    return _ticket(row)


def get_ticket(ticket_id: str, engine: Engine | None = None) -> Ticket | None:
    engine = engine or get_engine()
    with engine.connect() as connection:
        query = select(tickets).where(tickets.c.id == ticket_id)
        row = connection.execute(query).mappings().first()
    return _ticket(dict(row)) if row else None


def list_tickets(filters: QueueFilter | None = None, engine: Engine | None = None) -> list[Ticket]:
    """The queue: most urgent first, then newest first."""
    filters = filters or QueueFilter()
    engine = engine or get_engine()
    query = select(tickets)
    if filters.status == "open":
        query = query.where(tickets.c.status.in_(("new", "assigned")))
    elif filters.status in STATUSES:
        query = query.where(tickets.c.status == filters.status)
    if filters.prefecture:
        query = query.where(tickets.c.prefecture == filters.prefecture)
    if filters.channel:
        query = query.where(tickets.c.channel == filters.channel)
    if filters.program:
        # programs is a JSON list of ids; ids are [a-z_]+, so the quoted id is unambiguous.
        query = query.where(tickets.c.programs.contains(f'"{filters.program}"'))
    urgent_first = case((tickets.c.urgency == HIGH, 0), else_=1)
    query = query.order_by(urgent_first, tickets.c.created_at.desc(), tickets.c.id)
    query = query.limit(max(1, min(filters.limit, 1000)))
    with engine.connect() as connection:
        rows = connection.execute(query).mappings().all()
    return [_ticket(dict(row)) for row in rows]


def filter_options(engine: Engine | None = None) -> dict[str, list[str]]:
    """Values present in stored tickets, for the queue's filter menus."""
    engine = engine or get_engine()
    with engine.connect() as connection:
        prefectures = connection.execute(
            select(tickets.c.prefecture).where(tickets.c.prefecture.isnot(None)).distinct()
        ).scalars()
        channels = connection.execute(select(tickets.c.channel).distinct()).scalars()
        return {"prefectures": sorted(prefectures), "channels": sorted(channels)}


def assign(ticket_id: str, user: str, engine: Engine | None = None) -> Ticket:
    """Assign to ``user``; a done ticket is reopened as assigned."""
    return _set_status(ticket_id, "assigned", user, engine, assignee=user)


def mark_done(ticket_id: str, user: str, engine: Engine | None = None) -> Ticket:
    return _set_status(ticket_id, "done", user, engine)


def _set_status(
    ticket_id: str, status: str, actor: str, engine: Engine | None, assignee: str | None = None
) -> Ticket:
    engine = engine or get_engine()
    now = utcnow()
    with engine.begin() as connection:
        row = connection.execute(
            select(tickets.c.status, tickets.c.assignee).where(tickets.c.id == ticket_id)
        ).first()
        if row is None:
            raise TicketError("ticket not found")
        values: dict[str, Any] = {
            "status": status,
            "updated_at": now,
            "closed_at": now if status == "done" else None,
        }
        if assignee is not None:
            values["assignee"] = assignee
        elif status == "done" and not row.assignee:
            values["assignee"] = actor
        connection.execute(update(tickets).where(tickets.c.id == ticket_id).values(**values))
        audit.write(connection, actor, ticket_id, "status", row.status, status, now)
        if assignee is not None and assignee != row.assignee:
            audit.write(connection, actor, ticket_id, "assignee", row.assignee, assignee, now)
    ticket = get_ticket(ticket_id, engine)
    assert ticket is not None
    return ticket


def delete_ticket(ticket_id: str, actor: str, engine: Engine | None = None) -> bool:
    """Delete one ticket (a user's right to erasure); the audit keeps only the id."""
    engine = engine or get_engine()
    with engine.begin() as connection:
        deleted = connection.execute(delete(tickets).where(tickets.c.id == ticket_id)).rowcount
        if deleted:
            audit.write(connection, actor, ticket_id, "delete", None, None, utcnow())
    return bool(deleted)


def delete_by_sender(sender_id: str, actor: str, engine: Engine | None = None) -> int:
    """Delete every ticket of one conversation id; returns how many."""
    engine = engine or get_engine()
    with engine.begin() as connection:
        ids = (
            connection.execute(select(tickets.c.id).where(tickets.c.sender_id == sender_id))
            .scalars()
            .all()
        )
        connection.execute(delete(tickets).where(tickets.c.sender_id == sender_id))
        now = utcnow()
        for ticket_id in ids:
            audit.write(connection, actor, ticket_id, "delete", None, None, now)
    return len(ids)


def purge_expired(days: int | None = None, engine: Engine | None = None) -> int:
    """Delete tickets older than the retention period; returns how many."""
    engine = engine or get_engine()
    cutoff = utcnow() - timedelta(days=days or config.retention_days())
    with engine.begin() as connection:
        ids = (
            connection.execute(select(tickets.c.id).where(tickets.c.created_at < cutoff))
            .scalars()
            .all()
        )
        connection.execute(delete(tickets).where(tickets.c.created_at < cutoff))
        now = utcnow()
        for ticket_id in ids:
            audit.write(connection, "retention", ticket_id, "purge", None, None, now)
    return len(ids)


def export_tickets(
    filters: QueueFilter | None = None, engine: Engine | None = None
) -> list[dict[str, Any]]:
    """Tickets as JSON-ready dicts (the desk's export)."""
    filters = filters or QueueFilter(status="all", limit=1000)
    return [t.to_json() for t in list_tickets(filters, engine)]


def count_tickets(engine: Engine | None = None) -> int:
    engine = engine or get_engine()
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(tickets)).scalar_one())


def _ticket(row: dict[str, Any]) -> Ticket:
    return Ticket(
        id=row["id"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
        channel=row["channel"],
        sender_id=row["sender_id"],
        reason=row["reason"],
        transcript=[Turn(**t) for t in _json_list(row["transcript"])],
        programs=list(_json_list(row["programs"])),
        prefecture=row["prefecture"],
        right_type=row["right_type"],
        country=row["country"],
        urgency=row["urgency"],
        urgency_reason=row["urgency_reason"],
        summary=row["summary"],
        status=row["status"],
        assignee=row["assignee"],
        closed_at=row["closed_at"],
    )


def _json_list(value: str | list[Any]) -> list[Any]:
    return json.loads(value) if isinstance(value, str) else list(value)
