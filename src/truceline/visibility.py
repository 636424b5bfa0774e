"""Who may see which record: the one visibility rule for incidents, claims, tallies and source
documents, and its SQL form."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, or_, true
from sqlalchemy.orm import InstrumentedAttribute

from truceline.vocabulary import Role


@dataclass(frozen=True)
class Visibility:
    """Which records a reader may see: the one rule for incidents, claims and source documents.

    A record is published, or unpublished and submitted for a party (``submitted_for_party``).
    Operators (the CLI), observers and coordinators see everything (``published_only=False``);
    everyone else sees published records, and a party also its own unpublished submissions.
    """

    published_only: bool = False
    party: str | None = None  # with published_only: also this party's unpublished submissions
    #: the conflict the reader works on; None: every conflict (an operator's view of the store)
    conflict_id: str | None = None

    def in_conflict(self, column: InstrumentedAttribute[str]) -> ColumnElement[bool]:
        """Rows of the reader's conflict (every row when no conflict is chosen)."""
        return true() if self.conflict_id is None else column == self.conflict_id

    def sees(self, published: bool, submitted_for_party: str | None) -> bool:
        if published or not self.published_only:
            return True
        return self.party is not None and submitted_for_party == self.party

    def condition(
        self, published: InstrumentedAttribute[bool], submitted_for_party: InstrumentedAttribute[str | None]
    ) -> ColumnElement[bool]:
        """:meth:`sees` as a SQL condition on a model's two columns."""
        if not self.published_only:
            return true()
        if self.party is None:
            return published.is_(True)
        return or_(published.is_(True), submitted_for_party == self.party)


#: what an operator sees: everything
EVERYTHING = Visibility()


def visibility_for(role: Role, *, party: str | None = None, conflict_id: str | None = None) -> Visibility:
    """The one visibility policy, for every reader (pages, API, exports, the CLI's ``--as``):
    observers and coordinators see every record of the conflict; a party (``party``: the party it
    speaks for in this conflict, else None) sees published records and its own unpublished
    submissions; the public sees published records only."""
    if role in (Role.OBSERVER, Role.COORDINATOR):
        return Visibility(conflict_id=conflict_id)
    return Visibility(published_only=True, party=party if role == Role.PARTY else None, conflict_id=conflict_id)
