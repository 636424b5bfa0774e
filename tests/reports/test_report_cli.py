"""Reports, letters, meetings, letters and statements from the command line: a real process on a
real SQLite file, the files it writes, and its exit codes on bad requests."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from docx import Document as Docx
from pypdf import PdfReader

LANDMINE = "2025-11-10-huai-ta-maria-landmine"


def run(*args: str, db: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "truceline", "--db", f"sqlite:///{db}", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=cwd)


def ok(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def loaded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("reports") / "truceline.db"
    ok(run("casebook", "load", "th-kh-2025", db=db))
    return db


def pdf_text(path: Path) -> tuple[str, int]:
    reader = PdfReader(path)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    images = {image.data for page in reader.pages for image in page.images}
    return text, len(images)


def test_the_december_sitrep_pdf_holds_every_section_a_map_and_the_compliance_figures(
    loaded_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "sitrep.pdf"
    ok(run("report", "sitrep", "--from", "2025-12-01", "--to", "2025-12-31", "-o", str(out), db=loaded_db))
    text, images = pdf_text(out)
    for title in (
        "Situation report, 2025-12-01 to 2025-12-31",
        "As of 2025-12-31",
        "Headline figures",
        "Map and timeline",
        "Key incidents",
        "Violations by provision and party",
        "Commitments and their status",
        "Disputed claims",
        "Method note",
        "Sources",
    ):
        assert title in text, title
    assert images >= 2  # the map and the timeline
    # the same figures `compliance` gives for the period's incidents
    incidents = json.loads(
        ok(run("incidents", "list", "--from", "2025-12-01", "--to", "2025-12-31", "--json", db=loaded_db))
    )
    ids = {i["id"] for i in incidents}
    document: dict[str, Any] = json.loads(ok(run("compliance", "--as-of", "2025-12-31", "--json", db=loaded_db)))
    violations = [v for v in document["violations"] if v["incident_id"] in ids]
    assert f"{len(ids)} incidents recorded from 2025-12-01 to 2025-12-31; {len(violations)} violations" in text
    statuses = ["alleged", "disputed", "confirmed", "not_substantiated", "unattributed"]
    row = [sum(v["status"] == s for v in violations) for s in statuses]
    assert "all parties " + " ".join(map(str, row)) + f" {len(violations)}" in text
    for name, code in (("Thailand", "TH"), ("Cambodia", "KH")):
        mine = [v for v in violations if v["party"] == code]
        counts = " ".join(str(sum(v["status"] == s for v in mine)) for s in statuses)
        assert f"{name} {counts} {len(mine)}" in text


def test_a_daily_report_of_the_december_fighting_gives_the_days_counts(loaded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "daily.docx"
    ok(run("report", "daily", "--date", "2025-12-08", "-o", str(out), db=loaded_db))
    day = json.loads(ok(run("incidents", "list", "--from", "2025-12-08", "--to", "2025-12-08", "--json", db=loaded_db)))
    before = json.loads(
        ok(run("incidents", "list", "--from", "2025-12-07", "--to", "2025-12-07", "--json", db=loaded_db))
    )
    opened = Docx(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert f"{len(day)} incidents recorded on 2025-12-08; {len(before)} on the day before" in text
    assert f"(day-on-day change {len(day) - len(before):+d})" in text


def test_letters_about_the_landmine_incident_and_a_recorded_one(loaded_db: Path, tmp_path: Path) -> None:
    protest = tmp_path / "protest.pdf"
    out = ok(
        run("letter", "protest", "--from", "TH", "--to", "KH", "--incident", LANDMINE, "--date", "2025-11-20",
            "--record", "-o", str(protest), db=loaded_db)
    )  # fmt: skip
    text, _ = pdf_text(protest)
    assert "Date: 2025-11-10" in text and "Kantharalak" in text and "at least 2 (best 4)" in text
    squashed = "".join(text.split())  # a PDF breaks long words and URLs across lines
    assert "apmbc-ottawa-1997/Art.1(1)(a)" in squashed
    assert "https://www.nationthailand.com/news/general/40058049" in squashed
    letter_id = out.split("recorded letter ")[1].split()[0]
    shown = json.loads(ok(run("letters", "show", letter_id, "--json", db=loaded_db)))
    assert shown["incident_ids"] == [LANDMINE] and shown["kind"] == "protest"
    request = tmp_path / "article8.docx"
    ok(run("letter", "clarification", "--from", "TH", "--concerning", "KH", "--incident", LANDMINE,
           "--date", "2025-12-23", "-o", str(request), db=loaded_db))  # fmt: skip
    opened = Docx(io.BytesIO(request.read_bytes()))
    text = "\n".join(
        [p.text for p in opened.paragraphs] + [c.text for t in opened.tables for r in t.rows for c in r.cells]
    )
    assert "Article 8(2)" in text and "Secretary-General of the United Nations" in text and "Zambia" in text
    assert "14.6400, 104.6500" in text and "PMN-2" in text


def test_the_brief_for_a_meeting(loaded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    ok(run("report", "brief", "--meeting", "session-gbc-special-3-2025-12-27", "-o", str(out), db=loaded_db))
    html = out.read_text(encoding="utf-8")
    assert "session-gbc-special-2-2025-10-23" in html and "Suggested agenda" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "sitrep", "--from", "2025-12-31", "--to", "2025-12-01"), "before it starts"),
        (("report", "sitrep", "--from", "2024-01-01", "--to", "2024-01-31"), "the period is empty"),
        (("report", "brief", "--meeting", "no-such-meeting"), "no meeting"),
        (("letter", "protest", "--from", "TH", "--to", "KH", "--incident", "no-such-incident"), "unknown incident"),
        (("letter", "clarification", "--from", "TH", "--concerning", "TH", "--incident", LANDMINE), "must differ"),
        (("report", "daily", "--date", "2025-12-08", "--format", "pdf", "-o", "x.docx"), "does not end in .pdf"),
    ],
)
def test_bad_requests_exit_2_with_a_clear_message(
    loaded_db: Path, tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(*args, db=loaded_db, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
    assert not (tmp_path / "x.docx").exists()


def test_meetings_letters_and_statements_commands(loaded_db: Path) -> None:
    meetings = json.loads(ok(run("meetings", "list", "--body", "GBC", "--json", db=loaded_db)))
    assert [m["body"] for m in meetings] == ["GBC"] * len(meetings) and len(meetings) >= 3
    shown = ok(run("meetings", "show", "session-gbc-special-3-2025-12-27", db=loaded_db))
    assert "gbc-special-3-2025-12-27" in shown and "source: https://" in shown
    source = "https://www.nationthailand.com/news/asean/40058092"
    ok(run("meetings", "add", "--id", "rbc-test-2026-01-10", "--body", "RBC", "--title", "RBC test session",
           "--date", "2026-01-10", "--place", "border checkpoint", "--source", source, db=loaded_db))  # fmt: skip
    assert "rbc-test-2026-01-10" in ok(run("meetings", "list", db=loaded_db))
    letters = json.loads(ok(run("letters", "list", "--incident", LANDMINE, "--json", db=loaded_db)))
    assert "th-demand-kh-2025-11-11" in {entry["id"] for entry in letters}
    ok(run("letters", "add", "--id", "kh-reply-test", "--kind", "other", "--from", "KH", "--to", "TH",
           "--date", "2025-11-12", "--subject", "Reply", "--summary", "A reply.", "--incident", LANDMINE,
           "--source", source, db=loaded_db))  # fmt: skip
    assert "A reply." in ok(run("letters", "show", "kh-reply-test", db=loaded_db))
    statements = json.loads(ok(run("statements", "list", "--incident", LANDMINE, "--json", db=loaded_db)))
    assert {s["speaker"] for s in statements} == {"TH", "KH"}
    ok(run("statements", "add", "--id", "kh-test-statement", "--speaker", "KH", "--kind", "denial",
           "--date", "2025-11-12", "--summary", "Denied again.", "--incident", LANDMINE, "--source", source,
           db=loaded_db))  # fmt: skip
    assert "Denied again." in ok(run("statements", "show", "kh-test-statement", db=loaded_db))
    bad = run("statements", "add", "--id", "x", "--speaker", "ZZ", "--kind", "denial", "--date", "2025-11-12",
              "--summary", "?", "--source", source, db=loaded_db)  # fmt: skip
    assert bad.returncode == 2 and "unknown party" in bad.stderr
    assert run("meetings", "show", "no-such-meeting", db=loaded_db).returncode == 3


def test_a_report_queued_as_a_job_is_written_by_a_worker(loaded_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "daily-queued.docx"
    queued = ok(run("report", "daily", "--date", "2025-12-08", "-o", str(out), "--background", db=loaded_db))
    assert "job" in queued and not out.exists()  # nothing is written until a worker runs it
    ok(run("worker", "--burst", db=loaded_db))
    jobs = json.loads(ok(run("jobs", "list", "--json", db=loaded_db)))
    job = next(j for j in jobs if j["kind"] == "report_render")
    assert job["state"] == "done", job
    assert job["counts"]["path"] == str(out.resolve()) and job["counts"]["bytes"] == out.stat().st_size
    text = "\n".join(p.text for p in Docx(io.BytesIO(out.read_bytes())).paragraphs)
    assert "incidents recorded on 2025-12-08" in text
    refused = run("report", "daily", "--date", "2025-12-08", "-o", str(tmp_path / "x.pdf"), "--format", "docx",
                  "--background", db=loaded_db)  # fmt: skip
    assert refused.returncode == 2 and "does not end in .docx" in refused.stderr
