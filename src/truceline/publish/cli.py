"""``truceline export …``: files in the formats the field already uses."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from truceline.agreements.queries import agreement_records, list_agreements
from truceline.cli_support import CLI_ACTOR, print_json, store
from truceline.conflicts.services import conflict_definition, conflict_geography, resolve_conflict
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import InvalidInput
from truceline.incidents.queries import IncidentFilter, incident_records, list_incidents
from truceline.places.queries import gazetteer_countries
from truceline.publish.exports import ExportFormat, export_incidents, ucdp_incidents
from truceline.visibility import Visibility, visibility_for
from truceline.vocabulary import Role


def reader_visibility(reader: str, conflict: ConflictDefinition) -> Visibility:
    """What ``--as ROLE`` may see in ``conflict``, by the one visibility policy."""
    name, _, party = reader.partition(":")
    try:
        role = Role(name)
    except ValueError:
        raise InvalidInput(f"--as {reader!r}: public, party:CODE, observer or coordinator") from None
    if role == Role.PARTY:
        code = party.upper()
        if conflict.party(code) is None:
            raise InvalidInput(f"--as {reader!r}: name a party of {conflict.id}, e.g. party:{conflict.principals[0]}")
        return visibility_for(role, party=code, conflict_id=conflict.id)
    if party:
        raise InvalidInput(f"--as {reader!r}: only the party role takes a party code")
    return visibility_for(role, conflict_id=conflict.id)


def export(
    ctx: typer.Context,
    export_format: Annotated[
        ExportFormat, typer.Argument(metavar="FORMAT", help="json, geojson, acled or ucdp (CSV).")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write ('-' for standard output).")],
    reader: Annotated[
        str,
        typer.Option(
            "--as",
            metavar="ROLE",
            help="Export what this role may see: public (default), party:CODE, observer or coordinator.",
        ),
    ] = "public",
) -> None:
    """Export the record: JSON (incidents and agreements), GeoJSON, ACLED CSV or UCDP GED CSV.

    Only what the named role may see is written: by default the public record (no unpublished
    submission); ``--as observer`` for the whole record of the conflict."""
    with store(ctx).transaction() as session:
        conflict = conflict_definition(session, resolve_conflict(session, store(ctx).conflict).id)
        visibility = reader_visibility(reader, conflict)
        incidents = incident_records(session, list_incidents(session, IncidentFilter.within(visibility)), visibility)
        text = export_incidents(
            export_format,
            incidents,
            conflict,
            lambda: agreement_records(session, list_agreements(session, conflict.id), visibility=visibility),
            conflict_geography(session, conflict.id),
            gazetteer_countries(session, conflict.id),
        )
    if export_format is ExportFormat.UCDP:
        incidents = ucdp_incidents(incidents)  # GED holds acts of lethal violence only
    if str(output) == "-":
        typer.echo(text, nl=False)
        return
    temporary = output.with_name(output.name + ".part")
    try:
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(output)  # a reader never sees a half-written file
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise InvalidInput(f"{output}: cannot write the export: {exc.strerror or exc}") from None
    typer.echo(f"wrote {len(incidents)} incidents to {output}", err=True)


queue_app = typer.Typer(
    help="The publish queue: accepted records waiting for a coordinator to publish them. Records accepted "
    "from the review queue wait unpublished until published here (or on the /publish-queue page), unless "
    "the conflict's casebook sets publish_on_accept.",
    no_args_is_help=True,
)


@queue_app.command("list")
def queue_list(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the incidents waiting to be published, with what waits and who submitted it."""
    from truceline.incidents.kinds import kind_label
    from truceline.publish.queue import awaiting_publication

    with store(ctx).transaction() as session:
        waiting = awaiting_publication(session, resolve_conflict(session, store(ctx).conflict).id)
        rows: list[dict[str, Any]] = [
            {
                "incident": w.incident.id,
                "date": w.incident.date_start.isoformat(),
                "kind": w.incident.kind,
                "place": w.incident.place_name,
                "what": w.what,
                "unpublished_claims": w.unpublished_claims,
                "submitted_by": sorted(w.submitted_by),
            }
            for w in waiting
        ]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        who = ", ".join(r["submitted_by"]) or "-"
        typer.echo(
            f"{r['date']}  {r['incident']}  {kind_label(r['kind'])} · {r['place'] or ''}  [{r['what']}; by {who}]"
        )
    typer.echo(f"{len(rows)} waiting")


@queue_app.command("publish")
def queue_publish(
    ctx: typer.Context,
    incident_ids: Annotated[list[str], typer.Argument(metavar="ID...", help="The incidents to publish.")],
    reason: Annotated[str, typer.Option("--reason", help="Why, kept with the new versions.")] = "",
) -> None:
    """Publish incidents from the queue with their claims and sources, as the store's operator."""
    from truceline.incidents.corrections import get_incident
    from truceline.incidents.publication import publish_incident

    with store(ctx).transaction() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id
        for incident_id in incident_ids:
            get_incident(session, incident_id, conflict_id)
            publish_incident(session, incident_id, actor=CLI_ACTOR, reason=reason.strip(), by_operator=True)
    for incident_id in incident_ids:
        typer.echo(f"published incident {incident_id}")
