"""Publication as a step: what an observer accepts waits in the publish queue, unseen by the
public, until a coordinator publishes it; a conflict whose casebook sets publish_on_accept
publishes records accepted from a published source at once."""

from __future__ import annotations

import datetime as dt

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.functional.web.conftest import csrf_from, log_in
from truceline.conflicts.models import Conflict
from truceline.db import transaction
from truceline.intake.ingest import ingest_report
from truceline.intake.review import accept_candidate

REPORT = (
    "Phnom Penh, 9 December 2025. Thai artillery shelled the area near Chong Chom checkpoint in "
    "Oddar Meanchey province on 9 December 2025, killing two soldiers and injuring five, the Cambodian "
    "defence ministry said."
)


def accepted_from_a_published_source(engine: Engine) -> str:
    with transaction(engine) as session:
        result = ingest_report(
            session, conflict_id="th-kh-2025", text=REPORT, published=dt.date(2025, 12, 9), actor="cli", publish=True
        )
        candidate = next(c for c in result.candidates if c["type"] == "incident")
        made = accept_candidate(session, candidate["review_id"], actor="observer", force_new=True)
    return made.removeprefix("incident:")


def test_an_accepted_incident_waits_for_a_coordinator_and_then_the_public_sees_it(
    client: TestClient, web_engine: Engine
) -> None:
    incident_id = accepted_from_a_published_source(web_engine)
    assert client.get(f"/api/v1/incidents/{incident_id}").status_code == 404  # the public: not yet
    log_in(client, "coordinator")
    page = client.get("/publish-queue").text
    assert f'data-id="{incident_id}"' in page
    published = client.post(
        f"/publish-queue/{incident_id}/publish", data={"csrf_token": csrf_from(page)}, follow_redirects=False
    )
    assert published.status_code == 303 and published.headers["location"].endswith(incident_id)
    assert f'data-id="{incident_id}"' not in client.get("/publish-queue").text
    client.cookies.clear()
    assert client.get(f"/api/v1/incidents/{incident_id}").status_code == 200


def test_publishing_twice_says_so_on_the_queue_page(client: TestClient, web_engine: Engine) -> None:
    incident_id = accepted_from_a_published_source(web_engine)
    log_in(client, "coordinator")
    token = csrf_from(client.get("/publish-queue").text)
    client.post(f"/publish-queue/{incident_id}/publish", data={"csrf_token": token})
    again = client.post(f"/publish-queue/{incident_id}/publish", data={"csrf_token": token})
    assert again.status_code == 409 and 'id="publish-error"' in again.text


def test_the_conflict_setting_publishes_on_accept(client: TestClient, web_engine: Engine) -> None:
    with transaction(web_engine) as session:
        row = session.get(Conflict, "th-kh-2025")
        assert row is not None and row.publish_on_accept is False
        row.publish_on_accept = True
    incident_id = accepted_from_a_published_source(web_engine)
    assert client.get(f"/api/v1/incidents/{incident_id}").status_code == 200
