"""The Alerts page: your subscriptions, a form to follow something, and a button to end one."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from truceline.alerts.api import subscriber
from truceline.alerts.queries import sectors
from truceline.alerts.subscriptions import EVENTS, list_subscriptions, subscribe, subscription_record, unsubscribe
from truceline.auth.deps import ConflictDep, SignedInUser, Viewer
from truceline.errors import TrucelineError
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()


def alerts_page_html(
    request: Request, session: Any, viewer: Viewer, status_code: int = 200, **extra: Any
) -> HTMLResponse:
    rows = list_subscriptions(session, user_id=viewer.user_id, conflict_id=viewer.conflict)
    context = {
        "subscriptions": [subscription_record(r, viewer.username) for r in rows],
        "sectors": sectors(session, viewer.conflict),
        "events": EVENTS,
    }
    return render(request, "alerts.html", context | extra, status_code=status_code)


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, session: SessionDep, viewer: SignedInUser) -> HTMLResponse:
    return alerts_page_html(request, session, viewer)


@router.post("/alerts", response_class=HTMLResponse)
def subscribe_form(
    request: Request,
    session: SessionDep,
    viewer: SignedInUser,
    conflict: ConflictDep,
    follow: Annotated[str, Form(max_length=240)],
    channel: Annotated[str, Form(max_length=16)],
    address: Annotated[str, Form(max_length=2000)],
    events: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    """Subscribe; the page shows a webhook's secret once, or what was wrong with the form."""
    try:
        row = subscribe(
            session,
            conflict_id=conflict.id,
            user=subscriber(session, viewer),
            follow=follow,
            channel=channel,
            address=address,
            events=events,
            since=conflict.today(),
            actor=viewer.actor,
        )
    except TrucelineError as exc:  # refused before anything was written
        return alerts_page_html(request, session, viewer, status_code=exc.http_status, error=str(exc))
    return alerts_page_html(request, session, viewer, status_code=201, created=row.id, secret=row.secret)


@router.post("/alerts/{subscription_id}/end")
def unsubscribe_form(
    session: SessionDep, viewer: SignedInUser, subscription_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> RedirectResponse:
    unsubscribe(session, subscription_id, actor=viewer.actor, user=subscriber(session, viewer))
    return RedirectResponse("/alerts", status_code=303)
