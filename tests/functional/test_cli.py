"""The command line as a user runs it: a real process, a real SQLite file, exit codes and JSON."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from truceline.publish.exports import ACLED_COLUMNS


def run(*args: str, db: Path | None = None, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "truceline"]
    if db is not None:
        command += ["--db", f"sqlite:///{db}"]
    return subprocess.run(command + list(args), capture_output=True, text=True, input=stdin, timeout=300)


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "truceline.db"
    result = run("casebook", "load", "th-kh-2025", db=db)
    assert result.returncode == 0, result.stderr
    assert "loaded th-kh-2025" in result.stdout
    return db


def test_loading_again_says_nothing_changed(loaded_db: Path) -> None:
    result = run("casebook", "load", "th-kh-2025", db=loaded_db)
    assert result.returncode == 0
    assert "already loaded; nothing changed" in result.stdout


def test_incidents_list_json_carries_the_documented_fields(loaded_db: Path) -> None:
    result = run("incidents", "list", "--json", db=loaded_db)
    assert result.returncode == 0, result.stderr
    incidents = json.loads(result.stdout)
    assert len(incidents) >= 50
    for incident in incidents:
        for key in (
            "id",
            "kind",
            "date_start",
            "date_end",
            "date_precision",
            "place",
            "lat",
            "lon",
            "location_precision",
            "killed",
            "injured",
            "displaced",
            "sources",
            "claims",
        ):
            assert key in incident, key
        assert set(incident["killed"]) == {"low", "best", "high"}
        assert incident["sources"] and all(s["url"] for s in incident["sources"])


def test_incidents_list_filters_by_date_kind_and_party(loaded_db: Path) -> None:
    everything = json.loads(run("incidents", "list", "--json", db=loaded_db).stdout)
    december = json.loads(run("incidents", "list", "--json", "--from", "2025-12-01", db=loaded_db).stdout)
    assert 0 < len(december) < len(everything)
    assert all(i["date_end"] >= "2025-12-01" for i in december)
    mines = json.loads(run("incidents", "list", "--json", "--kind", "landmine_explosion", db=loaded_db).stdout)
    assert mines and all(i["kind"] == "landmine_explosion" for i in mines)
    accused_kh = json.loads(run("incidents", "list", "--json", "--party", "KH", db=loaded_db).stdout)
    assert accused_kh and len(accused_kh) < len(everything)


def test_incidents_list_takes_the_web_lists_filters_and_formats(loaded_db: Path) -> None:
    query = ["--q", "temple", "--party", "kh", "--from", "2025-07-01", "--to", "2025-12-31", "--sort", "-date"]
    found = json.loads(run("incidents", "list", *query, "--format", "json", db=loaded_db).stdout)
    assert found and [i["date_start"] for i in found] == sorted((i["date_start"] for i in found), reverse=True)
    assert all(i["date_end"] >= "2025-07-01" and i["date_start"] <= "2025-12-31" for i in found)
    ids = [i["id"] for i in found]
    acled = run("incidents", "list", *query, "--format", "csv", db=loaded_db)
    assert acled.returncode == 0, acled.stderr
    rows = list(csv.DictReader(io.StringIO(acled.stdout)))
    assert list(rows[0].keys()) == ACLED_COLUMNS and sorted(r["event_id_cnty"] for r in rows) == sorted(ids)
    features = json.loads(run("incidents", "list", *query, "--format", "geojson", db=loaded_db).stdout)["features"]
    assert sorted(f["properties"]["id"] for f in features) == sorted(ids)
    page = json.loads(run("incidents", "list", *query, "--limit", "2", "--offset", "1", "--json", db=loaded_db).stdout)
    assert [i["id"] for i in page] == ids[1:3]
    table = run("incidents", "list", *query, "--limit", "2", db=loaded_db)
    assert table.returncode == 0 and f"2 of {len(ids)} incidents" in table.stdout
    place = found[0]["place_id"]
    here = json.loads(
        run("incidents", "list", "--place", place, "--status", "published", "--json", db=loaded_db).stdout
    )
    assert here and all(i["place_id"] == place and i["published"] for i in here)
    by_kind = json.loads(run("incidents", "list", "--sort", "kind", "--json", db=loaded_db).stdout)
    assert [i["kind"] for i in by_kind] == sorted(i["kind"] for i in by_kind)


def test_claims_list_takes_the_web_lists_filters_and_formats(loaded_db: Path) -> None:
    query = ["--kind", "responsible", "--party", "TH", "--sort", "-date"]
    rows = list(csv.DictReader(io.StringIO(run("claims", "list", *query, "--format", "csv", db=loaded_db).stdout)))
    assert rows and all(r["kind"] == "responsible" for r in rows)
    assert [r["date"] for r in rows] == sorted((r["date"] for r in rows), reverse=True)
    listed = json.loads(run("claims", "list", *query, "--json", db=loaded_db).stdout)
    assert [c["id"] for c in listed] == [r["id"] for r in rows]
    features = json.loads(run("claims", "list", *query, "--format", "geojson", db=loaded_db).stdout)["features"]
    assert {f["id"] for f in features} == {r["id"] for r in rows if r["lat"]}
    words = run("claims", "list", "--q", rows[0]["incident_id"], "--from", "2025-01-01", db=loaded_db)
    assert words.returncode == 0 and rows[0]["id"] in words.stdout and "claims" in words.stdout
    public = json.loads(
        run("claims", "list", "--as", "public", "--status", "unpublished", "--json", db=loaded_db).stdout
    )
    assert public == []


def test_agreements_list_json(loaded_db: Path) -> None:
    result = run("agreements", "list", "--json", db=loaded_db)
    agreements = json.loads(result.stdout)
    assert sum(len(a["provisions"]) for a in agreements) >= 40
    for agreement in agreements:
        assert {"id", "title", "signed_on", "status", "provisions"} <= set(agreement)
    shown = run("agreements", "show", agreements[0]["id"], db=loaded_db)
    assert shown.returncode == 0 and agreements[0]["title"] in shown.stdout


def test_acled_export_uses_acled_columns(loaded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "acled.csv"
    result = run("export", "acled", "-o", str(out), db=loaded_db)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert list(rows[0].keys()) == ACLED_COLUMNS
    assert {r["sub_event_type"] for r in rows} >= {"Armed clash", "Remote explosive/landmine/IED"}


def test_geojson_export_is_a_feature_collection(loaded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "incidents.geojson"
    assert run("export", "geojson", "-o", str(out), db=loaded_db).returncode == 0
    collection = json.loads(out.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    assert all(f["geometry"] for f in collection["features"])  # coarse ones as their area
    points = [f for f in collection["features"] if f["geometry"]["type"] == "Point"]
    assert points and all(100 < f["geometry"]["coordinates"][0] < 108 for f in points)


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("incidents", "list", "--kind", "skirmish"), 2, "kind: unknown value 'skirmish'"),
        (("incidents", "show", "no-such-incident"), 3, "no incident 'no-such-incident'"),
        (("agreements", "show", "no-such-agreement"), 3, "no agreement 'no-such-agreement'"),
        (("casebook", "load", "no-such-casebook"), 2, "does not exist"),
        (("incidents", "list", "--from", "2025-13-01"), 2, "--from: '2025-13-01' is not a date (YYYY-MM-DD)"),
        (("incidents", "list", "--from", "2025-12-31", "--to", "2025-12-01"), 2, "'to' (2025-12-01) is before"),
        (("incidents", "list", "--status", "retracted"), 2, "status: unknown value 'retracted'"),
        (("incidents", "list", "--format", "xlsx"), 2, "Invalid value"),
        (("claims", "list", "--sort", "kind"), 2, "sort: unknown value 'kind'"),
        (("claims", "list", "--kind", "skirmish"), 2, "kind: unknown value 'skirmish'"),
    ],
)
def test_bad_input_gets_a_clear_message_and_exit_code(
    loaded_db: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    result = run(*args, db=loaded_db)
    assert result.returncode == code, (result.stdout, result.stderr)
    assert message in result.stderr


def test_a_malformed_database_url_is_refused(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "truceline", "--db", "not a url", "summary"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "not a database URL" in result.stderr


def test_every_command_explains_itself() -> None:
    from typer.main import get_command

    from truceline.cli import app

    root = get_command(app)
    assert root.help
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        assert command.help or command.short_help, f"'truceline {name}' has no help"
        for sub_name, sub in getattr(command, "commands", {}).items():
            assert sub.help, f"'truceline {name} {sub_name}' has no help"


def test_the_cli_reference_is_up_to_date() -> None:
    from truceline.cli_reference import reference

    documented = (Path(__file__).resolve().parents[2] / "docs" / "cli.md").read_text(encoding="utf-8")
    assert documented == reference(), "regenerate it: python -m truceline.cli_reference > docs/cli.md"


def test_more_bad_input_is_refused_with_a_message(loaded_db: Path, tmp_path: Path) -> None:
    backwards = run("incidents", "list", "--from", "2025-12-10", "--to", "2025-12-01", db=loaded_db)
    assert backwards.returncode == 2 and "'to' (2025-12-01) is before 'from' (2025-12-10)" in backwards.stderr
    unknown = run("compliance", "--party", "ZZ", db=loaded_db)
    assert unknown.returncode == 2 and "unknown party 'ZZ'" in unknown.stderr
    nowhere = run("export", "acled", "-o", str(tmp_path / "missing" / "x.csv"), db=loaded_db)
    assert nowhere.returncode == 2 and "cannot write the export" in nowhere.stderr
    assert not (tmp_path / "missing").exists()


def test_review_accept_refuses_a_date_in_year_9999(tmp_path: Path) -> None:
    from truceline.casebooks.loader import bundled_casebook_path

    db = tmp_path / "review.db"
    assert run("casebook", "load", "th-kh-2025", db=db).returncode == 0
    sample = bundled_casebook_path("th-kh-2025") / "samples" / "2025-11-11-mine-halts-peace-steps.txt"
    assert run("ingest", str(sample), "--published", "2025-11-11", db=db).returncode == 0
    queue = json.loads(run("review", "list", "--json", db=db).stdout)
    first = next(c for c in queue if c["type"] == "incident")
    result = run("review", "accept", first["id"].lstrip("c"), "--edit", "date_start=9999-12-31", db=db)
    assert result.returncode == 2, result.stderr
    assert "9999-12-31" in result.stderr


def test_ingesting_a_saved_web_page_reads_its_article_and_its_own_date(loaded_db: Path) -> None:
    page = Path(__file__).parents[1] / "intake" / "data" / "news-page.html"
    result = run("ingest", str(page), "--dry-run", "--json", db=loaded_db)
    assert result.returncode == 0, result.stderr
    ingested = json.loads(result.stdout)
    assert ingested["document"]["published"] == "2025-12-09"  # the page's markup, not today
    incidents = [c for c in ingested["candidates"] if c["type"] == "incident"]
    # Monday's shelling, read against the page's Tuesday; the related stories' hospital and mine blast are not read
    assert [(c["kind"], c["date_start"]) for c in incidents] == [("shelling", "2025-12-08")]
    told = run("ingest", str(page), "--dry-run", db=loaded_db)
    assert "published 2025-12-09 (the date the page gives)" in told.stdout
