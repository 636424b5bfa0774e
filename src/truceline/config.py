"""Settings, read from the environment (prefix ``TRUCELINE_``), built on demand.

Nothing here runs at import time: call :func:`get_settings` when a setting is needed.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_FILE = "truceline.db"
DEVELOPMENT_SECRET = "development-only-secret-change-me"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TRUCELINE_", extra="ignore")

    #: SQLAlchemy URL; the embedded default is a SQLite file in the working directory
    database_url: str = f"sqlite:///{DEFAULT_DATABASE_FILE}"
    #: "development" or "production"; production refuses the development secret
    environment: str = "development"
    #: signs session cookies and CSRF tokens (ledger entries are signed by ledger_key)
    secret_key: str = DEVELOPMENT_SECRET
    #: where evidence files are stored, by content hash
    evidence_dir: Path = Path("truceline-data/evidence")
    #: the Ed25519 private key that signs ledger entries (PEM, mode 0600, never in the database);
    #: unset: ``ledger-key.pem`` beside the SQLite file, or in the working directory for PostgreSQL
    ledger_key: Path | None = None
    #: where background jobs go: unset runs them in the server's process (or ``truceline worker``
    #: polling the store); ``redis://…`` or ``amqp://…`` sends them to Dramatiq workers
    broker_url: str | None = None
    #: the queue jobs are sent to (on Redis and RabbitMQ)
    broker_queue: str = "truceline-jobs"
    #: Redis only: a worker silent this long is taken for dead and its unfinished jobs are redelivered
    broker_heartbeat_seconds: float = 60.0
    #: Redis only: out of a million broker commands, how many also look for dead workers
    broker_maintenance_chance: int = 10_000

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

    @model_validator(mode="after")
    def _no_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError("set TRUCELINE_SECRET_KEY: the development secret is refused in production")
        return self


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
