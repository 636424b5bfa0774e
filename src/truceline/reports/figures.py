"""The images of a report, drawn on this machine: the timeline chart (matplotlib, Agg backend)
and the map of the period's incidents (the dashboard's SVG map code, rasterised with CairoSVG).
Nothing is fetched: the map's geometry comes from the conflict's casebook in the store."""

from __future__ import annotations

import datetime as dt
import io
from collections import defaultdict
from typing import Any

import cairosvg
import matplotlib
from jinja2 import Environment, PackageLoader, select_autoescape

from truceline.domain.conflict import ConflictDefinition
from truceline.geo.lines import Geography
from truceline.incidents.kinds import KIND_COLOURS, kind_label
from truceline.publish.svgmap import base_map, place_markers, scale_bar

matplotlib.use("Agg")

from matplotlib import pyplot as plt

#: pixels per inch of the PNG images; 150 prints sharply on A4
DPI = 150


def timeline_png(incidents: list[dict[str, Any]], first: dt.date, last: dt.date) -> bytes:
    """Incidents per start day, stacked by kind, from ``first`` to ``last``."""
    per_kind: dict[str, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    for incident in incidents:
        day = dt.date.fromisoformat(incident["date_start"])
        per_kind[incident["kind"]][max(day, first)] += 1
    days = [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
    figure, axes = plt.subplots(figsize=(7.2, 2.6), dpi=DPI)
    bottom = [0] * len(days)
    for kind in sorted(per_kind):
        counts = [per_kind[kind].get(day, 0) for day in days]
        colour = KIND_COLOURS.get(kind, "#808b96")
        # matplotlib plots dates, though its stubs say numbers
        axes.bar(days, counts, bottom=bottom, color=colour, label=kind_label(kind))  # type: ignore[arg-type]
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    axes.set_ylabel("incidents per day")
    axes.spines[["top", "right"]].set_visible(False)
    if per_kind:
        axes.legend(fontsize=6, ncols=3, frameon=False, loc="upper left")
    figure.autofmt_xdate()
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png")
    plt.close(figure)
    return out.getvalue()


def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("truceline", "templates"), autoescape=select_autoescape(["html", "svg", "xml"])
    )


def map_svg(conflict: ConflictDefinition, geography: Geography, incidents: list[dict[str, Any]]) -> str:
    """The conflict's map (territories, lines) with one marker per located incident, as SVG."""
    drawn = base_map(conflict, geography)
    items = [
        {
            "id": i["id"],
            "kind": i["kind"],
            "lat": i["lat"],
            "lon": i["lon"],
            "date": i["date_start"],
            "casualties": sum((i[c]["best"] or i[c]["low"] or 0) for c in ("killed", "injured")),
            "count": 1,
        }
        for i in incidents
        if i["lat"] is not None and i["lon"] is not None
    ]
    return (
        _templates()
        .get_template("reports/map.svg")
        .render(
            map=drawn,
            markers=place_markers(items, drawn["projection"]),
            scale=scale_bar(drawn["projection"]),
            colours=KIND_COLOURS,
        )
    )


def map_png(conflict: ConflictDefinition, geography: Geography, incidents: list[dict[str, Any]]) -> bytes:
    png: bytes = cairosvg.svg2png(bytestring=map_svg(conflict, geography, incidents).encode(), dpi=DPI, scale=1.5)
    return png
