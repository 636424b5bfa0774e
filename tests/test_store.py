"""The schema is built by migrations only, on SQLite and PostgreSQL, and never drifts from the models."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from truceline.all_models import import_all_models
from truceline.db import Base, alembic_config, current_revision, make_engine, migrate


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


@pytest.mark.parametrize("casebooks", [["th-kh-2025"], []], ids=["one casebook", "no casebook"])
def test_a_store_from_before_conflicts_gives_its_records_to_one_conflict(tmp_path: Path, casebooks: list[str]) -> None:
    """Rows written at revision 0002 belong, after the upgrade, to the casebook they came from
    (or to a conflict named ``default``); the parties' codes stay as they were."""
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    migrate(engine, "0002")
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO parties (code, name, kind, is_principal, source_urls) VALUES ('A', 'A', 'state', 1, '[]')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO parties (code, name, kind, belongs_to, is_principal, source_urls) "
                "VALUES ('A-ARMY', 'Army of A', 'armed_force', 'A', 0, '[]')"
            )
        )
        for casebook in casebooks:
            connection.execute(
                text(
                    "INSERT INTO casebook_records (casebook_id, record_type, record_id, fingerprint, loaded_at) "
                    "VALUES (:casebook, 'parties', 'A', 'x', '2025-01-01 00:00:00')"
                ),
                {"casebook": casebook},
            )
    migrate(engine)
    expected = casebooks[0] if casebooks else "default"
    with engine.connect() as connection:
        assert connection.execute(text("SELECT id FROM conflicts")).scalars().all() == [expected]
        rows = connection.execute(text("SELECT conflict_id, code, belongs_to FROM parties ORDER BY code")).all()
    assert [tuple(r) for r in rows] == [(expected, "A", None), (expected, "A-ARMY", "A")]
    engine.dispose()
