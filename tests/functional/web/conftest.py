"""Fixtures for the web app: the casebook store with one user per role, copied per test.

Loading the casebook takes seconds, so it is loaded once per session into a template SQLite
file; each test works on its own copy (what it writes is gone after it).
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from truceline.auth.services import add_user, issue_api_token
from truceline.casebooks.loader import Casebook, load_casebook
from truceline.db import make_engine, migrate, transaction
from truceline.domain import schema
from truceline.incidents.services import record_incident
from truceline.sources.services import add_source_document

PASSWORD = "correct-horse-battery"
#: role name in the tests -> (user name, role, party); "anonymous" has no user
ROLES = {
    "public": ("reader", "public", None),
    "party_th": ("th-liaison", "party", "TH"),
    "party_kh": ("kh-liaison", "party", "KH"),
    "observer": ("observer", "observer", None),
    "coordinator": ("coordinator", "coordinator", None),
}
UNPUBLISHED_TH = "2025-08-15-th-unpublished-report"


@dataclass(frozen=True)
class Template:
    path: Path
    tokens: dict[str, str]
    th_source_id: int


@pytest.fixture(scope="session")
def web_template(tmp_path_factory: pytest.TempPathFactory, casebook: Casebook) -> Template:
    path = tmp_path_factory.mktemp("web") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
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
                conflict_id="th-kh-2025" if party else None,
                password=PASSWORD,
                actor="test",
            )
            tokens[key] = issue_api_token(session, name, actor="test")
        source, _ = add_source_document(
            session,
            conflict_id="th-kh-2025",
            content="Thai liaison report: a patrol saw fresh digging near the border on 15 August 2025.",
            kind="party_statement",
            actor="th-liaison",
            published_on=dt.date(2025, 8, 15),
            submitted_for_party="TH",
        )
        record_incident(
            session,
            schema.Incident(
                id=UNPUBLISHED_TH,
                kind="mine_emplacement_observed",
                date_start=dt.date(2025, 8, 15),
                date_end=dt.date(2025, 8, 15),
                date_precision="day",
                place_name="near the border",
                lat=14.35,
                lon=103.3,
                location_precision="near",
                description="A Thai patrol reports fresh digging (unpublished party submission).",
                sources=[f"urn:sha256:{source.sha256}"],
            ),
            conflict_id="th-kh-2025",
            actor="th-liaison",
            published=False,
            submitted_for_party="TH",
        )
        th_source_id = source.id
    engine.dispose()
    return Template(path, tokens, th_source_id)


@pytest.fixture
def web_engine(tmp_path: Path, web_template: Template) -> Iterator[Engine]:
    path = tmp_path / "web.db"
    shutil.copyfile(web_template.path, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()


@pytest.fixture
def client(web_engine: Engine) -> Iterator[TestClient]:
    from truceline.app import create_app

    with TestClient(create_app(web_engine)) as client:
        yield client


@pytest.fixture
def tokens(web_template: Template) -> dict[str, str]:
    return web_template.tokens


def auth(tokens: dict[str, str], role: str) -> dict[str, str]:
    return {} if role == "anonymous" else {"Authorization": f"Bearer {tokens[role]}"}


def csrf_from(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post(
        "/login", data={"username": username, "password": password, "csrf_token": token}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
