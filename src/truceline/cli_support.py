"""What every CLI command shares: the store it works on, JSON output, and the exit-code convention.

Exit codes: 0 success; 1 unexpected failure; 2 invalid input; 3 not found; 4 conflict;
5 forbidden (see ``truceline.errors``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from truceline.db import make_engine, migrate, transaction
from truceline.ledger.keys import configured_key_path, load_signer

#: the name written to the change log for changes made from the command line
CLI_ACTOR = "cli"


@dataclass
class Store:
    """The database a command works on; migrated to the newest schema on first use."""

    url: str
    #: the conflict asked for with ``--conflict``; None: the store's only conflict
    conflict: str | None = None
    _engine: Engine | None = field(default=None, repr=False)

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.url)
            migrate(self._engine)
            load_signer(self.key_path)  # the ledger signing key, created on first use
        return self._engine

    def close(self) -> None:
        """Close the store's connections (the CLI does when a command ends)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @property
    def key_path(self) -> Path:
        """The ledger signing key of this store (``TRUCELINE_LEDGER_KEY`` or the default)."""
        return configured_key_path(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        with transaction(self.engine) as session:
            yield session

    def conflict_id(self, session: Session) -> str:
        """The conflict the command works on: ``--conflict``, or the store's only one."""
        from truceline.conflicts.services import resolve_conflict

        return resolve_conflict(session, self.conflict).id


def store(ctx: typer.Context) -> Store:
    root = ctx.find_root()
    if not isinstance(root.obj, Store):
        raise RuntimeError("the CLI's root callback did not set up the store")
    return root.obj


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")
