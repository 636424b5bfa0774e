"""A store for the security tests, on SQLite and on PostgreSQL: the th-kh-2025 casebook, one user
per role, and an unpublished *canary* of every kind of record, each carrying a marker string that
appears nowhere else. A role that may not see a canary must never meet its marker.

Built once per store and session (loading the casebook takes seconds); the tests that write
(schemathesis, the bad-input corpus) only add to it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select, text

from tests.conftest import POSTGRES_URL, _postgres_reason
from tests.functional.web.conftest import PASSWORD, ROLES, web_engine, web_template  # noqa: F401 (fixtures)
from tests.functional.web.conftest import tokens as tokens
from truceline.agreements.models import Commitment
from truceline.auth.services import add_user, issue_api_token
from truceline.casebooks.loader import Casebook, load_casebook
from truceline.db import make_engine, migrate, transaction
from truceline.domain import schema
from truceline.incidents.services import add_claim, add_evidence, record_incident, record_tally
from truceline.sources.services import add_source_document, cite
from truceline.verification.services import add_finding
from truceline.vocabulary import FindingResult, Role

CONFLICT = "th-kh-2025"
#: a published incident of the casebook the canary claim, finding and evidence are attached to
PUBLISHED_INCIDENT = "2025-11-10-huai-ta-maria-landmine"
AGREEMENT = "putrajaya-ceasefire-2025-07-28"

#: marker -> the roles (test names, see ROLES) that may see it; everyone else must not
PARTY_SUBMISSION = frozenset({"party_th", "observer", "coordinator"})
OBSERVERS = frozenset({"observer", "coordinator"})
MARKERS = {
    "QZXSOURCECANARY": PARTY_SUBMISSION,  # a TH liaison's unpublished report (content, title, URL)
    "QZXINCIDENTCANARY": PARTY_SUBMISSION,  # an unpublished incident from it
    "QZXCLAIMCANARY": PARTY_SUBMISSION,  # an unpublished claim on a published incident
    "QZXFINDINGCANARY": OBSERVERS,  # a draft finding on a published incident
    "QZXEVIDENCECANARY": OBSERVERS,  # a restricted evidence file on a published incident
}
ALL_ROLES = ["anonymous", *ROLES]


@dataclass
class SecureStore:
    engine: Engine
    tokens: dict[str, str]
    evidence_dir: Path
    ids: dict[str, str] = field(default_factory=dict)


def plant_canaries(engine: Engine, evidence_dir: Path) -> dict[str, str]:
    """Every kind of record, unpublished (or restricted, or draft), with its marker; their ids."""
    with transaction(engine) as session:
        source, _ = add_source_document(
            session,
            conflict_id=CONFLICT,
            content="QZXSOURCECANARY: a Thai liaison reports fresh digging near the border on 15 August 2025.",
            kind="party_statement",
            actor="th-liaison",
            url="https://liaison.example/QZXSOURCECANARY",
            title="QZXSOURCECANARY liaison report",
            publisher="TH liaison",
            published_on=dt.date(2025, 8, 15),
            submitted_for_party="TH",
        )
        reference = f"urn:sha256:{source.sha256}"
        incident_id = "2025-08-15-qzx-canary"
        record_incident(
            session,
            schema.Incident(
                id=incident_id,
                kind="mine_emplacement_observed",
                date_start=dt.date(2025, 8, 15),
                date_end=dt.date(2025, 8, 15),
                date_precision="day",
                place_name="near the border",
                lat=14.35,
                lon=103.3,
                location_precision="near",
                description="QZXINCIDENTCANARY: fresh digging reported by a Thai patrol.",
                sources=[reference],
            ),
            conflict_id=CONFLICT,
            actor="th-liaison",
            published=False,
            submitted_for_party="TH",
        )
        claim = add_claim(
            session,
            PUBLISHED_INCIDENT,
            schema.Claim(
                claimant="TH",
                accused="KH",
                assertion="newly_laid_mines",
                stance="accuses",
                date=dt.date(2025, 11, 11),
                summary="QZXCLAIMCANARY: the liaison says the mine was newly laid.",
                sources=[reference],
            ),
            actor="th-liaison",
            published=False,
            submitted_for_party="TH",
        )
        evidence = add_evidence(
            session,
            conflict_id=CONFLICT,
            content=b"QZXEVIDENCECANARY photo bytes",
            file_name="QZXEVIDENCECANARY.jpg",
            media_type="image/jpeg",
            store_dir=evidence_dir,
            actor="observer",
            holder="observer",
            incident_id=PUBLISHED_INCIDENT,
            description="QZXEVIDENCECANARY: a photo of the site",
            restricted=True,
        )
        finding = add_finding(
            session,
            result=FindingResult.INCONCLUSIVE,
            reasoning="QZXFINDINGCANARY: no access to the site yet.",
            author="observer",
            role=Role.OBSERVER,
            incident_id=PUBLISHED_INCIDENT,
        )
        # the unpublished report cited by an agreement, a provision, a commitment and a tally:
        # the agreement's source list once showed it to everyone
        tally = record_tally(
            session,
            schema.Tally(
                id="qzx-tally",
                counted_by="TH",
                subject="ceasefire violations counted by the Thai side",
                alleged_against="KH",
                as_of=dt.date(2025, 11, 30),
                total={"best": 12},
                sources=[reference],
            ),
            conflict_id=CONFLICT,
            actor="th-liaison",
        )
        subjects = [("agreement", AGREEMENT), ("provision", f"{AGREEMENT}/1"), ("statement", "TH")]
        subjects += [("commitment", c) for c in session.scalars(select(Commitment.id).limit(1))]
        for subject_type, subject_id in subjects:
            cite(session, subject_type=subject_type, subject_id=subject_id, source=source)
        return {
            "source_id": str(source.id),
            "incident_id": incident_id,
            "claim_id": claim.id,
            "evidence_id": str(evidence.id),
            "finding_id": str(finding.id),
            "tally_id": tally.id,
        }


def build_store(engine: Engine, casebook: Casebook, evidence_dir: Path) -> SecureStore:
    migrate(engine)
    tokens = {}
    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
        for key, (name, role, party) in ROLES.items():
            add_user(
                session,
                username=name,
                role=role,
                party=party,
                conflict_id=CONFLICT if party else None,
                password=PASSWORD,
                actor="test",
            )
            tokens[key] = issue_api_token(session, name, actor="test")
    store = SecureStore(engine, tokens, evidence_dir)
    store.ids = plant_canaries(engine, evidence_dir)
    return store


@contextmanager
def sqlite_store(tmp_path_factory: pytest.TempPathFactory, casebook: Casebook, name: str) -> Iterator[SecureStore]:
    """A canary store in a SQLite file of its own."""
    directory = tmp_path_factory.mktemp(f"{name}-sqlite")
    engine = make_engine(f"sqlite:///{directory / 'truceline.db'}")
    try:
        yield build_store(engine, casebook, directory / "evidence")
    finally:
        engine.dispose()


@pytest.fixture(scope="session")
def sqlite_secure(tmp_path_factory: pytest.TempPathFactory, casebook: Casebook) -> Iterator[SecureStore]:
    with sqlite_store(tmp_path_factory, casebook, "secure") as store:
        yield store


@contextmanager
def postgres_store(tmp_path_factory: pytest.TempPathFactory, casebook: Casebook, name: str) -> Iterator[SecureStore]:
    """A canary store in a PostgreSQL schema of its own, dropped afterwards."""
    reason = _postgres_reason()
    if reason is not None:
        pytest.skip(reason)
    schema_name = f"truceline_{name}_{uuid.uuid4().hex[:10]}"
    admin = make_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema_name}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    engine = make_engine(f"{POSTGRES_URL}{separator}options=-csearch_path%3D{schema_name}")
    directory = tmp_path_factory.mktemp(name)
    try:
        yield build_store(engine, casebook, directory / "evidence")
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema_name}" CASCADE'))
        admin.dispose()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres_secure(tmp_path_factory: pytest.TempPathFactory, casebook: Casebook) -> Iterator[SecureStore]:
    with postgres_store(tmp_path_factory, casebook, "secure") as store:
        yield store


@pytest.fixture(scope="session")
def sqlite_fuzzed(tmp_path_factory: pytest.TempPathFactory, casebook: Casebook) -> Iterator[SecureStore]:
    """A SQLite store of its own for the fuzz run (see ``postgres_fuzzed``)."""
    with sqlite_store(tmp_path_factory, casebook, "fuzz") as store:
        yield store


@pytest.fixture(scope="session")
def postgres_fuzzed(tmp_path_factory: pytest.TempPathFactory, casebook: Casebook) -> Iterator[SecureStore]:
    """A store of its own for the fuzz run, whose writes (revoked tokens, new users) would
    disturb the other tests."""
    with postgres_store(tmp_path_factory, casebook, "fuzz") as store:
        yield store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def secure(request: pytest.FixtureRequest) -> SecureStore:
    """The canary store, on both stores."""
    return request.getfixturevalue(f"{request.param}_secure")  # type: ignore[no-any-return]


class SharedClients:
    """One app per security store for the tests that only read it or are refused (building an
    app and its routes costs more than most of those tests). Its background job runner is off:
    a job queued by one test must not write to the store while another compares snapshots."""

    def __init__(self, stack: ExitStack) -> None:
        self.stack = stack
        self.clients: dict[int, TestClient] = {}

    def of(self, store: SecureStore) -> TestClient:
        client = self.clients.get(id(store))
        if client is None:
            from truceline.app import create_app

            client = self.stack.enter_context(TestClient(create_app(store.engine, run_jobs=False)))
            self.clients[id(store)] = client
        client.cookies.clear()  # each test starts as a new visitor
        return client


@pytest.fixture(scope="session")
def shared_clients() -> Iterator[SharedClients]:
    with ExitStack() as stack:
        yield SharedClients(stack)


@pytest.fixture
def secure_client(secure: SecureStore, shared_clients: SharedClients) -> TestClient:
    """The shared app of the canary store the test runs on, with no cookies."""
    return shared_clients.of(secure)


def headers_for(store: SecureStore, role: str) -> dict[str, str]:
    return {} if role == "anonymous" else {"Authorization": f"Bearer {store.tokens[role]}"}


def environment_for(store: SecureStore) -> dict[str, str]:
    """The environment a CLI subprocess needs to work on ``store``."""
    url = store.engine.url.render_as_string(hide_password=False)
    return os.environ | {"TRUCELINE_DATABASE_URL": url, "TRUCELINE_EVIDENCE_DIR": str(store.evidence_dir)}
