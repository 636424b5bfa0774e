"""The alerts' background work (see ``truceline.jobs.tasks``): a run that computes and sends
notices. Idempotent: run again (a message redelivered), it sends nothing already sent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from truceline.jobs.services import JobContext


def send_alerts(context: JobContext, arguments: dict[str, Any]) -> dict[str, Any]:
    """Compute every active subscription's notices and send those not yet sent."""
    from truceline.alerts.services import mailer_of, send_notices, webhook_policy_of
    from truceline.config import get_settings

    today = dt.date.fromisoformat(arguments["today"]) if arguments.get("today") else dt.datetime.now(dt.UTC).date()
    settings = get_settings()
    report = send_notices(
        context.engine,
        today=today,
        mailer=mailer_of(settings),
        webhooks=webhook_policy_of(settings),
        actor=context.actor,
        conflict_id=context.conflict_id,
        progress=context.progress,
    )
    return report.to_dict()
