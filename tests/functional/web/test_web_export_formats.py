"""The casebook's exports checked against their formats' conventions: ACLED's columns (a country
and ISO in every row, one admin1, ``timestamp`` and ``source_scale`` filled) and GeoJSON (a
geometry for every feature, coarse locations as an area or a centroid)."""

from __future__ import annotations

import csv
import io
import re

from fastapi.testclient import TestClient

from tests.functional.web.conftest import auth
from truceline.publish.exports import ACLED_COLUMNS

#: ACLED's source scales (single, or joined with "-")
SOURCE_SCALES = {"Local", "National", "Regional", "International", "New media", "Other"}


def test_the_acled_export_of_the_casebook_follows_acleds_column_conventions(client: TestClient, tokens) -> None:
    response = client.get("/api/v1/exports/acled", headers=auth(tokens, "observer"))
    reader = csv.DictReader(io.StringIO(response.text))
    assert reader.fieldnames == ACLED_COLUMNS
    rows = list(reader)
    total = client.get("/api/v1/incidents?limit=1", headers=auth(tokens, "observer")).json()["total"]
    assert len(rows) == total > 50
    countries: dict[str, str] = {}
    for row in rows:
        event = row["event_id_cnty"]
        assert row["country"] and row["iso"].isdigit(), event
        assert countries.setdefault(row["country"], row["iso"]) == row["iso"], event  # one ISO per country
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["event_date"]) and row["year"] == row["event_date"][:4]
        assert row["time_precision"] in {"1", "2", "3"} and row["geo_precision"] in {"1", "2", "3"}
        assert row["disorder_type"] and row["event_type"] and row["sub_event_type"], event
        assert row["timestamp"].isdigit() and int(row["timestamp"]) > 1_600_000_000, event
        assert row["source_scale"] and set(row["source_scale"].split("-")) <= SOURCE_SCALES, event
        assert " / " not in row["admin1"] and "claim)" not in row["admin1"], event  # one admin1
        assert row["fatalities"].isdigit(), event
        for column in ("latitude", "longitude"):
            assert row[column] == "" or re.fullmatch(r"-?\d+\.\d{4}", row[column]), event
        if row["inter1"] and row["inter2"]:
            assert row["interaction"] == row["inter1"] + row["inter2"], event
    # a disputed province: one admin1, the dispute kept in the notes
    disputed = [r for r in rows if "province claimed as" in r["notes"]]
    assert disputed and all(r["admin1"] in r["notes"] for r in disputed)
    assert len(countries) >= 2  # both sides of the line appear


def test_the_geojson_export_never_has_a_null_geometry(client: TestClient, tokens) -> None:
    collection = client.get("/api/v1/exports/geojson", headers=auth(tokens, "observer")).json()
    features = collection["features"]
    assert features and all(f["geometry"] is not None for f in features)
    shown = {f["properties"]["shown_as"] for f in features}
    assert shown <= {"point", "centroid", "area"} and "area" in shown
    for feature in features:
        properties, geometry = feature["properties"], feature["geometry"]
        assert properties["location_precision"]
        if properties["shown_as"] == "area":
            assert geometry["type"] in {"Polygon", "MultiPolygon"} and properties["placement_note"]
        else:
            assert geometry["type"] == "Point"
        if properties["location_precision"] in {"district", "province", "country", "border"}:
            assert properties["shown_as"] in {"centroid", "area"}
