"""The shapes ``/api/v1/sources`` answers with, and the cited sources of incidents."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, Field

from truceline.web.api_models import Page, Timestamp

#: a span of supporting words: ``[start, end]`` character offsets into the document's text
Span = Annotated[list[int], Field(min_length=2, max_length=2)]


class SourceRecord(BaseModel):
    """A source document, as cited: ``spans`` are the supporting words (empty outside a citation)."""

    id: int
    url: str | None
    sha256: str
    publisher: str | None
    title: str | None
    published_on: dt.date | None
    kind: str = Field(description="news, party_statement, joint_statement, observer_report, ...")
    spans: list[Span]


class SourceDetail(SourceRecord):
    """One source document, with its text when we hold it."""

    has_full_text: bool
    content: str | None = Field(description="The full text; null when only a reference is stored.")
    retrieved_at: Timestamp


class SourcePage(Page[SourceRecord]):
    """Source documents, newest first."""


class PlainPart(BaseModel):
    """Context around the supporting words."""

    text: str
    mark: Literal[False]


class MarkedPart(BaseModel):
    """Supporting words, with their ``start-end`` offsets."""

    text: str
    mark: Literal[True]
    span: str = Field(examples=["120-164"])


class Excerpt(BaseModel):
    """The supporting words of a source in context; ``clipped_*``: the text goes on."""

    start: int
    end: int
    clipped_start: bool
    clipped_end: bool
    parts: list[MarkedPart | PlainPart]


class CitedSource(SourceRecord):
    """A source cited by an incident, with the supporting words in context when we hold its text."""

    has_full_text: bool
    excerpts: list[Excerpt]
