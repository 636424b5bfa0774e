"""References to agreements, resolved through a lookup of names, and the provisions they mention.

The lookup is data (:class:`AgreementAlias`): pass the casebook's own aliases to ``extract``;
the default holds best guesses for the 2025 Thailand–Cambodia agreements.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class AgreementAlias:
    id: str
    #: regular expressions (case-insensitive) that name this agreement
    patterns: tuple[str, ...]
    signed_on: dt.date | None = None
    title: str = ""


DEFAULT_AGREEMENTS: tuple[AgreementAlias, ...] = (
    AgreementAlias(
        "putrajaya-ceasefire-2025",
        (
            r"July(?:\s+28)?\s+(?:truce|cease-?fire|agreement)",
            r"(?:truce|cease-?fire)\s+(?:agreed|reached|brokered|signed)\s+in\s+(?:late\s+)?July",
            r"Putrajaya\s+(?:cease-?fire|agreement|talks|meeting|truce)",
            r"(?:cease-?fire|truce)\s+(?:that\s+)?(?:began|took\s+effect|reached|agreed|came\s+into\s+force)\s+"
            r"(?:on\s+|in\s+Putrajaya|at\s+midnight\s+on\s+)(?:July\s+28|28\s+July)?",
            r"immediate\s+and\s+unconditional\s+cease-?fire",
        ),
        dt.date(2025, 7, 28),
        "Putrajaya ceasefire of 28 July 2025",
    ),
    AgreementAlias(
        "gbc-minutes-2025-08-07",
        (
            r"(?:13|thirteen)-point\s+(?:agreed\s+minutes|agreement)",
            r"Agreed\s+Minutes",
            r"August\s+7\s+(?:GBC|agreement)",
        ),
        dt.date(2025, 8, 7),
        "Agreed minutes of the extraordinary GBC, 7 August 2025",
    ),
    AgreementAlias(
        "kl-joint-declaration-2025",
        (
            r"October\s+(?:26\s+)?(?:agreement|cease-?fire|accord|deal|declaration|peace\s+(?:deal|accord|agreement))",
            r"Kuala\s+Lumpur\s+(?:Peace\s+)?(?:Accords?|(?:Joint\s+)?Declaration|Agreement|Joint\s+Agreement)",
            r"KL\s+(?:Peace\s+)?Accord",
            r"joint\s+declaration",
            r"peace\s+declaration",
            r"(?:peace\s+)?(?:accord|declaration|agreement|deal)\s+signed\s+(?:in\s+Kuala\s+Lumpur|on\s+(?:October\s+26|26\s+October))",
        ),
        dt.date(2025, 10, 26),
        "Kuala Lumpur Joint Declaration of 26 October 2025",
    ),
    AgreementAlias(
        "gbc-joint-statement-2025-12-27",
        (
            r"(?:December\s+27|27\s+December)\s+(?:cease-?fire|joint\s+statement|agreement)",
            r"(?:72|seventy-two)-hour\s+(?:cease-?fire|truce|pause)",
            r"joint\s+statement\s+on\s+a\s+new\s+cease-?fire",
        ),
        dt.date(2025, 12, 27),
        "GBC joint statement and ceasefire of 27 December 2025",
    ),
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


class AgreementFinder:
    def __init__(self, aliases: Sequence[AgreementAlias] = DEFAULT_AGREEMENTS) -> None:
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
