"""A conflict as data: its parties, the words reports use for them, its time zone and bodies.

Everything that differs from one ceasefire to the next comes from here (and from the conflict's
lines, :mod:`truceline.geo.lines`), never from code: which parties are principals, who answers
for whom, how ACLED and UCDP name each side, which words in a report mean which party.
:class:`ConflictDefinition` is built from a casebook (:meth:`ConflictDefinition.from_casebook`)
or from the store (:func:`truceline.conflicts.services.conflict_definition`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from truceline.domain.schema import CasebookInfo, Mention, Party


def principal_of(party_of: Mapping[str, str], code: str) -> str:
    """The principal party ``code`` belongs to or is answered for by (itself when none).

    ``party_of`` maps a code to the party above it (a force to its state, an armed group to the
    state that answers for it). This is the one rule by which claims, findings, suspensions and
    verdicts are attributed to principal parties.
    """
    seen = {code}
    while code in party_of:
        code = party_of[code]
        if code in seen:  # a cycle in the data: stop rather than loop
            break
        seen.add(code)
    return code


#: words by which event datasets name a state's forces ("Military Forces of X", "Government of X")
STATE_FORCE_WORDS = ("military forces", "police forces", "government of", "army", "navy", "air force", "border police")


#: how many actor names a conflict remembers the party of (bounded: memory stays flat on any file)
_ACTOR_MEMO_SIZE = 10_000


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


@dataclass(frozen=True)
class ConflictDefinition:
    """One conflict: what its casebook says of it, its parties and the extra words for its actors."""

    info: CasebookInfo
    parties: tuple[Party, ...] = ()
    #: mentions of ``mentions.yaml``: officials and third parties, each naming its party code
    mentions: tuple[Mention, ...] = ()
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_casebook(
        cls, info: CasebookInfo, parties: Iterable[Party], mentions: Iterable[Mention] = ()
    ) -> ConflictDefinition:
        return cls(info=info, parties=tuple(parties), mentions=tuple(mentions))

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def title(self) -> str:
        return self.info.title

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.info.time_zone)

    def today(self) -> dt.date:
        """Today's date where the conflict is."""
        return dt.datetime.now(self.zone).date()

    def end_of(self, day: dt.date | None) -> dt.datetime:
        """The last instant of ``day`` in the conflict's time zone; now when no day is given."""
        if day is None:
            return dt.datetime.now(dt.UTC)
        return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=self.zone)

    # ------------------------------------------------------------------ parties

    @cached_property
    def by_code(self) -> dict[str, Party]:
        return {p.code: p for p in self.parties}

    def party(self, code: str) -> Party | None:
        return self.by_code.get(code)

    @cached_property
    def principals(self) -> tuple[str, ...]:
        """The principal parties' codes, in the casebook's order."""
        return tuple(p.code for p in self.parties if p.is_principal)

    @cached_property
    def party_of(self) -> dict[str, str]:
        """Each code -> the party above it (``belongs_to``, else ``answered_for_by``)."""
        out: dict[str, str] = {}
        for p in self.parties:
            above = p.belongs_to or p.answered_for_by
            if above:
                out[p.code] = above
        return out

    def principal_of(self, code: str) -> str:
        return principal_of(self.party_of, code)

    def other_principal(self, code: str) -> str | None:
        """The other side, in a two-party conflict; None when there are more (or fewer) principals."""
        if len(self.principals) != 2:
            return None
        principal = self.principal_of(code)
        if principal not in self.principals:
            return None
        first, second = self.principals
        return second if principal == first else first

    @cached_property
    def opposite(self) -> dict[str, str]:
        """Each principal -> the other one (empty unless there are exactly two)."""
        return {code: other for code in self.principals if (other := self.other_principal(code)) is not None}

    def display_name(self, code: str | None) -> str:
        if code is None:
            return ""
        party = self.party(code)
        return party.display_name if party is not None else code

    def principal_order(self, code: str) -> int:
        """Sort key: principals first, in the casebook's order, then the rest."""
        try:
            return self.principals.index(code)
        except ValueError:
            return len(self.principals)

    # ------------------------------------------------------------------ event data

    @cached_property
    def _by_external_name(self) -> dict[str, str]:
        names: dict[str, str] = {}
        for p in self.parties:
            for name in p.acled_actors:
                names.setdefault(_fold(name), p.code)
            if p.ucdp is not None:
                names.setdefault(_fold(p.ucdp.name), p.code)
        return names

    @cached_property
    def _by_country(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for p in self.parties:
            if p.country is None:
                continue
            keys = (p.country.name, *p.country.also_known_as, p.country.iso2, p.country.iso3, str(p.country.numeric))
            for key in keys:
                out.setdefault(_fold(key), p.code)
        return out

    def party_for_country(self, value: str | None) -> str | None:
        """A principal's code for a country as event data writes it (name, ISO codes or number)."""
        if not value:
            return None
        return self._by_country.get(_fold(value))

    def party_for_actor(self, name: str | None) -> str | None:
        """A party code for an ACLED or UCDP actor name, or None.

        Names the casebook gives (``acled_actors``, ``ucdp``) match with or without ACLED's years;
        another state-force name ("Police Forces of X", "Navy of X") maps to the state whose
        country it names. Civilians, protesters and unidentified groups are nobody's party.
        """
        if not name:
            return None
        memo: dict[str, str | None] = self._cache.setdefault("party_for_actor", {})  # type: ignore[assignment]
        if name in memo:
            return memo[name]
        code = self._party_for_actor(name)
        if len(memo) < _ACTOR_MEMO_SIZE:  # a file repeats a few actor names a million times
            memo[name] = code
        return code

    def _party_for_actor(self, name: str) -> str | None:
        folded = _fold(name)
        for key in (folded, _fold(re.sub(r"\(\d{4}-\d{0,4}\)", "", name))):
            if key in self._by_external_name:
                return self._by_external_name[key]
        if not any(word in folded for word in STATE_FORCE_WORDS):
            return None
        for p in self.parties:
            if p.country is None:
                continue
            for country_name in (p.country.name, *p.country.also_known_as):
                if re.search(rf"\b{re.escape(_fold(country_name))}\b", folded):
                    return p.code
        return None

    def country_of(self, code: str | None) -> Party | None:
        """The state party (with country codes) a party belongs to, if any."""
        if code is None:
            return None
        principal = self.party(self.principal_of(code))
        if principal is not None and principal.country is not None:
            return principal
        return None

    # ------------------------------------------------------------------ extraction

    def actor_mentions(self) -> list[Mention]:
        """Every mention, with its code: words naming both sides first (they must never count as either),
        then the parties' own mentions and ``mentions.yaml``, in the casebook's order."""
        out = [Mention(pattern=p, label="both sides", kind="none", code="") for p in self.info.neutral_mentions]
        for party in self.parties:
            out.extend(m.model_copy(update={"code": party.code}) for m in party.mentions)
        out.extend(self.mentions)
        return out


def parties_in_order(parties: Sequence[Party]) -> list[Party]:
    """Parties a party belongs to come first, so references hold when they are written."""
    placed: list[Party] = []
    done: set[str] = set()
    pending = list(parties)
    while pending:
        progressed = False
        for party in list(pending):
            above = [c for c in (party.belongs_to, party.answered_for_by) if c]
            if all(c in done or c not in {p.code for p in parties} for c in above):
                placed.append(party)
                done.add(party.code)
                pending.remove(party)
                progressed = True
        if not progressed:  # a cycle: keep the rest as listed
            placed.extend(pending)
            break
    return placed
