"""Alembic environment: SQLModel's metadata, the URL from tracker's config.

tracker hands in its own connection (config.attributes["connection"]), so a
migration runs inside tracker's transaction; `alembic` on the command line
opens the database that tracker would open.
"""

from alembic import context
from sqlmodel import SQLModel

import tracker.models  # noqa: F401  (registers the tables)

config = context.config
target_metadata = SQLModel.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    from tracker.db import make_engine

    engine = make_engine(config.get_main_option("sqlalchemy.url") or None)
    with engine.connect() as connection:
        run_migrations(connection)
        connection.commit()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("tracker's migrations run online only")
run_migrations_online()
