"""Several app servers on one PostgreSQL store keep nothing in process memory that the others
would need: two uvicorn processes, a write through one, read at once through the other (the
cached incident count included), and a login on one valid on the other."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine

from truceline.auth.services import add_user, issue_api_token
from truceline.casebooks.loader import Casebook, load_casebook
from truceline.db import transaction

pytestmark = pytest.mark.postgres

PASSWORD = "correct-horse-battery"
REPORT = (
    "BANGKOK, 22 December 2025 - Cambodian troops fired artillery shells at a Thai army base near "
    "Prasat Ta Muen Thom in Surin province on Sunday, the Thai army said. Two Thai soldiers were injured."
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def servers(postgres_engine: Engine, postgres_url: str, casebook: Casebook, tmp_path: Path) -> Iterator[list[str]]:
    with transaction(postgres_engine) as session:
        load_casebook(session, casebook, actor="test")
        add_user(session, username="coord", role="coordinator", password=PASSWORD, actor="test")
    env = {
        **os.environ,
        "TRUCELINE_DATABASE_URL": postgres_url,
        "TRUCELINE_SECRET_KEY": "one-secret-for-every-app-server-in-this-test",
    }
    processes, urls = [], []
    for n in range(2):
        port = _free_port()
        command = [sys.executable, "-m", "uvicorn", "--factory", "truceline.app:app_from_environment"]
        with (tmp_path / f"server-{n}.log").open("wb") as log:
            processes.append(
                subprocess.Popen(
                    [*command, "--host", "127.0.0.1", "--port", str(port)], env=env, stdout=log, stderr=log
                )
            )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url, process in zip(urls, processes, strict=True):
            deadline = time.monotonic() + 60
            while True:
                assert process.poll() is None, (tmp_path / "server-0.log").read_text() + (
                    tmp_path / "server-1.log"
                ).read_text()
                try:
                    if httpx.get(f"{url}/api/v1/health", timeout=2).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                assert time.monotonic() < deadline, f"{url} did not start"
                time.sleep(0.2)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=30)


def test_a_write_through_one_server_is_read_through_the_other(servers: list[str], postgres_engine: Engine) -> None:
    one, other = servers
    with transaction(postgres_engine) as session:
        token = issue_api_token(session, "coord", actor="test")
    auth = {"Authorization": f"Bearer {token}"}

    before = httpx.get(f"{other}/api/v1/incidents?limit=1", headers=auth).json()["total"]  # cached by the other
    assert httpx.get(f"{other}/api/v1/incidents?limit=1", headers=auth).json()["total"] == before

    ingested = httpx.post(f"{one}/api/v1/ingest", headers=auth, json={"text": REPORT, "published": "2025-12-22"})
    assert ingested.status_code == 200, ingested.text
    document = ingested.json()["document"]["id"]
    assert httpx.get(f"{other}/api/v1/sources/{document}", headers=auth).status_code == 200

    candidate = next(c for c in ingested.json()["candidates"] if c["type"] == "incident")
    accepted = httpx.post(
        f"{one}/api/v1/review/{candidate['review_id']}/accept", headers=auth, json={"edits": {}, "force_new": True}
    )
    assert accepted.status_code == 200, accepted.text
    assert httpx.get(f"{other}/api/v1/incidents?limit=1", headers=auth).json()["total"] == before + 1


def test_a_login_on_one_server_is_valid_on_the_other(servers: list[str]) -> None:
    one, other = servers
    with httpx.Client(base_url=one) as client:
        form = client.get("/login")
        token = form.text.split('name="csrf_token" value="')[1].split('"')[0]
        logged_in = client.post("/login", data={"username": "coord", "password": PASSWORD, "csrf_token": token})
        assert logged_in.status_code in (200, 303), logged_in.text
        cookies = client.cookies
    me = httpx.get(f"{other}/api/v1/me", cookies=cookies)
    assert me.status_code == 200 and me.json()["username"] == "coord"
