"""Sentences and clauses as character ranges of the original text (no text is copied or changed)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

#: abbreviations after which a full stop does not end a sentence
_ABBREVIATIONS = frozenset(
    [
        "u.s",
        "u.n",
        "mr",
        "mrs",
        "ms",
        "dr",
        "gen",
        "lt",
        "col",
        "maj",
        "sgt",
        "pvt",
        "capt",
        "adm",
        "cmdr",
        "rear",
        "brig",
        "no",
        "st",
        "vs",
        "etc",
        "inc",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "approx",
        "dept",
        "govt",
        "sen",
        "rep",
        "pm",
        "fm",
    ]
)
#: a full stop (or ! ?) before a capital, or a blank line; single line breaks are wrapping, not ends
#: a stop before a capital, a blank line, or a colon that ends a line (what follows is a list or a new paragraph);
#: words left out after a stop ("… retaliate. … The commander has instructed …") start the next sentence
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+(?:(?:…|\.\.\.)\s*)?[\"'“‘(\[]?[A-Z0-9])|\n[ \t]*\n|:(?=[ \t]*\n)")
#: clause boundaries inside a sentence: contrast, relative and participial joints
_CLAUSE_BREAK = re.compile(
    r";|\s[—–-]{1,2}\s|,?\s+(?:while|whereas)\s+|,\s+but\s+|,\s+(?:which|who)\s+|,\s+(?:suggesting|saying)\s+"
)
#: boundaries of a conjunct, the narrowest unit that attaches an actor to an event word
_CONJUNCT_BREAK = re.compile(r",|;|\s(?:and|or|while|whereas|but|as|after|before|when)\s|[—–]")


@dataclass(frozen=True)
class Segment:
    start: int
    end: int

    def of(self, text: str) -> str:
        return text[self.start : self.end]

    def contains(self, start: int, end: int) -> bool:
        return self.start <= start and end <= self.end


#: a line with no stop of its own, ended by a line break: a headline when its words are in headline case
_LINE_WITHOUT_STOP = re.compile(r"(?m)^[ \t]*([^\n.!?:;]{12,200}?)[ \t]*\n")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def headline_case(line: str) -> bool:
    """Is the line written as a headline ("Four Soldiers Killed, Three Wounded in Battle for Strategic Hill"): a few
    words, most of the longer ones capitalised, and no stop?"""
    words = _WORD.findall(line)
    longer = [w for w in words if len(w) >= 4]
    return 3 <= len(words) <= 20 and len(longer) >= 3 and sum(w[0].isupper() for w in longer) >= 0.8 * len(longer)


#: the first line of a report, short and ended by a line break with no stop before it: its title, in whatever case it
#: is written ("Border shooting forces evacuations; wounded stable"); a long one is a lead paragraph
_FIRST_LINE_WITHOUT_STOP = re.compile(r"\A\s*[^\n]{12,130}?(?<![.!?:\"”’])[ \t]*\n")


def title_end(text: str) -> int | None:
    """Where the title a report opens with ends (its line break), when its first line is one."""
    m = _FIRST_LINE_WITHOUT_STOP.match(text)
    return m.end() - 1 if m is not None else None


def headlines(text: str) -> list[Segment]:
    """The lines of ``text`` written as headlines: a report's own title, and in a copied page the titles of other
    stories it links to between its paragraphs."""
    return [Segment(m.start(1), m.end(1)) for m in _LINE_WITHOUT_STOP.finditer(text) if headline_case(m.group(1))]


def sentences(text: str, lines: Sequence[Segment] | None = None) -> list[Segment]:
    """Split at sentence ends, not after known abbreviations or initials ('U.S.', 'Dec.', 'Maj.'); a line written as a
    headline (``lines``, when the caller found them already) is a sentence of its own."""
    if lines is None:
        lines = headlines(text)
    out: list[Segment] = []
    for segment in _sentences(text):
        start = segment.start
        for line in lines:
            if start <= line.start and line.end < segment.end:
                _append_trimmed(text, start, line.start, out)
                out.append(line)
                start = line.end
        _append_trimmed(text, start, segment.end, out)
    return out


def _sentences(text: str) -> list[Segment]:
    out: list[Segment] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if text[match.start()] == ".":
            # the word before the stop; a possessive ("the country's.") is no initial
            word = re.search(r"(?:^|(?<=[\s(\"“]))([A-Za-z.]+)\.$", text[start : match.start() + 1])
            token = word.group(1).lower().rstrip(".") if word else ""
            if token in _ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        _append_trimmed(text, start, end, out)
        start = end
    _append_trimmed(text, start, len(text), out)
    return out


def clauses(text: str, sentence: Segment) -> list[Segment]:
    """Split a sentence at contrast and relative joints ('…, while the other side claims …')."""
    out: list[Segment] = []
    start = sentence.start
    body = sentence.of(text)
    for match in _CLAUSE_BREAK.finditer(body):
        _append_trimmed(text, start, sentence.start + match.start(), out)
        start = sentence.start + match.end()
    _append_trimmed(text, start, sentence.end, out)
    return out or [sentence]


def conjunct(text: str, sentence: Segment, start: int, end: int) -> Segment:
    """The stretch around ``[start, end)`` up to the nearest commas or conjunctions."""
    body = sentence.of(text)
    left = sentence.start
    right = sentence.end
    for match in _CONJUNCT_BREAK.finditer(body):
        m_start, m_end = sentence.start + match.start(), sentence.start + match.end()
        if m_end <= start:
            left = m_end
        elif m_start >= end:
            right = m_start
            break
    return Segment(left, right)


def _append_trimmed(text: str, start: int, end: int, out: list[Segment]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Segment(start, end))
