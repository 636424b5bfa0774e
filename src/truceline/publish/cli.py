"""``truceline export …``: files in the formats the field already uses."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from truceline.agreements.queries import agreement_records, list_agreements
from truceline.cli_support import store
from truceline.conflicts.services import conflict_definition, resolve_conflict
from truceline.errors import InvalidInput
from truceline.incidents.queries import IncidentFilter, incident_records, list_incidents
from truceline.publish.exports import ExportFormat, export_incidents, ucdp_incidents


def export(
    ctx: typer.Context,
    export_format: Annotated[
        ExportFormat, typer.Argument(metavar="FORMAT", help="json, geojson, acled or ucdp (CSV).")
    ],
    output: Annotated[Path, typer.Option("-o", "--output", help="The file to write ('-' for standard output).")],
) -> None:
    """Export the record: JSON (incidents and agreements), GeoJSON, ACLED CSV or UCDP GED CSV."""
    with store(ctx).transaction() as session:
        conflict = conflict_definition(session, resolve_conflict(session, store(ctx).conflict).id)
        incidents = incident_records(session, list_incidents(session, IncidentFilter(conflict_id=conflict.id)))
        text = export_incidents(
            export_format,
            incidents,
            conflict,
            lambda: agreement_records(session, list_agreements(session, conflict.id)),
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
