"""The structured SMS syntax of field reports, parsed (pure: no storage).

::

    INC <date> <time> <place> <kind> [K<killed>] [I<injured>] [<note …>]

- ``INC``: the keyword (any case);
- ``<date>``: ``YYYY-MM-DD``; ``<time>``: ``HHMM`` (24 h, the conflict's local time) or ``-``
  when unknown;
- ``<place>``: one word: a gazetteer place id (``north-gate``) or a place name with ``_`` for
  its spaces (``North_Gate``), as the gazetteer knows it;
- ``<kind>``: an incident kind (``shelling``, ``armed_clash``, ``mines_found`` … see
  ``truceline.vocabulary.IncidentKind``), ``-`` or ``_`` alike;
- ``K<n>``, ``I<n>``: people killed and injured, whole numbers (optional, either order);
- the rest, if any: a free note.

Example: ``INC 2025-12-08 0630 north-gate shelling K2 I5 shells hit the school yard``.

A message either parses whole into an :class:`SmsReport` or raises :class:`SmsSyntaxError`
whose message is the reply to send: short, naming the field that is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Protocol

from truceline.extraction.places import PlaceLike
from truceline.vocabulary import IncidentKind

KEYWORD = "INC"
SYNTAX = "INC YYYY-MM-DD HHMM PLACE KIND [K<killed>] [I<injured>] [note]"
#: a report may be dated at most this many days after the day it arrives (clocks and zones differ)
MAX_DAYS_AHEAD = 1
MAX_LENGTH = 1600
TIME = re.compile(r"^([01]\d|2[0-3])([0-5]\d)$")
FIGURE = re.compile(r"^([KkIi])(\d{1,5})$")


class PlaceBook(Protocol):
    """A gazetteer by id and by name (``truceline.geo.gazetteer.Gazetteer`` is one)."""

    def get(self, place_id: str) -> PlaceLike | None: ...

    def lookup(self, name: str) -> PlaceLike | None: ...


class SmsSyntaxError(ValueError):
    """The message does not follow the syntax; ``str(error)`` is the reply."""


@dataclass(frozen=True)
class SmsReport:
    date: dt.date
    time: dt.time | None
    place: PlaceLike
    kind: IncidentKind
    killed: int | None
    injured: int | None
    note: str


def _place(word: str, gazetteer: PlaceBook) -> PlaceLike:
    place = gazetteer.get(word) or gazetteer.get(word.lower())
    if place is None:
        place = gazetteer.lookup(word.replace("_", " "))
    if place is None:
        raise SmsSyntaxError(f"ERROR place: unknown place {word!r}; send a gazetteer id or name (_ for spaces)")
    return place


def _kind(word: str) -> IncidentKind:
    value = word.lower().replace("-", "_")
    try:
        return IncidentKind(value)
    except ValueError:
        raise SmsSyntaxError(f"ERROR kind: unknown kind {word!r}; e.g. shelling, armed_clash, mines_found") from None


def parse_sms(text: str, gazetteer: PlaceBook, *, received: dt.date) -> SmsReport:
    """A message as a report, or :class:`SmsSyntaxError` naming the field that is wrong."""
    if len(text) > MAX_LENGTH:
        raise SmsSyntaxError(f"ERROR: the message is longer than {MAX_LENGTH} characters")
    words = text.split()
    if not words or words[0].upper() != KEYWORD:
        raise SmsSyntaxError(f"ERROR: start with {KEYWORD}. Syntax: {SYNTAX}")
    if len(words) < 5:
        missing = ("date", "time", "place", "kind")[len(words) - 1]
        raise SmsSyntaxError(f"ERROR {missing}: missing. Syntax: {SYNTAX}")
    _, day_word, time_word, place_word, kind_word, *rest = words
    try:
        day = dt.date.fromisoformat(day_word)
    except ValueError:
        raise SmsSyntaxError(f"ERROR date: {day_word!r} is not a date YYYY-MM-DD") from None
    if len(day_word) != 10:
        raise SmsSyntaxError(f"ERROR date: {day_word!r} is not a date YYYY-MM-DD")
    if day > received + dt.timedelta(days=MAX_DAYS_AHEAD):
        raise SmsSyntaxError(f"ERROR date: {day_word} is in the future")
    if time_word == "-":
        time = None
    else:
        matched = TIME.match(time_word)
        if matched is None:
            raise SmsSyntaxError(f"ERROR time: {time_word!r} is not a time HHMM (or - if unknown)")
        time = dt.time(int(matched.group(1)), int(matched.group(2)))
    place = _place(place_word, gazetteer)
    kind = _kind(kind_word)
    figures: dict[str, int] = {}
    while rest and (matched := FIGURE.match(rest[0])):
        letter = matched.group(1).upper()
        if letter in figures:
            raise SmsSyntaxError(f"ERROR {'killed' if letter == 'K' else 'injured'}: given twice")
        figures[letter] = int(matched.group(2))
        rest = rest[1:]
    if rest and re.match(r"^[KkIi]\S*\d", rest[0]) and not rest[0].isalpha():
        raise SmsSyntaxError(f"ERROR figure: {rest[0]!r}; write K<number> or I<number>, e.g. K2 I5")
    return SmsReport(
        date=day,
        time=time,
        place=place,
        kind=kind,
        killed=figures.get("K"),
        injured=figures.get("I"),
        note=" ".join(rest),
    )
