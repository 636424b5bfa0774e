"""A run of the alerts: compute each active subscription's notices from what changed, then send
every notice not yet sent, each once.

1. In one write transaction, for each active subscription of an active user: the notices owed
   for the ledger entries after its cursor and the days after its last check
   (:mod:`truceline.alerts.notices`) are stored (a notice already stored, by its key, is not
   stored again), and the cursor moves to the ledger's head, the check to ``today``.
2. Each unsent notice is claimed (a conditional update: one sender wins), delivered outside any
   transaction, then marked sent; a failed delivery releases the claim and is tried on the next
   run. A claim older than :data:`CLAIM_STALE` (a sender that died) may be taken again, so a
   notice is delivered at least once and, but for such a crash, exactly once: receivers can drop
   repeats by the notice id every delivery carries.
3. The notices sent are recorded in one signed ledger entry (their keys' Merkle root).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, and_, or_, select, update
from sqlalchemy.orm import Session

from truceline.alerts.delivery import DeliveryFailed, Mailer, Outgoing, WebhookPolicy, deliver
from truceline.alerts.models import Notice, Subscription
from truceline.alerts.notices import drafts_for, store_drafts
from truceline.auth.models import User
from truceline.config import Settings
from truceline.db import transaction, utcnow
from truceline.ledger.services import append_batch, head_entry

CLAIM_STALE = dt.timedelta(minutes=5)
#: a notice that failed this many times is left for a person (``truceline alerts list --notices``)
MAX_ATTEMPTS = 20


def webhook_policy_of(settings: Settings) -> WebhookPolicy:
    return WebhookPolicy(allow_private=settings.webhook_allow_private)


def mailer_of(settings: Settings) -> Mailer:
    return Mailer(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.smtp_sender,
        username=settings.smtp_username,
        password=settings.smtp_password,
        starttls=settings.smtp_starttls,
    )


@dataclass
class RunReport:
    subscriptions: int = 0
    computed: int = 0
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "subscriptions": self.subscriptions,
            "computed": self.computed,
            "sent": self.sent,
            "failed": self.failed,
            "errors": self.errors,
        }


def compute_notices(session: Session, today: dt.date, *, conflict_id: str | None = None) -> tuple[int, int]:
    """Step 1 for every active subscription (of ``conflict_id``, else all); returns (subscriptions, notices)."""
    head = int(head_entry(session).get("seq") or 0)
    query = (
        select(Subscription, User)
        .join(User, User.id == Subscription.user_id)
        .where(Subscription.active.is_(True), User.active.is_(True))
        .order_by(Subscription.id)
    )
    if conflict_id is not None:
        query = query.where(Subscription.conflict_id == conflict_id)
    count = added = 0
    for subscription, user in session.execute(query).all():
        count += 1
        added += len(store_drafts(session, subscription, drafts_for(session, subscription, user, head, today)))
        subscription.cursor = max(subscription.cursor, head)
        subscription.checked_on = max(subscription.checked_on, today)
    session.flush()
    return count, added


def _outgoing(notice: Notice, subscription: Subscription) -> Outgoing:
    follows = (
        "the conflict"
        if subscription.subject_type == "conflict"
        else f"{subscription.subject_type} {subscription.subject_id}"
    )
    return Outgoing(
        notice_id=notice.id,
        subscription_id=subscription.id,
        channel=subscription.channel,
        address=subscription.address,
        secret=subscription.secret,
        event=notice.event,
        title=notice.title,
        details=dict(notice.details),
        created_at=notice.created_at.isoformat(),
        conflict_id=subscription.conflict_id,
        follows=follows,
    )


def _claim(engine: Engine, notice_id: int) -> Outgoing | None:
    """Take the notice for sending (None: sent already, or another sender holds it)."""
    now = utcnow()
    with transaction(engine) as session:
        claimed = session.execute(
            update(Notice)
            .where(
                Notice.id == notice_id,
                Notice.sent_at.is_(None),
                or_(Notice.claimed_at.is_(None), Notice.claimed_at < now - CLAIM_STALE),
            )
            .values(claimed_at=now, attempts=Notice.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            return None
        notice = session.get(Notice, notice_id)
        assert notice is not None
        subscription = session.get(Subscription, notice.subscription_id)
        assert subscription is not None
        if not subscription.active:
            notice.claimed_at = None
            return None
        return _outgoing(notice, subscription)


def _settle(engine: Engine, notice_id: int, error: str | None) -> None:
    with transaction(engine) as session:
        notice = session.get(Notice, notice_id)
        assert notice is not None
        if error is None:
            notice.sent_at = utcnow()
            notice.last_error = None
        else:
            notice.last_error = error
        notice.claimed_at = None


def unsent(session: Session) -> list[int]:
    return list(
        session.scalars(
            select(Notice.id)
            .join(Subscription, Subscription.id == Notice.subscription_id)
            .where(
                and_(Notice.sent_at.is_(None), Notice.attempts < MAX_ATTEMPTS, Subscription.active.is_(True)),
            )
            .order_by(Notice.id)
        )
    )


def send_notices(
    engine: Engine,
    *,
    today: dt.date,
    mailer: Mailer,
    actor: str,
    webhooks: WebhookPolicy = WebhookPolicy(),
    conflict_id: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> RunReport:
    """One run: compute, then send each unsent notice once (see the module)."""
    report = RunReport()
    with transaction(engine) as session:
        report.subscriptions, report.computed = compute_notices(session, today, conflict_id=conflict_id)
        pending = unsent(session)
    sent: list[dict[str, Any]] = []
    for done, notice_id in enumerate(pending, start=1):
        outgoing = _claim(engine, notice_id)
        if outgoing is not None:
            try:
                deliver(outgoing, mailer, webhooks)
            except DeliveryFailed as exc:
                report.failed += 1
                report.errors.append(f"notice {notice_id}: {exc}")
                _settle(engine, notice_id, str(exc))
            else:
                report.sent += 1
                sent.append({"notice": notice_id, "subscription": outgoing.subscription_id, "event": outgoing.event})
                _settle(engine, notice_id, None)
        if progress is not None:
            progress(done, len(pending))
    if sent:
        with transaction(engine) as session:
            append_batch(
                session,
                actor=actor,
                action="alerts:notice:sent",
                subject_type="notice",
                subject_id=f"{sent[0]['notice']}-{sent[-1]['notice']}",
                rows=sent,
                details={"sent": len(sent)},
            )
    return report


def notice_record(notice: Notice) -> dict[str, Any]:
    return {
        "id": notice.id,
        "subscription": notice.subscription_id,
        "key": notice.key,
        "event": notice.event,
        "title": notice.title,
        "details": notice.details,
        "created_at": notice.created_at.isoformat(),
        "sent_at": notice.sent_at.isoformat() if notice.sent_at else None,
        "attempts": notice.attempts,
        "last_error": notice.last_error,
    }
