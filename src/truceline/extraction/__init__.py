"""Pure extraction: text + publication date (+ gazetteer) -> candidate records with character spans.

No database, web or settings code is imported here. Entry point: :func:`extract`.
"""

from truceline.extraction.agreements import AgreementAlias, aliases_of
from truceline.extraction.candidates import Candidate, Extraction, Figure
from truceline.extraction.pipeline import extract
from truceline.extraction.places import GazetteerLike, PlaceLike

__all__ = [
    "AgreementAlias",
    "Candidate",
    "Extraction",
    "Figure",
    "GazetteerLike",
    "PlaceLike",
    "aliases_of",
    "extract",
]
