"""Jinja2 templates (``truceline/templates``), with the viewer and the CSRF token in every page."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from truceline.web.security import CSRF_FIELD, csrf_token


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("truceline", "templates"),
        autoescape=select_autoescape(["html", "svg", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["range"] = figure_range
    return env


def figure_range(figure: dict[str, int | None] | None) -> str:
    """low/best/high as text, never inventing precision: "37", "5–7", "37+" (no upper bound) or "—"."""
    if not figure:
        return "—"
    low, best, high = figure.get("low"), figure.get("best"), figure.get("high")
    if low is None and best is None and high is None:
        return "—"
    if high is None:
        if low is None or best is None or low == best:
            return f"{best if best is not None else low}+"
        return f"{low}–{best}+"
    if low == high:
        return str(high)
    shown = f"{low if low is not None else '?'}–{high}"
    return f"{shown} (best {best})" if best is not None and best not in (low, high) else shown


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    viewer = request.scope.get("truceline.viewer")
    conflicts = request.scope.get("truceline.conflicts", [])
    current = getattr(viewer, "conflict_id", None)
    page = {
        "request": request,
        "viewer": viewer,
        "conflicts": conflicts,
        "conflict_title": dict(conflicts).get(current, ""),
        "csrf_field": CSRF_FIELD,
        "csrf_token": csrf_token(request),
        "path": request.url.path,
    }
    html = environment().get_template(template).render(page | context)
    return HTMLResponse(html, status_code=status_code)
