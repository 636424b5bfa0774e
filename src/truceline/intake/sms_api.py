"""``/api/v1/sms/smssync``: field reports by SMS through an SMSSync gateway (Ushahidi's open
source Android SMS gateway), in its format: the phone POSTs each message it receives as form
fields ``from``, ``message``, ``secret`` (the shared secret set in the app) and, in recent
versions, ``message_id``, ``sent_timestamp`` (ms since the epoch), ``sent_to``, ``device_id``.
The answer is SMSSync's JSON: ``{"payload": {"success": true, "task": "send", "messages":
[{"to", "message", "uuid"}]}}``, so the phone sends the reply (a confirmation or what is wrong)
back to the sender. A wrong or missing secret is refused (403) and nothing is read or written.
The syntax and the set-up are in docs/early-warning.md.
"""

from __future__ import annotations

import datetime as dt
import hmac
import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from pydantic import BaseModel, Field

from truceline.conflicts.services import conflict_definition, resolve_conflict
from truceline.errors import Forbidden
from truceline.intake.sms import receive_sms
from truceline.web.api_models import error_responses
from truceline.web.deps import SessionDep

router = APIRouter(tags=["sources"])


class SmsReply(BaseModel):
    to: str
    message: str
    uuid: str


class SmsSyncPayload(BaseModel):
    success: bool = Field(description="true: the message was received and answered (even with an error reply)")
    error: str | None = None
    task: Literal["send"] = "send"
    messages: list[SmsReply]
    accepted: bool = Field(description="whether the report was queued for review (false: the reply says why)")
    review_id: int | None = Field(default=None, description="the review candidate it is queued as")


class SmsSyncResponse(BaseModel):
    payload: SmsSyncPayload


def _received(sent_timestamp: str | None, zone: dt.tzinfo) -> dt.date:
    """The day the phone received it (``sent_timestamp``, ms since the epoch), where the conflict is."""
    if sent_timestamp and sent_timestamp.isdigit():
        try:
            return dt.datetime.fromtimestamp(int(sent_timestamp) / 1000, tz=dt.UTC).astimezone(zone).date()
        except (OverflowError, OSError, ValueError):
            pass
    return dt.datetime.now(zone).date()


@router.post(
    "/sms/smssync",
    summary="Receive a field report by SMS from an SMSSync gateway",
    responses=error_responses(403, 422),
)
def smssync_endpoint(
    request: Request,
    session: SessionDep,
    sender: Annotated[str, Form(alias="from", min_length=1, max_length=64)],
    message: Annotated[str, Form(min_length=1, max_length=1600)],
    secret: Annotated[str, Form(max_length=200)] = "",
    message_id: Annotated[str | None, Form(max_length=100)] = None,
    sent_timestamp: Annotated[str | None, Form(max_length=20)] = None,
) -> SmsSyncResponse:
    """A message in the syntax ``INC YYYY-MM-DD HHMM PLACE KIND [K<killed>] [I<injured>] [note]``
    becomes one candidate in the review queue (never a published record); the reply confirms it
    or names the field that is wrong (then nothing is stored). The same message again (same
    sender and text) is confirmed again and queues nothing more."""
    expected = request.app.state.settings.sms_secret
    if not expected or not hmac.compare_digest(secret.encode(), expected.encode()):
        raise Forbidden("the SMS gateway's secret is missing or wrong (or the SMS channel is closed)")
    conflict_id = resolve_conflict(session, request.app.state.settings.sms_conflict).id
    zone = conflict_definition(session, conflict_id).zone
    outcome = receive_sms(
        session,
        conflict_id=conflict_id,
        sender=sender,
        text=message,
        received=_received(sent_timestamp, zone),
    )
    reply_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"truceline-sms:{sender}:{message_id or message}"))
    return SmsSyncResponse(
        payload=SmsSyncPayload(
            success=True,
            messages=[SmsReply(to=sender, message=outcome.reply, uuid=reply_id)],
            accepted=outcome.accepted,
            review_id=outcome.candidate_id,
        )
    )
