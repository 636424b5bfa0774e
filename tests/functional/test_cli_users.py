"""``truceline users …``: the account life cycle from the command line, each change logged."""

from __future__ import annotations

import json
from typing import Any

import pyotp
import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from truceline.auth.models import User
from truceline.auth.services import user_for_token, verify_totp
from truceline.cli import app
from truceline.db import make_engine, transaction
from truceline.errors import Conflict, InvalidInput, NotFound
from truceline.ledger.models import LedgerEntry


def cli(url: str, *args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(app, ["--db", url, *args], input=input)


@pytest.fixture
def db(sqlite_url: str) -> str:
    for name, role in (("chief", "coordinator"), ("ana", "observer")):
        added = cli(sqlite_url, "users", "add", name, "--role", role, "--password-stdin", input="a-long-password\n")
        assert added.exit_code == 0, added.output
    return sqlite_url


def show(db: str, name: str) -> dict[str, Any]:
    shown = cli(db, "users", "show", name, "--json")
    assert shown.exit_code == 0, shown.output
    return json.loads(shown.stdout)


def test_tokens_expire_and_are_revoked(db: str) -> None:
    issued = cli(db, "users", "token", "ana", "--name", "laptop", "--expires-in", "12h")
    assert issued.exit_code == 0, issued.output
    token = issued.stdout.strip()
    assert token.startswith("tl_") and "expires" in issued.stderr
    [row] = show(db, "ana")["tokens"]
    assert (row["name"], row["state"], row["last_used_at"]) == ("laptop", "active", None)
    text = cli(db, "users", "show", "ana")
    assert f"token {row['id']} 'laptop': active" in text.stdout
    revoked = cli(db, "users", "revoke-token", str(row["id"]))
    assert revoked.exit_code == 0, revoked.output
    assert show(db, "ana")["tokens"][0]["state"] == "revoked"
    again = cli(db, "users", "revoke-token", str(row["id"]))
    assert isinstance(again.exception, Conflict)
    bad = cli(db, "users", "token", "ana", "--expires-in", "forever")
    assert isinstance(bad.exception, InvalidInput) and "not a lifetime" in str(bad.exception)


def test_disable_enable_role_and_password(db: str) -> None:
    token = cli(db, "users", "token", "ana").stdout.strip()
    disabled = cli(db, "users", "disable", "ana")
    assert disabled.exit_code == 0 and "API tokens revoked" in disabled.output
    engine = make_engine(db)
    with transaction(engine) as session:
        assert user_for_token(session, token) is None
    listed = cli(db, "users", "list")
    assert "ana\tobserver\t\tdisabled" in listed.stdout
    assert cli(db, "users", "enable", "ana").exit_code == 0
    role = cli(db, "users", "role", "ana", "coordinator")
    assert role.exit_code == 0 and "now coordinator" in role.output
    assert isinstance(cli(db, "users", "role", "ana", "admin").exception, InvalidInput)
    reset = cli(db, "users", "reset-password", "ana")
    assert reset.exit_code == 0 and reset.stdout.startswith("new password for ana: ")
    given = cli(db, "users", "reset-password", "ana", "--password-stdin", input="another-long-password\n")
    assert given.exit_code == 0 and "another-long-password" not in given.output
    assert isinstance(cli(db, "users", "disable", "nobody").exception, NotFound)
    with transaction(engine) as session:
        actions = [e.action for e in session.scalars(select(LedgerEntry).order_by(LedgerEntry.seq))]
    assert actions[-6:] == [
        "auth:token:issue",
        "auth:user:disable",
        "auth:user:enable",
        "auth:user:role",
        "auth:user:password-reset",
        "auth:user:password-reset",
    ]
    engine.dispose()


def test_totp_enrolment_prints_the_uri_once(db: str) -> None:
    enrolled = cli(db, "users", "totp-enroll", "chief")
    assert enrolled.exit_code == 0, enrolled.output
    uri = enrolled.stdout.strip()
    assert uri.startswith("otpauth://totp/Truceline:chief?")
    secret = pyotp.parse_uri(uri).secret
    assert show(db, "chief")["totp"] is True
    engine = make_engine(db)
    with transaction(engine) as session:
        chief = session.scalars(select(User).where(User.username == "chief")).one()
        assert verify_totp(chief, pyotp.TOTP(secret).now())
        logged = [e.payload for e in session.scalars(select(LedgerEntry).where(LedgerEntry.action.like("%totp%")))]
    engine.dispose()
    assert logged and secret not in json.dumps(logged)
