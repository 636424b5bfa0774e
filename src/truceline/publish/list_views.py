"""The pages of sources, claims and findings: filtered, sorted and paged by the query string (the
same parameter names as the incident list), each downloadable as CSV or GeoJSON of exactly the
filtered set (``format=csv`` / ``format=geojson``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from truceline.auth.deps import ConflictDep, CurrentUser
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import InvalidInput
from truceline.places.queries import gazetteer_choices
from truceline.publish.record_lists import LISTS, ListFilter, RecordList, read_list, rows_csv, rows_geojson
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()
PAGE = 50
Blank = Literal[""]


def list_page(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDefinition,
    records: RecordList,
    *,
    date_from: dt.date | None,
    date_to: dt.date | None,
    kind: str | None,
    party: str | None,
    place: str | None,
    status: str | None,
    text: str | None,
    sort: str,
    page: int,
    download: str | None,
) -> Response:
    if date_from and date_to and date_to < date_from:
        raise InvalidInput("'to' is before 'from'")
    if kind and kind not in records.kinds:
        raise InvalidInput(f"unknown {records.name} kind {kind!r}; known: {', '.join(records.kinds)}")
    if status and status not in records.statuses:
        raise InvalidInput(f"unknown status {status!r}; known: {', '.join(records.statuses)}")
    chosen = ListFilter(
        date_from=date_from,
        date_to=date_to,
        kind=kind or None,
        party=party.upper() if party else None,
        place=place or None,
        status=status or None,
        text=text.strip() if text and text.strip() else None,
        newest_first=sort == "-date",
    )
    pairs = [
        (key, str(value))
        for key, value in (
            ("from", date_from),
            ("to", date_to),
            ("kind", chosen.kind),
            ("party", chosen.party),
            ("place", chosen.place),
            ("status", chosen.status),
            ("q", chosen.text),
            ("sort", None if sort == "date" else sort),
        )
        if value
    ]
    if download:
        _total, rows = read_list(session, records, chosen, viewer.visibility)
        if download == "csv":
            body, media, extension = rows_csv(rows), "text/csv; charset=utf-8", "csv"
        else:
            body, media, extension = rows_geojson(rows), "application/geo+json", "geojson"
        return Response(
            body,
            media_type=media,
            headers={"Content-Disposition": f'attachment; filename="truceline-{records.name}.{extension}"'},
        )
    total, rows = read_list(session, records, chosen, viewer.visibility, limit=PAGE, offset=(page - 1) * PAGE)
    context = {
        "records": records,
        "rows": rows,
        "total": total,
        "page": page,
        "pages": max(1, -(-total // PAGE)),
        "query_string": urlencode(pairs),
        "chosen": chosen,
        "sort": sort,
        "parties": [(code, conflict.display_name(code)) for code in conflict.by_code],
        "places": gazetteer_choices(session, conflict.id) if records.name != "sources" else [],
        "party_name": conflict.display_name,
    }
    return render(request, "records.html", context)


def _route(name: str) -> None:
    records = LISTS[name]

    @router.get(f"/{name}", response_class=HTMLResponse, name=f"{name}_list")
    def page(
        request: Request,
        session: SessionDep,
        viewer: CurrentUser,
        conflict: ConflictDep,
        date_from: Annotated[dt.date | Blank | None, Query(alias="from")] = None,
        date_to: Annotated[dt.date | Blank | None, Query(alias="to")] = None,
        kind: Annotated[str | None, Query(max_length=40)] = None,
        party: Annotated[str | None, Query(max_length=16)] = None,
        place: Annotated[str | None, Query(max_length=120)] = None,
        status: Annotated[str | None, Query(max_length=20)] = None,
        text: Annotated[str | None, Query(alias="q", max_length=200)] = None,
        sort: Annotated[Literal["date", "-date"], Query()] = "date",
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
        download: Annotated[Literal["csv", "geojson"] | None, Query(alias="format")] = None,
    ) -> Response:
        return list_page(
            request,
            session,
            viewer,
            conflict,
            records,
            date_from=date_from or None,
            date_to=date_to or None,
            kind=kind,
            party=party,
            place=place,
            status=status,
            text=text,
            sort=sort,
            page=page,
            download=download,
        )


for _name in LISTS:
    _route(_name)
