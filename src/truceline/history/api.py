"""``/api/v1/{kind}/{id}/history``: every version of a record the reader may see."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Path

from truceline.auth.deps import CurrentUser
from truceline.history.queries import visible_history
from truceline.versions.api_models import VersionRecord
from truceline.web.api_models import error_responses
from truceline.web.deps import SessionDep

router = APIRouter(tags=["history"])


class RecordKind(StrEnum):
    incidents = "incidents"
    claims = "claims"
    sources = "sources"
    agreements = "agreements"
    provisions = "provisions"
    commitments = "commitments"


@router.get(
    "/{kind}/{record_id:path}/history",
    summary="Every version of a record",
    responses=error_responses(401, 404, 410, 422),
)
def history_endpoint(
    session: SessionDep,
    viewer: CurrentUser,
    kind: RecordKind,
    record_id: Annotated[str, Path(max_length=300)],
) -> list[VersionRecord]:
    """Oldest first: each version's change, who, when, why, source, the signed ledger entry and the
    fields that changed. A retracted record read by the public answers 410 with its notice."""
    versions = visible_history(session, kind.value.removesuffix("s"), record_id, viewer.visibility)
    return [VersionRecord.model_validate(v) for v in versions]
