"""ACLED CSV exports -> validated incidents.

Columns as ACLED publishes them (API and export tool): ``event_id_cnty, event_date, year,
time_precision, disorder_type, event_type, sub_event_type, actor1, assoc_actor_1, inter1, actor2,
assoc_actor_2, inter2, interaction, civilian_targeting, iso, region, country, admin1, admin2,
admin3, location, latitude, longitude, geo_precision, source, source_scale, notes, fatalities,
tags, timestamp``. Older exports lack ``disorder_type``, ``civilian_targeting`` and ``tags`` and
write dates as '24 July 2025'; both shapes are read.

Mapping onto our vocabulary:

- ``time_precision`` 1 day, 2 week, 3 month -> DAY, WEEK, MONTH (``event_date`` is both start and
  end: ACLED gives one date and we do not invent a range);
- ``geo_precision`` 1 exact town, 2 near / part of a region, 3 larger region -> EXACT, NEAR, PROVINCE;
- ``sub_event_type`` -> ``IncidentKind`` via ``ACLED_SUB_EVENT_TO_KIND`` plus the sub-event types our
  taxonomy folds together; Truceline's own exports carry the exact kind, location precision,
  modality and side in ``tags`` (``truceline_kind=…``), which win when present;
- ``fatalities`` -> one 'killed' figure (best), side and population unknown; ACLED codes 0 when no
  fatality is reported, so 0 records no figure;
- actors -> party codes where recognisable through the conflict's parties (their ``acled_actors`` names and countries);
- ``country`` -> the side of the border the event happened on.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TypeVar

from truceline.domain import schema
from truceline.domain.conflict import ConflictDefinition
from truceline.intake.adapters.common import (
    DEFAULT_MAX_ERRORS,
    Cells,
    EventRow,
    incident_id,
    parse_event_rows,
    validate_incident,
)
from truceline.vocabulary import (
    ACLED_SUB_EVENT_TO_KIND,
    CasualtyCategory,
    DatePrecision,
    IncidentKind,
    LocationPrecision,
    Modality,
)

E = TypeVar("E", bound=StrEnum)

#: every column of a current ACLED export, in ACLED's order
COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
    "timestamp",
)  # fmt: skip

#: the columns an import cannot do without
REQUIRED = (
    "event_id_cnty", "event_date", "time_precision", "event_type", "sub_event_type", "actor1", "country",
    "location", "latitude", "longitude", "geo_precision", "fatalities",
)  # fmt: skip

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y")

#: ACLED time_precision -> ours (the inverse of vocabulary.ACLED_TIME_PRECISION, coarsest reading)
TIME_PRECISION: dict[int, DatePrecision] = {1: DatePrecision.DAY, 2: DatePrecision.WEEK, 3: DatePrecision.MONTH}
#: ACLED geo_precision -> ours (the inverse of vocabulary.ACLED_GEO_PRECISION)
GEO_PRECISION: dict[int, LocationPrecision] = {
    1: LocationPrecision.EXACT,
    2: LocationPrecision.NEAR,
    3: LocationPrecision.PROVINCE,
}

#: ACLED sub-event types that vocabulary.ACLED_MAPPING does not produce on export
EXTRA_SUB_EVENTS: dict[str, IncidentKind] = {
    "Non-state actor overtakes territory": IncidentKind.TERRITORY_TAKEN,
    "Chemical weapon": IncidentKind.OTHER,
    "Suicide bomb": IncidentKind.OTHER,
    "Grenade": IncidentKind.OTHER,
    "Sexual violence": IncidentKind.ATTACK_ON_CIVILIANS,
    "Abduction/forced disappearance": IncidentKind.ATTACK_ON_CIVILIANS,
    "Protest with intervention": IncidentKind.PROTEST,
    "Excessive force against protesters": IncidentKind.PROTEST,
    "Violent demonstration": IncidentKind.PROTEST,
    "Mob violence": IncidentKind.PROTEST,
    "Agreement": IncidentKind.OTHER,
    "Change to group/activity": IncidentKind.OTHER,
    "Non-violent transfer of territory": IncidentKind.OTHER,
}
SUB_EVENTS: dict[str, IncidentKind] = {**EXTRA_SUB_EVENTS, **ACLED_SUB_EVENT_TO_KIND}
_SUB_EVENTS_LOWER = {name.lower(): kind for name, kind in SUB_EVENTS.items()}

#: schema field -> the ACLED column a validation error is reported on
FIELD_COLUMNS = {
    "id": "event_id_cnty",
    "kind": "sub_event_type",
    "date_start": "event_date",
    "date_end": "event_date",
    "date_precision": "time_precision",
    "place_name": "location",
    "lat": "latitude",
    "lon": "longitude",
    "location_precision": "geo_precision",
    "casualties": "fatalities",
    "description": "notes",
}


def parse_tags(value: str) -> dict[str, str]:
    """ACLED's ``tags`` cell ('a; b; key=value') -> the key=value pairs in it."""
    pairs: dict[str, str] = {}
    for tag in value.split(";"):
        key, sep, tag_value = tag.strip().partition("=")
        if sep and key.strip():
            pairs[key.strip()] = tag_value.strip()
    return pairs


def _kind(cells: Cells, tags: dict[str, str]) -> IncidentKind | None:
    if "truceline_kind" in tags:
        try:
            return IncidentKind(tags["truceline_kind"])
        except ValueError:
            cells.error("tags", f"unknown truceline_kind {tags['truceline_kind']!r}")
            return None
    sub_event = cells.text("sub_event_type")
    kind = _SUB_EVENTS_LOWER.get(sub_event.lower())
    if kind is None:
        cells.error("sub_event_type", f"unknown ACLED sub-event type {sub_event!r}")
        return None
    notes = cells.text("notes").lower()
    # better known from ACLED's own notes, where its sub-event type folds two of our kinds together
    if kind is IncidentKind.MINES_FOUND and "mine" not in notes:
        return IncidentKind.WEAPONS_SEIZED
    if (
        kind is IncidentKind.AIR_STRIKE
        and "drone" in notes
        and not any(
            word in notes for word in ("air strike", "airstrike", "aircraft", "fighter", "jet", "f-16", "gripen")
        )
    ):
        return IncidentKind.DRONE_STRIKE
    return kind


def _tag_enum(cells: Cells, tags: dict[str, str], key: str, enum: type[E]) -> E | None:
    if key not in tags:
        return None
    try:
        return enum(tags[key])
    except ValueError:
        cells.error("tags", f"unknown {key} {tags[key]!r}")
        return None


def _actors(cells: Cells, conflict: ConflictDefinition) -> list[str]:
    actors: list[str] = []
    for column in ("actor1", "assoc_actor_1", "actor2", "assoc_actor_2"):
        for name in cells.text(column).split(";"):
            name = name.strip()
            if not name:
                continue
            code = conflict.party_for_actor(name)
            if code is not None:
                actors.append(code)
            elif not name.lower().startswith(("civilians", "protesters", "rioters")):
                actors.append(name)
    return list(dict.fromkeys(actors))


def _side(cells: Cells, tags: dict[str, str], conflict: ConflictDefinition) -> str | None:
    """The side a row's tags give (a principal, disputed or undetermined), else its country's party."""
    if "side" in tags:
        allowed = {*conflict.principals, schema.DISPUTED, schema.UNDETERMINED}
        if tags["side"] not in allowed:
            cells.error("tags", f"unknown side {tags['side']!r} (expected one of {', '.join(sorted(allowed))})")
            return None
        return tags["side"]
    return conflict.party_for_country(cells.text("country")) or schema.UNDETERMINED


def parse_row(cells: Cells, *, source: str, conflict: ConflictDefinition) -> EventRow | None:
    event_id = cells.text("event_id_cnty")
    if not event_id:
        cells.error("event_id_cnty", "the event id is empty")
    event_date = cells.date("event_date", DATE_FORMATS)
    date_precision = cells.code("time_precision", TIME_PRECISION)
    location_precision = cells.code("geo_precision", GEO_PRECISION)
    lat, lon = cells.point()
    fatalities = cells.integer("fatalities")
    tags = parse_tags(cells.text("tags"))
    kind = _kind(cells, tags)
    modality = _tag_enum(cells, tags, "modality", Modality) or Modality.CARRIED_OUT
    side = _side(cells, tags, conflict)
    tagged_precision = _tag_enum(cells, tags, "location_precision", LocationPrecision)
    if (
        cells.failed
        or event_date is None
        or date_precision is None
        or location_precision is None
        or kind is None
        or side is None
    ):
        return None
    location = cells.text("location") or cells.text("admin2") or cells.text("admin1") or cells.text("country")
    notes = cells.text("notes")
    description = notes or (
        f"{cells.text('event_type')}: {cells.text('sub_event_type')} at {location or 'an unnamed place'} "
        f"(ACLED event {event_id})."
    )
    casualties = (
        [schema.Casualties(category=CasualtyCategory.KILLED, best=fatalities, sources=[source])] if fatalities else []
    )
    incident = validate_incident(
        cells,
        lambda: schema.Incident(
            id=incident_id("acled", event_id),
            kind=kind,
            modality=modality,
            date_start=event_date,
            date_end=event_date,
            date_precision=date_precision,
            place_name=location or "unnamed place",
            lat=lat,
            lon=lon,
            location_precision=tagged_precision or location_precision,
            side=side,
            actors=_actors(cells, conflict),
            casualties=casualties,
            description=description,
            sources=[source],
        ),
        FIELD_COLUMNS,
    )
    if incident is None:
        return None
    return EventRow(line=cells.row.line, span=cells.row.span, source_id=event_id, incident=incident)


def parse_acled(
    text: str,
    *,
    source: str,
    conflict: ConflictDefinition,
    file_name: str = "ACLED file",
    max_errors: int = DEFAULT_MAX_ERRORS,
) -> list[EventRow]:
    """Every row of an ACLED CSV text as an incident citing ``source``; raises
    ``EventDataError`` (an ``InvalidInput``) listing each bad row and column."""
    return parse_event_rows(
        text,
        required=REQUIRED,
        parse_row=lambda cells: parse_row(cells, source=source, conflict=conflict),
        id_column="event_id_cnty",
        file_name=file_name,
        max_errors=max_errors,
    )
