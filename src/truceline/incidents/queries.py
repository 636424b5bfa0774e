"""Reading incidents: filters, and the one dictionary shape every output uses (CLI ``--json``,
the API, the exports)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from truceline.domain.wording import figure_text
from truceline.incidents.models import (
    CasualtyFigure,
    Claim,
    Incident,
    IncidentActorParty,
    IncidentDayCount,
    IncidentPartyDayCount,
)
from truceline.places.models import Place
from truceline.sources.queries import sources_by_subject
from truceline.versions.models import RecordVersion
from truceline.visibility import Visibility


@dataclass(frozen=True)
class IncidentFilter:
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kinds: tuple[str, ...] = ()
    party: str | None = None  # an actor of the incident, or accused in a claim
    place: str | None = None  # gazetteer id
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north
    ids: tuple[str, ...] = ()  # only these incidents (a compliance count's incidents)
    text: str | None = None  # words in the id, description or place name (any case)
    status: str | None = None  # "published" or "unpublished"
    sort: str = "date"  # one of SORTS
    published_only: bool = False
    visible_to_party: str | None = None  # also show this party's unpublished submissions
    conflict_id: str | None = None

    @property
    def visibility(self) -> Visibility:
        return Visibility(self.published_only, self.visible_to_party, self.conflict_id)

    @classmethod
    def within(cls, visibility: Visibility, **criteria: object) -> IncidentFilter:
        """An incident filter limited to what a reader with ``visibility`` may see."""
        return cls(
            **criteria,  # type: ignore[arg-type]
            published_only=visibility.published_only,
            visible_to_party=visibility.party,
            conflict_id=visibility.conflict_id,
        )


#: the orders a list can be sorted in: name -> the columns (a leading "-": newest first)
SORTS: dict[str, tuple[Any, ...]] = {
    "date": (Incident.date_start, Incident.id),
    "-date": (Incident.date_start.desc(), Incident.id.desc()),
    "kind": (Incident.kind, Incident.date_start, Incident.id),
    "place": (Incident.place_name, Incident.place_id, Incident.date_start, Incident.id),
}
STATUSES = ("published", "unpublished")


def incident_query(filters: IncidentFilter) -> Select[Incident]:
    query = select(Incident).where(Incident.superseded_by.is_(None))
    if filters.conflict_id is not None:
        query = query.where(Incident.conflict_id == filters.conflict_id)
    if filters.date_from is not None:
        query = query.where(Incident.date_end >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(Incident.date_start <= filters.date_to)
    if filters.kinds:
        query = query.where(Incident.kind.in_(filters.kinds))
    if filters.place is not None:
        query = query.where(Incident.place_id == filters.place)
    if filters.bbox is not None:
        west, south, east, north = filters.bbox
        # within a short date range the dates' entries of the dashboard's index are fewer than the
        # box's latitudes over all time: ``lat + 0`` (the same value) is not looked up in an index
        lat = Incident.lat + 0 if short_range(filters) else Incident.lat
        query = query.where(and_(Incident.lon >= west, Incident.lon <= east, lat >= south, lat <= north))
    if filters.party is not None:
        query = query.where(or_(is_actor(filters.party), Incident.id.in_(claimed(filters.party))))
    if filters.ids:
        query = query.where(Incident.id.in_(filters.ids))
    if filters.text:
        words = filters.text.strip().lower()
        query = query.where(
            or_(
                func.lower(Incident.id).contains(words, autoescape=True),
                func.lower(Incident.description).contains(words, autoescape=True),
                func.lower(func.coalesce(Incident.place_name, "")).contains(words, autoescape=True),
                Incident.place_id.in_(select(Place.id).where(func.lower(Place.name).contains(words, autoescape=True))),
            )
        )
    if filters.status == "published":
        query = query.where(Incident.published.is_(True))
    elif filters.status == "unpublished":
        query = query.where(Incident.published.is_(False))
    if filters.published_only:  # the public: retracted incidents show only as a notice on their page
        query = query.where(
            filters.visibility.condition(Incident.published, Incident.submitted_for_party),
            Incident.retracted.is_(False),
        )
    return query.order_by(*SORTS.get(filters.sort, SORTS["date"]))


#: a date range of at most this many days is read before a box (see :func:`incident_query`)
SHORT_RANGE_DAYS = 92


def short_range(filters: IncidentFilter) -> bool:
    if filters.date_from is None or filters.date_to is None:
        return False
    return (filters.date_to - filters.date_from).days <= SHORT_RANGE_DAYS


def is_actor(party: str) -> ColumnElement[bool]:
    """``party`` is an element of the incident's ``actors`` (from ``incident_actor_parties``, kept
    by triggers from the JSON list: an indexed look-up, not a match on every incident's text)."""
    held = IncidentActorParty
    return select(held.incident_id).where(held.party == party, held.incident_id == Incident.id).exists()


def claimed(party: str) -> Select[str]:
    """The incidents with a claim whose accused or claimant is ``party`` (any claim, as stored)."""
    return select(Claim.incident_id).where(or_(Claim.accused == party, Claim.claimant == party))


def count_incidents(session: Session, filters: IncidentFilter) -> int:
    if summary_answers(filters):
        return summary_count(session, filters)
    # within dates, bounded by start: SQLite then reads the range from the dashboard's covering
    # index instead of the rows a box's (conflict_id, lat, lon) index finds
    query = with_start_bound(session, filters, incident_query(filters))
    query = query.order_by(None).with_only_columns(func.count())  # the id is never null: not read
    return session.scalar(query) or 0


def summary_count(session: Session, filters: IncidentFilter, *, located: bool = False) -> int:
    """The count of the incidents ``filters`` select (with a point: ``located``), from the summary
    (for filters it answers, see :func:`summary_answers`)."""
    counts = day_counts(filters)
    query = summary_query(filters, func.sum(counts.incidents), counts=counts)
    if located:
        query = query.where(counts.located.is_(True))
    total = int(session.scalar(query) or 0)
    extra = only_in_claims(filters)
    if extra is not None:
        if located:
            extra = extra.where(Incident.lat.is_not(None), Incident.lon.is_not(None))
        total += session.scalar(extra.order_by(None).with_only_columns(func.count(Incident.id))) or 0
    return total


def summary_answers(filters: IncidentFilter) -> bool:
    """Can the dashboard's summaries answer for these filters? Yes unless they name a place, a
    box, ids or words: those need the incidents themselves. A party is answered by the summaries
    per actor (:func:`day_counts`) and the incidents that name it only in a claim
    (:func:`only_in_claims`), read from the incidents."""
    return filters.place is None and filters.bbox is None and not filters.ids and not filters.text


def day_counts(filters: IncidentFilter) -> Any:
    """The day summary for these filters: per actor when they name a party."""
    return IncidentDayCount if filters.party is None else IncidentPartyDayCount


def only_in_claims(filters: IncidentFilter) -> Select[Incident] | None:
    """With a party: the incidents ``filters`` select that name it in a claim but not among their
    actors — the ones the summaries per actor do not count. Without a party: None."""
    if filters.party is None:
        return None
    party = filters.party
    return incident_query(replace(filters, party=None)).where(Incident.id.in_(claimed(party)), ~is_actor(party))


def summary_query(filters: IncidentFilter, *columns: Any, counts: Any = None, dates: bool = True) -> Select[Any]:
    """:func:`incident_query`'s conditions on ``incident_day_counts`` (for filters the summary
    answers, see :func:`summary_answers`): sums of its ``incidents`` are the counts of the
    incidents the same filters select. ``counts``: another summary with the same columns
    (``incident_cell_counts``; by default :func:`day_counts`); ``dates=False``: without the date
    range (its caller's own). With a party ``counts`` must be a summary per actor, and the
    incidents of :func:`only_in_claims` are not in its sums."""
    counts = day_counts(filters) if counts is None else counts
    query = select(*columns).where(counts.superseded.is_(False))
    if filters.party is not None:
        query = query.where(counts.party == filters.party)
    if filters.conflict_id is not None:
        query = query.where(counts.conflict_id == filters.conflict_id)
    if dates and filters.date_from is not None:
        query = query.where(counts.date_end >= filters.date_from)
    if dates and filters.date_to is not None:
        query = query.where(counts.date_start <= filters.date_to)
    if filters.kinds:
        query = query.where(counts.kind.in_(filters.kinds))
    if filters.status == "published":
        query = query.where(counts.published.is_(True))
    elif filters.status == "unpublished":
        query = query.where(counts.published.is_(False))
    if filters.published_only:
        query = query.where(
            filters.visibility.condition(counts.published, counts.submitted_for_party),
            counts.retracted.is_(False),
        )
    return query


def with_start_bound(session: Session, filters: IncidentFilter, query: Select[Any]) -> Select[Any]:
    """``query`` (of incidents, within ``filters``) also bounded below by start day when the filters
    have a ``date_from``: no incident of the conflict ending on or after it starts before the
    earliest start the summary holds for them. Without it a range ``date_end >= date_from`` is
    read in start order from the conflict's first incident (half a million index entries of a
    million incidents for a page in the middle of the record); the rows selected are the same."""
    if filters.date_from is None:
        return query
    counts = IncidentDayCount
    earliest = select(func.min(counts.date_start)).where(counts.date_end >= filters.date_from, counts.incidents > 0)
    if filters.conflict_id is not None:
        earliest = earliest.where(counts.conflict_id == filters.conflict_id)
    bound = session.scalar(earliest)
    return query if bound is None else query.where(Incident.date_start >= bound)


def list_incidents(
    session: Session, filters: IncidentFilter = IncidentFilter(), *, limit: int | None = None, offset: int = 0
) -> list[Incident]:
    query = with_start_bound(
        session,
        filters,
        incident_query(filters).options(
            selectinload(Incident.casualties), selectinload(Incident.claims), selectinload(Incident.place)
        ),
    )
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return list(session.scalars(query))


def figure_totals(figures: Sequence[CasualtyFigure], category: str) -> dict[str, int | None]:
    """Totals of one category across sides and populations, without inventing precision.

    ``low`` adds the lower bounds (a missing low counts as its best, else 0); ``best`` adds the
    best estimates and is unknown if any figure lacks one; ``high`` is unknown if any figure has
    no upper bound ("more than 36 killed" has none).
    """
    chosen = [f for f in figures if f.category == category]
    if not chosen:
        return {"low": None, "best": None, "high": None}
    low = sum(f.low if f.low is not None else (f.best or 0) for f in chosen)
    best = None if any(f.best is None for f in chosen) else sum(f.best or 0 for f in chosen)
    high = sum(f.high or 0 for f in chosen) if all(f.high is not None for f in chosen) else None
    return {"low": low, "best": best, "high": high}


def claim_record(claim: Claim, sources: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "id": claim.id,
        "incident_id": claim.incident_id,
        "claimant": claim.claimant,
        "accused": claim.accused,
        "assertion": claim.assertion,
        "stance": claim.stance,
        "made_on": claim.made_on.isoformat(),
        "summary": claim.summary,
        "breaks": list(claim.breaks or []),
        "sources": sources or [],
    }


def incident_records(session: Session, incidents: Sequence[Incident], visibility: Visibility) -> list[dict[str, Any]]:
    """The public shape of incidents, with the claims and sources ``visibility`` lets the reader see,
    in three queries whatever the count. The incidents themselves are the caller's choice (see
    :attr:`IncidentFilter.visibility`)."""
    claims = {
        i.id: [
            c
            for c in i.claims
            if visibility.sees(c.published, c.submitted_for_party) and not (c.retracted and visibility.published_only)
        ]
        for i in incidents
    }
    incident_sources = sources_by_subject(session, "incident", [i.id for i in incidents], visibility=visibility)
    claim_sources = sources_by_subject(
        session, "claim", [c.id for cs in claims.values() for c in cs], visibility=visibility
    )
    changed = last_changes(session, [i.id for i in incidents])
    return [
        incident_record(
            i, incident_sources.get(i.id, []), {c.id: claim_sources.get(c.id, []) for c in claims[i.id]}, claims[i.id]
        )
        | {"last_changed": (changed.get(i.id) or i.created_at).isoformat()}
        for i in incidents
    ]


def last_changes(session: Session, incident_ids: list[str]) -> dict[str, dt.datetime]:
    """When each incident's record last changed (its newest version), by id."""
    out: dict[str, dt.datetime] = {}
    for start in range(0, len(incident_ids), 500):
        chunk = incident_ids[start : start + 500]
        rows = session.execute(
            select(RecordVersion.record_id, func.max(RecordVersion.at))
            .where(RecordVersion.kind == "incident", RecordVersion.record_id.in_(chunk))
            .group_by(RecordVersion.record_id)
        )
        out.update({record_id: at for record_id, at in rows})
    return out


def incident_record(
    incident: Incident,
    sources: list[dict[str, Any]],
    claim_sources: dict[str, list[dict[str, Any]]],
    claims: Sequence[Claim],
) -> dict[str, Any]:
    return {
        "id": incident.id,
        "kind": incident.kind,
        "modality": incident.modality,
        "date_start": incident.date_start.isoformat(),
        "date_end": incident.date_end.isoformat(),
        "date_precision": incident.date_precision,
        "place": incident.place.name if incident.place is not None else incident.place_name,
        "place_id": incident.place_id,
        "admin1": incident.place.admin1 if incident.place is not None else None,
        "place_country": incident.place.country if incident.place is not None else None,
        "admin2": incident.place.admin2 if incident.place is not None else None,
        "lat": incident.lat,
        "lon": incident.lon,
        "location_precision": incident.location_precision,
        "side": incident.side,
        "weapons": incident.weapons,
        "actors": incident.actors,
        "killed": (killed := figure_totals(incident.casualties, "killed")),
        "injured": (injured := figure_totals(incident.casualties, "injured")),
        "killed_text": figure_text(killed),
        "injured_text": figure_text(injured),
        "casualties": [
            {
                "category": f.category,
                "side": f.side,
                "population": f.population,
                "low": f.low,
                "best": f.best,
                "high": f.high,
            }
            for f in incident.casualties
        ],
        "displaced": {"low": incident.displaced_low, "best": incident.displaced_best, "high": incident.displaced_high}
        if any(v is not None for v in (incident.displaced_low, incident.displaced_best, incident.displaced_high))
        else None,
        "description": incident.description,
        "published": incident.published,
        "sources": sources,
        "claims": [
            claim_record(c, claim_sources.get(c.id, [])) for c in (incident.claims if claims is None else claims)
        ],
    }
