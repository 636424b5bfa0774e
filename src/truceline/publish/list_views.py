"""The pages of sources, claims and findings: filtered, sorted and paged by the query string (the
same parameter names as the incident list), each downloadable as CSV or GeoJSON of exactly the
filtered set (``format=csv`` / ``format=geojson``)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from truceline.auth.deps import ConflictDep, CurrentUser
from truceline.domain.conflict import ConflictDefinition
from truceline.incidents.filters import FilterDep, ListQuery
from truceline.places.queries import gazetteer_choices
from truceline.publish.record_lists import LISTS, RecordList, list_filter, read_list, rows_csv, rows_geojson
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()
PAGE = 50


def list_page(
    request: Request,
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDefinition,
    records: RecordList,
    query: ListQuery,
    *,
    page: int,
    download: str | None,
) -> Response:
    chosen = list_filter(query, records)
    query_string = query.query_string()
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
        "query_string": query_string,
        "chosen": chosen,
        "sort": query.sort or "date",
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
        query: FilterDep,
        page: Annotated[int, Query(ge=1, le=100_000)] = 1,
        download: Annotated[Literal["csv", "geojson"] | None, Query(alias="format")] = None,
    ) -> Response:
        return list_page(request, session, viewer, conflict, records, query, page=page, download=download)


for _name in LISTS:
    _route(_name)
