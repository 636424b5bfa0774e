"""Settings, read from the environment (prefix ``TRUCELINE_``), built on demand.

Nothing here runs at import time: call :func:`get_settings` when a setting is needed.
"""

from __future__ import annotations

import itertools
import math
import os
from collections import Counter
from functools import lru_cache
from pathlib import Path

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from truceline.errors import InvalidInput

DEFAULT_DATABASE_FILE = "truceline.db"
#: the longest an API token may live
MAX_TOKEN_LIFETIME_DAYS = 730
DEVELOPMENT_SECRET = "development-only-secret-change-me"
#: the shortest secret production accepts (``secrets.token_urlsafe(32)`` gives 43 characters)
MIN_SECRET_BYTES = 32
#: a secret containing one of these was typed by a person, not drawn at random
WEAK_SECRET_WORDS = ("secret", "password", "changeme", "change-me", "example", "truceline", "default", "qwerty")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRUCELINE_", extra="ignore")

    #: SQLAlchemy URL; the embedded default is a SQLite file in the working directory
    database_url: str = f"sqlite:///{DEFAULT_DATABASE_FILE}"
    #: "development", "test" or "production"; production refuses a weak secret key (see
    #: :func:`require_safe_secret`), marks cookies Secure, sends HSTS and asks coordinators for TOTP
    environment: str = "development"
    #: signs session cookies and CSRF tokens (ledger entries are signed by ledger_key)
    secret_key: str = DEVELOPMENT_SECRET
    #: where Truceline keeps its files (absolute); unset: the SQLite file's directory, else
    #: ``$XDG_DATA_HOME/truceline`` (``~/.local/share/truceline``). Never the working directory.
    data_dir: Path | None = None
    #: where evidence files are stored, by content hash; a relative path is inside ``data_dir``
    evidence_dir: Path = Path("evidence")
    #: the Ed25519 private key that signs ledger entries (PEM, mode 0600, never in the database);
    #: a relative path is inside ``data_dir``; unset: ``ledger-key.pem`` beside the SQLite file,
    #: else in ``data_dir``
    ledger_key: Path | None = None
    #: where background jobs go: unset runs them in the server's process (or ``truceline worker``
    #: polling the store); ``redis://…`` or ``amqp://…`` sends them to Dramatiq workers
    broker_url: str | None = None
    #: how many days a report's file made for a web reader is kept in the store (then removed:
    #: the reader asks for it again from its page)
    job_file_days: int = Field(default=7, ge=1, le=3650)
    #: the queue jobs are sent to (on Redis and RabbitMQ)
    broker_queue: str = "truceline-jobs"
    #: Redis only: a worker silent this long is taken for dead and its unfinished jobs are redelivered
    broker_heartbeat_seconds: float = 60.0
    #: Redis only: out of a million broker commands, how many also look for dead workers
    broker_maintenance_chance: int = 10_000
    #: how long a new API token works unless ``--expires-in`` says otherwise
    token_lifetime_days: int = Field(default=90, ge=1, le=MAX_TOKEN_LIFETIME_DAYS)
    #: a web session ends after this many minutes without a request …
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    #: … and this many hours after login, however busy
    session_absolute_hours: int = Field(default=12, ge=1, le=24 * 30)
    #: wrong passwords (or codes) per minute for one account before logins are refused (429)
    login_failures_per_account: int = Field(default=10, ge=1, le=1000)
    #: wrong passwords (or codes) per minute from one client address before logins are refused
    login_failures_per_address: int = Field(default=10, ge=1, le=1000)
    #: the longest a throttled account or address waits, however long the attack goes on
    login_lockout_max_seconds: int = Field(default=900, ge=60, le=24 * 3600)
    #: whether coordinators need a TOTP second factor to log in to the web app; unset: in production
    coordinator_totp: bool | None = None
    #: the largest request body accepted, in bytes, checked before authentication
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    #: the same for evidence uploads (streamed to disk, never held in memory)
    max_upload_bytes: int = Field(default=100 * 1024 * 1024, ge=1024)
    #: the SMTP server that e-mails subscribers' notices (``truceline alerts send``)
    smtp_host: str = "localhost"
    smtp_port: int = Field(default=25, ge=1, le=65535)
    #: the From address of notices
    smtp_sender: str = "truceline@localhost"
    #: log in to the SMTP server (after STARTTLS when ``smtp_starttls``); unset: no login
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    #: let webhooks reach loopback, private and link-local addresses (a receiver on this host or
    #: network); off, such targets are refused at delivery (see truceline.alerts.delivery)
    webhook_allow_private: bool = False
    #: the shared secret an SMS gateway sends with each message (``/api/v1/sms/inbound``); unset:
    #: the SMS channel is closed
    sms_secret: str | None = None
    #: the conflict SMS reports are filed under; unset: the store's only conflict
    sms_conflict: str | None = None

    @field_validator("data_dir")
    @classmethod
    def _absolute_data_dir(cls, value: Path | None) -> Path | None:
        if value is not None and not value.expanduser().is_absolute():
            raise ValueError(f"TRUCELINE_DATA_DIR must be an absolute path, not {str(value)!r}")
        return value.expanduser() if value is not None else None

    def data_directory(self, database_url: str | None = None) -> Path:
        """Where relative paths in the settings point (always absolute): ``data_dir``, else the
        directory of the SQLite file (``database_url``, default the settings' own), else the
        user's data directory. Never the working directory."""
        if self.data_dir is not None:
            return self.data_dir
        database = sqlite_file(database_url or self.database_url)
        if database is not None:
            return database.parent
        home = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
        return Path(home).expanduser().resolve() / "truceline"

    def in_data_directory(self, path: Path, database_url: str | None = None) -> Path:
        """``path`` if absolute, else resolved inside :meth:`data_directory`."""
        path = path.expanduser()
        return path if path.is_absolute() else (self.data_directory(database_url) / path).resolve()

    def evidence_directory(self, database_url: str | None = None) -> Path:
        """Where evidence files of the store at ``database_url`` are kept (absolute)."""
        return self.in_data_directory(self.evidence_dir, database_url)

    @field_validator("environment")
    @classmethod
    def _known_environment(cls, value: str) -> str:
        if value not in {"development", "production", "test"}:
            raise ValueError("environment must be development, production or test")
        return value

    @field_validator("broker_url")
    @classmethod
    def _known_broker(cls, value: str | None) -> str | None:
        if value and not value.startswith(("redis://", "rediss://", "amqp://", "amqps://")):
            raise ValueError("broker_url must be a redis:// or amqp:// URL (or unset: jobs run in process)")
        return value or None

    @property
    def production(self) -> bool:
        return self.environment == "production"

    @property
    def coordinator_totp_required(self) -> bool:
        return self.production if self.coordinator_totp is None else self.coordinator_totp


def weak_secret_reason(secret: str) -> str | None:
    """Why ``secret`` is too weak to sign sessions in production, or None when it will do.

    At least 32 bytes, not the development secret, no well-known words, and enough variety that
    it looks random (a Shannon estimate of at least 128 bits over its characters)."""
    if secret == DEVELOPMENT_SECRET:
        return "it is not set (the published development secret would sign sessions)"
    if len(secret.encode("utf-8")) < MIN_SECRET_BYTES:
        return f"it is shorter than {MIN_SECRET_BYTES} bytes"
    lowered = secret.lower()
    for word in WEAK_SECRET_WORDS:
        if word in lowered:
            return f"it contains the word {word!r}"
    counts = Counter(secret)
    bits = -sum(n * math.log2(n / len(secret)) for n in counts.values())
    if bits < 128:
        return "it does not look random: too few different characters for 128 bits"
    steps = sum(1 for a, b in itertools.pairwise(secret) if abs(ord(b) - ord(a)) <= 1)
    if steps > len(secret) // 2:
        return "it does not look random: runs of neighbouring characters (abc…, 123…)"
    return None


class InvalidSettings(InvalidInput):
    """A setting is missing, malformed or unsafe (exit 2): the message names it."""


def require_safe_secret(settings: Settings) -> None:
    """In production, refuse a secret key that is missing, short or weak (one clear sentence)."""
    if not settings.production:
        return
    reason = weak_secret_reason(settings.secret_key)
    if reason is not None:
        raise InvalidSettings(
            f"TRUCELINE_SECRET_KEY is refused in production: {reason}; set a random one of at least "
            f"{MIN_SECRET_BYTES} bytes, e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )


def sqlite_file(database_url: str) -> Path | None:
    """The absolute path of a SQLite database file named by ``database_url``, else None."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        return None
    database = url.database or ""
    if url.get_backend_name() != "sqlite" or not database or database == ":memory:" or database.startswith("file:"):
        return None
    return Path(database).expanduser().resolve()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings from the environment; a malformed one is an :class:`InvalidSettings` error
    naming it, not a traceback."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"TRUCELINE_{'_'.join(str(p) for p in e['loc']).upper() or 'SETTINGS'}: {e['msg']}" for e in exc.errors()
        )
        raise InvalidSettings(f"a setting is not valid: {problems}") from None
