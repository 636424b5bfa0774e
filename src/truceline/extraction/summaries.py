"""Neutral one-line summaries of candidates, generated from their fields (never the source's words)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from truceline.extraction.candidates import Figure

ASSERTION_PHRASES: dict[str, str] = {
    "responsible": "{accused} is responsible",
    "fired_first": "{accused} fired first",
    "newly_laid_mines": "the mines were newly laid by {accused}",
    "legacy_mines": "the mines are remnants of earlier wars",
    "self_defence": "it acted in self-defence",
    "civilian_target": "{accused} targeted civilians",
    "casualty_figure": "a casualty figure",
    "fabricated": "the accusation is fabricated",
    "denial": "it denies the accusation",
    "other": "an assertion",
}
DEMAND_PHRASES: dict[str, str] = {
    "cease_hostilities": "end hostilities",
    "withdraw_heavy_weapons": "withdraw heavy weapons",
    "halt_mine_laying": "stop laying mines",
    "implement_agreement": "implement the agreements",
    "release_prisoners": "release prisoners",
    "dialogue": "resolve the dispute through talks",
    "protect_civilians": "protect civilians",
    "clear_mines": "clear mines",
    "other": "other steps",
}


def party(code: str | None, names: Mapping[str, str]) -> str:
    """A party's name (``names`` maps codes to the conflict's names for them), else its code."""
    if code is None:
        return "an unnamed party"
    return names.get(code, code)


def parties(codes: tuple[str, ...] | list[str], names: Mapping[str, str]) -> str:
    named = [party(c, names) for c in codes]
    if not named:
        return "unnamed parties"
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def figure(value: Figure) -> str:
    if value.low is not None and value.high is not None and value.low != value.high:
        return f"{value.low}–{value.high}"
    if value.low is not None and value.best is not None and value.high is not None:
        return str(value.best)
    if value.low is not None:
        return f"at least {value.low}"
    if value.best is not None:
        return f"about {value.best}"
    if value.high is not None:
        return f"up to {value.high}"
    return "an unknown number"


def when(start: dt.date | None, end: dt.date | None, precision: str | None) -> str:
    if start is None:
        return "date unknown"
    if end is None or end == start:
        return f"on {start.isoformat()}"
    return f"between {start.isoformat()} and {end.isoformat()} ({precision} precision)"
