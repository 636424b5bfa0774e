"""Functions other parts of Truceline are still building, looked up when called.

The web app wires its endpoints to these names; until a module lands, :func:`optional` returns
None and the endpoint answers 503 ``not_available`` (or shows an empty list, for violations),
saying what is missing.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from truceline.errors import TrucelineError

INGEST = ("truceline.sources.ingest", "ingest_report")
LIST_CANDIDATES = ("truceline.sources.review", "list_candidates")
ACCEPT_CANDIDATE = ("truceline.sources.review", "accept_candidate")
REJECT_CANDIDATE = ("truceline.sources.review", "reject_candidate")
VIOLATIONS_FOR = ("truceline.compliance.services", "violations_for")
RECORD_FINDING = ("truceline.verification.services", "add_finding")
ACT_ON_FINDING = ("truceline.verification.services", "act_on_finding")
DUPLICATES_FOR = ("truceline.sources.review", "duplicates_for")


class NotAvailable(TrucelineError):
    """A capability this endpoint needs is not installed yet (HTTP 503)."""

    exit_code = 1
    http_status = 503
    code = "not_available"


def optional(target: tuple[str, str]) -> Callable[..., Any] | None:
    module_name, name = target
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name is not None and module_name.startswith(exc.name):
            return None
        raise
    found = getattr(module, name, None)
    return found if callable(found) else None


def required(target: tuple[str, str]) -> Callable[..., Any]:
    found = optional(target)
    if found is None:
        raise NotAvailable(f"{target[0]}.{target[1]} is not available in this installation yet")
    return found


def as_dict(value: Any) -> dict[str, Any]:
    """A result as a plain dict: dicts as they are, ``to_dict()``, dataclasses, ORM rows, pydantic."""
    if isinstance(value, dict):
        return value
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return dict(to_dict())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    dump = getattr(value, "model_dump", None)
    if callable(dump):
        return dict(dump(mode="json"))
    mapper = getattr(value, "__mapper__", None)
    if mapper is not None:
        return {c.key: getattr(value, c.key) for c in mapper.column_attrs}
    return {"value": value}


def violations(
    session: Session, as_of: dt.date, incident_id: str | None = None, *, published_only: bool = False
) -> tuple[list[dict[str, Any]], bool]:
    """The compliance engine's violations as dicts, and whether the engine is wired in.

    ``published_only``: judge on published records only (what the public and parties may see).
    """
    function = optional(VIOLATIONS_FOR)
    if function is None:
        return [], False
    found = function(session, as_of, incident_id=incident_id, published_only=published_only)
    return [as_dict(v) for v in found], True
