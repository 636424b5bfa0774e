"""The store: SQLAlchemy engine, sessions and the declarative base.

SQLite is the embedded default, PostgreSQL the production store. The schema is only ever
built by Alembic migrations (:func:`migrate`), never by ``create_all``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from typing import Any

from sqlalchemy import DateTime, Engine, MetaData, String, create_engine, event
from sqlalchemy.engine import Dialect, make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime stored in UTC; SQLite keeps no offset, so we restore it on read."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: Truceline stores aware datetimes only")
        return value.astimezone(dt.UTC)

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC)


class LocalDateTime(TypeDecorator[dt.datetime]):
    """An aware datetime kept with the UTC offset it was written with (ISO 8601 text).

    For times people write in local time (an agreement takes effect at midnight, +07:00): a
    ``timestamptz`` would keep the instant but lose the offset, and the day shown would shift.
    Compare and sort these in Python (aware datetimes compare correctly across offsets).
    """

    impl = String(40)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: give its UTC offset")
        return value.isoformat()

    def process_result_value(self, value: str | None, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else dt.datetime.fromisoformat(value)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class DatabaseError(Exception):
    """The store cannot be reached or used; the message says why."""


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys on and a busy timeout."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError for malformed URLs
        raise DatabaseError(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=5000")
            cursor.close()

    return engine


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed if the block succeeds, rolled back whole if it raises."""
    session = session_factory(engine)()
    try:
        with session.begin():
            yield session
    finally:
        session.close()


def alembic_config(engine: Engine) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(files("truceline") / "migrations"))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to ``revision`` (default: the newest)."""
    from alembic import command

    command.upgrade(alembic_config(engine), revision)


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def import_all_models() -> None:
    """Import every feature's models so ``Base.metadata`` knows the whole schema."""
    from truceline.agreements import models as _agreements  # noqa: F401
    from truceline.auth import models as _auth  # noqa: F401
    from truceline.casebooks import models as _casebooks  # noqa: F401
    from truceline.conflicts import models as _conflicts  # noqa: F401
    from truceline.incidents import models as _incidents  # noqa: F401
    from truceline.ledger import models as _ledger  # noqa: F401
    from truceline.parties import models as _parties  # noqa: F401
    from truceline.places import models as _places  # noqa: F401
    from truceline.sources import models as _sources  # noqa: F401
    from truceline.verification import models as _verification  # noqa: F401
    from truceline.versions import models as _versions  # noqa: F401
