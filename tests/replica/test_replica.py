"""Two instances on loopback: a source serving its API in a real uvicorn server, and a replica that
pulls its signed ledger with ``truceline replica pull URL --token …``. The replica is in step; the
source then writes more (the replica is behind, then in step again); then the source is tampered
with (an entry edited in SQL, a history rewritten and re-signed, its tail cut off) and the
replica's next status and pull report the divergence and apply nothing."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest.mock import patch

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, delete, func, select, text, update
from typer.testing import CliRunner

from tests.functional.web.conftest import log_in
from tests.servers import serving
from truceline.app import create_app
from truceline.auth.services import add_user, issue_api_token
from truceline.casebooks.loader import Casebook, load_casebook
from truceline.cli import app
from truceline.db import make_engine, migrate, transaction
from truceline.ledger.models import LedgerEntry
from truceline.ledger.services import append, head_entry
from truceline.replica.models import ReplicaEntry, ReplicaSource, ReplicaVersion
from truceline.versions.models import RecordVersion

PASSWORD = "correct-horse-battery"


def replica_cli(engine: Engine, *args: str) -> Any:
    """``truceline --db URL replica ARGS`` in-process on the replica's engine."""
    url = engine.url.render_as_string(hide_password=False)
    with patch("truceline.db.make_engine", lambda _: engine):
        return CliRunner().invoke(app, ["--db", url, "replica", *args])


@dataclass
class Pair:
    source: Engine
    replica: Engine
    url: str
    token: str

    def pull(self, *extra: str) -> Any:
        return replica_cli(self.replica, "pull", self.url, "--token", self.token, *extra)

    def status(self, *extra: str) -> Any:
        return replica_cli(self.replica, "status", *extra)

    def held(self) -> tuple[int, int]:
        with transaction(self.replica) as session:
            entries = session.scalar(select(func.count()).select_from(ReplicaEntry))
            versions = session.scalar(select(func.count()).select_from(ReplicaVersion))
        return entries or 0, versions or 0


@pytest.fixture
def pair(casebook_engine: Engine, sqlite_url: str) -> Iterator[Pair]:
    """The source on the test's store (SQLite or PostgreSQL) with the casebook and an observer with
    an API token, serving on loopback; the replica a fresh SQLite store of its own."""
    engine = casebook_engine
    with transaction(engine) as session:
        add_user(session, username="observer", role="observer", password=PASSWORD, actor="test")
        token = issue_api_token(session, "observer", actor="test")
    replica = make_engine(sqlite_url.replace("truceline.db", "replica.db"))
    migrate(replica)
    with serving(engine, run_jobs=False) as url:
        yield Pair(engine, replica, url, token)
    replica.dispose()


@contextmanager
def tampering(engine: Engine) -> Iterator[Any]:
    """A connection with the append-only triggers off, as for someone with database access."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE ledger_entries DISABLE TRIGGER USER"))
        else:
            connection.execute(text("DROP TRIGGER IF EXISTS ledger_entries_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS ledger_entries_no_delete"))
        yield connection
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE ledger_entries ENABLE TRIGGER USER"))


def source_head(pair: Pair) -> dict[str, Any]:
    with transaction(pair.source) as session:
        return head_entry(session)


def pulled_in_step(pair: Pair) -> dict[str, Any]:
    head = source_head(pair)
    result = pair.pull()
    assert result.exit_code == 0, result.output
    assert f"in_step\tholds seq {head['seq']} of {head['seq']} (0 behind)" in result.output
    with transaction(pair.source) as session:
        versions = session.scalar(select(func.count()).select_from(RecordVersion))
    assert pair.held() == (head["seq"], versions)  # every entry, and every version to rebuild the record
    return head


def test_the_replica_pulls_is_in_step_and_follows_new_writes(pair: Pair) -> None:
    head = pulled_in_step(pair)
    with transaction(pair.replica) as session:
        row = session.scalars(select(ReplicaSource)).one()
        assert (row.held_seq, row.held_hash) == (head["seq"], head["hash"])
        assert list(row.pinned_keys) == [head["key_id"]]  # the source's key, pinned at the first pull
        # the pull itself is a signed entry of the replica's own ledger
        assert session.scalars(select(LedgerEntry.action).order_by(LedgerEntry.seq.desc())).first() == (
            "replica:ledger:pull"
        )

    with transaction(pair.source) as session:
        append(
            session,
            actor="observer",
            action="incident:note:add",
            subject_type="incident",
            subject_id="x",
            payload={"note": "one more write on the source"},
        )
    checked = pair.status(pair.url, "--token", pair.token)
    assert checked.exit_code == 0, checked.output
    assert f"behind\tholds seq {head['seq']} of {head['seq'] + 1} (1 behind)" in checked.output
    assert pair.held()[0] == head["seq"]  # a check applies nothing

    pulled_in_step(pair)
    offline = pair.status()
    assert offline.exit_code == 0 and "in_step" in offline.output


def test_an_entry_edited_in_sql_on_the_source_is_reported_and_nothing_applied(pair: Pair, casebook: Casebook) -> None:
    head = pulled_in_step(pair)
    with transaction(pair.source) as session:
        append(
            session, actor="t", action="incident:note:add", subject_type="incident", subject_id="y", payload={"n": 1}
        )
    with tampering(pair.source) as connection:
        connection.execute(update(LedgerEntry).where(LedgerEntry.seq == 3).values(actor="someone else"))

    checked = pair.status(pair.url, "--token", pair.token)
    assert checked.exit_code == 1
    assert "DIVERGED: rewritten at entry 3: its content does not match its hash" in checked.output

    pulled = pair.pull()
    assert pulled.exit_code == 1
    assert "DIVERGED: rewritten at entry 3" in pulled.output
    assert pair.held()[0] == head["seq"]  # the new entry on the source was not applied
    with transaction(pair.replica) as session:
        row = session.scalars(select(ReplicaSource)).one()
        assert (row.state, row.divergence, row.divergence_seq, row.held_seq) == (
            "diverged",
            "rewritten",
            3,
            head["seq"],
        )

    # and the dashboard tells the replica's observers (the replica's own instance of the conflict)
    with transaction(pair.replica) as session:
        load_casebook(session, casebook, actor="test")
        add_user(session, username="watcher", role="observer", password=PASSWORD, actor="test")
    client = TestClient(create_app(pair.replica, run_jobs=False))
    log_in(client, "watcher", PASSWORD)
    page = client.get("/")
    assert 'id="replicas"' in page.text and "diverged: rewritten at entry 3" in page.text


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # the same code path on PostgreSQL: see the first tests
def test_a_history_rewritten_and_re_signed_on_the_source_is_a_fork(pair: Pair) -> None:
    head = pulled_in_step(pair)
    cut = head["seq"] - 2
    with tampering(pair.source) as connection:
        connection.execute(delete(LedgerEntry).where(LedgerEntry.seq >= cut))
    with transaction(pair.source) as session:  # the same key signs another history from `cut` on
        for n in range(4):
            append(
                session,
                actor="t",
                action="incident:note:add",
                subject_type="incident",
                subject_id="z",
                payload={"n": n},
            )
    pulled = pair.pull()
    assert pulled.exit_code == 1
    assert f"DIVERGED: fork at entry {cut}: the source's entry differs from the copy held" in pulled.output
    assert pair.held()[0] == head["seq"]


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # the same code path on PostgreSQL: see the first tests
def test_a_source_whose_newest_entries_were_removed_is_missing_them(pair: Pair) -> None:
    head = pulled_in_step(pair)
    with tampering(pair.source) as connection:
        connection.execute(delete(LedgerEntry).where(LedgerEntry.seq > head["seq"] - 3))
    checked = pair.status(pair.url, "--token", pair.token)
    assert checked.exit_code == 1
    assert f"DIVERGED: missing at entry {head['seq'] - 2}: the source's ledger ends at seq {head['seq'] - 3}" in (
        checked.output
    )
    assert pair.held()[0] == head["seq"]


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)  # the same code path on PostgreSQL: see the first tests
def test_a_token_without_the_observer_role_is_refused_clearly(pair: Pair) -> None:
    with transaction(pair.source) as session:
        add_user(session, username="reader", role="public", password=PASSWORD, actor="test")
        token = issue_api_token(session, "reader", actor="test")
    result = replica_cli(pair.replica, "pull", pair.url, "--token", token)
    assert result.exit_code != 0
    assert "refused the token (403)" in str(result.exception)
    assert pair.held() == (0, 0)


def test_a_bad_or_unreachable_source_is_a_clear_error_and_writes_nothing(sqlite_engine: Engine) -> None:
    from truceline.errors import InvalidInput
    from truceline.replica.services import SourceUnreachable

    bad = replica_cli(sqlite_engine, "pull", "ftp://example.org", "--token", "t")
    assert isinstance(bad.exception, InvalidInput) and "give the instance's base URL" in str(bad.exception)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    down = replica_cli(sqlite_engine, "pull", f"http://127.0.0.1:{port}", "--token", "t")
    assert isinstance(down.exception, SourceUnreachable) and "cannot read" in str(down.exception)
    no_token = replica_cli(sqlite_engine, "pull", f"http://127.0.0.1:{port}")
    assert isinstance(no_token.exception, InvalidInput) and "--token" in str(no_token.exception)
    with transaction(sqlite_engine) as session:
        assert session.scalar(select(func.count()).select_from(ReplicaSource)) == 0
    nothing = replica_cli(sqlite_engine, "status")
    assert nothing.exit_code == 0 and "copies no other instance yet" in nothing.output
