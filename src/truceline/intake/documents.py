"""A report file as text: plain text, HTML, PDF (pypdf) or DOCX (python-docx), chosen by its
name's ending (or its content type). Ingest stores the text, so the supporting words a reviewer
sees are the words the file holds.

A saved web page is read as its article: trafilatura (made for news pages) leaves out the menus,
links to other stories, share buttons, comments and footer, whose headlines would otherwise be
read as events of the report; the page's own headline and publication date, when its markup gives
them, come with it (:func:`read_report_file`). A page whose article cannot be told apart is read
whole, as a reader would see it."""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from truceline.errors import InvalidInput

KINDS = {
    ".txt": "text",
    ".text": "text",
    ".md": "text",
    ".html": "html",
    ".htm": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
CONTENT_TYPES = {
    "text/plain": "text",
    "text/html": "html",
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
}
#: what a reader reads of a page: not its scripts, styles or templates
SKIPPED = {"script", "style", "template", "noscript", "head"}
BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section", "article", "blockquote"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED:
            self.skipping += 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED and self.skipping:
            self.skipping -= 1
        elif tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    paragraphs: list[str] = []
    for line in lines:
        if line:
            paragraphs.append(line)
        elif paragraphs and paragraphs[-1]:
            paragraphs.append("")
    return "\n".join(paragraphs).strip()


def file_kind(filename: str, content_type: str | None = None) -> str:
    name = filename.lower()
    for ending, kind in KINDS.items():
        if name.endswith(ending):
            return kind
    if content_type and content_type.split(";")[0].strip() in CONTENT_TYPES:
        return CONTENT_TYPES[content_type.split(";")[0].strip()]
    raise InvalidInput(f"{filename}: not a text, HTML, PDF or DOCX file (name it .txt, .html, .pdf or .docx)")


def _decode(filename: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{filename}: not UTF-8 text (byte {exc.start} cannot be decoded)") from None


@dataclass(frozen=True)
class ReportFile:
    """What a report file holds: its text, and the headline and publication date its markup gives (a web page's)."""

    text: str
    title: str | None = None
    published: dt.date | None = None


def text_of(filename: str, data: bytes, content_type: str | None = None) -> str:
    """The text a report file holds; InvalidInput naming the file when it cannot be read."""
    return read_report_file(filename, data, content_type).text


def read_report_file(filename: str, data: bytes, content_type: str | None = None) -> ReportFile:
    """The text of a report file, with a web page's own headline and publication date; InvalidInput naming the
    file when it cannot be read."""
    kind = file_kind(filename, content_type)
    if kind == "html":
        return _web_page(_decode(filename, data))
    return ReportFile(_file_text(filename, kind, data))


def _whole_page(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return _tidy("".join(parser.parts))


#: how a page's date is read: only from its markup (meta tags, time elements, structured data), never guessed from
#: its words; the date it was first published, not last changed
_PAGE_DATE = {"extensive_search": False, "original_date": True, "outputformat": "%Y-%m-%d"}
_LIST_ITEM = re.compile(r"(?m)^- ")


def _web_page(html: str) -> ReportFile:
    import trafilatura

    # one parse of the page for its article, headline and date
    page = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        with_metadata=True,
        date_extraction_params=_PAGE_DATE,
    )
    if page is None or isinstance(page, dict) or not page.text or not page.text.strip():
        return ReportFile(_whole_page(html))
    title = " ".join((page.title or "").split()) or None
    try:
        published = dt.date.fromisoformat(page.date[:10]) if page.date else None
    except ValueError:
        published = None
    # each of the article's lines a paragraph, and a list item without the dash trafilatura writes before it (a
    # paragraph headed by its place, "Ban K, T district: …", is read as such)
    text = _tidy(_LIST_ITEM.sub("", page.text).replace("\n", "\n\n"))
    if title and title.casefold() not in text[: len(title) + 200].casefold():
        text = f"{title}\n\n{text}"  # the headline tells what the report is about, as the reader saw it
    return ReportFile(text, title, published)


def _file_text(filename: str, kind: str, data: bytes) -> str:
    if kind == "text":
        return _decode(filename, data)
    if kind == "pdf":
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        try:
            reader = PdfReader(io.BytesIO(data))
            text = "\n\n".join(page.extract_text() or "" for page in reader.pages)
        except (PdfReadError, ValueError, KeyError, OSError) as exc:
            raise InvalidInput(f"{filename}: not a readable PDF ({exc})") from None
        if not text.strip():
            raise InvalidInput(f"{filename}: the PDF holds no text (a scan? paste the text instead)")
        return _tidy(text)
    from zipfile import BadZipFile

    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except (BadZipFile, KeyError, ValueError) as exc:
        raise InvalidInput(f"{filename}: not a readable DOCX file ({exc})") from None
    return "\n\n".join(p.text for p in document.paragraphs if p.text.strip())
