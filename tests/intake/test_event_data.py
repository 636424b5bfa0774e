"""Event data: importing ACLED and UCDP GED CSV exports, and exporting UCDP GED.

The fixture files under ``data/`` are small, hand-written exports about the 2025 Thailand-Cambodia
fighting, with the real column sets of each data set.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select, text
from tests.conftest import add_conflict_of
from typer.testing import CliRunner

from truceline.casebooks.loader import Casebook
from truceline.cli import app
from truceline.db import make_engine, migrate, transaction
from truceline.domain import schema
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import InvalidInput
from truceline.incidents.models import Incident
from truceline.incidents.queries import incident_records, list_incidents
from truceline.incidents.services import record_incident
from truceline.intake.adapters import EventDataError
from truceline.intake.adapters import acled as acled_adapter
from truceline.intake.adapters import ucdp as ucdp_adapter
from truceline.intake.event_data import import_event_file
from truceline.publish.exports import UCDP_COLUMNS, UCDP_KINDS, export_acled, export_ucdp
from truceline.sources.models import Citation, ImportJob, SourceDocument
from truceline.sources.services import add_source_document
from truceline.visibility import EVERYTHING
from truceline.vocabulary import ACLED_TIME_PRECISION, DatePrecision, IncidentKind, LocationPrecision

DATA = Path(__file__).parent / "data"
ACLED_FILE = DATA / "acled_th_kh_2025.csv"
ACLED_OVERLAP = DATA / "acled_th_kh_2025_overlap.csv"
ACLED_OLD = DATA / "acled_old_format.csv"
UCDP_FILE = DATA / "ucdp_ged_th_kh_2025.csv"
FILES = {"acled": ACLED_FILE, "ucdp": UCDP_FILE}


@pytest.fixture
def sqlite_engine(sqlite_engine: Engine, casebook: Casebook) -> Engine:
    """A SQLite store with the th-kh-2025 conflict and its parties, and no records yet."""
    add_conflict_of(sqlite_engine, casebook)
    return sqlite_engine


@pytest.fixture
def postgres_engine(postgres_engine: Engine, casebook: Casebook) -> Engine:
    """A PostgreSQL store with the th-kh-2025 conflict and its parties, and no records yet."""
    add_conflict_of(postgres_engine, casebook)
    return postgres_engine


def counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {
            table: connection.execute(text(f"select count(*) from {table}")).scalar_one()
            for table in ("incidents", "casualty_figures", "source_documents", "citations", "ledger_entries")
        } | {"import_jobs": connection.execute(text("select count(*) from import_jobs")).scalar_one()}


def run_import(engine: Engine, path: Path, fmt: str, **kwargs: object):
    with transaction(engine) as session:
        return import_event_file(session, path, format=fmt, actor="test", **kwargs)  # type: ignore[arg-type]


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, columns: list[str], rows: list[dict[str, str]]) -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


# --- imports on both stores ---------------------------------------------------------------------


def test_acled_import_maps_types_precisions_fatalities_and_actors(engine: Engine) -> None:
    before = counts(engine)
    report = run_import(engine, ACLED_FILE, "acled")
    assert (report.rows, report.created, report.skipped, report.already_imported) == (4, 4, [], False)
    after = counts(engine)
    assert after["incidents"] - before["incidents"] == 4
    assert after["source_documents"] - before["source_documents"] == 1
    assert after["import_jobs"] - before["import_jobs"] == 1

    with transaction(engine) as session:
        clash = session.get(Incident, "acled-tha16518")
        assert clash is not None
        assert clash.kind == IncidentKind.ARMED_CLASH
        assert clash.date_start == clash.date_end == dt.date(2025, 7, 24)
        assert clash.date_precision == DatePrecision.DAY
        assert clash.location_precision == LocationPrecision.EXACT  # geo_precision 1
        assert (clash.lat, clash.lon) == (14.3492, 103.2664)
        assert clash.side == "TH"
        assert clash.actors == ["TH", "KH"]
        assert [(f.category, f.best, f.low, f.high) for f in clash.casualties] == [("killed", 1, None, None)]

        shelling = session.get(Incident, "acled-tha16521")
        assert shelling is not None and shelling.kind == IncidentKind.SHELLING
        assert shelling.actors == ["KH"]  # civilians are not a party
        assert shelling.casualties[0].best == 8

        mine = session.get(Incident, "acled-tha16502")
        assert mine is not None and mine.kind == IncidentKind.LANDMINE_EXPLOSION
        assert mine.location_precision == LocationPrecision.NEAR  # geo_precision 2
        assert mine.casualties == []  # ACLED's 0 means none reported: no figure invented

        strike = session.get(Incident, "acled-cam3310")
        assert strike is not None and strike.kind == IncidentKind.AIR_STRIKE
        assert strike.side == "KH" and strike.location_precision == LocationPrecision.PROVINCE  # geo_precision 3

        # the file is kept whole, and each incident cites the span of its row
        document = session.scalars(select(SourceDocument).where(SourceDocument.kind == "event_data")).one()
        assert document.has_full_text and document.content == ACLED_FILE.read_text(encoding="utf-8")
        citation = session.scalars(
            select(Citation).where(Citation.subject_type == "incident", Citation.subject_id == "acled-tha16518")
        ).one()
        assert citation.source_id == document.id
        [[start, end]] = citation.spans
        assert document.content[start:end] == ACLED_FILE.read_text(encoding="utf-8").splitlines()[2]


def test_ucdp_import_maps_precisions_and_splits_deaths_by_side(engine: Engine) -> None:
    report = run_import(engine, UCDP_FILE, "ucdp")
    assert (report.rows, report.created) == (3, 3)
    with transaction(engine) as session:
        clash = session.get(Incident, "ucdp-631001")
        assert clash is not None
        assert clash.kind == IncidentKind.ARMED_CLASH  # type_of_violence 1
        assert clash.date_precision == DatePrecision.DAY and clash.location_precision == LocationPrecision.EXACT
        assert clash.actors == ["TH", "KH"]
        assert [(f.side, f.population, f.low, f.best, f.high) for f in clash.casualties] == [
            ("TH", "military", 1, 1, 1)
        ]

        rockets = session.get(Incident, "ucdp-631002")  # dates written '2025-07-24 00:00:00.000'
        assert rockets is not None and rockets.date_start == dt.date(2025, 7, 24)
        assert rockets.location_precision == LocationPrecision.NEAR
        assert [(f.side, f.population, f.best) for f in rockets.casualties] == [("unknown", "civilian", 8)]

        ranged = session.get(Incident, "ucdp-631003")
        assert ranged is not None
        assert (ranged.date_start, ranged.date_end) == (dt.date(2025, 7, 25), dt.date(2025, 7, 27))
        assert ranged.date_precision == DatePrecision.DAYS and ranged.location_precision == LocationPrecision.PROVINCE
        assert ranged.side == "KH"
        # a range cannot be split by side without inventing precision: one figure keeps low/best/high
        assert [(f.side, f.low, f.best, f.high) for f in ranged.casualties] == [("unknown", 2, 3, 5)]
        assert "Government of Cambodia 3" in ranged.description


def test_places_named_in_the_gazetteer_are_linked(loaded_engine: Engine) -> None:
    run_import(loaded_engine, ACLED_FILE, "acled")
    with transaction(loaded_engine) as session:
        clash = session.get(Incident, "acled-tha16518")
        assert clash is not None and clash.place_id == "ta-muen-thom-temple"  # location 'Prasat Ta Muen Thom'
        assert (clash.lat, clash.lon) == (14.3492, 103.2664)  # the file's point is kept


def test_older_acled_export_with_day_month_year_dates(conflict: ConflictDefinition) -> None:
    rows = acled_adapter.parse_acled(
        ACLED_OLD.read_text(encoding="utf-8"), source="urn:sha256:" + "0" * 64, conflict=conflict
    )
    assert [(r.incident.date_start, r.incident.date_precision) for r in rows] == [
        (dt.date(2025, 5, 28), DatePrecision.DAY),
        (dt.date(2025, 5, 30), DatePrecision.WEEK),  # time_precision 2
    ]
    assert rows[1].incident.kind == IncidentKind.FORTIFICATION


def test_progress_is_reported_batch_by_batch_in_bytes(sqlite_engine: Engine) -> None:
    calls: list[tuple[int, int]] = []
    run_import(sqlite_engine, UCDP_FILE, "ucdp", progress=lambda done, total: calls.append((done, total)), batch_size=2)
    size = UCDP_FILE.stat().st_size
    assert calls[-1] == (size, size) and len(calls) == 2  # three rows in batches of two


def test_a_utf8_byte_order_mark_is_accepted(sqlite_engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + ACLED_FILE.read_bytes())
    assert run_import(sqlite_engine, path, "acled").created == 4


# --- idempotence --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_reimporting_the_same_file_adds_nothing(engine: Engine, fmt: str) -> None:
    run_import(engine, FILES[fmt], fmt)
    before = counts(engine)
    again = run_import(engine, FILES[fmt], fmt)
    assert again.already_imported and again.created == 0
    assert "imported already" in again.summary()
    assert counts(engine) == before


def test_an_overlapping_file_adds_only_the_new_events(sqlite_engine: Engine) -> None:
    run_import(sqlite_engine, ACLED_FILE, "acled")
    before = counts(sqlite_engine)
    report = run_import(sqlite_engine, ACLED_OVERLAP, "acled")
    assert report.rows == 3 and report.created == 1
    assert sorted(report.skipped) == ["acled-tha16518", "acled-tha16521"]
    assert report.incidents == ["acled-tha16540"]
    after = counts(sqlite_engine)
    assert after["incidents"] == before["incidents"] + 1
    assert after["import_jobs"] == before["import_jobs"] + 1


# --- malformed files: the error names the row and the column; the store is unchanged ------------


def _drop_column(column: str) -> Callable[[list[str], list[dict[str, str]]], list[str]]:
    def mutate(columns: list[str], rows: list[dict[str, str]]) -> list[str]:
        for row in rows:
            del row[column]
        return [c for c in columns if c != column]

    return mutate


def _set(row: int, column: str, value: str) -> Callable[[list[str], list[dict[str, str]]], list[str]]:
    def mutate(columns: list[str], rows: list[dict[str, str]]) -> list[str]:
        rows[row][column] = value
        return columns

    return mutate


MALFORMED = [
    # (format, what, mutation, line, column)
    ("acled", "missing column", _drop_column("fatalities"), 1, "fatalities"),
    ("acled", "bad date", _set(1, "event_date", "2025-13-40"), 3, "event_date"),
    ("acled", "latitude 123", _set(2, "latitude", "123"), 4, "latitude"),
    ("acled", "longitude 200", _set(0, "longitude", "200.5"), 2, "longitude"),
    ("acled", "non-integer fatalities", _set(3, "fatalities", "about 5"), 5, "fatalities"),
    ("acled", "unknown geo precision", _set(0, "geo_precision", "4"), 2, "geo_precision"),
    ("acled", "unknown time precision", _set(0, "time_precision", "9"), 2, "time_precision"),
    ("acled", "unknown sub-event type", _set(0, "sub_event_type", "Skirmish"), 2, "sub_event_type"),
    ("ucdp", "missing column", _drop_column("date_prec"), 1, "date_prec"),
    ("ucdp", "bad date", _set(0, "date_start", "24/07/2025"), 2, "date_start"),
    ("ucdp", "latitude 123", _set(1, "latitude", "123"), 3, "latitude"),
    ("ucdp", "non-integer best", _set(2, "best", "3.5"), 4, "best"),
    ("ucdp", "unknown where_prec", _set(0, "where_prec", "8"), 2, "where_prec"),
    ("ucdp", "unknown date_prec", _set(0, "date_prec", "0"), 2, "date_prec"),
    ("ucdp", "low above best", _set(2, "low", "4"), 4, "low"),
    ("ucdp", "end before start", _set(2, "date_end", "2025-07-01"), 4, "date_end"),
]


@pytest.mark.parametrize(
    ("fmt", "what", "mutate", "line", "column"), MALFORMED, ids=[f"{m[0]}-{m[1]}" for m in MALFORMED]
)
def test_a_malformed_file_names_row_and_column_and_leaves_the_store_unchanged(
    engine: Engine,
    tmp_path: Path,
    fmt: str,
    what: str,
    mutate: Callable[[list[str], list[dict[str, str]]], list[str]],
    line: int,
    column: str,
) -> None:
    columns, rows = read_rows(FILES[fmt])
    path = write_rows(tmp_path / f"bad-{fmt}.csv", mutate(columns, rows), rows)
    before = counts(engine)
    with pytest.raises(InvalidInput) as caught:
        run_import(engine, path, fmt)
    assert isinstance(caught.value, EventDataError)
    assert (line, column) in [(e.line, e.column) for e in caught.value.errors], str(caught.value)
    assert f"line {line}, column {column}" in str(caught.value)
    assert counts(engine) == before


@pytest.mark.parametrize("fmt", ["acled", "ucdp"])
def test_a_file_that_is_not_utf8_is_rejected_with_line_and_column(engine: Engine, tmp_path: Path, fmt: str) -> None:
    columns, rows = read_rows(FILES[fmt])
    place_column = "location" if fmt == "acled" else "where_coordinates"
    rows[1][place_column] = "Prasat Ta Muen Thom (Phanom Dông Rak)"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    path = tmp_path / "latin1.csv"
    path.write_bytes(buffer.getvalue().encode("latin-1"))
    before = counts(engine)
    with pytest.raises(EventDataError) as caught:
        run_import(engine, path, fmt)
    [error] = caught.value.errors
    assert (error.line, error.column) == (3, place_column)
    assert "not valid UTF-8" in error.message and "0xf4" in error.message and "offset" in error.message
    assert counts(engine) == before


def test_errors_are_collected_across_rows_up_to_a_limit(tmp_path: Path, conflict: ConflictDefinition) -> None:
    columns, rows = read_rows(ACLED_FILE)
    rows[0]["latitude"] = "123"
    rows[2]["event_date"] = "yesterday"
    rows[3]["fatalities"] = "-1"
    text_ = write_rows(tmp_path / "bad.csv", columns, rows).read_text(encoding="utf-8")
    with pytest.raises(EventDataError) as caught:
        acled_adapter.parse_acled(text_, source="urn:sha256:" + "0" * 64, conflict=conflict)
    assert [(e.line, e.column) for e in caught.value.errors] == [(2, "latitude"), (4, "event_date"), (5, "fatalities")]
    with pytest.raises(EventDataError) as limited:
        acled_adapter.parse_acled(text_, source="urn:sha256:" + "0" * 64, conflict=conflict, max_errors=2)
    assert len(limited.value.errors) == 2 and limited.value.truncated


def test_a_duplicate_event_id_within_a_file_is_an_error(tmp_path: Path, conflict: ConflictDefinition) -> None:
    columns, rows = read_rows(UCDP_FILE)
    rows[2]["id"] = rows[0]["id"]
    text_ = write_rows(tmp_path / "dup.csv", columns, rows).read_text(encoding="utf-8")
    with pytest.raises(EventDataError) as caught:
        ucdp_adapter.parse_ucdp(text_, source="urn:sha256:" + "0" * 64, conflict=conflict)
    assert [(e.line, e.column) for e in caught.value.errors] == [(4, "id")]
    assert "line 2" in caught.value.errors[0].message


# --- the command line ---------------------------------------------------------------------------


def test_cli_imports_and_reports_json(sqlite_url: str, sqlite_engine: Engine) -> None:
    db = sqlite_url
    runner = CliRunner()
    result = runner.invoke(app, ["--db", db, "import", "ucdp", str(UCDP_FILE), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["created"] == 3 and report["format"] == "ucdp"
    again = runner.invoke(app, ["--db", db, "import", "ucdp", str(UCDP_FILE)])
    assert again.exit_code == 0 and "imported already" in again.stdout


def test_cli_exits_non_zero_on_bad_input_and_names_row_and_column(
    tmp_path: Path, sqlite_url: str, sqlite_engine: Engine
) -> None:
    columns, rows = read_rows(ACLED_FILE)
    rows[1]["latitude"] = "123"
    path = write_rows(tmp_path / "bad.csv", columns, rows)
    result = subprocess.run(
        [sys.executable, "-m", "truceline", "--db", sqlite_url, "import", "acled", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr  # invalid input
    assert "line 3, column latitude" in result.stderr
    engine = make_engine(sqlite_url)
    try:
        assert counts(engine)["incidents"] == 0
    finally:
        engine.dispose()


# --- exports ------------------------------------------------------------------------------------


def _record_sample_incidents(engine: Engine) -> None:
    with transaction(engine) as session:
        document, _ = add_source_document(
            session,
            conflict_id="th-kh-2025",
            content="A sample report about the fighting, written for the test.",
            kind="news",
            actor="test",
            url="https://example.org/th-kh/report",
            publisher="Example News",
            title="Fighting on the border",
            published_on=dt.date(2025, 7, 25),
        )
        url = document.url
        assert url is not None
        killed = schema.Casualties(category="killed", side="TH", population="civilian", low=8, best=8, sources=[url])
        soldiers = schema.Casualties(category="killed", side="KH", population="military", best=2, sources=[url])
        samples = [
            schema.Incident(
                id="sample-shelling",
                kind=IncidentKind.SHELLING,
                date_start=dt.date(2025, 7, 24),
                date_end=dt.date(2025, 7, 24),
                date_precision=DatePrecision.DAY,
                place="kantharalak",
                location_precision=LocationPrecision.NEAR,
                side="TH",
                actors=["KH"],
                casualties=[killed],
                description="Rockets struck a district town.",
                sources=[url],
            ),
            schema.Incident(
                id="sample-clash",
                kind=IncidentKind.ARMED_CLASH,
                date_start=dt.date(2025, 7, 26),
                date_end=dt.date(2025, 7, 26),
                date_precision=DatePrecision.DAY,
                place_name="Prasat Ta Kwai",
                lat=14.3553,
                lon=103.4406,
                location_precision=LocationPrecision.EXACT,
                side="disputed",
                actors=["TH", "KH"],
                casualties=[soldiers],
                description="Troops exchanged fire near a temple.",
                sources=[url],
            ),
            schema.Incident(
                id="sample-mines",
                kind=IncidentKind.MINES_FOUND,
                date_start=dt.date(2025, 8, 10),
                date_end=dt.date(2025, 8, 10),
                date_precision=DatePrecision.DAY,
                place_name="Chong Bok",
                location_precision=LocationPrecision.BORDER,
                side="TH",
                actors=["TH"],
                description="Soldiers found anti-personnel mines on a patrol path.",
                sources=[url],
            ),
        ]
        for incident in samples:
            record_incident(session, incident, conflict_id="th-kh-2025", actor="test")


def _records(engine: Engine) -> list[dict[str, object]]:
    with transaction(engine) as session:
        return incident_records(session, list_incidents(session), EVERYTHING)


@pytest.fixture
def other_engine(tmp_path: Path, casebook: Casebook):
    """A second store with the same conflict and no records: where exports are imported back."""
    engine = make_engine(f"sqlite:///{tmp_path / 'other.db'}")
    migrate(engine)
    add_conflict_of(engine, casebook)
    yield engine
    engine.dispose()


def test_acled_round_trip_keeps_kinds_dates_and_fatalities(
    loaded_engine: Engine, other_engine: Engine, tmp_path: Path, conflict: ConflictDefinition
) -> None:
    _record_sample_incidents(loaded_engine)
    original = _records(loaded_engine)
    path = tmp_path / "export.csv"
    path.write_text(export_acled(original, conflict), encoding="utf-8")
    report = run_import(other_engine, path, "acled")
    assert report.created == len(original) >= 3  # the casebook's incidents and the samples
    back = {r["id"].removeprefix("acled-"): r for r in _records(other_engine)}

    def fatalities(record: dict[str, object]) -> int:
        killed = record["killed"]
        assert isinstance(killed, dict)
        return killed["best"] if killed["best"] is not None else (killed["low"] or 0)

    for record in original:
        copy = back[str(record["id"])]
        for key in ("kind", "modality", "date_start", "location_precision", "side"):
            assert copy[key] == record[key], (record["id"], key)
        # ACLED has three date precisions: ours survive as far as ACLED can tell them apart
        code = ACLED_TIME_PRECISION[DatePrecision(str(record["date_precision"]))]
        assert ACLED_TIME_PRECISION[DatePrecision(str(copy["date_precision"]))] == code
        assert fatalities(copy) == fatalities(record)


def test_ucdp_export_has_ged_columns_and_codes(
    loaded_engine: Engine, other_engine: Engine, tmp_path: Path, conflict: ConflictDefinition
) -> None:
    _record_sample_incidents(loaded_engine)
    exported = export_ucdp(_records(loaded_engine), conflict)
    reader = csv.DictReader(io.StringIO(exported))
    assert reader.fieldnames == UCDP_COLUMNS == list(ucdp_adapter.COLUMNS)
    rows = {row["id"]: row for row in reader}
    # GED holds acts of lethal violence only: the mines found stay out
    assert {"sample-shelling", "sample-clash"} <= set(rows) and "sample-mines" not in rows
    kinds = {r["id"]: r["kind"] for r in _records(loaded_engine)}
    assert {kinds[i] for i in rows} <= {k.value for k in UCDP_KINDS}

    shelling = rows["sample-shelling"]
    assert shelling["type_of_violence"] == "1"
    assert (shelling["side_a"], shelling["side_b"]) == ("Government of Cambodia", "Government of Thailand")
    assert (shelling["gwnoa"], shelling["gwnob"]) == ("811", "800")
    assert (shelling["best"], shelling["low"], shelling["high"]) == ("8", "8", "")  # no upper bound given
    assert shelling["deaths_civilians"] == "8" and shelling["deaths_a"] == "0"
    assert (shelling["date_prec"], shelling["where_prec"]) == ("1", "2")
    assert shelling["country"] == "Thailand" and shelling["country_id"] == "800"
    assert shelling["adm_1"] and shelling["where_coordinates"]  # from the gazetteer place
    assert shelling["source_article"] == "https://example.org/th-kh/report"

    clash = rows["sample-clash"]
    assert (clash["side_a"], clash["side_b"]) == ("Government of Thailand", "Government of Cambodia")
    assert (clash["deaths_a"], clash["deaths_b"], clash["best"]) == ("0", "2", "2")
    assert clash["geom_wkt"] == "POINT (103.4406 14.3553)" and clash["country"] == ""  # disputed ground

    # a UCDP export reads back in: dates, precisions and fatalities survive
    path = tmp_path / "ged.csv"
    path.write_text(exported, encoding="utf-8")
    assert run_import(other_engine, path, "ucdp").created == len(rows)
    with transaction(other_engine) as session:
        back = session.get(Incident, "ucdp-sample-clash")
        assert back is not None
        assert (back.date_start, back.date_precision, back.location_precision) == (
            dt.date(2025, 7, 26),
            "day",
            "exact",
        )
        assert sum(f.best or 0 for f in back.casualties) == 2
        assert session.scalar(select(func.count()).select_from(ImportJob)) == 1


def test_export_ucdp_cli(loaded_engine: Engine, tmp_path: Path) -> None:
    _record_sample_incidents(loaded_engine)
    out = tmp_path / "ged.csv"
    result = CliRunner().invoke(app, ["--db", str(loaded_engine.url), "export", "ucdp", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[0] == ",".join(UCDP_COLUMNS)
