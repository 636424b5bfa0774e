"""Draft records: what the sentence readers propose, how mentions of one record merge, and output.

A :class:`Draft` is a candidate record under construction. Two drafts of the same record (a
report names the same event more than once) fold into one with :func:`merge`, which keeps the
more precise facts (:func:`absorb`); :func:`to_candidate` turns a kept draft into a
:class:`~truceline.extraction.candidates.Candidate` with its one-line summary.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from truceline.extraction import summaries
from truceline.extraction.candidates import Candidate, Figure, Span
from truceline.extraction.dates import DateMention
from truceline.extraction.places import PlaceMention
from truceline.vocabulary import UCDP_WHERE_PREC, DatePrecision, LocationPrecision

__all__ = [
    "Draft",
    "absorb",
    "fold_acts_told_by_place",
    "fold_general_fighting",
    "fold_incursions",
    "fold_summed_leads",
    "leads_summed_by_places",
    "merge",
    "same_incident",
    "same_meeting",
    "same_status_change",
    "to_candidate",
    "without_periods_named",
]


@dataclass
class Draft:
    type: str
    kind: str
    sentence: int
    anchor: int
    rule: str
    spans: list[Span] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    precision: DatePrecision | None = None
    date_own: bool = False
    place: PlaceMention | None = None
    #: gazetteer ids of the larger places (district, province) a locality kept as text lies in
    area_ids: list[str] = field(default_factory=list)
    parties: list[str] = field(default_factory=list)
    #: parties named only as where the fire fell ("in southern L") or as who speaks of it ("X said"): not
    #: who fired, which the words of the act alone name
    not_shooters: list[str] = field(default_factory=list)
    killed: Figure | None = None
    injured: Figure | None = None
    displaced: Figure | None = None
    weapons: list[str] = field(default_factory=list)
    planned: bool = False
    modality: str = "carried_out"
    claimant: str | None = None
    accused: str | None = None
    about: str | None = None
    stance: str | None = None
    incident: Draft | None = None
    sender: str | None = None
    recipients: list[str] = field(default_factory=list)
    body: str | None = None
    speaker: str | None = None
    demands: list[str] = field(default_factory=list)
    agreement: str | None = None
    provisions: list[str] = field(default_factory=list)
    merged: bool = False
    #: the place of an incident in a series the text numbers ("The first air strike …", "The second …")
    ordinal: int | None = None
    #: the date is a calendar date the text writes out ("on December 20"), not a weekday or a relative day
    date_written: bool = False
    #: the act whose toll the sentences after it give place by place ("… targeted civilian areas" then "In Ban K, …,
    #: one person was killed"): the places' incidents are it, told one by one
    told_by_place: bool = False
    #: the only day of its sentence is when a period began ("hostilities …, intensifying since July 24"): with no toll
    #: and no other mention, the round of fighting named, not a happening
    period_start_only: bool = False

    def add_parties(self, codes: Sequence[str]) -> None:
        for code in codes:
            if code not in self.parties:
                self.parties.append(code)

    def set_date(self, mention: DateMention, how: str) -> None:
        self.date_start, self.date_end, self.precision = mention.date_start, mention.date_end, mention.precision
        self.date_written = mention.rule.startswith("explicit date")
        self.spans.append((mention.start, mention.end))
        self.evidence.append(f"date: {mention.rule}{how}")


def absorb(target: Draft, other: Draft) -> None:
    """Fold a second mention of the same record into the first: union spans, keep the more precise facts."""
    target.spans.extend(other.spans)
    target.evidence.append(f"merged with a later mention ({other.rule})")
    if target.type == "incident" and {target.kind, other.kind} == _FROM_THE_AIR:
        target.kind = "drone_strike"  # the more precise of the two
    target.evidence.extend(other.evidence)
    if other.modality != "denied" or not target.parties:
        # "X denies planting any new mines, asserting that the soldiers … triggered old mines": who denies is the
        # claim's, not a party of the blast told again inside the denial
        target.add_parties(other.parties)
    if target.ordinal is None:
        target.ordinal = other.ordinal
    for weapon in other.weapons:
        if weapon not in target.weapons:
            target.weapons.append(weapon)
    for name in ("killed", "injured", "displaced"):
        mine, theirs = getattr(target, name), getattr(other, name)
        # the lead's count is kept when the body counts the same happening differently (the codebook)
        if theirs is not None and mine is None:
            setattr(target, name, theirs)
    if other.precision is not None and (
        target.precision is None
        or (other.date_own and not target.date_own)
        # "… carried out an airstrike … on Friday" then "At around 11 a.m. on December 20, the air force launched the
        # operation …": the calendar date the body writes out is the day, not the weekday of the lead
        or (other.date_written and not target.date_written and other.precision == DatePrecision.DAY)
        or (other.date_own == target.date_own and _PRECISION_RANK[other.precision] < _PRECISION_RANK[target.precision])
    ):
        target.date_start, target.date_end, target.precision = other.date_start, other.date_end, other.precision
        target.date_own = other.date_own or target.date_own
        target.date_written = other.date_written
    if other.place is not None and (target.place is None or _rank(other.place) < _rank(target.place)):
        target.place = other.place
        target.area_ids = list(other.area_ids)
    if target.body in (None, "other", "summit") and other.body is not None and other.body not in ("other", "summit"):
        target.body = target.kind = other.body
    if target.agreement is None and other.agreement is not None:
        target.agreement = other.agreement
    for provision in other.provisions:
        if provision not in target.provisions:
            target.provisions.append(provision)
    for demand in other.demands:
        if demand not in target.demands:
            target.demands.append(demand)


def _overlap(a: Draft, b: Draft) -> bool:
    if a.date_start is None or b.date_start is None or a.date_end is None or b.date_end is None:
        return a.date_start is None and b.date_start is None
    return a.date_start <= b.date_end and b.date_start <= a.date_end


#: a drone strike is a strike from the air: "an X strike on V killed four" and "a drone fired a missile at a
#: car in V" may tell one happening
_FROM_THE_AIR = frozenset({"air_strike", "drone_strike"})


def same_incident(a: Draft, b: Draft) -> bool:
    """Incidents of one kind (or a strike and a drone strike with no toll that differs) with overlapping dates
    and compatible places."""
    if a.planned != b.planned:
        return False
    if a.ordinal is not None and b.ordinal is not None and a.ordinal != b.ordinal:
        return False  # "The first air strike targeted …", "The second air strike targeted …": two of a series
    told = _told_by_statement(a, b) or _told_by_statement(b, a)
    if not (_overlap(a, b) or told):
        return False
    if a.kind != b.kind and not {a.kind, b.kind} <= _FROM_THE_AIR:
        return False
    if (a.kind != b.kind or told) and a.killed is not None and b.killed is not None and a.killed != b.killed:
        return False
    if _exact(a.killed) and _exact(b.killed) and a.killed != b.killed and (_coarse(a) != _coarse(b)):
        # "13 civilians and one soldier had been killed, as X forces fired heavy weapons into Y territory" and "Six …
        # were killed … in shelling near a petrol station in B": the whole day's toll and one place's, two records
        return False
    return _places_compatible(a, b)


def _coarse(d: Draft) -> bool:
    """Placed no finer than a country or the border (or not at all)."""
    return d.place is None or d.place.precision in (LocationPrecision.BORDER, LocationPrecision.COUNTRY)


def _tolls_agree(a: Draft, b: Draft) -> bool:
    """The same count of killed, and no counts of injured that differ."""
    if a.killed is None or a.killed != b.killed:
        return False
    return a.injured is None or b.injured is None or a.injured == b.injured


def same_incident_and_toll(a: Draft, b: Draft) -> bool:
    """The same incident told with the same toll (killed, and injured when both give it)."""
    return _tolls_agree(a, b) and same_incident(a, b)


#: how many days before a statement an incident it reports may have happened
STATEMENT_LAG_DAYS = 2


def _told_by_statement(a: Draft, b: Draft) -> bool:
    """``a`` is dated only by the day a statement told of it ("killed four, the ministry said on Sunday") and
    ``b`` has a day of its own a little before or on it ("a drone hit a vehicle late Saturday")."""
    if a.date_own or not b.date_own or a.date_start is None or a.date_end is None or b.date_start is None:
        return False
    return a.date_start - dt.timedelta(days=STATEMENT_LAG_DAYS) <= b.date_start <= a.date_end


def _places_compatible(a: Draft, b: Draft) -> bool:
    """The same place, or one of them none or only the border or a country, or a locality and the larger
    place it lies in ("rockets into a civilian area in P province" and "into village V in D district, P")."""
    pa, pb = _place_key(a), _place_key(b)
    return pa is None or pb is None or pa == pb or pa in b.area_ids or pb in a.area_ids


def _rank(place: PlaceMention) -> int:
    """How precise a place is (smaller is more precise); a locality the text names but the gazetteer does
    not know is a village or town, more precise than a district, though it has no coordinates (and is kept with
    the coarse precision of the larger place named with it)."""
    if place.precision == LocationPrecision.UNKNOWN and place.place_id is None and place.name:
        return UCDP_WHERE_PREC[LocationPrecision.NEAR]
    return place.specificity


def _place_key(d: Draft) -> str | None:
    """A gazetteer id, or the name of a locality kept as text; None when only the border or nothing is named."""
    if d.place is None:
        return None
    if d.place.place_id:
        return d.place.place_id
    return None if d.place.precision in (LocationPrecision.BORDER, LocationPrecision.COUNTRY) else d.place.name


def same_meeting(a: Draft, b: Draft) -> bool:
    """Meetings with overlapping dates, of the same body (or one of them unnamed or a summit); a meeting still
    to come is never the one already held ("held on Thursday …, to schedule the next GBC meeting")."""
    if a.planned != b.planned:
        return False
    if a.date_start is None or b.date_start is None:
        return a.body == b.body
    return _overlap(a, b) and (a.body == b.body or "other" in (a.body, b.body) or "summit" in (a.body, b.body))


def same_status_change(a: Draft, b: Draft) -> bool:
    """One change of one agreement told twice, once naming it ("signed an agreement … on Thursday", then "both sides
    agreed to …"): the mention that names no agreement is of the one named."""
    return (a.kind, a.planned) == (b.kind, b.planned) and (
        a.agreement == b.agreement or a.agreement is None or b.agreement is None
    )


#: the event words of a lead that tells several strikes at once: "X air strikes killed two people"
#: event words of several strikes at once: "X air strikes", "'X' strikes", "X drones hit" (a motorcycle and a car)
PLURAL_LEAD = re.compile(r"event words '.*?(?:strikes|attacks|raids|(?:drones|warplanes|jets)\s+[a-z]+)'$")


def share_the_leads_toll(incidents: list[Draft]) -> None:
    """A lead's toll of several strikes ("X air strikes killed two people on Friday") that folded into the first
    strike told after it is the sum of the series: the strikes told after it with counts of their own ("another
    strike … had killed one person") take theirs out of it, and the first keeps the rest."""
    for first in incidents:
        if first.ordinal != 1 or not PLURAL_LEAD.search(first.rule) or not _exact(first.killed):
            continue
        others = [d for d in incidents if d.ordinal and d.ordinal > 1 and _overlap(first, d) and _exact(d.killed)]
        if not others or first.killed is None:
            continue
        told_after = sum(d.killed.best or 0 for d in others if d.killed is not None)
        rest = (first.killed.best or 0) - told_after
        if rest >= 1:
            first.killed = Figure(rest, rest, rest)
            first.evidence.append("killed: the lead's toll of the strikes, less the counts of the strikes told after")


#: how many sentences after a lead that sums several strikes the strikes it sums may be told
LEAD_REACH = 4
#: the kinds of fire a lead of several strikes sums
_FIRE = frozenset({"shelling", "air_strike", "drone_strike"})


def fold_summed_leads(incidents: list[Draft]) -> list[Draft]:
    """A lead that tells several strikes at once with their toll ("X strikes on southern L killed three people
    on Saturday") and then two or more strikes, each with a toll of its own ("a drone strike on a car in K killed one
    man"; "a strike on a motorcycle in M resulted in two martyrs") is their sum, not one more strike: the lead goes
    into the strikes it sums (its parties to each) and its toll to none of them, also when the strikes told count
    fewer than the lead (the codebook). Done before the mentions of one strike merge, so that the lead's toll never
    stands for one of the strikes it sums."""
    folded: set[int] = set()
    for lead in incidents:
        if lead.type != "incident" or lead.planned or not PLURAL_LEAD.search(lead.rule):
            continue
        if lead.killed is None or lead.killed.best is None:
            continue
        parts = [
            d
            for d in incidents
            if d is not lead
            and id(d) not in folded
            and d.type == "incident"
            and not d.planned
            and d.kind in _FIRE
            and 0 < d.sentence - lead.sentence <= LEAD_REACH
            and not PLURAL_LEAD.search(d.rule)
            and (d.date_start is None or _overlap(lead, d))
            and _exact(d.killed)
        ]
        if len({d.sentence for d in parts}) < 2:
            continue
        if sum(d.killed.best or 0 for d in parts if d.killed is not None) > lead.killed.best:
            continue
        folded.add(id(lead))
        for part in parts:
            part.add_parties(lead.parties)
            part.evidence.append("the lead's strikes, told one by one: its toll is theirs, not one more strike's")
        parts[0].spans.extend(lead.spans)
    return [d for d in incidents if id(d) not in folded]


#: the rule of an incident made of a count with no event word of its own
TOLL_RULE = "casualty or displacement figures with no event word"
#: how many sentences after a lead's toll the places that sum it may be told
TOLL_REACH = 6


def leads_summed_by_places(incidents: list[Draft]) -> list[Draft]:
    """A lead's toll with no act of its own ("… reported a severe escalation in violence …, resulting in the deaths of
    nine civilians … and injuries to fourteen others") that the counts of two or more places told after it add up to
    ("In … Ban P, …, six individuals were killed …"; "In Ban K, …, one person was killed …"): a count over those
    places, not one happening's toll. Returns the leads so read (the caller makes them tallies)."""
    summed = []
    for lead in incidents:
        if lead.type != "incident" or not lead.rule.startswith(TOLL_RULE) or not _exact(lead.killed):
            continue
        if lead.place is not None and _rank(lead.place) < UCDP_WHERE_PREC[LocationPrecision.PROVINCE]:
            continue  # a toll at a place of its own is that place's
        parts = [
            d
            for d in incidents
            if d is not lead
            and d.type == "incident"
            and 0 < d.sentence - lead.sentence <= TOLL_REACH
            and _exact(d.killed)
        ]
        if len({d.sentence for d in parts}) < 2 or lead.killed is None or lead.killed.best is None:
            continue
        if sum(d.killed.best or 0 for d in parts if d.killed is not None) <= lead.killed.best:
            summed.append(lead)
    return summed


def _exact(figure: Figure | None) -> bool:
    return figure is not None and figure.low == figure.best == figure.high and figure.best is not None


def merge(drafts: list[Draft], same: Callable[[Draft, Draft], bool]) -> list[Draft]:
    """Fold each draft into the first kept one it is ``same`` as; keep the others, in order."""
    kept: list[Draft] = []
    for draft in drafts:
        target = next((k for k in kept if same(k, draft)), None)
        if target is None:
            kept.append(draft)
            continue
        absorb(target, draft)
    return kept


#: the acts "fighting" or "clashes" in the same sentence may be made of: then they are one happening
_SPECIFIC_HOSTILE = frozenset({"shelling", "air_strike", "drone_strike", "attack_on_civilians"})
_MEANS = frozenset({"shelling", "air_strike", "drone_strike"})
#: a kind -> the more specific kinds it folds into when one sentence tells both of one happening; civilians
#: hit by the fire the sentence names ("a rocket attack struck a civilian area") are hit by that fire
FOLDS_INTO = {
    "armed_clash": _SPECIFIC_HOSTILE,
    "property_destruction": _SPECIFIC_HOSTILE,
    "attack_on_civilians": _MEANS,
}


def fold_general_fighting(incidents: list[Draft]) -> list[Draft]:
    """One happening told in one sentence as both fighting and a specific act ("was struck by artillery fire
    from forces engaged in clashes with the other side's troops") is one incident, of the specific kind: an
    armed clash folds into a shelling, air or drone strike or attack on civilians of the same sentence, with
    overlapping dates and a compatible place. So does the damage the act did ("firing rockets into a
    civilian area, injuring eight people and damaging several homes"), and civilians hit by the fire the
    sentence names ("a rocket attack struck a civilian area"): the incident is of the fire's kind."""
    return _fold(
        incidents,
        folds=lambda d: d.kind in FOLDS_INTO,
        into=lambda o, d: o.kind in FOLDS_INTO[d.kind] and (o.sentence == d.sentence or _same_toll(o, d)),
        evidence="the fighting told with the same toll (or in the same sentence) is this {kind}: one happening",
    )


#: the fewest killed that, told the same in two places, tell one happening by that alone; smaller counts (one, two
#: dead) coincide too often ("two more of its soldiers were killed" and "the deaths of two civilians")
SHARED_TOLL_MIN = 3


def _same_toll(a: Draft, b: Draft) -> bool:
    """Both give the same count of killed, and no counts of injured that differ: a lead that tells the fighting with
    its toll ("at least 7 civilians killed") and the body that tells the act with the same toll (an attack or shelling
    "killed at least seven civilians") speak of one happening (the codebook). A small count must come with the same
    count of injured too ("one killed, five injured" twice)."""
    if not _tolls_agree(a, b) or a.killed is None or a.killed.best is None:
        return False
    if a.injured is not None and b.injured is not None:
        return True  # the same injured too
    return a.killed.best >= SHARED_TOLL_MIN


def _fold(
    incidents: list[Draft],
    *,
    folds: Callable[[Draft], bool],
    into: Callable[[Draft, Draft], bool],
    evidence: str,
) -> list[Draft]:
    """Each unplanned draft that ``folds`` picks goes into the first other unplanned draft, not folded itself,
    that ``into(other, draft)`` accepts, with overlapping dates and a compatible place: absorbed by it, which
    says why (``evidence``, its ``{kind}`` filled in)."""
    kept: list[Draft] = []
    folded: set[int] = set()
    for draft in incidents:
        if folds(draft) and not draft.planned:
            target = next(
                (
                    o
                    for o in incidents
                    if o is not draft
                    and id(o) not in folded
                    and not o.planned
                    and into(o, draft)
                    and _overlap(o, draft)
                    and _places_compatible(o, draft)
                ),
                None,
            )
            if target is not None:
                folded.add(id(draft))
                absorb(target, draft)
                target.evidence.append(evidence.format(kind=target.kind))
                continue
        kept.append(draft)
    return kept


#: how many sentences after a summary of strikes the specific strikes it sums up may be told
SUMMARY_REACH = 2
#: the plural event word of a summary ("carried out airstrikes", "clashes along the border")
_PLURAL_EVENT = re.compile(r"^event words '(?:[\w-]+\s+)*[\w-]*[a-z]s'$")


def fold_acts_told_by_place(incidents: list[Draft]) -> list[Draft]:
    """An act told as a whole ("support weapons targeted civilian areas, leading to significant casualties") whose toll
    the next sentences give place by place ("In the vicinity of a gas station in Ban P, …, six individuals were
    killed"; "In Ban K, …, one person was killed") is those places' incidents, not one more: with no figures of its
    own, it goes into the first of them."""
    kept: list[Draft] = []
    for draft in incidents:
        if draft.told_by_place and draft.killed is None and draft.injured is None:
            parts = [
                o
                for o in incidents
                if o is not draft
                and o.kind == draft.kind
                and 0 < o.sentence - draft.sentence <= SUMMARY_REACH + 1
                and o.place is not None
                and (o.killed is not None or o.injured is not None)
            ]
            if parts:
                parts[0].spans.extend(draft.spans)
                parts[0].evidence.append("the act told as a whole before is the places' incidents told after it")
                continue
        kept.append(draft)
    return kept


def fold_summaries(incidents: list[Draft]) -> list[Draft]:
    """Strikes told as a whole at a coarse place ("carried out airstrikes against X territory in P province on
    Thursday") and then one by one at the places they hit ("an aerial bombardment on the K area … a second F-16
    airstrike targeting the S area") are those strikes, not one more (the codebook: one incident per happening). The
    summary, with no figures of its own, goes into the first of the strikes of its kind and day told in the sentences
    after it at more specific places; its parties go to each of them."""
    kept: list[Draft] = []
    for draft in incidents:
        if (
            not draft.planned
            and draft.killed is None
            and draft.injured is None
            and draft.date_start is not None
            and _PLURAL_EVENT.match(draft.rule)
        ):
            coarse = _rank(draft.place) if draft.place is not None else UCDP_WHERE_PREC[LocationPrecision.UNKNOWN]
            parts = [
                o
                for o in incidents
                if o is not draft
                and o.kind == draft.kind
                and not o.planned
                and 0 < o.sentence - draft.sentence <= SUMMARY_REACH
                and o.date_start is not None
                and _overlap(o, draft)
                and o.place is not None
                and _rank(o.place) < min(coarse, UCDP_WHERE_PREC[LocationPrecision.DISTRICT])
            ]
            if parts:
                for part in parts:
                    part.add_parties(draft.parties)
                    part.evidence.append(f"the {draft.kind.replace('_', ' ')} told as a whole before is this one")
                parts[0].spans.extend(draft.spans)
                parts[0].evidence.extend(draft.evidence)
                continue
        kept.append(draft)
    return kept


#: what forces that crossed the line may have done there: an incursion told with it is the same happening
_DONE_ON_INCURSION = _SPECIFIC_HOSTILE | {"armed_clash"}


def fold_incursions(incidents: list[Draft]) -> list[Draft]:
    """An incursion and the violence done in it, told in different sentences of one report ("a violent cross-border
    incursion that left 24 civilians injured" then "… forces fired rubber bullets … directly at unarmed civilians")
    are one happening, of the violence's kind, when their dates overlap and their places agree: the incursion's
    figures and place go to it."""
    return _fold(
        incidents,
        folds=lambda d: d.kind == "territory_incursion",
        into=lambda o, d: o.kind in _DONE_ON_INCURSION and o.date_start is not None,
        evidence="the incursion it was done in is this {kind}: one happening",
    )


def without_periods_named(incidents: list[Draft]) -> list[Draft]:
    """Leave out the fighting named only as a period's ("escalating hostilities along the border, intensifying since
    July 24"): a clash with no toll of its own and no other mention, dated by nothing but the day the period began (a
    specific act, "one by indirect fire", is a happening all the same)."""
    return [
        d
        for d in incidents
        if not (
            d.period_start_only
            and d.kind == "armed_clash"
            and d.killed is None
            and d.injured is None
            and not any(e.startswith("merged with") for e in d.evidence)
        )
    ]


def to_candidate(d: Draft, ids: dict[int, str], names: Mapping[str, str]) -> Candidate:
    """The draft as a :class:`Candidate`.

    ``ids`` gives each kept draft's id (to link a claim to its incident); ``names`` maps party codes
    to the names its summary uses.
    """
    place = d.place
    return Candidate(
        id=ids[id(d)],
        type=d.type,  # type: ignore[arg-type]
        kind=d.kind,
        text=_summary(d, names),
        spans=tuple(_normalise_spans(d.spans)),
        rule=d.rule,
        evidence=tuple(d.evidence),
        date_start=d.date_start,
        date_end=d.date_end,
        date_precision=d.precision.value if d.precision else None,
        place=place.place_id if place else None,
        place_name=place.name if place else None,
        lat=place.lat if place else None,
        lon=place.lon if place else None,
        location_precision=(place.precision.value if place else LocationPrecision.UNKNOWN.value)
        if d.type == "incident" or place
        else None,
        parties=tuple(d.parties),
        killed=d.killed,
        injured=d.injured,
        displaced=d.displaced,
        weapons=tuple(d.weapons),
        planned=d.planned,
        modality=d.modality,
        claimant=d.claimant,
        accused=d.accused,
        about=d.about,
        stance=d.stance,
        incident=ids.get(id(d.incident)) if d.incident is not None else None,
        sender=d.sender,
        recipients=tuple(d.recipients),
        body=d.body,
        speaker=d.speaker,
        demands=tuple(d.demands),
        agreement=d.agreement,
        provisions=tuple(d.provisions),
    )


_PRECISION_RANK = {p: i for i, p in enumerate(DatePrecision)}


def _normalise_spans(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _summary(d: Draft, names: Mapping[str, str]) -> str:
    when = summaries.when(d.date_start, d.date_end, d.precision.value if d.precision else None)
    if d.type == "incident":
        kind = d.kind.replace("_", " ")
        where = (
            f" at {d.place.name}"
            if d.place and (d.place.place_id or _place_key(d))
            else " along the border"
            if d.place and d.place.precision == LocationPrecision.BORDER
            else ""
        )
        parts = [
            f"{'Announced or threatened ' if d.planned else ''}{kind} involving "
            f"{summaries.parties(d.parties, names)}{where}, {when}"
        ]
        if d.weapons:
            parts.append(f"weapons: {', '.join(d.weapons)}")
        for name in ("killed", "injured", "displaced"):
            value = getattr(d, name)
            if value is not None:
                parts.append(f"{name}: {summaries.figure(value)}")
        return "; ".join(parts) + "."
    if d.type == "claim":
        phrase = summaries.ASSERTION_PHRASES.get(d.about or "other", "an assertion").format(
            accused=summaries.party(d.accused, names)
        )
        verb = "asserts" if d.stance == "accuses" else "counters that"
        return f"{summaries.party(d.claimant, names)} {verb} {phrase}."
    if d.type == "meeting":
        status = "planned" if d.planned else "held"
        return f"{d.body} meeting ({status}) {when}, parties: {summaries.parties(d.parties, names)}."
    if d.type == "letter":
        status = "announced" if d.planned else "sent"
        letter = d.kind.replace("_", " ").capitalize()
        sender, recipients = summaries.party(d.sender, names), summaries.parties(d.recipients, names)
        return f"{letter} letter from {sender} to {recipients} ({status})."
    if d.type == "agreement_status":
        what = d.agreement or "an agreement"
        status = {"signed": "signed or agreed", "in_force": "in force"}.get(d.kind, d.kind)
        by = summaries.parties(d.parties, names)
        return f"{'Announced: ' if d.planned else ''}{what} {status} {when}, by {by}."
    if d.type == "tally":
        counts = "; ".join(
            f"{name}: {summaries.figure(getattr(d, name))}"
            for name in ("killed", "injured", "displaced")
            if getattr(d, name) is not None
        )
        since = f" since {d.date_start.isoformat()}" if d.date_start else ""
        as_of = f" as of {d.date_end.isoformat()}" if d.date_end else ""
        return f"Total counted by {summaries.party(d.speaker, names)}{since}{as_of}: {counts}."
    if d.type == "statement":
        demands = ", ".join(summaries.DEMAND_PHRASES.get(x, x) for x in d.demands)
        tail = f" asking the parties to: {demands}" if demands else ""
        return f"Statement ({d.kind}) by {summaries.party(d.speaker, names)} {when}{tail}."
    provisions = ", ".join(p.replace("_", " ") for p in d.provisions)
    return (
        f"Reference to agreement {d.agreement}" + (f"; provisions mentioned: {provisions}" if provisions else "") + "."
    )
