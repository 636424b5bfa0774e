"""Reports and letters asked for from a web page as PDF or DOCX are rendered as background jobs:
the page's form answers with the job's page, the job renders what the reader who asked may see,
and the file is kept in the store for that reader (or a coordinator) to download.

On both stores. The jobs are run by the embedded runner (``LocalRunner.run_pending``), as the
server's job thread runs them; the app here starts no thread of its own.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator

import pytest
from docx import Document as Docx
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlalchemy import func, select, update

from tests.functional.web.conftest import csrf_from, log_in
from tests.security.conftest import PUBLISHED_INCIDENT, SecureStore, build_store, postgres_store
from truceline.app import create_app
from truceline.casebooks.loader import Casebook
from truceline.db import make_engine, utcnow
from truceline.jobs.models import Job, JobFile
from truceline.jobs.queue import LocalRunner
from truceline.jobs.services import run_job
from truceline.jobs.tasks import KINDS
from truceline.ledger.models import LedgerEntry

DECEMBER = {"from": "2025-12-01", "to": "2025-12-31"}
#: the day of the unpublished incident a Thai liaison submitted (see tests/security/conftest.py)
CANARY_DAY = "2025-08-15"
CANARY = "QZXINCIDENTCANARY"


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, casebook: Casebook
) -> Iterator[SecureStore]:
    """The casebook with a user per role and unpublished records, on each store (this module's own)."""
    if request.param == "sqlite":
        directory = tmp_path_factory.mktemp("report-jobs")
        engine = make_engine(f"sqlite:///{directory / 'truceline.db'}")
        yield build_store(engine, casebook, directory / "evidence")
        engine.dispose()
    else:
        with postgres_store(tmp_path_factory, casebook, "reportjobs") as secure:
            yield secure


def client_of(store: SecureStore) -> TestClient:
    return TestClient(create_app(store.engine, run_jobs=False))


def run_jobs(store: SecureStore) -> int:
    """Run the queued jobs as the server's job thread does; how many ran."""
    return LocalRunner(store.engine).run_pending()


def drafts(store: SecureStore) -> int:
    """Letters drafted: their ledger entries."""
    with store.engine.connect() as connection:
        query = select(func.count()).select_from(LedgerEntry).where(LedgerEntry.action == "report:letter:generated")
        return connection.scalar(query) or 0


def jobs_count(store: SecureStore) -> int:
    with store.engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(Job)) or 0


def bearer(store: SecureStore, role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {store.tokens[role]}"}


def docx_text(content: bytes) -> str:
    opened = Docx(io.BytesIO(content))
    cells = [c.text for t in opened.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in opened.paragraphs] + cells)


def job_of(response: object) -> str:
    location: str = response.headers["location"]  # type: ignore[attr-defined]
    assert location.startswith("/jobs/"), location
    return location


def test_a_coordinator_gets_the_december_sitrep_as_a_pdf_from_a_job(store: SecureStore) -> None:
    with client_of(store) as client:
        log_in(client, "coordinator")
        token = csrf_from(client.get("/").text)
        asked = client.post(
            "/reports/sitrep", data=DECEMBER | {"format": "pdf", "csrf_token": token}, follow_redirects=False
        )
        assert asked.status_code == 303, asked.text
        job = job_of(asked)
        waiting = client.get(job).text
        assert 'id="job-state">queued' in waiting and f"{job}/file" not in waiting
        assert client.get(f"{job}/file").status_code == 404  # nothing to download yet

        assert run_jobs(store) == 1
        page = client.get(job).text
        assert 'id="job-state">done' in page and f'href="{job}/file"' in page
        assert "sitrep-2025-12-01-2025-12-31.pdf" in page
        download = client.get(f"{job}/file")
    assert download.status_code == 200
    assert download.headers["content-type"] == "application/pdf"
    assert download.headers["content-disposition"] == 'attachment; filename="sitrep-2025-12-01-2025-12-31.pdf"'
    assert download.content.startswith(b"%PDF")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(download.content)).pages)
    for heading in ("Situation report, 2025-12-01 to 2025-12-31", "Headline figures", "Key incidents", "Method note"):
        assert heading in text, heading

    # the file is the coordinator's: nobody else who asked for nothing downloads it
    with client_of(store) as other:
        assert other.get(f"{job}/file").status_code == 404  # a visitor
        assert other.get(job).status_code == 404
        assert other.get(f"{job}/file", headers=bearer(store, "public")).status_code == 404
        assert other.get(f"{job}/file", headers=bearer(store, "party_th")).status_code == 404
        assert other.get(job, headers=bearer(store, "observer")).status_code == 200  # observers see jobs
        assert other.get(f"{job}/file", headers=bearer(store, "observer")).status_code == 403


def test_a_readers_report_holds_only_what_that_reader_may_see(store: SecureStore) -> None:
    """The job records the reader's role: the public's daily report of the day of an unpublished
    party submission leaves it out; the submitting party's and an observer's hold it."""
    files = {}
    with client_of(store) as client:
        for role in ("public", "party_th", "observer"):
            asked = client.post(
                "/reports/daily",
                data={"date": CANARY_DAY, "format": "docx"},
                headers=bearer(store, role),
                follow_redirects=False,
            )
            assert asked.status_code == 303, asked.text
            files[role] = job_of(asked) + "/file"
        assert run_jobs(store) == 3
        texts = {}
        for role, url in files.items():
            download = client.get(url, headers=bearer(store, role))
            assert download.status_code == 200, (role, download.text[:300])
            assert download.headers["content-disposition"] == f'attachment; filename="daily-{CANARY_DAY}.docx"'
            texts[role] = docx_text(download.content)
        assert client.get(files["observer"], headers=bearer(store, "public")).status_code == 404
        assert client.get(files["observer"], headers=bearer(store, "coordinator")).status_code == 200
    assert all(f"Daily report, {CANARY_DAY}" in text for text in texts.values())
    assert CANARY not in texts["public"]
    assert CANARY in texts["party_th"] and CANARY in texts["observer"]


def test_a_visitor_downloads_the_report_it_asked_for_and_no_other_visitor_does(store: SecureStore) -> None:
    with client_of(store) as visitor, client_of(store) as stranger:
        token = csrf_from(visitor.get("/").text)
        asked = visitor.post(
            "/reports/sitrep", data=DECEMBER | {"format": "docx", "csrf_token": token}, follow_redirects=False
        )
        assert asked.status_code == 303, asked.text
        job = job_of(asked)
        assert run_jobs(store) == 1
        assert f'href="{job}/file"' in visitor.get(job).text
        mine = visitor.get(f"{job}/file")
        assert mine.status_code == 200 and "Headline figures" in docx_text(mine.content)
        assert CANARY not in docx_text(mine.content)
        stranger.get("/")  # a visitor of its own, with a session cookie
        assert stranger.get(f"{job}/file").status_code == 404
        assert stranger.get(job).status_code == 404


def test_a_report_asked_for_before_logging_in_is_still_yours_after(store: SecureStore) -> None:
    with client_of(store) as browser, client_of(store) as stranger:
        token = csrf_from(browser.get("/").text)
        asked = browser.post(
            "/reports/sitrep", data=DECEMBER | {"format": "docx", "csrf_token": token}, follow_redirects=False
        )
        job = job_of(asked)
        assert run_jobs(store) == 1
        log_in(browser, "reader")  # a public reader: sees only the jobs they asked for
        assert f'href="{job}/file"' in browser.get(job).text
        assert browser.get(f"{job}/file").status_code == 200
        log_in(stranger, "reader")  # the same account in another browser did not ask for it
        assert stranger.get(job).status_code == 404
        browser.post("/logout", data={"csrf_token": csrf_from(browser.get("/").text)})
        assert browser.get(job).status_code == 404  # logging out forgets the visitor too


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"from": "2025-12-31", "to": "2025-12-01"}, "ends (2025-12-01) before it starts (2025-12-31)"),
        ({"from": "2024-01-01", "to": "2024-01-31"}, "the period is empty"),
        ({"from": "2025-12-01", "to": "not-a-day"}, "date"),
    ],
)
def test_a_bad_period_is_refused_before_any_job_is_queued(
    store: SecureStore, form: dict[str, str], message: str
) -> None:
    before = jobs_count(store)
    with client_of(store) as client:
        response = client.post(
            "/reports/sitrep",
            data=form | {"format": "pdf"},
            headers=bearer(store, "coordinator"),
            follow_redirects=False,
        )
    assert response.status_code == 422 and message in response.text, response.text
    assert jobs_count(store) == before


def test_pdf_and_docx_are_not_rendered_in_a_get_and_html_stays_immediate(store: SecureStore) -> None:
    with client_of(store) as client:
        refused = client.get("/reports/sitrep", params=DECEMBER | {"format": "pdf"})
        assert refused.status_code == 422 and "background job" in refused.text
        html = client.get("/reports/sitrep", params=DECEMBER)
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        token = csrf_from(client.get("/").text)
        asked = client.post(
            "/reports/sitrep", data=DECEMBER | {"format": "html", "csrf_token": token}, follow_redirects=False
        )
    assert asked.status_code == 303
    assert asked.headers["location"] == "/reports/sitrep?from=2025-12-01&to=2025-12-31"


def test_the_meeting_brief_as_docx_from_the_meeting_page(store: SecureStore) -> None:
    meeting = "session-gbc-special-3-2025-12-27"
    with client_of(store) as client:
        log_in(client, "observer")
        page = client.get(f"/meetings/{meeting}").text
        assert f'action="/meetings/{meeting}/brief"' in page
        form = {"format": "docx", "csrf_token": csrf_from(page)}
        asked = client.post(f"/meetings/{meeting}/brief", data=form, follow_redirects=False)
        assert asked.status_code == 303, asked.text
        assert client.post("/meetings/no-such-meeting/brief", data=form).status_code == 422
        assert run_jobs(store) == 1
        download = client.get(job_of(asked) + "/file")
    assert download.headers["content-disposition"] == f'attachment; filename="brief-{meeting}.docx"'
    assert "Suggested agenda" in docx_text(download.content)


def test_a_report_file_is_kept_for_its_days_then_removed_when_a_new_one_is_kept(store: SecureStore) -> None:
    meeting = "session-gbc-special-3-2025-12-27"
    with client_of(store) as client:
        log_in(client, "observer")
        form = {"format": "docx", "csrf_token": csrf_from(client.get(f"/meetings/{meeting}").text)}
        first = job_of(client.post(f"/meetings/{meeting}/brief", data=form, follow_redirects=False))
        assert run_jobs(store) == 1
        assert client.get(f"{first}/file").status_code == 200
        with store.engine.begin() as connection:  # the file was made eight days ago (the default keeps 7)
            eight_days_ago = utcnow() - dt.timedelta(days=8)
            connection.execute(update(JobFile).values(created_at=eight_days_ago))

        second = job_of(client.post(f"/meetings/{meeting}/brief", data=form, follow_redirects=False))
        assert run_jobs(store) == 1  # keeping the new file removes the expired one
        assert client.get(f"{second}/file").status_code == 200
        gone = client.get(f"{first}/file")
        assert gone.status_code == 404 and "ask for the report again" in gone.text
        page = client.get(first).text
    assert 'id="job-file-expired"' in page and f'href="{first}/file"' not in page
    assert 'id="job-state">done' in page  # the job itself stays


@pytest.mark.parametrize(
    ("kind", "sender", "other", "expected"),
    [
        ("protest", "KH", "TH", "Protest from"),
        ("clarification", "TH", "KH", "Article 8(2)"),
    ],
)
def test_letters_from_the_incident_page_as_docx_via_a_job(
    store: SecureStore, kind: str, sender: str, other: str, expected: str
) -> None:
    with client_of(store) as client:
        log_in(client, "observer")
        token = csrf_from(client.get(f"/incidents/{PUBLISHED_INCIDENT}").text)
        form = {"kind": kind, "sender": sender, "other": other, "format": "docx", "csrf_token": token}
        asked = client.post(f"/incidents/{PUBLISHED_INCIDENT}/letter", data=form, follow_redirects=False)
        assert asked.status_code == 303, asked.text
        job = job_of(asked)
        assert run_jobs(store) == 1
        download = client.get(f"{job}/file")
        assert download.status_code == 200
        assert download.headers["content-type"] == (
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        name = f"{kind}-{sender.lower()}-{other.lower()}-{PUBLISHED_INCIDENT}.docx"
        assert download.headers["content-disposition"] == f'attachment; filename="{name}"'
        text = docx_text(download.content)
        assert expected in text and "2025-11-10" in text

    # the worker died after the letter was drafted and kept, before the job was marked done: the
    # message is delivered again, and the rerun drafts nothing more
    job_id = int(job.rsplit("/", 1)[1])
    drafted = drafts(store)
    assert drafted >= 1
    with store.engine.begin() as connection:
        connection.execute(update(Job).where(Job.id == job_id).values(state="running"))
    assert run_job(store.engine, job_id, KINDS, claimed=True) == "done"
    assert drafts(store) == drafted
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(JobFile).where(JobFile.job_id == job_id)) == 1


def test_a_letter_a_party_may_not_draft_is_refused_before_any_job(store: SecureStore) -> None:
    before = jobs_count(store)
    with client_of(store) as client:
        for form, status in [
            ({"kind": "protest", "sender": "KH", "other": "TH"}, 403),  # not its party
            ({"kind": "protest", "sender": "TH", "other": "TH"}, 422),  # to itself
            ({"kind": "complaint", "sender": "TH", "other": "KH"}, 422),
        ]:
            response = client.post(
                f"/incidents/{PUBLISHED_INCIDENT}/letter",
                data=form | {"format": "docx"},
                headers=bearer(store, "party_th"),
                follow_redirects=False,
            )
            assert response.status_code == status, response.text
        refused = client.post(
            "/incidents/no-such-incident/letter",
            data={"kind": "protest", "sender": "TH", "other": "KH", "format": "pdf"},
            headers=bearer(store, "observer"),
        )
        assert refused.status_code == 422 and "unknown incident" in refused.text
    assert jobs_count(store) == before
