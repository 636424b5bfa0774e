"""An incident that needs correcting is corrected, unpublished, republished and retracted from the
command line; ``truceline history`` shows each step; ``compliance --known-at`` from before the
correction gives the earlier verdict; the store still verifies."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time
from pathlib import Path

from tests.functional.test_cli import run

MINE = "2025-07-16-chong-bok-hill-481-landmine"
FIX = "https://example.org/corrected-report"


def violations(db: Path, *extra: str) -> list[dict[str, object]]:
    result = run("compliance", "--as-of", "2025-12-31", "--json", *extra, db=db)
    assert result.returncode == 0, result.stderr
    return [v for v in json.loads(result.stdout)["violations"] if v["incident_id"] == MINE]


def test_an_incident_is_corrected_unpublished_republished_and_retracted(tmp_path: Path) -> None:
    db = tmp_path / "truceline.db"
    assert run("casebook", "load", "th-kh-2025", db=db).returncode == 0
    before = violations(db)
    assert before
    known = dt.datetime.now(dt.UTC).isoformat()
    time.sleep(0.01)

    unknown = run("incidents", "correct", MINE, "--set", "colour=red", "--reason", "r", "--source", FIX, db=db)
    assert unknown.returncode == 2 and "unknown incident field 'colour'" in unknown.stderr
    far = run("incidents", "correct", MINE, "--set", "date_start=9999-12-31", "--reason", "r", "--source", FIX, db=db)
    assert far.returncode == 2 and "in the future" in far.stderr
    corrected = run(
        "incidents", "correct", MINE, "--set", "kind=fortification", "--set", "description=A trench was dug.",
        "--reason", "the first report was misread", "--source", FIX, "--json", db=db,
    )  # fmt: skip
    assert corrected.returncode == 0, corrected.stderr
    assert json.loads(corrected.stdout)["kind"] == "fortification"
    assert violations(db) != before
    assert violations(db, "--known-at", known) == before

    assert run("incidents", "unpublish", MINE, "--reason", "under review", db=db).returncode == 0
    assert run("incidents", "republish", MINE, "--reason", "reviewed", db=db).returncode == 0
    claim = f"{MINE}/claim-1"
    fixed = run("claims", "correct", claim, "--set", "summary=Misquoted.", "--reason", "r", "--source", FIX, db=db)
    assert fixed.returncode == 0, fixed.stderr
    assert run("claims", "retract", claim, "--reason", "withdrawn by the party", db=db).returncode == 0
    retracted = run("incidents", "retract", MINE, "--reason", "a duplicate report", db=db)
    assert retracted.returncode == 0, retracted.stderr
    again = run("incidents", "retract", MINE, "--reason", "again", db=db)
    assert again.returncode == 4

    shown = run("history", "incident", MINE, "--json", db=db)
    steps = json.loads(shown.stdout)
    assert [s["change"] for s in steps] == ["created", "corrected", "unpublished", "republished", "retracted"]
    assert steps[1]["source"] == FIX and steps[1]["reason"] == "the first report was misread"
    text = run("history", "incident", MINE, db=db).stdout
    assert "kind: landmine_explosion → fortification" in text and "why: a duplicate report" in text
    assert json.loads(run("history", "claims", claim, "--json", db=db).stdout)[-1]["change"] == "retracted"
    assert run("history", "meetings", "x", db=db).returncode == 2

    verified = run("ledger", "verify", db=db)
    assert verified.returncode == 0, verified.stderr
    assert run("ledger", "adopt", db=db).stdout.startswith("every record has a version already")

    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE incidents SET kind = 'armed_clash' WHERE id = ?", (MINE,))
    tampered = run("ledger", "verify", db=db)
    assert tampered.returncode == 1 and f"FAILED at record incident {MINE}" in tampered.stderr


def test_casualty_figures_are_corrected_from_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "truceline.db"
    assert run("casebook", "load", "th-kh-2025", db=db).returncode == 0
    bad = run(
        "incidents", "correct", MINE, "--figure", "injured:TH:military=6/4/3", "--reason", "r", "--source", FIX, db=db
    )
    assert bad.returncode == 2 and "low <= best <= high" in bad.stderr
    done = run(
        "incidents", "correct", MINE, "--figure", "injured:TH:military=3/4/6", "--figure", "killed:TH:military=1",
        "--reason", "a later army statement", "--source", FIX, "--json", db=db,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["injured"] == {"low": 3, "best": 4, "high": 6}
    text = run("history", "incident", MINE, db=db).stdout
    assert "casualties injured:TH:military: best 3 → low 3, best 4, high 6" in text
    assert "casualties killed:TH:military: — → best 1" in text
    assert run("ledger", "verify", db=db).returncode == 0
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE casualty_figures SET best = 40 WHERE incident_id = ?", (MINE,))
    tampered = run("ledger", "verify", db=db)
    assert tampered.returncode == 1 and f"FAILED at record incident {MINE}" in tampered.stderr
