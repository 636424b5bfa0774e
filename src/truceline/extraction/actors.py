"""Parties and actors named in text: states, forces, ministries, officials, third parties.

Each lexicon entry maps a pattern to a party code of the conflict. Officials map to the party
they speak for. The lexicon is the conflict's data (its casebook's ``mentions``): build a finder
with :meth:`ActorFinder.for_conflict`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from truceline.domain.conflict import ConflictDefinition


@dataclass(frozen=True)
class ActorEntry:
    pattern: str
    code: str
    label: str
    #: country, state, force, ministry, official, spokesperson, region, body (third parties),
    #: or none (consumes a phrase naming both sides, which counts as neither)
    kind: str = "state"
    case_sensitive: bool = True


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    code: str
    label: str
    kind: str


class ActorFinder:
    """Finds lexicon entries in text; longer matches win over shorter ones at the same place."""

    @classmethod
    def for_conflict(cls, conflict: ConflictDefinition) -> ActorFinder:
        return cls(
            [
                # a country's own name works as a state does
                ActorEntry(
                    m.pattern, m.code or "", m.label, "state" if m.kind == "country" else m.kind, m.case_sensitive
                )
                for m in conflict.actor_mentions()
            ]
        )

    def __init__(self, lexicon: Sequence[ActorEntry] = ()) -> None:
        self._compiled = [
            (entry, re.compile(rf"(?<![\w-])(?:{entry.pattern})(?![\w])", 0 if entry.case_sensitive else re.I))
            for entry in lexicon
        ]

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[ActorMention]:
        stop = len(text) if end is None else end
        hits: list[ActorMention] = []
        for entry, pattern in self._compiled:
            for m in pattern.finditer(text, start, stop):
                hits.append(ActorMention(m.start(), m.end(), entry.code, entry.label, entry.kind))
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        kept: list[ActorMention] = []
        last_end = -1
        for hit in hits:
            if hit.start >= last_end:
                kept.append(hit)
                last_end = hit.end
        return [h for h in kept if h.code]
