"""What every CLI command shares: the store it works on, JSON output, and the exit-code convention.

Exit codes: 0 success; 1 unexpected failure; 2 invalid input; 3 not found; 4 conflict;
5 forbidden; 6 the store stayed busy with other writers, try again (see ``truceline.errors``).

A command's writes go through :meth:`Store.transaction`, a write transaction (on SQLite it holds
the writer lock from its start, ``BEGIN IMMEDIATE``; on PostgreSQL the ledger append takes its
lock); a command that loses a race with another writer before it has committed anything is run
again whole by ``truceline.cli.main``, like a request in the web app.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer
import typer.core
import typer.main

#: a Click command (Typer carries its own copy of Click)
Command = Any

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session

# Nothing heavy is imported here at module level: ``truceline --help`` imports this module, and
# must not pay for SQLAlchemy, the models or the web app (see LazyGroup).

#: the name written to the change log for changes made from the command line
CLI_ACTOR = "cli"

T = TypeVar("T")


@dataclass
class Store:
    """The database a command works on; migrated to the newest schema on first use."""

    #: the database URL; None: the settings' (``TRUCELINE_DATABASE_URL`` or the default)
    url_given: str | None = None
    #: the conflict asked for with ``--conflict``; None: the store's only conflict
    conflict: str | None = None
    _engine: Engine | None = field(default=None, repr=False)
    #: transactions this command has committed (after migrating): a command that committed
    #: nothing may run again whole
    commits: int = 0

    @property
    def url(self) -> str:
        if self.url_given is not None:
            return self.url_given
        from truceline.config import get_settings

        return get_settings().database_url

    @property
    def engine(self) -> Engine:
        from truceline.db import make_engine, migrate
        from truceline.ledger.keys import load_signer

        if self._engine is None:
            self._engine = make_engine(self.url)
            migrate(self._engine)
            load_signer(self.key_path)  # the ledger signing key, created on first use
            from sqlalchemy import event

            event.listen(self._engine, "commit", self._count_commit)
        return self._engine

    def _count_commit(self, _connection: Any) -> None:
        self.commits += 1

    def close(self) -> None:
        """Close the store's connections (the CLI does when a command ends)."""
        if self._engine is not None:
            self._engine.dispose()
            self._engine = None

    @property
    def key_path(self) -> Path:
        """The ledger signing key of this store (``TRUCELINE_LEDGER_KEY`` or the default)."""
        from truceline.ledger.keys import configured_key_path

        return configured_key_path(self.url)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction (see the module); a lost race raises StoreBusy or Conflict."""
        from truceline.db import write_transaction

        with write_transaction(self.engine) as session:
            yield session

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only unit of work: it takes no lock and never waits for a writer."""
        from truceline.db import transaction

        with transaction(self.engine) as session:
            yield session

    def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work`` in one write transaction, run again whole if it loses a race."""
        from truceline.db import run_write, write_sessions

        return run_write(write_sessions(self.engine), work)


def store(ctx: typer.Context) -> Store:
    root = ctx.find_root()
    if not isinstance(root.obj, Store):
        raise RuntimeError("the CLI's root callback did not set up the store")
    return root.obj


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")


class LazyCommands(MutableMapping[str, Any]):
    """A group's commands, each imported from its module only when it is used.

    ``targets`` maps a name to ``"module:attribute"``: a ``typer.Typer`` (a group of commands) or
    a function (one command). Listing the names imports nothing; looking one up imports it.
    """

    def __init__(self, eager: Mapping[str, Command], targets: Mapping[str, str]) -> None:
        self.loaded: dict[str, Command] = dict(eager)
        self.targets = dict(targets)

    def is_loaded(self, name: str) -> bool:
        return name in self.loaded

    def __getitem__(self, name: str) -> Command:
        if name not in self.loaded:
            if name not in self.targets:
                raise KeyError(name)
            self.loaded[name] = load_command(name, self.targets[name])
        return self.loaded[name]

    def __setitem__(self, name: str, command: Command) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self.loaded.pop(name, None)
        self.targets.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self.loaded
        yield from (name for name in self.targets if name not in self.loaded)

    def __len__(self) -> int:
        return len(set(self.loaded) | set(self.targets))


def load_command(name: str, target: str) -> Command:
    module_name, _, attribute = target.partition(":")
    obj = getattr(importlib.import_module(module_name), attribute)
    if isinstance(obj, typer.Typer):
        command: Command = typer.main.get_group(obj)
    else:
        single = typer.Typer()
        single.command(name)(obj)
        command = typer.main.get_command(single)
    command.name = name
    return command


class LazyGroup(typer.core.TyperGroup):
    """The root command: its sub-commands are imported when one is run, not to print the list.

    ``lazy`` maps a command's name to ``("module:attribute", summary)``; the summary (the first
    sentence of the command's own help, which a test checks) is what ``truceline --help`` shows.
    """

    lazy: Mapping[str, tuple[str, str]] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = LazyCommands(self.commands, {name: target for name, (target, _) in self.lazy.items()})

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands)

    def get_command(self, ctx: Any, cmd_name: str) -> Command | None:
        commands = self.commands
        if ctx.resilient_parsing is False and getattr(ctx, "_truceline_listing", False):
            assert isinstance(commands, LazyCommands)
            if not commands.is_loaded(cmd_name) and cmd_name in self.lazy:
                return typer.core.TyperCommand(cmd_name, help=self.lazy[cmd_name][1])
        return commands.get(cmd_name)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        ctx._truceline_listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            ctx._truceline_listing = False
