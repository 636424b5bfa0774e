"""The command line: ``truceline [--db URL] COMMAND``.

A thin shell over the library: each feature keeps its commands in its own ``cli.py``, and this
module wires them together, sets up the store and turns errors into a message and an exit code
(see ``truceline.cli_support``).
"""

from __future__ import annotations

import sys
from typing import IO, Annotated, Any, cast

import typer

from truceline import __version__
from truceline.cli_support import LazyGroup, Store, print_json, store
from truceline.errors import TrucelineError

#: command -> ("module:attribute", the first sentence of its help). Each is imported only when it
#: runs, so ``truceline --help`` starts in a fraction of a second. A new command is one line here.
COMMANDS: dict[str, tuple[str, str]] = {
    "export": (
        "truceline.publish.cli:export",
        "Export the record: JSON (incidents and agreements), GeoJSON, ACLED CSV or UCDP GED CSV.",
    ),
    "publish": (
        "truceline.site.cli:app",
        "The public record as a static website anyone can verify: write it, check it.",
    ),
    "replica": (
        "truceline.replica.cli:app",
        "A copy of another instance's signed ledger, verified entry by entry: pull it, see how far behind it is.",
    ),
    "ingest": (
        "truceline.intake.ingest_cli:ingest",
        "Store reports whole and hashed, and queue the records they contain for review.",
    ),
    "compliance": (
        "truceline.compliance.cli:compliance",
        "Violations of the provisions in force, grouped by provision and party; "
        "the parties' allegations beside them; commitments.",
    ),
    "serve": ("truceline.serve:serve", "Serve the dashboard, the pages and the JSON API (/api/v1) on the store."),
    "demo": (
        "truceline.serve:demo",
        "A fresh demo: new SQLite store, every bundled casebook, their sample reports queued for review, "
        "an observer and a coordinator account (passwords printed once), then the server.",
    ),
    "backup": (
        "truceline.backups.cli:backup",
        "Back up the store named by --db and the evidence files into one archive with a manifest "
        "(format, database kind, schema revision, SHA-256 of each member).",
    ),
    "restore": (
        "truceline.backups.cli:restore",
        "Restore an archive into the store named by --db and the evidence directory.",
    ),
    "worker": ("truceline.jobs.cli:worker", "Run background jobs."),
    "casebook": (
        "truceline.casebooks.cli:app",
        "Validate and load casebooks: bundled, sourced records of a conflict.",
    ),
    "incidents": (
        "truceline.publish.lists_cli:incidents_app",
        "Read incidents: what happened, where, when, with the sources and claims.",
    ),
    "claims": (
        "truceline.publish.lists_cli:claims_app",
        "List, correct or retract the parties' claims about incidents.",
    ),
    "history": (
        "truceline.history.cli:history",
        "Every version of a record, oldest first: its change (created, corrected, retracted, "
        "unpublished, published …), who, when, why, the source, and the fields that changed.",
    ),
    "evidence": (
        "truceline.incidents.evidence_cli:app",
        "Evidence files (photos, documents) stored by content hash, with their chain of custody.",
    ),
    "agreements": (
        "truceline.agreements.cli:app",
        "Read agreements, their provisions and status history; record status events.",
    ),
    "import": (
        "truceline.intake.cli:import_app",
        "Import event data: ACLED and UCDP GED CSV exports.",
    ),
    "review": (
        "truceline.intake.ingest_cli:review_app",
        "The review queue: accept, edit or reject what extraction proposed.",
    ),
    "publish-queue": (
        "truceline.publish.cli:queue_app",
        "The publish queue: accepted records waiting for a coordinator to publish them.",
    ),
    "commitments": (
        "truceline.compliance.cli:commitments_app",
        "Each commitment's status (pending, met, overdue, suspended), with the events that decided it; "
        "record a commitment's events.",
    ),
    "findings": (
        "truceline.verification.cli:app",
        "Observers' findings: verified, not substantiated or inconclusive; draft → in_review → final.",
    ),
    "users": ("truceline.auth.cli:app", "Users, their roles, and API tokens for programs."),
    "ledger": (
        "truceline.history.cli:ledger_app",
        "The signed change log: verify it, keep its head, export it for anyone to check.",
    ),
    "meetings": (
        "truceline.diplomacy.cli:meetings_app",
        "Meetings of the border committees and summits: list, show, record.",
    ),
    "letters": (
        "truceline.diplomacy.cli:letters_app",
        "Letters between the parties and to treaty bodies: list, show, record.",
    ),
    "statements": ("truceline.diplomacy.cli:statements_app", "Parties' public statements: list, show, record."),
    "report": ("truceline.reports.cli:report_app", "Reports from the record as HTML, PDF or DOCX."),
    "letter": ("truceline.reports.cli:letter_app", "Letters drafted from the record, for a person to finish."),
    "signal": (
        "truceline.alerts.cli:signal",
        "The escalation signal of each sector: daily incidents against their own recent baseline.",
    ),
    "alerts": (
        "truceline.alerts.cli:alerts_app",
        "Subscriptions to a conflict, sector, agreement or incident, and the notices sent to them.",
    ),
    "jobs": (
        "truceline.jobs.cli:app",
        "Background jobs (imports, ingests, exports): their state, progress, counts and errors.",
    ),
}


class TrucelineGroup(LazyGroup):
    lazy = COMMANDS


app = typer.Typer(
    name="truceline",
    help="Truceline: ceasefire monitoring and verification. Keeps agreements, incidents, claims and "
    "findings in one store and shows which incident breaks which promise.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=TrucelineGroup,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"truceline {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            metavar="URL",
            help="Database URL (sqlite:///file.db or postgresql://…). Overrides TRUCELINE_DATABASE_URL; "
            "the default is the SQLite file truceline.db in the working directory.",
        ),
    ] = None,
    conflict: Annotated[
        str | None,
        typer.Option(
            "--conflict",
            metavar="ID",
            envvar="TRUCELINE_CONFLICT",
            help="The conflict to work on (see 'truceline conflicts'); needed only when the store holds several.",
        ),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    global _store
    ctx.obj = _store = Store(url_given=db, conflict=conflict)
    ctx.call_on_close(_store.close)  # the engine's connections are closed when the command ends


@app.command("conflicts")
def conflicts(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the conflicts as JSON.")] = False,
) -> None:
    """List the conflicts the store holds, with their parties and time zone."""
    from truceline.conflicts.services import conflict_definition, list_conflicts

    with store(ctx).transaction() as session:
        rows = [
            {
                "id": row.id,
                "title": row.title,
                "time_zone": row.time_zone,
                "principals": list(conflict_definition(session, row.id).principals),
            }
            for row in list_conflicts(session)
        ]
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo("the store holds no conflict yet: load a casebook (truceline casebook load NAME)")
    for row in rows:
        typer.echo(f"{row['id']}\t{row['title']}\t{' – '.join(row['principals'])}\t{row['time_zone']}")


@app.command()
def init(ctx: typer.Context) -> None:
    """Create the store or migrate it to the newest schema, and the ledger signing key if there is
    none (other commands do both implicitly)."""
    from truceline.db import current_revision

    engine = store(ctx).engine
    typer.echo(f"store ready at schema revision {current_revision(engine)}")
    typer.echo(f"ledger signing key: {store(ctx).key_path}")


@app.command()
def summary(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Count what the store holds: agreements, provisions, incidents, claims, sources …"""
    from sqlalchemy import func, select

    from truceline.agreements.models import Agreement, Commitment, Letter, Meeting, Provision, Statement
    from truceline.conflicts.services import resolve_conflict
    from truceline.incidents.models import Claim, Incident
    from truceline.places.models import Place
    from truceline.sources.models import SourceDocument

    models = {
        "agreements": Agreement,
        "provisions": Provision,
        "commitments": Commitment,
        "incidents": Incident,
        "claims": Claim,
        "meetings": Meeting,
        "letters": Letter,
        "statements": Statement,
        "places": Place,
        "sources": SourceDocument,
    }
    with store(ctx).transaction() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id

        def scoped(model: type) -> object:
            if model is Provision:
                return (
                    select(func.count())
                    .select_from(Provision)
                    .join(Agreement)
                    .where(Agreement.conflict_id == conflict_id)
                )
            if model is Claim:
                return select(func.count()).select_from(Claim).join(Incident).where(Incident.conflict_id == conflict_id)
            return select(func.count()).select_from(model).where(model.conflict_id == conflict_id)  # type: ignore[attr-defined]

        counts = {name: session.scalar(scoped(model)) or 0 for name, model in models.items()}  # type: ignore[call-overload]
        first, last = session.execute(
            select(func.min(Incident.date_start), func.max(Incident.date_end)).where(
                Incident.conflict_id == conflict_id
            )
        ).one()
    if as_json:
        print_json({"conflict": conflict_id} | counts | {"incidents_from": first, "incidents_to": last})
        return
    typer.echo(f"Truceline store, {conflict_id}: " + ", ".join(f"{v} {k}" for k, v in counts.items()))
    if first is not None:
        typer.echo(f"incidents from {first} to {last}")


#: the store of the command being run (so that :func:`main` can tell whether it committed)
_store: Store | None = None


class _WatchedStdin:
    """Standard input that remembers being read: a command that read it cannot run again."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self.read = False

    def __getattr__(self, name: str) -> Any:
        if name not in ("isatty", "fileno", "encoding", "errors"):
            self.read = True
        return getattr(self._stream, name)


def main() -> None:
    """Entry point: run the CLI, turning known errors into a clear message and an exit code.

    A command that lost a race with another writer (the store busy, a key taken concurrently)
    before committing anything, and that read no standard input, is run again whole after a
    jittered pause, like a request in the web app; when the attempts are spent it exits with 6
    (busy: try again) or 4 (conflict)."""
    from truceline.errors import Conflict, StoreBusy

    stdin = _WatchedStdin(sys.stdin) if sys.stdin is not None else None
    if stdin is not None:
        sys.stdin = cast(IO[str], stdin)
    attempt = 0
    while True:
        attempt += 1
        try:
            _run()
            return
        except (StoreBusy, Conflict) as exc:
            # only a command that used the store gets here: the store's modules are loaded already
            from truceline.db import RetryPolicy, write_failure

            policy = RetryPolicy()
            raced = exc.__cause__ is not None and write_failure(exc.__cause__) is not None
            committed = _store is not None and _store.commits > 0
            if _store is not None:
                _store.close()
            if not raced or committed or (stdin is not None and stdin.read) or attempt >= policy.attempts:
                typer.echo(f"error: {exc}", err=True)
                sys.exit(exc.exit_code)
            policy.pause(attempt, exc)


def _run() -> None:
    from truceline.errors import Conflict, StoreBusy

    try:
        code = app(standalone_mode=False)  # click returns (not raises) the code of a typer.Exit here
        if isinstance(code, int) and code:
            sys.exit(code)
    except (StoreBusy, Conflict):
        raise
    except TrucelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        typer.echo("aborted", err=True)
        sys.exit(1)
    except typer.TyperException as exc:  # usage errors: a bad option, a malformed value
        show = getattr(exc, "show", None)
        if callable(show):
            show()
        else:
            typer.echo(f"error: {exc}", err=True)
        sys.exit(getattr(exc, "exit_code", 2))
    except Exception as exc:
        if "sqlalchemy" not in sys.modules:  # only a command that used the store can fail on it
            raise
        _database_error(exc)


def _database_error(exc: Exception) -> None:
    from sqlalchemy.exc import OperationalError, SQLAlchemyError

    from truceline.db import DatabaseError, RetryPolicy, exhausted_error, write_failure

    if isinstance(exc, DatabaseError):
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    if isinstance(exc, SQLAlchemyError) and write_failure(exc) is not None:  # a race lost outside a write transaction
        raise exhausted_error(exc, RetryPolicy()) from exc
    if isinstance(exc, OperationalError):
        typer.echo(f"error: the database cannot be used: {exc.orig}", err=True)
        sys.exit(1)
    if isinstance(exc, SQLAlchemyError):
        typer.echo(f"error: database error: {exc}", err=True)
        sys.exit(1)
    raise exc


if __name__ == "__main__":
    main()
