"""The versioned kinds of record, registered by the feature that owns each (in its ``models``
module), so that :mod:`truceline.versions` reads and writes versions of any kind without importing
a feature: versions sit below every feature that keeps them.

A kind names its table, the fields its content lists (explicitly: a column added later does not
change the content of records written before it), how to add its children to the content
(casualty figures, status events …) and to restore them, and which conflict a record belongs to.
:func:`truceline.all_models.import_all_models` imports every feature's models, and so registers
every kind.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session


def _no_children(session: Session, row: Any) -> dict[str, Any]:
    return {}


def _restore_nothing(row: Any, content: dict[str, Any]) -> None:
    return None


def _own_conflict(session: Session, row: Any) -> str:
    return str(row.conflict_id)


@dataclass(frozen=True)
class VersionedKind:
    """One kind of versioned record."""

    #: its name in ``record_versions.kind`` and on the command line (``incident``, ``claim`` …)
    name: str
    #: its table's model
    model: type[Any]
    #: the fields of the row its content holds
    fields: tuple[str, ...]
    #: listed first in ``KINDS`` (and adopted first): lower comes first
    order: int = 100
    #: the content beyond the row's fields (its children), as plain values
    children: Callable[[Session, Any], dict[str, Any]] = _no_children
    #: put the children of a content back on a detached row
    restore_children: Callable[[Any, dict[str, Any]], None] = _restore_nothing
    #: the conflict a record belongs to (claims and provisions through their parent)
    conflict_of: Callable[[Session, Any], str] = _own_conflict
    #: loader options when rows of the kind are read in pages (e.g. ``selectinload`` of children)
    load_options: Callable[[], Sequence[Any]] = field(default=lambda: ())
    #: how a history shows a change of one field of the content that is a list of children:
    #: ``{field: describe(before, after) -> [{field, before, after}]}`` (e.g. one line per casualty
    #: figure instead of the whole list)
    diffs: Mapping[str, Callable[[Any, Any], list[dict[str, Any]]]] = field(default_factory=dict)


_KINDS: dict[str, VersionedKind] = {}


def register(kind: VersionedKind) -> None:
    """Make ``kind`` versioned (called once, when its feature's models are imported)."""
    _KINDS[kind.name] = kind


def registered() -> dict[str, VersionedKind]:
    """Every registered kind by name, in their order."""
    return dict(sorted(_KINDS.items(), key=lambda item: (item[1].order, item[0])))


def kind_named(name: str) -> VersionedKind:
    return _KINDS[name]


#: fields held as dates and date-times in a content (ISO 8601 text there)
DATES = {"date_start", "date_end", "made_on", "published_on", "signed_on", "deadline", "new_deadline"}
DATETIMES = {"effective_from"}


def typed(values: dict[str, Any]) -> dict[str, Any]:
    """Content values back as the row's types: ISO 8601 text to dates and date-times."""
    out = dict(values)
    for name, value in values.items():
        if value is None:
            continue
        if name in DATES:
            out[name] = dt.date.fromisoformat(value)
        elif name in DATETIMES or (name == "date" and "T" in str(value)):
            out[name] = dt.datetime.fromisoformat(value)
        elif name == "date":
            out[name] = dt.date.fromisoformat(value)
    return out


def fields_of(row: Any, names: tuple[str, ...]) -> dict[str, Any]:
    """The named attributes of a row (a child's content)."""
    return {name: getattr(row, name) for name in names}
