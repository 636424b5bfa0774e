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


#: "the army said", "The military further stated", "the Defense Ministry said": a force or ministry named without
#: its side
_UNNAMED_FORCE = re.compile(
    r"\b[Tt]he\s+(?:army|military|armed\s+forces"
    r"|(?:(?:[Dd]efen[cs]e|[Ff]oreign|[Ii]nterior)\s+)?[Mm]inistry)\b(?!\s+(?:of|chief|commander|spokes\w+)\b)"
)
#: "citing the X ministry", "according to the X army": a party whose words the report carries
_CITED = re.compile(r"\b(?:citing|[Aa]ccording\s+to|quoting)\s+(?:the\s+)?$")
#: a party that speaks: its name, then a verb of saying within a few words
_SPEAKS = re.compile(
    r"(?:\s+[\w'’-]+){0,6}?\s+(?:said|says|stated|announced|reported|told|confirmed|accused|condemned|denied|asserted|claimed|added|stressed|insisted|noted|warned)\b"
)
#: "In X, the army said …": the side a sentence turns to
_IN_SIDE = re.compile(r"\b[Ii]n\s+$")


def unnamed_forces(
    text: str, actors: Sequence[ActorMention], principal_of: dict[str, str], principals: Sequence[str]
) -> list[ActorMention]:
    """ "The army" named without its side, read as the army of the side the report speaks from: the side named just
    before it as "In <country>," in its sentence, else the side of a force or ministry that spoke just before (within
    a few hundred characters), else the side of the report's first speaker (the first party named before a verb of
    saying). None when none is a principal."""

    def side(code: str) -> str | None:
        principal = principal_of.get(code, code)
        return principal if principal in principals else None

    home = next((side(a.code) for a in actors if side(a.code) and _SPEAKS.match(text, a.end, a.end + 80)), None)
    found: list[ActorMention] = []
    for m in _UNNAMED_FORCE.finditer(text):
        if any(a.start < m.end() and m.start() < a.end for a in actors):
            continue
        line_start = max(text.rfind(". ", 0, m.start()), text.rfind("\n", 0, m.start())) + 1
        turned = [
            a
            for a in actors
            if line_start <= a.start < m.start() and side(a.code) and _IN_SIDE.search(text, line_start, a.start)
        ]
        # "… the X military said …. The military further stated …": the force that spoke just before goes on
        spoke = [
            a
            for a in actors
            if a.kind in ("force", "ministry", "spokesperson", "region")
            and max(0, line_start - 400) <= a.start < m.start()
            and side(a.code)
            and (_SPEAKS.match(text, a.end, a.end + 80) or _CITED.search(text, max(0, a.start - 20), a.start))
        ]
        code = side(turned[-1].code) if turned else side(spoke[-1].code) if spoke else home
        if code is not None:
            found.append(ActorMention(m.start(), m.end(), code, "the army of the side the report speaks from", "force"))
    return found
