"""The field form (``/field/``): an installable web app a monitor uses without a connection, and
the API call it sends each kept report with (``POST /api/v1/field-reports``).

The page, its script, its service worker and its manifest are served here, under ``/field/``
(the service worker's scope); the script keeps reports in the browser's IndexedDB until the
connection returns and sends each once, under the key it chose (see ``truceline.intake.field``).
"""

from __future__ import annotations

import datetime as dt
from importlib.resources import files
from typing import Annotated

from fastapi import APIRouter, File, Form, Request, Response, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from pydantic import BaseModel, Field
from sqlalchemy import select

from truceline.auth.deps import CurrentUser, SubmitterUser
from truceline.config import Settings
from truceline.conflicts.services import conflict_definition, conflict_geography
from truceline.errors import InvalidInput, NotFound
from truceline.incidents.kinds import kind_label
from truceline.intake.field import MAX_PHOTOS, FieldReport, Photo, submit_field_report
from truceline.intake.field_words import FIELD_WORDS
from truceline.places.basemap import base_document
from truceline.places.models import Place
from truceline.vocabulary import IncidentKind
from truceline.web import i18n, vendor
from truceline.web.api_models import error_responses
from truceline.web.cache import app_cache
from truceline.web.deps import SessionDep
from truceline.web.templating import render

api_router = APIRouter(tags=["sources"])
page_router = APIRouter()

#: the field app's own files, served under its scope
ASSETS = {
    "app.js": "text/javascript",
    "map.js": "text/javascript",
    "sw.js": "text/javascript",
    "manifest.webmanifest": "application/manifest+json",
    "icon.svg": "image/svg+xml",
}
MAX_PHOTO_BYTES = 15 * 1024 * 1024


class FieldEvidence(BaseModel):
    id: int | None = Field(description="The evidence record holding the photo.")
    sha256: str


class FieldReportAnswer(BaseModel):
    key: str = Field(description="The key the device gave the report.")
    created: bool = Field(
        description="False when the same report was received before: nothing new was stored, and the answer "
        "is what the first call stored (the same status, as an idempotent call should)."
    )
    document_id: int
    sha256: str = Field(description="SHA-256 of the report as stored (its text).")
    review_id: int | None = Field(description="The incident candidate waiting in the review queue.")
    evidence: list[FieldEvidence]


def _number(name: str, value: str, kind: type[int] | type[float]) -> int | float | None:
    if not value.strip():
        return None
    try:
        return kind(value)
    except ValueError:
        raise InvalidInput(f"{name}: {value!r} is not a number") from None


def _moment(name: str, value: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput(f"{name}: {value!r} is not a date and time (YYYY-MM-DDTHH:MM)") from None


@api_router.post(
    "/field-reports",
    summary="Send a field report kept on a device: stored once per key, queued for review",
    status_code=201,
    responses=error_responses(401, 403, 409, 413, 422),
)
async def field_report_endpoint(
    request: Request,
    session: SessionDep,
    viewer: SubmitterUser,
    key: Annotated[str, Form(min_length=8, max_length=64, description="The report's id, chosen on the device.")],
    occurred_at: Annotated[
        str, Form(min_length=1, max_length=40, description="When it happened (local time of the conflict).")
    ],
    kind: Annotated[str, Form(min_length=1, max_length=40)],
    place_id: Annotated[str, Form(max_length=120)] = "",
    place_name: Annotated[str, Form(max_length=200)] = "",
    lat: Annotated[str, Form(max_length=30)] = "",
    lon: Annotated[str, Form(max_length=30)] = "",
    accuracy_m: Annotated[str, Form(max_length=30)] = "",
    position_from: Annotated[
        str, Form(max_length=10, description="Where lat/lon come from: `device` (its position) or `map` (picked).")
    ] = "device",
    party: Annotated[str, Form(max_length=40)] = "",
    killed: Annotated[str, Form(max_length=10)] = "",
    injured: Annotated[str, Form(max_length=10)] = "",
    note: Annotated[str, Form(max_length=4000)] = "",
    saved_at: Annotated[str, Form(max_length=40)] = "",
    photos: Annotated[list[UploadFile] | None, File(description=f"Up to {MAX_PHOTOS} photos.")] = None,
    photo_sha256: Annotated[
        list[str] | None, Form(description="Each photo's SHA-256 as the device computed it, in order.")
    ] = None,
) -> FieldReportAnswer:
    uploads = photos or []
    hashes = photo_sha256 or []
    if hashes and len(hashes) != len(uploads):
        raise InvalidInput(f"{len(uploads)} photos but {len(hashes)} photo_sha256 values: give one per photo")
    if len(uploads) > MAX_PHOTOS:
        raise InvalidInput(f"photos: {len(uploads)}; at most {MAX_PHOTOS}")
    kept: list[Photo] = []
    for i, upload in enumerate(uploads):
        content = await upload.read(MAX_PHOTO_BYTES + 1)
        if len(content) > MAX_PHOTO_BYTES:
            raise InvalidInput(f"photo {upload.filename!r} is larger than {MAX_PHOTO_BYTES} bytes")
        kept.append(
            Photo(
                file_name=(upload.filename or f"photo-{i + 1}")[:200],
                media_type=upload.content_type or "application/octet-stream",
                content=content,
                sha256_on_device=hashes[i] if hashes else None,
            )
        )
    killed_count, injured_count = _number("killed", killed, int), _number("injured", injured, int)
    report = FieldReport(
        key=key,
        occurred_at=_moment("occurred_at", occurred_at),
        kind=kind,
        place_id=place_id or None,
        place_name=place_name.strip() or None,
        lat=_number("lat", lat, float),
        lon=_number("lon", lon, float),
        accuracy_m=_number("accuracy_m", accuracy_m, float),
        position_from=position_from or "device",
        party=party or None,
        killed=int(killed_count) if killed_count is not None else None,
        injured=int(injured_count) if injured_count is not None else None,
        note=note,
        photos=tuple(kept),
        saved_at=_moment("saved_at", saved_at) if saved_at.strip() else None,
    )
    settings: Settings = request.app.state.settings
    result = submit_field_report(
        session,
        report,
        conflict_id=viewer.conflict,
        actor=viewer.actor,
        evidence_dir=settings.evidence_directory(request.app.state.engine.url.render_as_string(hide_password=False)),
        submitted_for_party=viewer.speaks_for,
    )
    return FieldReportAnswer.model_validate(result.to_dict())


@page_router.get("/field", include_in_schema=False)
def field_root() -> RedirectResponse:
    return RedirectResponse("/field/", status_code=308)


@page_router.get("/field/", response_class=HTMLResponse)
def field_page(request: Request, session: SessionDep, viewer: CurrentUser) -> HTMLResponse:
    """The form; usable offline once loaded (its service worker keeps it)."""
    places: list[Place] = []
    parties: list[tuple[str, str]] = []
    if viewer.conflict_id is not None:
        conflict = conflict_definition(session, viewer.conflict_id)
        parties = [(p.code, p.short_name or p.name) for p in conflict.parties if p.is_principal]
        query = select(Place).where(Place.conflict_id == viewer.conflict_id).order_by(Place.name)
        places = list(session.scalars(query))
    page = render(
        request,
        "field.html",
        {
            "kinds": [(k.value, kind_label(k.value)) for k in IncidentKind],
            "places": places,
            "parties": parties,
            "max_photos": MAX_PHOTOS,
            # the map of the conflict's lines and places, where Leaflet is installed (else why not)
            "show_map": viewer.conflict_id is not None and vendor.missing() is None,
            "map_missing": vendor.missing() if viewer.conflict_id is not None else None,
            # the scripts' words in the page's language, known only as it is rendered
            "field_words": lambda: {words: i18n.translated(words) for words in FIELD_WORDS},
        },
    )
    page.headers["permissions-policy"] = "camera=(self), geolocation=(self), microphone=(), payment=(), usb=()"
    page.headers["cache-control"] = "no-cache"
    return page


@page_router.get("/field/map.json", include_in_schema=False)
def field_map(request: Request, session: SessionDep, viewer: CurrentUser) -> Response:
    """What the form's map draws: the conflict's territories, lines and gazetteer places (no incidents,
    no tiles), for its service worker to keep with the form."""
    if viewer.conflict_id is None:
        raise NotFound("no conflict is loaded: the map has nothing to draw")
    conflict = conflict_definition(session, viewer.conflict_id)
    document = app_cache(request).get_or_compute(
        session,
        ("field_map", conflict.id),
        lambda: base_document(session, conflict, conflict_geography(session, conflict.id)),
    )
    return JSONResponse(document, headers={"cache-control": "no-cache"})


@page_router.get("/field/{asset}", include_in_schema=False)
def field_asset(asset: str) -> Response:
    media_type = ASSETS.get(asset)
    if media_type is None:
        return Response("not found", status_code=404, media_type="text/plain")
    body = (files("truceline") / "static" / "field" / asset).read_bytes()
    headers = {"cache-control": "no-cache"}
    if asset == "sw.js":
        headers["service-worker-allowed"] = "/field/"
    return Response(body, media_type=media_type, headers=headers)
