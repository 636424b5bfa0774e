"""A report or a letter as a format-free document: sections of paragraphs, lists, tables and
figures, and the numbered sources every fact points to. Pure: the renderers read it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    caption: str = ""


@dataclass(frozen=True)
class Figure:
    """An image drawn on this machine (a chart, a map) as PNG bytes, with its caption."""

    caption: str
    png: bytes
    name: str


Block = Paragraph | Bullets | Table | Figure


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Section:
        self.blocks.extend(blocks)
        return self


@dataclass(frozen=True)
class Reference:
    number: int
    url: str | None
    sha256: str
    publisher: str | None
    title: str | None
    published_on: str | None


@dataclass
class Document:
    """One report or letter. ``kind`` names it (``daily``, ``sitrep``, ``brief``, ``protest``,
    ``clarification``); ``facts`` keeps the figures it states, for programs and tests."""

    kind: str
    title: str
    conflict_id: str
    meta: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    generated_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC).replace(microsecond=0))
    #: a letter is a draft a person finishes: its closing lines are left to them
    draft: bool = False

    def section(self, title: str) -> Section:
        created = Section(title)
        self.sections.append(created)
        return created

    def cite(self, sources: list[dict[str, Any]]) -> str:
        """Number the sources (each once per document) and return their marks, e.g. ``[3, 7]``."""
        numbers = []
        for source in sources:
            known = next((r for r in self.references if r.sha256 == source["sha256"]), None)
            if known is None:
                known = Reference(
                    number=len(self.references) + 1,
                    url=source.get("url"),
                    sha256=source["sha256"],
                    publisher=source.get("publisher"),
                    title=source.get("title"),
                    published_on=source.get("published_on"),
                )
                self.references.append(known)
            if known.number not in numbers:
                numbers.append(known.number)
        return "[" + ", ".join(map(str, numbers)) + "]" if numbers else "[no source held]"

    def text(self) -> str:
        """The whole document as plain text (what every format must hold)."""
        lines = [self.title, *(f"{k}: {v}" for k, v in self.meta)]
        for section in self.sections:
            lines.append(section.title)
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    lines.append(block.text)
                elif isinstance(block, Bullets):
                    lines.extend(block.items)
                elif isinstance(block, Table):
                    lines.append(" | ".join(block.headers))
                    lines.extend(" | ".join(row) for row in block.rows)
                else:
                    lines.append(block.caption)
        lines.extend(reference_line(r) for r in self.references)
        return "\n".join(lines)


def reference_line(reference: Reference) -> str:
    where = reference.url or f"urn:sha256:{reference.sha256}"
    who = ", ".join(x for x in (reference.publisher, reference.title, reference.published_on) if x)
    return f"[{reference.number}] {who + ' — ' if who else ''}{where} (sha256 {reference.sha256[:16]}…)"
