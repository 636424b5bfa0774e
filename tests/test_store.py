"""The schema is built by migrations only, on SQLite and PostgreSQL, and never drifts from the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect

from truceline.db import Base, alembic_config, current_revision, import_all_models


def test_migrations_build_every_table(engine: Engine) -> None:
    import_all_models()
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert current_revision(engine) == ScriptDirectory.from_config(alembic_config(engine)).get_current_head()


def test_models_and_migrations_do_not_drift(engine: Engine) -> None:
    import_all_models()
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrations_have_one_head(sqlite_engine: Engine) -> None:
    heads = ScriptDirectory.from_config(alembic_config(sqlite_engine)).get_heads()
    assert len(heads) == 1, f"several Alembic heads: {heads}"
