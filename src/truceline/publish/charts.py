"""The timeline chart: incidents per day, stacked by kind, as SVG rectangles (pure)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

WIDTH = 720.0
HEIGHT = 160.0
AXIS = 18.0
MAX_TICKS = 24


def timeline_bars(
    rows: list[dict[str, Any]], colours: dict[str, str], first: dt.date | None = None, last: dt.date | None = None
) -> dict[str, Any]:
    """Stacked bars from rows of ``{date, kind, count}``; the x axis runs from ``first`` to ``last``."""
    per_day: dict[dt.date, list[tuple[str, int]]] = defaultdict(list)
    for row in rows:
        per_day[dt.date.fromisoformat(row["date"])].append((row["kind"], row["count"]))
    if not per_day:
        return {"width": WIDTH, "height": HEIGHT, "bars": [], "ticks": [], "max": 0, "days": 0}
    first = min(first or min(per_day), min(per_day))
    last = max(last or max(per_day), max(per_day))
    days = (last - first).days + 1
    step = WIDTH / days
    peak = max(sum(n for _, n in kinds) for kinds in per_day.values())
    scale = (HEIGHT - AXIS - 4) / peak
    bars = []
    for day, kinds in sorted(per_day.items()):
        x = round((day - first).days * step, 2)
        y = HEIGHT - AXIS
        for kind, count in sorted(kinds):
            h = round(count * scale, 2)
            y = round(y - h, 2)
            bars.append(
                {
                    "x": x,
                    "y": y,
                    "w": round(max(step - 0.5, 0.8), 2),
                    "h": h,
                    "kind": kind,
                    "count": count,
                    "date": day.isoformat(),
                    "colour": colours.get(kind, "#808b96"),
                }
            )
    ticks = []
    # a tick every month, or every few months (then years) on a long axis: never more than MAX_TICKS
    months = (last.year - first.year) * 12 + last.month - first.month + 1
    every = next((n for n in (1, 2, 3, 6, 12) if months / n <= MAX_TICKS), 12 * -(-months // (12 * MAX_TICKS)))
    index = first.year * 12 + first.month - 1
    index += -index % every
    while index <= last.year * 12 + last.month - 1:
        month = dt.date(index // 12, index % 12 + 1, 1)
        if month >= first:
            ticks.append({"x": round((month - first).days * step, 1), "label": month.strftime("%b %Y")})
        index += every
    return {"width": WIDTH, "height": HEIGHT, "bars": bars, "ticks": ticks, "max": peak, "days": days}
