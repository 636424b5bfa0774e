"""The dashboard's data: map markers and incidents per day by kind.

Both queries run on the incident filter (``incidents.queries.incident_query``) so they show
exactly what the incident list shows to the same viewer. The map has a budget of markers: past
it, incidents are counted per grid cell and kind instead of drawn one by one — from the map's
summary (``incident_cell_counts``, kept by triggers) when the filters are ones it holds, else
from the incidents; the two answers are the same.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import and_, func, select, union_all
from sqlalchemy.orm import Session

from truceline.domain.wording import UNKNOWN, figure_text
from truceline.incidents.models import CasualtyFigure, Incident, IncidentCellCount, IncidentPartyCellCount
from truceline.incidents.queries import (
    IncidentFilter,
    count_incidents,
    day_counts,
    figure_totals,
    incident_query,
    only_in_claims,
    summary_answers,
    summary_count,
    summary_query,
    with_start_bound,
)

#: most markers drawn one by one; more are aggregated per grid cell
MARKER_BUDGET = 2000
#: grid cell size (degrees) for aggregated markers
CELL_DEGREES = 0.05
#: how far (in cells) a cell taken as inside a box keeps from its edge beyond its own half width:
#: far more than a rounding error, far less than a cell
CELL_MARGIN = 0.5 + 1e-6


def casualties_column() -> Any:
    """Killed plus injured (best, else low) of an incident, as a correlated subquery."""
    return (
        select(func.coalesce(func.sum(func.coalesce(CasualtyFigure.best, CasualtyFigure.low, 0)), 0))
        .where(CasualtyFigure.incident_id == Incident.id)
        .scalar_subquery()
    )


def markers(session: Session, filters: IncidentFilter, *, budget: int = MARKER_BUDGET) -> dict[str, Any]:
    """Incidents with a point, one marker each, or per-cell counts when there are more than ``budget``."""
    located = with_start_bound(session, filters, filters_with_point(filters))
    cells: list[Any] | None = None
    if summary_answers(filters):
        total = count_incidents(session, filters)
        with_point = summary_count(session, filters, located=True)
    elif filters.bbox is not None:  # a box holds only incidents with a point: one reading counts them per cell
        cells = box_cells(session, filters, located)
        total = with_point = sum(int(n) for _, _, _, n in cells)
    else:
        total = count_incidents(session, filters)
        with_point = session.scalar(located.order_by(None).with_only_columns(func.count())) or 0
    if with_point <= budget:
        rows = session.execute(
            located.with_only_columns(
                Incident.id, Incident.kind, Incident.lat, Incident.lon, Incident.date_start, casualties_column()
            )
        )
        items = [
            {"id": i, "kind": k, "lat": lat, "lon": lon, "date": d.isoformat(), "casualties": int(c or 0), "count": 1}
            for i, k, lat, lon, d, c in rows
        ]
        words = figures_in_words(session, [item["id"] for item in items])
        for item in items:
            item["killed"], item["injured"] = words.get(item["id"], (UNKNOWN, UNKNOWN))
        return {"total": total, "with_point": with_point, "aggregated": False, "markers": items}
    if cells is None:
        cells = cell_counts(session, filters) if summary_answers(filters) else cells_of(session, located)
    items = [
        {
            "id": None,
            "kind": kind,
            "lat": round(float(la) * CELL_DEGREES, 4),
            "lon": round(float(lo) * CELL_DEGREES, 4),
            "date": None,
            "casualties": None,
            "count": int(n),
        }
        for la, lo, kind, n in cells
    ]
    return {"total": total, "with_point": with_point, "aggregated": True, "markers": items}


def cells_of(session: Session, located: Any) -> list[Any]:
    """Incidents (``located``: a query of incidents with a point) per grid cell and kind,
    ``(lat_cell, lon_cell, kind, count)``, counted from the incidents."""
    lat_cell, lon_cell = cell_of(Incident.lat), cell_of(Incident.lon)
    return list(
        session.execute(
            located.order_by(None)
            .with_only_columns(lat_cell, lon_cell, Incident.kind, func.count())  # the id is never null
            .group_by(lat_cell, lon_cell, Incident.kind)
            .order_by(lat_cell, lon_cell, Incident.kind)
        )
    )


@dataclass(frozen=True)
class CellRange:
    """The cells of the map's grid from ``lat_cells[0]`` to ``lat_cells[1]`` and from
    ``lon_cells[0]`` to ``lon_cells[1]``, bounds included."""

    lat_cells: tuple[int, int]
    lon_cells: tuple[int, int]

    def holds(self, lat_cell: Any, lon_cell: Any) -> Any:
        """The condition that a cell (two columns or expressions) is one of these."""
        return and_(lat_cell.between(*self.lat_cells), lon_cell.between(*self.lon_cells))


def cells_inside(bbox: tuple[float, float, float, float]) -> CellRange | None:
    """The cells wholly inside a box (west, south, east, north), None when no cell is.

    A cell ``k`` holds the points whose ``lat / CELL_DEGREES`` rounds to ``k``: from ``k - 0.5``
    to ``k + 0.5`` cells. A cell is taken only when that span is inside the box by a margin far
    wider than a rounding error, so every incident the summary counts in it lies in the box."""
    west, south, east, north = bbox
    first_lat, last_lat = math.ceil(south / CELL_DEGREES + CELL_MARGIN), math.floor(north / CELL_DEGREES - CELL_MARGIN)
    first_lon, last_lon = math.ceil(west / CELL_DEGREES + CELL_MARGIN), math.floor(east / CELL_DEGREES - CELL_MARGIN)
    if first_lat > last_lat or first_lon > last_lon:
        return None
    return CellRange((first_lat, last_lat), (first_lon, last_lon))


def box_cells(session: Session, filters: IncidentFilter, located: Any) -> list[Any]:
    """Located incidents in ``filters``' box per grid cell and kind, ``(lat_cell, lon_cell, kind,
    count)``: the cells wholly inside the box from the summary (when the other filters are ones it
    answers), the cells along its edges from the incidents (``located``: the filters' query of
    incidents with a point). Each incident counts once: the edge's incidents are those whose cell,
    computed by the store as the summary computes it, is not one of the inside cells."""
    assert filters.bbox is not None
    inside = cells_inside(filters.bbox)
    unboxed = replace(filters, bbox=None)
    if inside is None or not summary_answers(unboxed):
        return cells_of(session, located)
    edge = located.where(~inside.holds(cell_of(Incident.lat), cell_of(Incident.lon)))
    merged: dict[tuple[int, int, str], int] = {}
    for la, lo, kind, n in [*cell_counts(session, unboxed, within=inside), *cells_of(session, edge)]:
        key = (int(la), int(lo), kind)
        merged[key] = merged.get(key, 0) + int(n)
    return [(*key, n) for key, n in sorted(merged.items()) if n]


def cell_of(degrees: Any) -> Any:
    """The grid cell of a latitude or longitude column, as the store computes it (and the
    summary's triggers, migration ``0011_incident_cell_counts``)."""
    return func.round(degrees / CELL_DEGREES)


def cell_counts(session: Session, filters: IncidentFilter, *, within: CellRange | None = None) -> list[Any]:
    """Located incidents per grid cell and kind, ``(lat_cell, lon_cell, kind, count)``, from
    ``incident_cell_counts`` for filters the summaries answer (:func:`summary_answers`).

    An incident counts where its whole start month is on or before ``date_to`` and its whole end
    month on or after ``date_from``: in the months' rows. The others in range, starting in
    ``date_to``'s unfinished month or ending in ``date_from``'s month begun before it, count
    in the days' rows — each once, so the sum is the incidents' count. With a party: from the
    summary per actor, plus the incidents that name the party only in a claim. ``within``: only
    those cells."""
    counts: Any = IncidentCellCount if filters.party is None else IncidentPartyCellCount
    high, low = filters.date_to, filters.date_from
    # the first day after the last whole month up to date_to; the first whole month from date_from
    months_before = None if high is None else first_of_month(high + dt.timedelta(days=1))
    months_from = None if low is None else low if low.day == 1 else next_month(low)
    parts = []
    columns = (counts.lat_cell, counts.lon_cell, counts.kind, counts.incidents)

    def restrict(query: Any) -> Any:
        return query if within is None else query.where(within.holds(counts.lat_cell, counts.lon_cell))

    months = restrict(summary_query(filters, *columns, counts=counts, dates=False).where(counts.grain == "month"))
    if months_before is not None:
        months = months.where(counts.date_start < months_before)
    if months_from is not None:
        months = months.where(counts.date_end >= months_from)
    parts.append(months)
    days = restrict(summary_query(filters, *columns, counts=counts).where(counts.grain == "day"))
    if high is not None and months_before is not None:  # starting after the last whole month
        parts.append(days.where(counts.date_start >= months_before))
    if low is not None and months_from is not None:  # ending before the first whole month
        ending = days.where(counts.date_end < months_from)
        parts.append(ending if months_before is None else ending.where(counts.date_start < months_before))
    summed = union_all(*parts).subquery()
    total = func.sum(summed.c.incidents)
    cell = (summed.c.lat_cell, summed.c.lon_cell, summed.c.kind)
    summary = list(session.execute(select(*cell, total).group_by(*cell).having(total > 0).order_by(*cell)))
    extra = only_in_claims(filters)
    if extra is None:
        return summary
    extra = extra.where(Incident.lat.is_not(None), Incident.lon.is_not(None))
    if within is not None:
        extra = extra.where(within.holds(cell_of(Incident.lat), cell_of(Incident.lon)))
    merged: dict[tuple[int, int, str], int] = {}
    for la, lo, kind, n in [*summary, *cells_of(session, extra)]:
        key = (int(la), int(lo), kind)
        merged[key] = merged.get(key, 0) + int(n)
    return [(*key, n) for key, n in sorted(merged.items())]


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def figures_in_words(session: Session, incident_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Each incident's killed and injured in words (:func:`~truceline.domain.wording.figure_text`),
    kept apart: a tooltip never adds them together."""
    by_incident: dict[str, list[CasualtyFigure]] = {}
    for chunk in range(0, len(incident_ids), 500):
        ids = incident_ids[chunk : chunk + 500]
        for figure in session.scalars(select(CasualtyFigure).where(CasualtyFigure.incident_id.in_(ids))):
            by_incident.setdefault(figure.incident_id, []).append(figure)
    return {
        incident_id: (
            figure_text(figure_totals(figures, "killed")),
            figure_text(figure_totals(figures, "injured")),
        )
        for incident_id, figures in by_incident.items()
    }


def filters_with_point(filters: IncidentFilter) -> Any:
    return incident_query(filters).where(Incident.lat.is_not(None), Incident.lon.is_not(None))


def timeline(session: Session, filters: IncidentFilter) -> list[dict[str, Any]]:
    """Incidents per start day and kind, oldest first."""
    if summary_answers(filters):  # a few thousand rows of counts, not every incident
        counts = day_counts(filters)
        total = func.sum(counts.incidents)
        summed: list[Any] = list(
            session.execute(
                summary_query(filters, counts.date_start, counts.kind, total, counts=counts)
                .group_by(counts.date_start, counts.kind)
                .having(total > 0)
                .order_by(counts.date_start, counts.kind)
            )
        )
        extra = only_in_claims(filters)
        if extra is not None:
            days: dict[tuple[dt.date, str], int] = {}
            for d, k, n in [*summed, *days_of(session, extra)]:
                days[(d, k)] = days.get((d, k), 0) + int(n)
            summed = [(d, k, n) for (d, k), n in sorted(days.items())]
        return [{"date": d.isoformat(), "kind": k, "count": int(n)} for d, k, n in summed]
    incidents = with_start_bound(session, filters, incident_query(filters))
    return [{"date": d.isoformat(), "kind": k, "count": int(n)} for d, k, n in days_of(session, incidents)]


def days_of(session: Session, incidents: Any) -> list[Any]:
    """Incidents (a query) per start day and kind, ``(date_start, kind, count)``, from the incidents."""
    return list(
        session.execute(
            incidents.order_by(None)
            .with_only_columns(Incident.date_start, Incident.kind, func.count())
            .group_by(Incident.date_start, Incident.kind)
            .order_by(Incident.date_start, Incident.kind)
        )
    )


def date_span(session: Session, filters: IncidentFilter) -> tuple[dt.date | None, dt.date | None]:
    if summary_answers(filters):
        counts = day_counts(filters)
        span = summary_query(filters, func.min(counts.date_start), func.max(counts.date_start), counts=counts)
        low, high = session.execute(span.where(counts.incidents > 0)).one()
        extra = only_in_claims(filters)
        if extra is not None:
            first, last = session.execute(
                extra.order_by(None).with_only_columns(func.min(Incident.date_start), func.max(Incident.date_start))
            ).one()
            low = min((d for d in (low, first) if d is not None), default=None)
            high = max((d for d in (high, last) if d is not None), default=None)
        return low, high
    first, last = session.execute(
        with_start_bound(session, filters, incident_query(filters))
        .order_by(None)
        .with_only_columns(func.min(Incident.date_start), func.max(Incident.date_start))
    ).one()
    return first, last
