"""What a version holds: the whole content of a record as canonical JSON values, per kind.

The content is what ``truceline ledger verify`` recomputes from a record's current row and
compares with the latest version the ledger holds, so each kind lists its fields explicitly (see
:mod:`truceline.versions.kinds`: each feature registers its kinds in its models module). Times
that are only bookkeeping (``created_at``, ``retrieved_at``) are left out; a source's text is
represented by its SHA-256.

:func:`restore` turns a version's content back into a detached row (never added to a session),
so the compliance services can read the record as it was known at a time.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy.orm import Session

from truceline.ledger.services import canonical_json, content_digest
from truceline.versions.kinds import VersionedKind, registered, typed


def kinds() -> tuple[str, ...]:
    """The names of the versioned kinds (registered by their features' models)."""
    return tuple(registered())


def kind_of(value: str) -> str:
    """A kind by name (``incidents`` and ``incident`` both work), or ValueError listing them."""
    kind = value.strip().lower().removesuffix("s")
    if kind not in registered():
        raise ValueError(f"unknown record kind {value!r}; kinds: {', '.join(kinds())}")
    return kind


_AS_IS = (str, int, bool, type(None))


def plain_value(value: Any) -> Any:
    """``value`` as canonical JSON gives it back (``json.loads(canonical_json(value))``) — keys
    sorted, dates as ISO text, tuples as lists — built directly for the types rows hold, without
    writing and parsing text; any other type takes the JSON round trip itself."""
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is float:
        return value if value == value and value not in (_INF, -_INF) else json.loads(canonical_json(value))
    if kind is dict and all(type(k) is str for k in value):
        return {k: plain_value(value[k]) for k in sorted(value)}
    if kind is list or kind is tuple:
        if all(type(v) is str for v in value):  # the common case: a list of names or codes
            return list(value)
        return [plain_value(v) for v in value]
    if kind is dt.date or kind is dt.datetime:
        return value.isoformat()
    return json.loads(canonical_json(value))


_INF = float("inf")


def _plain(value: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = plain_value(value)
    return result


def _fields(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    return {name: getattr(row, name) for name in names}


def _kind(name: str) -> VersionedKind:
    return registered()[name]


def record_content(session: Session, kind: str, row: Any) -> dict[str, Any]:
    """The content of ``row`` (a record of ``kind``) as canonical JSON values."""
    versioned = _kind(kind)
    content = _fields(row, versioned.fields) | versioned.children(session, row)
    return _plain(content)


def content_hash(content: dict[str, Any]) -> str:
    return content_digest(content)


def record_id(kind: str, row: Any) -> str:
    return str(row.id)


def restore(kind: str, content: dict[str, Any]) -> Any:
    """A detached row of ``kind`` holding ``content`` (with its casualties or events)."""
    versioned = _kind(kind)
    values = typed({k: v for k, v in content.items() if k in versioned.fields})
    row: Any = versioned.model(**values)
    versioned.restore_children(row, content)
    return row
