"""Reading agreements and provisions into their public shape (commitments with their status:
``truceline.compliance.queries``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from truceline.agreements.models import Agreement
from truceline.agreements.status import agreement_status
from truceline.errors import NotFound
from truceline.sources.queries import sources_by_subject
from truceline.visibility import Visibility


def list_agreements(session: Session, conflict_id: str) -> list[Agreement]:
    return list(
        session.scalars(
            select(Agreement)
            .where(Agreement.conflict_id == conflict_id)
            .options(selectinload(Agreement.provisions), selectinload(Agreement.events))
            .order_by(Agreement.signed_on, Agreement.id)
        )
    )


def get_agreement(session: Session, agreement_id: str, conflict_id: str | None = None) -> Agreement:
    """One agreement (of ``conflict_id``, when given)."""
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or (conflict_id is not None and agreement.conflict_id != conflict_id):
        raise NotFound(f"no agreement {agreement_id!r}")
    return agreement


def agreement_records(
    session: Session, agreements: list[Agreement], *, visibility: Visibility, at: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Agreements in their public shape, citing only the sources ``visibility`` lets the reader see
    (a party's unpublished report cited by an agreement stays hidden from everyone else)."""
    at = at or dt.datetime.now(dt.UTC)
    provision_sources = sources_by_subject(
        session, "provision", [p.id for a in agreements for p in a.provisions], visibility=visibility
    )
    agreement_sources = sources_by_subject(session, "agreement", [a.id for a in agreements], visibility=visibility)
    records = []
    for agreement in agreements:
        status = agreement_status(agreement.effective_from, agreement.events, at)
        records.append(
            {
                "id": agreement.id,
                "title": agreement.title,
                "kind": agreement.kind,
                "signed_on": agreement.signed_on.isoformat(),
                "signed_at": agreement.signed_at,
                "signatories": agreement.signatories,
                "witnesses": agreement.witnesses,
                "effective_from": agreement.effective_from.isoformat(),
                "status": status.label(),
                "summary": agreement.summary,
                "events": [
                    {
                        "date": e.date.isoformat(),
                        "kind": e.kind,
                        "by": e.by_party,
                        "superseded_by": e.superseded_by,
                        "note": e.note,
                    }
                    for e in sorted(agreement.events, key=lambda e: e.date)
                ],
                "provisions": [
                    {
                        "id": p.id,
                        "number": p.number,
                        "type": p.type,
                        "summary": p.summary,
                        "binds": p.binds,
                        "rule": p.rule,
                        "sources": [s["url"] for s in provision_sources.get(p.id, [])],
                    }
                    for p in agreement.provisions
                ],
                "sources": [s["url"] for s in agreement_sources.get(agreement.id, [])],
            }
        )
    return records


def provision_labels(session: Session, conflict_id: str) -> dict[str, dict[str, str]]:
    """Each provision of the conflict by id, with the names people read: its agreement's title,
    its number and its summary (``label``: ``<agreement title>, article <number>``)."""
    labels: dict[str, dict[str, str]] = {}
    for agreement in list_agreements(session, conflict_id):
        for provision in sorted(agreement.provisions, key=lambda p: p.position):
            labels[provision.id] = {
                "agreement_id": agreement.id,
                "agreement_title": agreement.title,
                "number": provision.number,
                "summary": provision.summary,
                "label": provision_label(agreement.title, provision.number),
            }
    return labels


def provision_label(title: str, number: str) -> str:
    """A provision as people name it: ``<title>, article 4``; ``<title>, Art. 1(1)(a)`` when the
    number names its article already; the title alone for an unnumbered clause (``[slug]``)."""
    if number.startswith("[") or not number.strip():
        return title
    if number[0].isalpha():
        return f"{title}, {number}"
    return f"{title}, article {number}"
