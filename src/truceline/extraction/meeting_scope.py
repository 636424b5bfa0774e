"""Which meeting words tell a meeting of the parties that the report is about (the codebook's "Meeting").

- A meeting named as where something else came from, held before the day before publication (or undated), is
  recalled, not reported: "the 13-point agreement reached
  during the GBC meeting on 7 August", "in line with the GBC meeting resolution of August 7", "to review the
  outcomes of the Extraordinary Meeting held on 7 August".
- A meeting held more than a week before publication and told as past is background, as an earlier incident is
  ("A meeting between ground forces from both sides was held on 29 May", in a report of 20 June).
- A meeting of one side alone ("a cabinet meeting", "the National Security Council") is no meeting of the parties,
  nor is one with fewer than two of the conflict's principals ("the foreign minister met a third country's minister").
- "were met with X gunfire", "to meet the 18 detainees": a word of meeting that names no talks of the parties.
- Talks only offered, called for or hoped for ("reaffirmed their readiness to resume the work of the Joint Boundary
  Commission") are not coded unless agreed or scheduled.
- A meeting put off with no new day ("has postponed scheduled talks with …") is not coded; the day it was first set
  for ("originally scheduled for Friday (March 21), is now expected to take place in April") is not its day.
- A meeting said not to happen ("there will be no further meetings", "will not attend the talks", "refused to
  meet", "cancelled the meeting") is not coded.
- A date that only frames the meeting is not its day: "The meeting came just days before the October 26 signing".
"""

from __future__ import annotations

import datetime as dt
import re

__all__ = [
    "CITED_MEETING_DAYS",
    "RECALLED_MEETING_DAYS",
    "cited_meeting",
    "framing_date",
    "negated_meeting",
    "offered_meeting",
    "one_side_meeting",
    "postponed_meeting",
    "recalled_meeting",
    "superseded_date",
]

#: how many days before publication a meeting told as held must lie to be background
RECALLED_MEETING_DAYS = 7
#: how many days before publication a meeting named as the source of something else must lie to be recalled
CITED_MEETING_DAYS = 1

_CITED_BEFORE = re.compile(
    r"\b(?:agreements?|resolutions?|decisions?|outcomes?|conclusions?|results?|minutes|commitments?|consensus"
    r"|understandings?|spirit)\s+(?:[\w-]+\s+){0,2}?(?:of|during|at|from|by|under)\s+(?:the\s+)?"
    r"(?:[\w()’'-]+\s+){0,8}?\(?$",
    re.IGNORECASE,
)
_CITED_AFTER = re.compile(
    r"\s*(?:\([A-Z]{2,6}\)\s*)?(?:meetings?\s+)?(?:resolutions?|decisions?|outcomes?|conclusions?|minutes)\b",
    re.IGNORECASE,
)
_ONE_SIDE = re.compile(
    r"\b(?:cabinet|parliament(?:ary)?|national\s+security\s+council|security\s+cabinet|party|caucus|council\s+of"
    r"\s+ministers)\s+(?:[\w-]+\s+)?$",
    re.IGNORECASE,
)
_FRAMING = re.compile(
    r"\b(?:before|ahead\s+of|after|following|since|until|prior\s+to)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+){0,2}?$",
    re.IGNORECASE,
)


def cited_meeting(text: str, start: int, end: int, floor: int) -> bool:
    """Whether the meeting words at ``start:end`` name a meeting only as the source of something else."""
    return bool(_CITED_BEFORE.search(text, max(floor, start - 90), start) or _CITED_AFTER.match(text, end))


def one_side_meeting(text: str, start: int, floor: int) -> bool:
    """ "a cabinet meeting", "the National Security Council meeting": one side's own meeting."""
    return _ONE_SIDE.search(text, max(floor, start - 40), start) is not None


#: a meeting said not to be held, in the clause before its words: "no further meetings between …", "will not
#: attend the talks", "no longer engage in negotiations", "refused to meet", "ruled out talks", "cancelled the …"
_NEGATED = re.compile(
    r"\b(?:no\s+(?:further\s+|more\s+|new\s+)?(?:meetings?|talks|negotiations?|dialogue)"
    r"|(?:(?:will|would|shall|did|does|do|can|could)\s*(?:not|n[’']t|never)|won[’']t|no\s+longer|(?:refus|declin)\w*\s+to)"
    r"\s+(?:\w+\s+){0,2}?(?:meet|hold|attend|join|engage|negotiate|take\s+part|sit)"
    r"|rul(?:ed|es|ing)\s+out|cancel(?:led|ed|s|ling|ing)?|call(?:ed|s|ing)?\s+off)\b"
    r"(?P<rest>[^.;:!?]*)$",
    re.IGNORECASE,
)
#: a turn in the clause after the negation: what follows it is said apart ("…, but the GBC will meet on Friday",
#: "cancelled the release, and the committee met …")
_TURN = re.compile(r"\b(?:but|however|while|whereas|instead|yet)\b|,\s+and\b", re.IGNORECASE)


def negated_meeting(text: str, start: int, floor: int) -> bool:
    """Whether the meeting words at ``start`` name a meeting said not to be held (the clause before them)."""
    m = _NEGATED.search(text, max(floor, start - 120), start)
    return m is not None and _TURN.search(m.group("rest")) is None


#: talks one side is ready for, calls for or offers, in the clause before the meeting words: "reaffirmed their
#: readiness to resume the work of the Joint Boundary Commission", "is willing to hold talks", "called for the
#: committee to meet"; the codebook codes a meeting only when it is scheduled or agreed
_OFFERED = re.compile(
    r"\b(?:read(?:y|iness)|willing(?:ness)?|prepared|open|eager|call(?:ed|s|ing)?\s+(?:for|on|upon)|urg(?:ed|es|ing)"
    r"|propos(?:ed|es|ing|al)|offer(?:ed|s|ing)?|want(?:s|ed)?|hop(?:e|es|ed|ing))\b[^.;:!?]{0,60}?"
    r"\bto\s+(?:\w+\s+){0,5}?$",
    re.IGNORECASE,
)
#: what makes an offered meeting agreed after all: "agreed to the proposal to meet", "accepted the call to …"
_AGREED = re.compile(r"\b(?:agreed|accepted|approved|scheduled|confirmed)\b", re.IGNORECASE)


#: the same right before the meeting's noun: "Anwar had proposed ceasefire talks", "called for new negotiations"
_OFFERED_NOUN = re.compile(
    r"\b(?:propos(?:ed|es|ing|al\s+for)|call(?:ed|s|ing)?\s+for|urg(?:ed|es|ing)|offer(?:ed|s|ing)?)\s+"
    r"(?:(?:new|fresh|direct|further|ceasefire|peace|the|a|an)\s+)*$",
    re.IGNORECASE,
)


def offered_meeting(text: str, start: int, floor: int) -> bool:
    """Whether the meeting words at ``start`` name talks only offered, called for or hoped for (not scheduled)."""
    m = _OFFERED.search(text, max(floor, start - 120), start) or _OFFERED_NOUN.search(
        text, max(floor, start - 60), start
    )
    return m is not None and _AGREED.search(text, max(floor, start - 160), start) is None


#: a meeting put off, in the clause before its words: "has postponed scheduled talks with …", "delayed the meeting"
_POSTPONED = re.compile(
    r"\b(?:postpon(?:ed|es|ing)|delay(?:ed|s|ing)|put\s+off|push(?:ed)?\s+back|defer(?:red|s)?)\b[^.;:!?]{0,60}$",
    re.IGNORECASE,
)
#: the day a meeting was first set for, no longer its day: "originally scheduled for Friday (March 21)"
_SUPERSEDED = re.compile(
    r"\b(?:originally|initially|first|previously|earlier)\s+(?:scheduled|planned|set|due)\s+(?:for|on|to\s+\w+\s+on)\s+"
    r"(?:\w+\s+\(?)?$",
    re.IGNORECASE,
)


def postponed_meeting(text: str, start: int, floor: int) -> bool:
    """Whether the meeting words at ``start`` name a meeting put off (its new day, if any, is told apart)."""
    return _POSTPONED.search(text, max(floor, start - 60), start) is not None


def superseded_date(text: str, start: int) -> bool:
    """Whether the date at ``start`` is the day a meeting was first set for ("originally scheduled for Friday")."""
    return _SUPERSEDED.search(text, max(0, start - 50), start) is not None


def framing_date(text: str, start: int, floor: int) -> bool:
    """A date that frames another event ("days before the October 26 signing", "after the July 28 ceasefire")."""
    return _FRAMING.search(text, max(floor, start - 40), start) is not None


def recalled_meeting(date_end: dt.date | None, planned: bool, published: dt.date, cited: bool = False) -> bool:
    """A meeting told as held more than a week before publication; one cited as the source of something else
    (``cited``) when it is undated or held before the day before publication ("the agreed minutes of the meeting
    held on Thursday", in a report of Friday, are the news)."""
    if planned:
        return False
    if cited:
        return date_end is None or date_end < published - dt.timedelta(days=CITED_MEETING_DAYS)
    return date_end is not None and date_end < published - dt.timedelta(days=RECALLED_MEETING_DAYS)


#: "were met with gunfire", "met resistance": what someone ran into, not talks
_MET_WITH = re.compile(
    r"\s+(?:with\s+)?(?:[\w-]+\s+){0,2}?(?:gunfire|fire|resistance|opposition|protests?|criticism|shelling)\b", re.I
)
#: "to meet the 18 Y detainees", "met families of the victims": people visited, not a side's delegation
_MET_PEOPLE = re.compile(
    r"\s+(?:with\s+)?(?:the\s+)?(?:[\w-]+\s+){0,3}?(?:detainees|prisoners|captives|families|residents|victims|patients"
    r"|evacuees|villagers|journalists|reporters)\b",
    re.I,
)


def no_meeting(text: str, end: int, word: str) -> bool:
    """Whether the verb of meeting ending at ``end`` names something run into or people visited, not talks."""
    if not re.fullmatch(r"(?:to\s+|will\s+)?meets?|met", word, re.I):
        return False
    return bool(_MET_WITH.match(text, end) or _MET_PEOPLE.match(text, end))
