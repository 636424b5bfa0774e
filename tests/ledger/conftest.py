"""Helpers for the ledger tests: a small signed store, raw tampering as an attacker with database
access would do it (triggers disabled first), and ``truceline ledger …`` run in-process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest.mock import patch

import pytest
from sqlalchemy import Connection, Engine, text, update
from typer.testing import CliRunner

from truceline.cli import app
from truceline.db import transaction
from truceline.ledger.models import LedgerEntry
from truceline.ledger.services import append


def url_of(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def ledger(engine: Engine, *args: str) -> Any:
    """Run ``truceline --db URL ledger ARGS`` in-process on the test's own engine (so no
    connection outlives the test); the result has exit_code, stdout and stderr."""
    with patch("truceline.db.make_engine", lambda url: engine):
        return CliRunner().invoke(app, ["--db", url_of(engine), "ledger", *args])


def verify_json(engine: Engine, *args: str) -> tuple[int, dict[str, Any]]:
    result = ledger(engine, "verify", "--json", *args)
    return result.exit_code, json.loads(result.stdout)


@contextmanager
def tampering(engine: Engine) -> Iterator[Connection]:
    """A connection on which the append-only triggers are off (dropped on SQLite, disabled on
    PostgreSQL), as for someone with direct access to the database."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(text("ALTER TABLE ledger_entries DISABLE TRIGGER USER"))
        else:
            connection.execute(text("DROP TRIGGER IF EXISTS ledger_entries_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS ledger_entries_no_delete"))
        yield connection


def set_payload(connection: Connection, seq: int, payload: dict[str, Any]) -> None:
    connection.execute(update(LedgerEntry).where(LedgerEntry.seq == seq).values(payload=payload))


def write_entries(engine: Engine, count: int) -> None:
    with transaction(engine) as session:
        for n in range(count):
            append(
                session,
                actor="observer-1",
                action="incident:incident:add",
                subject_type="incident",
                subject_id=f"incident-{n}",
                payload={"n": n, "killed": n % 3, "place": "Chong Chom"},
            )


@pytest.fixture
def signed(engine: Engine) -> Engine:
    """A store with 20 signed entries (seq 1..20)."""
    write_entries(engine, 20)
    return engine
