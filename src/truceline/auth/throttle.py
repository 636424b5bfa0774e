"""Login throttling per account and per client address, kept in the store.

Every wrong password (or second-factor code) is a row in ``login_failures`` under two keys,
``account:<name>`` and ``address:<client address>``, so every app process sees the same counts.
A key with ``limit`` failures within the policy's horizon (an hour) is refused until its newest
failure is ``window`` old (a minute); each further ``limit`` failures in the horizon doubles the
wait, up to ``lockout_max``. So the 11th wrong password within a minute is refused, and an
attack that keeps going gets one guess a minute, then one every two, four … minutes.

Two processes checking at the same instant may each let one more attempt through; the counts
still hold over any minute. Callers commit.
"""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from truceline.auth.models import LoginFailure
from truceline.auth.policy import AccountPolicy
from truceline.db import utcnow

MAX_KEY = 200


def throttle_keys(username: str, address: str | None, policy: AccountPolicy) -> list[tuple[str, int]]:
    """The keys a login attempt counts against, each with its limit."""
    keys = [(f"account:{username}"[:MAX_KEY], policy.failures_per_account)]
    if address:
        keys.append((f"address:{address}"[:MAX_KEY], policy.failures_per_address))
    return keys


def login_wait(
    session: Session, *, username: str, address: str | None, policy: AccountPolicy, now: dt.datetime | None = None
) -> int | None:
    """Seconds to wait before this account may try again from this address, or None: go ahead."""
    now = now or utcnow()
    wait = 0.0
    for key, limit in throttle_keys(username, address, policy):
        times = list(
            session.scalars(
                select(LoginFailure.at)
                .where(LoginFailure.key == key, LoginFailure.at > now - policy.throttle_horizon)
                .order_by(LoginFailure.at.desc())
            )
        )
        if len(times) < limit:
            continue
        lockout = min(policy.throttle_window * 2 ** (len(times) // limit - 1), policy.lockout_max)
        wait = max(wait, (times[0] + lockout - now).total_seconds())
    return math.ceil(wait) if wait > 0 else None


def record_login_failure(
    session: Session, *, username: str, address: str | None, policy: AccountPolicy, now: dt.datetime | None = None
) -> None:
    """Count a wrong password or code against the account and the address (and forget failures
    older than the horizon)."""
    now = now or utcnow()
    session.execute(delete(LoginFailure).where(LoginFailure.at <= now - policy.throttle_horizon))
    for key, _ in throttle_keys(username, address, policy):
        session.add(LoginFailure(key=key, at=now))
    session.flush()


def forget_account_failures(session: Session, *, username: str) -> None:
    """After a successful login the account starts afresh (its address does not)."""
    session.execute(delete(LoginFailure).where(LoginFailure.key == f"account:{username}"[:MAX_KEY]))
