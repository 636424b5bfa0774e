"""Commitment status from deadlines and dated events."""

from __future__ import annotations

import datetime as dt

import pytest

from truceline.compliance.commitments import commitment_status
from truceline.compliance.records import CommitmentEventRecord, CommitmentRecord
from truceline.vocabulary import CommitmentEventKind as K
from truceline.vocabulary import CommitmentStatus as S

D = dt.date


def commitment(deadline: dt.date | None, *events: CommitmentEventRecord) -> CommitmentRecord:
    return CommitmentRecord(
        id="release-18",
        agreement_id="kl-joint-declaration-2025-10-26",
        title="Release the 18 Cambodian soldiers",
        responsible=("TH",),
        deadline=deadline,
        events=events,
    )


def ev(day: dt.date, kind: K, new_deadline: dt.date | None = None, note: str = "") -> CommitmentEventRecord:
    return CommitmentEventRecord(date=day, kind=kind, by="TH", new_deadline=new_deadline, note=note)


def test_pending_until_the_deadline_then_overdue() -> None:
    c = commitment(D(2025, 11, 21))
    assert commitment_status(c, D(2025, 11, 21)).status == S.PENDING  # the deadline day itself
    over = commitment_status(c, D(2025, 11, 22))
    assert over.status == S.OVERDUE
    assert [e.kind for e in over.decided_by] == ["deadline"]
    assert over.deadline == D(2025, 11, 21)


def test_no_deadline_is_never_overdue() -> None:
    assert commitment_status(commitment(None), D(2030, 1, 1)).status == S.PENDING


def test_met_ends_it_even_late_and_later_events_are_ignored() -> None:
    c = commitment(D(2025, 12, 30), ev(D(2025, 12, 31), K.MET), ev(D(2026, 1, 5), K.SUSPENDED))
    assert commitment_status(c, D(2025, 12, 30)).status == S.PENDING
    got = commitment_status(c, D(2026, 2, 1))
    assert got.status == S.MET
    assert [e.kind for e in got.decided_by] == ["met"]
    assert any("1 days after the deadline" in line for line in got.explanation)
    assert any("ignored: already met" in line for line in got.explanation)


def test_the_18_soldiers_suspended_in_november_released_at_the_end_of_december() -> None:
    c = commitment(
        None,
        ev(D(2025, 11, 10), K.SUSPENDED, note="after the landmine explosion"),
        ev(D(2025, 12, 27), K.DEADLINE_CHANGED, new_deadline=D(2025, 12, 30)),
        ev(D(2025, 12, 31), K.MET),
    )
    assert commitment_status(c, D(2025, 11, 9)).status == S.PENDING
    nov = commitment_status(c, D(2025, 11, 10))
    assert nov.status == S.SUSPENDED
    assert [(e.date, e.kind, e.note) for e in nov.decided_by] == [
        (D(2025, 11, 10), "suspended", "after the landmine explosion")
    ]
    dec = commitment_status(c, D(2025, 12, 28))
    assert (dec.status, dec.deadline) == (S.SUSPENDED, D(2025, 12, 30))  # not resumed: still suspended
    end = commitment_status(c, D(2025, 12, 31))
    assert end.status == S.MET
    assert [e.kind for e in end.decided_by] == ["suspended", "deadline_changed", "met"]


def test_suspended_until_resumed_and_the_deadline_does_not_move_by_itself() -> None:
    c = commitment(D(2025, 11, 21), ev(D(2025, 11, 10), K.SUSPENDED), ev(D(2025, 12, 27), K.RESUMED))
    assert commitment_status(c, D(2025, 12, 1)).status == S.SUSPENDED
    after = commitment_status(c, D(2025, 12, 27))
    assert after.status == S.OVERDUE
    assert [e.kind for e in after.decided_by] == ["suspended", "deadline", "resumed"]


def test_deadline_changed_moves_the_deadline() -> None:
    c = commitment(D(2025, 8, 4), ev(D(2025, 7, 31), K.DEADLINE_CHANGED, new_deadline=D(2025, 8, 7)))
    assert commitment_status(c, D(2025, 7, 30)).deadline == D(2025, 8, 4)
    assert commitment_status(c, D(2025, 8, 5)).status == S.PENDING
    assert commitment_status(c, D(2025, 8, 8)).status == S.OVERDUE


@pytest.mark.parametrize("kind", [K.STARTED, K.PARTIAL])
def test_progress_is_recorded_but_does_not_meet_it(kind: K) -> None:
    c = commitment(D(2025, 8, 21), ev(D(2025, 8, 20), kind))
    got = commitment_status(c, D(2025, 8, 20))
    assert got.status == S.PENDING
    assert [e.kind for e in got.decided_by] == [str(kind)]
    assert commitment_status(c, D(2025, 8, 22)).status == S.OVERDUE


def test_cancelled_is_reported_as_suspended_and_flagged() -> None:
    c = commitment(D(2025, 8, 21), ev(D(2025, 8, 1), K.CANCELLED))
    got = commitment_status(c, D(2025, 9, 1))
    assert (got.status, got.cancelled) == (S.SUSPENDED, True)


def test_events_on_the_same_day_apply_in_the_order_given() -> None:
    c = commitment(D(2025, 8, 21), ev(D(2025, 8, 1), K.SUSPENDED), ev(D(2025, 8, 1), K.RESUMED))
    assert commitment_status(c, D(2025, 8, 1)).status == S.PENDING
    c = commitment(D(2025, 8, 21), ev(D(2025, 8, 1), K.RESUMED), ev(D(2025, 8, 1), K.SUSPENDED))
    assert commitment_status(c, D(2025, 8, 1)).status == S.SUSPENDED


def test_to_dict_has_the_cli_fields() -> None:
    got = commitment_status(commitment(D(2025, 8, 21)), D(2025, 9, 1)).to_dict()
    assert {"id", "agreement_id", "title", "status", "deadline", "decided_by"} <= set(got)
    assert got["status"] == "overdue" and got["deadline"] == "2025-08-21"
