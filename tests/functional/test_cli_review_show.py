"""``truceline review show ID``: every field the candidate proposes, its source with the supporting
words marked, and the incidents it may duplicate; an unknown candidate exits 3."""

from __future__ import annotations

import json
from pathlib import Path

from tests.functional.test_cli import run
from truceline.casebooks.loader import bundled_casebook_path


def test_review_show_gives_the_fields_the_marked_source_and_possible_duplicates(tmp_path: Path) -> None:
    db = tmp_path / "review.db"
    assert run("casebook", "load", "th-kh-2025", db=db).returncode == 0
    sample = bundled_casebook_path("th-kh-2025") / "samples" / "2025-11-11-mine-halts-peace-steps.txt"
    assert run("ingest", str(sample), "--published", "2025-11-11", db=db).returncode == 0
    queue = json.loads(run("review", "list", "--json", db=db).stdout)
    first = next(c for c in queue if c["type"] == "incident")
    shown = run("review", "show", str(first["review_id"]), db=db)
    assert shown.returncode == 0, shown.stderr
    assert "killed.best" in shown.stdout and "location_precision" in shown.stdout
    assert "[[" in shown.stdout and "]]" in shown.stdout
    as_json = json.loads(run("review", "show", str(first["review_id"]), "--json", db=db).stdout)
    assert as_json["review_id"] == first["review_id"] and as_json["source"]["text"] == sample.read_text()
    missing = run("review", "show", "999999", db=db)
    assert missing.returncode == 3 and "999999" in missing.stderr
