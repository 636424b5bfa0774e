"""How the kinds of incident are shown: their colours on the map, the timeline and the lists, and
their labels."""

from __future__ import annotations

from truceline.vocabulary import IncidentKind

KIND_COLOURS: dict[str, str] = {
    IncidentKind.ARMED_CLASH: "#c0392b",
    IncidentKind.TERRITORY_TAKEN: "#922b21",
    IncidentKind.AIR_STRIKE: "#6c3483",
    IncidentKind.DRONE_STRIKE: "#a569bd",
    IncidentKind.SHELLING: "#e67e22",
    IncidentKind.LANDMINE_EXPLOSION: "#7b4b16",
    IncidentKind.ATTACK_ON_CIVILIANS: "#e74c3c",
    IncidentKind.MINES_FOUND: "#b7950b",
    IncidentKind.WEAPONS_SEIZED: "#9a7d0a",
    IncidentKind.MINE_EMPLACEMENT_OBSERVED: "#d4ac0d",
    IncidentKind.BUILDUP: "#2e86c1",
    IncidentKind.FORTIFICATION: "#1f618d",
    IncidentKind.AIRSPACE_INCURSION: "#17a589",
    IncidentKind.TERRITORY_INCURSION: "#117864",
    IncidentKind.HEAVY_WEAPONS_WITHDRAWAL: "#28b463",
    IncidentKind.PRISONER_RELEASE: "#58d68d",
    IncidentKind.REMAINS_RETURNED: "#7dcea0",
    IncidentKind.DETENTION: "#5d6d7e",
    IncidentKind.PROPERTY_DESTRUCTION: "#873600",
    IncidentKind.PROTEST: "#85929e",
    IncidentKind.OTHER: "#808b96",
}


def kind_label(kind: str) -> str:
    return kind.replace("_", " ")
