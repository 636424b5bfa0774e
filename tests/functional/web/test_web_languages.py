"""The interface in Thai and Khmer: chosen by the browser or the switch, said in the page, and
every marked message translated in both catalogs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from tests.functional.web.conftest import csrf_from, log_in
from truceline.domain.labels import WORDS
from truceline.domain.wording import code_text
from truceline.vocabulary import (
    AgreementEventKind,
    AgreementKind,
    CasualtyCategory,
    ClaimAssertion,
    ClaimStance,
    CommitmentStatus,
    DatePrecision,
    FindingResult,
    FindingState,
    IncidentKind,
    LocationPrecision,
    Modality,
    Population,
    ViolationStatus,
)
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


def marked_messages() -> set[str]:
    """Every message Babel extracts with the project's own mapping (babel.cfg): templates and ``N_`` in code."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options = parse_mapping_cfg(handle)
    found = {message for _, _, message, *_ in extract_from_dir(str(REPO), method_map, options) if message}
    return {m if isinstance(m, str) else m[0] for m in found}


def test_every_marked_message_is_translated_in_thai_and_khmer() -> None:
    wanted = marked_messages()
    assert {"Field report", "Facts", "Review queue", "Status history", "landmine explosion"} <= wanted
    for language in ("th", "km"):
        with (LOCALE / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
            catalog = read_po(handle)
        translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id and m.string and not m.fuzzy}
        missing = sorted(wanted - translated)
        assert not missing, f"{language}: no translation for {missing[:10]} (see docs/translating.md)"


@pytest.mark.parametrize(
    "vocabulary",
    [IncidentKind, Modality, DatePrecision, LocationPrecision, CasualtyCategory, Population, ClaimAssertion,
     ClaimStance, FindingResult, FindingState, ViolationStatus, CommitmentStatus, AgreementKind, AgreementEventKind],
)  # fmt: skip
def test_every_word_of_the_vocabularies_the_pages_show_is_marked(vocabulary: type) -> None:
    for code in vocabulary:
        assert WORDS.get(code.value) == code_text(code.value), f"{code.value}: not marked in truceline.domain.labels"


INCIDENT = "2025-11-10-huai-ta-maria-landmine"
AGREEMENT = "kl-joint-declaration-2025-10-26"
#: page -> (Thai words, Khmer words) each must show: headings and the vocabulary's labels
PAGES = {
    f"/incidents/{INCIDENT}": (
        ["ข้อเท็จจริง", "แหล่งข้อมูล", "ข้อกล่าวอ้าง", "การละเมิด", "ทุ่นระเบิดระเบิด", "ประวัติ", "ประเทศไทย ระบุว่า"],
        ["ការពិត", "ប្រភព", "ការអះអាង", "ការបំពាន", "ការផ្ទុះមីន", "ប្រវត្តិ", "កម្ពុជា អះអាងថា"],
    ),
    "/incidents": (["ตัวกรอง", "ทุกประเภท", "ทุ่นระเบิดระเบิด", "หน้า 1 จาก"], ["តម្រង", "គ្រប់ប្រភេទ", "ការផ្ទុះមីន", "ទំព័រ 1 នៃ"]),
    f"/agreements/{AGREEMENT}": (["ประวัติสถานะ", "บทบัญญัติ", "ผู้ลงนาม:"], ["ប្រវត្តិស្ថានភាព", "បទប្បញ្ញត្តិ", "ហត្ថលេខី៖"]),
    "/agreements": (["ข้อตกลง", "ลงนาม", "ปฏิญญาร่วม"], ["កិច្ចព្រមព្រៀង", "ចុះហត្ថលេខា", "សេចក្តីប្រកាសរួម"]),
    "/compliance": (
        ["การละเมิดแยกตามบทบัญญัติและฝ่าย", "คำวินิจฉัยแต่ละข้อและเหตุผล", "ทุกข้อตกลง", "ประเทศไทย"],
        ["ការបំពានតាមបទប្បញ្ញត្តិ និងភាគី", "សេចក្តីសម្រេចនីមួយៗ និងមូលហេតុ", "គ្រប់កិច្ចព្រមព្រៀង", "កម្ពុជា"],
    ),
}


@pytest.mark.parametrize(("language", "index"), [("th", 0), ("km", 1)])
@pytest.mark.parametrize("path", list(PAGES))
def test_incident_and_agreement_pages_speak_thai_and_khmer(
    client: TestClient, path: str, language: str, index: int
) -> None:
    page = client.get(path, headers={"Accept-Language": language})
    assert page.status_code == 200
    assert f'<html lang="{language}">' in page.text and page.headers["content-language"] == language
    for words in PAGES[path][index]:
        assert words in page.text, f"{path} in {language}: no {words!r}"
    english = client.get(path, headers={"Accept-Language": "en"}).text
    assert all(words not in english for words in PAGES[path][index][:2])


def test_dates_on_the_incident_page_are_written_the_reader_s_way(client: TestClient) -> None:
    assert "10 November 2025" in client.get(f"/incidents/{INCIDENT}", headers={"Accept-Language": "en"}).text
    assert "10 พฤศจิกายน ค.ศ. 2025" in client.get(f"/incidents/{INCIDENT}", headers={"Accept-Language": "th"}).text


REPORT = (
    "Phnom Penh, 9 December 2025. Thai artillery shelled the area near Chong Chom checkpoint in "
    "Oddar Meanchey province on 9 December 2025, killing two soldiers and injuring five, the Cambodian "
    "defence ministry said."
)


@pytest.mark.parametrize(
    ("language", "queue", "form"),
    [
        ("th", ["คิวตรวจทาน", "ข้อเสนอ", "การยิงปืนใหญ่"],
         ["สิ่งที่เสนอ", "ยอมรับ", "วันที่ (วันแรก)", "ต่ำสุด · ดีที่สุด · สูงสุด"]),
        ("km", ["ជួរពិនិត្យ", "ការស្នើ", "ការបាញ់កាំភ្លើងធំ"],
         ["អ្វីដែលវាស្នើ", "ទទួលយក", "កាលបរិច្ឆេទ (ថ្ងៃដំបូង)", "ទាប · ប្រសើរបំផុត · ខ្ពស់"]),
    ],
)  # fmt: skip
def test_the_review_queue_and_a_candidate_speak_thai_and_khmer(
    client: TestClient, language: str, queue: list[str], form: list[str]
) -> None:
    log_in(client, "observer")
    token = csrf_from(client.get("/ingest").text)
    fields = {"csrf_token": token, "published": "09/12/2025", "publisher": "Test wire", "kind": "news"}
    client.post("/ingest", data=fields | {"title": "Chong Chom shelling", "text": REPORT})
    listing = client.get("/review", headers={"Accept-Language": language})
    assert f'<html lang="{language}">' in listing.text
    for words in queue:
        assert words in listing.text, f"/review in {language}: no {words!r}"
    first = listing.text.split('href="/review/')[1].split('"')[0]
    candidate = client.get(f"/review/{first}", headers={"Accept-Language": language})
    assert candidate.status_code == 200 and f'<html lang="{language}">' in candidate.text
    for words in form:
        assert words in candidate.text, f"/review/{first} in {language}: no {words!r}"
    # the parties offered as choices are named in the reader's script (the casebook's names:)
    own_name = {"th": "ประเทศไทย", "km": "កម្ពុជា"}[language]
    assert re.search(rf'value="(TH|KH)"[^>]*>\s*{own_name}</(option|label)>', candidate.text), own_name
