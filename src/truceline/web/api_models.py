"""Shapes the whole JSON API shares: the one error body, the page envelope, a low/best/high figure.

Every operation declares its error responses with :func:`error_responses`, so the OpenAPI
document describes the error shape the app really sends (``truceline.web.errors``), FastAPI's
own validation-error schema included: a 422 is ``ErrorBody`` too.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Generic, Literal, TypeVar

from fastapi import Path
from pydantic import BaseModel, BeforeValidator, Field, WithJsonSchema


class ErrorDetail(BaseModel):
    """What went wrong: a stable code for programs, a sentence for people, and any details."""

    code: str = Field(description="A stable machine-readable code, e.g. `not_found` or `invalid_input`.")
    message: str = Field(description="What went wrong, in a sentence for a person.")
    details: Any = Field(
        description="More about the error, or null. For invalid input: a list of "
        "`{location, message, type}`, one per problem."
    )


class ErrorBody(BaseModel):
    """Every error the API answers with: ``{"error": {"code", "message", "details"}}``."""

    error: ErrorDetail


#: what each error status means, as the OpenAPI document says it
ERROR_DESCRIPTIONS = {
    400: "The request body could not be read.",
    401: "Not logged in, or the API token is unknown, expired or revoked.",
    403: "The role may not do this, or the session's CSRF token is missing.",
    404: "No such record, or not one the caller may see.",
    409: "The change conflicts with what is stored.",
    410: "The record was retracted: the body holds the retraction notice (when, why, superseded by).",
    413: "The request is too large.",
    422: "The request is not valid: a parameter or a field is missing, malformed or out of range.",
    429: "Too many requests.",
    500: "An unexpected error; it has been logged.",
    503: "The store stayed busy with other writers; nothing was written. Send the same request again "
    "after `Retry-After` seconds.",
}


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The ``responses=`` entries for the error statuses an operation can answer with."""
    out: dict[int | str, dict[str, Any]] = {}
    for status in statuses:
        entry: dict[str, Any] = {"model": ErrorBody, "description": ERROR_DESCRIPTIONS[status]}
        if status == 401:
            entry["headers"] = {"WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}}}
        if status == 503:
            entry["headers"] = {
                "Retry-After": {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}
            }
        out[status] = entry
    return out


ItemT = TypeVar("ItemT")


class Page(BaseModel, Generic[ItemT]):
    """One page of a longer list: ``total`` counts every match, ``items`` the ones on this page."""

    total: int = Field(ge=0, description="How many records match, on every page.")
    limit: int = Field(ge=1, description="At most this many items per page.")
    offset: int = Field(ge=0, description="How many matches come before this page.")
    items: list[ItemT]


class Figure(BaseModel):
    """A count as low/best/high; a bound the sources do not give is null."""

    low: int | None
    best: int | None
    high: int | None


#: a date and time with its offset, as ISO 8601 text (passed through as the store gives it)
Timestamp = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]

PartyCode = Annotated[
    str, Field(description="A party's code in its conflict, as its casebook defines it.", examples=["A"])
]

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: object) -> object:
    if isinstance(value, dt.date) or (isinstance(value, str) and ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("a date is YYYY-MM-DD")


#: a date given as ``YYYY-MM-DD`` and nothing else (no timestamps, no numbers)
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only)]


def json_number_only(value: object) -> object:
    """Refuse text and booleans where JSON Schema says integer (pydantic would convert them)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError("a whole number is a JSON number, not text or a boolean")
    return value


#: a whole number given as a JSON number (``3`` or ``3.0``, as JSON Schema's integer allows),
#: never as text (``"3"``) or a boolean. (To constrain one, put ``Field(ge=...)`` *before* the
#: validator: ``Annotated[int, Field(ge=1), BeforeValidator(json_number_only)]``; a constraint
#: after it would reach the document as an unknown keyword.)
JsonInt = Annotated[int, BeforeValidator(json_number_only)]

#: the largest row id a store holds (PostgreSQL's ``integer``); a larger id names nothing, and
#: must be refused as invalid before it reaches the database
MAX_ROW_ID = 2**31 - 1
#: a row id in a path (a source, a finding, a review candidate, a token)
RowIdPath = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
#: a row id in a JSON body
JsonRowId = Annotated[int, Field(ge=1, le=MAX_ROW_ID), BeforeValidator(json_number_only)]


class Health(BaseModel):
    status: Literal["ok"]
    version: str
