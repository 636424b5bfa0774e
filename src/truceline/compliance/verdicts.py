"""The verdicts alone, on many incidents at once: which incident breaks which provision, by whom,
with which status, without the sentences that explain it.

Counting, the compliance matrix and exports need only the verdicts: (incident, provision,
party, status, what could not be decided, place verdict, date). :func:`verdicts` gives exactly
the verdicts of :func:`~truceline.compliance.evaluate.evaluate` (same rows, same order) and the
kinds of its notes, as a :class:`VerdictSet` of columns, without building one explanation.
The explanation of any verdict comes from the engine itself, run on that one incident
(:func:`~truceline.compliance.evaluate.evaluate` on records holding only it, as
:func:`truceline.compliance.services.violations_for` does).

How: each incident is placed against each window (a prohibition for one party) with arrays
(numpy): out of force, counted (its dates wholly in force, no suspension that pauses the
provision touching them) or seen and not counted (dates straddling the start or the end, or
within or straddling a pausing suspension: the engine's notes, of the same kinds). Attribution
is read from the accusing claims, ``disputed`` when the accused party counters, else
``alleged``; an incident no claim or actor attributes is held against each prohibition binding
every party, and counts only when it counts for every party's window (alike notes give that
note; outcomes that differ give the note that it depends on who acted). Zoned prohibitions ask
the engine's own zone check. Only the incidents a final finding bears on go through the scalar
engine (:func:`~truceline.compliance.evaluate.judge`), on records holding just those incidents.
The tests hold both against :func:`~truceline.compliance.evaluate.evaluate_naive`.

The incidents and claims are read as columns (:class:`IncidentColumns`, :class:`ClaimColumns`):
built from the records' objects, or straight from a store's rows, an incident each with its
claims gathered (:func:`columns_from_rows`, as :func:`truceline.compliance.services.verdicts_as_of`
reads them), the full objects then being read only for the incidents the scalar engine judges or
whose zone is checked.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import repeat
from operator import attrgetter, eq
from typing import Any

import numpy as np
import numpy.typing as npt

from truceline.compliance.claims import COUNTER_ASSERTIONS, NON_ATTRIBUTING_ASSERTIONS
from truceline.compliance.evaluate import judge, known_parties, place_in_zone, prohibition_index
from truceline.compliance.in_force import AsOf, Clock, Window
from truceline.compliance.records import ClaimRecord, IncidentFacts, ProvisionRule, Records
from truceline.compliance.results import (
    UNDETERMINED_PARTY,
    CommitmentAssessment,
    Note,
    NoteKind,
    ProvisionState,
    Violation,
    party_column,
)
from truceline.compliance.zones import ZoneIndex
from truceline.domain.conflict import principal_of
from truceline.vocabulary import (
    ClaimAssertion,
    ClaimStance,
    FindingState,
    IncidentKind,
    Modality,
    OnSuspension,
    ViolationStatus,
)

__all__ = [
    "ClaimColumns",
    "IncidentClaimsRow",
    "IncidentColumns",
    "NoteVerdict",
    "Verdict",
    "VerdictSet",
    "columns_from_rows",
    "summary_document",
    "verdicts",
]

Ints = npt.NDArray[np.int64]
#: a column of small codes (int8 to int32, by what it holds)
Codes = npt.NDArray[np.signedinteger[Any]]
Bools = npt.NDArray[np.bool_]

_STATUSES: tuple[ViolationStatus, ...] = tuple(ViolationStatus)
_STATUS_CODE = {s: n for n, s in enumerate(_STATUSES)}
_KINDS: tuple[IncidentKind, ...] = tuple(IncidentKind)
_KIND_CODE = {k: n for n, k in enumerate(_KINDS)}
_MODALITIES: tuple[Modality, ...] = tuple(Modality)
_MODALITY_CODE = {m: n for n, m in enumerate(_MODALITIES)}
_ASSERTIONS: tuple[ClaimAssertion, ...] = tuple(ClaimAssertion)
_ASSERTION_CODE = {a: n for n, a in enumerate(_ASSERTIONS)}
_STANCES: tuple[ClaimStance, ...] = tuple(ClaimStance)
_STANCE_CODE = {s: n for n, s in enumerate(_STANCES)}
#: what a verdict could not decide, and its zone verdict, as codes
_UNDETERMINED: tuple[tuple[str, ...], ...] = ((), ("party",), ("place",), ("party", "place"))
_ZONE_VERDICTS: tuple[str | None, ...] = (None, "inside", "undetermined", "disputed")
_NOTE_KINDS: tuple[NoteKind, ...] = tuple(NoteKind)
_NOTE_CODE = {k: n for n, k in enumerate(_NOTE_KINDS)}


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a :class:`~truceline.compliance.results.Violation` says, without the why."""

    incident_id: str
    provision_id: str
    agreement_id: str
    party: str | None
    status: ViolationStatus
    undetermined: tuple[str, ...]
    incident_date: dt.date | None
    zone_verdict: str | None

    @classmethod
    def of(cls, v: Violation) -> Verdict:
        return cls(
            v.incident_id,
            v.provision_id,
            v.agreement_id,
            v.party,
            v.status,
            v.undetermined,
            v.incident_date,
            v.zone_verdict,
        )


@dataclass(frozen=True, slots=True)
class NoteVerdict:
    """What a :class:`~truceline.compliance.results.Note` says, without the why."""

    incident_id: str
    provision_id: str
    agreement_id: str
    party: str | None
    kind: NoteKind

    @classmethod
    def of(cls, n: Note) -> NoteVerdict:
        return cls(n.incident_id, n.provision_id, n.agreement_id, n.party, n.kind)


@dataclass(frozen=True, slots=True)
class VerdictSet:
    """The verdicts as columns: row ``n`` is incident ``incident_ids[incident[n]]``, provision
    ``provision_ids[provision[n]]``, party ``parties[party[n]]`` (``None``: undetermined),
    status ``ViolationStatus`` number ``status[n]`` (in declaration order)."""

    as_of: AsOf
    incident_ids: Sequence[str]
    incident_dates: Sequence[dt.date]
    provision_ids: tuple[str, ...]
    agreement_ids: tuple[str, ...]
    parties: tuple[str | None, ...]
    incident: Codes
    provision: Codes
    party: Codes
    status: Codes
    undetermined: Codes
    zone_verdict: Codes
    notes: tuple[NoteVerdict, ...]

    def __len__(self) -> int:
        return len(self.incident)

    def __iter__(self) -> Iterator[Verdict]:
        for i, p, who, s, u, z in zip(
            self.incident.tolist(),
            self.provision.tolist(),
            self.party.tolist(),
            self.status.tolist(),
            self.undetermined.tolist(),
            self.zone_verdict.tolist(),
            strict=True,
        ):
            yield Verdict(
                self.incident_ids[i],
                self.provision_ids[p],
                self.agreement_ids[p],
                self.parties[who],
                _STATUSES[s],
                _UNDETERMINED[u],
                self.incident_dates[i],
                _ZONE_VERDICTS[z],
            )

    def status_counts(self) -> dict[str, int]:
        """Violations by status (every status, zero included)."""
        counts = np.bincount(self.status, minlength=len(_STATUSES))
        return {str(s): int(counts[n]) for n, s in enumerate(_STATUSES)}

    def rows(self, *, party: str | None = None, agreement: str | None = None) -> Ints:
        """The row numbers, in order, of the verdicts of that party column (a party code, or
        ``undetermined``) and of that agreement (``None``: any)."""
        keep = np.ones(len(self.incident), dtype=np.bool_)
        if party is not None:
            columns = [k for k, p in enumerate(self.parties) if party_column(p) == party]
            keep &= np.isin(self.party, columns)
        if agreement is not None:
            provisions = [k for k, a in enumerate(self.agreement_ids) if a == agreement]
            keep &= np.isin(self.provision, provisions)
        return np.flatnonzero(keep).astype(np.int64)

    def take(self, rows: Ints) -> VerdictSet:
        """These rows only (``rows``: increasing row numbers); the notes as they are."""
        return replace(
            self,
            incident=self.incident[rows],
            provision=self.provision[rows],
            party=self.party[rows],
            status=self.status[rows],
            undetermined=self.undetermined[rows],
            zone_verdict=self.zone_verdict[rows],
        )

    def key(self, row: int) -> tuple[str, str, str | None, str]:
        """Row ``row``'s incident, provision, party and status: what tells one violation from another."""
        return (
            self.incident_ids[int(self.incident[row])],
            self.provision_ids[int(self.provision[row])],
            self.parties[int(self.party[row])],
            str(_STATUSES[int(self.status[row])]),
        )

    def cells(self) -> Ints:
        """Each verdict's matrix cell as one number: (provision × parties + party) × statuses + status."""
        n_parties, n_statuses = len(self.parties), len(_STATUSES)
        return (self.provision.astype(np.int64) * n_parties + self.party) * n_statuses + self.status

    def cell_sizes(self, cells: Ints | None = None) -> Ints:
        """How many verdicts each cell number (:meth:`cells`) holds: counted, not sorted (the
        cells are few, the verdicts up to millions)."""
        size = len(self.provision_ids) * len(self.parties) * len(_STATUSES)
        return np.bincount(self.cells() if cells is None else cells, minlength=size).astype(np.int64)

    def matrix_counts(self, sizes: Ints | None = None) -> Counter[tuple[str, str, str]]:
        """Violations by (provision id, party column, status): the compliance matrix's cells
        (``sizes``: :meth:`cell_sizes`, when already counted)."""
        n_parties, n_statuses = len(self.parties), len(_STATUSES)
        sizes = self.cell_sizes() if sizes is None else sizes
        out: Counter[tuple[str, str, str]] = Counter()
        for key in np.flatnonzero(sizes).tolist():
            rest, s = divmod(key, n_statuses)
            p, who = divmod(rest, n_parties)
            out[(self.provision_ids[p], party_column(self.parties[who]), str(_STATUSES[s]))] = int(sizes[key])
        return out


def summary_document(
    found: VerdictSet,
    provisions: Sequence[ProvisionState],
    commitments: Sequence[CommitmentAssessment],
    *,
    linked: int,
    party: str | None = None,
) -> dict[str, Any]:
    """The compliance document's matrix from verdicts (see
    :func:`truceline.compliance.services.compliance_summary`): ``as_of``, ``parties``, ``matrix``
    and ``commitments`` as :func:`~truceline.compliance.results.compliance_document` gives them,
    ``violation_count``, and ``violations`` for the cells of at most ``linked`` violations only.
    ``party``: the document is filtered to that party column (``found`` holds its verdicts only),
    so the columns are that one only."""
    cell = found.cells()
    sizes = found.cell_sizes(cell)
    counts = found.matrix_counts(sizes)
    cells: dict[tuple[str, str], dict[str, int]] = {}
    for (provision_id, column, status), n in counts.items():
        cells.setdefault((provision_id, column), {s.value: 0 for s in ViolationStatus})[status] = n
    attributed = {p for p in found.parties if p is not None}
    used = np.flatnonzero(np.bincount(found.party, minlength=len(found.parties))).tolist()
    named = {p for state in provisions for p in state.binds} | {found.parties[k] for k in used} & attributed
    if party is not None:
        named &= {party}
    undetermined = any(found.parties[k] is None for k in used)
    columns = sorted(p for p in named if p is not None) + ([UNDETERMINED_PARTY] if undetermined else [])
    few = np.flatnonzero(sizes[cell] <= linked) if linked > 0 else np.empty(0, dtype=np.int64)
    violations = [
        {
            "provision_id": found.provision_ids[found.provision[k]],
            "party": found.parties[found.party[k]],
            "status": str(_STATUSES[found.status[k]]),
            "incident_id": found.incident_ids[found.incident[k]],
        }
        for k in few.tolist()
    ]
    return {
        "as_of": found.as_of.isoformat(),
        "parties": columns,
        "matrix": [
            {"provision_id": provision_id, "party": column, "counts": c, "total": sum(c.values())}
            for (provision_id, column), c in sorted(cells.items())
        ],
        "violation_count": len(found),
        "violations": violations,
        "commitments": [c.to_dict() for c in commitments],
    }


#: the full facts of the incidents at these rows of an :class:`IncidentColumns`, in that order
FactsOf = Callable[[Sequence[int]], Sequence[IncidentFacts]]
#: an incident and its claims as :func:`columns_from_rows` reads them: id, its days, kind and
#: modality as one integer (see :data:`DAY_BITS`), its actors (a JSON list as text, or ``None``)
#: and its claims (a JSON list of ``[claimant, accused, assertion, stance]`` as text, or ``None``)
IncidentClaimsRow = tuple[str, int, str | None, str | None]
#: the integer of an :data:`IncidentClaimsRow`: its start day + end day × 2**DAY_BITS + kind ×
#: 2**KIND_SHIFT + modality × 2**MODALITY_SHIFT (days as ordinals; kind and modality as their
#: numbers in declaration order, :data:`KIND_NUMBERS`, :data:`MODALITY_NUMBERS`)
DAY_BITS = 22
KIND_SHIFT = 2 * DAY_BITS
MODALITY_SHIFT = KIND_SHIFT + 8
#: the numbers of the kinds and modalities by their values
KIND_NUMBERS: Mapping[str, int] = {k.value: n for n, k in enumerate(_KINDS)}
MODALITY_NUMBERS: Mapping[str, int] = {m.value: n for n, m in enumerate(_MODALITIES)}


@dataclass(frozen=True, slots=True)
class IncidentColumns:
    """The incidents as :func:`verdicts` reads them: row ``k`` is incident ``ids[k]``, its start
    and end days (day ordinals), its kind and modality (numbers in declaration order), its actors
    (``actor_sets[actors[k]]``); ``facts`` gives the full :class:`IncidentFacts` of some rows,
    which only the incidents the scalar engine judges or whose zone is checked need.

    Built from :class:`IncidentFacts` (:meth:`of`) or, with the claims, from rows as a database
    returns them (:func:`columns_from_rows`), so a million incidents need not be a million
    objects."""

    ids: Sequence[str]
    start: Codes
    end: Codes
    kind: Codes
    modality: Codes
    actors: Codes
    actor_sets: tuple[tuple[str, ...], ...]
    facts: FactsOf

    def __len__(self) -> int:
        return len(self.ids)

    @classmethod
    def of(cls, incidents: Sequence[IncidentFacts]) -> IncidentColumns:
        n = len(incidents)
        sets = {actors: k for k, actors in enumerate(dict.fromkeys(map(attrgetter("actors"), incidents)))}
        actors = np.fromiter(map(sets.__getitem__, map(attrgetter("actors"), incidents)), np.int32, n)
        return cls(
            ids=list(map(attrgetter("id"), incidents)),
            start=np.fromiter(map(dt.date.toordinal, map(attrgetter("date_start"), incidents)), np.int32, n),
            end=np.fromiter(map(dt.date.toordinal, map(attrgetter("date_end"), incidents)), np.int32, n),
            kind=np.fromiter(map(_KIND_CODE.__getitem__, map(attrgetter("kind"), incidents)), np.int8, n),
            modality=np.fromiter(map(_MODALITY_CODE.__getitem__, map(attrgetter("modality"), incidents)), np.int8, n),
            actors=actors,
            actor_sets=tuple(sets),
            facts=lambda rows: [incidents[k] for k in rows],
        )

    def take(self, rows: Ints) -> IncidentColumns:
        """These rows only (``rows``: increasing row numbers)."""
        facts, ids = self.facts, self.ids
        return IncidentColumns(
            ids=[ids[k] for k in rows.tolist()],
            start=self.start[rows],
            end=self.end[rows],
            kind=self.kind[rows],
            modality=self.modality[rows],
            actors=self.actors[rows],
            actor_sets=self.actor_sets,
            facts=lambda some: facts([int(rows[k]) for k in some]),
        )


@dataclass(frozen=True, slots=True)
class ClaimColumns:
    """The claims as :func:`verdicts` reads them, beside an :class:`IncidentColumns`: claim ``k``
    is on the incident at row ``incident[k]`` (-1: none of those), made by ``parties[claimant[k]]``
    against ``parties[accused[k]]`` (-1: no one), with assertion and stance numbers (in
    declaration order), made on day ``made_on[k]`` (a day ordinal).

    ``of_incidents`` gives the full :class:`ClaimRecord` of the claims on some incidents (by
    id), for the incidents the scalar engine judges; ``incidents_of`` the incidents of the claims
    with some ids (those an observer's finding bears on)."""

    incident: Codes
    claimant: Codes
    accused: Codes
    assertion: Codes
    stance: Codes
    made_on: Codes
    parties: tuple[str, ...]
    of_incidents: Callable[[Sequence[str]], Sequence[ClaimRecord]]
    incidents_of: Callable[[Collection[str]], Collection[str]]

    def __len__(self) -> int:
        return len(self.incident)

    @classmethod
    def of(cls, claims: Sequence[ClaimRecord], incidents: IncidentColumns) -> ClaimColumns:
        n = len(claims)
        on = _RowsOf(incidents.ids)(list(map(attrgetter("incident_id"), claims)))
        party: dict[str | None, int] = {None: -1}
        for code in set(map(attrgetter("claimant"), claims)) | set(map(attrgetter("accused"), claims)):
            if code is not None:
                party[code] = len(party) - 1

        def where(wanted: Collection[str], field: str) -> list[ClaimRecord]:
            found = np.fromiter(map(wanted.__contains__, map(attrgetter(field), claims)), bool, n)
            return [claims[k] for k in np.flatnonzero(found).tolist()]

        def of_incidents(ids: Sequence[str]) -> list[ClaimRecord]:
            return where(set(ids), "incident_id")

        def incidents_of(claim_ids: Collection[str]) -> set[str]:
            return {c.incident_id for c in where(claim_ids, "id")}

        return cls(
            incident=on,
            claimant=np.fromiter(map(party.__getitem__, map(attrgetter("claimant"), claims)), np.int16, n),
            accused=np.fromiter(map(party.__getitem__, map(attrgetter("accused"), claims)), np.int16, n),
            assertion=np.fromiter(map(_ASSERTION_CODE.__getitem__, map(attrgetter("assertion"), claims)), np.int8, n),
            stance=np.fromiter(map(_STANCE_CODE.__getitem__, map(attrgetter("stance"), claims)), np.int8, n),
            made_on=np.fromiter(map(dt.date.toordinal, map(attrgetter("made_on"), claims)), np.int32, n),
            parties=tuple(code for code in party if code is not None),
            of_incidents=of_incidents,
            incidents_of=incidents_of,
        )

    def on_rows(self, rows: Codes, before: int) -> ClaimColumns:
        """The same claims beside the incidents at ``rows`` (increasing) of ``before`` incidents."""
        new = np.full(before + 1, -1, np.int32)  # the last: no incident (-1) stays none
        new[rows] = np.arange(len(rows), dtype=np.int32)
        return replace(self, incident=new[self.incident])


def columns_from_rows(
    chunks: Iterable[Sequence[IncidentClaimsRow]],
    as_of: AsOf,
    facts: FactsOf,
    of_incidents: Callable[[Sequence[str]], Sequence[ClaimRecord]],
    incidents_of: Callable[[Collection[str]], Collection[str]],
) -> tuple[IncidentColumns, ClaimColumns]:
    """The incidents and their claims as :func:`verdicts` reads them on ``as_of``, from rows of
    an incident each with its claims (:data:`IncidentClaimsRow`), as a query can give them with
    the days, kind and modality coded in one integer and the claims gathered per incident (so a
    store hands over four values an incident, not six an incident and six a claim).

    Each row holds only the incident's claims made on or before ``as_of`` (the others do not
    bear on the verdicts then): those claims get the day ``as_of`` as their ``made_on``. A JSON
    text of actors or of claims, repeated on many incidents, is decoded once (each distinct list
    of claims is decoded once and its claims repeated with numpy). ``facts`` reads the full facts
    of some rows (e.g. from the database, by id), ``of_incidents`` the full claims on some
    incidents and ``incidents_of`` the incidents of some claims (see :class:`ClaimColumns`)."""
    ids: list[str] = []
    code_parts: list[Ints] = []
    actor_parts: list[Codes] = []
    claim_parts: list[Codes] = []
    actor_texts: dict[str | None, int] = {}
    actor_sets: dict[tuple[str, ...], int] = {}
    claim_texts: dict[str | None, int] = {None: -1}
    #: each distinct list of claims: (claimant, accused, assertion, stance) each
    patterns: list[list[tuple[str, str | None, str, str]]] = []
    for chunk in chunks:
        if not chunk:
            continue
        m = len(chunk)
        id_col, codes, actors, claim_lists = zip(*chunk, strict=True)
        ids.extend(id_col)
        code_parts.append(np.fromiter(codes, np.int64, m))
        for text in set(actors).difference(actor_texts):  # the texts first seen here
            decoded = tuple(json.loads(text) or ()) if text is not None else ()
            actor_texts[text] = actor_sets.setdefault(decoded, len(actor_sets))
        actor_parts.append(np.fromiter(map(actor_texts.__getitem__, actors), np.int32, m))
        for text in set(claim_lists).difference(claim_texts):
            claim_texts[text] = len(patterns)
            patterns.append(json.loads(text) or [])
        claim_parts.append(np.fromiter(map(claim_texts.__getitem__, claim_lists), np.int32, m))
    del actor_texts, claim_texts
    code = np.concatenate(code_parts) if code_parts else np.zeros(0, np.int64)
    day = (1 << DAY_BITS) - 1
    incidents = IncidentColumns(
        ids=ids,
        start=(code & day).astype(np.int32),
        end=((code >> DAY_BITS) & day).astype(np.int32),
        kind=((code >> KIND_SHIFT) & 0xFF).astype(np.int8),
        modality=((code >> MODALITY_SHIFT) & 0xFF).astype(np.int8),
        actors=np.concatenate(actor_parts) if actor_parts else np.zeros(0, np.int32),
        actor_sets=tuple(actor_sets),
        facts=facts,
    )
    del code

    # each distinct list of claims once, flat; then each incident's claims taken from it
    party: dict[str | None, int] = {None: -1}
    assertion_code = {x.value: c for x, c in _ASSERTION_CODE.items()}
    stance_code = {x.value: c for x, c in _STANCE_CODE.items()}
    flat: list[tuple[int, int, int, int]] = []
    sizes = np.zeros(len(patterns) + 1, np.int64)  # the last: no claims (-1)
    for k, pattern in enumerate(patterns):
        for claimant, accused, assertion, stance in pattern:
            for who in (claimant, accused):
                party.setdefault(who, len(party) - 1)
            flat.append((party[claimant], party[accused], assertion_code[assertion], stance_code[stance]))
        sizes[k] = len(pattern)
    table = np.array(flat, np.int64).reshape(-1, 4)
    pattern_of = np.concatenate(claim_parts) if claim_parts else np.zeros(0, np.int32)
    size = sizes[pattern_of]
    total = int(size.sum())
    offset = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    at = np.repeat(offset[pattern_of] - (np.cumsum(size) - size), size) + np.arange(total)
    claims = ClaimColumns(
        incident=np.repeat(np.arange(len(ids), dtype=np.int32), size),
        claimant=table[at, 0].astype(np.int16),
        accused=table[at, 1].astype(np.int16),
        assertion=table[at, 2].astype(np.int8),
        stance=table[at, 3].astype(np.int8),
        made_on=np.full(total, Clock.of(as_of).date.toordinal(), np.int32),
        parties=tuple(code for code in party if code is not None),
        of_incidents=of_incidents,
        incidents_of=incidents_of,
    )
    return incidents, claims


class _RowsOf:
    """The row of each of some ids among ``ids`` (-1: not among them), found by their hashes:
    the sorted hashes of ``ids`` are searched for those of the ids asked (numpy), and each match
    is checked by its text, so a hash an id asked shares with another id never passes for it.
    When two of ``ids`` share a hash, a dict of ``ids`` answers instead. On a million ids this
    is several times faster than a dict (whose million entries cost more to build than to ask)."""

    def __init__(self, ids: Sequence[str]) -> None:
        self.ids = ids
        hashes = np.fromiter(map(hash, ids), np.int64, len(ids))
        self.order = np.argsort(hashes, kind="stable")
        self.hashes = hashes[self.order]
        self.by_id: dict[str, int] | None = None
        if len(ids) > 1 and bool((self.hashes[1:] == self.hashes[:-1]).any()):
            self.by_id = dict(zip(ids, range(len(ids)), strict=True))

    def __call__(self, wanted: Sequence[str]) -> Codes:
        m = len(wanted)
        if self.by_id is not None:
            return np.fromiter(map(self.by_id.get, wanted, repeat(-1)), np.int32, m)
        if not len(self.ids) or not m:
            return np.full(m, -1, np.int32)
        at = np.searchsorted(self.hashes, np.fromiter(map(hash, wanted), np.int64, m))
        rows = self.order[np.minimum(at, len(self.ids) - 1)]
        ids = self.ids
        same = np.fromiter(map(eq, map(ids.__getitem__, rows.tolist()), wanted), bool, m)
        return np.where(same, rows, -1).astype(np.int32)


class _Days(Sequence[dt.date]):
    """Day ordinals read as dates."""

    __slots__ = ("_days",)

    def __init__(self, days: Codes) -> None:
        self._days = days

    def __len__(self) -> int:
        return len(self._days)

    def __getitem__(self, k: Any) -> Any:
        if isinstance(k, slice):
            return [dt.date.fromordinal(d) for d in self._days[k].tolist()]
        return dt.date.fromordinal(int(self._days[k]))


def verdicts(
    records: Records,
    as_of: AsOf,
    *,
    zones: ZoneIndex | None = None,
    incidents: IncidentColumns | None = None,
    claims: ClaimColumns | None = None,
) -> VerdictSet:
    """The verdicts of :func:`~truceline.compliance.evaluate.evaluate` (same rows, same order)
    and the kinds of its notes, without their explanations; see the module's docstring.

    ``incidents`` and ``claims``: the incidents and claims as columns (:class:`IncidentColumns`,
    :class:`ClaimColumns` beside them), read in place of ``records.incidents`` and
    ``records.claims`` (then not read): the same verdicts without an object per incident or
    claim. ``claims`` goes with ``incidents``.

    Like :func:`~truceline.compliance.evaluate.evaluate`, it pauses the cyclic garbage collector
    while it runs (its objects are acyclic)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        if claims is not None and incidents is None:
            raise ValueError("claims as columns go with the incidents as columns")
        columns = incidents if incidents is not None else IncidentColumns.of(records.incidents)
        claim_columns = claims if claims is not None else ClaimColumns.of(records.claims, columns)
        return _verdicts(records, columns, claim_columns, as_of, zones)
    finally:
        if was_enabled:
            gc.enable()


class _Facts:
    """The full facts of the judged incidents, read once each, when needed."""

    def __init__(self, columns: IncidentColumns) -> None:
        self.columns = columns
        self.known: dict[int, IncidentFacts] = {}

    def of(self, rows: Iterable[int]) -> list[IncidentFacts]:
        wanted = list(rows)
        missing = sorted({k for k in wanted if k not in self.known})
        if missing:
            self.known.update(zip(missing, self.columns.facts(missing), strict=True))
        return [self.known[k] for k in wanted]


def _verdicts(
    records: Records, columns: IncidentColumns, claims: ClaimColumns, as_of: AsOf, zones: ZoneIndex | None
) -> VerdictSet:
    clock = Clock.of(as_of)
    as_date = clock.date
    windows = prohibition_index(records, clock)
    party_of = records.party_of
    rules = sorted(records.provisions, key=attrgetter("id"))
    rule_rank = {r.id: n for n, r in enumerate(rules)}

    # incidents judged (begun on or before as_of), in input order; ``rank``: the engine's order
    judged = columns.start <= as_date.toordinal()
    if not judged.all():
        rows = np.flatnonzero(judged)
        columns, claims = columns.take(rows), claims.on_rows(rows, len(columns))
    n = len(columns)
    ids = columns.ids
    a, b, kind, modality = columns.start, columns.end, columns.kind, columns.modality
    facts = _Facts(columns)
    # by start day, then id: the ids' ranks (a sort of the strings) break the ties
    by_id = np.empty(n, np.int64)
    by_id[np.fromiter(sorted(range(n), key=ids.__getitem__), np.int64, n)] = np.arange(n)
    rank = np.empty(n, np.int64)
    rank[np.lexsort((by_id, a))] = np.arange(n)
    del by_id

    # parties as principals, sorted (the engine lists an incident's parties by code); None last
    principal = {code: principal_of(party_of, code) for code in party_of}
    raw = {p for rule in rules for p in rule.binds} | {f.party for f in records.findings if f.party is not None}
    raw |= set(claims.parties)
    table = sorted({principal.get(code, code) for code in raw})
    parties: tuple[str | None, ...] = (*table, None)
    code_of: dict[str | None, int] = {p: k for k, p in enumerate(table)}
    code_of.update({code: code_of[principal.get(code, code)] for code in raw})
    code_of[None] = -1
    n_parties = len(parties)

    pair_inc, pair_party, disputed = _attributions(claims, as_date, n, code_of, n_parties)
    attributed = np.zeros(n, bool)
    attributed[pair_inc] = True

    # incidents the scalar engine must judge: any finding bearing on them (the engine counts
    # final findings and names the other final ones; drafts never show)
    hard = np.zeros(n, bool)
    shown = [f for f in records.findings if f.state == FindingState.FINAL]
    on_claims = {f.claim_id for f in shown if f.incident_id is None and f.claim_id is not None}
    finding_incidents = {f.incident_id for f in shown if f.incident_id is not None}
    if on_claims:
        finding_incidents |= set(claims.incidents_of(on_claims))
    if finding_incidents:
        hard = np.fromiter(map(finding_incidents.__contains__, ids), bool, n)

    # each block of rows: incidents, then one provision, party, status (or one each),
    # what is undetermined and the zone verdict (or one each) for all
    blocks: list[tuple[Ints, Ints | int, Ints | int, Ints | int, Ints | int, Ints | int]] = []
    # each block of notes: incidents, then one provision, one party, the note kinds
    noted: list[tuple[Ints, Ints | int, Ints | int, Ints]] = []

    # attributed: each (incident, party) against the windows for its (party, kind, modality)
    n_kinds, n_modalities = len(_KINDS), len(_MODALITIES)
    combo = (pair_party * n_kinds + kind[pair_inc]) * n_modalities + modality[pair_inc]
    status = np.where(disputed, _STATUS_CODE[ViolationStatus.DISPUTED], _STATUS_CODE[ViolationStatus.ALLEGED])
    for key in np.unique(combo).tolist():
        rest, mod = divmod(key, n_modalities)
        who, k = divmod(rest, n_kinds)
        party = parties[who]
        assert party is not None
        found = windows.by_party.get((party, _KINDS[k], _MODALITIES[mod]))
        if not found:
            continue
        sel = np.flatnonzero(combo == key)
        inc = pair_inc[sel]
        for window in found:
            outcome = _outcomes(window, a[inc], b[inc])
            seen = outcome >= _NOTED
            if seen.any():
                noted.append((inc[seen], rule_rank[window.rule.id], who, outcome[seen] - _NOTED))
            counts = outcome == _COUNTS
            rows, statuses = inc[counts], status[sel][counts]
            if window.rule.zone_id is None:
                blocks.append((rows, rule_rank[window.rule.id], who, statuses, 0, 0))
                continue
            kept, place, zone = _zone_check(zones, window.rule.zone_id, facts, rows)
            blocks.append((rows[kept], rule_rank[window.rule.id], who, statuses[kept], place[kept] * 2, zone[kept]))

    # attributed to no one: against each prohibition binding every party, when it counts
    # whoever acted; an incident whose reports name a party among its actors is left out
    known = known_parties(records)
    open_ = ~attributed
    names = np.array([_names_a_party(actors, party_of, known) for actors in columns.actor_sets], bool)
    open_ &= ~names[columns.actors]
    for (k_name, mod_name), groups in windows.unattributed.items():
        sel = np.flatnonzero(
            open_ & (kind == _KIND_CODE[IncidentKind(k_name)]) & (modality == _MODALITY_CODE[Modality(mod_name)])
        )
        if not len(sel):
            continue
        for group in groups:
            rule = group[0].rule
            # one outcome per party's window: all alike, or a note that it depends on who acted
            first = _outcomes(group[0], a[sel], b[sel])
            alike: Bools = np.ones(len(sel), bool)
            for window in group[1:]:
                alike &= _outcomes(window, a[sel], b[sel]) == first
            seen = ~alike | (first >= _NOTED)
            if seen.any():
                note_kind = np.where(alike, first - _NOTED, _NOTE_CODE[NoteKind.IN_FORCE_FOR_SOME_PARTIES_ONLY])
                noted.append((sel[seen], rule_rank[rule.id], n_parties - 1, note_kind[seen]))
            every = alike & (first == _COUNTS)
            unattributed = _STATUS_CODE[ViolationStatus.UNATTRIBUTED]
            if rule.zone_id is None:
                blocks.append((sel[every], rule_rank[rule.id], n_parties - 1, unattributed, 1, 0))
                continue
            rows = sel[every]
            kept, place, zone = _zone_check(zones, rule.zone_id, facts, rows)
            blocks.append(
                (rows[kept], rule_rank[rule.id], n_parties - 1, unattributed, 1 + place[kept] * 2, zone[kept])
            )

    # the incidents a finding bears on, through the scalar engine, on records holding just those
    # incidents (their rows and notes above are dropped below)
    hard_rows = np.flatnonzero(hard).tolist()
    hard_ids = {ids[k]: k for k in hard_rows}
    plain_blocks, plain_notes = len(blocks), len(noted)
    if hard_ids:
        subset = Records(
            agreements=records.agreements,
            provisions=records.provisions,
            incidents=tuple(facts.of(hard_rows)),
            claims=tuple(claims.of_incidents(list(hard_ids))),
            findings=records.findings,
            zones=records.zones,
            places=records.places,
            party_of=party_of,
        )
        _, violations, engine_notes = judge(subset, clock, zones)

        def column(values: Iterator[int], size: int | None = None) -> Ints:
            return np.fromiter(values, np.int64, len(violations) if size is None else size)

        blocks.append(
            (
                column(hard_ids[v.incident_id] for v in violations),
                column(rule_rank[v.provision_id] for v in violations),
                column(code_of[v.party] % n_parties for v in violations),
                column(_STATUS_CODE[v.status] for v in violations),
                column(_UNDETERMINED.index(v.undetermined) for v in violations),
                column(_ZONE_VERDICTS.index(v.zone_verdict) for v in violations),
            )
        )
        m = len(engine_notes)
        if m:
            noted.append(
                (
                    column((hard_ids[x.incident_id] for x in engine_notes), m),
                    column((rule_rank[x.provision_id] for x in engine_notes), m),
                    column((code_of[x.party] % n_parties for x in engine_notes), m),
                    column((_NOTE_CODE[x.kind] for x in engine_notes), m),
                )
            )

    # the columns
    sizes = [len(block[0]) for block in blocks]
    total = sum(sizes)
    inc_col = np.empty(total, np.int32)
    prov_col = np.empty(total, np.int16)
    party_col = np.empty(total, np.int8)
    status_col = np.empty(total, np.int8)
    undetermined_col = np.empty(total, np.int8)
    zone_col = np.empty(total, np.int8)
    at_ = 0
    for block, size in zip(blocks, sizes, strict=True):
        end = at_ + size
        inc_col[at_:end] = block[0]
        prov_col[at_:end] = block[1]
        party_col[at_:end] = block[2]
        status_col[at_:end] = block[3]
        undetermined_col[at_:end] = block[4]
        zone_col[at_:end] = block[5]
        at_ = end
    keep = ~hard[inc_col]
    keep[sum(sizes[:plain_blocks]) :] = True
    # the engine's order: incident (start date, id), party, provision id (one row per triple)
    order = np.flatnonzero(keep)
    order = order[np.argsort((rank[inc_col[order]] * n_parties + party_col[order]) * len(rules) + prov_col[order])]
    return VerdictSet(
        as_of=as_of,
        incident_ids=ids,
        incident_dates=_Days(a),
        provision_ids=tuple(r.id for r in rules),
        agreement_ids=tuple(r.agreement_id for r in rules),
        parties=parties,
        incident=inc_col[order],
        provision=prov_col[order],
        party=party_col[order],
        status=status_col[order],
        undetermined=undetermined_col[order],
        zone_verdict=zone_col[order],
        notes=_notes(noted, plain_notes, hard, rank, len(rules), ids, rules, parties),
    )


def _notes(
    noted: Sequence[tuple[Ints, Ints | int, Ints | int, Ints]],
    plain: int,
    hard: Bools,
    rank: Ints,
    n_rules: int,
    ids: Sequence[str],
    rules: Sequence[ProvisionRule],
    parties: Sequence[str | None],
) -> tuple[NoteVerdict, ...]:
    """The notes in the engine's order (incident, party, provision), from blocks as
    :func:`_verdicts` gathers them: the first ``plain`` judged with arrays (those on the
    ``hard`` incidents dropped: the scalar engine judged those), then the scalar engine's."""
    if not noted:
        return ()
    sizes = [len(block[0]) for block in noted]
    inc, rule, party, kind = (
        np.concatenate(
            [np.broadcast_to(np.asarray(block[c], np.int64), (size,)) for block, size in zip(noted, sizes, strict=True)]
        )
        for c in range(4)
    )
    keep = ~hard[inc]
    keep[sum(sizes[:plain]) :] = True
    order = np.flatnonzero(keep)
    order = order[np.argsort((rank[inc[order]] * len(parties) + party[order]) * n_rules + rule[order])]
    return tuple(
        NoteVerdict(ids[i], rules[r].id, rules[r].agreement_id, parties[who], _NOTE_KINDS[k])
        for i, r, who, k in zip(
            inc[order].tolist(), rule[order].tolist(), party[order].tolist(), kind[order].tolist(), strict=True
        )
    )


def _attributions(
    claims: ClaimColumns, as_date: dt.date, n: int, code_of: Mapping[str | None, int], n_parties: int
) -> tuple[Ints, Ints, Bools]:
    """The (incident, party) pairs the claims made on or before ``as_date`` attribute, and
    whether the party counters (``disputed``): as the engine's ``attributions`` and ``verdict``
    read the claims, for incidents no finding bears on. ``n``: how many incidents."""
    made = (claims.made_on <= as_date.toordinal()) & (claims.incident >= 0)
    # the claims' party numbers as the verdicts' party codes (-1: no one)
    party = np.array([code_of[p] for p in claims.parties] + [-1], np.int64)
    c_inc = claims.incident[made].astype(np.int64)
    claimant = party[claims.claimant[made]]
    accused = party[claims.accused[made]]
    stance = claims.stance[made]
    assertion = claims.assertion[made]
    accuses = stance == _STANCE_CODE[ClaimStance.ACCUSES]
    self_defence = assertion == _ASSERTION_CODE[ClaimAssertion.SELF_DEFENCE]
    non_attributing = np.isin(assertion, [_ASSERTION_CODE[x] for x in NON_ATTRIBUTING_ASSERTIONS])
    counter_assertion = np.isin(assertion, [_ASSERTION_CODE[x] for x in COUNTER_ASSERTIONS])
    # the accused when the claim attributes the act to it; the claimant invoking self-defence
    attributes = accuses & (accused >= 0) & ~non_attributing
    att_party = np.where(attributes, accused, np.where(self_defence & accuses, claimant, -1))
    counters = (stance == _STANCE_CODE[ClaimStance.DENIES]) | (counter_assertion & (accused != claimant))
    # flags over incident × party: attributed, accused by another party than itself, countered
    # by it (by any counter-claim; by a self-defence claim)
    attributing = att_party >= 0
    pair_key = c_inc[attributing] * n_parties + att_party[attributing]
    flags = np.zeros((4, n * n_parties), bool)
    flags[0, pair_key] = True
    flags[1, pair_key[claimant[attributing] != att_party[attributing]]] = True
    flags[2, c_inc[counters & ~self_defence] * n_parties + claimant[counters & ~self_defence]] = True
    flags[3, c_inc[counters & self_defence] * n_parties + claimant[counters & self_defence]] = True
    pairs = np.flatnonzero(flags[0])
    # a self-defence claim contests another party's accusation; alone it is an admission
    disputed = flags[2, pairs] | (flags[3, pairs] & flags[1, pairs])
    pair_inc, pair_party = np.divmod(pairs, n_parties)
    return pair_inc, pair_party, disputed


#: a time outcome of an incident against one window: out of force (no row), counts, or seen
#: and not counted (a note, of kind ``_NOTE_KINDS[outcome - _NOTED]``)
_OUT, _COUNTS, _NOTED = 0, 1, 2


def _outcomes(window: Window, a: Codes, b: Codes) -> Codes:
    """For incidents with dates [a, b] (day ordinals), what the engine's time check of the window
    gives: out of force, counts (wholly in force, no pausing suspension touching it), or a note
    (dates straddling the start or the end; dates within or straddling a suspension that pauses
    the provision: the first such suspension gives the kind)."""
    out = b < window.start_day
    if window.end_full is not None:
        out |= a >= window.end_full
    within = a >= window.start_full
    if window.end_day is not None:
        within &= b < window.end_day
    within &= ~out
    outcome = np.full(len(a), _OUT, np.int8)
    straddles = ~out & ~within
    outcome[straddles & (a < window.start_full)] = _NOTED + _NOTE_CODE[NoteKind.POSSIBLY_BEFORE_ENTRY_INTO_FORCE]
    outcome[straddles & (a >= window.start_full)] = _NOTED + _NOTE_CODE[NoteKind.POSSIBLY_AFTER_END]
    outcome[within] = _COUNTS
    if window.rule.on_suspension == OnSuspension.PAUSES:
        open_ = within.copy()  # not yet touched by an earlier suspension
        for s in window.suspensions:
            touches = b >= s.start_day
            if s.end_full is not None:
                touches &= a < s.end_full
            inside = a >= s.start_full
            if s.end_day is not None:
                inside &= b < s.end_day
            touches &= open_
            outcome[touches & inside] = _NOTED + _NOTE_CODE[NoteKind.PAUSED_BY_SUSPENSION]
            outcome[touches & ~inside] = _NOTED + _NOTE_CODE[NoteKind.POSSIBLY_PAUSED_BY_SUSPENSION]
            open_ &= ~touches
    return outcome


def _zone_check(zones: ZoneIndex | None, zone_id: str, facts: _Facts, rows: Ints) -> tuple[Bools, Ints, Ints]:
    """The engine's zone check of the incidents at ``rows``: whether each is kept (not outside
    under every line), whether its place is undetermined (1) or not (0), its zone verdict code."""
    kept = np.ones(len(rows), bool)
    place = np.zeros(len(rows), np.int64)
    zone = np.zeros(len(rows), np.int64)
    for j, incident in enumerate(facts.of(rows.tolist())):
        found = place_in_zone(zones, zone_id, incident)
        if found is None:
            kept[j] = False
            continue
        place[j] = 1 if found.undetermined else 0
        zone[j] = _ZONE_VERDICTS.index(found.verdict)
    return kept, place, zone


def _names_a_party(actors: tuple[str, ...], party_of: Mapping[str, str], known: set[str]) -> bool:
    return any(principal_of(party_of, actor) in known for actor in actors)
