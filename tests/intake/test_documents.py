"""A report file's text: plain text, HTML (what a reader sees), PDF and DOCX; a file that is not
one of them, or cannot be read, is InvalidInput naming it."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import docx
import pytest

from truceline.errors import InvalidInput
from truceline.intake.documents import read_report_file, text_of

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "samples"
NEWS_PAGE = Path(__file__).parent / "data" / "news-page.html"


def test_html_gives_the_words_a_reader_sees() -> None:
    page = (
        b"<html><head><title>t</title><style>p{}</style></head><body><h1>Shelling</h1>"
        b"<p>Thai artillery &amp; mortars</p><script>alert(1)</script></body></html>"
    )
    text = text_of("report.html", page)
    assert text == "Shelling\n\nThai artillery & mortars"


def test_docx_gives_its_paragraphs() -> None:
    document = docx.Document()
    document.add_paragraph("Phnom Penh, 9 December 2025.")
    document.add_paragraph("Thai artillery shelled the area.")
    buffer = io.BytesIO()
    document.save(buffer)
    assert (
        text_of("report.docx", buffer.getvalue()) == "Phnom Penh, 9 December 2025.\n\nThai artillery shelled the area."
    )


def test_pdf_gives_its_text_layer() -> None:
    text = text_of("sitrep.pdf", (SAMPLES / "sitrep-2025-12.pdf").read_bytes())
    assert "Situation report" in text or "situation report" in text.lower()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("report.pdf", b"not a pdf", "not a readable PDF"),
        ("report.docx", b"not a zip", "not a readable DOCX"),
        ("report.exe", b"MZ", "not a text, HTML, PDF or DOCX"),
        ("report.txt", b"\xff\xfe\xfa", "not UTF-8"),
    ],
)
def test_an_unreadable_file_is_refused_naming_it(name: str, data: bytes, words: str) -> None:
    with pytest.raises(InvalidInput, match=words) as refused:
        text_of(name, data)
    assert name in str(refused.value)


def test_a_saved_news_page_is_read_as_its_article_with_its_headline_and_date() -> None:
    report = read_report_file(NEWS_PAGE.name, NEWS_PAGE.read_bytes())
    assert report.text.startswith("Army: mortar rounds hit border post\n\nThai troops fired mortar rounds")
    assert "did not return fire" in report.text
    # a list item is a paragraph of its own, headed by its place as written
    assert "\n\nBan Thmei, Banteay Ampil district: two rounds landed near a school." in report.text
    # the menus, the other stories' headlines, the share buttons, a reader's comment and the footer are no report
    for left_out in ("Sport", "Related stories", "hospital in Sisaket", "Landmine blast", "Share on", "drones", "©"):
        assert left_out not in report.text
    assert report.title == "Army: mortar rounds hit border post"
    assert report.published == dt.date(2025, 12, 9)


def test_a_page_with_no_article_to_tell_apart_is_read_whole() -> None:
    report = read_report_file("note.html", b"<p>One soldier was hurt near the <b>temple</b>.</p>")
    assert report == type(report)("One soldier was hurt near the temple.")
