"""Alembic environment: runs against the engine handed in by ``truceline.db.migrate``."""

from __future__ import annotations

from typing import Any

from alembic import context
from sqlalchemy import Connection, Engine

from truceline.all_models import import_all_models
from truceline.db import Base, make_engine

import_all_models()
target_metadata = Base.metadata


def _pragma(connection: Connection, sql: str) -> list[Any]:
    """A PRAGMA on the driver's connection, outside any transaction (SQLite ignores
    ``foreign_keys`` inside one, and the engine begins one before its first statement)."""
    cursor = connection.connection.driver_connection.execute(sql)  # type: ignore[union-attr]
    try:
        return list(cursor.fetchall())
    finally:
        cursor.close()


def run_migrations_online() -> None:
    engine: Engine | None = context.config.attributes.get("engine")
    if engine is None:
        url = context.config.get_main_option("sqlalchemy.url")
        if not url:
            raise RuntimeError("no engine or sqlalchemy.url given to the migrations")
        engine = make_engine(url)
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # batch migrations rebuild tables (a new primary key, say): SQLite must not check
            # foreign keys against the half-built copy; they are checked again afterwards
            _pragma(connection, "PRAGMA foreign_keys=OFF")
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
        if sqlite:
            broken = _pragma(connection, "PRAGMA foreign_key_check")
            _pragma(connection, "PRAGMA foreign_keys=ON")
            if broken:
                raise RuntimeError(f"the migration left rows whose foreign keys do not hold: {broken[:5]}")


if context.is_offline_mode():
    raise RuntimeError("Truceline runs its migrations online only")
run_migrations_online()
