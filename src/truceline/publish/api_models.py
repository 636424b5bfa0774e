"""The shapes the dashboard's data, one incident in full, publishing and the JSON and GeoJSON
exports answer with."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, create_model

from truceline.agreements.api_models import AgreementRecord
from truceline.compliance.api_models import ViolationRecord
from truceline.incidents.api_models import EvidenceRecord, IncidentRecord
from truceline.sources.api_models import CitedSource
from truceline.verification.api_models import FindingRecord
from truceline.versions.api_models import VersionRecord
from truceline.web.api_models import Page


class Marker(BaseModel):
    """One incident on the map, or (``aggregated``) the count of one kind in one grid cell."""

    id: str | None = Field(description="The incident; null for a grid cell.")
    kind: str
    lat: float
    lon: float
    date: dt.date | None
    casualties: int | None = Field(
        description="Killed plus injured (best, else low estimates), for the marker's size only; null for a grid cell."
    )
    killed: str | None = Field(
        default=None, description="Killed in words (`2–4 (best 3)`, `unknown`); null for a cell."
    )
    injured: str | None = Field(default=None, description="Injured in words, shown apart from the killed.")
    count: int


class Markers(BaseModel):
    total: int = Field(description="Incidents that match.")
    with_point: int = Field(description="Of those, incidents with a point.")
    aggregated: bool = Field(description="Whether the markers are per-cell counts (too many incidents).")
    markers: list[Marker]


class TimelineDay(BaseModel):
    date: dt.date
    kind: str
    count: int


class Published(BaseModel):
    id: str
    published: bool


class JsonExport(BaseModel):
    """The JSON export: incidents, and the agreements they are judged against."""

    incidents: list[IncidentRecord]
    agreements: list[AgreementRecord]


class Placed(BaseModel):
    """How the geometry stands for the incident."""

    shown_as: Literal["point", "centroid", "area", "unplaced"] = Field(
        description="point: where it happened; centroid: the centre of a coarse location; area: where it may "
        "lie (a band along the line, a territory); unplaced: the conflict has no geometry."
    )
    placement_note: str


#: a GeoJSON feature's properties: the incident record but its point, and how it is placed
IncidentProperties = create_model(
    "IncidentProperties",
    __doc__="The incident record, without lat and lon (the geometry has them).",
    **{  # type: ignore[call-overload]
        name: (field.annotation, field)
        for name, field in (IncidentRecord.model_fields | Placed.model_fields).items()
        if name not in ("lat", "lon")
    },
)


class Point(BaseModel):
    type: Literal["Point"]
    coordinates: list[float] = Field(min_length=2, max_length=2, description="[lon, lat]")


class Polygon(BaseModel):
    type: Literal["Polygon"]
    coordinates: list[list[list[float]]] = Field(description="Rings of [lon, lat] positions.")


class MultiPolygon(BaseModel):
    type: Literal["MultiPolygon"]
    coordinates: list[list[list[list[float]]]]


class IncidentFeature(BaseModel):
    type: Literal["Feature"]
    id: str
    geometry: Point | Polygon | MultiPolygon | None = Field(
        description="A point, or the area a coarsely located incident may lie in; null only when the conflict "
        "has no geometry at all."
    )
    properties: IncidentProperties


class IncidentFeatureCollection(BaseModel):
    """The GeoJSON export."""

    type: Literal["FeatureCollection"]
    features: list[IncidentFeature]


class IncidentFinding(FindingRecord):
    actions: list[str] = Field(description="What the caller may do with the finding next (observers).")


class IncidentDetail(IncidentRecord):
    conflict: str = Field(description="The conflict the incident belongs to.")
    """One incident in full: sources with the supporting words, findings, evidence, violations."""

    sources: list[CitedSource]  # type: ignore[assignment]
    findings: list[IncidentFinding]
    evidence: list[EvidenceRecord]
    violations: list[ViolationRecord]
    retracted: bool = Field(default=False, description="Retracted: observers still read it; the public gets 410.")
    superseded_by: str | None = Field(default=None, description="The incident that records the same event instead.")
    history: list[VersionRecord] = Field(default=[], description="Every version, oldest first.")


class RecordRow(BaseModel):
    """One claim or finding as its list page shows it (and its CSV download holds it)."""

    id: str
    date: str = Field(description="YYYY-MM-DD: the day a claim was made, a finding made final (or drafted).")
    kind: str = Field(description="A claim's assertion, a finding's result.")
    party: str = Field(description="A claim's claimant, a finding's party; empty when none.")
    place: str = Field(description="The incident's place; empty when unknown.")
    status: str = Field(description="published, unpublished or retracted; a finding's state.")
    text: str
    incident_id: str
    url: str
    lat: float | None
    lon: float | None
    link: str = Field(description="The page that shows it.")


class RecordRowPage(Page[RecordRow]):
    """Claims or findings, in the order asked for (oldest first by default)."""
