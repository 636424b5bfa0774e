"""Claims and counter-claims: who asserts what about whom.

A clause holds a claim when it has a verb of asserting ("protested", "accused", "claims",
"said", "denied" …) and words for one of the assertions below; or assertion words strong
enough on their own ("newly laid mines", "remnants from its civil war"). The claimant is the
party named nearest before the verb in the clause (else the first party of the sentence). An
accusation with no party named after the verb accuses the other principal (in a two-party conflict). Clauses
that demand or urge ("urged both sides to halt new landmine placements") are not claims.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from truceline.extraction.actors import ActorMention
from truceline.vocabulary import ClaimAssertion as A
from truceline.vocabulary import ClaimStance as S

_MINE = r"(?:land\s*-?\s*)?mines?"

#: (assertion, stance, pattern, strong: a claim even without a verb of asserting), most specific first
ASSERTIONS: tuple[tuple[A, S, re.Pattern[str], bool], ...] = (
    (
        A.LEGACY_MINES,
        S.DENIES,
        re.compile(
            r"\bremnants?\b|\bleft\s*-?\s*over\b|\blegacy\b|\bold\s+(?:land\s*-?\s*)?mines\b|\bdecades?[- ]old\b"
            r"|\bcivil\s+war\b|\bfrom\s+(?:past|previous|earlier|former)\s+(?:wars?|conflicts?)\b|\bnot\s+(?:yet\s+)?been\s+cleared\b"
            r"|\bunexploded\b|\bdating\s+(?:back\s+)?(?:to|from)\b",
            re.I,
        ),
        True,
    ),
    (
        A.NEWLY_LAID_MINES,
        S.ACCUSES,
        re.compile(
            rf"\b(?:newly|freshly|recently)[- ](?:laid|planted|placed)\b|\bnew(?:ly)?\s+{_MINE}\b(?!\s+placements)"
            rf"|\b(?:laid|laying|lay|planted|planting|plant|placing)\s+(?:new\s+|fresh\s+)?(?:anti-?personnel\s+)?{_MINE}"
            rf"|\bdeliberate\s+use\s+of\s+anti-?personnel\b|\b{_MINE}\s+(?:were|was|had\s+been)\s+(?:newly\s+|freshly\s+|recently\s+)?"
            rf"(?:laid|planted)\b",
            re.I,
        ),
        True,
    ),
    (
        A.FIRED_FIRST,
        S.ACCUSES,
        re.compile(
            r"\bfir(?:ed|ing)\s+first\b|\battack\w*\s+(?:\w+\s+){0,3}?first\b|\bopened\s+fire\s+first\b|\bfirst\s+(?:opened|fired)\b|\bstart(?:ed|ing)\s+the\s+"
            r"(?:fighting|clash\w*|hostilities|latest)|\binitiat\w+|\bprovok\w+|\bunprovoked\b|\bstruck\s+first\b",
            re.I,
        ),
        False,
    ),
    (
        A.CIVILIAN_TARGET,
        S.ACCUSES,
        re.compile(
            r"\b(?:target\w*|aim\w*\s+at)\s+(?:\w+\s+)?civilians?\b|\bcivilian\s+(?:areas?|targets?|objects?|homes?|infrastructure)\b"
            r"|\bhuman\s+shields?\b|\b(?:hit|struck|shelled)\s+(?:a\s+)?hospital\b",
            re.I,
        ),
        False,
    ),
    (
        A.FABRICATED,
        S.DENIES,
        re.compile(
            r"\bfabricat\w+|\bfake\s+news\b|\bfalse\s+(?:claims?|information|allegations?|reports?)\b|\bbaseless\b"
            r"|\bdisinformation\b|\bgroundless\b|\bstaged\b",
            re.I,
        ),
        False,
    ),
    (
        A.SELF_DEFENCE,
        S.DENIES,
        re.compile(
            r"\bself-?\s*defen[cs]e\b|\bretaliat\w+|\bin\s+response\b|\bfight\s+back\b|\bforced\s+to\s+(?:fight|respond)\b"
            r"|\bdefend\s+(?:its|their|our|the\s+nation's)\s+(?:territory|sovereignty)\b",
            re.I,
        ),
        False,
    ),
    (A.DENIAL, S.DENIES, re.compile(r"\bden(?:y|ied|ies|ying)\b|\brejected\b|\brefut\w+|\bdismiss\w+", re.I), False),
    (
        A.RESPONSIBLE,
        S.ACCUSES,
        re.compile(
            r"\bviolat\w+|\bbreach\w*|\baggression\b|\binsincer\w+|\bhostility\s+towards\b|\bblam\w+|\baccus\w+"
            r"|\bcondemn\w+|\bheld\s+\w+\s+responsible\b",
            re.I,
        ),
        False,
    ),
)
_ASSERTING = re.compile(
    r"\b(?:protest\w*|accus\w+|blam\w+|alleg\w+|claim\w*|said|says|say|insist\w*|maintain\w*|assert\w*|charg\w+"
    r"|denounc\w+|condemn\w+|called(?!\s+(?:on|for|upon))|describ\w+|suggest\w*|den(?:y|ied|ies|ying)|reject\w*"
    r"|argu\w+|stated|told|wrote|concluded|confirm\w*|according\s+to)\b",
    re.I,
)
_DEMAND = re.compile(r"\b(?:urg\w+|call(?:ed|s)?\s+(?:on|for|upon)|demand\w*|appeal\w*)\b", re.I)
_MUTUAL = re.compile(
    r"\b(?:both\s+sides|each\s+(?:side|government|country)|the\s+two\s+(?:sides|countries|neighbou?rs)|both\s+countries"
    r"|both\s+governments)\b[^.]{0,60}?"
    r"\b(?:blam\w+|accus\w+|claims?)\b|\b(?:blam\w+|accus\w+)\s+each\s+other\b|\beach\s+side\s+claims\s+the\s+other\b",
    re.I,
)


@dataclass(frozen=True)
class ClaimMention:
    start: int
    end: int
    assertion: A
    stance: S
    claimant: str
    accused: str | None
    rule: str
    spans: tuple[tuple[int, int], ...]


def find_claims(
    text: str,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    actors: Sequence[ActorMention],
    inherited_claimant: str | None = None,
    opposite: Mapping[str, str] | None = None,
) -> list[ClaimMention]:
    """Claims in one clause; ``actors`` are the actor mentions of the whole sentence.

    ``opposite`` maps each principal party to the other one (a two-party conflict): an accusation
    that names nobody after its verb accuses the claimant's opposite.
    """
    opposite = opposite or {}
    c_start, c_end = clause
    body = text[c_start:c_end]
    mutual = _MUTUAL.search(body)
    if mutual:
        return _mutual(text, clause, mutual, opposite)
    verb = _ASSERTING.search(body)
    demand = _DEMAND.search(body)
    if demand and (not verb or demand.start() < verb.start()):
        return []
    found: list[ClaimMention] = []
    for assertion, stance, pattern, strong in ASSERTIONS:
        m = pattern.search(body)
        if not m or (not verb and not strong):
            continue
        if found and assertion in _GENERAL:
            break  # a bare denial or accusation adds nothing to a specific assertion
        anchor = c_start + (verb.start() if verb else m.start())
        claimant = _claimant(actors, clause, inherited_claimant, anchor)
        if claimant is None:
            return found
        accused = _accused(actors, anchor, c_end, claimant, opposite) if stance == S.ACCUSES else None
        spans = [(c_start + m.start(), c_start + m.end())]
        if verb:
            spans.append((c_start + verb.start(), c_start + verb.end()))
        rule = f"claim: assertion '{assertion.value}' from '{m.group(0)}'" + (
            f", verb '{verb.group(0)}'" if verb else ""
        )
        found.append(ClaimMention(c_start, c_end, assertion, stance, claimant, accused, rule, tuple(sorted(spans))))
        if assertion in _GENERAL:
            break
    return found


_GENERAL = (A.DENIAL, A.RESPONSIBLE)


def _mutual(
    text: str, clause: tuple[int, int], match: re.Match[str], opposite: Mapping[str, str]
) -> list[ClaimMention]:
    s, e = clause[0] + match.start(), clause[0] + match.end()
    body = text[clause[0] : clause[1]]
    assertion = A.FIRED_FIRST
    for candidate, _, pattern, _ in ASSERTIONS:
        if candidate in (A.FIRED_FIRST, A.CIVILIAN_TARGET) and pattern.search(body):
            assertion = candidate
            break
    else:
        if re.search(r"\bstart\w*|\bfighting\b|\bclash", body, re.I) is None:
            assertion = A.RESPONSIBLE
    rule = f"mutual accusation '{match.group(0)}': each principal accuses the other"
    return [
        ClaimMention(clause[0], clause[1], assertion, S.ACCUSES, a, b, rule, ((s, e),)) for a, b in opposite.items()
    ]


def _claimant(
    actors: Sequence[ActorMention], clause: tuple[int, int], inherited: str | None, anchor: int
) -> str | None:
    """The party named nearest before the verb; else a body or official named in the clause; else the
    claimant (or subject) carried over from earlier in the sentence."""
    before = [a for a in actors if clause[0] <= a.start < anchor]
    if before:
        return before[-1].code
    in_clause = [a for a in actors if clause[0] <= a.start < clause[1]]
    if in_clause and in_clause[0].kind != "state":
        return in_clause[0].code
    return inherited


def _accused(
    actors: Sequence[ActorMention], anchor: int, clause_end: int, claimant: str, opposite: Mapping[str, str]
) -> str | None:
    after = [a for a in actors if anchor <= a.start < clause_end and a.code != claimant and a.code in opposite]
    if after:
        return after[0].code
    return opposite.get(claimant)
