"""Field reports from the field form: stored whole, photos as evidence by hash, one incident
candidate in the review queue, exactly once per key — on both stores."""

from __future__ import annotations

import datetime as dt
import hashlib
from importlib.resources import files
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

from truceline.casebooks.loader import Casebook, load_casebook
from truceline.db import transaction
from truceline.errors import Conflict, InvalidInput
from truceline.incidents.models import Evidence, Incident
from truceline.intake.field import FieldReport, Photo, submit_field_report
from truceline.intake.review import accept_candidate
from truceline.ledger.services import verify_ledger
from truceline.sources.models import ReviewCandidate, SourceDocument

#: a real picture file to stand for a photo (the field app's own icon)
PHOTO = (files("truceline") / "static" / "field" / "icon.svg").read_bytes()
NOW = dt.datetime(2025, 12, 8, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def store(casebook_engine: Engine) -> Engine:
    return casebook_engine


def report(**changes: object) -> FieldReport:
    fields: dict[str, object] = {
        "key": "0b9f3c1e-5d2a-4f7e-9c1b-2a6d8e4f1a37",
        "occurred_at": dt.datetime(2025, 12, 8, 6, 30),  # the monitor's clock: local time
        "kind": "shelling",
        "place_id": "ta-muen-thom-temple",
        "party": "KH",
        "killed": 0,
        "injured": 2,
        "note": "Four rounds landed north of the temple car park; two soldiers hurt by fragments.",
        "photos": (Photo("crater.svg", "image/svg+xml", PHOTO, hashlib.sha256(PHOTO).hexdigest()),),
        "saved_at": dt.datetime(2025, 12, 8, 0, 5, tzinfo=dt.UTC),
    }
    return FieldReport(**(fields | changes))  # type: ignore[arg-type]


def submit(engine: Engine, tmp_path: Path, item: FieldReport) -> dict[str, object]:
    with transaction(engine) as session:
        return submit_field_report(
            session, item, conflict_id="th-kh-2025", actor="monitor-7", evidence_dir=tmp_path / "evidence", now=NOW
        ).to_dict()


def counts(engine: Engine) -> tuple[int, int, int]:
    with transaction(engine) as session:
        return (
            session.scalar(
                select(func.count()).select_from(SourceDocument).where(SourceDocument.kind == "field_report")
            )
            or 0,
            session.scalar(select(func.count()).select_from(ReviewCandidate)) or 0,
            session.scalar(select(func.count()).select_from(Evidence)) or 0,
        )


def test_a_field_report_becomes_a_source_evidence_and_one_candidate(store: Engine, tmp_path: Path) -> None:
    answer = submit(store, tmp_path, report())
    assert answer["created"] is True
    with transaction(store) as session:
        document = session.get(SourceDocument, answer["document_id"])
        assert document is not None and document.published is False and document.kind == "field_report"
        assert "Occurred: 2025-12-08T06:30+07:00" in document.content  # the conflict's local time
        candidate = session.scalars(select(ReviewCandidate)).one()
        payload = candidate.payload
        assert (candidate.type, candidate.status, payload["kind"]) == ("incident", "pending", "shelling")
        assert payload["date_start"] == "2025-12-08" and payload["place"] == "ta-muen-thom-temple"
        assert payload["parties"] == ["KH"] and payload["injured"] == {"low": 2, "best": 2, "high": 2}
        assert payload["photos"] == [{"sha256": hashlib.sha256(PHOTO).hexdigest(), "file_name": "crater.svg"}]
        evidence = session.scalars(select(Evidence)).one()
        assert evidence.restricted and evidence.sha256 == hashlib.sha256(PHOTO).hexdigest()
        assert (tmp_path / "evidence").exists()
        assert verify_ledger(session).ok


def test_the_same_report_again_is_received_once(store: Engine, tmp_path: Path) -> None:
    first = submit(store, tmp_path, report())
    again = submit(store, tmp_path, report())
    assert again["created"] is False
    assert (again["document_id"], again["review_id"]) == (first["document_id"], first["review_id"])
    assert counts(store) == (1, 1, 1)


def test_a_key_names_one_report(store: Engine, tmp_path: Path) -> None:
    submit(store, tmp_path, report())
    with pytest.raises(Conflict, match="key names one report"):
        submit(store, tmp_path, report(note="something else"))
    assert counts(store) == (1, 1, 1)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"photos": (Photo("crater.svg", "image/svg+xml", PHOTO, "0" * 64),)}, "changed on its way"),
        ({"occurred_at": dt.datetime(2026, 1, 9, 6, 30)}, "in the future"),
        ({"kind": "rumour"}, "not a kind of incident"),
        ({"party": "ZZ"}, "not a party of this conflict"),
        ({"place_id": None, "place_name": None}, "pick a place"),
        ({"lat": 14.3, "lon": None, "place_id": None}, "both latitude and longitude"),
        ({"killed": -1}, "not a count"),
        ({"key": "short"}, "key"),
        ({"place_id": "no-such-place"}, "no place 'no-such-place'"),
    ],
)
def test_a_bad_field_is_refused_and_nothing_is_stored(
    sqlite_engine: Engine, casebook: Casebook, tmp_path: Path, changes: dict[str, object], message: str
) -> None:
    with transaction(sqlite_engine) as session:
        load_casebook(session, casebook, actor="test")
    with pytest.raises(InvalidInput, match=message):
        submit(sqlite_engine, tmp_path, report(**changes))
    assert counts(sqlite_engine) == (0, 0, 0)


def test_a_position_without_a_gazetteer_place_is_kept_with_its_precision(
    sqlite_engine: Engine, casebook: Casebook, tmp_path: Path
) -> None:
    with transaction(sqlite_engine) as session:
        load_casebook(session, casebook, actor="test")
    answer = submit(
        sqlite_engine,
        tmp_path,
        report(place_id=None, place_name="Phum Thmei", lat=14.3521, lon=103.2644, accuracy_m=3500.0, photos=()),
    )
    with transaction(sqlite_engine) as session:
        candidate = session.get(ReviewCandidate, answer["review_id"])
        assert candidate is not None
        assert candidate.payload["place_name"] == "Phum Thmei" and candidate.payload["location_precision"] == "near"
        assert (candidate.payload["lat"], candidate.payload["lon"]) == (14.3521, 103.2644)


def test_an_accepted_field_report_is_an_incident_citing_it(
    sqlite_engine: Engine, casebook: Casebook, tmp_path: Path
) -> None:
    with transaction(sqlite_engine) as session:
        load_casebook(session, casebook, actor="test")
    answer = submit(sqlite_engine, tmp_path, report())
    with transaction(sqlite_engine) as session:
        made = accept_candidate(session, int(str(answer["review_id"])), actor="observer-1", force_new=True)
        incident = session.get(Incident, made.removeprefix("incident:"))
        assert incident is not None and incident.published is False  # a coordinator publishes it
        assert (incident.kind, incident.date_start, incident.place_id) == (
            "shelling",
            dt.date(2025, 12, 8),
            "ta-muen-thom-temple",
        )
