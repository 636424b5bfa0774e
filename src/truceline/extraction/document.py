"""A text being read: its mentions, found once, its sentences and clauses, and the drafts so far.

:class:`Document` finds the dates, actors, places, counts, event words and weapons of the whole
text once (places, event words and weapons inside the name of a body are dropped, and so are
counts inside a date), caches each sentence's clauses, and collects the
:class:`~truceline.extraction.drafts.Draft` records the sentence readers propose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Protocol, TypeVar

from truceline.extraction.actors import ActorFinder, ActorMention, unnamed_forces
from truceline.extraction.dates import find_dates
from truceline.extraction.drafts import Draft
from truceline.extraction.figures import CategorisedFigure
from truceline.extraction.kinds import find_kinds, find_weapons
from truceline.extraction.numbers import find_quantities
from truceline.extraction.places import DATELINE, HEADING, LOCALITY_RULE, GazetteerLike, find_places
from truceline.extraction.scope import CountScope
from truceline.extraction.segments import Segment, clauses, headlines, sentences
from truceline.vocabulary import LocationPrecision

__all__ = ["Document", "within"]


class _Span(Protocol):
    """Anything found in the text at a span of characters."""

    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


_M = TypeVar("_M", bound=_Span)


def within(items: Sequence[_M], seg: Segment) -> list[_M]:
    """The mentions of ``items`` that lie wholly inside ``seg``."""
    return [i for i in items if seg.start <= i.start and i.end <= seg.end]


class Document:
    def __init__(
        self,
        text: str,
        published: dt.date,
        gazetteer: GazetteerLike | None,
        actor_finder: ActorFinder,
        principals: Sequence[str] = (),
        countries: Sequence[str] = (),
        principal_of: Mapping[str, str] | None = None,
        party_of_country: Mapping[str, str] | None = None,
        zone: dt.tzinfo | None = None,
        answering: Sequence[str] = (),
    ) -> None:
        self.text = text
        #: the conflict's principal parties, in its order; with two, each one's opposite
        self.principals = tuple(principals)
        #: each party code's principal (a force, ministry or armed group: the principal that answers for it)
        self.principal_of: Mapping[str, str] = dict(principal_of or {})
        #: a country code of the gazetteer -> the principal party whose country it is
        self.party_of_country: Mapping[str, str] = dict(party_of_country or {})
        #: principals that answer for armed groups on their soil besides their own forces: fire said only to come from
        #: such a principal's country names no shooter
        self.answering = frozenset(answering)
        self.opposite = (
            dict(zip(self.principals, reversed(self.principals), strict=True)) if len(self.principals) == 2 else {}
        )
        self.published = published
        #: lines written as headlines: the report's title, or in a copied page other stories' titles (see pipeline)
        self.headlines = headlines(text)
        self.sentences = sentences(text, self.headlines)
        self.dates = find_dates(text, published, zone=zone)
        self.actors = actor_finder.find(text)
        #: datelines say where the report was filed, never where the event happened
        self.datelines = [(m.start(), m.end()) for m in DATELINE.finditer(text) if not HEADING.match(text, m.start())]
        self.actors = [a for a in self.actors if not self._in_dateline(a.start, a.end)]
        # "CITY, Oct 25, 2025 (AGENCY/AFP) -": the day a report was filed, never the day of what it tells
        self.dates = [d for d in self.dates if not self._in_dateline(d.start, d.end)]
        self.actors = sorted(
            self.actors + unnamed_forces(text, self.actors, dict(self.principal_of), self.principals),
            key=lambda a: a.start,
        )
        self.places = [
            p
            for p in find_places(text, gazetteer, countries=countries)
            if not self._in_actor(p.start, p.end)
            and not self._in_dateline(p.start, p.end)
            # "an area of <nationality> civilian homes": a party's name is no locality
            and not (p.rule == LOCALITY_RULE and self._names_actor(p.start, p.end))
        ]
        self.quantities = [
            q for q in find_quantities(text) if not any(d.start < q.end and q.start < d.end for d in self.dates)
        ]
        self.kinds = [k for k in find_kinds(text) if not self._in_actor(k.start, k.end)]
        self.weapons = [w for w in find_weapons(text) if not self._in_actor(w.start, w.end)]
        self.drafts: list[Draft] = []
        #: counts that are not an incident's: running or conflict-wide totals and history, with why
        self.set_aside: list[tuple[CountScope, CategorisedFigure]] = []
        #: sentences that recall history rather than report (by index), with the cue
        self.background: dict[int, str] = {}
        self._clause_cache: dict[int, list[Segment]] = {}
        self.last_incident_date: Draft | None = None
        #: sentences that name again, definitely, an incident reported before ("the landmine detonated")
        self.referred: dict[int, Draft] = {}
        self.mentions_border = any(p.precision == LocationPrecision.BORDER for p in self.places)

    def _in_dateline(self, start: int, end: int) -> bool:
        return any(s <= start and end <= e for s, e in self.datelines)

    def _names_actor(self, start: int, end: int) -> bool:
        return any(a.start < end and start < a.end for a in self.actors)

    def _in_actor(self, start: int, end: int) -> bool:
        return any(a.start < end and start < a.end for a in self.actors if a.kind == "body")

    def speaker(self, seg: Segment, clause: Segment, position: int) -> ActorMention | None:
        """Who speaks or writes: the party named nearest before the verb; else the subject of the sentence before."""
        before = [a for a in within(self.actors, clause) if a.end <= position]
        if before:
            return before[-1]
        in_sentence = [a for a in within(self.actors, seg) if a.end <= position]
        if in_sentence:
            return in_sentence[-1]
        index = self.sentences.index(seg)
        if index > 0:
            previous = within(self.actors, self.sentences[index - 1])
            if previous:
                return previous[0]
        return None

    def clauses(self, seg: Segment) -> list[Segment]:
        found = self._clause_cache.get(seg.start)
        if found is None:
            found = self._clause_cache[seg.start] = clauses(self.text, seg)
        return found

    def clause_of(self, seg: Segment, position: int) -> Segment:
        for clause in self.clauses(seg):
            if clause.start <= position < clause.end:
                return clause
        return seg

    def sentence_index(self, position: int) -> int:
        for i, seg in enumerate(self.sentences):
            if seg.start <= position <= seg.end:
                return i
        return 0

    def principals_named(self, actors: Sequence[ActorMention]) -> list[str]:
        """The principal parties among ``actors``, in the conflict's order."""
        codes = {a.code for a in actors}
        return [code for code in self.principals if code in codes]
