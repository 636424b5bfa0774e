"""The dashboard's map and timeline answers are kept encoded in the app's cache: a repeated request
gives the same bytes an app without a cache computes, and any write makes the next answer new."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from tests.intake.test_event_data import ACLED_FILE
from truceline.app import create_app
from truceline.intake.event_data import import_event_file_in_batches

PATHS = (
    "/api/v1/dashboard/markers",
    "/api/v1/dashboard/markers?from=2025-07-24&to=2025-07-28",
    "/api/v1/dashboard/timeline",
    "/api/v1/dashboard/timeline?kind=shelling&to=2025-08-31",
)


def answers(client: TestClient) -> dict[str, object]:
    found = {}
    for path in PATHS:
        response = client.get(path)
        assert response.status_code == 200 and response.headers["content-type"] == "application/json", path
        found[path] = response.json()
    return found


def test_cached_map_and_timeline_answers_equal_fresh_ones_and_change_with_a_write(casebook_engine: Engine) -> None:
    cached = TestClient(create_app(casebook_engine, run_jobs=False, cache_size=256))
    fresh = TestClient(create_app(casebook_engine, run_jobs=False, cache_size=0))
    before = answers(cached)
    assert answers(cached) == before == answers(fresh)  # the second request is served from the cache
    assert before[PATHS[0]]["markers"] and before[PATHS[2]]  # type: ignore[index]

    import_event_file_in_batches(casebook_engine, ACLED_FILE, format="acled", actor="test")

    after = answers(cached)
    assert after == answers(fresh)
    assert after[PATHS[2]] != before[PATHS[2]]  # the imported events are on the timeline at once


def test_answers_kept_for_an_earlier_state_of_the_store_are_dropped_after_a_write(casebook_engine: Engine) -> None:
    app = create_app(casebook_engine, run_jobs=False, cache_size=256)
    client = TestClient(app)
    answers(client)
    kept = len(app.state.cache)
    assert kept >= len(PATHS)

    import_event_file_in_batches(casebook_engine, ACLED_FILE, format="acled", actor="test")

    assert client.get(PATHS[0]).status_code == 200  # keeps its answers (one or two) for the store as it is now
    assert len(app.state.cache) < kept  # and the answers for the store as it was are gone
