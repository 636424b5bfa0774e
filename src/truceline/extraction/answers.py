"""A denial given as an answer codes what it answers (the codebook, batch of ``thkh-150``).

"Earlier in the day, X said that the Y military used fighter jets to drop cluster bombs in Z. The Y army responded
that the cluster bombs exclusively targetted military objectives.": the sentence before tells the other side saying
that the denier's side did something, with no claim of its own; answered, that raising is the other side's accusation
(``responsible``). Only an answer in words that say so ("responded that", "replied that", "retorted that") reaches
back to the sentence before.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from truceline.extraction.claims import ASSERTING
from truceline.extraction.document import Document, within
from truceline.extraction.drafts import Draft

__all__ = ["raised_before"]

_ANSWERING = re.compile(r"\b(?:respond(?:ed|s)|repl(?:ied|ies)|retort(?:ed|s)|counter(?:ed|s))\s+that\b", re.I)


def raised_before(doc: Document, index: int, denials: Sequence[Draft]) -> list[Draft]:
    """The other side's accusations that the denials of sentence ``index`` answer, told in the sentence before."""
    if index == 0:
        return []
    seg, before = doc.sentences[index], doc.sentences[index - 1]
    if not _ANSWERING.search(doc.text, seg.start, seg.end):
        return []
    verb = ASSERTING.search(doc.text, before.start, before.end)
    if verb is None:
        return []
    side = doc.principal_of
    raised: list[Draft] = []
    for denial in denials:
        denier = side.get(denial.claimant or "", denial.claimant or "")
        other = doc.opposite.get(denier)
        speakers = [a for a in within(doc.actors, before) if a.end <= verb.start()]
        acts = [a for a in within(doc.actors, before) if a.start >= verb.end()]
        if other is None or not speakers or side.get(speakers[-1].code, speakers[-1].code) != other:
            continue
        if not any(side.get(a.code, a.code) == denier for a in acts):
            continue  # what was said is not of the denier's side
        if any(d.type == "claim" and d.sentence == index - 1 and d.claimant == speakers[-1].code for d in doc.drafts):
            continue  # the sentence before makes its own claim already
        draft = Draft("claim", "responsible", index - 1, speakers[-1].start, "raised by the other side, then answered")
        draft.claimant, draft.accused = speakers[-1].code, denial.claimant
        draft.about, draft.stance = "responsible", "accuses"
        draft.spans = [(speakers[-1].start, speakers[-1].end), (verb.start(), verb.end())]
        draft.add_parties([c for c in (speakers[-1].code, denial.claimant) if c])
        draft.evidence.append(f"what '{doc.text[speakers[-1].start : speakers[-1].end]}' said is answered by a denial")
        draft.date_start, draft.date_end, draft.precision = denial.date_start, denial.date_end, denial.precision
        raised.append(draft)
    return raised[:1]
