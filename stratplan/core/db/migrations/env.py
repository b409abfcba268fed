"""Alembic environment: runs on the connection StratPlan hands it."""

from alembic import context

from stratplan.core.db.models import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
context.run_migrations()
