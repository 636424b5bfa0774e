"""``/api/v1/signals``: the escalation signal of each sector; ``/api/v1/subscriptions``: follow a
conflict, sector, agreement or incident and get notices (see ``docs/early-warning.md``)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlalchemy.orm import Session

from truceline.alerts.api_models import (
    EscalationSignalRecord,
    SubscribeRequest,
    SubscriptionCreated,
    SubscriptionRecord,
)
from truceline.alerts.queries import WHOLE_CONFLICT, all_signals, sector_signal, sectors, signal_record
from truceline.alerts.subscriptions import list_subscriptions, subscribe, subscription_record, unsubscribe
from truceline.auth.deps import ConflictDep, CurrentUser, SignedInUser, Viewer
from truceline.auth.models import User
from truceline.errors import NotFound
from truceline.web.api_models import IsoDate, error_responses
from truceline.web.deps import SessionDep

router = APIRouter(tags=["alerts"])


@router.get(
    "/signals",
    summary="The escalation signal of each sector (or one), as of a date",
    responses=error_responses(401, 404, 422),
)
def signals_endpoint(
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    as_of: Annotated[IsoDate | None, Query(description="The day judged (default: today there).")] = None,
    sector: Annotated[
        str | None,
        Query(max_length=120, description=f"'{WHOLE_CONFLICT}' or a zone id; default: each sector with incidents."),
    ] = None,
    days: Annotated[int, Query(ge=1, le=400, description="How many days of the series to return.")] = 30,
) -> list[EscalationSignalRecord]:
    """Each sector's daily incident rate against its own recent baseline (EWMA control chart; the
    method and its parameters are in every answer), on the incidents the reader may see, with the
    incidents that drive it."""
    judged = as_of or conflict.today()
    names = {s.id: s.name for s in sectors(session, conflict.id)}
    if sector is not None:
        found = [sector_signal(session, conflict.id, viewer.visibility, sector_id=sector, as_of=judged)]
    else:
        found = all_signals(session, conflict.id, viewer.visibility, as_of=judged)
    return [
        EscalationSignalRecord.model_validate(signal_record(s, days=days) | {"sector_name": names[s.sector]})
        for s in found
    ]


def subscriber(session: Session, viewer: Viewer) -> User:
    user = session.get(User, viewer.user_id) if viewer.user_id is not None else None
    if user is None:
        raise NotFound("no such user")
    return user


@router.get("/subscriptions", summary="Your subscriptions", responses=error_responses(401))
def subscriptions_endpoint(session: SessionDep, viewer: SignedInUser) -> list[SubscriptionRecord]:
    """What you follow in this conflict, and how notices reach you."""
    rows = list_subscriptions(session, user_id=viewer.user_id, conflict_id=viewer.conflict)
    return [SubscriptionRecord.model_validate(subscription_record(r, viewer.username)) for r in rows]


@router.post(
    "/subscriptions",
    summary="Follow a conflict, sector, agreement or incident",
    status_code=201,
    responses=error_responses(401, 403, 404, 422),
)
def subscribe_endpoint(
    session: SessionDep, viewer: SignedInUser, conflict: ConflictDep, body: SubscribeRequest
) -> SubscriptionCreated:
    """Notices of new incidents, violations, commitments falling due or overdue, and escalation
    signal crossings, holding only what your role may see, by e-mail or by webhook signed with the
    secret returned here once (see docs/early-warning.md)."""
    row = subscribe(
        session,
        conflict_id=conflict.id,
        user=subscriber(session, viewer),
        follow=body.follow,
        channel=body.channel,
        address=body.address,
        events=body.events,
        since=dt.date.fromisoformat(body.since) if body.since else conflict.today(),
        actor=viewer.actor,
    )
    return SubscriptionCreated.model_validate(subscription_record(row, viewer.username) | {"secret": row.secret})


@router.delete(
    "/subscriptions/{subscription_id}",
    summary="End one of your subscriptions",
    responses=error_responses(401, 404, 422),
)
def unsubscribe_endpoint(
    session: SessionDep, viewer: SignedInUser, subscription_id: Annotated[int, Path(ge=1, le=2**31 - 1)]
) -> SubscriptionRecord:
    """No more notices are computed or sent for it (a coordinator may end anyone's)."""
    row = unsubscribe(session, subscription_id, actor=viewer.actor, user=subscriber(session, viewer))
    return SubscriptionRecord.model_validate(subscription_record(row, viewer.username))
