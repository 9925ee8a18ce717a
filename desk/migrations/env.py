"""Alembic environment: runs on the connection desk.db hands over (no alembic.ini)."""

from __future__ import annotations

from alembic import context

from desk.models import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through desk.db.migrate(engine)")
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
