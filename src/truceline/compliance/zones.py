"""Geography for the compliance engine: whether an incident lies in a provision's zone.

The engine stays pure: it asks an injected :class:`ZoneIndex`; :class:`GeometryZoneIndex` is
the standard one, over prepared geometries and a containment test.

Where the parties draw the line differently, a zone has more than one version: the agreed (or
common) line, keyed ``None``, and each party's own, keyed by its code. ``contains_by_line``
answers for every version; :func:`answers_by_line` asks an index that has no versions through
``contains`` alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from truceline.compliance.records import IncidentFacts, ZoneRecord
from truceline.vocabulary import LocationPrecision

__all__ = [
    "GeometryZoneIndex",
    "ZoneIndex",
    "answers_by_line",
]


class ZoneIndex(Protocol):
    """Whether an incident lies in a zone: ``True``, ``False`` or ``None`` (undetermined).

    An index may also answer per version of the line with ``contains_by_line(zone_id,
    incident) -> Mapping[str | None, bool | None]`` (``None``: the agreed or common line; a
    party code: that party's version). The engine asks through :func:`answers_by_line`, so an
    index with ``contains`` only is one with a single version.
    """

    def contains(self, zone_id: str, incident: IncidentFacts) -> bool | None: ...


def answers_by_line(index: ZoneIndex, zone_id: str, incident: IncidentFacts) -> dict[str | None, bool | None]:
    """Whether the incident lies in the zone under each version of the line, agreed line first."""
    by_line = getattr(index, "contains_by_line", None)
    answers = dict(by_line(zone_id, incident)) if by_line is not None else {}
    if not answers:
        answers = {None: index.contains(zone_id, incident)}
    return {key: answers[key] for key in sorted(answers, key=lambda k: (k is not None, k or ""))}


G = TypeVar("G")


@dataclass(frozen=True)
class GeometryZoneIndex(Generic[G]):
    """A :class:`ZoneIndex` over prepared geometries and a containment test.

    ``contains(geometry, lat, lon, location_precision) -> bool | None`` is typically
    :func:`truceline.geo.zones.zone_contains`. One rule is added before geometry: an incident
    placed at the gazetteer place a ``site_area`` zone is drawn around lies in that zone.
    An unknown zone id is undetermined.

    ``versions`` gives a zone drawn differently by the parties: zone id -> {``None`` (the agreed
    line) or a party code -> geometry}. A zone with versions is answered for each of them by
    :meth:`contains_by_line`; every other zone has the one version ``None``, its geometry in
    ``geometries``.

    ``contains_point`` must depend on its arguments only: its answers are remembered per
    (zone, version, lat, lon, precision), up to :attr:`MEMO_SIZE` of them, since many incidents
    share a point (those placed at a gazetteer place share its coordinates).
    """

    geometries: Mapping[str, G]
    contains_point: Callable[[G, float | None, float | None, LocationPrecision], bool | None]
    zones: Mapping[str, ZoneRecord] = field(default_factory=dict)
    versions: Mapping[str, Mapping[str | None, G]] = field(default_factory=dict)
    _memo: dict[tuple[object, ...], bool | None] = field(default_factory=dict, init=False, repr=False, compare=False)

    MEMO_SIZE = 100_000

    def _point(self, key: tuple[object, ...], geometry: G, incident: IncidentFacts) -> bool | None:
        key = (*key, incident.lat, incident.lon, incident.location_precision)
        if key in self._memo:
            return self._memo[key]
        answer = self.contains_point(geometry, incident.lat, incident.lon, incident.location_precision)
        if len(self._memo) < self.MEMO_SIZE:
            self._memo[key] = answer
        return answer

    def contains(self, zone_id: str, incident: IncidentFacts) -> bool | None:
        """The answer under the agreed line (a zone known only by its versions: when they all agree)."""
        if self._at_site(zone_id, incident):
            return True
        geometry = self.geometries.get(zone_id)
        if geometry is None:
            versions = self.versions.get(zone_id)
            if versions is None:
                return None
            if None in versions:
                geometry = versions[None]
            else:
                answers = set(self.contains_by_line(zone_id, incident).values())
                return answers.pop() if len(answers) == 1 else None
            return self._point(("version", zone_id, None), geometry, incident)
        return self._point(("zone", zone_id), geometry, incident)

    def contains_by_line(self, zone_id: str, incident: IncidentFacts) -> Mapping[str | None, bool | None]:
        """Whether the incident lies in the zone under each version of the line."""
        versions = self.versions.get(zone_id)
        if not versions:
            return {None: self.contains(zone_id, incident)}
        if self._at_site(zone_id, incident):
            return dict.fromkeys(versions, True)
        return {
            line: self._point(("version", zone_id, line), geometry, incident) for line, geometry in versions.items()
        }

    def _at_site(self, zone_id: str, incident: IncidentFacts) -> bool:
        zone = self.zones.get(zone_id)
        return (
            zone is not None
            and zone.kind == "site_area"
            and zone.place_id is not None
            and zone.place_id == incident.place_id
        )
