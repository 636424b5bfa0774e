"""The account policy: token and session lifetimes, login throttling, second factor.

Built from the settings by the interfaces (:meth:`AccountPolicy.of`) and handed to the
services, which read no settings themselves. The defaults are the settings' defaults.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from truceline.errors import InvalidInput

LIFETIME_UNITS = {"d": "days", "h": "hours", "m": "minutes"}


class AccountSettings(Protocol):
    token_lifetime_days: int
    session_idle_minutes: int
    session_absolute_hours: int
    login_failures_per_account: int
    login_failures_per_address: int
    login_lockout_max_seconds: int

    @property
    def coordinator_totp_required(self) -> bool: ...


@dataclass(frozen=True)
class AccountPolicy:
    token_lifetime: dt.timedelta = dt.timedelta(days=90)
    session_idle: dt.timedelta = dt.timedelta(minutes=30)
    session_absolute: dt.timedelta = dt.timedelta(hours=12)
    #: wrong passwords per minute before an account, or an address, is refused for a while
    failures_per_account: int = 10
    failures_per_address: int = 10
    #: the throttle's window; each further ``limit`` failures within the horizon doubles the wait
    throttle_window: dt.timedelta = dt.timedelta(minutes=1)
    throttle_horizon: dt.timedelta = dt.timedelta(hours=1)
    lockout_max: dt.timedelta = dt.timedelta(minutes=15)
    coordinator_totp_required: bool = False

    @classmethod
    def of(cls, settings: AccountSettings) -> AccountPolicy:
        return cls(
            token_lifetime=dt.timedelta(days=settings.token_lifetime_days),
            session_idle=dt.timedelta(minutes=settings.session_idle_minutes),
            session_absolute=dt.timedelta(hours=settings.session_absolute_hours),
            failures_per_account=settings.login_failures_per_account,
            failures_per_address=settings.login_failures_per_address,
            lockout_max=dt.timedelta(seconds=settings.login_lockout_max_seconds),
            coordinator_totp_required=settings.coordinator_totp_required,
        )


def parse_lifetime(text: str) -> dt.timedelta:
    """``90d``, ``12h``, ``30m`` or a number of days (``90``) as a duration."""
    value = text.strip().lower()
    unit = LIFETIME_UNITS.get(value[-1:], "") if value else ""
    number = value[:-1] if unit else value
    if not number.isdigit() or int(number) < 1 or len(number) > 6:
        raise InvalidInput(f"not a lifetime: {text!r} (give e.g. 90d, 12h, 30m or a number of days)")
    return dt.timedelta(**{unit or "days": int(number)})
