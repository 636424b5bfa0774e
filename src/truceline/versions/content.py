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


def _plain(value: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(canonical_json(value))
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
