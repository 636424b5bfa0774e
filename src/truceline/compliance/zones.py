"""Geography for the compliance engine: whether an incident lies in a provision's zone.

The engine stays pure: it asks an injected :class:`ZoneIndex`; :class:`GeometryZoneIndex` is
the standard one, over prepared geometries and a containment test.
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
]


class ZoneIndex(Protocol):
    """Whether an incident lies in a zone: ``True``, ``False`` or ``None`` (undetermined)."""

    def contains(self, zone_id: str, incident: IncidentFacts) -> bool | None: ...


G = TypeVar("G")


@dataclass(frozen=True)
class GeometryZoneIndex(Generic[G]):
    """A :class:`ZoneIndex` over prepared geometries and a containment test.

    ``contains(geometry, lat, lon, location_precision) -> bool | None`` is typically
    :func:`truceline.geo.zones.zone_contains`. One rule is added before geometry: an incident
    placed at the gazetteer place a ``site_area`` zone is drawn around lies in that zone.
    An unknown zone id is undetermined.
    """

    geometries: Mapping[str, G]
    contains_point: Callable[[G, float | None, float | None, LocationPrecision], bool | None]
    zones: Mapping[str, ZoneRecord] = field(default_factory=dict)

    def contains(self, zone_id: str, incident: IncidentFacts) -> bool | None:
        zone = self.zones.get(zone_id)
        if (
            zone is not None
            and zone.kind == "site_area"
            and zone.place_id is not None
            and zone.place_id == incident.place_id
        ):
            return True
        geometry = self.geometries.get(zone_id)
        if geometry is None:
            return None
        return self.contains_point(geometry, incident.lat, incident.lon, incident.location_precision)
