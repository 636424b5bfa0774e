"""Who speaks in reported speech when the words name no party there: observers, and object relatives.

- An observer, a peacekeeping force or a mediator that speaks ("The force stressed that attacks on or near
  peacekeepers constitute serious violations …") makes no party's claim (the codebook: a claimant is a party): a
  clause whose subject, right before its verb of saying, is such a body carries no claim, and the speaker of the
  sentence before is not carried over to it.
- "“X is probably not ready to negotiate, because we were not the side that started this,” he said. “How can
  talks take place while Y is still using these methods – creating incidents and provoking us?”": a sentence
  that opens a quotation right after one closed on a verb of saying goes on with the same speaker's words.
- "Z accused X of breaking the agreement, alleging attacks on civilians", "she alleged that X used mortars, and
  maintained that her side's troops did not return fire", "Z accuses X of aggression, says its response was
  self-defence": a verb of saying with no subject of its own (after a comma or "and") shares the subject of the
  clause; the party named last before it is what was said before, not who says it.
- "He contrasted this with X forces, which he accused of deliberately targeting Y civilian areas": the pronoun
  before the verb is the speaker carried over from before, and the party the relative pronoun stands for (the last
  one named before it) is the accused, not the speaker.
"""

from __future__ import annotations

import re

from truceline.extraction.segments import Segment

__all__ = ["continues_quotation", "object_relative_accusation", "observer_speaks", "shares_the_subject"]

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


#: a verb of saying right after a comma or "and", with no subject between: ", alleging", "and maintained"
_NO_SUBJECT_BEFORE = re.compile(r"(?:,|\band)\s+(?:also\s+|then\s+|later\s+)?$", re.IGNORECASE)
_AFTER_COMMA = re.compile(r",\s+(?:also\s+|then\s+|later\s+)?$")
_PARTICIPLE = re.compile(r"\w+ing\b", re.IGNORECASE)
_SAYS = re.compile(r"(?:says|said)\b", re.IGNORECASE)


def shares_the_subject(text: str, clause_start: int, verb_start: int, named_right_after: bool) -> bool:
    """Whether the verb of saying at ``verb_start`` has no subject of its own and shares the clause's: ", alleging",
    ", accusing", "and maintained", ", says" (not "…, said the army's spokesman": ``named_right_after``)."""
    if _NO_SUBJECT_BEFORE.search(text, clause_start, verb_start) is None:
        return False
    if _AFTER_COMMA.search(text, clause_start, verb_start) is None:
        return True  # "and maintained"
    if _PARTICIPLE.match(text, verb_start):
        return True
    return _SAYS.match(text, verb_start) is not None and not named_right_after
