"""UCDP GED CSV exports -> validated incidents.

Columns as the UCDP Georeferenced Event Dataset publishes them (49 in recent releases): ``id,
relid, year, active_year, code_status, type_of_violence, conflict_dset_id, conflict_new_id,
conflict_name, dyad_dset_id, dyad_new_id, dyad_name, side_a_dset_id, side_a_new_id, side_a,
side_b_dset_id, side_b_new_id, side_b, number_of_sources, source_article, source_office,
source_date, source_headline, source_original, where_prec, where_coordinates, where_description,
adm_1, adm_2, latitude, longitude, geom_wkt, priogrid_gid, country, country_id, region,
event_clarity, date_prec, date_start, date_end, deaths_a, deaths_b, deaths_civilians,
deaths_unknown, best, high, low, gwnoa, gwnob``.

Mapping onto our vocabulary:

- ``date_prec`` 1..5 and ``where_prec`` 1..7 -> ``DatePrecision`` / ``LocationPrecision`` (the
  inverses of ``vocabulary.UCDP_DATE_PREC`` / ``UCDP_WHERE_PREC``; UCDP's 7, over water or in
  international airspace, reads as 'unknown');
- ``type_of_violence`` 1 state-based and 2 non-state -> armed clash, 3 one-sided -> attack on
  civilians (GED does not say which weapons were used);
- ``low/best/high`` -> 'killed'. Where both sides are principal parties and the split
  (``deaths_a``, ``deaths_b``, ``deaths_civilians``, ``deaths_unknown``) adds up to ``best`` and
  the estimate is exact (low = best = high), the figures are split by side and population; when
  the estimate is a range, one figure keeps low/best/high (a range cannot be split without
  inventing precision) and the split goes into the description;
- ``side_a`` / ``side_b`` -> party codes through the conflict's parties (their ``ucdp`` names and countries);
- ``country`` -> the side of the border the event happened on.
"""

from __future__ import annotations

import datetime as dt

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
    UCDP_DATE_PREC,
    UCDP_WHERE_PREC,
    CasualtyCategory,
    DatePrecision,
    IncidentKind,
    LocationPrecision,
    Population,
)

#: every column of a UCDP GED CSV, in UCDP's order
COLUMNS = (
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
    "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
    "gwnoa", "gwnob",
)  # fmt: skip

#: the columns an import cannot do without
REQUIRED = (
    "id", "type_of_violence", "side_a", "side_b", "where_prec", "latitude", "longitude", "country",
    "date_prec", "date_start", "date_end", "best", "low", "high",
)  # fmt: skip

#: GED CSVs write dates as '2011-02-04' or '2011-02-04 00:00:00.000'
DATE_FORMATS = ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S")

DATE_PREC: dict[int, DatePrecision] = {code: precision for precision, code in UCDP_DATE_PREC.items()}
WHERE_PREC: dict[int, LocationPrecision] = {code: precision for precision, code in UCDP_WHERE_PREC.items()}


STATE_BASED, NON_STATE, ONE_SIDED = 1, 2, 3
VIOLENCE: dict[int, IncidentKind] = {
    STATE_BASED: IncidentKind.ARMED_CLASH,
    NON_STATE: IncidentKind.ARMED_CLASH,
    ONE_SIDED: IncidentKind.ATTACK_ON_CIVILIANS,
}
VIOLENCE_NAMES = {STATE_BASED: "State-based violence", NON_STATE: "Non-state violence", ONE_SIDED: "One-sided violence"}

FIELD_COLUMNS = {
    "id": "id",
    "kind": "type_of_violence",
    "date_start": "date_start",
    "date_end": "date_end",
    "date_precision": "date_prec",
    "place_name": "where_coordinates",
    "lat": "latitude",
    "lon": "longitude",
    "location_precision": "where_prec",
    "casualties": "best",
    "description": "where_description",
}


def _casualties(
    cells: Cells,
    *,
    low: int | None,
    best: int,
    high: int | None,
    side_a: str | None,
    side_b: str | None,
    source: str,
    principals: tuple[str, ...],
) -> tuple[list[schema.Casualties], str]:
    """Killed figures, split by side where the sides are known and the estimate is exact."""
    split = {
        column: cells.integer(column, required=False)
        for column in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")
    }
    known = {k: v for k, v in split.items() if v is not None}
    note = ""
    if known:
        names = {
            "deaths_a": cells.text("side_a") or "side A",
            "deaths_b": cells.text("side_b") or "side B",
            "deaths_civilians": "civilians",
            "deaths_unknown": "unknown",
        }
        note = " Deaths by side (UCDP best): " + ", ".join(f"{names[k]} {v}" for k, v in known.items()) + "."
    exact = (low is None or low == best) and (high is None or high == best)
    adds_up = len(known) == len(split) and sum(known.values()) == best
    sides_known = side_a in principals and (side_b is None or side_b in principals)
    if best > 0 and exact and adds_up and sides_known:
        parts: list[tuple[int, str, Population]] = [
            (split["deaths_a"] or 0, side_a or "unknown", Population.MILITARY),
            (split["deaths_b"] or 0, side_b or "unknown", Population.MILITARY if side_b else Population.UNKNOWN),
            (split["deaths_civilians"] or 0, "unknown", Population.CIVILIAN),
            (split["deaths_unknown"] or 0, "unknown", Population.UNKNOWN),
        ]
        figures = [
            schema.Casualties(
                category=CasualtyCategory.KILLED,
                side=side,
                population=population,
                low=count,
                best=count,
                high=count,
                sources=[source],
            )
            for count, side, population in parts
            if count > 0
        ]
        return figures, ""
    figure = schema.Casualties(category=CasualtyCategory.KILLED, low=low, best=best, high=high, sources=[source])
    return [figure], note


def parse_row(cells: Cells, *, source: str, conflict: ConflictDefinition) -> EventRow | None:
    event_id = cells.text("id")
    if not event_id:
        cells.error("id", "the event id is empty")
    violence = cells.integer("type_of_violence", minimum=None)
    if violence is not None and violence not in VIOLENCE:
        cells.error("type_of_violence", f"unknown code {violence} (expected one of 1, 2, 3)")
    date_start = cells.date("date_start", DATE_FORMATS)
    date_end = cells.date("date_end", DATE_FORMATS)
    date_precision = cells.code("date_prec", DATE_PREC)
    location_precision = cells.code("where_prec", WHERE_PREC)
    lat, lon = cells.point()
    best = cells.integer("best")
    low = cells.integer("low", required=False)
    high = cells.integer("high", required=False)
    if best is not None and low is not None and low > best:
        cells.error("low", f"low {low} is above best {best}")
    if best is not None and high is not None and high < best:
        cells.error("high", f"high {high} is below best {best}")
    if date_start is not None and date_end is not None and date_end < date_start:
        cells.error("date_end", f"{date_end} is before date_start {date_start}")
    side_a = conflict.party_for_actor(cells.text("side_a"))
    side_b = conflict.party_for_actor(cells.text("side_b"))
    if (
        cells.failed
        or violence is None
        or violence not in VIOLENCE
        or date_start is None
        or date_end is None
        or date_precision is None
        or location_precision is None
        or best is None
    ):
        return None
    casualties, split_note = _casualties(
        cells,
        low=low,
        best=best,
        high=high,
        side_a=side_a,
        side_b=side_b,
        source=source,
        principals=conflict.principals,
    )
    if cells.failed:
        return None
    place = (
        cells.text("where_coordinates")
        or cells.text("where_description")
        or cells.text("adm_2")
        or cells.text("adm_1")
        or cells.text("country")
        or "unnamed place"
    )
    actors = list(dict.fromkeys(a for a in (side_a, side_b) if a is not None))
    for column, code in (("side_a", side_a), ("side_b", side_b)):
        name = cells.text(column)
        if code is None and name and not name.lower().startswith("civilians"):
            actors.append(name)
    between = " and ".join(n for n in (cells.text("side_a"), cells.text("side_b")) if n)
    where = cells.text("where_description") or place
    description = (
        f"{VIOLENCE_NAMES[violence]} between {between or 'unnamed sides'}, {_date_text(date_start, date_end)}. "
        f"Location: {where}. (UCDP GED event {event_id}.){split_note}"
    )
    incident = validate_incident(
        cells,
        lambda: schema.Incident(
            id=incident_id("ucdp", event_id),
            kind=VIOLENCE[violence],
            date_start=date_start,
            date_end=date_end,
            date_precision=date_precision,
            place_name=place,
            lat=lat,
            lon=lon,
            location_precision=location_precision,
            side=conflict.party_for_country(cells.text("country")) or schema.UNDETERMINED,
            actors=actors,
            casualties=casualties,
            description=description,
            sources=[source],
        ),
        FIELD_COLUMNS,
    )
    if incident is None:
        return None
    return EventRow(line=cells.row.line, span=cells.row.span, source_id=event_id, incident=incident)


def _date_text(start: dt.date, end: dt.date) -> str:
    return start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"


def parse_ucdp(
    text: str,
    *,
    source: str,
    conflict: ConflictDefinition,
    file_name: str = "UCDP file",
    max_errors: int = DEFAULT_MAX_ERRORS,
) -> list[EventRow]:
    """Every row of a UCDP GED CSV text as an incident citing ``source``; raises
    ``EventDataError`` (an ``InvalidInput``) listing each bad row and column."""
    return parse_event_rows(
        text,
        required=REQUIRED,
        parse_row=lambda cells: parse_row(cells, source=source, conflict=conflict),
        id_column="id",
        file_name=file_name,
        max_errors=max_errors,
    )
