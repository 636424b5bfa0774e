"""``/api/v1/ledger/…``: the signed ledger for replicas. Observers and coordinators only: entries
carry every write, published or not."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from truceline.auth.deps import ObserverUser
from truceline.ledger.services import head_entry, public_keys
from truceline.replica.api_models import (
    LedgerEntryRecord,
    LedgerHead,
    LedgerPage,
    LedgerPublicKey,
    RecordVersionContent,
)
from truceline.replica.queries import entries_after, versions_between
from truceline.web.api_models import error_responses
from truceline.web.deps import SessionDep

router = APIRouter(prefix="/ledger", tags=["ledger"])

#: the most entries one page holds
PAGE_LIMIT = 1000


@router.get("/head", summary="The newest signed entry", responses=error_responses(401, 403))
def head_endpoint(session: SessionDep, viewer: ObserverUser) -> LedgerHead:
    return LedgerHead.model_validate(head_entry(session))


@router.get("/keys", summary="The public keys that have signed entries", responses=error_responses(401, 403))
def keys_endpoint(session: SessionDep, viewer: ObserverUser) -> list[LedgerPublicKey]:
    return [LedgerPublicKey(key_id=k, public_key=pem) for k, pem in public_keys(session).items()]


@router.get(
    "/entries",
    summary="Signed entries after a seq, with the record versions they wrote",
    responses=error_responses(401, 403, 422),
)
def entries_endpoint(
    session: SessionDep,
    viewer: ObserverUser,
    after: Annotated[int, Query(ge=0, le=2**31 - 1, description="Entries with a greater seq.")] = 0,
    limit: Annotated[int, Query(ge=1, le=PAGE_LIMIT)] = 500,
) -> LedgerPage:
    """Oldest first, each entry with every column its hash and signature cover; and the record
    versions those entries wrote (their content), to rebuild the record from."""
    entries = entries_after(session, after, limit)
    versions = versions_between(session, entries[0]["seq"], entries[-1]["seq"]) if entries else []
    return LedgerPage(
        entries=[LedgerEntryRecord.model_validate(e) for e in entries],
        versions=[RecordVersionContent.model_validate(v) for v in versions],
    )
