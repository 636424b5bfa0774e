"""Exports in the formats the field already uses: JSON, GeoJSON, ACLED CSV and UCDP GED CSV.

Each export is built from the same incident records (``incidents.queries.incident_records``),
so the files agree with the CLI and the API. Every CSV cell is made safe for spreadsheets
(:func:`csv_text`). How ACLED and UCDP name each party, its country
codes and the region come from the conflict (:class:`~truceline.domain.conflict.ConflictDefinition`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import Any

from truceline.domain.conflict import ConflictDefinition
from truceline.domain.inputs import spreadsheet_safe
from truceline.geo.lines import Geography
from truceline.geo.placement import placement, territory_at
from truceline.vocabulary import (
    ACLED_GEO_PRECISION,
    ACLED_MAPPING,
    ACLED_SOURCE_SCALE,
    ACLED_TIME_PRECISION,
    HOSTILE_KINDS,
    UCDP_DATE_PREC,
    UCDP_WHERE_PREC,
    DatePrecision,
    IncidentKind,
    LocationPrecision,
    SourceKind,
)

#: ACLED's columns, in the order ACLED publishes them
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
    "timestamp",
]  # fmt: skip

STATE_FORCES, CIVILIANS = 1, 7


def csv_text(columns: list[str], rows: Iterable[dict[str, Any]]) -> str:
    """A CSV file of ``rows`` under ``columns``: every CSV Truceline writes goes through here, so
    every cell is :func:`~truceline.domain.inputs.spreadsheet_safe` (no formula injection)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: spreadsheet_safe(value) for column, value in row.items()})
    return buffer.getvalue()


class ExportFormat(StrEnum):
    JSON = "json"
    GEOJSON = "geojson"
    ACLED = "acled"
    UCDP = "ucdp"


def export_incidents(
    export_format: ExportFormat,
    incidents: list[dict[str, Any]],
    conflict: ConflictDefinition,
    agreements: Callable[[], list[dict[str, Any]]],
    geography: Geography | None = None,
    gazetteer: Mapping[str, str] | None = None,
) -> str:
    """The incident records of ``conflict`` in ``export_format``; ``agreements`` is read for JSON
    only; ``geography`` (the conflict's lines and territories) places coarse locations and decides
    ACLED's country by the side of the line the coordinates fall on."""
    geography = geography or Geography()
    if export_format is ExportFormat.JSON:
        return export_json(incidents, agreements())
    if export_format is ExportFormat.GEOJSON:
        return export_geojson(incidents, geography, conflict, gazetteer)
    if export_format is ExportFormat.UCDP:
        return export_ucdp(incidents, conflict)
    return export_acled(incidents, conflict, geography, gazetteer)


def export_json(incidents: list[dict[str, Any]], agreements: list[dict[str, Any]]) -> str:
    return json.dumps({"incidents": incidents, "agreements": agreements}, indent=2, ensure_ascii=False) + "\n"


def export_geojson(
    incidents: Iterable[dict[str, Any]],
    geography: Geography | None = None,
    conflict: ConflictDefinition | None = None,
    gazetteer: Mapping[str, str] | None = None,
) -> str:
    """A FeatureCollection of incidents: a point where one is known (``shown_as`` ``point``, or
    ``centroid`` for a coarse location's centre), else the area the incident may lie in
    (``area``: a band along the line, a territory), with ``location_precision`` and a note."""
    geography = geography or Geography()
    features = []
    for incident in incidents:
        country = incident_country(incident, conflict, geography, gazetteer)[0] if conflict is not None else None
        placed = placement(geography, incident["lat"], incident["lon"], incident["location_precision"], country)
        properties = {k: v for k, v in incident.items() if k not in {"lat", "lon"}}
        properties |= {"shown_as": placed.shown_as, "placement_note": placed.note}
        features.append(
            {"type": "Feature", "id": incident["id"], "geometry": placed.geometry, "properties": properties}
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, indent=2, ensure_ascii=False) + "\n"


def attributed_parties(incident: dict[str, Any], conflict: ConflictDefinition) -> list[str]:
    """Principal parties accused by claims, else the incident's actors that are principals."""
    accused = [
        conflict.principal_of(c["accused"]) for c in incident["claims"] if c["stance"] == "accuses" and c["accused"]
    ]
    if accused:
        return list(dict.fromkeys(accused))
    return [a for a in dict.fromkeys(conflict.principal_of(a) for a in incident["actors"]) if a in conflict.principals]


def acled_actor(conflict: ConflictDefinition, code: str) -> str:
    """ACLED's name for a party (its first ``acled_actors`` name), else the party's own name."""
    party = conflict.party(code)
    if party is not None and party.acled_actors:
        return party.acled_actors[0]
    return conflict.display_name(code)


#: an admin area claimed by a party, as casebooks write it: "Northprov (XX claim)"
CLAIMED_ADMIN = re.compile(r"^\s*(?P<name>.+?)\s*\((?P<party>[A-Za-z0-9_-]+) claim\)\s*$")


def admin_claims(admin: str | None) -> list[tuple[str, str | None]]:
    """An admin area cell as (name, claiming party) pairs: one pair with no party for a plain name,
    one per claim for "A (XX claim) / B (YY claim)"."""
    if not admin:
        return []
    parts = [part.strip() for part in admin.split(" / ")] if "claim)" in admin else [admin.strip()]
    pairs: list[tuple[str, str | None]] = []
    for part in parts:
        claimed = CLAIMED_ADMIN.match(part)
        pairs.append((claimed["name"], claimed["party"]) if claimed else (part, None))
    return pairs


def incident_country(
    incident: dict[str, Any],
    conflict: ConflictDefinition,
    geography: Geography,
    gazetteer: Mapping[str, str] | None = None,
) -> tuple[str | None, str]:
    """The principal party whose country an incident is written under, and how it was decided, in
    this order: the territory its exact coordinates fall in (the casebook's line geometry, whatever
    either party claims); the side of the line recorded for it; its gazetteer place's country
    when undisputed; the territory its approximate coordinates fall in; the one country of the
    gazetteer places its place name mentions (``gazetteer``: lower-case name -> country); the
    first party claiming its province; else none."""
    principals = conflict.principals
    by_point = territory_at(geography, incident["lat"], incident["lon"])
    exact = incident["location_precision"] == LocationPrecision.EXACT
    if exact and by_point in principals:
        return by_point, "the side of the line its coordinates fall on"
    if incident["side"] in principals:
        return incident["side"], "the side of the line recorded for it"
    if incident.get("place_country") in principals:
        return incident["place_country"], "its place's country in the gazetteer"
    if by_point in principals:
        return by_point, "the side of the line its (approximate) coordinates fall on"
    named = Counter(
        c for c in mentioned_countries(incident.get("place") or "", gazetteer or {}) if c in principals
    ).most_common()
    if named and (len(named) == 1 or named[0][1] > named[1][1]):
        return named[0][0], "the country of most of the gazetteer places its location names"
    for _name, party in admin_claims(incident.get("admin1")):
        if party in principals:
            return party, "the first party claiming its province"
    if principals:
        return principals[0], (
            "no point, side, place or province in the record: ACLED needs a country, so it is the "
            "conflict's first party, which says nothing of where it happened"
        )
    return None, "nothing in the record"


def mentioned_countries(text: str, gazetteer: Mapping[str, str]) -> list[str]:
    """The country of each gazetteer place (by a name of four letters or more) that ``text`` names."""
    lowered = text.lower()
    found: dict[str, str] = {}
    for name, country in gazetteer.items():
        if len(name) >= 4 and re.search(rf"(?<!\w){re.escape(name)}(?!\w)", lowered):
            found.setdefault(name, country)
    # a name inside a longer name found too ("Pass" in "Pass Hill") counts once
    return [c for name, c in found.items() if not any(name != other and name in other for other in found)]


def acled_row(
    incident: dict[str, Any],
    conflict: ConflictDefinition,
    geography: Geography | None = None,
    gazetteer: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    kind = IncidentKind(incident["kind"])
    disorder, event_type, sub_event = ACLED_MAPPING[kind]
    parties = attributed_parties(incident, conflict)
    actor1 = acled_actor(conflict, parties[0]) if parties else ""
    principals_named = [conflict.principal_of(a) for a in incident["actors"]]
    others = [p for p in conflict.principals if p in principals_named and (not parties or p != parties[0])]
    civilian_target = kind == IncidentKind.ATTACK_ON_CIVILIANS
    actor2 = "Civilians (International)" if civilian_target else (acled_actor(conflict, others[0]) if others else "")
    inter1 = STATE_FORCES if parties and parties[0] in conflict.principals else ""
    inter2 = CIVILIANS if civilian_target else (STATE_FORCES if actor2 else "")
    side = incident["side"]
    code, decided_by = incident_country(incident, conflict, geography or Geography(), gazetteer)
    state = conflict.country_of(code) if code is not None else None
    country, iso = (state.country.name, state.country.numeric) if state and state.country else ("", "")
    claims = admin_claims(incident.get("admin1"))
    admin1 = next((name for name, party in claims if party == code), claims[0][0] if claims else "")
    notes = incident["description"]
    if len(claims) > 1 or side not in conflict.principals:
        disputed = " / ".join(f"{name} ({party} claim)" if party else name for name, party in claims)
        where = f"; province claimed as {disputed}" if len(claims) > 1 else ""
        notes += (
            f" [Location: side of the line {side}{where}. Country and admin1 follow {decided_by}"
            f"{'' if code else ' and are left empty'}.]"
        )
    killed = incident["killed"]
    fatalities = killed["best"] if killed["best"] is not None else (killed["low"] or 0)
    tags = [f"truceline_kind={kind.value}", f"location_precision={incident['location_precision']}"]
    if incident["modality"] != "carried_out":
        tags.append(f"modality={incident['modality']}")
    if side not in conflict.principals:
        tags.append(f"side={side}")
    publishers = sorted({s["publisher"] for s in incident["sources"] if s.get("publisher")})
    return {
        "event_id_cnty": incident["id"],
        "event_date": incident["date_start"],
        "year": incident["date_start"][:4],
        "time_precision": ACLED_TIME_PRECISION[DatePrecision(incident["date_precision"])],
        "disorder_type": disorder,
        "event_type": event_type,
        "sub_event_type": sub_event,
        "actor1": actor1,
        "assoc_actor_1": "",
        "inter1": inter1,
        "actor2": actor2,
        "assoc_actor_2": "",
        "inter2": inter2,
        "interaction": f"{inter1}{inter2}" if inter1 and inter2 else (inter1 or ""),
        "civilian_targeting": "Civilian targeting" if civilian_target else "",
        "iso": iso,
        "region": conflict.info.acled_region,
        "country": country,
        "admin1": admin1,
        "admin2": incident.get("admin2") or "",
        "admin3": "",
        "location": incident["place"] or "",
        "latitude": "" if incident["lat"] is None else f"{incident['lat']:.4f}",
        "longitude": "" if incident["lon"] is None else f"{incident['lon']:.4f}",
        "geo_precision": ACLED_GEO_PRECISION[LocationPrecision(incident["location_precision"])],
        "source": "; ".join(publishers),
        "source_scale": source_scale(incident["sources"]),
        "notes": notes,
        "fatalities": fatalities,
        "tags": "; ".join(tags),
        "timestamp": unix_time(incident.get("last_changed")),
    }


def source_scale(sources: list[dict[str, Any]]) -> str:
    """ACLED's ``source_scale`` from the kinds of the sources (``ACLED_SOURCE_SCALE``), joined the
    way ACLED joins them (``National-International``); ``Other`` when the kind is not known."""
    scales = {
        ACLED_SOURCE_SCALE.get(SourceKind(s["kind"]), "Other")
        if s.get("kind") in SourceKind.__members__.values()
        else "Other"
        for s in sources
    }
    order = ["Local", "National", "Regional", "International", "New media", "Other"]
    return "-".join(s for s in order if s in scales)


def unix_time(moment: str | None) -> int | str:
    """An ISO date-time as Unix time (seconds), ACLED's ``timestamp``."""
    if not moment:
        return ""
    parsed = dt.datetime.fromisoformat(moment)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.UTC)
    return int(parsed.timestamp())


def export_acled(
    incidents: Iterable[dict[str, Any]],
    conflict: ConflictDefinition,
    geography: Geography | None = None,
    gazetteer: Mapping[str, str] | None = None,
) -> str:
    """ACLED's columns, one row per incident; ``geography`` and ``gazetteer`` decide the country
    (:func:`incident_country`), so every row has one when the record allows."""
    rows = (acled_row(incident, conflict, geography, gazetteer) for incident in incidents)
    return csv_text(ACLED_COLUMNS, rows)


#: UCDP GED's columns, in the order the GED CSV publishes them
UCDP_COLUMNS = [
    "id", "relid", "year", "active_year", "code_status", "type_of_violence", "conflict_dset_id",
    "conflict_new_id", "conflict_name", "dyad_dset_id", "dyad_new_id", "dyad_name", "side_a_dset_id",
    "side_a_new_id", "side_a", "side_b_dset_id", "side_b_new_id", "side_b", "number_of_sources",
    "source_article", "source_office", "source_date", "source_headline", "source_original", "where_prec",
    "where_coordinates", "where_description", "adm_1", "adm_2", "latitude", "longitude", "geom_wkt",
    "priogrid_gid", "country", "country_id", "region", "event_clarity", "date_prec", "date_start",
    "date_end", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "high", "low",
    "gwnoa", "gwnob",
]  # fmt: skip

#: UCDP GED records organised lethal violence only: the kinds that belong in a GED file
UCDP_KINDS: frozenset[IncidentKind] = HOSTILE_KINDS | {IncidentKind.LANDMINE_EXPLOSION}
UCDP_STATE_BASED, UCDP_ONE_SIDED = 1, 3


def ucdp_incidents(incidents: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The incidents a GED-shaped file can hold: acts of lethal violence, carried out."""
    return [i for i in incidents if IncidentKind(i["kind"]) in UCDP_KINDS and i["modality"] == "carried_out"]


def _ucdp_deaths(incident: dict[str, Any], side_a: str | None, side_b: str | None) -> dict[str, Any]:
    """deaths_a / deaths_b / deaths_civilians / deaths_unknown from the killed figures, or blanks
    where a figure has no best estimate (a split we cannot give without inventing precision)."""
    killed = [f for f in incident["casualties"] if f["category"] == "killed"]
    blank = {"deaths_a": "", "deaths_b": "", "deaths_civilians": "", "deaths_unknown": ""}
    if not killed or any(f["best"] is None for f in killed):
        return blank
    split = {"deaths_a": 0, "deaths_b": 0, "deaths_civilians": 0, "deaths_unknown": 0}
    for figure in killed:
        if figure["population"] == "civilian":
            split["deaths_civilians"] += figure["best"]
        elif side_a is not None and figure["side"] == side_a:
            split["deaths_a"] += figure["best"]
        elif side_b is not None and figure["side"] == side_b:
            split["deaths_b"] += figure["best"]
        else:
            split["deaths_unknown"] += figure["best"]
    return split


def ucdp_side(conflict: ConflictDefinition, code: str | None) -> tuple[str, int | str]:
    """UCDP's name and id for a party (its ``ucdp`` entry), else its own name and no id."""
    if code is None:
        return "", ""
    party = conflict.party(code)
    if party is not None and party.ucdp is not None:
        return party.ucdp.name, party.ucdp.id if party.ucdp.id is not None else ""
    return conflict.display_name(code), ""


def ucdp_row(incident: dict[str, Any], conflict: ConflictDefinition) -> dict[str, Any]:
    kind = IncidentKind(incident["kind"])
    one_sided = kind == IncidentKind.ATTACK_ON_CIVILIANS
    named = [conflict.principal_of(a) for a in incident["actors"]]
    states = [p for p in [*attributed_parties(incident, conflict), *named] if p in conflict.principals]
    side_a = states[0] if states else None
    side_b: str | None = None
    if side_a is not None and not one_sided:
        # in a two-party conflict a hostile act by one side is an act against the other
        side_b = conflict.other_principal(side_a)
    side_a_name, gwnoa = ucdp_side(conflict, side_a)
    side_b_name, gwnob = ucdp_side(conflict, side_b) if side_b else ("Civilians" if one_sided else "", "")
    dyad = side_a is not None and side_b is not None
    dyad_names = sorted([side_a_name, side_b_name]) if dyad else []
    state = conflict.country_of(incident["side"]) if incident["side"] in conflict.principals else None
    country = ""
    country_id: int | str = ""
    if state is not None and state.country is not None:
        country = state.country.name
        country_id = state.ucdp.id if state.ucdp is not None and state.ucdp.id is not None else ""
    killed = incident["killed"]
    best = killed["best"] if killed["best"] is not None else (killed["low"] or 0)
    low = killed["low"] if killed["low"] is not None else best
    high = killed["high"] if killed["high"] is not None else ""
    lat, lon = incident["lat"], incident["lon"]
    sources = incident["sources"]
    place = incident["place"] or ""
    admins = [a for a in (incident.get("admin2"), incident.get("admin1")) if a]
    return {
        "id": incident["id"],
        "relid": "",
        "year": incident["date_start"][:4],
        "active_year": "",
        "code_status": "",
        "type_of_violence": UCDP_ONE_SIDED if one_sided else UCDP_STATE_BASED,
        "conflict_dset_id": "",
        "conflict_new_id": "",
        "conflict_name": " - ".join(
            sorted(conflict.country_of(c).country.name for c in (side_a, side_b) if conflict.country_of(c))  # type: ignore[union-attr]
        )
        if dyad
        else "",
        "dyad_dset_id": "",
        "dyad_new_id": "",
        "dyad_name": " - ".join(dyad_names),
        "side_a_dset_id": "",
        "side_a_new_id": "",
        "side_a": side_a_name,
        "side_b_dset_id": "",
        "side_b_new_id": "",
        "side_b": side_b_name,
        "number_of_sources": len(sources),
        "source_article": "; ".join(s["url"] or f"urn:sha256:{s['sha256']}" for s in sources),
        "source_office": "; ".join(dict.fromkeys(s["publisher"] for s in sources if s.get("publisher"))),
        "source_date": "; ".join(s["published_on"] for s in sources if s.get("published_on")),
        "source_headline": "; ".join(s["title"] for s in sources if s.get("title")),
        "source_original": "",
        "where_prec": UCDP_WHERE_PREC[LocationPrecision(incident["location_precision"])],
        "where_coordinates": place,
        "where_description": ", ".join([place, *admins]) if place else ", ".join(admins),
        "adm_1": incident.get("admin1") or "",
        "adm_2": incident.get("admin2") or "",
        "latitude": "" if lat is None else lat,
        "longitude": "" if lon is None else lon,
        "geom_wkt": "" if lat is None or lon is None else f"POINT ({lon} {lat})",
        "priogrid_gid": "",
        "country": country,
        "country_id": country_id,
        "region": conflict.info.ucdp_region,
        "event_clarity": "",
        "date_prec": UCDP_DATE_PREC[DatePrecision(incident["date_precision"])],
        "date_start": incident["date_start"],
        "date_end": incident["date_end"],
        **_ucdp_deaths(incident, side_a, side_b),
        "best": best,
        "high": high,
        "low": low,
        "gwnoa": gwnoa,
        "gwnob": gwnob,
    }


def export_ucdp(incidents: Iterable[dict[str, Any]], conflict: ConflictDefinition) -> str:
    """A UCDP GED-shaped CSV of the acts of lethal violence (see ``ucdp_incidents``).

    UCDP's own ids (conflict, dyad, actor, PRIO-GRID) are left blank: we do not invent them.
    Unknown upper bounds stay blank; ``best`` falls back to the lower bound, then 0.
    """
    return csv_text(UCDP_COLUMNS, (ucdp_row(incident, conflict) for incident in ucdp_incidents(incidents)))
