"""Review in the web app: ingest a file or a paste and read what it proposed; one candidate beside
its source text as a typed form; a refused accept keeps every edit; merge into a possible duplicate;
reject with a reason."""

from __future__ import annotations

import io
import re

import docx
from fastapi.testclient import TestClient

from tests.functional.web.conftest import csrf_from, log_in

REPORT = (
    "Phnom Penh, 9 December 2025. Thai artillery shelled the area near Chong Chom checkpoint in "
    "Oddar Meanchey province on 9 December 2025, killing two soldiers and injuring five, the Cambodian "
    "defence ministry said."
)


def ingest(client: TestClient, **fields: object) -> str:
    token = csrf_from(client.get("/ingest").text)
    data = {"csrf_token": token, "published": "09/12/2025", "publisher": "Test wire", "kind": "news"}
    files = fields.pop("files", None)
    data |= {k: str(v) for k, v in fields.items()}
    response = client.post("/ingest", data=data, files=files)  # type: ignore[arg-type]
    return response.text


def candidate_ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/review/(\d+)"', html)]


def test_a_docx_file_is_ingested_and_the_answer_is_a_readable_page(client: TestClient) -> None:
    log_in(client, "observer")
    document = docx.Document()
    document.add_paragraph(REPORT)
    buffer = io.BytesIO()
    document.save(buffer)
    html = ingest(client, files={"file": ("report.docx", buffer.getvalue(), "application/octet-stream")})
    assert 'id="ingest-result"' in html and "report.docx" in html
    assert 'href="/review"' in html and candidate_ids(html)
    assert "{" not in html.split('id="ingest-result"', 1)[1].split("</section>", 1)[0]  # no raw JSON
    assert "sha256" not in html and "null" not in html


def test_an_error_keeps_a_long_paste(client: TestClient) -> None:
    log_in(client, "observer")
    long_paste = REPORT + " " + "More text of the report. " * 2000
    response_html = ingest(client, text=long_paste, published="the ninth of never")
    assert 'id="ingest-error"' in response_html
    assert "More text of the report. More text" in response_html
    assert long_paste.count("More text") == response_html.count("More text")


def test_a_refused_accept_keeps_every_edit_and_a_good_one_moves_on(client: TestClient) -> None:
    log_in(client, "observer")
    ids = candidate_ids(ingest(client, text=REPORT))
    page = client.get(f"/review/{ids[0]}").text
    assert "<mark" in page and 'name="killed.best"' in page and '<select name="kind">' in page
    assert "<kbd>a</kbd>" in page and "<kbd>j</kbd>" in page
    token = csrf_from(page)
    originals = dict(re.findall(r'name="original_([^"]+)" value="([^"]*)"', page))
    form = {f"original_{k}": v for k, v in originals.items()} | dict(originals)
    form |= {"csrf_token": token, "date_start": "not a date", "killed.best": "3", "place_name": "Edited place"}
    refused = client.post(f"/review/{ids[0]}/accept", data=form)
    assert refused.status_code == 422
    assert 'id="review-error"' in refused.text and "date_start" in refused.text
    assert (
        'value="3"' in refused.text and 'value="Edited place"' in refused.text and 'value="not a date"' in refused.text
    )
    form |= {"date_start": "09/12/2025", "force_new": "1", "killed.low": "2", "killed.high": "3"}
    accepted = client.post(f"/review/{ids[0]}/accept", data=form, follow_redirects=False)
    assert accepted.status_code == 303, accepted.text[:2000]
    assert "done=incident" in accepted.headers["location"]
    incident_id = accepted.headers["location"].split("done=incident:", 1)[1]
    shown = client.get(f"/api/v1/incidents/{incident_id}").json()
    killed = [c for c in shown["casualties"] if c["category"] == "killed"]
    assert killed and killed[0]["best"] == 3
    assert shown["place"] == "Edited place" or (shown["place_id"] and shown["date_start"] == "2025-12-09")


def test_a_second_report_of_the_same_event_is_merged_into_the_first(client: TestClient) -> None:
    log_in(client, "observer")
    first = candidate_ids(ingest(client, text=REPORT))
    page = client.get(f"/review/{first[0]}").text
    token = csrf_from(page)
    made = client.post(
        f"/review/{first[0]}/accept", data={"csrf_token": token, "force_new": "1"}, follow_redirects=False
    )
    incident_id = made.headers["location"].split("done=incident:", 1)[1]
    second = candidate_ids(ingest(client, text=REPORT.replace("Phnom Penh", "Bangkok")))
    page = client.get(f"/review/{second[0]}").text
    assert f'data-id="{incident_id}"' in page and "Merge into this incident" in page
    merged = client.post(
        f"/review/{second[0]}/accept",
        data={"csrf_token": csrf_from(page), "attach_to": incident_id},
        follow_redirects=False,
    )
    assert merged.headers["location"].endswith(f"done=incident:{incident_id}")
    assert len(client.get(f"/api/v1/incidents/{incident_id}").json()["sources"]) == 2


def test_reject_needs_a_reason_and_keeps_the_page(client: TestClient) -> None:
    log_in(client, "observer")
    ids = candidate_ids(ingest(client, text=REPORT))
    token = csrf_from(client.get(f"/review/{ids[0]}").text)
    refused = client.post(f"/review/{ids[0]}/reject", data={"csrf_token": token, "reason": "  "})
    assert refused.status_code == 422 and 'id="review-error"' in refused.text
    done = client.post(f"/review/{ids[0]}/reject", data={"csrf_token": token, "reason": "not about the border"})
    assert done.status_code == 200 and "Rejected" in done.text
