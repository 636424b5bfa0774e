"""A far date never makes the dashboard answer 500: asked for, it is refused; stored, it is drawn."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlalchemy import Engine, text

HTML = {"accept": "text/html"}


def test_a_far_date_in_the_query_is_refused_with_its_reason(client: TestClient) -> None:
    for query in ("to=9999-12-31", "from=1066-10-14", "as_of=9999-12-31"):
        response = client.get(f"/?{query}", headers=HTML)
        assert response.status_code == 422, (query, response.status_code)
        assert query.split("=")[1] in response.text


def test_a_far_date_already_stored_still_draws_the_dashboard(client: TestClient, web_engine: Engine) -> None:
    # written before dates were checked, or straight into the database
    with web_engine.begin() as connection:
        connection.execute(
            text("UPDATE incidents SET date_end = '9999-12-31' WHERE id = (SELECT min(id) FROM incidents)")
        )
    response = client.get("/", headers=HTML)
    assert response.status_code == 200
    assert 0 < response.text.count('<line class="tick"') <= 25
