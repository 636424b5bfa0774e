"""``/api/v1/signals``: the escalation signal of each sector; ``/api/v1/subscriptions``: follow a
conflict, sector, agreement or incident and get notices (see ``docs/early-warning.md``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from truceline.alerts.api_models import EscalationSignalRecord
from truceline.alerts.queries import WHOLE_CONFLICT, all_signals, sector_signal, sectors, signal_record
from truceline.auth.deps import ConflictDep, CurrentUser
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
