"""Users and tokens: the services (argon2 hashes, SHA-256 of tokens, change log) and the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from typer.testing import CliRunner

from tests.conftest import add_conflict_of
from truceline.auth.models import ApiToken, User
from truceline.auth.services import add_user, authenticate, issue_api_token, revoke_api_token, user_for_token
from truceline.casebooks.loader import Casebook
from truceline.cli import app as cli_app
from truceline.db import transaction
from truceline.errors import Conflict, InvalidInput
from truceline.ledger.models import LedgerEntry


@pytest.fixture
def sqlite_engine(sqlite_engine: Engine, casebook: Casebook) -> Engine:
    """A store with the th-kh-2025 conflict and its parties: party users belong to it."""
    add_conflict_of(sqlite_engine, casebook)
    return sqlite_engine


def test_users_and_tokens_are_stored_hashed_and_logged(sqlite_engine: Engine) -> None:
    with transaction(sqlite_engine) as session:
        user = add_user(
            session,
            username="ana",
            role="party",
            party="KH",
            conflict_id="th-kh-2025",
            password="a-long-password",
            actor="t",
        )
        token = issue_api_token(session, "ana", actor="t")
        row = session.scalars(select(ApiToken)).one()
        assert user.password_hash.startswith("$argon2") and "a-long-password" not in user.password_hash
        assert row.token_sha256 != token and len(row.token_sha256) == 64
        assert authenticate(session, "ana", "a-long-password") is user
        assert authenticate(session, "ana", "wrong-password") is None
        assert authenticate(session, "nobody", "a-long-password") is None
        assert user_for_token(session, token) is user
        revoke_api_token(session, row.id, actor="t")
        assert user_for_token(session, token) is None
        actions = list(
            session.scalars(
                select(LedgerEntry.action).where(LedgerEntry.action.like("auth:%")).order_by(LedgerEntry.seq)
            )
        )
    assert actions == ["auth:user:add", "auth:token:issue", "auth:token:revoke"]


@pytest.mark.parametrize(
    ("role", "party", "password", "error"),
    [
        ("party", None, None, InvalidInput),
        ("observer", "TH", None, InvalidInput),
        ("admin", None, None, InvalidInput),
        ("observer", None, "short", InvalidInput),
    ],
)
def test_bad_users_are_refused(sqlite_engine: Engine, role: str, party: str | None, password: str | None, error):
    with transaction(sqlite_engine) as session, pytest.raises(error):
        add_user(
            session,
            username="x",
            role=role,
            party=party,
            conflict_id="th-kh-2025" if party else None,
            password=password,
            actor="t",
        )


def test_duplicate_user_is_a_conflict(sqlite_engine: Engine) -> None:
    with transaction(sqlite_engine) as session:
        add_user(session, username="x", role="public", actor="t")
        with pytest.raises(Conflict):
            add_user(session, username="x", role="public", actor="t")


def test_cli_adds_users_and_issues_tokens(sqlite_url: str, sqlite_engine: Engine) -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli_app,
        ["--db", sqlite_url, "users", "add", "somchai", "--role", "party", "--party", "th", "--password-stdin"],
        input="a-long-password\n",
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(cli_app, ["--db", sqlite_url, "users", "token", "somchai"])
    assert result.exit_code == 0 and result.output.startswith("tl_")
    with transaction(sqlite_engine) as session:
        user = session.scalars(select(User)).one()
        assert (user.role, user.party) == ("party", "TH")
        assert user_for_token(session, result.stdout.strip()) is not None


def test_demo_prepares_a_fresh_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "demo.db"
    db.write_text("old")
    result = CliRunner().invoke(cli_app, ["demo", "--db", str(db), "--no-serve"])
    assert result.exit_code == 0, result.output
    assert "casebooks loaded" in result.output and "th-kh-2025: " in result.output
    assert "log in as 'observer'" in result.output
    assert "http://127.0.0.1:8000/" in result.output
