"""Agreements and commitments live after they are loaded: status events recorded from the
command line change compliance and commitment results from their date on, cite their source,
and are kept in the change log."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.functional.test_cli import run

KL = "kl-joint-declaration-2025-10-26"
KL_DEMINING = f"{KL}/[demining]"
RBC = "rbc-within-two-weeks"  # deadline 2025-08-21, only partly met


@pytest.fixture(scope="module")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("events") / "template.db"
    result = run("casebook", "load", "th-kh-2025", db=db)
    assert result.returncode == 0, result.stderr
    return db


@pytest.fixture
def db(tmp_path: Path, template_db: Path) -> Path:
    path = tmp_path / "truceline.db"
    shutil.copyfile(template_db, path)
    return path


def provision_state(db: Path, as_of: str, provision_id: str) -> str:
    result = run("compliance", "--as-of", as_of, "--json", db=db)
    assert result.returncode == 0, result.stderr
    return next(p["status"] for p in json.loads(result.stdout)["provisions"] if p["provision_id"] == provision_id)


def commitment_status(db: Path, as_of: str, commitment_id: str) -> dict:
    result = run("commitments", "--as-of", as_of, "--json", db=db)
    assert result.returncode == 0, result.stderr
    return next(c for c in json.loads(result.stdout) if c["id"] == commitment_id)


def test_a_suspension_pauses_a_provision_from_its_date_on_and_not_before(db: Path) -> None:
    # Thailand's suspension of 10 November is still open in the casebook: resume it first
    resumed = run(
        "agreements", "event", KL, "--kind", "resumed", "--by", "TH", "--date", "2025-12-28",
        "--source", "https://example.org/th-resumes", db=db,
    )  # fmt: skip
    assert resumed.returncode == 0, resumed.stderr
    assert provision_state(db, "2026-01-06", KL_DEMINING) == "in_force"

    suspended = run(
        "agreements", "event", KL, "--kind", "suspended", "--by", "KH", "--date", "2026-01-05",
        "--note", "Cambodia suspends the declaration.", "--source", "https://example.org/kh-suspends", "--json",
        db=db,
    )  # fmt: skip
    assert suspended.returncode == 0, suspended.stderr
    event = json.loads(suspended.stdout)
    # a date is the end of that day in the conflict's time zone (Asia/Bangkok)
    assert event["date"] == "2026-01-05T23:59:59+07:00"
    assert event["by"] == "KH" and event["sources"] == ["https://example.org/kh-suspends"]

    assert provision_state(db, "2026-01-04", KL_DEMINING) == "in_force"
    assert provision_state(db, "2026-01-06", KL_DEMINING) == "paused"

    shown = json.loads(run("agreements", "show", KL, "--json", db=db).stdout)
    assert any(e["kind"] == "suspended" and e["by"] == "KH" for e in shown["events"])


def test_an_extended_deadline_turns_an_overdue_commitment_pending(db: Path) -> None:
    assert commitment_status(db, "2025-09-01", RBC)["status"] == "overdue"
    result = run(
        "commitments", "event", RBC, "--kind", "deadline_changed", "--new-deadline", "2025-09-30",
        "--date", "2025-08-22", "--source", "https://example.org/new-deadline", db=db,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "recorded" in result.stdout
    now = commitment_status(db, "2025-09-01", RBC)
    assert now["status"] == "pending" and now["deadline"] == "2025-09-30"
    assert commitment_status(db, "2025-08-21", RBC)["status"] == "pending"
    assert commitment_status(db, "2025-10-01", RBC)["status"] == "overdue"
    # the listing without a subcommand works as before
    listing = run("commitments", "--as-of", "2025-09-01", db=db)
    assert listing.returncode == 0 and listing.stdout.startswith("As of 2025-09-01:")


def test_events_are_in_the_change_log_and_cite_their_source(db: Path) -> None:
    from sqlalchemy import select

    from truceline.db import make_engine, transaction
    from truceline.ledger.models import LedgerEntry
    from truceline.sources.models import Citation, SourceDocument

    result = run(
        "commitments", "event", RBC, "--kind", "met", "--date", "2025-09-10",
        "--source", "https://example.org/met", db=db,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    engine = make_engine(f"sqlite:///{db}")
    with transaction(engine) as session:
        entry = session.scalars(select(LedgerEntry).order_by(LedgerEntry.seq.desc()).limit(1)).one()
        assert entry.action == "agreement:commitment:met" and entry.subject_id == RBC
        document = session.scalars(select(SourceDocument).where(SourceDocument.url == "https://example.org/met")).one()
        assert document.conflict_id == "th-kh-2025"
        cited = session.scalars(select(Citation).where(Citation.source_id == document.id)).all()
        assert [c.subject_type for c in cited] == ["commitment_event"]
    engine.dispose()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "suspended", "--by", "TH", "--date", "2026-01-05", "--source", "ftp://x.org/a"], "not an http"),
        (["--kind", "suspended", "--by", "TH", "--date", "2026-01-05", "--source", "example.org"], "not an http"),
        (["--kind", "paused", "--by", "TH", "--date", "2026-01-05", "--source", "https://x.org"], "unknown agreement"),
        (["--kind", "suspended", "--by", "XX", "--date", "2026-01-05", "--source", "https://x.org"], "unknown party"),
        (["--kind", "suspended", "--date", "2026-01-05", "--source", "https://x.org"], "by a party"),
        (["--kind", "resumed", "--date", "2026-01-05T10:00", "--source", "https://x.org"], "no UTC offset"),
        (["--kind", "resumed", "--date", "5 January", "--source", "https://x.org"], "neither a date"),
    ],
)
def test_bad_agreement_events_are_refused_and_nothing_is_written(db: Path, args: list[str], message: str) -> None:
    before = run("agreements", "show", KL, "--json", db=db).stdout
    result = run("agreements", "event", KL, *args, db=db)
    assert result.returncode == 2
    assert message in result.stderr
    assert run("agreements", "show", KL, "--json", db=db).stdout == before


def test_unknown_ids_and_duplicates(db: Path) -> None:
    unknown = run(
        "agreements", "event", "no-such-agreement", "--kind", "resumed", "--date", "2026-01-05",
        "--source", "https://x.org", db=db,
    )  # fmt: skip
    assert unknown.returncode == 3
    unknown = run(
        "commitments", "event", "no-such-commitment", "--kind", "met", "--date", "2026-01-05",
        "--source", "https://x.org", db=db,
    )  # fmt: skip
    assert unknown.returncode == 3
    no_deadline = run(
        "commitments", "event", RBC, "--kind", "deadline_changed", "--date", "2025-08-22",
        "--source", "https://x.org", db=db,
    )  # fmt: skip
    assert no_deadline.returncode == 2 and "new deadline" in no_deadline.stderr
    args = ["commitments", "event", RBC, "--kind", "partial", "--date", "2025-08-30", "--source", "https://x.org"]
    assert run(*args, db=db).returncode == 0
    again = run(*args, db=db)
    assert again.returncode == 4 and "already has" in again.stderr


def test_events_recorded_from_the_cli_survive_loading_a_grown_casebook(db: Path, tmp_path: Path) -> None:
    from tests.casebooks.test_loader import grown_casebook

    recorded = run(
        "agreements", "event", KL, "--kind", "resumed", "--by", "TH", "--date", "2025-12-28",
        "--source", "https://example.org/th-resumes", db=db,
    )  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr
    folder = grown_casebook(tmp_path)

    strict = run("casebook", "load", str(folder), "--strict", db=db)
    assert strict.returncode == 4 and "changed in the casebook" in strict.stderr

    result = run("casebook", "load", str(folder), db=db)
    assert result.returncode == 0, result.stderr
    assert "merged into records loaded before: 1 agreement events, 1 commitment events, 1 claims" in result.stdout
    assert "1 records changed in the casebook, kept as stored: correct them with a correction" in result.stdout
    assert ": date_start" in result.stdout

    events = json.loads(run("agreements", "show", KL, "--json", db=db).stdout)["events"]
    assert [(e["kind"], e["by"]) for e in events].count(("resumed", "TH")) == 1
    assert provision_state(db, "2026-01-06", KL_DEMINING) == "paused"  # KH's suspension, from the casebook

    again = run("casebook", "load", str(folder), "--json", db=db)
    assert again.returncode == 0
    report = json.loads(again.stdout)
    assert not any(report["merged"].values()) and len(report["kept_as_stored"]) == 1
