"""Reading source documents: what a reader may see, and the one shape a cited source takes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from truceline.sources.models import Citation, SourceDocument
from truceline.visibility import Visibility


def visible_sources(visibility: Visibility) -> Select[SourceDocument]:
    """The source documents a reader may see."""
    return select(SourceDocument).where(
        visibility.in_conflict(SourceDocument.conflict_id),
        visibility.condition(SourceDocument.published, SourceDocument.submitted_for_party),
    )


def sources_by_subject(
    session: Session, subject_type: str, subject_ids: Sequence[str], *, visibility: Visibility
) -> dict[str, list[dict[str, Any]]]:
    """Every source the reader may see cited by each subject, with the supporting spans, in one query."""
    result: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if not subject_ids:
        return result
    rows = session.execute(
        select(Citation, SourceDocument)
        .join(SourceDocument, SourceDocument.id == Citation.source_id)
        .where(Citation.subject_type == subject_type, Citation.subject_id.in_(list(subject_ids)))
        .where(visibility.condition(SourceDocument.published, SourceDocument.submitted_for_party))
        .order_by(Citation.subject_id, SourceDocument.published_on, SourceDocument.id)
    )
    for citation, document in rows:
        result[citation.subject_id].append(source_record(document, citation.spans))
    return result


def source_record(document: SourceDocument, spans: list[list[int]] | None = None) -> dict[str, Any]:
    return {
        "id": document.id,
        "url": document.url,
        "sha256": document.sha256,
        "publisher": document.publisher,
        "title": document.title,
        "published_on": document.published_on.isoformat() if document.published_on else None,
        "kind": document.kind,
        "spans": spans or [],
    }
