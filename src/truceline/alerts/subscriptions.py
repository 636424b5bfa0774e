"""Follow a conflict, a sector, an agreement or an incident: subscribe, unsubscribe, list.

A subscription belongs to a user, whose role decides what its notices may hold. It starts at the
ledger's head (only what changes afterwards is news) and on a day (deadlines and signal
crossings after it are news). Each change is a signed ledger entry; the entry names the channel
but never the address or the webhook's secret.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.agreements.models import Agreement
from truceline.alerts.models import Subscription
from truceline.alerts.queries import sector_named
from truceline.auth.models import User
from truceline.errors import Forbidden, InvalidInput, NotFound
from truceline.incidents.models import Incident
from truceline.ledger.services import append, head_entry
from truceline.visibility import Visibility, visibility_for
from truceline.vocabulary import Role

SUBJECT_TYPES = ("conflict", "sector", "agreement", "incident")
CHANNELS = ("email", "webhook")
#: what a subscription can be told of, and which apply to which subject
EVENTS = ("incident", "violation", "commitment", "signal")
APPLIES: dict[str, tuple[str, ...]] = {
    "conflict": ("incident", "violation", "commitment", "signal"),
    "sector": ("incident", "violation", "signal"),
    "agreement": ("violation", "commitment"),
    "incident": ("incident", "violation"),
}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$|^[^@\s]+@localhost$")


def parse_follow(value: str) -> tuple[str, str | None]:
    """``conflict``, ``sector:ID``, ``agreement:ID`` or ``incident:ID`` → (type, id)."""
    kind, _, ident = value.strip().partition(":")
    if kind not in SUBJECT_TYPES:
        raise InvalidInput(f"follow {value!r}: conflict, sector:ID, agreement:ID or incident:ID")
    if kind == "conflict":
        if ident:
            raise InvalidInput("follow conflict takes no id: the conflict is the one worked on (--conflict)")
        return kind, None
    if not ident:
        raise InvalidInput(f"follow {kind}: name it, e.g. {kind}:ID")
    return kind, ident


def user_visibility(user: User, conflict_id: str) -> Visibility:
    """What ``user`` may see of the conflict: the one visibility policy, as for their requests."""
    party = user.party if user.role == Role.PARTY and user.conflict_id == conflict_id else None
    return visibility_for(Role(user.role), party=party, conflict_id=conflict_id)


def _check_subject(session: Session, conflict_id: str, kind: str, ident: str | None, visibility: Visibility) -> str:
    if kind == "conflict":
        return conflict_id
    assert ident is not None
    if kind == "sector":
        return sector_named(session, conflict_id, ident).id
    if kind == "agreement":
        agreement = session.get(Agreement, ident)
        if agreement is None or agreement.conflict_id != conflict_id:
            raise NotFound(f"no agreement {ident!r} in {conflict_id}")
        return ident
    incident = session.get(Incident, ident)
    if (
        incident is None
        or incident.conflict_id != conflict_id
        or not visibility.sees(incident.published, incident.submitted_for_party)
    ):
        raise NotFound(f"no incident {ident!r} in {conflict_id}")
    return ident


def check_address(channel: str, address: str) -> str:
    address = address.strip()
    if channel == "email":
        if len(address) > 320 or not EMAIL.match(address):
            raise InvalidInput(f"{address!r} is not an e-mail address")
        return address
    if channel == "webhook":
        parts = urlsplit(address)
        if parts.scheme not in ("http", "https") or not parts.hostname or len(address) > 2000:
            raise InvalidInput(f"{address!r} is not an http(s) URL")
        return address
    raise InvalidInput(f"channel {channel!r}: email or webhook")


def chosen_events(kind: str, events: list[str] | None) -> list[str]:
    applicable = APPLIES[kind]
    if not events:
        return list(applicable)
    unknown = [e for e in events if e not in EVENTS]
    if unknown:
        raise InvalidInput(f"unknown event {unknown[0]!r}: {', '.join(EVENTS)}")
    wrong = [e for e in events if e not in applicable]
    if wrong:
        raise InvalidInput(f"a {kind} subscription has no {wrong[0]!r} notices; it has {', '.join(applicable)}")
    return [e for e in EVENTS if e in events]


def subscribe(
    session: Session,
    *,
    conflict_id: str,
    user: User,
    follow: str,
    channel: str,
    address: str,
    events: list[str] | None = None,
    since: dt.date,
    actor: str,
) -> Subscription:
    """A new subscription of ``user``; a webhook's is given a fresh secret (shown once, by the caller)."""
    if not user.active:
        raise InvalidInput(f"user {user.username!r} is disabled")
    if user.role == Role.PARTY and user.conflict_id != conflict_id:
        raise Forbidden(f"a party user follows their own conflict only, not {conflict_id}")
    kind, ident = parse_follow(follow)
    wanted = chosen_events(kind, events)
    subject = _check_subject(session, conflict_id, kind, ident, user_visibility(user, conflict_id))
    checked = check_address(channel, address)
    subscription = Subscription(
        conflict_id=conflict_id,
        user_id=user.id,
        subject_type=kind,
        subject_id=subject,
        channel=channel,
        address=checked,
        secret=secrets.token_hex(32) if channel == "webhook" else None,
        events=wanted,
        cursor=int(head_entry(session).get("seq") or 0),
        checked_on=since,
        active=True,
        created_by=actor,
    )
    session.add(subscription)
    session.flush()
    append(
        session,
        actor=actor,
        action="alerts:subscription:add",
        subject_type="subscription",
        subject_id=str(subscription.id),
        payload={
            "conflict": conflict_id,
            "user": user.username,
            "follows": f"{kind}:{subject}",
            "channel": channel,
            "address_sha256": hashlib.sha256(checked.encode()).hexdigest(),
            "events": subscription.events,
            "since": since,
        },
    )
    return subscription


def get_subscription(session: Session, subscription_id: int, *, user: User | None = None) -> Subscription:
    """A subscription (``user``: only one of theirs, unless a coordinator)."""
    row = session.get(Subscription, subscription_id)
    if row is None or (user is not None and user.role != Role.COORDINATOR and row.user_id != user.id):
        raise NotFound(f"no subscription {subscription_id}")
    return row


def unsubscribe(session: Session, subscription_id: int, *, actor: str, user: User | None = None) -> Subscription:
    """End a subscription (kept, inactive, with its notices); ending it twice changes nothing."""
    row = get_subscription(session, subscription_id, user=user)
    if row.active:
        row.active = False
        session.flush()
        append(
            session,
            actor=actor,
            action="alerts:subscription:remove",
            subject_type="subscription",
            subject_id=str(row.id),
            payload={"conflict": row.conflict_id},
        )
    return row


def list_subscriptions(
    session: Session, *, user_id: int | None = None, conflict_id: str | None = None, active_only: bool = True
) -> list[Subscription]:
    query = select(Subscription).order_by(Subscription.id)
    if user_id is not None:
        query = query.where(Subscription.user_id == user_id)
    if conflict_id is not None:
        query = query.where(Subscription.conflict_id == conflict_id)
    if active_only:
        query = query.where(Subscription.active.is_(True))
    return list(session.scalars(query))


def subscription_record(row: Subscription, username: str | None = None) -> dict[str, Any]:
    """The public shape of a subscription (never its webhook secret)."""
    return {
        "id": row.id,
        "conflict": row.conflict_id,
        "user": username,
        "follows": row.subject_type if row.subject_type == "conflict" else f"{row.subject_type}:{row.subject_id}",
        "subject_type": row.subject_type,
        "subject_id": row.subject_id,
        "channel": row.channel,
        "address": row.address,
        "events": list(row.events),
        "cursor": row.cursor,
        "checked_on": row.checked_on.isoformat(),
        "active": row.active,
        "created_at": row.created_at.isoformat(),
    }
