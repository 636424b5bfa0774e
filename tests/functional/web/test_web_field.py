"""The field form's page, files and API call, through the web app."""

from __future__ import annotations

import hashlib
import json
import re
from importlib.resources import files

import pytest
from fastapi.testclient import TestClient
from httpx import Response

from tests.functional.web.conftest import auth, log_in

PHOTO = (files("truceline") / "static" / "field" / "icon.svg").read_bytes()
KEY = "6f1d2c3b-4a59-4e8f-8d7c-1b2a3c4d5e6f"


def form(**changes: str) -> dict[str, str]:
    return {
        "key": KEY,
        "occurred_at": "2025-12-08T06:30",
        "kind": "shelling",
        "place_id": "ta-muen-thom-temple",
        "party": "KH",
        "injured": "2",
        "note": "Four rounds landed north of the temple car park.",
        "saved_at": "2025-12-08T00:05:00Z",
    } | changes


def send(client: TestClient, headers: dict[str, str], data: dict[str, str], digest: str | None = None) -> Response:
    fields: dict[str, str | list[str]] = {**data, "photo_sha256": [digest or hashlib.sha256(PHOTO).hexdigest()]}
    return client.post(
        "/api/v1/field-reports",
        data=fields,
        files=[("photos", ("crater.svg", PHOTO, "image/svg+xml"))],
        headers=headers,
    )


def test_a_monitor_sends_a_kept_report_once(client: TestClient, tokens: dict[str, str]) -> None:
    first = send(client, auth(tokens, "observer"), form())
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["created"] is True and body["evidence"][0]["sha256"] == hashlib.sha256(PHOTO).hexdigest()
    again = send(client, auth(tokens, "observer"), form())
    assert again.status_code == 201 and again.json()["created"] is False
    assert again.json()["review_id"] == body["review_id"]
    queue = client.get("/api/v1/review", headers=auth(tokens, "observer")).json()
    mine = [c for c in queue if c["source_id"] == body["document_id"]]
    assert len(mine) == 1 and mine[0]["photos"][0]["sha256"] == hashlib.sha256(PHOTO).hexdigest()


@pytest.mark.parametrize(("role", "status"), [("anonymous", 401), ("public", 403)])
def test_only_submitters_send_field_reports(client: TestClient, tokens: dict[str, str], role: str, status: int) -> None:
    assert send(client, auth(tokens, role), form()).status_code == status


def test_a_bad_field_is_answered_with_what_is_wrong(client: TestClient, tokens: dict[str, str]) -> None:
    response = send(client, auth(tokens, "observer"), form(occurred_at="yesterday morning"))
    assert response.status_code == 422
    assert "occurred_at" in response.json()["error"]["message"]
    tampered = send(client, auth(tokens, "observer"), form(), digest="f" * 64)
    assert tampered.status_code == 422 and "changed on its way" in tampered.json()["error"]["message"]
    reused = send(client, auth(tokens, "observer"), form())
    assert reused.status_code == 201
    clash = send(client, auth(tokens, "observer"), form(note="another account"))
    assert clash.status_code == 409


def test_the_field_page_works_from_a_session_with_its_csrf_token(client: TestClient) -> None:
    log_in(client, "observer")
    page = client.get("/field/")
    assert page.status_code == 200
    assert "geolocation=(self)" in page.headers["permissions-policy"]
    assert 'rel="manifest"' in page.text and "Prasat Ta Muen Thom" in page.text
    token = page.text.split('name="csrf-token" content="')[1].split('"')[0]
    without = send(client, {}, form())
    assert without.status_code == 403  # a cookie alone is not enough: the page's token is needed
    sent = send(client, {"X-CSRF-Token": token}, form())
    assert sent.status_code == 201, sent.text


def test_the_field_app_files_are_served_under_its_scope(client: TestClient) -> None:
    worker = client.get("/field/sw.js")
    assert worker.status_code == 200 and worker.headers["content-type"].startswith("text/javascript")
    manifest = client.get("/field/manifest.webmanifest")
    assert json.loads(manifest.text)["scope"] == "/field/"
    assert client.get("/field/app.js").status_code == 200
    assert client.get("/field/secrets.txt").status_code == 404
    assert client.get("/field", follow_redirects=False).headers["location"] == "/field/"


def test_a_point_picked_on_the_map_is_an_exact_point(client: TestClient, tokens: dict[str, str]) -> None:
    picked = form(key="map-" + KEY[4:], place_id="", lat="14.349210", lon="103.265120", position_from="map")
    sent = send(client, auth(tokens, "observer"), picked)
    assert sent.status_code == 201, sent.text
    queue = client.get("/api/v1/review", headers=auth(tokens, "observer")).json()
    mine = next(c for c in queue if c["source_id"] == sent.json()["document_id"])
    assert (mine["lat"], mine["lon"], mine["location_precision"]) == (14.34921, 103.26512, "exact")
    device = form(key="gps-" + KEY[4:], place_id="", lat="14.3492", lon="103.2651", accuracy_m="4000")
    sent = send(client, auth(tokens, "observer"), device)
    mine = next(c for c in client.get("/api/v1/review", headers=auth(tokens, "observer")).json()
                if c["source_id"] == sent.json()["document_id"])  # fmt: skip
    assert mine["location_precision"] == "near"  # a coarse fix of the device is not the point itself
    wrong = send(client, auth(tokens, "observer"), form(key="bad-" + KEY[4:], position_from="satellite"))
    assert wrong.status_code == 422 and "position_from" in wrong.json()["error"]["message"]


def test_the_form_s_map_data_is_the_casebook_s_lines_and_places(client: TestClient) -> None:
    log_in(client, "observer")
    page = client.get("/field/")
    assert 'id="field-map" ' in page.text and 'src="/static/vendor/leaflet/leaflet.js"' in page.text
    assert client.get("/field/map.js").status_code == 200
    document = client.get("/field/map.json").json()
    assert document["lines"]["features"] and document["territories"]["features"]
    temple = next(p for p in document["places"] if p["id"] == "ta-muen-thom-temple")
    assert temple["names"]["en"] == "Prasat Ta Muen Thom" and temple["names"]["th"]
    assert "incidents" not in document  # the form's map shows no record, only the ground
    worker = client.get("/field/sw.js").text
    for path in ("/static/vendor/leaflet/leaflet.js", "/static/vendor/leaflet/leaflet.css", "/field/map.json"):
        assert f'"{path}"' in worker  # kept for use without a connection


def test_without_leaflet_the_form_says_why_it_has_no_map(
    client: TestClient, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    monkeypatch.setenv("TRUCELINE_NODE_MODULES", str(tmp_path))
    log_in(client, "observer")
    page = client.get("/field/")
    assert page.status_code == 200 and 'id="field-map-missing"' in page.text and "npm ci" in page.text
    assert 'id="field-map" ' not in page.text and 'src="/static/vendor/leaflet/leaflet.js"' not in page.text
    assert 'id="field-form"' in page.text  # the form itself works as before


def test_the_field_scripts_speak_the_page_s_language(client: TestClient) -> None:
    """Every message the form's scripts show (``word("…")``) is one the page carries, translated
    for a Khmer reader, with the same names in braces to fill in."""
    from truceline.intake.field_words import FIELD_WORDS

    shown = set()
    for script in ("app.js", "map.js"):
        text = (files("truceline") / "static" / "field" / script).read_text(encoding="utf-8")
        shown |= set(re.findall(r'\bword\("((?:[^"\\]|\\.)*)"', text))
    assert len(shown) >= 15 and shown <= set(FIELD_WORDS)
    log_in(client, "observer")
    page = client.get("/field/?lang=km").text
    words = json.loads(re.search(r'<script type="application/json" id="field-words">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    assert set(words) == set(FIELD_WORDS)
    assert words["{n} report(s) waiting to be sent."] == "មានរបាយការណ៍ {n} កំពុងរង់ចាំផ្ញើ។"
    for english, khmer in words.items():
        assert khmer != english and set(re.findall(r"\{\w+\}", khmer)) == set(re.findall(r"\{\w+\}", english))
    english = json.loads(re.search(r'id="field-words">(.*?)</script>', client.get("/field/?lang=en").text, re.S)[1])  # type: ignore[index]
    assert all(english[message] == message for message in FIELD_WORDS)
