"""The command line: ``truceline [--db URL] COMMAND``.

A thin shell over the library: each feature keeps its commands in its own ``cli.py``, and this
module wires them together, sets up the store and turns errors into a message and an exit code
(see ``truceline.cli_support``).
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from truceline import __version__
from truceline.agreements import cli as agreements_cli
from truceline.auth import cli as auth_cli
from truceline.backups import cli as backups_cli
from truceline.casebooks import cli as casebooks_cli
from truceline.cli_support import Store, print_json, store
from truceline.compliance import cli as compliance_cli
from truceline.config import get_settings
from truceline.db import DatabaseError, current_revision
from truceline.errors import TrucelineError
from truceline.incidents import cli as incidents_cli
from truceline.incidents import evidence_cli
from truceline.ledger import cli as ledger_cli
from truceline.publish import cli as publish_cli
from truceline.sources import cli as sources_cli
from truceline.sources import ingest_cli
from truceline.verification import cli as verification_cli
from truceline.web import cli as web_cli

app = typer.Typer(
    name="truceline",
    help="Truceline: ceasefire monitoring and verification. Keeps agreements, incidents, claims and "
    "findings in one store and shows which incident breaks which promise.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
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
    ctx.obj = Store(url=db or get_settings().database_url, conflict=conflict)
    ctx.call_on_close(ctx.obj.close)  # the engine's connections are closed when the command ends


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
    engine = store(ctx).engine
    typer.echo(f"store ready at schema revision {current_revision(engine)}")
    typer.echo(f"ledger signing key: {store(ctx).key_path}")


@app.command()
def summary(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON.")] = False,
) -> None:
    """Count what the store holds: agreements, provisions, incidents, claims, sources …"""
    from truceline.agreements.models import Agreement, Commitment, Letter, Meeting, Provision
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
        "places": Place,
        "sources": SourceDocument,
    }
    with store(ctx).transaction() as session:
        conflict_id = store(ctx).conflict_id(session)

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


app.add_typer(casebooks_cli.app, name="casebook")
app.add_typer(incidents_cli.app, name="incidents")
app.add_typer(evidence_cli.app, name="evidence")
app.add_typer(agreements_cli.app, name="agreements")
app.command("export")(publish_cli.export)
app.add_typer(sources_cli.import_app, name="import")
app.command("ingest")(ingest_cli.ingest)
app.add_typer(ingest_cli.review_app, name="review")
app.command("compliance")(compliance_cli.compliance)
app.add_typer(compliance_cli.commitments_app, name="commitments")
app.add_typer(verification_cli.app, name="findings")
app.add_typer(auth_cli.app, name="users")
app.add_typer(ledger_cli.app, name="ledger")
app.command("serve")(web_cli.serve)
app.command("demo")(web_cli.demo)
app.command("backup")(backups_cli.backup)
app.command("restore")(backups_cli.restore)


def main() -> None:
    """Entry point: run the CLI, turning known errors into a clear message and an exit code."""
    try:
        app(standalone_mode=False)
    except TrucelineError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except DatabaseError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(2)
    except OperationalError as exc:
        typer.echo(f"error: the database cannot be used: {exc.orig}", err=True)
        sys.exit(1)
    except SQLAlchemyError as exc:
        typer.echo(f"error: database error: {exc}", err=True)
        sys.exit(1)
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


if __name__ == "__main__":
    main()
