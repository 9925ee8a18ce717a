"""The desk's tables. Schema changes go through Alembic (desk/migrations), never create_all."""

from __future__ import annotations

from sqlalchemy import Column, DateTime, Integer, MetaData, String, Table, Text

metadata = MetaData()

tickets = Table(
    "desk_tickets",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("created_at", DateTime, nullable=False, index=True),  # naive UTC
    Column("updated_at", DateTime, nullable=False),
    Column("channel", String(64), nullable=False),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("reason", String(32), nullable=False),
    Column("transcript", Text, nullable=False),  # JSON list of {role, text, at}, masked
    Column("programs", Text, nullable=False),  # JSON list of program ids
    Column("prefecture", String(32)),
    Column("right_type", String(32)),
    Column("country", String(64)),
    Column("urgency", String(8), nullable=False, index=True),  # high / normal
    Column("urgency_reason", String(64)),
    Column("summary", Text, nullable=False),  # two lines of Japanese
    Column("status", String(16), nullable=False, index=True),  # new / assigned / done
    Column("assignee", String(64)),
    Column("closed_at", DateTime),
)

audit_log = Table(
    "desk_audit_log",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("actor", String(64), nullable=False),
    Column("ticket_id", String(32), nullable=False, index=True),
    Column("action", String(32), nullable=False),  # assign / done / reopen / delete / purge
    Column("old_value", String(64)),
    Column("new_value", String(64)),
)

feedback = Table(
    "desk_feedback",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", DateTime, nullable=False, index=True),
    Column("sender_id", String(255), nullable=False),
    Column("channel", String(64), nullable=False),
    Column("rating", String(8), nullable=False),  # up / down
    Column("intent", String(128)),
    Column("program", String(64)),
)

STATUSES = ("new", "assigned", "done")
URGENCIES = ("high", "normal")
