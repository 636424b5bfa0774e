"""Shared fixtures: real stores built by migrating, on SQLite and on PostgreSQL.

PostgreSQL tests use the server named by ``TRUCELINE_TEST_POSTGRES_URL`` (default: the local
server at 127.0.0.1:5432, database ``test``, trust auth). Each test session works in a schema
of its own, dropped at the end, so runs never see each other's data. Where no server answers,
those tests are skipped with the reason.

SQLite stores are copied from template files built once per test process (:func:`copy_store`):
a migrated empty store, and one with the bundled casebook loaded. On PostgreSQL the casebook is
loaded once per test process into a template schema and its rows copied into each test's schema
(:func:`copy_rows`). Migrating and loading are what every such test would otherwise repeat; each
test still gets a store of its own.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from truceline.all_models import import_all_models
from truceline.casebooks.loader import Casebook, bundled_casebook_path, load_casebook, read_casebook
from truceline.conflicts.services import add_conflict
from truceline.db import Base, make_engine, migrate, session_factory, transaction
from truceline.domain.conflict import ConflictDefinition, parties_in_order
from truceline.parties.services import add_party

POSTGRES_URL = os.environ.get("TRUCELINE_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REPO = Path(__file__).resolve().parents[1]
SEED_DIR = REPO.parent / "shared" / "seed"


def _postgres_reason() -> str | None:
    try:
        engine = make_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("select 1"))
        engine.dispose()
    except Exception as exc:  # any failure to connect means: skip, with the reason
        return f"PostgreSQL is not reachable at {POSTGRES_URL}: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"
    return None


@pytest.fixture(scope="session", autouse=True)
def ledger_key(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One ledger signing key for the whole run, outside the working tree (commands run as
    subprocesses inherit it); tests of the key's default place set their own."""
    from truceline.config import get_settings

    path = tmp_path_factory.mktemp("ledger-key") / "ledger-key.pem"
    before = os.environ.get("TRUCELINE_LEDGER_KEY")
    os.environ["TRUCELINE_LEDGER_KEY"] = str(path)
    get_settings.cache_clear()
    yield path
    if before is None:
        os.environ.pop("TRUCELINE_LEDGER_KEY", None)
    else:
        os.environ["TRUCELINE_LEDGER_KEY"] = before
    get_settings.cache_clear()


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A PostgreSQL URL whose search_path is a fresh schema of this test session's own."""
    reason = _postgres_reason()
    if reason is not None:
        pytest.skip(reason)
    schema = f"truceline_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    yield f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}"
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'truceline.db'}"


def _sqlite_path(url: str) -> Path:
    return Path(url.removeprefix("sqlite:///"))


def save_template(engine: Engine) -> None:
    """Fold the write-ahead log into the store's file and close it, so the file can be copied whole."""
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


def copy_store(template: Path, url: str) -> Engine:
    """An engine on a copy of ``template`` (a closed SQLite store) at ``url``."""
    shutil.copyfile(template, _sqlite_path(url))
    return make_engine(url)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty store at the newest revision, migrated once per test process."""
    path = tmp_path_factory.mktemp("templates") / "migrated.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    save_template(engine)
    return path


@pytest.fixture(scope="session")
def casebook_template(migrated_template: Path, casebook: Casebook) -> Path:
    """A store with the bundled casebook loaded, built once per test process."""
    path = migrated_template.with_name("casebook.db")
    engine = copy_store(migrated_template, f"sqlite:///{path}")
    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
    save_template(engine)
    return path


@pytest.fixture
def sqlite_engine(sqlite_url: str, migrated_template: Path) -> Iterator[Engine]:
    """A migrated SQLite store of the test's own (a copy of the migrated template)."""
    engine = copy_store(migrated_template, sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture
def postgres_engine(postgres_url: str) -> Iterator[Engine]:
    """A migrated PostgreSQL store, emptied after the test."""
    engine = make_engine(postgres_url)
    migrate(engine)
    yield engine
    with engine.begin() as connection:
        schema = connection.execute(text("select current_schema()")).scalar_one()
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def engine(request: pytest.FixtureRequest) -> Engine:
    """The same test on both stores."""
    return request.getfixturevalue(f"{request.param}_engine")


@pytest.fixture(scope="session")
def casebook() -> Casebook:
    """The bundled th-kh-2025 casebook, read and validated once."""
    return read_casebook(bundled_casebook_path("th-kh-2025"))


@pytest.fixture(scope="session")
def conflict(casebook: Casebook) -> ConflictDefinition:
    """The th-kh-2025 conflict as its casebook defines it (parties, mentions, time zone)."""
    return casebook.definition()


def add_conflict_of(engine: Engine, book: Casebook) -> None:
    """Only the conflict and its parties (no records): a store ready to import event data into."""
    with transaction(engine) as session:
        add_conflict(session, book.info, mentions=list(book.mentions), actor="test")
        for party in parties_in_order(book.parties):
            add_party(session, party, conflict_id=book.info.id, actor="test", position=book.parties.index(party))


@pytest.fixture
def loaded_engine(sqlite_url: str, casebook_template: Path) -> Iterator[Engine]:
    """A SQLite store with the bundled casebook loaded (a copy of the casebook template)."""
    engine = copy_store(casebook_template, sqlite_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def postgres_casebook_schema(postgres_url: str, casebook: Casebook) -> Iterator[str]:
    """A schema holding the bundled casebook, loaded once per test process (dropped at the end)."""
    schema = f"truceline_casebook_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    engine = make_engine(f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema}")
    migrate(engine)
    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
    engine.dispose()
    yield schema
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def copy_rows(engine: Engine, template_schema: str) -> None:
    """Copy every row of ``template_schema`` into the engine's (migrated, empty) schema, parents
    first, and move each sequence past the copied ids. Tables that triggers keep (the incidents'
    day and cell counts, their actors and the counts per actor) are left to their triggers, which
    fill them as the rows they count are copied."""
    import_all_models()
    from truceline.incidents.models import (
        IncidentActorParty,
        IncidentCellCount,
        IncidentDayCount,
        IncidentPartyCellCount,
        IncidentPartyDayCount,
    )

    kept_by_triggers = {
        model.__tablename__
        for model in (
            IncidentDayCount,
            IncidentCellCount,
            IncidentActorParty,
            IncidentPartyDayCount,
            IncidentPartyCellCount,
        )
    }
    with engine.begin() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in kept_by_triggers:
                continue
            connection.execute(text(f'INSERT INTO "{table.name}" SELECT * FROM "{template_schema}"."{table.name}"'))
        serials = connection.execute(
            text(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema()"
                " AND (column_default LIKE 'nextval%' OR is_identity = 'YES')"
            )
        ).all()
        for table_name, column in serials:
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{table_name}\"', '{column}'),"
                    f' coalesce(max("{column}"), 1), max("{column}") IS NOT NULL) FROM "{table_name}"'
                )
            )


@pytest.fixture
def casebook_engine(engine: Engine, request: pytest.FixtureRequest) -> Engine:
    """The bundled casebook loaded on SQLite and on PostgreSQL (copied from a template loaded once)."""
    if engine.dialect.name == "sqlite":
        template: Path = request.getfixturevalue("casebook_template")
        engine.dispose()
        shutil.copyfile(template, str(engine.url.database))
    else:
        copy_rows(engine, request.getfixturevalue("postgres_casebook_schema"))
    return engine


@pytest.fixture
def session(loaded_engine: Engine) -> Iterator[Session]:
    """A session on the loaded store; what the test writes is rolled back at the end."""
    session = session_factory(loaded_engine)()
    try:
        yield session
    finally:
        session.rollback()
        session.close()


@pytest.fixture(scope="session")
def seed_report() -> str:
    """The news report that started the project, read from ../shared/seed (never copied here)."""
    files = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []
    if not files:
        pytest.skip(f"the seed report is not available at {SEED_DIR}")
    return files[0].read_text(encoding="utf-8")
