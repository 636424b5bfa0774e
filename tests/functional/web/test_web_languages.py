"""The interface in Thai and Khmer: chosen by the browser or the switch, said in the page, and
every marked message translated in both catalogs."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from tests.functional.web.conftest import log_in
from truceline.web.i18n import negotiate

REPO = Path(__file__).resolve().parents[3]
LOCALE = REPO / "src" / "truceline" / "locale"


@pytest.mark.parametrize(
    ("header", "language", "word"),
    [("th-TH,th;q=0.9,en;q=0.5", "th", "เหตุการณ์"), ("km", "km", "ឧប្បត្តិហេតុ"), ("de-DE,fr;q=0.8", "en", "Incidents")],
)
def test_the_browser_s_preference_picks_the_language(client: TestClient, header: str, language: str, word: str) -> None:
    page = client.get("/", headers={"Accept-Language": header})
    assert page.status_code == 200
    assert f'<html lang="{language}">' in page.text and page.headers["content-language"] == language
    assert f">{word}</a>" in page.text


def test_the_switch_is_remembered_over_the_browser_s_preference(client: TestClient) -> None:
    chosen = client.get("/?lang=km", headers={"Accept-Language": "th"})
    assert '<html lang="km">' in chosen.text
    later = client.get("/incidents", headers={"Accept-Language": "th"})
    assert '<html lang="km">' in later.text
    assert client.get("/?lang=xx", headers={"Accept-Language": "th"}).headers["content-language"] == "km"


def test_the_field_form_in_khmer_names_places_in_their_script_where_known(client: TestClient) -> None:
    log_in(client, "observer")
    page = client.get("/field/?lang=km")
    assert "រក្សាទុក និងផ្ញើ" in page.text  # the submit button
    assert "ប្រើទីតាំងរបស់ខ្ញុំ" in page.text


def test_negotiation_follows_quality_then_order() -> None:
    assert negotiate("en;q=0.2, km;q=0.9, th;q=0.8") == "km"
    assert negotiate("fr;q=1, th;q=0") is None
    assert negotiate("th-TH") == "th"
    assert negotiate("") is None and negotiate(";;;,q=x") is None


def test_every_marked_message_is_translated_in_thai_and_khmer() -> None:
    method_map = [("src/truceline/templates/**.html", "jinja2")]
    options = {"src/truceline/templates/**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}}
    wanted = {message for _, _, message, *_ in extract_from_dir(str(REPO), method_map, options) if message}
    wanted = {m if isinstance(m, str) else m[0] for m in wanted}
    assert "Field report" in wanted
    for language in ("th", "km"):
        with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle)
        translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
        missing = sorted(wanted - translated)
        assert not missing, f"{language}: no translation for {missing[:10]} (see docs/translating.md)"
