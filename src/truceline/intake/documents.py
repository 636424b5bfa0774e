"""A report file as text: plain text, HTML, PDF (pypdf) or DOCX (python-docx), chosen by its
name's ending (or its content type). Ingest stores the text, so the supporting words a reviewer
sees are the words the file holds."""

from __future__ import annotations

import io
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


def text_of(filename: str, data: bytes, content_type: str | None = None) -> str:
    """The text a report file holds; InvalidInput naming the file when it cannot be read."""
    kind = file_kind(filename, content_type)
    if kind == "text":
        return _decode(filename, data)
    if kind == "html":
        parser = _Text()
        parser.feed(_decode(filename, data))
        parser.close()
        return _tidy("".join(parser.parts))
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
