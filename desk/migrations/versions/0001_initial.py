"""Tickets, audit log and feedback.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "desk_tickets",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("updated_at", sa.DateTime, nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("transcript", sa.Text, nullable=False),
        sa.Column("programs", sa.Text, nullable=False),
        sa.Column("prefecture", sa.String(32)),
        sa.Column("right_type", sa.String(32)),
        sa.Column("country", sa.String(64)),
        sa.Column("urgency", sa.String(8), nullable=False),
        sa.Column("urgency_reason", sa.String(64)),
        sa.Column("summary", sa.Text, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("assignee", sa.String(64)),
        sa.Column("closed_at", sa.DateTime),
    )
    op.create_index("ix_desk_tickets_created_at", "desk_tickets", ["created_at"])
    op.create_index("ix_desk_tickets_sender_id", "desk_tickets", ["sender_id"])
    op.create_index("ix_desk_tickets_urgency", "desk_tickets", ["urgency"])
    op.create_index("ix_desk_tickets_status", "desk_tickets", ["status"])
    op.create_table(
        "desk_audit_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("ticket_id", sa.String(32), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("old_value", sa.String(64)),
        sa.Column("new_value", sa.String(64)),
    )
    op.create_index("ix_desk_audit_log_at", "desk_audit_log", ["at"])
    op.create_index("ix_desk_audit_log_ticket_id", "desk_audit_log", ["ticket_id"])
    op.create_table(
        "desk_feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("channel", sa.String(64), nullable=False),
        sa.Column("rating", sa.String(8), nullable=False),
        sa.Column("intent", sa.String(128)),
        sa.Column("program", sa.String(64)),
    )
    op.create_index("ix_desk_feedback_at", "desk_feedback", ["at"])


def downgrade() -> None:
    op.drop_table("desk_feedback")
    op.drop_table("desk_audit_log")
    op.drop_table("desk_tickets")
