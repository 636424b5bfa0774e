"""The interface in the reader's language: gettext catalogs (Babel) and locale-aware formatting.

Catalogs live in ``truceline/locale/<language>/LC_MESSAGES/messages.po`` and are read as they
are (no compiled ``.mo`` file to keep in step). A page's language is, in order: ``?lang=`` (which
is also remembered for the visitor's next pages), the one remembered, the browser's
``Accept-Language`` preference, else English. Templates mark text with ``{{ _("…") }}`` or
``{% trans %}…{% endtrans %}``; the vocabulary's codes (``shelling``, ``alleged``) go through
``kind_label`` and the ``words`` filter, which translate the words ``truceline.domain.labels``
marks, and other marked text a view hands over through the ``translated`` filter; dates and
numbers go through the ``date``, ``day`` and ``number`` filters,
names of parties and places through ``name_in`` (the record's name in the reader's script where
it has one). docs/translating.md tells how to add or update a catalog.
"""

from __future__ import annotations

import datetime as dt
import gettext as gettext_module
import io
from collections.abc import Callable
from contextvars import ContextVar
from functools import lru_cache
from importlib.resources import files
from typing import Any

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from truceline.domain.conflict import ConflictDefinition
from truceline.domain.wording import code_text, day_text, figure_text

DEFAULT_LANGUAGE = "en"
#: where a visitor's chosen language is remembered (the signed session cookie)
LANGUAGE_KEY = "lang"

_current: ContextVar[str] = ContextVar("truceline_language", default=DEFAULT_LANGUAGE)


@lru_cache(maxsize=1)
def available_languages() -> tuple[str, ...]:
    """English and every language with a catalog in the package."""
    root = files("truceline") / "locale"
    found = sorted(
        entry.name
        for entry in (root.iterdir() if root.is_dir() else [])
        if (entry / "LC_MESSAGES" / "messages.po").is_file()
    )
    return (DEFAULT_LANGUAGE, *found)


@lru_cache(maxsize=16)
def language_name(code: str) -> str:
    """A language's own name for itself ("ไทย", "ខ្មែរ", "English")."""
    try:
        return Locale.parse(code).get_display_name(code) or code
    except (UnknownLocaleError, ValueError):
        return code


@lru_cache(maxsize=16)
def translations(language: str) -> gettext_module.NullTranslations:
    """The catalog of ``language`` (English: the messages as written)."""
    if language == DEFAULT_LANGUAGE or language not in available_languages():
        return gettext_module.NullTranslations()
    source = files("truceline") / "locale" / language / "LC_MESSAGES" / "messages.po"
    with source.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext_module.GNUTranslations(compiled)


def negotiate(accept_language: str | None) -> str | None:
    """The best available language for an ``Accept-Language`` header, if any."""
    if not accept_language:
        return None
    wanted: list[tuple[float, int, str]] = []  # (-quality, position, tag): the best first, ties in order
    for i, part in enumerate(accept_language.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and quality > 0:
            wanted.append((-quality, i, tag.strip().replace("_", "-").lower()))
    for _, _, tag in sorted(wanted):
        language = tag.split("-")[0]
        if language in available_languages():
            return language
    return None


def choose_language(query: str | None, remembered: Any, accept_language: str | None) -> str:
    for candidate in (query, remembered):
        if isinstance(candidate, str) and candidate in available_languages():
            return candidate
    return negotiate(accept_language) or DEFAULT_LANGUAGE


def current_language() -> str:
    return _current.get()


def use_language(language: str) -> object:
    """Make ``language`` the one of the page being rendered; returns the token to reset it with."""
    return _current.set(language)


def reset_language(token: object) -> None:
    _current.reset(token)  # type: ignore[arg-type]


def gettext(message: str) -> str:
    return translations(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ngettext(singular, plural, n)


def local_date(value: dt.date | dt.datetime | str | None, format: str = "medium") -> str:
    """A date as the reader's language writes it ("8 Dec 2025", "8 ธ.ค. 2025")."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            day: dt.date = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    else:
        day = value
    return str(format_date(day, format=format, locale=_current.get()))


def local_number(value: int | float | None) -> str:
    return "" if value is None else format_decimal(value, locale=_current.get())


def name_in(names: dict[str, str] | None, default: str) -> str:
    """A record's name in the reader's language where it has one, else its usual name."""
    return (names or {}).get(_current.get()) or default


def local_day(value: dt.date | str | None) -> str:
    """A day in full words ("8 December 2025"; "8 ธันวาคม 2025" in Thai)."""
    if value is None or value == "":
        return ""
    if _current.get() == DEFAULT_LANGUAGE:
        return day_text(value)
    return local_date(value, "long")


def translated(message: str | None) -> str:
    """Text marked elsewhere (``N_``) in the reader's language; unmarked text as it is."""
    return gettext(message) if message else ""


def label(code: str | None) -> str:
    """A vocabulary code (``landmine_explosion``) as words in the reader's language."""
    return translated(code_text(code))


def capfirst(text: str) -> str:
    """The first letter upper case, the rest as it is (scripts without case are unchanged)."""
    return text[:1].upper() + text[1:]


def party_names(conflict: ConflictDefinition) -> Callable[[str | None], str]:
    """A party's name in the reader's script where the casebook gives one (``names:``), else its usual name."""

    def name(code: str | None) -> str:
        if not code:
            return ""
        party = conflict.party(code)
        if party is None:
            return code
        return name_in(party.names, party.display_name)

    return name


def local_figure(figure: Any) -> str:
    """A low/best/high figure in the reader's language ("at least 37", "อย่างน้อย 37")."""
    return figure_text(figure, gettext)
