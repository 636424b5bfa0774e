"""Many writers at once, on SQLite (a file, WAL) and on PostgreSQL: nobody gets a 500, every
write that was answered 2xx (or exit 0) is in the store, the rest were told 409 or 503 with
``Retry-After`` (exit 4 or 6), and the ledger verifies afterwards. And a long write never makes
a read of the web app fail.

The API runs in a real uvicorn server on a loopback port (its own threads, the real store);
the CLI writers are real ``truceline`` processes started at the same moment.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine, func, select, text

from tests.servers import serving
from truceline.auth.services import add_user, issue_api_token
from truceline.casebooks.loader import Casebook, load_casebook
from truceline.db import RetryPolicy, make_engine, migrate, run_write, transaction, write_sessions
from truceline.domain import schema
from truceline.incidents.models import Claim, Incident
from truceline.incidents.services import add_claim
from truceline.ledger.services import append, verify_ledger
from truceline.sources.models import ReviewCandidate, SourceDocument
from truceline.sources.services import add_source_document
from truceline.verification.models import Finding

SOURCES_DATA = Path(__file__).resolve().parents[1] / "intake" / "data"
API_WRITERS = 50
OK = {200, 201}


def report(n: int) -> str:
    """A short news report, distinct for each ``n``, from which extraction proposes an incident."""
    day = 1 + n % 28
    return (
        f"On {day} September 2025 Cambodian troops fired artillery shells at a Thai army post near "
        f"Chong Chom, wounding {2 + n % 5} Thai soldiers, the Thai Second Army Area said (report {n})."
    )


def sha(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8")).hexdigest()


@dataclass
class Store:
    url: str
    engine: Engine
    token: str
    incidents: list[str]
    candidates: list[int]


def _url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def prepare(engine: Engine, casebook: Casebook, candidates: int) -> Store:
    """The casebook, an observer with an API token, and ``candidates`` reports waiting for review."""
    from truceline.intake.ingest import ingest_report

    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
        add_user(session, username="observer", role="observer", password="correct-horse-battery", actor="test")
        token = issue_api_token(session, "observer", actor="test")
        queued: list[int] = []
        n = 1000
        while len(queued) < candidates:
            result = ingest_report(
                session, conflict_id="th-kh-2025", text=report(n), published=dt.date(2025, 9, 30), actor="test"
            )
            queued += [c["review_id"] for c in result.candidates if "review_id" in c]
            n += 1
        incidents = list(session.scalars(select(Incident.id).order_by(Incident.id).limit(20)))
    return Store(_url(engine), engine, token, incidents, queued[:candidates])


def cli(url: str, *args: str) -> subprocess.Popen[str]:
    env = os.environ | {"TRUCELINE_DATABASE_URL": url}
    return subprocess.Popen(
        [sys.executable, "-m", "truceline", "--conflict", "th-kh-2025", *args],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def crowd_store(engine: Engine, casebook: Casebook) -> Store:
    return prepare(engine, casebook, candidates=14)


def test_fifty_api_writers_and_cli_writers_at_once(crowd_store: Store, tmp_path: Path) -> None:
    """50 API clients (ingests, a duplicate ingest, findings, reviews) and 12 CLI processes
    (ingests, findings, reviews, event-data imports) all write at the same moment."""
    s = crowd_store
    duplicate = report(1)
    jobs: list[tuple[str, str, dict[str, Any]]] = []
    for n in range(20):
        jobs.append(("ingest", "/api/v1/ingest", {"text": report(n + 10), "published": "2025-09-30"}))
    for _ in range(5):
        jobs.append(("duplicate", "/api/v1/ingest", {"text": duplicate, "published": "2025-09-30"}))
    for n in range(15):
        body = {"incident_id": s.incidents[n % len(s.incidents)], "result": "inconclusive", "reasoning": f"api {n}"}
        jobs.append(("finding", "/api/v1/findings", body))
    for candidate in s.candidates[:10]:
        jobs.append(("reject", f"/api/v1/review/{candidate}/reject", {"reason": "concurrency test"}))
    assert len(jobs) == API_WRITERS

    files = []
    for n in range(4):
        path = tmp_path / f"cli-report-{n}.txt"
        path.write_text(report(n + 200), encoding="utf-8")
        files.append(path)

    with serving(s.engine) as base, httpx.Client(base_url=base, timeout=120) as client:
        start = threading.Barrier(API_WRITERS)
        headers = {"Authorization": f"Bearer {s.token}"}

        def write(job: tuple[str, str, dict[str, Any]]) -> httpx.Response:
            start.wait()
            return client.post(job[1], json=job[2], headers=headers)

        commands = [cli(s.url, "ingest", str(f), "--published", "2025-09-30", "--json") for f in files]
        commands += [
            cli(
                s.url, "findings", "add", "--incident", s.incidents[n], "--result", "inconclusive", "--reasoning", "cli"
            )
            for n in range(4)
        ]
        commands += [cli(s.url, "review", "reject", str(c), "--why", "cli") for c in s.candidates[10:12]]
        commands += [cli(s.url, "import", "acled", str(SOURCES_DATA / "acled_th_kh_2025.csv")) for _ in range(2)]
        with ThreadPoolExecutor(API_WRITERS) as pool:
            responses = list(pool.map(write, jobs))
        finished = [(c.args, *c.communicate(timeout=600), c.returncode) for c in commands]

    statuses = [r.status_code for r in responses]
    print("API statuses:", Counter(statuses), "CLI exit codes:", Counter(f[-1] for f in finished))
    assert 500 not in statuses, [r.text for r in responses if r.status_code >= 500]
    assert set(statuses) <= OK | {409, 503}, statuses
    for r in responses:
        if r.status_code == 503:
            assert r.headers["Retry-After"].isdigit() and r.json()["error"]["code"] == "busy"
    for args, out, err, code in finished:
        assert code in (0, 4, 6), (args, out, err)
        if code:
            assert err.startswith("error: "), err

    # no lost writes: what was answered 2xx is in the store
    with transaction(s.engine) as session:
        for (kind, _, body), r in zip(jobs, responses, strict=True):
            if r.status_code not in OK:
                continue
            if kind in ("ingest", "duplicate"):
                document = r.json()["document"]
                assert session.get(SourceDocument, document["id"]) is not None
                assert document["sha256"] == sha(body["text"])
            elif kind == "finding":
                finding = session.get(Finding, r.json()["id"])
                assert finding is not None and finding.reasoning == body["reasoning"]
            else:
                candidate = session.get(ReviewCandidate, int(r.url.path.split("/")[-2]))
                assert candidate is not None and candidate.status == "rejected"
        same = session.scalar(
            select(func.count()).select_from(SourceDocument).where(SourceDocument.sha256 == sha(duplicate))
        )
        assert same == 1  # five writers of the same bytes: one document
        for path, (_, _, _, code) in zip(files, finished[:4], strict=True):
            stored = session.scalar(
                select(func.count())
                .select_from(SourceDocument)
                .where(SourceDocument.sha256 == sha(path.read_text(encoding="utf-8")))
            )
            assert stored == (1 if code == 0 else 0)
        assert verify_ledger(session).ok

    verify = subprocess.run(
        [sys.executable, "-m", "truceline", "ledger", "verify"],
        env=os.environ | {"TRUCELINE_DATABASE_URL": s.url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert verify.returncode == 0, verify.stdout + verify.stderr


def test_claims_added_at_once_get_distinct_ids_from_the_store(engine: Engine, casebook: Casebook) -> None:
    """20 writers add a claim to one incident at the same moment: 20 claims, ids never counted twice."""
    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
        incident = session.scalars(select(Incident.id).order_by(Incident.id)).first()
        assert incident is not None
        before = set(session.scalars(select(Claim.id).where(Claim.incident_id == incident)))
        source, _ = add_source_document(
            session,
            conflict_id="th-kh-2025",
            content="The army says the other side fired first.",
            kind="news",
            actor="t",
        )
    claim = schema.Claim(
        claimant="TH",
        accused="KH",
        assertion="fired_first",
        stance="accuses",
        date=dt.date(2025, 9, 1),
        summary="x",
        sources=[f"urn:sha256:{source.sha256}"],
    )
    writes = write_sessions(engine)
    start = threading.Barrier(20)

    def add(n: int) -> str:
        start.wait()
        return run_write(
            writes,
            lambda session: (
                add_claim(session, incident, claim.model_copy(update={"summary": f"claim {n}"}), actor="test").id
            ),
            policy=RetryPolicy(attempts=10),
        )

    with ThreadPoolExecutor(20) as pool:
        ids = list(pool.map(add, range(20)))
    assert len(set(ids)) == 20 and not set(ids) & before
    numbers = sorted(int(i.rsplit("-", 1)[1]) for i in ids)
    assert numbers == list(range(len(before) + 1, len(before) + 21))
    with transaction(engine) as session:
        assert verify_ledger(session).ok


@contextmanager
def held_write(engine: Engine, seconds: float) -> Iterator[None]:
    """A long write in another thread: a transaction that appends to the ledger and writes a
    thousand source documents, then holds its locks for ``seconds`` before it rolls back."""
    holding = threading.Event()

    def hold() -> None:
        with write_sessions(engine)() as session, session.begin():
            append(session, actor="test", action="test:lock:hold", subject_type="test", subject_id="1", payload={})
            for n in range(1000):
                add_source_document(
                    session, conflict_id="th-kh-2025", content=f"bulk row {n}", kind="news", actor="test"
                )
            session.flush()
            holding.set()
            time.sleep(seconds)
            session.rollback()

    thread = threading.Thread(target=hold)
    thread.start()
    assert holding.wait(120), "the long write did not start"
    try:
        yield
    finally:
        thread.join()


def test_a_long_write_never_makes_reads_fail_and_writers_get_503(engine: Engine, casebook: Casebook) -> None:
    """While a long write holds the writer lock, every read of the web app (pages and API)
    answers 200; a writer that cannot get in within its attempts gets 503 with Retry-After."""
    s = prepare(engine, casebook, candidates=0)
    impatient = make_engine(s.url, lock_timeout_ms=200)
    migrate(impatient)
    policy = RetryPolicy(attempts=2, base_seconds=0.01)
    reads: list[int] = []
    try:
        with (
            serving(impatient, write_policy=policy) as base,
            httpx.Client(base_url=base, timeout=60) as client,
            held_write(s.engine, seconds=4),
        ):
            began = time.monotonic()
            write = client.post(
                "/api/v1/ingest",
                json={"text": report(7), "published": "2025-09-30"},
                headers={"Authorization": f"Bearer {s.token}"},
            )
            while time.monotonic() - began < 3:
                for path in ("/api/v1/incidents?limit=50", "/", "/incidents", "/api/v1/sources"):
                    reads.append(client.get(path, headers={"accept": "text/html"}).status_code)
    finally:
        impatient.dispose()
    assert reads and set(reads) == {200}, reads
    assert write.status_code == 503, write.text
    assert write.headers["Retry-After"].isdigit()
    assert write.json()["error"]["code"] == "busy"
    with transaction(s.engine) as session:
        assert (
            session.scalar(
                select(func.count()).select_from(SourceDocument).where(SourceDocument.sha256 == sha(report(7)))
            )
            == 0
        )
        assert verify_ledger(session).ok
        if s.engine.dialect.name == "sqlite":
            assert session.execute(text("PRAGMA journal_mode")).scalar_one() == "wal"
