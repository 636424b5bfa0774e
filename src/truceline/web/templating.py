"""Jinja2 templates (``truceline/templates``), with the viewer and the CSRF token in every page."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from truceline.domain.wording import STATUS_MEANINGS, casualties_text, code_text, day_text, figure_text
from truceline.web.security import CSRF_FIELD, csrf_token


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("truceline", "templates"),
        autoescape=select_autoescape(["html", "svg", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["range"] = figure_text
    env.filters["words"] = code_text
    env.filters["day"] = day_text
    env.globals["casualties_text"] = casualties_text
    env.globals["status_meanings"] = STATUS_MEANINGS
    return env


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
