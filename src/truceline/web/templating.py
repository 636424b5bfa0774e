"""Jinja2 templates (``truceline/templates``), with the viewer, the CSRF token and the reader's
language (``truceline.web.i18n``) in every page."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from truceline.domain.wording import STATUS_MEANINGS, casualties_text
from truceline.web import i18n
from truceline.web.security import CSRF_FIELD, csrf_token, web_session


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("truceline", "templates"),
        autoescape=select_autoescape(["html", "svg", "xml"]),
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters["range"] = i18n.local_figure
    env.filters["words"] = i18n.label
    env.filters["day"] = i18n.local_day
    env.filters["translated"] = i18n.translated
    env.filters["capfirst"] = i18n.capfirst
    env.globals["kind_label"] = i18n.label
    env.globals["casualties_text"] = casualties_text
    env.globals["status_meanings"] = STATUS_MEANINGS
    env.filters["date"] = i18n.local_date
    env.filters["number"] = i18n.local_number
    env.filters["name_in"] = i18n.name_in
    return env


def render(request: Request, template: str, context: dict[str, Any], status_code: int = 200) -> HTMLResponse:
    session = web_session(request)
    language = i18n.choose_language(
        request.query_params.get("lang"), session.get(i18n.LANGUAGE_KEY), request.headers.get("accept-language")
    )
    if request.query_params.get("lang") == language and session.get(i18n.LANGUAGE_KEY) != language:
        session.set(i18n.LANGUAGE_KEY, language)  # a choice made with the switch is remembered
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
        "lang": language,
        "languages": [(code, i18n.language_name(code)) for code in i18n.available_languages()],
    }
    token = i18n.use_language(language)
    try:
        html = environment().get_template(template).render(page | context)
    finally:
        i18n.reset_language(token)
    response = HTMLResponse(html, status_code=status_code)
    response.headers["content-language"] = language
    response.headers["vary"] = "Accept-Language, Cookie"
    return response
