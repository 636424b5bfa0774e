"""Render a :class:`~truceline.reports.document.Document` as HTML (Jinja2), PDF (WeasyPrint,
from the same HTML) or DOCX (python-docx, so that a ministry can edit a draft).

Nothing is fetched: images are embedded, and fonts are the system's (Debian's
``fonts-thai-tlwg`` and ``fonts-khmeros`` draw Thai and Khmer names; see the README).
"""

from __future__ import annotations

import base64
import io
from enum import StrEnum

from docx import Document as DocxDocument
from docx.shared import Cm, Pt
from jinja2 import Environment, PackageLoader, select_autoescape

from truceline.reports.document import Bullets, Document, Figure, Paragraph, Table, reference_line


class Format(StrEnum):
    HTML = "html"
    PDF = "pdf"
    DOCX = "docx"


MEDIA_TYPES = {
    Format.HTML: "text/html; charset=utf-8",
    Format.PDF: "application/pdf",
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("truceline", "templates"), autoescape=select_autoescape(["html"]))
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    env.globals.update(Paragraph=Paragraph, Bullets=Bullets, Table=Table, Figure=Figure)
    env.tests["paragraph"] = lambda b: isinstance(b, Paragraph)
    env.tests["bullets"] = lambda b: isinstance(b, Bullets)
    env.tests["table"] = lambda b: isinstance(b, Table)
    env.tests["figure"] = lambda b: isinstance(b, Figure)
    return env


def to_html(doc: Document) -> str:
    """One self-contained HTML page: styles inline, images as data URIs."""
    return _environment().get_template("reports/document.html").render(doc=doc, reference_line=reference_line)


def to_pdf(doc: Document) -> bytes:
    from weasyprint import HTML  # imported here: loading Pango takes a moment

    pdf: bytes = HTML(string=to_html(doc)).write_pdf()
    return pdf


def to_docx(doc: Document) -> bytes:
    out = DocxDocument()
    style = out.styles["Normal"]
    style.font.name = "DejaVu Sans"
    style.font.size = Pt(10)
    out.add_heading(doc.title, level=0)
    for key, value in doc.meta:
        line = out.add_paragraph()
        line.add_run(f"{key}: ").bold = True
        line.add_run(value)
    for section in doc.sections:
        out.add_heading(section.title, level=1)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.add_paragraph(block.text)
            elif isinstance(block, Bullets):
                for item in block.items:
                    out.add_paragraph(item, style="List Bullet")
            elif isinstance(block, Table):
                if block.caption:
                    out.add_paragraph(block.caption, style="Caption")
                table = out.add_table(rows=1, cols=len(block.headers))
                table.style = "Table Grid"
                for cell, header in zip(table.rows[0].cells, block.headers, strict=True):
                    cell.text = header
                    for run in cell.paragraphs[0].runs:
                        run.bold = True
                for row in block.rows:
                    for cell, value in zip(table.add_row().cells, row, strict=True):
                        cell.text = value
            else:
                out.add_picture(io.BytesIO(block.png), width=Cm(16))
                out.add_paragraph(block.caption, style="Caption")
    if doc.references:
        out.add_heading("Sources", level=1)
        for reference in doc.references:
            out.add_paragraph(reference_line(reference))
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


def render(doc: Document, fmt: Format | str) -> bytes:
    """The document in a format, as bytes (HTML as UTF-8)."""
    chosen = Format(fmt)
    if chosen == Format.HTML:
        return to_html(doc).encode("utf-8")
    if chosen == Format.PDF:
        return to_pdf(doc)
    return to_docx(doc)
