"""Incidents (what happened), their casualty figures, the parties' claims, and evidence files
with their chain of custody."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship, selectinload

from truceline.db import Base, UTCDateTime, utcnow
from truceline.places.models import Place
from truceline.versions.kinds import VersionedKind, fields_of, register


class Incident(Base):
    __tablename__ = "incidents"
    #: the incident filters on a million rows: a date range, a kind, a bounding box, within a conflict
    __table_args__ = (
        Index("ix_incidents_conflict_kind_date", "conflict_id", "kind", "date_start"),
        # a box without a short date range: its latitudes read from the index alone (migration
        # 0012; it replaces the index on (conflict_id, lat, lon), its first three columns)
        Index(
            "ix_incidents_box",
            "conflict_id",
            "lat",
            "lon",
            "date_start",
            "date_end",
            "kind",
            "published",
            "retracted",
            "superseded_by",
            "submitted_for_party",
        ),
        # the dashboard's map and the incident list within dates: every column they filter on and
        # the map draws, so a date range is read from the index alone (migration 0009; it replaces
        # the index on (conflict_id, date_start), its first two columns)
        Index(
            "ix_incidents_dashboard",
            "conflict_id",
            "date_start",
            "date_end",
            "kind",
            "lat",
            "lon",
            "published",
            "retracted",
            "superseded_by",
            "submitted_for_party",
        ),
        Index("uq_incidents_conflict_dataset_external_id", "conflict_id", "dataset", "external_id", unique=True),
    )

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    modality: Mapped[str] = mapped_column(String(16), default="carried_out")
    date_start: Mapped[dt.date] = mapped_column(Date, index=True)
    date_end: Mapped[dt.date] = mapped_column(Date, index=True)
    date_precision: Mapped[str] = mapped_column(String(8))
    place_id: Mapped[str | None] = mapped_column(ForeignKey("places.id"), default=None)
    place_name: Mapped[str | None] = mapped_column(String(200), default=None)
    lat: Mapped[float | None] = mapped_column(Float, default=None)
    lon: Mapped[float | None] = mapped_column(Float, default=None)
    location_precision: Mapped[str] = mapped_column(String(16))
    side: Mapped[str] = mapped_column(String(16), default="undetermined")
    weapons: Mapped[list[str]] = mapped_column(JSON, default=list)
    actors: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text)
    displaced_low: Mapped[int | None] = mapped_column(Integer, default=None)
    displaced_best: Mapped[int | None] = mapped_column(Integer, default=None)
    displaced_high: Mapped[int | None] = mapped_column(Integer, default=None)
    displaced_side: Mapped[str | None] = mapped_column(String(16), default=None)
    #: published records are visible to everyone; unpublished ones to their submitter and observers
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    submitted_for_party: Mapped[str | None] = mapped_column(String(16), default=None)
    #: retracted (``truceline incidents retract``): public pages show the retraction, not the content
    retracted: Mapped[bool] = mapped_column(Boolean, default=False)
    #: retracted because another incident records the same event: that incident's id
    superseded_by: Mapped[str | None] = mapped_column(String(120), default=None)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: an incident drawn from an event data set (``acled``, ``ucdp``) keeps the data set's key for
    #: it (ACLED ``event_id_cnty``, UCDP ``id``): unique per conflict and data set, so an import
    #: of the same event again finds it
    dataset: Mapped[str | None] = mapped_column(String(16), default=None)
    external_id: Mapped[str | None] = mapped_column(String(120), default=None)
    #: the data set's version of the row last imported (ACLED ``timestamp``)
    external_version: Mapped[str | None] = mapped_column(String(40), default=None)
    #: SHA-256 of the imported content (see ``truceline.intake.event_data.content_sha256``)
    content_sha256: Mapped[str | None] = mapped_column(String(64), default=None)

    casualties: Mapped[list[CasualtyFigure]] = relationship(order_by="CasualtyFigure.id", cascade="all, delete-orphan")
    claims: Mapped[list[Claim]] = relationship(order_by="Claim.id", cascade="all, delete-orphan")
    place: Mapped[Place | None] = relationship()


class CasualtyFigure(Base):
    """One reported toll: killed or injured, on one side, civilian or military, low/best/high."""

    __tablename__ = "casualty_figures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id"), index=True)
    category: Mapped[str] = mapped_column(String(16))
    side: Mapped[str] = mapped_column(String(16), default="unknown")
    population: Mapped[str] = mapped_column(String(16), default="unknown")
    low: Mapped[int | None] = mapped_column(Integer, default=None)
    best: Mapped[int | None] = mapped_column(Integer, default=None)
    high: Mapped[int | None] = mapped_column(Integer, default=None)


class IncidentDayCount(Base):
    """How many incidents share a start and end day, a kind and what decides who sees them: the
    dashboard's timeline and counts read these rows instead of every incident.

    Kept current by triggers on ``incidents`` (migration ``0010_incident_day_counts``) in the
    transaction of every write, whoever makes it. A migration that rebuilds ``incidents`` on
    SQLite (``batch_alter_table``) drops its triggers: such a migration must create them again."""

    __tablename__ = "incident_day_counts"

    conflict_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    date_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    date_end: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    published: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    retracted: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    #: ``superseded_by`` is set
    superseded: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    #: the incident's ``submitted_for_party``, '' for none
    submitted_for_party: Mapped[str] = mapped_column(String(16), primary_key=True)
    #: the incident has a point (lat and lon)
    located: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    incidents: Mapped[int] = mapped_column(Integer)


class IncidentCellCount(Base):
    """How many incidents with a point share a cell of the map's grid, a kind, what decides who
    sees them, and a start and end day (grain ``day``) or a start and end month (grain ``month``,
    the months' first days): the map's per-cell counts read these rows instead of every incident.

    Kept current by triggers on ``incidents`` (migration ``0011_incident_cell_counts``) in the
    transaction of every write, whoever makes it, like :class:`IncidentDayCount`. The cells are
    ``round(lat / 0.05)`` and ``round(lon / 0.05)`` as the store computes them; a change of the
    map's cell size needs a migration that refills this table."""

    __tablename__ = "incident_cell_counts"
    #: the days at the start of a date range are found by their end day
    __table_args__ = (Index("ix_incident_cell_counts_end", "grain", "conflict_id", "date_end"),)

    #: "day" or "month"
    grain: Mapped[str] = mapped_column(String(5), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    date_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    date_end: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    published: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    retracted: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    superseded: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    submitted_for_party: Mapped[str] = mapped_column(String(16), primary_key=True)
    lat_cell: Mapped[int] = mapped_column(Integer, primary_key=True)
    lon_cell: Mapped[int] = mapped_column(Integer, primary_key=True)
    incidents: Mapped[int] = mapped_column(Integer)


class ClaimNumber(Base):
    """The last claim number given out for an incident: a claim's id (``<incident>/claim-<n>``)
    takes the next one in one atomic upsert, so concurrent writers never count to the same id."""

    __tablename__ = "claim_numbers"

    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id"), primary_key=True)
    last: Mapped[int] = mapped_column(Integer)


#: what compliance reads of an incident's claims, after the incident (``Claim``'s index on them)
COMPLIANCE_CLAIM_COLUMNS = (
    "incident_id", "retracted", "made_on", "published", "claimant", "accused", "assertion", "stance",
)  # fmt: skip


class Claim(Base):
    """One party's assertion about an incident. Never merged into the incident's facts."""

    __tablename__ = "claims"
    __table_args__ = (
        # every look-up of an incident's claims; compliance reads what it needs from the index alone
        # (migration 0014_claims_compliance_index)
        Index("ix_claims_incident_compliance", *COMPLIANCE_CLAIM_COLUMNS),
    )

    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id"))
    claimant: Mapped[str] = mapped_column(String(16), index=True)
    accused: Mapped[str | None] = mapped_column(String(16), default=None, index=True)
    assertion: Mapped[str] = mapped_column(String(32))
    stance: Mapped[str] = mapped_column(String(16))
    made_on: Mapped[dt.date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text)
    #: like an incident's: published claims are visible to everyone, unpublished ones to the
    #: party they were submitted for (if any) and observers
    published: Mapped[bool] = mapped_column(Boolean, default=True)
    submitted_for_party: Mapped[str | None] = mapped_column(String(16), default=None)
    #: retracted (``truceline claims retract``): kept, shown as retracted, left out of compliance
    retracted: Mapped[bool] = mapped_column(Boolean, default=False)
    #: what the claimant says was broken: ``<agreement id>`` or ``<agreement id>/<provision number>``
    breaks: Mapped[list[str]] = mapped_column(JSON, default=list)


class Evidence(Base):
    """A file stored by content hash; ``restricted`` files are seen by observers only."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(500))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    description: Mapped[str] = mapped_column(Text, default="")
    incident_id: Mapped[str | None] = mapped_column(ForeignKey("incidents.id"), default=None, index=True)
    restricted: Mapped[bool] = mapped_column(Boolean, default=True)
    added_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)

    custody: Mapped[list[CustodyEvent]] = relationship(order_by="CustodyEvent.at", cascade="all, delete-orphan")


class CustodyEvent(Base):
    """One step in an evidence file's chain of custody: who held it, did what, when."""

    __tablename__ = "custody_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    evidence_id: Mapped[int] = mapped_column(ForeignKey("evidence.id"), index=True)
    at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    action: Mapped[str] = mapped_column(String(32))  # collected, received, transferred, examined
    holder: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")


class Tally(Base):
    """A count one body published (violations, casualties) over a period, as of a date. Never merged."""

    __tablename__ = "tallies"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(ForeignKey("conflicts.id"), index=True)
    counted_by: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(Text)
    alleged_against: Mapped[str | None] = mapped_column(String(16), default=None)
    agreement_id: Mapped[str | None] = mapped_column(ForeignKey("agreements.id"), default=None)
    period_start: Mapped[dt.date | None] = mapped_column(Date, default=None)
    period_end: Mapped[dt.date | None] = mapped_column(Date, default=None)
    as_of: Mapped[dt.date] = mapped_column(Date, index=True)
    low: Mapped[int | None] = mapped_column(Integer, default=None)
    best: Mapped[int | None] = mapped_column(Integer, default=None)
    high: Mapped[int | None] = mapped_column(Integer, default=None)
    #: ``[{"name", "count"}]`` as published
    categories: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


# --- versioned kinds (see truceline.versions.kinds) -------------------------------------------

CASUALTY_FIELDS = ("category", "side", "population", "low", "best", "high")


def _casualties(session: Session, row: Any) -> dict[str, Any]:
    return {"casualties": [fields_of(f, CASUALTY_FIELDS) for f in row.casualties]}


def _restore_casualties(row: Any, content: dict[str, Any]) -> None:
    row.casualties = [CasualtyFigure(**f) for f in content.get("casualties", [])]


def figure_text(figure: dict[str, Any] | None) -> str | None:
    """A figure's low/best/high as a reader says it: ``low 6, best 8, high 12`` (unknown parts left out)."""
    if figure is None:
        return None
    return ", ".join(f"{name} {figure[name]}" for name in ("low", "best", "high") if figure.get(name) is not None)


def casualties_diff(before: list[dict[str, Any]] | None, after: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    """A change of an incident's casualty figures, one line per figure that changed, named
    ``casualties killed:TH:civilian`` (category, side, population)."""

    def by_key(figures: list[dict[str, Any]] | None) -> dict[str, list[dict[str, Any]]]:
        keyed: dict[str, list[dict[str, Any]]] = {}
        for f in figures or []:
            keyed.setdefault(f"{f['category']}:{f['side']}:{f['population']}", []).append(f)
        return keyed

    old, new = by_key(before), by_key(after)
    lines: list[dict[str, Any]] = []
    for key in sorted(set(old) | set(new)):
        if old.get(key) == new.get(key):
            continue
        shown = ["; ".join(filter(None, map(figure_text, side.get(key, [])))) or None for side in (old, new)]
        lines.append({"field": f"casualties {key}", "before": shown[0], "after": shown[1]})
    return lines


def _claim_conflict(session: Session, row: Any) -> str:
    incident = session.get(Incident, row.incident_id)
    return incident.conflict_id if incident is not None else ""


register(
    VersionedKind(
        "incident",
        Incident,
        (
            "id",
            "conflict_id",
            "kind",
            "modality",
            "date_start",
            "date_end",
            "date_precision",
            "place_id",
            "place_name",
            "lat",
            "lon",
            "location_precision",
            "side",
            "weapons",
            "actors",
            "description",
            "displaced_low",
            "displaced_best",
            "displaced_high",
            "displaced_side",
            "published",
            "submitted_for_party",
            "retracted",
            "superseded_by",
        ),
        order=1,
        children=_casualties,
        restore_children=_restore_casualties,
        load_options=lambda: (selectinload(Incident.casualties),),
        diffs={"casualties": casualties_diff},
    )
)
register(
    VersionedKind(
        "claim",
        Claim,
        (
            "id",
            "incident_id",
            "claimant",
            "accused",
            "assertion",
            "stance",
            "made_on",
            "summary",
            "published",
            "submitted_for_party",
            "retracted",
            "breaks",
        ),
        order=2,
        conflict_of=_claim_conflict,
    )
)


class IncidentActorParty(Base):
    """One distinct text element of an incident's ``actors``: the party filter's look-up of the
    incidents a party is an actor in. Kept current by triggers on ``incidents`` (migration
    ``0012_incident_parties``), like :class:`IncidentDayCount`."""

    __tablename__ = "incident_actor_parties"

    party: Mapped[str] = mapped_column(Text, primary_key=True)
    incident_id: Mapped[str] = mapped_column(String(120), primary_key=True, index=True)


class IncidentPartyDayCount(Base):
    """:class:`IncidentDayCount` per actor: an incident counts once under each distinct element
    of its ``actors`` (migration ``0012_incident_parties``)."""

    __tablename__ = "incident_party_day_counts"

    party: Mapped[str] = mapped_column(Text, primary_key=True)
    conflict_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    date_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    date_end: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    published: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    retracted: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    superseded: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    submitted_for_party: Mapped[str] = mapped_column(String(16), primary_key=True)
    located: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    incidents: Mapped[int] = mapped_column(Integer)


class IncidentPartyCellCount(Base):
    """:class:`IncidentCellCount` per actor: an incident counts once under each distinct element
    of its ``actors`` (migration ``0012_incident_parties``)."""

    __tablename__ = "incident_party_cell_counts"
    __table_args__ = (Index("ix_incident_party_cell_counts_end", "party", "grain", "conflict_id", "date_end"),)

    party: Mapped[str] = mapped_column(Text, primary_key=True)
    grain: Mapped[str] = mapped_column(String(5), primary_key=True)
    conflict_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    date_start: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    date_end: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), primary_key=True)
    published: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    retracted: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    superseded: Mapped[bool] = mapped_column(Boolean, primary_key=True)
    submitted_for_party: Mapped[str] = mapped_column(String(16), primary_key=True)
    lat_cell: Mapped[int] = mapped_column(Integer, primary_key=True)
    lon_cell: Mapped[int] = mapped_column(Integer, primary_key=True)
    incidents: Mapped[int] = mapped_column(Integer)


class IncidentSummaryPause(Base):
    """A bulk insert in progress in this transaction: while a row is here, the summaries' triggers
    do not count inserted incidents, and the writer counts them set-based before it commits
    (``truceline.incidents.summaries``; migration ``0013_summary_pauses``). Never committed."""

    __tablename__ = "incident_summary_pauses"

    #: who holds the pause, e.g. ``import job 7``
    holder: Mapped[str] = mapped_column(String(120), primary_key=True)
