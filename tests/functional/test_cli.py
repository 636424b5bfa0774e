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
        (("incidents", "list", "--kind", "skirmish"), 2, "unknown incident kind 'skirmish'"),
        (("incidents", "show", "no-such-incident"), 3, "no incident 'no-such-incident'"),
        (("agreements", "show", "no-such-agreement"), 3, "no agreement 'no-such-agreement'"),
        (("casebook", "load", "no-such-casebook"), 2, "does not exist"),
        (("incidents", "list", "--from", "2025-13-01"), 2, "Invalid value"),
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
    assert backwards.returncode == 2 and "is after" in backwards.stderr
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
