"""Checks every text input passes, whichever way it arrives (API, forms, query strings, CLI,
CSV cells, casebooks): one function each, so the rules cannot drift between interfaces.

- :func:`text_problem`: text with a NUL byte, another control character (tab, line feed and
  carriage return excepted) or a lone surrogate (invalid Unicode, e.g. JSON ``"\\ud800"``) is
  refused: PostgreSQL cannot store NUL, and a surrogate cannot be encoded as UTF-8.
- :func:`source_url_problem`: a source URL is ``http`` or ``https`` with a host, nothing else
  (no ``javascript:``, ``data:`` or ``file:``).
- :func:`spreadsheet_safe`: a cell a spreadsheet would run as a formula (OWASP CSV injection:
  ``=``, ``+``, ``-``, ``@``, tab, carriage return first) gets a leading apostrophe; numbers,
  negative ones included, stay numbers.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator

#: C0 controls and DEL, less tab, line feed and carriage return
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")

#: what may start a spreadsheet formula (OWASP "CSV Injection")
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")

#: the longest source URL accepted (the column holds 2000)
MAX_URL_CHARS = 2000


def text_problem(value: str) -> str | None:
    """Why ``value`` cannot be accepted as text, or None when it can."""
    if "\x00" in value:
        return "contains a NUL byte"
    control = _CONTROL.search(value)
    if control is not None:
        return f"contains the control character U+{ord(control.group()):04X}"
    if _SURROGATE.search(value):
        return "is not valid Unicode (a lone surrogate)"
    return None


def clean_text(value: str) -> str:
    """``value`` if it is acceptable text (see :func:`text_problem`), else ValueError."""
    problem = text_problem(value)
    if problem is not None:
        raise ValueError(f"the text {problem}")
    return value


#: a ``str`` that refuses NUL bytes, control characters and invalid Unicode (pydantic models, forms)
CleanText = Annotated[str, AfterValidator(clean_text)]


def source_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be a source URL, or None when it can: http(s), a host, clean text."""
    problem = text_problem(url)
    if problem is not None:
        return problem
    if len(url) > MAX_URL_CHARS:
        return f"is longer than {MAX_URL_CHARS} characters"
    if any(c.isspace() for c in url):
        return "contains white space"
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"cannot be read as a URL ({exc})"
    if parts.scheme.lower() not in {"http", "https"}:
        return f"is not an http or https URL (scheme {parts.scheme or 'missing'!r})"
    if not parts.hostname:
        return "names no host"
    return None


def checked_source_url(url: str) -> str:
    """``url`` if it may be a source URL (see :func:`source_url_problem`), else ValueError."""
    problem = source_url_problem(url)
    if problem is not None:
        raise ValueError(f"the URL {url[:80]!r} {problem}")
    return url


#: a source URL in a request model: http(s) only (the pattern also tells the OpenAPI document)
SourceUrl = Annotated[str, AfterValidator(checked_source_url)]
#: the pattern a source URL matches, for the OpenAPI document
SOURCE_URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^\s/?#]+[^\s]*$"


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula: a string starting with ``=``, ``+``,
    ``-``, ``@``, tab or carriage return gets a leading apostrophe, unless it is a number."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
