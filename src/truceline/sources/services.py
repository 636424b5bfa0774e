"""Writes for source documents and citations. Callers commit."""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.domain.inputs import source_url_problem, text_problem
from truceline.errors import InvalidInput, NotFound
from truceline.sources.models import Citation, SourceDocument
from truceline.versions.services import Change, append_with_versions


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def source_reference(document: SourceDocument) -> str:
    """How records name a source: its URL, or ``urn:sha256:…`` when it has none."""
    return document.url or f"urn:sha256:{document.sha256}"


def check_source_fields(*, content: str, url: str | None, publisher: str | None, title: str | None) -> None:
    """Refuse a source whose text a store cannot hold or whose URL is not http(s)."""
    for name, value in (("content", content), ("publisher", publisher), ("title", title)):
        problem = text_problem(value) if value else None
        if problem is not None:
            raise InvalidInput(f"the source's {name} {problem}")
    problem = source_url_problem(url) if url is not None else None
    if problem is not None:
        raise InvalidInput(f"the source URL {str(url)[:80]!r} {problem}")


def add_source_document(
    session: Session,
    *,
    conflict_id: str,
    content: str,
    kind: str,
    actor: str,
    url: str | None = None,
    publisher: str | None = None,
    title: str | None = None,
    published_on: dt.date | None = None,
    language: str = "en",
    has_full_text: bool = True,
    submitted_for_party: str | None = None,
    published: bool | None = None,
) -> tuple[SourceDocument, bool]:
    """Store a source whole, keyed by the SHA-256 of its content.

    A party's submission (``submitted_for_party``) is stored unpublished: that party and
    observers see it until a coordinator publishes an incident that cites it. ``published=False``
    holds any other submission (an observer's, from the web) for a coordinator likewise.

    Returns the document and whether it was created; the same bytes again return the stored
    document and ``False`` (a no-op, no ledger entry).
    """
    if not content.strip():
        raise InvalidInput("the source document is empty")
    check_source_fields(content=content, url=url, publisher=publisher, title=title)
    digest = sha256_text(content)
    existing = session.scalars(
        select(SourceDocument).where(SourceDocument.conflict_id == conflict_id, SourceDocument.sha256 == digest)
    ).first()
    if existing is not None:
        return existing, False
    document = SourceDocument(
        conflict_id=conflict_id,
        sha256=digest,
        kind=kind,
        url=url,
        publisher=publisher,
        title=title,
        published_on=published_on,
        language=language,
        content=content,
        has_full_text=has_full_text,
        submitted_by=actor,
        submitted_for_party=submitted_for_party,
        published=submitted_for_party is None if published is None else published and submitted_for_party is None,
    )
    session.add(document)
    session.flush()
    append_with_versions(
        session,
        actor=actor,
        action="source:document:add",
        subject_type="source",
        subject_id=str(document.id),
        payload={
            "conflict": conflict_id,
            "sha256": digest,
            "kind": kind,
            "url": url,
            "publisher": publisher,
            "title": title,
            "published_on": published_on,
            "has_full_text": has_full_text,
            "submitted_for_party": submitted_for_party,
            "published": document.published,
        },
        changes=[Change("source", document)],
    )
    return document, True


def add_source_reference(
    session: Session,
    *,
    conflict_id: str,
    url: str,
    kind: str,
    actor: str,
    publisher: str | None = None,
    title: str | None = None,
    published_on: dt.date | None = None,
    language: str = "en",
) -> tuple[SourceDocument, bool]:
    """A source we cite by URL without holding its text (casebooks): one row per URL."""
    problem = source_url_problem(url)
    if problem is not None:
        raise InvalidInput(f"the source URL {url[:80]!r} {problem}")
    existing = session.scalars(
        select(SourceDocument).where(SourceDocument.conflict_id == conflict_id, SourceDocument.url == url)
    ).first()
    if existing is not None:
        return existing, False
    citation = f"{url}\n{publisher or ''}\n{title or ''}\n{published_on.isoformat() if published_on else ''}"
    return add_source_document(
        session,
        conflict_id=conflict_id,
        content=citation,
        kind=kind,
        actor=actor,
        url=url,
        publisher=publisher,
        title=title,
        published_on=published_on,
        language=language,
        has_full_text=False,
    )


def resolve_source(session: Session, reference: str, *, conflict_id: str) -> SourceDocument:
    """The stored document of a conflict that a reference (URL or ``urn:sha256:…``) names."""
    if reference.startswith("urn:sha256:"):
        query = select(SourceDocument).where(SourceDocument.sha256 == reference.removeprefix("urn:sha256:"))
    else:
        query = select(SourceDocument).where(SourceDocument.url == reference)
    query = query.where(SourceDocument.conflict_id == conflict_id)
    document = session.scalars(query.order_by(SourceDocument.id).limit(1)).first()
    if document is None:
        raise NotFound(f"no stored source document for {reference!r}")
    return document


def cite(
    session: Session,
    *,
    subject_type: str,
    subject_id: str,
    source: SourceDocument,
    spans: list[list[int]] | None = None,
) -> Citation:
    """Link a record to a source (with supporting spans). Citing twice merges the spans."""
    spans = [list(map(int, span)) for span in (spans or [])]
    for start, end in spans:
        if not 0 <= start < end <= len(source.content):
            raise InvalidInput(f"span [{start}, {end}] lies outside source {source.id}")
    existing = session.scalars(
        select(Citation).where(
            Citation.subject_type == subject_type,
            Citation.subject_id == subject_id,
            Citation.source_id == source.id,
        )
    ).first()
    if existing is not None:
        merged = sorted({tuple(s) for s in existing.spans} | {tuple(s) for s in spans})
        existing.spans = [list(s) for s in merged]
        return existing
    citation = Citation(subject_type=subject_type, subject_id=subject_id, source_id=source.id, spans=spans)
    session.add(citation)
    return citation


def cite_all(session: Session, *, conflict_id: str, subject_type: str, subject_id: str, references: list[str]) -> None:
    for reference in references:
        cite(
            session,
            subject_type=subject_type,
            subject_id=subject_id,
            source=resolve_source(session, reference, conflict_id=conflict_id),
        )
