"""Every write leaves a chained entry in the change log; tampering with one is detected."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select, text, update

from truceline.db import transaction
from truceline.ledger.models import LedgerEntry
from truceline.ledger.services import GENESIS, append, verify_chain


def test_entries_chain_onto_each_other(engine: Engine) -> None:
    with transaction(engine) as session:
        first = append(
            session,
            actor="observer-1",
            action="incident:claim:add",
            subject_type="claim",
            subject_id="x/claim-1",
            payload={"claimant": "TH"},
        )
        second = append(
            session,
            actor="observer-1",
            action="incident:claim:add",
            subject_type="claim",
            subject_id="x/claim-2",
            payload={"claimant": "KH"},
        )
    assert first.prev_hash == GENESIS
    assert second.prev_hash == first.entry_hash
    with transaction(engine) as session:
        assert verify_chain(session).intact


def test_an_edited_payload_breaks_the_chain(sqlite_engine: Engine) -> None:
    with transaction(sqlite_engine) as session:
        for n in range(3):
            append(
                session,
                actor="cli",
                action="incident:incident:add",
                subject_type="incident",
                subject_id=f"i{n}",
                payload={"killed": n},
            )
    with transaction(sqlite_engine) as session:
        seq = session.scalars(select(LedgerEntry.seq).order_by(LedgerEntry.seq).offset(1)).first()
        session.execute(text("DROP TRIGGER ledger_entries_no_update"))  # as someone with the database file would
        session.execute(update(LedgerEntry).where(LedgerEntry.seq == seq).values(payload={"killed": 99}))
    with transaction(sqlite_engine) as session:
        report = verify_chain(session)
    assert not report.intact
    assert report.first_broken_seq == seq


def test_actions_must_read_source_subject_action(sqlite_engine: Engine) -> None:
    with transaction(sqlite_engine) as session, pytest.raises(ValueError, match="source:subject:action"):
        append(session, actor="cli", action="add", subject_type="incident", subject_id="i", payload={})
