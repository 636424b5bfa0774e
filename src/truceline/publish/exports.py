"""Exports in the formats the field already uses: JSON, GeoJSON and ACLED CSV.

Each export is built from the same incident records (``incidents.queries.incident_records``),
so the files agree with the CLI and the API.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from typing import Any

from truceline.vocabulary import (
    ACLED_GEO_PRECISION,
    ACLED_MAPPING,
    ACLED_TIME_PRECISION,
    DatePrecision,
    IncidentKind,
    LocationPrecision,
)

#: ACLED's columns, in the order ACLED publishes them
ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location",
    "latitude", "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags",
    "timestamp",
]  # fmt: skip

#: ACLED's actor names for the state forces, and its numeric ISO codes
ACLED_ACTORS = {"TH": "Military Forces of Thailand (2019-)", "KH": "Military Forces of Cambodia (1993-)"}
COUNTRIES = {"TH": ("Thailand", 764), "KH": ("Cambodia", 116)}
STATE_FORCES, CIVILIANS = 1, 7


def export_json(incidents: list[dict[str, Any]], agreements: list[dict[str, Any]]) -> str:
    return json.dumps({"incidents": incidents, "agreements": agreements}, indent=2, ensure_ascii=False) + "\n"


def export_geojson(incidents: Iterable[dict[str, Any]]) -> str:
    """A FeatureCollection of incidents; incidents with no point keep a null geometry."""
    features = []
    for incident in incidents:
        point = (
            {"type": "Point", "coordinates": [incident["lon"], incident["lat"]]}
            if incident["lat"] is not None and incident["lon"] is not None
            else None
        )
        properties = {k: v for k, v in incident.items() if k not in {"lat", "lon"}}
        features.append({"type": "Feature", "id": incident["id"], "geometry": point, "properties": properties})
    return json.dumps({"type": "FeatureCollection", "features": features}, indent=2, ensure_ascii=False) + "\n"


def attributed_parties(incident: dict[str, Any]) -> list[str]:
    """Parties accused by claims, else the incident's actors that are states."""
    accused = [c["accused"] for c in incident["claims"] if c["stance"] == "accuses" and c["accused"]]
    if accused:
        return list(dict.fromkeys(accused))
    return [a for a in incident["actors"] if a in ACLED_ACTORS]


def acled_row(incident: dict[str, Any]) -> dict[str, Any]:
    kind = IncidentKind(incident["kind"])
    disorder, event_type, sub_event = ACLED_MAPPING[kind]
    parties = attributed_parties(incident)
    actor1 = ACLED_ACTORS.get(parties[0], parties[0]) if parties else ""
    others = [p for p in ("TH", "KH") if p in incident["actors"] and (not parties or p != parties[0])]
    civilian_target = kind == IncidentKind.ATTACK_ON_CIVILIANS
    actor2 = "Civilians (International)" if civilian_target else (ACLED_ACTORS[others[0]] if others else "")
    inter1 = STATE_FORCES if actor1 in ACLED_ACTORS.values() else ""
    inter2 = CIVILIANS if civilian_target else (STATE_FORCES if actor2 else "")
    side = incident["side"]
    country, iso = COUNTRIES.get(side, ("", ""))
    killed = incident["killed"]
    fatalities = killed["best"] if killed["best"] is not None else (killed["low"] or 0)
    tags = [f"truceline_kind={kind.value}", f"location_precision={incident['location_precision']}"]
    if incident["modality"] != "carried_out":
        tags.append(f"modality={incident['modality']}")
    if side not in COUNTRIES:
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
        "region": "Southeast Asia",
        "country": country,
        "admin1": incident.get("admin1") or "",
        "admin2": incident.get("admin2") or "",
        "admin3": "",
        "location": incident["place"] or "",
        "latitude": "" if incident["lat"] is None else f"{incident['lat']:.4f}",
        "longitude": "" if incident["lon"] is None else f"{incident['lon']:.4f}",
        "geo_precision": ACLED_GEO_PRECISION[LocationPrecision(incident["location_precision"])],
        "source": "; ".join(publishers),
        "source_scale": "",
        "notes": incident["description"],
        "fatalities": fatalities,
        "tags": "; ".join(tags),
        "timestamp": "",
    }


def export_acled(incidents: Iterable[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ACLED_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for incident in incidents:
        writer.writerow(acled_row(incident))
    return buffer.getvalue()
