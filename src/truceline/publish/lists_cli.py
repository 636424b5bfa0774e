"""``truceline incidents list`` and ``truceline claims list``: the lists of the web app, with its
filters (words, dates, kind, party, place, status, sort, paging) and its downloads (CSV, GeoJSON,
JSON) of exactly the filtered set, or a table.

The filters are the web's own (:class:`truceline.incidents.filters.ListQuery`): the same names, the
same checks, the same queries, so ``incidents list --kind shelling --format csv`` writes what
``/incidents?kind=shelling`` offers as its CSV download to the same reader.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from truceline.agreements.queries import agreement_records, list_agreements
from truceline.cli_support import print_json, store
from truceline.conflicts.services import conflict_definition, conflict_geography, resolve_conflict
from truceline.domain.wording import figure_text
from truceline.incidents.cli import app as incidents_app
from truceline.incidents.cli import claims_app
from truceline.incidents.filters import ListQuery, parse_day
from truceline.incidents.queries import count_incidents, incident_records, list_incidents
from truceline.places.queries import gazetteer_countries
from truceline.publish.cli import reader_visibility
from truceline.publish.exports import ExportFormat, export_incidents
from truceline.publish.record_lists import LISTS, list_filter, read_list, rows_csv, rows_geojson
from truceline.visibility import EVERYTHING, Visibility
from truceline.vocabulary import IncidentKind

__all__ = ["claims_app", "incidents_app"]


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    GEOJSON = "geojson"


#: the options every list command shares (the web's query parameters, as options)
Words = Annotated[str | None, typer.Option("--q", help="Words in the record (any case).")]
DateFrom = Annotated[str | None, typer.Option("--from", metavar="YYYY-MM-DD", help="First day.")]
DateTo = Annotated[str | None, typer.Option("--to", metavar="YYYY-MM-DD", help="Last day.")]
Party = Annotated[str | None, typer.Option("--party", help="A party code of the conflict.")]
Place = Annotated[str | None, typer.Option("--place", help="A gazetteer place id.")]
Sort = Annotated[str | None, typer.Option("--sort", help="date (oldest first) or -date (newest first).")]
Limit = Annotated[int | None, typer.Option("--limit", min=1, help="At most this many (default: all).")]
Offset = Annotated[int, typer.Option("--offset", min=0, help="Skip this many matches first.")]
Format = Annotated[
    ListFormat, typer.Option("--format", help="table (default), json, csv or geojson: exactly the filtered set.")
]
AsJson = Annotated[bool, typer.Option("--json", help="The same as --format json.")]
Reader = Annotated[
    str | None,
    typer.Option(
        "--as", metavar="ROLE", help="List what this role may see: public, party:CODE, observer (default: everything)."
    ),
]


def query_of(
    *,
    text: str | None,
    date_from: str | None,
    date_to: str | None,
    kind: list[str] | None,
    party: str | None,
    place: str | None,
    status: str | None,
    sort: str | None,
) -> ListQuery:
    return ListQuery(
        date_from=parse_day(date_from, "--from"),
        date_to=parse_day(date_to, "--to"),
        kind=[k for k in kind or [] if k],
        party=party or None,
        place=place or None,
        text=text or None,
        status=status or None,
        sort=sort or None,
    )


def visibility_of(session: Any, reader: str | None, conflict_id: str) -> Visibility:
    if reader is None:
        return Visibility(False, None, conflict_id)
    return reader_visibility(reader, conflict_definition(session, conflict_id))


@incidents_app.command("list")
def incidents_list(
    ctx: typer.Context,
    text: Words = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="An incident kind (repeatable): " + ", ".join(k.value for k in IncidentKind)),
    ] = None,
    party: Annotated[str | None, typer.Option("--party", help="A party code: actor, claimant or accused.")] = None,
    place: Place = None,
    status: Annotated[str | None, typer.Option("--status", help="published or unpublished.")] = None,
    sort: Annotated[
        str | None, typer.Option("--sort", help="date (oldest first), -date (newest first), kind or place.")
    ] = None,
    limit: Limit = None,
    offset: Offset = 0,
    output_format: Format = ListFormat.TABLE,
    as_json: AsJson = False,
    reader: Reader = None,
) -> None:
    """List incidents, filtered, sorted and paged as the web's incident list is.

    Filters: words, dates, kind, party, place and status.
    --format csv writes ACLED columns and --format geojson a feature collection: the same files as
    the list's downloads on the web, of exactly the filtered set."""
    query = query_of(
        text=text, date_from=date_from, date_to=date_to, kind=kind, party=party, place=place, status=status, sort=sort
    )
    chosen = ListFormat.JSON if as_json else output_format
    with store(ctx).transaction() as session:
        conflict = conflict_definition(session, resolve_conflict(session, store(ctx).conflict).id)
        visibility = visibility_of(session, reader, conflict.id)
        filters = query.incident_filter(visibility)
        total = count_incidents(session, filters)
        incidents = list_incidents(session, filters, limit=limit, offset=offset)
        records = incident_records(session, incidents, EVERYTHING if reader is None else visibility)
        if chosen in (ListFormat.CSV, ListFormat.GEOJSON):
            text_out = export_incidents(
                ExportFormat.ACLED if chosen is ListFormat.CSV else ExportFormat.GEOJSON,
                records,
                conflict,
                lambda: agreement_records(session, list_agreements(session, conflict.id), visibility=visibility),
                conflict_geography(session, conflict.id),
                gazetteer_countries(session, conflict.id),
            )
            typer.echo(text_out, nl=False)
            return
    if chosen is ListFormat.JSON:
        print_json(records)
        return
    table = Table("id", "date", "kind", "place", "killed", "injured", "claims", box=None)
    for r in records:
        table.add_row(
            r["id"],
            r["date_start"],
            r["kind"],
            r["place"] or "",
            figure_text(r["killed"]),
            figure_text(r["injured"]),
            str(len(r["claims"])),
        )
    Console(width=200).print(table)
    typer.echo(f"{len(records)} of {total} incidents")


@claims_app.command("list")
def claims_list(
    ctx: typer.Context,
    text: Words = None,
    date_from: DateFrom = None,
    date_to: DateTo = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="An assertion (repeatable): " + ", ".join(LISTS["claims"].kinds)),
    ] = None,
    party: Annotated[str | None, typer.Option("--party", help="A party code: claimant or accused.")] = None,
    place: Place = None,
    status: Annotated[str | None, typer.Option("--status", help="published, unpublished or retracted.")] = None,
    sort: Sort = None,
    limit: Limit = None,
    offset: Offset = 0,
    output_format: Format = ListFormat.TABLE,
    as_json: AsJson = False,
    reader: Reader = None,
) -> None:
    """List the parties' claims, filtered, sorted and paged as the web's claim list is.

    Filters: words, dates, assertion, party (claimant or accused), the incident's place and status."""
    query = query_of(
        text=text, date_from=date_from, date_to=date_to, kind=kind, party=party, place=place, status=status, sort=sort
    )
    records = LISTS["claims"]
    chosen = ListFormat.JSON if as_json else output_format
    with store(ctx).transaction() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id
        visibility = visibility_of(session, reader, conflict_id)
        total, rows = read_list(session, records, list_filter(query, records), visibility, limit=limit, offset=offset)
    if chosen is ListFormat.CSV:
        typer.echo(rows_csv(rows), nl=False)
    elif chosen is ListFormat.GEOJSON:
        typer.echo(rows_geojson(rows), nl=False)
    elif chosen is ListFormat.JSON:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        table = Table("id", "date", "assertion", "claimant", "place", "status", "what", box=None)
        for r in rows:
            table.add_row(r["id"], r["date"], r["kind"], r["party"], r["place"], r["status"], r["text"][:80])
        Console(width=200).print(table)
        typer.echo(f"{len(rows)} of {total} claims")
