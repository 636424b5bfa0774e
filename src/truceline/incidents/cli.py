"""``truceline incidents …``: read the incident record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from truceline.cli_support import CLI_ACTOR, print_json, store
from truceline.conflicts.services import resolve_conflict
from truceline.domain.wording import casualties_text
from truceline.errors import NotFound
from truceline.incidents.models import Incident
from truceline.incidents.queries import incident_records
from truceline.visibility import EVERYTHING

app = typer.Typer(help="Read incidents: what happened, where, when, with the sources and claims.", no_args_is_help=True)


@app.command()
def show(
    ctx: typer.Context,
    incident_id: Annotated[str, typer.Argument(help="The incident's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one incident with its sources and the parties' claims."""
    with store(ctx).transaction() as session:
        incident = session.get(Incident, incident_id)
        if incident is None:
            raise NotFound(f"no incident {incident_id!r}")
        record = incident_records(session, [incident], EVERYTHING)[0]
    if as_json:
        print_json(record)
        return
    typer.echo(
        f"{record['id']}  {record['kind']}  {record['date_start']}..{record['date_end']} ({record['date_precision']})"
    )
    typer.echo(f"place: {record['place']} ({record['location_precision']}), side: {record['side']}")
    typer.echo(casualties_text(record["killed"], record["injured"]))
    typer.echo(record["description"])
    for claim in record["claims"]:
        typer.echo(
            f"  claim {claim['claimant']} {claim['stance']} {claim['accused'] or ''}: {claim['assertion']}"
            f" — {claim['summary']}"
        )
    for source in record["sources"]:
        typer.echo(f"  source: {source['url'] or source['sha256']}")


REASON_HELP = "Why the record changes (kept in its history)."
SET_HELP = "FIELD=VALUE (repeatable); lists (weapons, actors, breaks) comma-separated; an empty value clears."
FIGURE_HELP = (
    "A casualty figure, CATEGORY[:SIDE[:POPULATION]]=LOW/BEST/HIGH (repeatable), e.g. killed:TH:civilian=6/8/12;"
    " side and population default to unknown; an empty part is unknown; one number is the best estimate;"
    " an empty value removes the figure."
)

#: the options every correction command shares
Reason = Annotated[str, typer.Option("--reason", help=REASON_HELP)]
CorrectionSource = Annotated[
    str, typer.Option("--source", metavar="URL", help="The reporting the correction rests on.")
]
OptionalSource = Annotated[str | None, typer.Option("--source", metavar="URL", help="The reporting, if any.")]
IncidentId = Annotated[str, typer.Argument(metavar="ID", help="The incident's id.")]
ClaimId = Annotated[str, typer.Argument(metavar="ID", help="The claim's id (<incident id>/claim-<n>).")]


def _echo_done(what: str, as_json: bool, record: dict[str, Any] | None) -> None:
    if as_json and record is not None:
        print_json(record)
    else:
        typer.echo(what)


def _apply(
    ctx: typer.Context, change: Callable[..., Any], record_id: str, *args: Any, shown: bool = False, **options: Any
) -> dict[str, Any] | None:
    """Run one correction service (correct, retract, unpublish …) on a record of the store's
    conflict, as the CLI, in one transaction; with ``shown``, the changed incident as ``incidents
    show --json`` prints it."""
    with store(ctx).transaction() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id
        row = change(session, record_id, *args, actor=CLI_ACTOR, conflict_id=conflict_id, **options)
        return incident_records(session, [row], EVERYTHING)[0] if shown else None


@app.command()
def correct(
    ctx: typer.Context,
    incident_id: IncidentId,
    reason: Reason,
    source: CorrectionSource,
    assignments: Annotated[list[str] | None, typer.Option("--set", metavar="FIELD=VALUE", help=SET_HELP)] = None,
    figures: Annotated[
        list[str] | None,
        typer.Option("--figure", metavar="CATEGORY[:SIDE[:POPULATION]]=LOW/BEST/HIGH", help=FIGURE_HELP),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the corrected incident as JSON.")] = False,
) -> None:
    """Correct an incident: a new version with who, why and the source, validated as a new
    incident would be (fields: kind, modality, date_start, date_end, date_precision, place,
    place_name, lat, lon, location_precision, side, weapons, actors, description, displaced_*;
    and its killed and injured figures with --figure)."""
    from truceline.incidents.corrections import correct_incident, parse_assignments, parse_figures

    values = parse_assignments(assignments or [])
    changes = parse_figures(figures or [])
    record = _apply(
        ctx, correct_incident, incident_id, values, figures=changes, reason=reason, source=source, shown=as_json
    )
    what = [*sorted(values), *(f"figure {f.key}" for f in changes)]
    _echo_done(f"corrected incident {incident_id}: {', '.join(what)}", as_json, record)


@app.command()
def retract(
    ctx: typer.Context,
    incident_id: IncidentId,
    reason: Reason,
    source: OptionalSource = None,
    superseded_by: Annotated[
        str | None,
        typer.Option("--superseded-by", metavar="ID", help="The incident that records the same event instead."),
    ] = None,
) -> None:
    """Retract an incident: it stays in the record with its history, public pages show the
    retraction instead of its content, and compliance leaves it out."""
    from truceline.incidents.corrections import retract_incident

    _apply(ctx, retract_incident, incident_id, reason=reason, source=source, superseded_by=superseded_by)
    typer.echo(f"retracted incident {incident_id}")


@app.command()
def unpublish(
    ctx: typer.Context,
    incident_id: IncidentId,
    reason: Reason,
    source: OptionalSource = None,
) -> None:
    """Take an incident out of public view (lists, API, exports); observers still see it."""
    from truceline.incidents.corrections import unpublish_incident

    _apply(ctx, unpublish_incident, incident_id, reason=reason, source=source)
    typer.echo(f"unpublished incident {incident_id}")


@app.command()
def republish(
    ctx: typer.Context,
    incident_id: IncidentId,
    reason: Annotated[str, typer.Option("--reason", help=REASON_HELP)] = "",
) -> None:
    """Publish an incident again (with its unpublished claims and sources)."""
    from truceline.incidents.corrections import get_incident
    from truceline.incidents.publication import publish_incident

    with store(ctx).transaction() as session:
        get_incident(session, incident_id, resolve_conflict(session, store(ctx).conflict).id)
        publish_incident(session, incident_id, actor=CLI_ACTOR, reason=reason.strip(), by_operator=True)
    typer.echo(f"published incident {incident_id}")


claims_app = typer.Typer(help="List, correct or retract the parties' claims about incidents.", no_args_is_help=True)


@claims_app.command("correct")
def correct_claim_command(
    ctx: typer.Context,
    claim_id: ClaimId,
    assignments: Annotated[list[str], typer.Option("--set", metavar="FIELD=VALUE", help=SET_HELP)],
    reason: Reason,
    source: CorrectionSource,
) -> None:
    """Correct a claim (fields: claimant, accused, assertion, stance, made_on, summary, breaks)."""
    from truceline.incidents.corrections import correct_claim, parse_assignments

    values = parse_assignments(assignments)
    _apply(ctx, correct_claim, claim_id, values, reason=reason, source=source)
    typer.echo(f"corrected claim {claim_id}: {', '.join(sorted(values))}")


@claims_app.command("retract")
def retract_claim_command(
    ctx: typer.Context,
    claim_id: ClaimId,
    reason: Reason,
    source: OptionalSource = None,
) -> None:
    """Retract a claim: kept and shown as retracted, left out of compliance."""
    from truceline.incidents.corrections import retract_claim

    _apply(ctx, retract_claim, claim_id, reason=reason, source=source)
    typer.echo(f"retracted claim {claim_id}")
