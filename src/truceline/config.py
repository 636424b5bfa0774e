"""Settings, read from the environment (prefix ``TRUCELINE_``), built on demand.

Nothing here runs at import time: call :func:`get_settings` when a setting is needed.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

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
    #: where Truceline keeps its files (absolute); unset: the SQLite file's directory, else
    #: ``$XDG_DATA_HOME/truceline`` (``~/.local/share/truceline``). Never the working directory.
    data_dir: Path | None = None
    #: where evidence files are stored, by content hash; a relative path is inside ``data_dir``
    evidence_dir: Path = Path("evidence")
    #: the Ed25519 private key that signs ledger entries (PEM, mode 0600, never in the database);
    #: a relative path is inside ``data_dir``; unset: ``ledger-key.pem`` beside the SQLite file,
    #: else in ``data_dir``
    ledger_key: Path | None = None
    #: the largest request body accepted, in bytes, checked before authentication
    max_body_bytes: int = Field(default=2 * 1024 * 1024, ge=1024)
    #: the same for evidence uploads (streamed to disk, never held in memory)
    max_upload_bytes: int = Field(default=100 * 1024 * 1024, ge=1024)

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

    @model_validator(mode="after")
    def _no_default_secret_in_production(self) -> Settings:
        if self.environment == "production" and self.secret_key == DEVELOPMENT_SECRET:
            raise ValueError("set TRUCELINE_SECRET_KEY: the development secret is refused in production")
        return self


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
    return Settings()
