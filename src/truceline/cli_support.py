"""What every CLI command shares: the store it works on, JSON output, and the exit-code convention.

Exit codes: 0 success; 1 unexpected failure; 2 invalid input; 3 not found; 4 conflict;
5 forbidden; 6 the store stayed busy with other writers, try again (see ``truceline.errors``).

A command's writes go through :meth:`Store.transaction`, a write transaction (on SQLite it holds
the writer lock from its start, ``BEGIN IMMEDIATE``; on PostgreSQL the ledger append takes its
lock); a command that loses a race with another writer before it has committed anything is run
again whole by ``truceline.cli.main``, like a request in the web app.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import typer
from sqlalchemy import Engine, event
from sqlalchemy.orm import Session

from truceline.db import make_engine, migrate, run_write, transaction, write_sessions, write_transaction
from truceline.ledger.keys import configured_key_path, load_signer

#: the name written to the change log for changes made from the command line
CLI_ACTOR = "cli"

T = TypeVar("T")


@dataclass
class Store:
    """The database a command works on; migrated to the newest schema on first use."""

    url: str
    #: the conflict asked for with ``--conflict``; None: the store's only conflict
    conflict: str | None = None
    _engine: Engine | None = field(default=None, repr=False)
    #: transactions this command has committed (after migrating): a command that committed
    #: nothing may run again whole
    commits: int = 0

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.url)
            migrate(self._engine)
            load_signer(self.key_path)  # the ledger signing key, created on first use
            event.listen(self._engine, "commit", self._count_commit)
        return self._engine

    def _count_commit(self, _connection: Any) -> None:
        self.commits += 1

    def close(self) -> None:
        if self._engine is not None:
            self._engine.dispose()

    @property
    def key_path(self) -> Path:
        """The ledger signing key of this store (``TRUCELINE_LEDGER_KEY`` or the default)."""
        return configured_key_path(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction (see the module); a lost race raises StoreBusy or Conflict."""
        with write_transaction(self.engine) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work: it takes no lock and never waits for a writer."""
        with transaction(self.engine) as session:
            yield session

    def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one write transaction, run again whole if it loses a race."""
        return run_write(write_sessions(self.engine), work)


def store(ctx: typer.Context) -> Store:
    root = ctx.find_root()
    if not isinstance(root.obj, Store):
        raise RuntimeError("the CLI's root callback did not set up the store")
    return root.obj


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")
