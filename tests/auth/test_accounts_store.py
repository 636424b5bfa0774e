"""The account life cycle in the store, on SQLite and PostgreSQL: sessions end at once, tokens
expire and are revoked, the throttle is shared through the database, and the change log records
every account change without its secret."""

from __future__ import annotations

import datetime as dt

import pyotp
import pytest
from sqlalchemy import Engine, select, update

from truceline.auth.models import ApiToken, LoginSession, User
from truceline.auth.policy import AccountPolicy
from truceline.auth.services import (
    add_user,
    authenticate,
    change_role,
    disable_user,
    enable_user,
    enrol_totp,
    issue_token,
    reset_password,
    revoke_api_token,
    user_for_token,
    verify_totp,
)
from truceline.auth.sessions import end_session, open_sessions, session_user, start_session
from truceline.auth.throttle import forget_account_failures, login_wait, record_login_failure
from truceline.db import transaction, utcnow
from truceline.errors import Conflict, InvalidInput
from truceline.ledger.models import LedgerEntry
from truceline.ledger.services import verify_ledger

POLICY = AccountPolicy()
PASSWORD = "first-long-password"


@pytest.fixture
def store(engine: Engine) -> Engine:
    """Two coordinators and an observer, each with a password."""
    with transaction(engine) as session:
        for name, role in (("chief", "coordinator"), ("deputy", "coordinator"), ("ana", "observer")):
            add_user(session, username=name, role=role, password=PASSWORD, actor="test")
    return engine


def user(session, name: str) -> User:
    return session.scalars(select(User).where(User.username == name)).one()


def test_disable_ends_sessions_and_revokes_tokens_at_once(store: Engine) -> None:
    with transaction(store) as session:
        sid = start_session(session, user(session, "ana"), policy=POLICY)
        token, _ = issue_token(session, "ana", actor="test")
    with transaction(store) as session:
        assert session_user(session, sid, policy=POLICY) is not None
        assert user_for_token(session, token) is not None
        disable_user(session, "ana", actor="chief")
    with transaction(store) as session:
        assert session_user(session, sid, policy=POLICY) is None
        assert user_for_token(session, token) is None
        assert authenticate(session, "ana", PASSWORD) is None
        enable_user(session, "ana", actor="chief")
    with transaction(store) as session:
        # enabled again: the password works, but the old session and token stay dead
        assert authenticate(session, "ana", PASSWORD) is not None
        assert session_user(session, sid, policy=POLICY) is None
        assert user_for_token(session, token) is None


def test_role_change_and_password_reset_end_sessions(store: Engine) -> None:
    with transaction(store) as session:
        first = start_session(session, user(session, "ana"), policy=POLICY)
        change_role(session, "ana", role="coordinator", actor="chief")
    with transaction(store) as session:
        assert session_user(session, first, policy=POLICY) is None
        second = start_session(session, user(session, "ana"), policy=POLICY)
        new = reset_password(session, "ana", actor="chief")
    with transaction(store) as session:
        assert session_user(session, second, policy=POLICY) is None
        assert authenticate(session, "ana", PASSWORD) is None
        assert authenticate(session, "ana", new) is not None


def test_logout_ends_one_session_only(store: Engine) -> None:
    with transaction(store) as session:
        laptop = start_session(session, user(session, "ana"), policy=POLICY)
        phone = start_session(session, user(session, "ana"), policy=POLICY)
        end_session(session, laptop)
    with transaction(store) as session:
        assert session_user(session, laptop, policy=POLICY) is None
        assert session_user(session, phone, policy=POLICY) is not None
        assert open_sessions(session, user(session, "ana").id, policy=POLICY) == 1


def test_sessions_end_when_idle_or_too_old(store: Engine) -> None:
    start = utcnow()
    with transaction(store) as session:
        sid = start_session(session, user(session, "ana"), policy=POLICY, now=start)
    with transaction(store) as session:
        # busy all day: seen every 20 minutes, so never idle ...
        for minutes in range(20, 12 * 60, 20):
            seen = session_user(session, sid, policy=POLICY, now=start + dt.timedelta(minutes=minutes))
            assert seen is not None, minutes
        # ... but 12 hours after login it ends anyway
        assert session_user(session, sid, policy=POLICY, now=start + dt.timedelta(hours=12)) is None
        idle = start_session(session, user(session, "ana"), policy=POLICY, now=start)
        assert session_user(session, idle, policy=POLICY, now=start + dt.timedelta(minutes=29)) is not None
        assert session_user(session, idle, policy=POLICY, now=start + dt.timedelta(minutes=59, seconds=1)) is None


def test_tokens_expire_and_record_their_last_use(store: Engine) -> None:
    with transaction(store) as session:
        token, row = issue_token(session, "ana", lifetime=dt.timedelta(days=1), actor="test")
        assert row.expires_at - row.created_at == dt.timedelta(days=1)
        assert row.last_used_at is None
        assert user_for_token(session, token) is not None
        assert row.last_used_at is not None
        assert user_for_token(session, token, now=row.created_at + dt.timedelta(days=1)) is None
        _, default_row = issue_token(session, "ana", actor="test")
        assert default_row.expires_at - default_row.created_at == dt.timedelta(days=90)
        with pytest.raises(InvalidInput):
            issue_token(session, "ana", lifetime=dt.timedelta(days=731), actor="test")


def test_an_expired_token_in_the_store_is_refused(store: Engine) -> None:
    with transaction(store) as session:
        token, row = issue_token(session, "ana", actor="test")
        token_id = row.id
    with transaction(store) as session:
        session.execute(update(ApiToken).where(ApiToken.id == token_id).values(expires_at=utcnow()))
    with transaction(store) as session:
        assert user_for_token(session, token) is None


def test_the_last_active_coordinator_cannot_be_disabled_or_demoted(store: Engine) -> None:
    with transaction(store) as session:
        disable_user(session, "deputy", actor="chief")
        with pytest.raises(Conflict, match="last active coordinator"):
            disable_user(session, "chief", actor="chief")
        with pytest.raises(Conflict, match="last active coordinator"):
            change_role(session, "chief", role="observer", actor="chief")
        with pytest.raises(Conflict, match="disabled already"):
            disable_user(session, "deputy", actor="chief")
        with pytest.raises(Conflict, match="has that role already"):
            change_role(session, "ana", role="observer", actor="chief")
        with pytest.raises(InvalidInput):
            reset_password(session, "ana", password="short", actor="chief")


def test_the_eleventh_wrong_password_in_a_minute_is_throttled_with_back_off(store: Engine) -> None:
    now = utcnow()
    with transaction(store) as session:
        for attempt in range(10):
            at = now + dt.timedelta(seconds=attempt)
            assert login_wait(session, username="ana", address="10.0.0.9", policy=POLICY, now=at) is None
            record_login_failure(session, username="ana", address="10.0.0.9", policy=POLICY, now=at)
    # another app process (another connection) sees the same count
    with transaction(store) as session:
        eleventh = now + dt.timedelta(seconds=10)
        wait = login_wait(session, username="ana", address="10.0.0.9", policy=POLICY, now=eleventh)
        assert wait == 59  # a minute after the tenth failure
        # the account is throttled from any address, and the address for any account
        assert login_wait(session, username="ana", address="10.0.0.7", policy=POLICY, now=eleventh) == 59
        assert login_wait(session, username="chief", address="10.0.0.9", policy=POLICY, now=eleventh) == 59
        assert login_wait(session, username="chief", address="10.0.0.7", policy=POLICY, now=eleventh) is None
        # the minute passes: one more guess each minute, then the wait doubles
        later = now + dt.timedelta(seconds=70)
        assert login_wait(session, username="ana", address=None, policy=POLICY, now=later) is None
        for n in range(10):
            record_login_failure(
                session, username="ana", address=None, policy=POLICY, now=later + dt.timedelta(seconds=n)
            )
        last = later + dt.timedelta(seconds=9)
        assert login_wait(session, username="ana", address=None, policy=POLICY, now=last) == 120
        forget_account_failures(session, username="ana")
        assert login_wait(session, username="ana", address=None, policy=POLICY, now=last) is None


def test_totp_codes_work_once(store: Engine) -> None:
    with transaction(store) as session:
        secret = enrol_totp(session, "chief", actor="chief")
        chief = user(session, "chief")
        now = utcnow()
        code = pyotp.TOTP(secret).at(now)
        assert not verify_totp(chief, "000000" if code != "000000" else "111111", now=now)
        assert verify_totp(chief, code, now=now)
        assert not verify_totp(chief, code, now=now)  # no replay
        assert verify_totp(chief, pyotp.TOTP(secret).at(now + dt.timedelta(seconds=30)), now=now)


def test_every_account_change_is_logged_without_its_secret(store: Engine) -> None:
    with transaction(store) as session:
        token, row = issue_token(session, "ana", actor="chief")
        revoke_api_token(session, row.id, actor="chief")
        secret = enrol_totp(session, "ana", actor="chief")
        password = reset_password(session, "ana", actor="chief")
        change_role(session, "ana", role="public", actor="chief")
        disable_user(session, "ana", actor="chief")
        enable_user(session, "ana", actor="chief")
    with transaction(store) as session:
        entries = list(session.scalars(select(LedgerEntry).order_by(LedgerEntry.seq)))
        actions = [e.action for e in entries if e.action.startswith("auth:")]
        assert actions == [
            *["auth:user:add"] * 3,
            "auth:token:issue",
            "auth:token:revoke",
            "auth:user:totp-enrol",
            "auth:user:password-reset",
            "auth:user:role",
            "auth:user:disable",
            "auth:user:enable",
        ]
        logged = " ".join(str(e.payload) for e in entries)
        for leaked in (token, secret, password, PASSWORD):
            assert leaked not in logged
        assert verify_ledger(session).ok
        assert session.scalars(select(LoginSession)).all() == []


def test_a_read_is_answered_while_another_writer_holds_the_store_and_records_the_use_later(store: Engine) -> None:
    """A GET whose token use is due to be written must not wait for, or fail on, a writer that
    holds the store (on SQLite a reader that then writes fails once another connection has
    committed since it began): it answers, and the use is written by a later request."""
    from fastapi.testclient import TestClient

    from truceline.app import create_app
    from truceline.db import write_transaction

    with transaction(store) as session:
        token, row = issue_token(session, "ana", actor="test")
        token_id = row.id
    bearer = {"Authorization": f"Bearer {token}"}

    def last_used() -> dt.datetime | None:
        with transaction(store) as session:
            return session.get(ApiToken, token_id).last_used_at

    with TestClient(create_app(store, run_jobs=False)) as client:
        with write_transaction(store) as holding:  # holds SQLite's writer lock and the token's row
            holding.execute(update(ApiToken).where(ApiToken.id == token_id).values(name="held"))
            answer = client.get("/api/v1/me", headers=bearer)
            assert answer.status_code == 200 and answer.json()["role"] == "observer"
        assert last_used() is None  # skipped while the store was held, not waited for
        assert client.get("/api/v1/me", headers=bearer).status_code == 200
        assert last_used() is not None
