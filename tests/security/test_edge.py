"""What the edge does to inputs that are accepted: CSV exports a spreadsheet opens safely, evidence
stored by hash whatever its name, and paths in the settings that never depend on the working
directory."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import Engine

from truceline.app import create_app
from truceline.config import Settings
from truceline.db import transaction
from truceline.domain import schema
from truceline.domain.inputs import source_url_problem, spreadsheet_safe, text_problem
from truceline.errors import InvalidInput
from truceline.incidents.services import add_evidence, evidence_path, record_incident
from truceline.sources.services import add_source_document


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(1+1)", "'@SUM(1+1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-12.5", "-12.5"),  # a negative number stays a number
        ("+3", "+3"),
        ("-1e5", "-1e5"),
        (-7, -7),
        (102.5, 102.5),
        ("Ban Nong Chan", "Ban Nong Chan"),
        ("", ""),
    ],
)
def test_formula_cells_are_escaped_and_numbers_kept(cell: object, safe: object) -> None:
    assert spreadsheet_safe(cell) == safe


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "file:///etc/passwd"]
)
def test_only_http_urls_are_source_urls(url: str) -> None:
    assert source_url_problem(url) is not None
    assert source_url_problem("https://www.example.org/report?id=1") is None


def test_text_problems_are_named() -> None:
    assert text_problem("a\x00b") == "contains a NUL byte"
    assert text_problem("a\ud800") == "is not valid Unicode (a lone surrogate)"
    assert text_problem("tab\tline\nreturn\r") is None


def test_exports_to_acled_and_ucdp_escape_formula_cells(casebook_engine: Engine) -> None:
    with transaction(casebook_engine) as session:
        source, _ = add_source_document(
            session,
            conflict_id="th-kh-2025",
            content="=HYPERLINK report",
            kind="news",
            actor="test",
            publisher="@evil publisher",
            title="=1+1",
            url="https://example.org/formula",
            published_on=dt.date(2025, 12, 9),
        )
        record_incident(
            session,
            schema.Incident(
                id="2025-12-09-formula",
                kind="shelling",
                date_start=dt.date(2025, 12, 9),
                date_end=dt.date(2025, 12, 9),
                date_precision="day",
                place_name="=cmd|' /C calc'!A0",
                lat=14.1,
                lon=-102.5,
                location_precision="near",
                description='=HYPERLINK("http://evil.example","click")',
                sources=[f"urn:sha256:{source.sha256}"],
            ),
            conflict_id="th-kh-2025",
            actor="test",
        )
    with TestClient(create_app(casebook_engine)) as client:
        acled = client.get("/api/v1/exports/acled")
        ucdp = client.get("/api/v1/exports/ucdp")
    row = next(r for r in csv.DictReader(io.StringIO(acled.text)) if r["event_id_cnty"] == "2025-12-09-formula")
    assert row["notes"].startswith('\'=HYPERLINK("http://evil.example","click")')  # the location note follows
    assert row["location"] == "'=cmd|' /C calc'!A0"
    assert row["source"] == "'@evil publisher"
    assert row["longitude"] == "-102.5000"  # a negative number is not escaped
    ged = next(r for r in csv.DictReader(io.StringIO(ucdp.text)) if r["id"] == "2025-12-09-formula")
    assert ged["source_headline"] == "'=1+1"
    assert ged["longitude"] == "-102.5"
    for text in (acled.text, ucdp.text):
        for cells in csv.reader(io.StringIO(text)):
            assert not any(c.startswith(("=", "@", "\t", "\r")) for c in cells)


def test_a_javascript_url_never_reaches_the_store(casebook_engine: Engine) -> None:
    with pytest.raises(InvalidInput, match="not an http or https URL"), transaction(casebook_engine) as session:
        add_source_document(
            session, conflict_id="th-kh-2025", content="x", kind="news", actor="test", url="javascript:alert(1)"
        )


def test_evidence_is_stored_by_hash_whatever_its_name(casebook_engine: Engine, tmp_path: Path) -> None:
    store_dir = tmp_path / "evidence"
    with transaction(casebook_engine) as session:
        row = add_evidence(
            session,
            conflict_id="th-kh-2025",
            content=b"photo",
            file_name="../../../../etc/passwd",
            media_type="image/jpeg",
            store_dir=store_dir,
            actor="test",
            holder="observer",
        )
        assert row.file_name == "../../../../etc/passwd"  # kept as metadata only
        stored = evidence_path(store_dir, row.sha256)
    assert stored.read_bytes() == b"photo"
    assert [p for p in store_dir.rglob("*") if p.is_file()] == [stored]
    assert not (tmp_path.parent / "etc").exists()


def test_relative_paths_in_the_settings_are_inside_the_data_directory(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'store' / 't.db'}", ledger_key=Path("keys/k.pem"))
    assert settings.data_directory() == tmp_path / "store"
    assert settings.evidence_directory() == tmp_path / "store" / "evidence"
    explicit = Settings(data_dir=tmp_path / "data", evidence_dir=Path("files"), database_url="postgresql://u@h/db")
    assert explicit.evidence_directory() == tmp_path / "data" / "files"
    assert explicit.evidence_directory("sqlite:///elsewhere.db") == tmp_path / "data" / "files"
    absolute = Settings(evidence_dir=tmp_path / "abs", database_url="postgresql://u@h/db")
    assert absolute.evidence_directory() == tmp_path / "abs"
    assert Settings(database_url="postgresql://u@h/db").data_directory().is_absolute()


def test_a_relative_data_directory_is_refused() -> None:
    with pytest.raises(ValidationError, match="TRUCELINE_DATA_DIR must be an absolute path"):
        Settings(data_dir=Path("relative/data"))


def test_the_body_limit_is_a_setting(tmp_path: Path, engine: Engine) -> None:
    settings = Settings(max_body_bytes=4096, database_url="sqlite://")
    with TestClient(create_app(engine, settings)) as client:
        response = client.post("/api/v1/ingest", content=b"x" * 5000, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"]["message"] == (
        "the request body is larger than 4096 bytes (see TRUCELINE_MAX_BODY_BYTES)"
    )
