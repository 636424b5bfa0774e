"""Parties and actors named in text: states, forces, ministries, officials, third parties.

Each lexicon entry maps a pattern to a party code (ISO 3166 alpha-2 for states, the casebook's
codes for the others: ``ASEAN-OT``, ``ASEAN-IOT``, ``APMBC``, ``UN``, ``ICRC``). Officials map to
the party they speak for. The lexicon is data: pass your own to :func:`find_actors`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ActorEntry:
    pattern: str
    code: str
    label: str
    #: state, force, ministry, official, body (third parties), or none (consumes a non-party phrase)
    kind: str = "state"
    case_sensitive: bool = True


@dataclass(frozen=True)
class ActorMention:
    start: int
    end: int
    code: str
    label: str
    kind: str


def _e(pattern: str, code: str, label: str, kind: str = "state", case_sensitive: bool = True) -> ActorEntry:
    return ActorEntry(pattern, code, label, kind, case_sensitive)


#: the principals of the conflict; claims default to accusing the other one
PRINCIPALS: dict[str, str] = {"TH": "KH", "KH": "TH"}

DEFAULT_LEXICON: tuple[ActorEntry, ...] = (
    # compounds that name the border or the pair, not one party
    _e(r"Thai[-–]Cambodian?|Thailand[-–]Cambodia|Cambodia[-–]Thailand|Cambodian[-–]Thai|Khmer[-–]Thai", "", "", "none"),
    # Thailand
    _e(r"Royal Thai (?:Army|Air Force|Navy|Armed Forces|Government|Marine Corps)", "TH", "Thai armed forces", "force"),
    _e(
        r"(?:2nd|Second|1st|First) Army (?:Region|Area)|Suranaree Task Force|Burapha Task Force",
        "TH",
        "Thai army region",
        "force",
    ),
    _e(
        r"Thai (?:army|military|troops|forces|soldiers|navy|marines|air force|rangers"
        r"|authorities|government|officials)",
        "TH",
        "Thai forces or authorities",
        "force",
    ),
    _e(
        r"Thai (?:Foreign|Defen[cs]e|Interior) Ministry|Thailand's (?:Foreign|Defen[cs]e) Ministry",
        "TH",
        "Thai ministry",
        "ministry",
    ),
    _e(r"Sihasak(?: Phuangketke?a?ow)?", "TH", "Sihasak Phuangketkeow, Thai foreign minister", "official"),
    _e(r"Anutin(?: Charnvirakul)?", "TH", "Anutin Charnvirakul, Thai prime minister", "official"),
    _e(
        r"Natt?h?apho?o?[nl](?: Nark?pha?nit| Nakpanich| Nakphanit)?",
        "TH",
        "Natthaphon Narkphanit, Thai defence minister",
        "official",
    ),
    _e(r"Winthai(?: Su[vw]aree)?", "TH", "Winthai Suvaree, Thai army spokesman", "official"),
    _e(
        r"Phumtham(?: We(?:ch|ch)ayachai| Wichaiyachai)?",
        "TH",
        "Phumtham Wechayachai, Thai acting prime minister",
        "official",
    ),
    _e(r"Paetongtarn(?: Shinawatra)?", "TH", "Paetongtarn Shinawatra, Thai prime minister", "official"),
    _e(
        r"Siripong Angkasakulkiat|Jirayu Huangsap|Surasant Kongsiri|Ritcha Suksuwanon|Maratee Nalita Andamo",
        "TH",
        "Thai government or military spokesperson",
        "official",
    ),
    _e(r"Thailand|Thai|Thais|Bangkok(?! Post)", "TH", "Thailand"),
    # Cambodia
    _e(r"Royal Cambodian Armed Forces|RCAF", "KH", "Cambodian armed forces", "force"),
    _e(
        r"Cambodian (?:army|military|troops|forces|soldiers|authorities|government|officials)",
        "KH",
        "Cambodian forces or authorities",
        "force",
    ),
    _e(
        r"Cambodian? (?:Foreign|Defen[cs]e|Interior|Information) Ministry"
        r"|Cambodia's (?:Foreign|Defen[cs]e|Interior) Ministry",
        "KH",
        "Cambodian ministry",
        "ministry",
    ),
    _e(r"Hun Manet", "KH", "Hun Manet, Cambodian prime minister", "official"),
    _e(r"Hun Sen", "KH", "Hun Sen, Cambodian Senate president", "official"),
    _e(r"Tea Seiha|Maly Socheata|Prak Sokhonn|Mao Phalla|Sok Lou", "KH", "Cambodian official", "official"),
    _e(r"Cambodia|Cambodian|Cambodians|Khmer|Phnom Penh", "KH", "Cambodia"),
    # third parties
    _e(r"(?:U\.S\.|US|United States) State Department|State Department", "US", "US State Department", "ministry"),
    _e(r"(?:Donald )?Trump|(?:Marco )?Rubio", "US", "US official", "official"),
    _e(r"United States|U\.S\.|US(?=\W)|Washington|American", "US", "United States"),
    _e(r"Anwar(?: Ibrahim)?|Mohamad Hasan|Mohamed Khaled Nordin", "MY", "Malaysian official", "official"),
    _e(r"Malaysia|Malaysian", "MY", "Malaysia"),
    _e(r"China|Chinese|Beijing|Wang Yi", "CN", "China"),
    _e(
        r"ASEAN Observer Team|ASEAN observer team|ASEAN Observers?(?: Mission)?|AOT|observer team|ASEAN observers",
        "ASEAN-OT",
        "ASEAN Observer Team",
        "body",
    ),
    _e(r"(?:ASEAN )?Interim Observer Team|IOT", "ASEAN-IOT", "ASEAN Interim Observer Team", "body"),
    _e(r"ASEAN|Association of Southeast Asian Nations", "ASEAN", "ASEAN", "body"),
    _e(r"Zambia|Zambian", "ZM", "Zambia"),
    _e(
        r"(?:Anti-Personnel )?Mine Ban (?:Convention|Treaty)|Ottawa (?:Convention|Treaty)",
        "APMBC",
        "Mine Ban Convention",
        "body",
    ),
    _e(r"United Nations|UN(?= )|U\.N\.|Guterres", "UN", "United Nations", "body"),
    _e(r"International Committee of the Red Cross|ICRC|Red Cross", "ICRC", "ICRC", "body"),
    _e(r"Japan|Japanese", "JP", "Japan"),
)


class ActorFinder:
    """Finds lexicon entries in text; longer matches win over shorter ones at the same place."""

    def __init__(self, lexicon: Sequence[ActorEntry] = DEFAULT_LEXICON) -> None:
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


DEFAULT_FINDER = ActorFinder()


def find_actors(text: str, start: int = 0, end: int | None = None) -> list[ActorMention]:
    return DEFAULT_FINDER.find(text, start, end)
