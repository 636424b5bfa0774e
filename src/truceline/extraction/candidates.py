"""What extraction proposes: candidate records, each tied to the words that support it.

A :class:`Candidate` is a proposal for a reviewer, never a record: every one carries the
character ``spans`` of its supporting words and the ``rule`` that fired, so a person can see
why it was proposed before accepting, correcting or rejecting it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, Literal

CandidateType = Literal[
    "incident", "claim", "meeting", "agreement_ref", "letter", "statement", "agreement_status", "tally"
]
#: the types the review queue can accept into records: every type extraction proposes
REVIEWABLE_TYPES = frozenset(
    {"incident", "claim", "meeting", "agreement_ref", "letter", "statement", "agreement_status", "tally"}
)
Span = tuple[int, int]


@dataclass(frozen=True)
class Figure:
    """A count as low/best/high; a bound the text does not give stays None."""

    low: int | None = None
    best: int | None = None
    high: int | None = None

    def to_dict(self) -> dict[str, int | None]:
        return {"low": self.low, "best": self.best, "high": self.high}

    @property
    def magnitude(self) -> int:
        """The figure's size for comparisons: best, else low, else high."""
        for value in (self.best, self.low, self.high):
            if value is not None:
                return value
        return 0


@dataclass(frozen=True)
class Candidate:
    """One proposed record. Fields that do not apply to its ``type`` stay None or empty."""

    id: str
    type: CandidateType
    kind: str
    text: str
    spans: tuple[Span, ...]
    rule: str
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    date_precision: str | None = None
    place: str | None = None
    place_name: str | None = None
    lat: float | None = None
    lon: float | None = None
    location_precision: str | None = None
    parties: tuple[str, ...] = ()
    killed: Figure | None = None
    injured: Figure | None = None
    displaced: Figure | None = None
    weapons: tuple[str, ...] = ()
    planned: bool = False
    #: PLOVER's distinction, widened: carried_out, declared (announced, threatened), denied
    modality: str = "carried_out"
    # claims
    claimant: str | None = None
    accused: str | None = None
    about: str | None = None
    stance: str | None = None
    incident: str | None = None
    # letters
    sender: str | None = None
    recipients: tuple[str, ...] = ()
    # meetings
    body: str | None = None
    # statements
    speaker: str | None = None
    demands: tuple[str, ...] = ()
    # agreement references
    agreement: str | None = None
    provisions: tuple[str, ...] = ()
    #: the rules that fired, one line each, with the words that made them fire
    evidence: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, dt.date):
                value = value.isoformat()
            elif isinstance(value, Figure):
                value = value.to_dict()
            elif isinstance(value, tuple):
                value = [list(v) if isinstance(v, tuple) else v for v in value]
            out[f.name] = value
        return out


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one document."""

    published: dt.date
    candidates: list[Candidate]

    def of_type(self, type_: CandidateType) -> list[Candidate]:
        return [c for c in self.candidates if c.type == type_]

    def get(self, candidate_id: str) -> Candidate | None:
        return next((c for c in self.candidates if c.id == candidate_id), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "published": self.published.isoformat(),
            "candidates": [c.to_dict() for c in self.candidates],
        }
