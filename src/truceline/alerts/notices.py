"""What to tell a subscription: notices computed from what changed since its cursor.

The changes are the ledger entries after the subscription's cursor (its own alerts entries left
out), and the days after the last one it checked (deadlines and signal crossings). Each notice
has a key that names what it says (``incident:ID``, ``violation:INCIDENT:PROVISION:PARTY:STATUS``,
``commitment:ID:due:DATE`` …); it is stored once per subscription, so computing the same change
twice keeps one notice, and a notice is sent once. Everything is computed on what the
subscriber's role may see (:func:`truceline.alerts.subscriptions.user_visibility`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from truceline.alerts.models import Notice, Subscription
from truceline.alerts.queries import WHOLE_CONFLICT, in_sector, sector_signal, visible_incidents
from truceline.alerts.subscriptions import user_visibility
from truceline.auth.models import User
from truceline.compliance.queries import commitment_records
from truceline.compliance.services import violations_for
from truceline.incidents.models import Claim, Incident
from truceline.ledger.models import LedgerEntry
from truceline.verification.models import Finding
from truceline.visibility import Visibility

#: a commitment is "falling due" this many days before its deadline
DUE_WITHIN_DAYS = 7
#: ledger actions that make an incident new to a reader: recorded, or published
NEW_INCIDENT_ACTIONS = ("incident:incident:add", "publish:incident:publish")


@dataclass(frozen=True)
class Draft:
    """A notice before it is stored: its key, event, one line and the details sent with it."""

    key: str
    event: str
    title: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Changes:
    """What the ledger says changed after a cursor: ``new`` incidents (recorded or published) and
    every incident ``touched`` (itself, a claim about it or a finding on it changed)."""

    new: frozenset[str]
    touched: frozenset[str]
    #: incident id -> the entries about it (seq, action), for an incident's own subscribers
    entries: dict[str, tuple[tuple[int, str], ...]]


def changes_since(session: Session, conflict_id: str, cursor: int, head: int) -> Changes:
    """The incidents the ledger entries ``cursor < seq <= head`` changed (an import batch names
    no incident: those created after the cursor's entry count as new)."""
    rows = list(
        session.scalars(
            select(LedgerEntry)
            .where(LedgerEntry.seq > cursor, LedgerEntry.seq <= head, ~LedgerEntry.action.startswith("alerts:"))
            .order_by(LedgerEntry.seq)
        )
    )
    new: set[str] = set()
    entries: dict[str, list[tuple[int, str]]] = {}
    claim_ids = [r.subject_id for r in rows if r.subject_type == "claim"]
    finding_ids = [int(r.subject_id) for r in rows if r.subject_type == "finding" and r.subject_id.isdigit()]
    claim_incident = (
        {c: i for c, i in session.execute(select(Claim.id, Claim.incident_id).where(Claim.id.in_(claim_ids)))}
        if claim_ids
        else {}
    )
    finding_incident: dict[str, str] = {}
    if finding_ids:
        for finding in session.scalars(select(Finding).where(Finding.id.in_(finding_ids))):
            target = finding.incident_id or claim_incident.get(finding.claim_id or "")
            if target is None and finding.claim_id is not None:
                claim = session.get(Claim, finding.claim_id)
                target = claim.incident_id if claim is not None else None
            if target is not None:
                finding_incident[str(finding.id)] = target
    for row in rows:
        if row.subject_type == "incident":
            incident_id: str | None = row.subject_id
            if row.action in NEW_INCIDENT_ACTIONS:
                new.add(row.subject_id)
        elif row.subject_type == "claim":
            incident_id = claim_incident.get(row.subject_id)
        elif row.subject_type == "finding":
            incident_id = finding_incident.get(row.subject_id)
        else:
            incident_id = None
        if incident_id is not None:
            entries.setdefault(incident_id, []).append((row.seq, row.action))
    if rows:
        since = session.get(LedgerEntry, cursor)
        if since is not None:
            imported = select(Incident.id).where(Incident.conflict_id == conflict_id, Incident.created_at > since.at)
            new.update(session.scalars(imported))
    return Changes(
        new=frozenset(new),
        touched=frozenset(entries) | frozenset(new),
        entries={k: tuple(v) for k, v in entries.items()},
    )


def _incident_line(incident: Incident) -> str:
    where = incident.place.name if incident.place is not None else incident.place_name or "place not given"
    return f"{incident.date_start.isoformat()} {incident.kind.replace('_', ' ')} at {where}"


def _incident_details(incident: Incident) -> dict[str, Any]:
    return {
        "incident_id": incident.id,
        "kind": incident.kind,
        "date_start": incident.date_start.isoformat(),
        "date_end": incident.date_end.isoformat(),
        "place": incident.place.name if incident.place is not None else incident.place_name,
        "published": incident.published,
        "link": f"/incidents/{incident.id}",
    }


def _in_scope(session: Session, subscription: Subscription, incidents: list[Incident]) -> list[Incident]:
    if subscription.subject_type == "sector":
        return in_sector(session, subscription.conflict_id, subscription.subject_id, incidents)
    if subscription.subject_type == "incident":
        return [i for i in incidents if i.id == subscription.subject_id]
    return incidents


def incident_drafts(subscription: Subscription, changes: Changes, incidents: list[Incident]) -> list[Draft]:
    drafts = []
    for incident in incidents:
        if subscription.subject_type == "incident":
            for seq, action in changes.entries.get(incident.id, ()):
                what = action.split(":")[-1]
                drafts.append(
                    Draft(
                        f"change:{seq}",
                        "incident",
                        f"Incident {incident.id}: {action.split(':')[1]} {what}",
                        _incident_details(incident) | {"ledger_seq": seq, "action": action},
                    )
                )
        elif incident.id in changes.new:
            drafts.append(
                Draft(
                    f"incident:{incident.id}",
                    "incident",
                    f"New incident: {_incident_line(incident)}",
                    _incident_details(incident),
                )
            )
    return drafts


def violation_drafts(
    session: Session, subscription: Subscription, incidents: list[Incident], visibility: Visibility, today: dt.date
) -> list[Draft]:
    drafts = []
    for incident in incidents:
        found = violations_for(
            session,
            today,
            incident.id,
            conflict_id=subscription.conflict_id,
            published_only=visibility.published_only,
        )
        for violation in found:
            if subscription.subject_type == "agreement" and violation.agreement_id != subscription.subject_id:
                continue
            party = violation.party or "undetermined"
            status = str(violation.status)
            drafts.append(
                Draft(
                    f"violation:{incident.id}:{violation.provision_id}:{party}:{status}",
                    "violation",
                    f"Violation ({status.replace('_', ' ')}) of {violation.provision_id} by {party}: "
                    f"{_incident_line(incident)}",
                    {**violation.to_dict(), "link": f"/incidents/{incident.id}"},
                )
            )
    return drafts


def commitment_drafts(session: Session, subscription: Subscription, today: dt.date) -> list[Draft]:
    """Commitments falling due within a week of ``today``, and those whose deadline passed since
    the subscription last checked and that are overdue."""
    drafts = []
    for record in commitment_records(session, today, subscription.conflict_id):
        if subscription.subject_type == "agreement" and record["agreement_id"] != subscription.subject_id:
            continue
        deadline = record["deadline_in_effect"]
        if deadline is None:
            continue
        day = dt.date.fromisoformat(deadline)
        details = {k: record[k] for k in ("id", "agreement_id", "title", "responsible", "status")} | {
            "deadline": deadline,
            "link": "/commitments",
        }
        if record["status"] == "pending" and today <= day <= today + dt.timedelta(days=DUE_WITHIN_DAYS):
            drafts.append(
                Draft(
                    f"commitment:{record['id']}:due:{deadline}",
                    "commitment",
                    f"Commitment falls due on {deadline}: {record['title']}",
                    details,
                )
            )
        if record["status"] == "overdue" and subscription.checked_on <= day < today:
            drafts.append(
                Draft(
                    f"commitment:{record['id']}:overdue:{deadline}",
                    "commitment",
                    f"Commitment overdue since {deadline}: {record['title']}",
                    details,
                )
            )
    return drafts


def signal_drafts(session: Session, subscription: Subscription, visibility: Visibility, today: dt.date) -> list[Draft]:
    """The days after the last check on which the sector's signal crossed its threshold."""
    sector = WHOLE_CONFLICT if subscription.subject_type == "conflict" else subscription.subject_id
    signal = sector_signal(session, subscription.conflict_id, visibility, sector_id=sector, as_of=today)
    drafts = []
    for crossing in signal.crossings:
        if not subscription.checked_on < crossing.date <= today:
            continue
        day = signal.on(crossing.date)
        direction = "rose above" if crossing.rose else "fell back below"
        drafts.append(
            Draft(
                f"signal:{sector}:{crossing.date.isoformat()}:{'rose' if crossing.rose else 'fell'}",
                "signal",
                f"Escalation signal of {sector} {direction} its threshold on {crossing.date.isoformat()} "
                f"(score {day.score:+.1f})",
                {
                    "sector": sector,
                    "date": crossing.date.isoformat(),
                    "rose": crossing.rose,
                    "score": day.score,
                    "ewma": day.ewma,
                    "baseline": day.baseline,
                    "drivers": [d.incident_id for d in signal.drivers] if crossing.date == today else [],
                    "link": f"/api/v1/signals?sector={sector}&as_of={crossing.date.isoformat()}",
                },
            )
        )
    return drafts


def drafts_for(session: Session, subscription: Subscription, user: User, head: int, today: dt.date) -> list[Draft]:
    """Every notice the subscription is owed for the changes after its cursor up to ``head``
    and the days after its last check up to ``today``."""
    visibility = user_visibility(user, subscription.conflict_id)
    events = set(subscription.events)
    drafts: list[Draft] = []
    if events & {"incident", "violation"} and head > subscription.cursor:
        changes = changes_since(session, subscription.conflict_id, subscription.cursor, head)
        if changes.touched:
            visible = visible_incidents(session, subscription.conflict_id, visibility, ids=changes.touched)
            chosen = _in_scope(session, subscription, visible)
            if "incident" in events:
                drafts += incident_drafts(subscription, changes, chosen)
            if "violation" in events:
                drafts += violation_drafts(session, subscription, chosen, visibility, today)
    if "commitment" in events:
        drafts += commitment_drafts(session, subscription, today)
    if "signal" in events and today > subscription.checked_on:
        drafts += signal_drafts(session, subscription, visibility, today)
    return drafts


def store_drafts(session: Session, subscription: Subscription, drafts: list[Draft]) -> list[Notice]:
    """Keep the drafts not already kept for this subscription (by key); return the new notices."""
    keys = {d.key for d in drafts}
    known = (
        set(
            session.scalars(
                select(Notice.key).where(Notice.subscription_id == subscription.id, or_(Notice.key.in_(keys)))
            )
        )
        if keys
        else set()
    )
    added = []
    for draft in drafts:
        if draft.key in known:
            continue
        known.add(draft.key)
        notice = Notice(
            subscription_id=subscription.id, key=draft.key, event=draft.event, title=draft.title, details=draft.details
        )
        session.add(notice)
        added.append(notice)
    session.flush()
    return added
