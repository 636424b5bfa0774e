"""Who speaks in reported speech when the words name no party there: observers, and object relatives.

- An observer, a peacekeeping force or a mediator that speaks ("The force stressed that attacks on or near
  peacekeepers constitute serious violations …") makes no party's claim (the codebook: a claimant is a party): a
  clause whose subject, right before its verb of saying, is such a body carries no claim, and the speaker of the
  sentence before is not carried over to it.
- "“X is probably not ready to negotiate, because we were not the side that started this,” he said. “How can
  talks take place while Y is still using these methods – creating incidents and provoking us?”": a sentence
  that opens a quotation right after one closed on a verb of saying goes on with the same speaker's words.
- "He contrasted this with X forces, which he accused of deliberately targeting Y civilian areas": the pronoun
  before the verb is the speaker carried over from before, and the party the relative pronoun stands for (the last
  one named before it) is the accused, not the speaker.
"""

from __future__ import annotations

import re

from truceline.extraction.segments import Segment

__all__ = ["continues_quotation", "object_relative_accusation", "observer_speaks"]

_OBSERVER_SUBJECT = re.compile(
    r"(?:^|[,;]\s*|\b(?:and|but|while)\s+)(?:the\s+)?(?:UN\s+|U\.N\.\s+|United\s+Nations\s+|international\s+)?"
    r"(?:peacekeeping\s+)?(?:force|mission|peacekeepers|observers?|monitors?|observer\s+(?:team|mission|group)"
    r"|monitoring\s+(?:team|committee|body|mission|mechanism)|mediators?|envoys?)\s+(?:also\s+|further\s+|has\s+|had\s+)?$",
    re.IGNORECASE,
)

#: "…, which he accused of …", "…, whom they blamed for …": an accusation whose object is the relative pronoun
_OBJECT_RELATIVE = re.compile(
    r"\s*,?\s*(?:which|whom|who)\s+(?P<speaker>he|she|they|it|the\s+\w+)\s+(?:also\s+|had\s+|has\s+)?"
    r"(?:accus(?:ed|es)\s+of|blam(?:ed|es)\s+for|charg(?:ed|es)\s+with)\b",
    re.IGNORECASE,
)


def observer_speaks(text: str, clause_start: int, verb_start: int) -> bool:
    """Whether the subject right before the verb of saying is an observer, peacekeeping force or mediator."""
    before = text[clause_start:verb_start]
    return _OBSERVER_SUBJECT.search(before) is not None and not re.search(r"[“”\"]", before)


def object_relative_accusation(text: str, previous_end: int, clause_end: int) -> bool:
    """Whether the words from the end of the clause before are "…, which he accused of …"."""
    return _OBJECT_RELATIVE.match(text, previous_end, clause_end) is not None


_OPENS_QUOTE = re.compile(r"\s*[“\"]")
#: the sentence before closes a quotation on its verb of saying and opens no other: "…,” he said."
_CLOSED_ON_SAYING = re.compile(
    r"[”\"]\s*,?\s*(?:[\w.'’-]+\s+){0,5}?(?:said|added|told\s+\w+|stressed|insisted|noted|explained|warned)\b[^“”\"]*$",
    re.IGNORECASE,
)


def continues_quotation(text: str, before: Segment | None, sentence: Segment) -> bool:
    """Whether ``sentence`` opens a quotation that goes on from the one the sentence ``before`` closed on its verb."""
    if before is None or not _OPENS_QUOTE.match(text, sentence.start):
        return False
    return _CLOSED_ON_SAYING.search(text, before.start, before.end) is not None
