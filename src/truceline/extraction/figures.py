"""Which count a quantity is: people killed, injured or displaced.

A quantity counts as killed/injured/displaced when a word for that category stands right before
it as a verb taking it as object ("killed more than three dozen people", "displaced over half a
million", "injuring four soldiers") or right after it, within a few words ("three soldiers were
wounded", "15 people killed", "about 400,000 people have been evacuated", "a sergeant lost his
right foot"), also past the people it names ("two soldiers, Sergeant X and Private Y, were
injured"). The nearer word wins; quantities with no such word (18 prisoners, six jets) are not
casualty figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from truceline.extraction.candidates import Figure
from truceline.extraction.numbers import Quantity
from truceline.extraction.segments import title_end

_VERB_BEFORE = {
    "killed": r"kill(?:ed|ing|s)?|claim(?:ed|ing)\s+the\s+lives\s+of|death\s+toll\s+(?:\w+\s+){0,3}?(?:to|at|of)"
    # "has put the death toll on its side at 19"
    # "bringing X's civilian death toll in the reignited border conflict to six"
    r"|toll\s+(?:[\w'’-]+\s+){3,6}?to"
    r"|deaths?\s+of|fatalities\s+(?:rose\s+)?to"
    # "taking the toll there to 20", "raising the toll to three"
    r"|(?:taking|bringing|raising|pushing|lifting)\s+(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,3}?toll\s+(?:[\w-]+\s+){0,6}?to",
    "injured": r"injur(?:ed|ing|es)|injuries\s+to|wound(?:ed|ing|s)|hurt(?:ing)?|maim(?:ed|ing)"
    # "a landmine exploded and cut off a ranger's leg": a limb lost is a person hurt
    r"|(?:cut(?:ting)?|bl(?:ew|own|owing)|t(?:ore|orn|earing)|ripp(?:ed|ing))\s+off|sever(?:ed|ing)|amputat(?:ed|ing)",
    "displaced": r"displac(?:ed|ing|es)|evacuat(?:ed|ing|es)|uproot(?:ed|ing)|forc(?:ed|ing)|driv(?:ing|en)|drove"
    r"|sheltering|housed|(?:number\s+of\s+)?(?:displaced|evacuees)\s+(?:rose|climbed)\s+to",
}
_WORD_AFTER = {
    "killed": r"killed|dead|died|deaths?|slain|fatalit(?:y|ies)|lost\s+(?:their|his|her)\s+li(?:ves|fe)|perished"
    # "the fallen soldier": one killed (not "rockets had fallen")
    r"|fallen(?=\s+(?:soldier|civilian|villager|man|woman|fighter|officer|ranger|marine|trooper)s?\b)"
    # "a soldier was fatally shot": the wound was mortal
    r"|martyred|martyrs|assassinated|fatally\s+(?:shot|wounded|injured|hit|struck)",
    "injured": r"injured|wounded|hurt|injur(?:y|ies)|maimed|hospitali[sz]ed"
    # "three members of the X military sustained injuries from a landmine explosion"
    r"|(?:sustain|suffer)(?:ed|ing|s)?\s+(?:\w+\s+){0,2}?(?:injur(?:y|ies)|wounds)"
    r"|(?:los(?:t|ing|es)|(?:suffer|sustain)(?:ed|ing|s)?\s+the\s+loss\s+of)\s+(?:his|her|their|a)\s+"
    r"(?:right\s+|left\s+|lower\s+\w+\s+)?(?:leg|legs|foot|feet|limb|limbs|ankle|arm)",
    "displaced": r"displaced|evacuated|fled|flee|fleeing|uprooted|homeless|evacuees|to\s+flee|from\s+their\s+homes"
    r"|in\s+(?:temporary\s+)?shelters|sheltering",
}
_BEFORE_RE = {
    # the words between the verb and the count do not join another clause ("was killed and five others")
    cat: re.compile(rf"\b(?:{p})\s+(?:(?!(?:and|or|but|while)\b)[A-Za-z]+\s+){{0,2}}?$", re.IGNORECASE)
    for cat, p in _VERB_BEFORE.items()
}
_AFTER_RE = {
    cat: re.compile(
        # (a quotation may close after the people counted: "“at least 71 civilians” had been killed")
        rf"^(?:\s+(?!(?:and|or|but|while)\b)[A-Za-z'’]+){{0,5}}?[”\"]?(?:,(?=\s+(?:were|was|have|has|had)\b))?\s+(?:(?:were|was|have|has|had|been|are|being|reportedly|officially|reported|confirmed|now|already)\s+)*"
        rf"(?:{p})\b",
        re.IGNORECASE,
    )
    for cat, p in _WORD_AFTER.items()
}


#: "Two soldiers, Sergeant X and Private Y, were injured": the people named between the count and its verb
_APPOSITIVE_AFTER = {
    cat: re.compile(
        rf"^(?:\s+[A-Za-z'’]+){{0,3}}?,[^,.;()\n]{{3,100}},\s+(?:(?:were|was|have\s+been|has\s+been|had\s+been)\s+"
        # "two people, including an 8-year-old boy, lost their lives": a verb with no auxiliary after the people named
        rf"(?:\w+\s+)?|(?=lost\s|died\b|perished\b))(?:{p})\b",
        re.IGNORECASE,
    )
    for cat, p in _WORD_AFTER.items()
}


#: "A X man allegedly attempting to cross … from Y was injured": what the people were doing, between them and
#: their being hurt
_PARTICIPLE_AFTER = {
    cat: re.compile(
        r"^(?:\s+[A-Za-z'’-]+){1,3}?\s+(?:\w+ly\s+)?(?:attempting|trying|travell?ing|riding|driving|walking|working"
        r"|crossing|returning|patrolling|fleeing|standing|sitting|farming|collecting|gathering)\b[^,.;()\n]{0,90}?"
        rf"\s+(?:was|were|had\s+been)\s+(?:\w+\s+)?(?:{p})\b",
        re.IGNORECASE,
    )
    for cat, p in _WORD_AFTER.items()
}


@dataclass(frozen=True)
class CategorisedFigure:
    category: str
    figure: Figure
    start: int
    end: int
    rule: str


#: "The number of fatalities from X's attacks on Y's civilian areas has risen to 12": the deaths named well before
#: the count they have risen to
_DEATHS_RISEN_TO = re.compile(
    r"\b(?:fatalities|deaths)\b[^.;\d]{0,80}?\b(?:has|have)\s+(?:now\s+)?(?:risen|climbed|increased|jumped)\s+to\s+$",
    re.IGNORECASE,
)


#: "another wounded in two X strikes", "two mines injured four": a count of acts, weapons, places or time
#: is no count of people, whatever word for harm stands around it
_NOT_PEOPLE_AFTER = re.compile(
    r"^\s+(?:[\w'’-]+\s+){0,2}?(?:(?:air)?strikes|attacks|raids|rockets|shells|missiles|drones|bombs|rounds|mines"
    r"|landmines|explosions|blasts|incidents|days|hours|weeks|months|years|villages|towns|sites|vehicles|cars|houses"
    r"|homes|times|locations|areas|positions)\b",
    re.IGNORECASE,
)


#: "Four of the dead were members of one family", "identified one of the dead as …", "two children among the
#: wounded": a part of people already counted, no count of its own ("Six of the civilian victims were killed … in
#: shelling near a petrol station" is that place's count: "victims" says no harm)
_PART_OF_THE_COUNTED = re.compile(
    r"^\s+(?:[\w'’-]+\s+){0,2}?(?:of|among)\s+(?:the|those)\s+(?:\w+\s+)?"
    r"(?:dead|killed|wounded|injured|fatalities|deceased|hurt)\b",
    re.IGNORECASE,
)


#: "The death toll of X soldiers from 11 days of fighting now stands at 21": the toll named well before its count
_TOLL_STANDS_AT = re.compile(
    r"\bdeath\s+toll\b[^.;]{0,100}?\b(?:now\s+)?(?:stands|stood|rose|climbed|reached|has\s+(?:risen|climbed|reached))"
    r"(?:\s+(?:at|to))?\s+$",
    re.IGNORECASE,
)


def categorise(text: str, quantity: Quantity, floor: int, ceiling: int) -> CategorisedFigure | None:
    """Killed, injured or displaced, from the words around the quantity within ``[floor, ceiling)``.

    The title a report opens with is read apart: a count at the start of the first paragraph is not the object of
    a verb that ends the title ("… evacuations; wounded stable" then "Hundreds of families …")."""
    title = title_end(text)
    if title is not None:
        if quantity.start >= title:
            floor = max(floor, title)
        else:
            ceiling = min(ceiling, title)
    before = text[max(floor, quantity.start - 45) : quantity.start]
    after = text[quantity.end : min(ceiling, quantity.end + 70)]
    if _NOT_PEOPLE_AFTER.match(after) or _PART_OF_THE_COUNTED.match(after):
        return None
    best: tuple[int, str, int, int] | None = None
    for category, pattern in _BEFORE_RE.items():
        m = pattern.search(before)
        if m:
            distance = len(before) - m.start()
            span = (quantity.start - distance, quantity.end)
            if best is None or distance < best[0]:
                best = (distance, category, *span)
    for category, pattern in _AFTER_RE.items():
        m = pattern.match(after)
        if m:
            distance = m.end()
            if best is None or distance < best[0]:
                best = (distance, category, quantity.start, quantity.end + m.end())
    if best is None:
        wide = text[quantity.end : min(ceiling, quantity.end + 170)]
        for category, pattern in _APPOSITIVE_AFTER.items():
            m = pattern.match(wide)
            if m:
                best = (m.end(), category, quantity.start, quantity.end + m.end())
                break
    if best is None:
        wide = text[quantity.end : min(ceiling, quantity.end + 170)]
        for category, pattern in _PARTICIPLE_AFTER.items():
            m = pattern.match(wide)
            if m:
                best = (m.end(), category, quantity.start, quantity.end + m.end())
                break
    if best is None:
        risen = _DEATHS_RISEN_TO.search(text, max(floor, quantity.start - 120), quantity.start)
        if risen is not None:
            best = (quantity.start - risen.start(), "killed", risen.start(), quantity.end)
    if best is None:
        stands = _TOLL_STANDS_AT.search(text, max(floor, quantity.start - 140), quantity.start)
        if stands is not None:
            best = (quantity.start - stands.start(), "killed", stands.start(), quantity.end)
    if best is None:
        return None
    _, category, start, end = best
    return CategorisedFigure(category, quantity.figure, start, end, f"{category}: {quantity.rule}")
