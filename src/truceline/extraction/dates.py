"""Dates in news text, resolved against the publication date, each with its precision.

Rules (``published`` is the report's date; a weekday's tense is read from the words before it):

- explicit: "24 July", "July 24, 2025", "Dec. 8", "2025-12-08" -> that day (``day``); without a
  year, the year that puts the date nearest before publication (or after it, in the future tense);
  ranges "July 24-28", "4 to 7 August" -> start..end (``day``)
- weekday: past tense ("said Monday", "on Sunday ... urged") -> the latest such day on or before
  publication; future tense ("will meet Wednesday", "scheduled to meet Wednesday") -> the next one
  on or after it (a report of Saturday's "will start on Saturday at noon" is that day); "last
  Monday" / "next Monday" force the tense, and a week away on the publication's weekday (``day``)
- "today", "yesterday", "tomorrow", "earlier in the day", "early in the morning", "in the early
  hours" (with no day named after them) (``day``); "overnight" -> the night before publication,
  two days (``days``)
- a day given with a GMT/UTC time ("5:00 am (2200 GMT Friday)") is the day that time falls on in
  the conflict's time zone (Saturday at UTC+7); with no zone known it is not read
- "N days ago" (``day``); "a few days ago" (``days``); "N weeks ago" -> the week around that
  day (``week``); "last week", "this week", "next week" -> Monday..Sunday (``week``); "the past
  week" -> the seven days up to publication (``week``);
  "later this week" -> the day after publication..Sunday (``days``); "the weekend" (``days``)
- "last month", "this month", "earlier this month", "in July", "early December", "mid-November"
  (``month``); "last year", "in 2008" (``year``)
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from dataclasses import dataclass

from truceline.vocabulary import DatePrecision

DAY, DAYS, WEEK, MONTH, YEAR = (
    DatePrecision.DAY,
    DatePrecision.DAYS,
    DatePrecision.WEEK,
    DatePrecision.MONTH,
    DatePrecision.YEAR,
)

_MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAYNUM = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(\d{4}))?"
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1, "an": 1}

_FUTURE_CUES = frozenset(
    [
        "will",
        "'ll",
        "shall",
        "scheduled",
        "schedule",
        "plans",
        "plan",
        "planned",
        "planning",
        "set",
        "due",
        "expected",
        "expects",
        "intends",
        "intend",
        "aims",
        "upcoming",
    ]
)
_PAST_CUES = frozenset(
    ["said", "says", "told", "announced", "reported", "was", "were", "had", "has", "have", "did", "stated", "added"]
)
#: a verb of saying just before a day ("said Monday") or just after it ("on Monday said")
_SPEECH_BEFORE = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|added|confirmed|declared|noted|wrote)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_SPEECH_AFTER = re.compile(
    r"\s*(?:,\s*)?(?:said|says|told|announced|reported|stated|confirmed|declared|wrote"
    # "The army on Tuesday accused and condemned the neighbour …": the day of the accusation
    r"|accused|condemned|denounced|denied|rejected|blamed|warned)\b",
    re.IGNORECASE,
)


#: "since" right before a day or an event: the start of a period
SINCE_BEFORE = re.compile(r"\bsince\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
#: the words before a day that make it the start of a period: "since Monday", "since the beginning of the clashes on
#: December 7", "since fresh fighting erupted on Sunday"
_PERIOD_OPENS = re.compile(
    SINCE_BEFORE.pattern
    + r"|\b(?:since|from)\s+the\s+(?:beginning|start|outbreak|onset)\s+of\s+(?:[\w-]+\s+){0,3}?(?:on\s+)?$"
    r"|\bsince\s+(?:[\w-]+\s+){0,3}?(?:began|begun|started|erupted|resumed|broke\s+out|reignited|flared)\s+(?:on\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    date_start: dt.date
    date_end: dt.date
    precision: DatePrecision
    rule: str
    #: attached to a verb of saying ("said Monday"): the date of a statement, not of an event
    speech: bool = False


def opens_a_period(text: str, mention: DateMention) -> bool:
    """Is the day named as when a period began ("raising the toll to three since the beginning of the clashes on
    December 7")? It dates the period's start, not an act told in its sentence."""
    if mention.precision != DAY:
        return False
    return _PERIOD_OPENS.search(text, max(0, mention.start - 60), mention.start) is not None


def is_future(text: str, position: int, floor: int = 0) -> bool:
    """Is the clause before ``position`` in the future tense? The nearest cue word wins; past by default."""
    window = text[max(floor, position - 80) : position]
    window = re.split(r"[.;]|,\s+(?:while|but|whereas)\s", window)[-1]
    words = re.findall(r"[A-Za-z']+", window.lower())
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word in _FUTURE_CUES and not (word == "set" and words[i + 1 : i + 2] not in (["to"], ["for"], [])):
            # "set to meet", "set for Monday" are to come; "set off by a skirmish", "set up" are done
            return True
        if word in _PAST_CUES or (word.endswith("ed") and len(word) > 4):
            return False
    after = re.match(r"\W*(\w+)", text[position : position + 30])
    return bool(after and after.group(1).lower() in ("will",))


def find_dates(
    text: str, published: dt.date, start: int = 0, end: int | None = None, zone: dt.tzinfo | None = None
) -> list[DateMention]:
    """Every date expression in ``text[start:end]``, longest first, none overlapping.

    ``zone`` is the conflict's time zone: a day given with a GMT time ("2200 GMT Friday") is turned
    into the day it was there; without it such a day is not read.
    """
    stop = len(text) if end is None else end
    found: list[DateMention] = []
    for finder in _FINDERS:
        for mention in finder(text, published, start, stop):
            if not any(m.start < mention.end and mention.start < m.end for m in found):
                found.append(mention)
    found = [local for m in found if (local := _local_day(text, m, zone)) is not None]
    joined = _join_ranges(text, _apposed_weekdays(text, sorted(found, key=lambda m: m.start)))
    return _previous_days(text, _next_days(text, joined, start, stop), published, start, stop)


_APPOSED = re.compile(r"\s*(?:,|\()\s*$")


#: a relative day named with the date it is ("held today, October 23"): the date is the day
_RELATIVE_DAY = re.compile(r"(?:to|yester)day|tonight|this\s+(?:morning|afternoon|evening)|last\s+night", re.I)


def _apposed_weekday(text: str, weekday: DateMention, explicit: DateMention) -> bool:
    return (
        (weekday.rule.startswith("weekday") or _RELATIVE_DAY.fullmatch(text, weekday.start, weekday.end) is not None)
        and explicit.rule.startswith("explicit")
        and explicit.precision == DAY
        and _APPOSED.match(text, weekday.end, explicit.start) is not None
    )


def _apposed_weekdays(text: str, mentions: list[DateMention]) -> list[DateMention]:
    """ "on Thursday, December 7", "Sunday (December 7)": the weekday names the day the date gives (a weekday that
    does not fall on it is the writer's slip, the date is the day)."""
    out = list(mentions)
    for i, (a, b) in enumerate(itertools.pairwise(mentions)):
        if _apposed_weekday(text, a, b) and a.date_start != b.date_start:
            rule = f"{a.rule}; the date given with it, {b.date_start.isoformat()}"
            out[i] = DateMention(a.start, a.end, b.date_start, b.date_end, DAY, rule, a.speech)
        if _apposed_weekday(text, a, b) and a.speech and not b.speech:
            # "said on Tuesday, December 23, 2025 that …": the date given with the day of a statement is that day too
            out[i + 1] = DateMention(b.start, b.end, b.date_start, b.date_end, b.precision, b.rule, True)
    return out


#: a day given with a GMT/UTC time: "2200 GMT Friday", "(0200 GMT on 27 November)", "at 22:00 UTC on Friday"
_GMT_TIME = re.compile(
    r"\b(?P<h>[01]?\d|2[0-3]):?(?P<m>[0-5]\d)\s*(?:hrs\s+)?(?:GMT|UTC)\s*(?:on\s+|,\s*)?$", re.IGNORECASE
)


def _local_day(text: str, mention: DateMention, zone: dt.tzinfo | None) -> DateMention | None:
    """The mention itself; for a day given with a GMT time, the day it was in ``zone`` (None without a zone)."""
    m = _GMT_TIME.search(text, max(0, mention.start - 20), mention.start)
    if m is None or mention.precision != DAY:
        return mention
    if zone is None:
        return None
    moment = dt.datetime.combine(mention.date_start, dt.time(int(m.group("h")), int(m.group("m"))), dt.UTC)
    day = moment.astimezone(zone).date()
    rule = f"{mention.rule}; {m.group(0).strip()} is {day.isoformat()} in the conflict's time zone"
    return DateMention(mention.start, mention.end, day, day, DAY, rule, mention.speech)


#: "the next morning", "the following day", "a day later": the day after the date named just before
_NEXT_DAY = re.compile(
    r"\b(?:the\s+(?:next|following)\s+(?:day|morning|afternoon|evening|night)|a\s+day\s+later)\b", re.I
)


def _next_days(text: str, found: list[DateMention], start: int, stop: int) -> list[DateMention]:
    """The day after the nearest day named before it in the text ("on November 9 … The next morning")."""
    out = list(found)
    for m in _NEXT_DAY.finditer(text, start, stop):
        if any(d.start < m.end() and m.start() < d.end for d in found):
            continue
        before = [d for d in found if d.end <= m.start() and d.precision == DAY and not d.speech]
        if not before:
            continue
        day = before[-1].date_end + dt.timedelta(days=1)
        out.append(_mention(text, m, day, day, DAY, f"'{m.group(0)}' = the day after {before[-1].date_end}"))
    return sorted(out, key=lambda d: d.start)


#: "the previous day", "a day earlier": the day before the date named just before (a statement's day counts)
_PREVIOUS_DAY = re.compile(
    r"\b(?:the\s+previous\s+(?:day|morning|afternoon|evening|night)|the\s+day\s+before"
    r"(?!\s+(?:the|a|an|its|their|his|her|yesterday)\b)|a\s+day\s+earlier)\b",
    re.I,
)


_AGREED = re.compile(r"\b(?:signed|agreed|reached|brokered|struck)\b[^.;,]{0,30}$", re.I)


def _previous_days(text: str, found: list[DateMention], published: dt.date, start: int, stop: int) -> list[DateMention]:
    """The day before the nearest day named before it ("In a statement on Tuesday, … the explosion the previous
    day"); with none named, the day before publication."""
    out = list(found)
    for m in _PREVIOUS_DAY.finditer(text, start, stop):
        if any(d.start < m.end() and m.start() < d.end for d in found):
            continue
        if _AGREED.search(text, max(start, m.start() - 40), m.start()):
            continue  # "the agreement signed in the host country a day earlier": the signing's day, not an event's
        before = [d for d in found if d.end <= m.start() and d.precision == DAY]
        anchor = before[-1].date_start if before else published
        day = anchor - dt.timedelta(days=1)
        out.append(_mention(text, m, day, day, DAY, f"'{m.group(0)}' = the day before {anchor}"))
    return sorted(out, key=lambda d: d.start)


#: "between Tuesday night and early Wednesday", "from the evening of December 22 through the morning of
#: December 23": two days that bound one stretch of time
#: a time of day before a day in a range: "from 8:39 pm on December 8 until 8 am on December 9"
_CLOCK_ON = r"(?:(?:about\s+|around\s+)?\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\.?|p\.?m\.?)\s+(?:on\s+)?)?"
_RANGE_OPEN = re.compile(
    rf"\b(?:between|from)\s+(?:the\s+(?:morning|afternoon|evening|night)\s+of\s+)?{_CLOCK_ON}$", re.I
)
_RANGE_JOIN = re.compile(
    r"^\s*(?:and|through|to|until|till|into)\s+(?:early\s+|late\s+)?(?:the\s+(?:morning|afternoon|evening|night)\s+of\s+)?"
    rf"{_CLOCK_ON}$",
    re.I,
)


def _join_ranges(text: str, found: list[DateMention]) -> list[DateMention]:
    """Two day mentions opened by "between"/"from" and joined by "and"/"through" are one range of days."""
    out: list[DateMention] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        if (
            b is not None
            and a.precision == DAY
            and b.precision == DAY
            and a.date_start <= b.date_start <= a.date_start + dt.timedelta(days=7)
            and _RANGE_OPEN.search(text, max(0, a.start - 40), a.start)
            and _RANGE_JOIN.match(text[a.end : b.start])
        ):
            out.append(
                DateMention(
                    a.start, b.end, a.date_start, b.date_end, DAYS, f"range: {a.rule} to {b.rule}", a.speech or b.speech
                )
            )
            i += 2
            continue
        out.append(a)
        i += 1
    return out


def _speech(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 30) : start]
    # (the words after the day are read from it on: a window of the words before that happens to begin with "said"
    # — "Y said one person was killed on Saturday" — says nothing of the day)
    return bool(_SPEECH_BEFORE.search(before) or _SPEECH_AFTER.match(text[end : end + 25]))


def _mention(
    text: str, match: re.Match[str], a: dt.date, b: dt.date, precision: DatePrecision, rule: str
) -> DateMention:
    start, end = match.start(), match.end()
    return DateMention(start, end, a, b, precision, rule, _speech(text, start, end))


def _infer_year(month: int, day: int, published: dt.date, future: bool) -> dt.date | None:
    candidates = []
    for year in (published.year - 1, published.year, published.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not candidates:
        return None
    if future:
        ahead = [c for c in candidates if c >= published - dt.timedelta(days=3)]
        return min(ahead) if ahead else max(candidates)
    behind = [c for c in candidates if c <= published + dt.timedelta(days=7)]
    return max(behind) if behind else min(candidates)


#: how near before publication a day with a mistyped year must fall, in its publication-year reading
TYPO_YEAR_DAYS = 7


def _mistyped_year(year: int, month: int, day: int, published: dt.date) -> dt.date | None:
    """ "on the morning of July 24, 2015" in a report of 24 July 2025: a year that differs from the publication's by
    one digit, years away, on a day that in the publication's year falls in the week before publication, is a typo
    (the codebook): the publication year's day. A year that differs in more ("July 24, 2008") is a real one."""
    if abs(year - published.year) < 2 or sum(a != b for a, b in zip(str(year), str(published.year), strict=True)) != 1:
        return None
    try:
        day_then = dt.date(published.year, month, day)
    except ValueError:
        return None
    return day_then if published - dt.timedelta(days=TYPO_YEAR_DAYS) <= day_then <= published else None


def _make_date(year: str | None, month: int, day: int, published: dt.date, future: bool) -> dt.date | None:
    if year:
        try:
            written = dt.date(int(year), month, day)
        except ValueError:
            return None
        return _mistyped_year(int(year), month, day, published) or written
    return _infer_year(month, day, published, future)


_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH_RANGE = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s*(?:-|–|to|and)\s*{_DAYNUM}\s+({_MONTH}){_YEAR}\b")
_MONTH_DAY_RANGE = re.compile(rf"\b({_MONTH})\s+{_DAYNUM}\s*(?:-|–|to)\s*{_DAYNUM}{_YEAR}\b")
_DAY_MONTH = re.compile(rf"\b{_DAYNUM}\s+(?:of\s+)?({_MONTH}){_YEAR}\b")
_MONTH_DAY = re.compile(rf"\b({_MONTH})\s+{_DAYNUM}\b(?!\s*(?:-|–|to)\s*\d){_YEAR}(?!\d)")


def _month_number(token: str) -> int:
    return _MONTHS[token.rstrip(".").lower()]


def _explicit(text: str, published: dt.date, start: int, stop: int) -> list[DateMention]:
    out: list[DateMention] = []
    for m in _ISO.finditer(text, start, stop):
        try:
            day = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
        out.append(_mention(text, m, day, day, DAY, "explicit ISO date"))
    for m in _DAY_MONTH_RANGE.finditer(text, start, stop):
        month = _month_number(m.group(3))
        future = is_future(text, m.start())
        a = _make_date(m.group(4), month, int(m.group(1)), published, future)
        b = _make_date(m.group(4), month, int(m.group(2)), published, future)
        if a and b and a <= b:
            out.append(_mention(text, m, a, b, DAY, "explicit day range 'D-D Month'"))
    for m in _MONTH_DAY_RANGE.finditer(text, start, stop):
        month = _month_number(m.group(1))
        future = is_future(text, m.start())
        a = _make_date(m.group(4), month, int(m.group(2)), published, future)
        b = _make_date(m.group(4), month, int(m.group(3)), published, future)
        if a and b and a <= b:
            out.append(_mention(text, m, a, b, DAY, "explicit day range 'Month D-D'"))
    for m in _DAY_MONTH.finditer(text, start, stop):
        a = _make_date(m.group(3), _month_number(m.group(2)), int(m.group(1)), published, is_future(text, m.start()))
        if a:
            out.append(_mention(text, m, a, a, DAY, "explicit date 'D Month'"))
    for m in _MONTH_DAY.finditer(text, start, stop):
        if m.group(1).lower() == "may" and not text[m.start()].isupper():
            continue
        a = _make_date(m.group(3), _month_number(m.group(1)), int(m.group(2)), published, is_future(text, m.start()))
        if a:
            out.append(_mention(text, m, a, a, DAY, "explicit date 'Month D'"))
    return out


_WEEKDAY_RE = re.compile(
    rf"\b(?:(last|next|this|coming|past)\s+)?({_WEEKDAY})(?:'s)?(?:\s+(?:morning|afternoon|evening|night))?\b"
)


def _weekdays(text: str, published: dt.date, start: int, stop: int) -> list[DateMention]:
    out: list[DateMention] = []
    for m in _WEEKDAY_RE.finditer(text, start, stop):
        modifier = (m.group(1) or "").lower()
        target = _WEEKDAYS[m.group(2).lower()]
        if modifier in ("next", "coming"):
            future = True
        elif modifier in ("last", "past"):
            future = False
        else:
            future = is_future(text, m.start(), floor=_sentence_floor(text, m.start()))
        if future:
            ahead = (target - published.weekday()) % 7
            if ahead == 0 and modifier in ("next", "coming"):
                ahead = 7
            day = published + dt.timedelta(days=ahead)
            rule = f"weekday '{m.group(2)}' in the future tense: next {m.group(2)} on or after publication"
        else:
            back = (published.weekday() - target) % 7
            if modifier == "last" and back == 0:
                back = 7
            day = published - dt.timedelta(days=back)
            rule = f"weekday '{m.group(2)}' in the past tense: latest {m.group(2)} on or before publication"
        out.append(_mention(text, m, day, day, DAY, rule))
    return out


def _sentence_floor(text: str, position: int) -> int:
    cut = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position))
    return cut + 1 if cut >= 0 else 0


_RELATIVE = re.compile(
    r"\b(?:(?P<today>today|earlier in the day|this morning|this afternoon|this evening|tonight"
    r"|early\s+in\s+the\s+morning(?!\s+(?:of|on)\b)|in\s+the\s+early\s+hours(?!\s+(?:of|on)\b)"
    # "fired shells … after midnight, killing two" in a report of the morning: the day after that midnight
    r"|(?:shortly\s+|just\s+)?after\s+midnight(?!\s+(?:of|on)\b)"
    r"|(?:about\s+|some\s+)?(?:an?|one|two|three|four|five|six|\d+|a\s+few)\s+hours?\s+ago)"
    # "X's airstrikes … last night" in a report of the day after: the night before, dated by the day it began
    r"|(?P<yesterday>yesterday|last\s+night)|(?P<tomorrow>tomorrow)"
    r"|(?P<overnight>overnight)"
    r"|(?P<n>\d+|one|two|three|four|five|six|seven|a|an)\s+(?P<unit>days?|weeks?|months?)\s+ago"
    r"|(?P<few>a few|several|a couple of)\s+(?P<fewunit>days|weeks)\s+ago"
    r"|(?P<later>later|earlier)\s+this\s+(?P<lunit>week|month|year)"
    r"|(?P<rel>last|this|next|past|previous|coming)\s+(?P<runit>week|weekend|month|year)"
    r"|(?:over\s+)?the\s+(?P<weekend>weekend)"
    r"|(?:the\s+)?(?:past|last)\s+(?P<pastn>\d+|two|three|four|five|six|seven|few)\s+(?P<pastunit>days|weeks)"
    r")\b",
    re.IGNORECASE,
)


def _week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def _month_of(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(day: dt.date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


#: a capitalised word right before a capitalised relative day: the day is part of a name
_IN_A_NAME = re.compile(r"[A-Z][\w'’]*\s+$")


def _relative(text: str, published: dt.date, start: int, stop: int) -> list[DateMention]:
    out: list[DateMention] = []
    p = published
    for m in _RELATIVE.finditer(text, start, stop):
        g = m.groupdict()
        if _IN_A_NAME.search(text, max(0, m.start() - 30), m.start()) and m.group(0)[:1].isupper():
            continue  # "the X Today correspondent", "USA Today": a title, not a day
        if g["today"]:
            out.append(_mention(text, m, p, p, DAY, f"'{g['today']}' = the publication day"))
        elif g["yesterday"]:
            d = p - dt.timedelta(days=1)
            out.append(_mention(text, m, d, d, DAY, f"'{g['yesterday']}' = the day before publication"))
        elif g["tomorrow"]:
            d = p + dt.timedelta(days=1)
            out.append(_mention(text, m, d, d, DAY, "'tomorrow' = the day after publication"))
        elif g["overnight"]:
            out.append(
                _mention(text, m, p - dt.timedelta(days=1), p, DAYS, "'overnight' = the night before publication")
            )
        elif g["n"]:
            n = int(g["n"]) if g["n"].isdigit() else _SMALL[g["n"].lower()]
            unit = g["unit"].lower().rstrip("s")
            if unit == "day":
                d = p - dt.timedelta(days=n)
                out.append(_mention(text, m, d, d, DAY, f"'{n} day(s) ago'"))
            elif unit == "week":
                centre = p - dt.timedelta(days=7 * n)
                out.append(
                    _mention(
                        text,
                        m,
                        centre - dt.timedelta(days=3),
                        centre + dt.timedelta(days=3),
                        WEEK,
                        f"'{n} week(s) ago' = the week around {centre.isoformat()}",
                    )
                )
            else:
                y, mo = _shift_month(p, -n)
                a, b = _month_of(y, mo)
                out.append(_mention(text, m, a, b, MONTH, f"'{n} month(s) ago'"))
        elif g["few"]:
            if g["fewunit"].lower() == "days":
                out.append(
                    _mention(text, m, p - dt.timedelta(days=6), p - dt.timedelta(days=2), DAYS, "'a few days ago'")
                )
            else:
                out.append(
                    _mention(text, m, p - dt.timedelta(days=28), p - dt.timedelta(days=10), MONTH, "'a few weeks ago'")
                )
        elif g["later"]:
            out.extend(_later_earlier(text, m, p, g["later"].lower(), g["lunit"].lower()))
        elif g["rel"]:
            out.extend(_last_this_next(text, m, p, g["rel"].lower(), g["runit"].lower()))
        elif g["weekend"]:
            future = is_future(text, m.start())
            sat = (
                p + dt.timedelta(days=(5 - p.weekday()) % 7) if future else p - dt.timedelta(days=(p.weekday() - 5) % 7)
            )
            out.append(_mention(text, m, sat, sat + dt.timedelta(days=1), DAYS, "'the weekend' by tense"))
        elif g["pastn"]:
            word = g["pastn"].lower()
            n = int(word) if word.isdigit() else _SMALL.get(word, 3)
            days = n * (7 if g["pastunit"].lower() == "weeks" else 1)
            prec = DAYS if days <= 6 else WEEK if days <= 8 else MONTH
            out.append(_mention(text, m, p - dt.timedelta(days=days), p, prec, f"'past {g['pastn']} {g['pastunit']}'"))
    return out


def _later_earlier(text: str, m: re.Match[str], p: dt.date, which: str, unit: str) -> list[DateMention]:
    if unit == "week":
        monday, sunday = _week_of(p)
        if which == "later":
            a, b = min(p + dt.timedelta(days=1), sunday), sunday
        else:
            a, b = monday, max(monday, p - dt.timedelta(days=1))
        return [_mention(text, m, a, b, DAYS, f"'{which} this week' relative to publication")]
    if unit == "month":
        first, last = _month_of(p.year, p.month)
        a, b = (p + dt.timedelta(days=1), last) if which == "later" else (first, p)
        return [_mention(text, m, a, max(a, b), MONTH, f"'{which} this month'")]
    a, b = (p, dt.date(p.year, 12, 31)) if which == "later" else (dt.date(p.year, 1, 1), p)
    return [_mention(text, m, a, b, YEAR, f"'{which} this year'")]


def _last_this_next(text: str, m: re.Match[str], p: dt.date, rel: str, unit: str) -> list[DateMention]:
    offset = {"last": -1, "past": -1, "previous": -1, "this": 0, "next": 1, "coming": 1}[rel]
    if unit == "week" and rel == "past":
        # "over the past week": the seven days up to publication, not the calendar week before
        return [_mention(text, m, p - dt.timedelta(days=7), p, WEEK, "'past week' = the seven days up to publication")]
    if unit == "week":
        a, b = _week_of(p + dt.timedelta(days=7 * offset))
        return [_mention(text, m, a, b, WEEK, f"'{rel} week' = Monday..Sunday")]
    if unit == "weekend":
        monday, _ = _week_of(p + dt.timedelta(days=7 * offset))
        sat = monday + dt.timedelta(days=5)
        if offset < 0 and p.weekday() >= 5:
            sat = p - dt.timedelta(days=p.weekday() - 5 + 7)
        return [_mention(text, m, sat, sat + dt.timedelta(days=1), DAYS, f"'{rel} weekend'")]
    if unit == "month":
        y, mo = _shift_month(p, offset)
        a, b = _month_of(y, mo)
        return [_mention(text, m, a, b, MONTH, f"'{rel} month'")]
    y = p.year + offset
    return [_mention(text, m, dt.date(y, 1, 1), dt.date(y, 12, 31), YEAR, f"'{rel} year'")]


_MONTH_ALONE = re.compile(
    rf"\b(?P<prep>in|since|during|until|till|by|from|of|through|throughout)?\s*"
    rf"(?:(?P<part>early|mid|late|end of|the end of|the start of|beginning of|the beginning of)[\s-]+)?"
    rf"(?P<month>{_MONTH})(?:\s+(?P<year>\d{{4}}))?\b(?!\s*\d)"
)
_YEAR_ALONE = re.compile(r"\b(?:in|since|during|of)\s+(\d{4})\b")


def _months(text: str, published: dt.date, start: int, stop: int) -> list[DateMention]:
    out: list[DateMention] = []
    for m in _MONTH_ALONE.finditer(text, start, stop):
        token = m.group("month")
        if not (m.group("prep") or m.group("part") or m.group("year")):
            continue  # "the July truce": a name, not a date
        if token.rstrip(".").lower() == "may" and not token[0].isupper():
            continue
        month = _month_number(token)
        if m.group("year"):
            year = int(m.group("year"))
        else:
            if is_future(text, m.start()):
                year = published.year if month >= published.month else published.year + 1
            else:
                year = published.year if month <= published.month else published.year - 1
        a, b = _month_of(year, month)
        part = (m.group("part") or "").lower()
        if part == "early" or "start" in part or "beginning" in part:
            b = a + dt.timedelta(days=9)
        elif part == "mid":
            a, b = a + dt.timedelta(days=10), a + dt.timedelta(days=19)
        elif part in ("late", "end of", "the end of"):
            a = a + dt.timedelta(days=20)
        span_start = m.start("part") if m.group("part") else m.start("month")
        if m.group("prep") == "since":
            span_start, b = m.start("prep"), published
        mention = DateMention(
            span_start, m.end(), a, b, MONTH, f"month '{m.group(0).strip()}'", _speech(text, span_start, m.end())
        )
        out.append(mention)
    for m in _YEAR_ALONE.finditer(text, start, stop):
        year = int(m.group(1))
        if 1900 <= year <= 2100:
            out.append(
                DateMention(m.start(1), m.end(1), dt.date(year, 1, 1), dt.date(year, 12, 31), YEAR, f"year {year}")
            )
    return out


_FINDERS = (_explicit, _relative, _weekdays, _months)
