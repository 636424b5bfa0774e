"""The store: SQLAlchemy engine, sessions, the declarative base and the write path's locking.

SQLite is the embedded default, PostgreSQL the production store. The schema is only ever
built by Alembic migrations (:func:`migrate`), never by ``create_all``.

Concurrent writers (docs/scaling.md, "Concurrent writers"):

- SQLite runs in WAL mode with a busy timeout on every connection, so readers never wait for a
  writer; a write transaction starts with ``BEGIN IMMEDIATE`` (:func:`write_sessions`,
  :func:`write_transaction`), so it takes the single writer lock up front instead of failing
  when it upgrades a read transaction half-way through.
- On PostgreSQL the ledger append takes a transaction-level advisory lock
  (:func:`lock_ledger`) before it reads the head, so appends serialise only from the append to
  the commit.
- :func:`run_write` runs a whole transaction again, with jittered back-off, when the store says
  "busy" (locked, serialization failure, deadlock) or a unique key was taken by a concurrent
  writer; when the attempts are spent it raises :class:`~truceline.errors.StoreBusy` (HTTP 503
  with ``Retry-After``, exit 6) or :class:`~truceline.errors.Conflict` (HTTP 409, exit 4).
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, Literal, NoReturn, TypeVar

from sqlalchemy import DateTime, Engine, MetaData, String, create_engine, event, text
from sqlalchemy.engine import Connection, Dialect, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.types import TypeDecorator

from truceline.errors import Conflict, StoreBusy

log = logging.getLogger("truceline.db")
T = TypeVar("T")

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


#: how long a writer waits for a lock (SQLite's busy timeout, PostgreSQL's ``lock_timeout``)
#: before the attempt counts as failed and :class:`RetryPolicy` decides what next
LOCK_TIMEOUT_MS = 5_000
#: the execution option that marks a connection as a writer's (``BEGIN IMMEDIATE`` on SQLite)
WRITE_OPTION = "truceline_write"
#: the seed of the PostgreSQL advisory lock that serialises ledger appends ("TRCL"); the lock is the
#: hash of the store's schema with this seed, so stores in different schemas of one database
#: (several deployments, or parallel test sessions) never wait on one another
LEDGER_LOCK_KEY = int.from_bytes(b"TRCL", "big") & 0x7FFF_FFFF


def make_engine(url: str, *, lock_timeout_ms: int = LOCK_TIMEOUT_MS, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys on, WAL mode, a busy timeout and
    ``BEGIN IMMEDIATE`` for write transactions, PostgreSQL a ``lock_timeout`` (see the module's
    docstring): nobody waits for a lock longer than ``lock_timeout_ms``."""
    try:
        parsed = make_url(url)
    except Exception as exc:  # sqlalchemy raises ArgumentError for malformed URLs
        raise DatabaseError(f"not a database URL: {url!r}") from exc
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        _sqlite_write_path(engine, lock_timeout_ms, in_memory=parsed.database in (None, "", ":memory:"))
    elif parsed.get_backend_name() == "postgresql":

        @event.listens_for(engine, "connect")
        def _postgres_lock_timeout(dbapi_connection: Any, _record: Any) -> None:
            autocommit = dbapi_connection.autocommit
            dbapi_connection.autocommit = True
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f"SET lock_timeout = {int(lock_timeout_ms)}")
            dbapi_connection.autocommit = autocommit

    return engine


def _sqlite_write_path(engine: Engine, lock_timeout_ms: int, *, in_memory: bool) -> None:
    """SQLAlchemy's documented recipe for pysqlite: the driver starts no transaction of its own
    (``isolation_level = None``) and we emit ``BEGIN`` ourselves, ``IMMEDIATE`` for writers.

    The writers of one process also queue on a lock of the engine's before ``BEGIN IMMEDIATE``:
    it hands over at once when a writer commits, where SQLite's busy handler polls with pauses
    growing to 100 ms (writers of other processes still meet at SQLite's own lock)."""
    writer_lock = threading.Lock()

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(lock_timeout_ms)}")
        if not in_memory:
            cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _sqlite_begin(connection: Connection) -> None:
        if not connection.get_execution_options().get(WRITE_OPTION, False):
            connection.exec_driver_sql("BEGIN")
            return
        if writer_lock.acquire(timeout=lock_timeout_ms / 1000):
            connection.info[_HOLDS_WRITER_LOCK] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except Exception:
            _release(connection.info)
            raise

    def _release(info: dict[Any, Any]) -> None:
        if info.pop(_HOLDS_WRITER_LOCK, False):
            writer_lock.release()

    def _ended(connection: Connection) -> None:
        _release(connection.info)

    event.listen(engine, "commit", _ended)
    event.listen(engine, "rollback", _ended)
    event.listen(engine.pool, "checkin", lambda _dbapi, record: _release(record.info))


_HOLDS_WRITER_LOCK = "truceline.holds_writer_lock"


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for reading (and for writes that may run again through :func:`run_write`)."""
    return sessionmaker(engine, expire_on_commit=False)


def write_sessions(engine: Engine) -> sessionmaker[Session]:
    """Sessions for a write transaction: on SQLite they begin with ``BEGIN IMMEDIATE``."""
    return sessionmaker(engine.execution_options(**{WRITE_OPTION: True}), expire_on_commit=False)


@contextmanager
def transaction(engine: Engine) -> Iterator[Session]:
    """One unit of work: committed if the block succeeds, rolled back whole if it raises."""
    session = session_factory(engine)()
    try:
        with session.begin():
            yield session
    finally:
        session.close()


@contextmanager
def write_transaction(engine: Engine, policy: RetryPolicy | None = None) -> Iterator[Session]:
    """One write unit of work. On SQLite it holds the writer lock from its start (``BEGIN
    IMMEDIATE``, tried again with back-off while nothing has run yet); on PostgreSQL the ledger
    append takes its lock. A ``with`` block cannot be run again, so a race lost inside it is
    raised as :class:`StoreBusy` or :class:`Conflict`, the cause kept (:func:`run_write` runs a
    whole transaction again)."""
    policy = policy or RetryPolicy()
    factory = write_sessions(engine)
    for attempt in range(1, policy.attempts + 1):
        session = factory()
        try:
            session.begin()
            session.connection()  # BEGIN IMMEDIATE now, not at the first statement
            break
        except Exception as exc:
            session.close()
            if write_failure(exc) is None:
                raise
            if attempt == policy.attempts:
                raise_exhausted(exc, policy)
            policy.pause(attempt, exc)
    try:
        try:
            yield session
            session.commit()
        except Exception as exc:
            session.rollback()
            if write_failure(exc) is not None:
                raise_exhausted(exc, policy)
            raise
    finally:
        session.close()


def write_if_free(engine: Engine, action: Callable[[Connection], T], *, wait_ms: int = 50) -> T | None:
    """Run ``action`` on a connection of its own and commit, if the store lets it write within
    ``wait_ms``; otherwise give up and return None. For small writes that may be skipped and come
    again (a job's progress, when a token or a session was last used): they never wait behind a
    long writer (on SQLite that may be the caller's own transaction) and never fail the work or
    the request they belong to. A lost connection still raises."""
    sqlite = engine.dialect.name == "sqlite"
    try:
        with engine.connect() as connection:
            if sqlite:
                usual = connection.exec_driver_sql("PRAGMA busy_timeout").scalar_one()
                connection.exec_driver_sql(f"PRAGMA busy_timeout={int(wait_ms)}")
            else:
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = {int(wait_ms)}")
            try:
                result = action(connection)
                connection.commit()
                return result
            finally:
                if sqlite:
                    connection.exec_driver_sql(f"PRAGMA busy_timeout={int(usual)}")
    except DBAPIError as exc:
        if write_failure(exc) != "busy":
            raise
        log.debug("skipped a write that may wait (%s)", _reason(exc))
        return None


def lock_ledger(session: Session) -> None:
    """Serialise ledger appends until this transaction ends (PostgreSQL advisory lock; on SQLite
    the write transaction already holds the store's one writer lock)."""
    if session.get_bind().dialect.name == "postgresql":
        # one lock per store: stores in other schemas of the same database have ledgers of their own
        session.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(current_schema(), :key))"), {"key": LEDGER_LOCK_KEY}
        )


# --- retrying writes ---------------------------------------------------------------------------

#: what went wrong in a write that another attempt may get past
WriteFailure = Literal["busy", "taken"]

#: PostgreSQL SQLSTATEs of a transaction that lost a race and may simply run again
_PG_BUSY = {"40001", "40P01", "55P03", "57014"}  # serialization, deadlock, lock not available, lock timeout
_PG_UNIQUE = "23505"


def write_failure(exc: BaseException) -> WriteFailure | None:
    """``"busy"``: the store was locked or the transaction lost a race; ``"taken"``: a unique key
    was taken by a concurrent writer (another attempt sees it and answers as it should); None:
    anything else (not worth another attempt)."""
    if isinstance(exc, PoolTimeout):
        return "busy"
    if not isinstance(exc, DBAPIError):
        return None
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate is not None:
        if sqlstate in _PG_BUSY:
            return "busy"
        return "taken" if sqlstate == _PG_UNIQUE else None
    message = str(exc.orig).lower()
    if isinstance(exc, OperationalError) and ("database is locked" in message or "database is busy" in message):
        return "busy"
    if isinstance(exc, IntegrityError) and "unique constraint failed" in message:
        return "taken"
    return None


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how patiently a write transaction is tried: full-jitter exponential back-off
    (a random pause up to ``base * 2**attempt``, capped), then ``Retry-After`` for the caller."""

    attempts: int = 4
    base_seconds: float = 0.02
    cap_seconds: float = 1.0
    retry_after_seconds: int = 1

    def delay(self, attempt: int) -> float:
        return random.uniform(0, min(self.cap_seconds, self.base_seconds * 2**attempt))

    def pause(self, attempt: int, exc: BaseException) -> None:
        log.info("write attempt %d failed (%s); trying again", attempt, _reason(exc))
        time.sleep(self.delay(attempt))


def _reason(exc: BaseException) -> str:
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).splitlines()
    return lines[0] if lines else type(cause).__name__


def exhausted_error(exc: BaseException, policy: RetryPolicy) -> StoreBusy | Conflict:
    """The error a caller sees once the attempts are spent."""
    if write_failure(exc) == "taken":
        return Conflict(f"the write conflicts with a concurrent one: {_reason(exc)}")
    return StoreBusy(
        f"the store is busy with other writers ({_reason(exc)}); try again", retry_after=policy.retry_after_seconds
    )


def raise_exhausted(exc: BaseException, policy: RetryPolicy) -> NoReturn:
    raise exhausted_error(exc, policy) from exc


def run_write(factory: Callable[[], Session], work: Callable[[Session], T], *, policy: RetryPolicy | None = None) -> T:
    """Run ``work`` in one transaction (``factory()`` makes the session), committed at the end;
    when the store is busy or a unique key was taken concurrently, roll back and run the whole
    transaction again after a jittered pause. The unit of work of the API, the forms and the CLI."""
    policy = policy or RetryPolicy()
    for attempt in range(1, policy.attempts + 1):
        try:
            with factory() as session, session.begin():
                return work(session)
        except Exception as exc:
            if write_failure(exc) is None:
                raise
            if attempt == policy.attempts:
                raise_exhausted(exc, policy)
            policy.pause(attempt, exc)
    raise AssertionError("unreachable")  # pragma: no cover


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
