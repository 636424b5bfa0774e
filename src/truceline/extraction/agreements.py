"""References to agreements, resolved through a lookup of names, and the provisions they mention.

The lookup is data (:class:`AgreementAlias`): each agreement carries the ``aliases`` by which
reports name it (a casebook's ``agreements.yaml``, or the store); :func:`aliases_of` turns them
into the lookup that ``extract`` takes. With no lookup, no agreement is recognised.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class AgreementAlias:
    id: str
    #: regular expressions (case-insensitive) that name this agreement
    patterns: tuple[str, ...]
    signed_on: dt.date | None = None
    title: str = ""
    #: the agreement's kind (ceasefire, minutes, treaty …): a claim of "violating the ceasefire" names the
    #: latest ceasefire signed by then
    kind: str = ""


class NamedAgreement(Protocol):
    """Anything that names an agreement: a stored agreement, or a casebook's."""

    @property
    def id(self) -> str: ...
    @property
    def aliases(self) -> list[str]: ...
    @property
    def signed_on(self) -> dt.date: ...
    @property
    def title(self) -> str: ...
    @property
    def kind(self) -> str: ...


def aliases_of(agreements: Iterable[NamedAgreement]) -> tuple[AgreementAlias, ...]:
    """The lookup for :func:`~truceline.extraction.pipeline.extract`: each agreement's own aliases."""
    return tuple(
        AgreementAlias(a.id, tuple(a.aliases), a.signed_on, a.title, str(a.kind)) for a in agreements if a.aliases
    )


#: provision code -> words that name it
PROVISIONS: dict[str, str] = {
    "prisoner_release": r"\b(?:releas\w*|repatriat\w*|return)\s+(?:of\s+)?(?:the\s+)?(?:\d+\s+|eighteen\s+)?(?:\w+\s+)?"
    r"(?:prisoners|soldiers|POWs|detainees)\b|\bprisoners?\b",
    "heavy_weapons_withdrawal": r"\bheavy\s+weapons\b",
    "mine_clearance": r"\bland\s*-?\s*mines?\b|\bde-?mining\b|\bmine\s+clearance\b"
    r"|\bclear(?:ing)?\s+(?:land\s*)?mines\b",
    "observers": r"\bobservers?\b|\bobserver\s+team\b",
    "cessation_of_hostilities": r"\bcessation\s+of\s+(?:all\s+)?hostilities\b|\bcease\s+all\s+hostilities\b",
}
_PROVISION_RE = {code: re.compile(p, re.I) for code, p in PROVISIONS.items()}
#: words that introduce what an agreement holds
_HOLDS = re.compile(
    r"\b(?:includ\w+|provid\w+\s+for|provisions?|terms|requir\w+|commit\w+|calls?\s+for|stipulat\w+|aim\w*|under\s+which"
    r"|oblig\w+|covers?|set\s+out|outlin\w+|such\s+as)\b",
    re.I,
)


@dataclass(frozen=True)
class AgreementMention:
    start: int
    end: int
    alias: AgreementAlias
    provisions: tuple[str, ...]
    provision_spans: tuple[tuple[int, int], ...]
    #: the stretch whose event words describe the agreement, not events ("which included releasing prisoners")
    scope: tuple[int, int] | None


def ceasefire_in_force(aliases: Sequence[AgreementAlias], on: dt.date) -> AgreementAlias | None:
    """The latest ceasefire of the lookup signed on or before ``on``: what "the ceasefire" means that day."""
    signed = [a for a in aliases if a.kind == "ceasefire" and a.signed_on is not None and a.signed_on <= on]
    return max(signed, key=lambda a: a.signed_on or on, default=None)


class AgreementFinder:
    def __init__(self, aliases: Sequence[AgreementAlias] = ()) -> None:
        self.aliases = tuple(aliases)
        self._compiled = [(a, re.compile("|".join(f"(?:{p})" for p in a.patterns), re.I)) for a in aliases]

    def find(self, text: str, start: int, end: int) -> list[AgreementMention]:
        """Agreement names in one sentence ``text[start:end]``, each with the provisions named after it."""
        hits: list[tuple[int, int, AgreementAlias]] = []
        for alias, pattern in self._compiled:
            for m in pattern.finditer(text, start, end):
                if not any(s < m.end() and m.start() < e for s, e, _ in hits):
                    hits.append((m.start(), m.end(), alias))
        hits.sort(key=lambda h: h[0])
        out: list[AgreementMention] = []
        for i, (s, e, alias) in enumerate(hits):
            scope_end = hits[i + 1][0] if i + 1 < len(hits) else end
            holds = _HOLDS.search(text, e, scope_end)
            provisions: list[str] = []
            spans: list[tuple[int, int]] = []
            scope = None
            if holds:
                scope = (holds.start(), scope_end)
                for code, pattern in _PROVISION_RE.items():
                    for m in pattern.finditer(text, holds.end(), scope_end):
                        if code not in provisions:
                            provisions.append(code)
                        spans.append((m.start(), m.end()))
            out.append(AgreementMention(s, e, alias, tuple(provisions), tuple(sorted(spans)), scope))
        return out
