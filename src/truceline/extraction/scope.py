"""What a sentence or a count is about: the happening being reported, a running total, or history.

Reports mix three things in one paragraph: the incident they report, counts over a whole period
("201 deaths since the ceasefire began", "15 killed in the conflict as of early Friday", "four days
of clashes that left dozens dead") and background recalled to explain it ("relations have
deteriorated since a confrontation in May that killed a soldier"). Only the first gives an incident
or an incident's figures. The cues are words of the language of reporting, not of one conflict:

- a **running total** is a count with a period: "since …", "so far", "to date", "in total",
  "as of …", "the death toll", "has risen to", "N days of fighting", "N violations";
- a **conflict-wide** count is a count "in the conflict", "in the war", "of the fighting";
- **history** is a sentence that recalls ("since an armed incident on May 28", "last month",
  "in recent years", "during the July confrontations") and whose dates all lie well before the
  publication date, and the sentences that continue it ("That day …", "… in the skirmish").

A count followed by a new total ("five soldiers were killed on Friday, taking the toll there to 20")
is the day's own figure, even though the sentence speaks of a toll: only the count after "to" is the
total.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from truceline.extraction.dates import SINCE_BEFORE, DateMention
from truceline.vocabulary import DatePrecision

__all__ = [
    "CountScope",
    "continues_background",
    "count_scope",
    "is_background",
    "new_toll_after",
    "period_after",
    "recalls_earlier_event",
]

#: a date this many days or more before publication is history, not the news of the day
HISTORY_DAYS = 10
#: a count whose sentence gives only dates this old is a count of an earlier phase, whatever the words
OLD_COUNT_DAYS = 60

_RUNNING = re.compile(
    r"\bsince\b|\bso\s+far\b|\bto\s+date\b|\bin\s+total\b|\boverall\b|\bcumulative\b|\bas\s+of\b"
    r"|\bdeath\s+toll\b|\btoll\s+(?:has\s+|had\s+)?(?:risen|rose|climbed|reached|stands|stood)\b"
    r"|\b(?:has|have|had)\s+(?:now\s+)?(?:risen|climbed|reached)\s+to\b|\brevised\b"
    r"|\b(?:\w+|\d+)\s+(?:days|weeks|months|years)\s+of\s+(?:\w+\s+){0,3}?"
    r"(?:fighting|clashes|combat|war|conflict|hostilities|violence)\b"
    r"|\b\d[\d,]*\s+(?:\w+\s+){0,2}?(?:violations|breaches|attacks|strikes|incidents)\b"
    # "this brought the total number of military fatalities to 23", "bringing the toll to"
    r"|\b(?:bring|brings|brought|bringing)\s+(?:the\s+|its\s+)?(?:[\w-]+\s+){0,6}?(?:total|toll|tally|number)\b"
    r"|\b(?:taking|raising|pushing|lifting)\s+(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,6}?(?:total|toll|tally)\b"
    r"|\bthe\s+total\s+number\b"
    # fighting that goes on, in the perfect: "in fighting that has killed seven civilians", "renewed artillery
    # exchanges that have left at least 48 people dead"
    r"|\b(?:fighting|clashes|conflict|violence|exchanges|hostilities|war|offensive)\s+(?:\w+\s+){0,5}?that\s+"
    r"(?:has|have)\s+(?:now\s+|so\s+far\s+)?(?:killed|left|claimed|wounded|injured)\b"
    # "The latest fighting began Monday morning and has already resulted in the deaths of seven civilians"
    r"|\b(?:fighting|clashes|hostilities)\s+(?:\w+\s+){0,5}?and\s+(?:has|have)\s+(?:now\s+|so\s+far\s+|already\s+)?"
    r"(?:killed|left|claimed|wounded|injured|resulted\s+in)\b"
    # a count spread over several places is no one happening's: "killed … in two border provinces"
    r"|\b(?:in|across)\s+(?:two|three|four|five|six|seven|several|multiple|various|\d+)\s+(?:[\w-]+\s+)?"
    r"(?:provinces|districts|regions|villages|locations)\b"
    # a side's own count: "reporting one soldier killed and eighteen wounded on its side" (not "on its side of the
    # border", a place)
    r"|\bon\s+(?:its|their)\s+(?:own\s+)?side\b(?!\s+of\b)"
    # a side's claim of the enemy it has killed: "military intelligence claimed to have killed at least 24 X, mostly
    # soldiers, in airstrikes and artillery shelling" (a count in one side's name of the other's dead: a tally)
    r"|\bclaim(?:s|ed|ing)?\s+(?:to\s+have|that\s+(?:it|they)\s+(?:had\s+|have\s+)?)\s*killed\b"
    # a party's casualty count: "casualties include five soldiers killed"
    r"|\bcasualties\s+(?:include|included|stand|stood|total|totalled|reached)\b"
    # a count over recent weeks: "Recently, explosions … have injured 12", "in recent weeks"
    r"|^\W*Recently\b|\bin\s+recent\s+(?:days|weeks|months)\b"
    # "Strikes and bombings of the past few weeks have resulted in 21 deaths": a count over weeks
    r"|\b(?:of|over|during|in)\s+the\s+(?:past|last)\s+(?:few\s+|several\s+|two\s+|three\s+)?(?:weeks|months)\b"
    # many blasts over time, in the perfect: "six soldiers have been injured by landmines", "mine explosions have
    # wounded 12 soldiers"
    r"|\b(?:have|has)\s+been\s+(?:injured|wounded|killed|maimed|hurt)\s+by\s+(?:[\w-]+\s+){0,2}?"
    r"(?:landmines|mines|explosions|blasts)\b"
    r"|\b(?:landmines|mines|explosions|blasts)\b(?:\s+[\w-]+){0,5}?\s+(?:have|has)\s+(?:injured|wounded|killed|maimed)\b"
    # attacks stepped up over a period, in the perfect: "it has intensified airstrikes and the bombardment of border
    # towns and cities, killing 21 civilians"
    r"|\b(?:has|have)\s+(?:since\s+|further\s+|repeatedly\s+)?(?:intensified|stepped\s+up|escalated|ramped\s+up)\b",
    re.IGNORECASE,
)
#: a period right after a count, in its own phrase: "killed at least 38 people in five days", "reported killed
#: during the past week" (not "killed a villager, marking the first death in the past week")
_PERIOD_AFTER = re.compile(
    r"^[^,;.]{0,40}?\b(?:in|over|within)\s+(?:\w+|\d+)\s+days\b"
    r"|^[^,;.]{0,40}?\b(?:in|during|over)\s+the\s+(?:past|last)\s+(?:\w+\s+)?(?:weeks?|days|months)\b",
    re.IGNORECASE,
)
_CONFLICT_WIDE = re.compile(
    r"\b(?:in|of|during|from)\s+the\s+(?:\w+\s+)?(?:conflict|war|fighting|hostilities)\b(?!\s+(?:there|at|in|near|on)\b)"
    r"|\b(?:the|this)\s+(?:conflict|war)\s+(?:has|had)\s+(?:killed|left)\b",
    re.IGNORECASE,
)
_RECALL = re.compile(
    r"\b(?:since|after|following|(?:triggered|sparked|prompted|set\s+off)\s+by)\s+(?:an?|the)\s+"
    # "since the beginning of the clashes" opens a count's period; it recalls nothing
    r"(?!(?:beginning|start|outbreak|onset)\b)(?:\w+\s+){0,3}?"
    r"(?:incident|confrontation|clash(?:es)?|skirmish|fighting|attack|exchange|firefight)\b"
    # "since the fresh fighting began Sunday" opens a count's period; it recalls nothing
    r"(?!\s+(?:\w+\s+)?(?:began|begun|started|erupted|broke\s+out|resumed|flared|reignited)\b)"
    r"|\blast\s+(?:month|year)\b|\bearlier\s+this\s+year\b|\bin\s+recent\s+years\b"
    # ("the previous night" is the night before the news, no earlier event)
    r"|\bprevious(?:ly)?\b(?!\s+(?:night|day|evening|morning|afternoon)\b)"
    r"|\b(?:this|last)\s+summer\b"
    r"|\b[Dd]uring\s+the\s+(?:\w+\s+){0,2}?(?:confrontations?|fighting|clashes|war|conflict|hostilities)\b"
    r"|\bdates?\s+back\b|\bhistor(?:y|ic(?:al)?)\b",
    re.IGNORECASE,
)
#: "a ceasefire signed last month": the time of an agreement, not of an event recalled
_AGREED_BEFORE = re.compile(r"\b(?:signed|agreed|reached|brokered|struck|sealed|inked|concluded)\s+(?:\w+\s+)?$", re.I)


def _recall(text: str) -> re.Match[str] | None:
    """The first phrase recalling an earlier event, leaving out the time at which an agreement was made."""
    for m in _RECALL.finditer(text):
        if not _AGREED_BEFORE.search(text, max(0, m.start() - 30), m.start()):
            return m
    return None


_CONTINUES = re.compile(
    r"^\W*That\s+day\b|\b(?:in|during)\s+the\s+(?:skirmish|incident|confrontation|exchange|firefight)\b"
    # "This resulted in multiple fatalities …": what the event just recalled did
    r"|^\W*(?:This|That|It)\s+(?:\w+\s+)?(?:resulted|left|killed|wounded|injured|caused)\b",
    re.IGNORECASE,
)


#: a toll that has risen to a number since a day or an event: "had risen to 19 since the December 8 clashes"
_TOLL_SINCE = re.compile(
    r"\btoll\b[^.;]{0,100}?\b(?:risen|rose|climbed|reached|stands|stood)\s+(?:to\s+|at\s+)?[\w,]+\s+since\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class CountScope:
    """``incident`` (the happening reported), ``tally`` (a running or conflict-wide total) or ``history``."""

    scope: str
    cue: str


def _old(dates: Sequence[DateMention], published: dt.date, days: int = HISTORY_DAYS) -> bool:
    """Every date given lies ``days`` or more before publication (and at least one is given)."""
    cutoff = published - dt.timedelta(days=days)
    return bool(dates) and all(d.date_end < cutoff for d in dates)


#: "the latest such raid since a ceasefire last week", "the deadliest attack since July": a "since" that places
#: one happening in a series, not the start of a period a count runs over
_COMPARED_SINCE = re.compile(
    r"\b(?:latest|first|last|only|fiercest|worst|heaviest|deadliest|bloodiest|biggest|largest)\s+"
    r"(?:[\w-]+\s+){0,3}?since$",
    re.IGNORECASE,
)


_DIED_AT_SHELTER = re.compile(
    r"\bdied\b[^.;]{0,60}?\b(?:at|in)\s+(?:the\s+|an?\s+)?(?:temporary\s+)?evacuation\s+(?:centre|center|camp|site|point)s?\b",
    re.IGNORECASE,
)
_REGION = r"(?:southern|northern|eastern|western|central|south|north|east|west)"
#: "in raids on southern and eastern L": two regions of a country; "in X strikes on southern L villages": several
#: villages, each its own happening
_TWO_REGIONS = re.compile(
    rf"\b(?:in|on|across|over)\s+(?:the\s+)?{_REGION}\s+and\s+{_REGION}\s+[A-Z]"
    r"|\b(?:strikes|raids|attacks|bombardments)\s+(?:on|across|against|targeting)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:villages|towns|localities)\b"
)


#: "has risen to": a total reached, as the verb of its own subject
_RISEN_TO = re.compile(r"(?:has|have|had)\s+(?:now\s+)?(?:risen|climbed|reached)\s+to", re.IGNORECASE)


def _risen_after(text: str, m: re.Match[str], count_end: int | None) -> bool:
    """ "The number of families evacuated after a shooting that killed one and wounded three others, has risen to
    300": a total that rises after the count's own phrase is closed by a comma is another subject's, not the
    count's."""
    return (
        count_end is not None
        and m.start() >= count_end
        and _RISEN_TO.fullmatch(m.group(0)) is not None
        and "," in text[count_end : m.start()]
    )


#: "the ceasefire that has been in effect since November 2024": how long an agreement has held, no count's period
_IN_EFFECT_SINCE = re.compile(r"\b(?:in\s+effect|in\s+place|in\s+force|taken\s+effect|took\s+effect)\s+since$", re.I)


def _compared_since(text: str, m: re.Match[str]) -> bool:
    return m.group(0).lower() == "since" and (
        _COMPARED_SINCE.search(text, max(0, m.start() - 60), m.end()) is not None
        or _IN_EFFECT_SINCE.search(text, max(0, m.start() - 30), m.end()) is not None
    )


def count_scope(
    clause_text: str, dates: Sequence[DateMention], published: dt.date, count_end: int | None = None
) -> CountScope:
    """What a count in this clause measures, from the clause's words and the dates of its sentence.

    ``count_end`` is where the count's own words end in ``clause_text``: a recalling phrase set off by a comma
    after them, in a sentence that dates its news recently ("A soldier was wounded on Tuesday, the army said,
    days after a truce ended a conflict last month"), recalls the time of something else, not of the count."""
    toll_since = _TOLL_SINCE.search(clause_text)
    if toll_since is not None:
        # "the death toll of X soldiers had risen to 19 since the December 8 clashes": the clashes open the toll's
        # period, they are not recalled
        return CountScope("tally", toll_since.group(0))
    recall = _recall(clause_text)
    if recall and count_end is not None and recall.start() >= count_end:
        cutoff = published - dt.timedelta(days=HISTORY_DAYS)
        recent = any(d.date_end >= cutoff and not d.speech for d in dates)
        if recent and "," in clause_text[count_end : recall.start()]:
            recall = _recall(clause_text[:count_end])
    if recall:  # "since a confrontation in May that killed a soldier": the count of an earlier event
        return CountScope("history", recall.group(0))
    sheltered = _DIED_AT_SHELTER.search(clause_text)
    if sheltered is not None:
        # "one person died overnight at the temporary evacuation centre … He had a pre-existing heart condition":
        # a death among evacuees, no toll of an act of violence (the codebook)
        return CountScope("evacuee", sheltered.group(0))
    spread = _TWO_REGIONS.search(clause_text)
    if spread is not None:
        # "Three people were killed on Sunday in raids on southern and eastern L": a count over two regions of a
        # country is no one happening's, nor a running total
        return CountScope("spread", spread.group(0))
    for pattern, scope in ((_RUNNING, "tally"), (_CONFLICT_WIDE, "tally")):
        m = next(
            (
                m
                for m in pattern.finditer(clause_text)
                if not _compared_since(clause_text, m) and not _risen_after(clause_text, m, count_end)
            ),
            None,
        )
        if m:
            return CountScope(scope, m.group(0).strip())
    perfect = _PERFECT_IN_FIGHTING.search(clause_text)
    if perfect is not None and not any(d.precision == DatePrecision.DAY and not d.speech for d in dates):
        # "At least three X soldiers have been killed during renewed clashes along the border": the toll of a round of
        # fighting up to now, with no day of its own, is a running total, as "fighting that has killed" is
        return CountScope("tally", perfect.group(0))
    if _old(dates, published, OLD_COUNT_DAYS):
        return CountScope("history", "every date of the sentence is months before publication")
    return CountScope("incident", "")


#: a count in the perfect, of a round of fighting: "have been killed during renewed clashes", "has been wounded in
#: the ongoing fighting"
_PERFECT_IN_FIGHTING = re.compile(
    r"\b(?:have|has)\s+(?:now\s+|so\s+far\s+)?been\s+(?:killed|wounded|injured)\s+(?:in|during|amid)\s+"
    r"(?:the\s+)?(?:renewed|ongoing|continuing|fresh|latest|recent|escalating)\s+(?:[\w-]+\s+)?"
    r"(?:clashes|fighting|hostilities|exchanges|confrontations)\b",
    re.IGNORECASE,
)


#: a new total named right after a count: "killed on Friday, taking the toll there to 20", "killing two more
#: civilians, the ministry said, bringing the death toll to six"
_NEW_TOLL_AFTER = re.compile(
    r"^[^.;]{0,80}?\b(?:taking|bringing|raising|pushing|lifting)\s+(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,6}?"
    r"(?:toll|total|tally)\b",
    re.IGNORECASE,
)


def new_toll_after(text_after: str) -> str | None:
    """The phrase of a new total that follows a count in its sentence: the count before it is the day's own."""
    m = _NEW_TOLL_AFTER.search(text_after)
    return m.group(0).strip() if m else None


def period_after(text_after: str) -> str | None:
    """The period a count is given over when it follows the count in the same phrase ("in five days")."""
    m = _PERIOD_AFTER.search(text_after)
    return m.group(0).strip() if m else None


#: "the health facility had been rocket-hit in July": the past before the past, with only old dates
_PLUPERFECT = re.compile(r"\bhad\s+(?:already\s+)?been\b", re.IGNORECASE)


def is_background(sentence_text: str, dates: Sequence[DateMention], published: dt.date) -> str | None:
    """The cue when the sentence recalls history rather than reports: a recalling phrase (or the pluperfect
    with dates that are all old) and no recent date."""
    m = _recall(sentence_text)
    if m is None and _old(dates, published):
        m = _PLUPERFECT.search(sentence_text)
    if m is None:
        return None
    cutoff = published - dt.timedelta(days=HISTORY_DAYS)
    # "erupted into military clashes earlier this year": a whole year up to now is no recent day
    if any(d.date_end >= cutoff and d.precision != DatePrecision.YEAR for d in dates):
        return None
    return m.group(0)


def continues_background(sentence_text: str, dates: Sequence[DateMention], published: dt.date) -> bool:
    """A sentence right after a background one that goes on about the same past event."""
    cutoff = published - dt.timedelta(days=HISTORY_DAYS)
    if any(d.date_end >= cutoff for d in dates):
        return False
    return _CONTINUES.search(sentence_text) is not None or _old(dates, published)


#: a round of fighting named by when it began: "The clashes reignited on Sunday, December 7", "Armed clashes
#: erupted on the border … on December 7", "The border conflict has reignited since Sunday"
_PHASE_BEGAN = re.compile(
    # the round is what the sentence is about, not a relative clause ("to halt the conflict that reignited …")
    r"\b(?:clash\w*|fighting|conflict|hostilities|combat|violence)\s+(?:(?!that\b|which\b)\w+\s+){0,8}?"
    r"(?:has\s+|had\s+|have\s+)?"
    # "Clashes involving small arms began on the border … on December 7", "the second round of clashes began on …"
    r"(?:reignit\w+|re-?erupt\w+|erupted|broke\s+out|flared\s+(?:up\s+)?again|began|started|resumed)\b",
    re.IGNORECASE,
)
#: how many days before publication the start of a round of fighting is only when the round began
PHASE_DAYS = 3


def phase_began(sentence_text: str, dates: Sequence[DateMention], published: dt.date) -> str | None:
    """The cue when a sentence only tells when the current round of fighting began, days before the report: the
    start of a phase, not one happening (docs/codebook.md); what is said in it (who started it) is still a claim."""
    m = _PHASE_BEGAN.search(sentence_text)
    days = [d for d in dates if not d.speech]
    if m is None or not days:
        return None
    if SINCE_BEFORE.search(sentence_text, max(0, m.start() - 30), m.start()):
        return None  # "put the toll at 19 since fighting erupted on Thursday": the start of a count's period
    cutoff = published - dt.timedelta(days=PHASE_DAYS)
    if any(d.date_end > cutoff for d in days):
        return None
    return m.group(0)


#: "This attack follows a previous incident on July 24, when …": an earlier event named as such
_EARLIER_EVENT = re.compile(
    r"\b(?:previous|earlier|prior)\s+(?:\w+\s+)?(?:incident|attack|strike|clash|blast|explosion|shelling)s?\b",
    re.IGNORECASE,
)


#: "It comes a day after X strikes killed seven people", "the attack, which came after it said it killed a member
#: … on Monday": the report's news placed after another happening, which is told only as its time
_COMES_AFTER = re.compile(
    r"\b(?:comes?|came|coming)\s+(?:(?:a|one|two|three|four|several|\d+)\s+(?:days?|hours?|weeks?)\s+)?"
    r"(?:after|following)\b"
    # "The latest clash occurred a day after a soldier lost his leg in a landmine explosion"
    r"|\b(?:occurred|happened|took\s+place)\s+(?:a|one|two|three|four|several|\d+)\s+(?:days?|weeks?)\s+after\b"
    # "Saturday's assault follows escalating frontier hostilities, with X forces executing … bombardments Thursday"
    r"|\b(?:assault|attack|strike|raid|shelling|incident)\s+follows\b",
    re.IGNORECASE,
)


def recalls_earlier_event(
    sentence_text: str, dates: Sequence[DateMention], reported_from: dt.date | None, offset: int = 0
) -> str | None:
    """The cue when a sentence names "a previous incident" and dates it only before the day of the first
    incident the report tells (``reported_from``): a recent event recalled, not a new one. The news said to come
    after another happening recalls that one, dated or not."""
    after = _COMES_AFTER.search(sentence_text)
    if after is not None and reported_from is not None:
        # "Saturday's assault follows escalating … hostilities": the day named before the cue is the news's own
        days = [d for d in dates if not d.speech and d.end > offset + after.start()]
        if not any(d.date_end >= reported_from for d in days):
            return after.group(0)
    m = _EARLIER_EVENT.search(sentence_text)
    if m is None or reported_from is None:
        return None
    days = [d for d in dates if not d.speech]
    if not days or any(d.date_end >= reported_from for d in days):
        return None
    return m.group(0)
