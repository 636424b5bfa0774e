"""How Truceline writes uncertain figures, dates and codes for people: the one place that decides,
used by the web pages, the CLI, the API's text fields, the reports and the compliance engine's
explanations.

Figures follow UCDP's low/best/high and never claim more precision than the source gives:

============================  =========================
low, best, high               written
============================  =========================
nothing reported              ``unknown``
0, 0, 0                       ``none``
3, 3, 3                       ``3``
2, 3, 4                       ``2–4 (best 3)``
2, None, 4                    ``2–4``
37, 37, None                  ``at least 37``
2, 4, None                    ``at least 2 (best 4)``
None, 3, 5                    ``up to 5 (best 3)``
None, 3, None                 ``about 3``
============================  =========================

Killed and injured are always written apart (:func:`casualties_text`), never added together.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Mapping

from truceline.domain.labels import N_

UNKNOWN = "unknown"
NONE = "none"

#: The three statuses of a violation, as the legend explains them (``templates/_legend.html``).
STATUS_MEANINGS: dict[str, str] = {
    "alleged": N_("a party says it happened and who did it; no observer finding yet"),
    "disputed": N_("one party accuses, the accused party denies or counter-claims; no observer finding yet"),
    "confirmed": N_("an observer's final finding verified it"),
    "not_substantiated": N_("an observer's final finding did not substantiate it"),
    "unattributed": N_("it breaks a provision, but no one is yet said to have done it"),
}


def _as_written(message: str) -> str:
    return message


def figure_text(figure: Mapping[str, int | None] | None, translate: Callable[[str], str] = _as_written) -> str:
    """A low/best/high figure as people read it (see the table in this module's docstring);
    ``translate`` gives the words in the reader's language (the web pages pass their gettext)."""
    if not figure:
        return translate(UNKNOWN)
    low, best, high = figure.get("low"), figure.get("best"), figure.get("high")
    if low is None and best is None and high is None:
        return translate(UNKNOWN)
    if low is not None and high is not None:
        if low == high:
            return translate(NONE) if low == 0 else str(low)
        if best is not None:
            return translate(N_("%(low)s–%(high)s (best %(best)s)")) % {"low": low, "high": high, "best": best}
        return f"{low}–{high}"
    if high is None and low is not None:
        if best is not None and best != low:
            return translate(N_("at least %(low)s (best %(best)s)")) % {"low": low, "best": best}
        return translate(N_("at least %(low)s")) % {"low": low}
    if high is not None:  # no lower bound
        if best is not None:
            return translate(N_("up to %(high)s (best %(best)s)")) % {"high": high, "best": best}
        return translate(N_("up to %(high)s")) % {"high": high}
    return translate(NONE) if best == 0 else translate(N_("about %(best)s")) % {"best": best}


def casualties_text(killed: Mapping[str, int | None] | None, injured: Mapping[str, int | None] | None) -> str:
    """Killed and injured side by side, never added together: ``killed 2–4 (best 3) · injured unknown``."""
    return f"killed {figure_text(killed)} · injured {figure_text(injured)}"


def code_text(code: str | None) -> str:
    """An internal code (``carried_out``, ``mine_emplacement_observed``) as words."""
    return (code or "").replace("_", " ")


def day_text(day: dt.date | str) -> str:
    """A day (or an ISO date) as people write it: ``1 January 2000``."""
    if isinstance(day, str):
        day = dt.date.fromisoformat(day[:10])
    if type(day) is dt.date:  # a plain date, not a datetime: the same words every time
        return _day_words(day)
    return f"{day.day} {day:%B %Y}"


@functools.lru_cache(maxsize=4096)
def _day_words(day: dt.date) -> str:
    # explanations name the same few hundred days millions of times
    return f"{day.day} {day:%B %Y}"


def moment_text(moment: dt.datetime | dt.date) -> str:
    """A date or an instant in words: ``1 January 2000``, or ``1 January 2000 at 14:30 (UTC+07:00)``
    when the time of day is not midnight."""
    if not isinstance(moment, dt.datetime):
        return day_text(moment)
    if (moment.hour, moment.minute, moment.second) == (0, 0, 0):
        return day_text(moment.date())
    offset = moment.strftime("%z")
    zone = f" (UTC{offset[:3]}:{offset[3:]})" if offset else ""
    return f"{day_text(moment.date())} at {moment:%H:%M}{zone}"


def span_text(first: dt.date, last: dt.date) -> str:
    """Two days as a span: ``3 May 2025``, or ``3 May 2025 to 5 May 2025``."""
    if first == last:
        return day_text(first)
    return f"{day_text(first)} to {day_text(last)}"


def side_text(side: str | None) -> str:
    """Which side of the line an incident lies on, as words (``side AA``, ``side unknown``)."""
    if not side or side in ("unknown", "undetermined"):
        return "side of the line unknown"
    if side == "disputed":
        return "in disputed ground"
    if side == "border":
        return "on the line"
    return f"side {side}"


def date_precision_text(precision: str) -> str:
    """How exactly a date is known, as words: ``known to the day``, ``known within a few days``."""
    if precision == "days":
        return "known within a few days"
    return f"known to the {code_text(precision)}"
