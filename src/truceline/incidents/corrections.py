"""Corrections, retractions and unpublications of incidents and claims: new versions, never edits.

Each function changes the record's row and writes its new version in one ledger entry
(:func:`truceline.versions.services.append_with_versions`), with who, why and the source. A
correction is validated as a new record is (the casebook schema, the date sanity check, the
gazetteer). Callers commit.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy.orm import Session

from truceline.agreements.events import source_url
from truceline.conflicts.services import conflict_definition
from truceline.domain import schema
from truceline.errors import Conflict, InvalidInput, NotFound
from truceline.incidents.models import CasualtyFigure, Claim, Incident
from truceline.incidents.services import check_breaks
from truceline.places.models import Place
from truceline.sources.services import add_source_reference, cite, resolve_source
from truceline.versions.services import Change, append_with_versions
from truceline.vocabulary import CasualtyCategory, Population, SourceKind

#: the fields of an incident a correction may set (``place`` is a gazetteer id)
INCIDENT_FIELDS = (
    "kind",
    "modality",
    "date_start",
    "date_end",
    "date_precision",
    "place",
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
)
#: the fields of a claim a correction may set
CLAIM_FIELDS = ("claimant", "accused", "assertion", "stance", "made_on", "summary", "breaks")
_LISTS = {"weapons", "actors", "breaks"}
_OPTIONAL = {"place", "place_name", "lat", "lon", "accused"}


def parse_assignments(assignments: list[str]) -> dict[str, str]:
    """``FIELD=VALUE`` strings as a mapping, or a clear refusal."""
    values: dict[str, str] = {}
    for item in assignments:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"--set {item!r}: write FIELD=VALUE")
        values[name.strip()] = value.strip()
    return values


def _check_fields(values: Mapping[str, str], allowed: tuple[str, ...], what: str, *, more: bool = False) -> None:
    if not values and not more:
        also = " or a casualty figure" if what == "incident" else ""
        raise InvalidInput(
            f"nothing to correct: give at least one FIELD=VALUE{also} ({what} fields: {', '.join(allowed)})"
        )
    for name in values:
        if name not in allowed:
            raise InvalidInput(f"unknown {what} field {name!r}; fields a correction may set: {', '.join(allowed)}")


def _value(name: str, value: str) -> Any:
    if name in _LISTS:
        return [part.strip() for part in value.split(",") if part.strip()]
    if name in _OPTIONAL and value == "":
        return None
    return value


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise InvalidInput("give the reason (--reason): why the record changes")
    if len(text) > 2000:
        raise InvalidInput("the reason is longer than 2000 characters")
    return text


def _source(session: Session, conflict_id: str, source: str | None, actor: str, *, required: bool) -> str | None:
    if source is None or not source.strip():
        if required:
            raise InvalidInput("give the source of the correction (--source URL)")
        return None
    url = source_url(source)
    add_source_reference(session, conflict_id=conflict_id, url=url, kind=SourceKind.NEWS.value, actor=actor)
    return url


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'record'}: {e['msg']}" for e in exc.errors())


# --- casualty figures ---------------------------------------------------------------------------

FIGURE_SYNTAX = "CATEGORY[:SIDE[:POPULATION]]=LOW/BEST/HIGH"
FIGURE_EXAMPLE = "killed:TH:civilian=6/8/12"
_COUNT = re.compile(r"\d{1,9}")


@dataclass(frozen=True)
class FigureCorrection:
    """One casualty figure as a correction sets it: the figure of ``category`` for ``side`` and
    ``population`` becomes low/best/high (added if the incident has none); all three unknown
    removes it."""

    category: str
    side: str = "unknown"
    population: str = "unknown"
    low: int | None = None
    best: int | None = None
    high: int | None = None

    @property
    def key(self) -> str:
        return figure_key(self.category, self.side, self.population)

    @property
    def removes(self) -> bool:
        return self.low is None and self.best is None and self.high is None


def figure_key(category: str, side: str, population: str) -> str:
    """How a figure is named on the command line and in a history: ``killed:TH:civilian``."""
    return f"{category}:{side}:{population}"


def _count(text: str, where: str) -> int | None:
    value = text.strip()
    if value in ("", "?"):
        return None
    if not _COUNT.fullmatch(value):
        raise InvalidInput(f"{where}: {value!r} is not a whole number of people (or empty for unknown)")
    return int(value)


def parse_figure(text: str) -> FigureCorrection:
    """``CATEGORY[:SIDE[:POPULATION]]=LOW/BEST/HIGH`` (side and population default to
    ``unknown``; an empty or ``?`` part is unknown; one number alone is the best estimate; an empty
    value removes the figure) as a :class:`FigureCorrection`, or a clear refusal."""
    where = f"--figure {text!r}"
    key, sep, value = text.partition("=")
    parts = [p.strip() for p in key.split(":")]
    if not sep or not parts[0] or len(parts) > 3:
        raise InvalidInput(f"{where}: write {FIGURE_SYNTAX}, e.g. {FIGURE_EXAMPLE}")
    category, side, population = [*parts, "", ""][:3]
    side, population = side or schema.UNKNOWN, population or schema.UNKNOWN
    if category not in CasualtyCategory.__members__.values():
        raise InvalidInput(f"{where}: category {category!r} is not one of {', '.join(CasualtyCategory)}")
    if population not in Population.__members__.values():
        raise InvalidInput(f"{where}: population {population!r} is not one of {', '.join(Population)}")
    numbers = value.split("/")
    if len(numbers) == 1:
        return FigureCorrection(category, side, population, best=_count(numbers[0], where))
    if len(numbers) != 3:
        raise InvalidInput(f"{where}: the value is LOW/BEST/HIGH (or one number, the best estimate)")
    low, best, high = (_count(n, where) for n in numbers)
    return FigureCorrection(category, side, population, low, best, high)


def parse_figures(texts: Sequence[str]) -> list[FigureCorrection]:
    return [parse_figure(text) for text in texts]


def _figures_after(
    session: Session, incident: Incident, figures: Sequence[FigureCorrection], url: str
) -> list[tuple[FigureCorrection, CasualtyFigure | None]]:
    """Each corrected figure with the row it changes (None: a new one), after checking it as a
    new record's figure would be checked (the party, the order of low/best/high)."""
    seen: set[str] = set()
    sides = set(conflict_definition(session, incident.conflict_id).principals) | {schema.UNKNOWN}
    plan: list[tuple[FigureCorrection, CasualtyFigure | None]] = []
    for figure in figures:
        if figure.key in seen:
            raise InvalidInput(f"figure {figure.key} is given twice")
        seen.add(figure.key)
        if figure.side not in sides:
            raise InvalidInput(f"figure {figure.key}: side {figure.side!r} is not one of {', '.join(sorted(sides))}")
        rows = [f for f in incident.casualties if figure_key(f.category, f.side, f.population) == figure.key]
        if len(rows) > 1:
            raise InvalidInput(
                f"incident {incident.id} holds {len(rows)} figures {figure.key}: correct it in its casebook"
            )
        if figure.removes:
            if not rows:
                held = ", ".join(figure_key(f.category, f.side, f.population) for f in incident.casualties) or "none"
                raise InvalidInput(f"figure {figure.key}: the incident has no such figure to remove (it has: {held})")
        else:
            try:
                schema.Casualties.model_validate(
                    {
                        "category": figure.category,
                        "side": figure.side,
                        "population": figure.population,
                        "low": figure.low,
                        "best": figure.best,
                        "high": figure.high,
                        "sources": [url],
                    }
                )
            except ValidationError as exc:
                raise InvalidInput(f"figure {figure.key}: {_problems(exc)}") from None
        plan.append((figure, rows[0] if rows else None))
    return plan


def _changes(
    plan: Sequence[tuple[FigureCorrection, CasualtyFigure | None]],
) -> list[tuple[FigureCorrection, CasualtyFigure | None]]:
    """The figures of ``plan`` that change the record (a figure set to what it holds does not)."""
    return [
        (figure, row)
        for figure, row in plan
        if figure.removes or row is None or (row.low, row.best, row.high) != (figure.low, figure.best, figure.high)
    ]


def _write_figures(incident: Incident, plan: Sequence[tuple[FigureCorrection, CasualtyFigure | None]]) -> None:
    """Apply checked figure changes to the incident's rows."""
    for figure, row in plan:
        if row is None:
            incident.casualties.append(
                CasualtyFigure(
                    category=figure.category,
                    side=figure.side,
                    population=figure.population,
                    low=figure.low,
                    best=figure.best,
                    high=figure.high,
                )
            )
        elif figure.removes:
            incident.casualties.remove(row)
        else:
            row.low, row.best, row.high = figure.low, figure.best, figure.high


def _write_correction(
    session: Session,
    kind: str,
    row: Incident | Claim,
    *,
    conflict_id: str,
    values: Mapping[str, Any],
    url: str,
    why: str,
    actor: str,
    payload: Mapping[str, Any],
) -> None:
    """Write checked corrected values on ``row``, cite the source, and append the version."""
    _source(session, conflict_id, url, actor, required=True)
    for name, value in values.items():
        setattr(row, name, value)
    cite(session, subject_type=kind, subject_id=row.id, source=resolve_source(session, url, conflict_id=conflict_id))
    append_with_versions(
        session,
        actor=actor,
        action=f"incident:{kind}:correct",
        subject_type=kind,
        subject_id=row.id,
        payload={**payload, "reason": why, "source": url},
        changes=[Change(kind, row, "corrected", why, url)],
    )


def _write_state(
    session: Session,
    kind: str,
    row: Incident | Claim,
    *,
    conflict_id: str,
    verb: str,
    change: str,
    values: Mapping[str, Any],
    why: str,
    source: str | None,
    actor: str,
    payload: Mapping[str, Any] | None = None,
) -> None:
    """A retraction or unpublication (``verb``/``change``): set ``values`` on ``row`` and append
    the version, with why and the source if any."""
    url = _source(session, conflict_id, source, actor, required=False)
    for name, value in values.items():
        setattr(row, name, value)
    append_with_versions(
        session,
        actor=actor,
        action=f"incident:{kind}:{verb}",
        subject_type=kind,
        subject_id=row.id,
        payload={**(payload or {}), "reason": why, "source": url},
        changes=[Change(kind, row, change, why, url)],
    )


def get_incident(session: Session, incident_id: str, conflict_id: str | None = None) -> Incident:
    incident = session.get(Incident, incident_id)
    if incident is None or (conflict_id is not None and incident.conflict_id != conflict_id):
        raise NotFound(f"no incident {incident_id!r}")
    return incident


def get_claim(session: Session, claim_id: str, conflict_id: str | None = None) -> Claim:
    claim = session.get(Claim, claim_id)
    if claim is None:
        raise NotFound(f"no claim {claim_id!r}")
    if conflict_id is not None:
        get_incident(session, claim.incident_id, conflict_id)
    return claim


def correct_incident(
    session: Session,
    incident_id: str,
    values: Mapping[str, str],
    *,
    reason: str,
    source: str,
    actor: str,
    figures: Sequence[FigureCorrection] = (),
    conflict_id: str | None = None,
) -> Incident:
    """Correct fields and casualty figures of an incident; the corrected record is validated as a
    new one would be."""
    incident = get_incident(session, incident_id, conflict_id)
    if incident.retracted:
        raise Conflict(f"incident {incident_id} is retracted: it is not corrected")
    _check_fields(values, INCIDENT_FIELDS, "incident", more=bool(figures))
    why = _reason(reason)
    url = source_url(source)
    displaced = {
        "low": incident.displaced_low,
        "best": incident.displaced_best,
        "high": incident.displaced_high,
        "side": incident.displaced_side or "unknown",
    }
    data: dict[str, Any] = {
        "id": incident.id,
        "kind": incident.kind,
        "modality": incident.modality,
        "date_start": incident.date_start,
        "date_end": incident.date_end,
        "date_precision": incident.date_precision,
        "place": incident.place_id,
        "place_name": incident.place_name,
        "lat": incident.lat,
        "lon": incident.lon,
        "location_precision": incident.location_precision,
        "side": incident.side,
        "weapons": list(incident.weapons),
        "actors": list(incident.actors),
        "description": incident.description,
        "sources": [url],
    }
    for name, raw in values.items():
        if name.startswith("displaced_"):
            key = name.removeprefix("displaced_")
            displaced[key] = None if raw == "" and key != "side" else raw
        else:
            data[name] = _value(name, raw)
    if any(displaced[k] is not None for k in ("low", "best", "high")):
        data["displaced"] = displaced | {"sources": [url]}
    plan = _changes(_figures_after(session, incident, figures, url))
    try:
        checked = schema.Incident.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(f"incident {incident_id} cannot be corrected so: {_problems(exc)}") from None
    lat, lon = checked.lat, checked.lon
    if checked.place is not None:
        place = session.get(Place, checked.place)
        if place is None or place.conflict_id != incident.conflict_id:
            raise InvalidInput(f"place: no place {checked.place!r} in the gazetteer of {incident.conflict_id}")
        if lat is None:
            lat, lon = place.lat, place.lon
    new = {
        "kind": checked.kind.value,
        "modality": checked.modality.value,
        "date_start": checked.date_start,
        "date_end": checked.date_end,
        "date_precision": checked.date_precision.value,
        "place_id": checked.place,
        "place_name": checked.place_name,
        "lat": lat,
        "lon": lon,
        "location_precision": checked.location_precision.value,
        "side": checked.side,
        "weapons": list(checked.weapons),
        "actors": list(checked.actors),
        "description": checked.description,
        "displaced_low": checked.displaced.low if checked.displaced else None,
        "displaced_best": checked.displaced.best if checked.displaced else None,
        "displaced_high": checked.displaced.high if checked.displaced else None,
        "displaced_side": checked.displaced.side if checked.displaced else None,
    }
    changed = {name: value for name, value in new.items() if getattr(incident, name) != value}
    if not changed and not plan:
        raise InvalidInput(f"incident {incident_id} already says that: nothing to correct")
    _write_figures(incident, plan)
    _write_correction(
        session,
        "incident",
        incident,
        conflict_id=incident.conflict_id,
        values=changed,
        url=url,
        why=why,
        actor=actor,
        payload={"fields": sorted(changed), "figures": [figure.key for figure, _ in plan]},
    )
    return incident


def retract_incident(
    session: Session,
    incident_id: str,
    *,
    reason: str,
    actor: str,
    source: str | None = None,
    superseded_by: str | None = None,
    conflict_id: str | None = None,
) -> Incident:
    """Retract an incident: kept, with its history, but public pages show
    the retraction and compliance leaves it out. ``superseded_by``: the incident that records the
    same event instead (a duplicate)."""
    incident = get_incident(session, incident_id, conflict_id)
    if incident.retracted:
        raise Conflict(f"incident {incident_id} is retracted already")
    why = _reason(reason)
    if superseded_by:
        if superseded_by == incident_id:
            raise InvalidInput("an incident cannot be superseded by itself")
        other = get_incident(session, superseded_by, incident.conflict_id)
        if other.retracted:
            raise InvalidInput(f"incident {superseded_by} is retracted itself")
    _write_state(
        session,
        "incident",
        incident,
        conflict_id=incident.conflict_id,
        verb="retract",
        change="retracted",
        values={"retracted": True, "superseded_by": superseded_by or None},
        why=why,
        source=source,
        actor=actor,
        payload={"superseded_by": superseded_by or None},
    )
    return incident


def unpublish_incident(
    session: Session,
    incident_id: str,
    *,
    reason: str,
    actor: str,
    source: str | None = None,
    conflict_id: str | None = None,
) -> Incident:
    """Take an incident out of public view (lists, API, exports); observers still see it, and
    ``truceline publish`` / republish brings it back."""
    incident = get_incident(session, incident_id, conflict_id)
    if not incident.published:
        raise Conflict(f"incident {incident_id} is not published")
    why = _reason(reason)
    _write_state(
        session,
        "incident",
        incident,
        conflict_id=incident.conflict_id,
        verb="unpublish",
        change="unpublished",
        values={"published": False},
        why=why,
        source=source,
        actor=actor,
    )
    return incident


def correct_claim(
    session: Session,
    claim_id: str,
    values: Mapping[str, str],
    *,
    reason: str,
    source: str,
    actor: str,
    conflict_id: str | None = None,
) -> Claim:
    """Correct fields of a claim; validated as a new claim would be."""
    claim = get_claim(session, claim_id, conflict_id)
    if claim.retracted:
        raise Conflict(f"claim {claim_id} is retracted: it is not corrected")
    _check_fields(values, CLAIM_FIELDS, "claim")
    why = _reason(reason)
    url = source_url(source)
    data: dict[str, Any] = {
        "claimant": claim.claimant,
        "accused": claim.accused,
        "assertion": claim.assertion,
        "stance": claim.stance,
        "date": claim.made_on,
        "summary": claim.summary,
        "breaks": list(claim.breaks),
        "sources": [url],
    }
    for name, raw in values.items():
        data["date" if name == "made_on" else name] = _value(name, raw)
    try:
        checked = schema.Claim.model_validate(data)
    except ValidationError as exc:
        raise InvalidInput(f"claim {claim_id} cannot be corrected so: {_problems(exc)}") from None
    check_breaks(session, checked.breaks)
    new = {
        "claimant": checked.claimant,
        "accused": checked.accused,
        "assertion": checked.assertion.value,
        "stance": checked.stance.value,
        "made_on": checked.date,
        "summary": checked.summary,
        "breaks": list(checked.breaks),
    }
    changed = {name: value for name, value in new.items() if getattr(claim, name) != value}
    if not changed:
        raise InvalidInput(f"claim {claim_id} already says that: nothing to correct")
    _write_correction(
        session,
        "claim",
        claim,
        conflict_id=get_incident(session, claim.incident_id).conflict_id,
        values=changed,
        url=url,
        why=why,
        actor=actor,
        payload={"fields": sorted(changed)},
    )
    return claim


def retract_claim(
    session: Session,
    claim_id: str,
    *,
    reason: str,
    actor: str,
    source: str | None = None,
    conflict_id: str | None = None,
) -> Claim:
    """Retract a claim (the party withdrew it, or it was recorded in error): kept, shown as
    retracted, left out of compliance."""
    claim = get_claim(session, claim_id, conflict_id)
    if claim.retracted:
        raise Conflict(f"claim {claim_id} is retracted already")
    why = _reason(reason)
    _write_state(
        session,
        "claim",
        claim,
        conflict_id=get_incident(session, claim.incident_id).conflict_id,
        verb="retract",
        change="retracted",
        values={"retracted": True},
        why=why,
        source=source,
        actor=actor,
    )
    return claim
