"""Hedged quantities -> low/best/high, without inventing precision.

The rules, one per hedge (N is the number as written):

==========================================  =====  =====  =====
phrase                                      low    best   high
==========================================  =====  =====  =====
"36", "thirty-six", "three dozen"           N      N      N
"more than N", "over N", "upwards of N"     N+1    N+1    —      (the least the words allow)
"at least N", "no fewer than N"             N      N      —
"about N", "around N", "some N", "~N"       —      N      —
"nearly N", "almost N", "close to N",       —      —      N
"up to N", "as many as N"
"fewer than N", "less than N", "under N"    —      —      N-1
"N to M", "N-M", "between N and M"          N      —      M
"dozens"                                    24     —      —
"scores"                                    40     —      —
"hundreds" / "thousands"                    200 / 2,000   —      —
"tens of thousands"                         20,000 —      —
"hundreds of thousands"                     200,000 —     —
==========================================  =====  =====  =====

So "more than three dozen" is low 37, best 37, high unknown, as the methodology asks, and
"over half a million" is low 500,001, best 500,001. "nearly 1 million" keeps the written
number as its upper bound (high 1,000,000) and no best: "nearly" is loose rounding, not a
strict inequality.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truceline.extraction.candidates import Figure

_UNITS = {
    "a": 1,
    "an": 1,
    "another": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1_000, "million": 1_000_000}

_WORD = r"(?:" + "|".join(sorted([*_UNITS, *_TENS], key=len, reverse=True)) + r")"
_COMPOUND = rf"{_WORD}(?:[- ]{_WORD})?"
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?"
_SCALE = r"(?:dozen|hundred|thousand|million)"
#: one number: "half a million", "1.5 million", "three dozen", "300,000", "twenty-three"
NUMBER = (
    rf"(?:half\s+a\s+(?:million|dozen)|(?:{_DIGITS}|{_COMPOUND})(?:\s+{_SCALE}(?:\s+{_SCALE})?)?"
    rf"|(?:{_DIGITS})\s*(?:m|k)\b)"
)
_HEDGES: dict[str, tuple[str, ...]] = {
    "more_than": ("more than", "over", "upwards of", "in excess of", "above", "over a", "more than a"),
    "at_least": ("at least", "no fewer than", "no less than", "a minimum of", "not less than"),
    "about": ("about", "around", "some", "approximately", "roughly", "an estimated", "estimated", "~"),
    "nearly": ("nearly", "almost", "close to", "up to", "as many as", "just under", "the nearly"),
    "fewer_than": ("fewer than", "less than", "under"),
}
_HEDGE = "|".join(sorted((re.escape(h) for hs in _HEDGES.values() for h in hs), key=len, reverse=True))
_VAGUE = {
    "hundreds of thousands": 200_000,
    "tens of thousands": 20_000,
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2_000,
}
_VAGUE_RE = "|".join(sorted(_VAGUE, key=len, reverse=True))

QUANTITY_RE = re.compile(
    rf"(?<![\w.-])(?:(?P<range_between>between)\s+(?P<a>{NUMBER})\s+and\s+(?P<b>{NUMBER})"
    rf"|(?:(?P<hedge>{_HEDGE})\s+)?(?P<n>{NUMBER})(?:\s*(?:to|-|–)\s*(?P<m>{NUMBER}))?"
    rf"|(?P<vague>{_VAGUE_RE}))(?![\w-])",
    re.IGNORECASE,
)


#: one person: "a local soldier", "an elderly villager", "the rider"
_ONE_PERSON = (
    r"(?:soldier|civilian|villager|person|man|woman|child|boy|girl|sergeant|private"
    r"|marine|ranger|trooper|officer|resident|farmer|monk|teenager|volunteer"
    # who else a strike or a shell kills or hurts: "a member of group X", "a fighter", "a passer-by"
    r"|member|fighter|commander|militant|operative|passer-?by|driver|motorcyclist|motorist|rider|paramedic|medic"
    r"|rescuer|nurse|doctor|journalist|reporter|photographer|policeman|guard|sentry|shepherd|herder|fisherman"
    r"|student|worker|labou?rer|infant|baby|toddler|citizen|national|mother|father|son|daughter|youth|mayor"
    r"|pensioner|representative|official|engineer|cadre|leader|agent|peacekeeper|observer|deminer|policewoman"
    r"|police\s+officer|border\s+guard)\b"
)
#: "a"/"an" counts as one only before a person: "a local soldier", "an elderly villager"
_PERSON_AFTER = re.compile(r"(?:\s+[A-Za-z][\w’'-]*|\s+\d+[- ]years?[- ]old){0,2}?\s+" + _ONE_PERSON, re.IGNORECASE)
#: "The soldier sustained a severe injury": the one person named with "the", and the injury he suffered
_THE_ONE_INJURED = re.compile(
    r"\b(?P<the>[Tt]he)(?:\s+[A-Za-z][\w’'-]*)?\s+" + _ONE_PERSON + r"\s+(?:sustained|suffered|received)\s+"
    r"(?:an?\s+)?(?:[\w-]+\s+){0,2}?(?:injury|wound)\b",
    re.IGNORECASE,
)
#: "The injured ranger was rushed to hospital": the one person hurt, named with "the"
_THE_INJURED_ONE = re.compile(r"\b(?P<the>[Tt]he)\s+(?:injured|wounded)\s+" + _ONE_PERSON, re.IGNORECASE)

#: "a father and son", "a soldier and a civilian": two people named one by one
_A_PAIR = re.compile(
    r"an?(?:\s+[A-Za-z][\w’'-]*){0,2}?\s+" + _ONE_PERSON + r"\s+and\s+(?:an?\s+|his\s+|her\s+|their\s+)?"
    r"(?:[A-Za-z][\w’'-]*\s+)?" + _ONE_PERSON,
    re.IGNORECASE,
)
#: "the first civilian death caused by a rocket strike": one death, told with what caused it
_THE_FIRST_DEATH = re.compile(
    r"\b(?P<the>the\s+first)\s+(?:[\w-]+\s+)?(?:death|fatality)\s+(?:caused\s+by|from)\s", re.IGNORECASE
)
#: "The body of the fallen soldier has been transported from the border": the one killed, named as fallen
_THE_FALLEN = re.compile(r"\b(?P<the>[Tt]he)\s+fallen\s+" + _ONE_PERSON, re.IGNORECASE)
#: "killing the rider", "wounding the driver": the one person a strike hit, named with "the" right after its toll's
#: verb (the count is the article)
_THE_ONE_HURT = re.compile(
    r"\b(?:kill(?:ed|ing)|wound(?:ed|ing)|injur(?:ed|ing))\s+(?P<the>the)(?:\s+[A-Za-z][\w’'-]*)?\s+" + _ONE_PERSON,
    re.IGNORECASE,
)


#: "killed one person and wounded another": "another" with no noun after a word for people hurt is one more
_ANOTHER_HURT = re.compile(
    r"\b(?:wound(?:ed|ing)|injur(?:ed|ing)|kill(?:ed|ing)|hurt(?:ing)?)\s+another(?![\w-]|\s+[a-z])", re.IGNORECASE
)


#: "one person was killed, and another was injured", "One person has been killed, and another wounded": "another"
#: as the subject of a word for people hurt, after a count of people, is one more
_ANOTHER_SUBJECT_HURT = re.compile(
    r"\band\s+another(?=\s+(?:was\s+|had\s+been\s+|has\s+been\s+)?(?:wounded|injured|hurt|killed)\b)",
    re.IGNORECASE,
)


def _another_hurt(text: str, start: int, end: int) -> bool:
    m = _ANOTHER_HURT.search(text, max(0, start - 30), min(len(text), end + 20))
    if m is not None and m.end() == end:
        return True
    m = _ANOTHER_SUBJECT_HURT.search(text, max(0, start - 5), min(len(text), end + 30))
    return m is not None and m.end() == end


#: a name made with a number: "Hill 200", "Route 5", "Border Pillar 23", a village's "Moo 4", "Resolution 100"
_NAMED_BY_NUMBER = re.compile(
    r"\b(?:Hill|Road|Route|Highway|Point|Post|Outpost|Base|Checkpoint|Pillar|Marker|Moo|Kilometre|Km|Sector|Zone"
    r"|Unit|Battalion|Regiment|Company|Division|Brigade|Squadron|Resolution|Flight|No\.)\s+$"
)


_NUMBER_AFTER = re.compile(rf"\s+(?:{NUMBER})\b(?![- ]years?[- ]old)", re.IGNORECASE)


@dataclass(frozen=True)
class Quantity:
    start: int
    end: int
    figure: Figure
    rule: str


def parse_number(words: str) -> int | None:
    """'three dozen' -> 36, 'half a million' -> 500000, '1.5 million' -> 1500000, '300,000' -> 300000."""
    text = words.lower().replace("-", " ").strip()
    if re.fullmatch(r"half\s+a\s+(million|dozen)", text):
        return _SCALES[text.split()[-1]] // 2
    match = re.fullmatch(rf"({_DIGITS})\s*(m|k)", text)
    if match:
        return round(float(match.group(1).replace(",", "")) * (1_000_000 if match.group(2) == "m" else 1_000))
    tokens = text.split()
    value: float | None = None
    total = 0.0
    for token in tokens:
        if re.fullmatch(_DIGITS, token):
            value = (value or 0) + float(token.replace(",", ""))
        elif token in _UNITS:
            value = (value or 0) + _UNITS[token]
        elif token in _TENS:
            value = (value or 0) + _TENS[token]
        elif token in _SCALES:
            scale = _SCALES[token]
            base = value if value is not None else 1
            if scale >= 1_000:
                total += base * scale
                value = None
            else:
                value = base * scale
        else:
            return None
    result = total + (value or 0)
    return round(result) if result or tokens else None


def figure_for(hedge: str | None, n: int) -> tuple[Figure, str]:
    """The low/best/high that a hedge word allows for N, and the rule's name."""
    key = next((k for k, hs in _HEDGES.items() if hedge and hedge.lower() in hs), "exact")
    if key == "more_than":
        return Figure(low=n + 1, best=n + 1), "more than N: low=best=N+1"
    if key == "at_least":
        return Figure(low=n, best=n), "at least N: low=best=N"
    if key == "about":
        return Figure(best=n), "about N: best=N"
    if key == "nearly":
        return Figure(high=n), "nearly/up to N: high=N"
    if key == "fewer_than":
        return Figure(high=max(n - 1, 0)), "fewer than N: high=N-1"
    return Figure(low=n, best=n, high=n), "exact N"


def find_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every count in ``text[start:end]``, as low/best/high; years, ages and times are skipped."""
    stop = len(text) if end is None else end
    out: list[Quantity] = []
    for match in QUANTITY_RE.finditer(text, start, stop):
        tail = text[match.end() : match.end() + 12]
        if re.match(r"\s*(?:-?year|-?km|km|kilomet|metre|meter|mile|%|per ?cent|a\.m|p\.m|am\b|pm\b|:\d)", tail):
            continue
        if _NAMED_BY_NUMBER.search(text, max(0, match.start() - 20), match.start()):
            continue  # "Hill 200", "Route 5": a number that names a place or a unit counts nothing
        if (
            match.group("n")
            and match.group("n").strip().lower() in ("a", "an", "another")
            and (not _PERSON_AFTER.match(text, match.end()) or _NUMBER_AFTER.match(text, match.end()))
            and not _another_hurt(text, match.start(), match.end())
        ):
            continue  # "a" or "another" is one only before a person ("another person", not "another two")
        quantity = _quantity(match)
        if quantity is not None and match.group("n") and match.group("n").strip().lower() in ("a", "an"):
            pair = _A_PAIR.match(text, match.start())
            if pair is not None:
                # "killed a father and son", "a soldier and a civilian were wounded": two people
                quantity = Quantity(match.start(), pair.end(), Figure(2, 2, 2), "a pair of people: 2")
        if quantity is not None:
            out.append(quantity)
    for pattern, rule in (
        (_THE_FALLEN, "'the fallen' one: one killed"),
        (_THE_ONE_HURT, "'the' one person hurt, right after the verb"),
        (_THE_FIRST_DEATH, "'the first' death: one"),
        (_THE_ONE_INJURED, "'the' one person who sustained an injury"),
        (_THE_INJURED_ONE, "'the injured' one person"),
    ):
        for match in pattern.finditer(text, start, stop):
            begin, finish = match.span("the")
            if not any(q.start < finish and begin < q.end for q in out):
                out.append(Quantity(begin, finish, Figure(1, 1, 1), rule))
    return sorted(out, key=lambda q: q.start)


def _quantity(match: re.Match[str]) -> Quantity | None:
    if match.group("vague"):
        low = _VAGUE[match.group("vague").lower()]
        return Quantity(match.start(), match.end(), Figure(low=low), f"vague '{match.group('vague')}': low={low}")
    if match.group("range_between"):
        a, b = parse_number(match.group("a")), parse_number(match.group("b"))
        if a is None or b is None or a > b:
            return None
        return Quantity(match.start(), match.end(), Figure(low=a, high=b), "between N and M: low=N high=M")
    n = parse_number(match.group("n"))
    if n is None:
        return None
    raw = match.group("n").strip().lower()
    if re.fullmatch(r"\d{4}", raw) and 1900 <= n <= 2100:
        return None  # a year
    if match.group("m"):
        m = parse_number(match.group("m"))
        if m is None or m < n:
            return None
        if raw in ("a", "an") or m == n:
            return None
        return Quantity(match.start(), match.end(), Figure(low=n, high=m), "N to M: low=N high=M")
    figure, rule = figure_for(match.group("hedge"), n)
    return Quantity(match.start(), match.end(), figure, rule)
