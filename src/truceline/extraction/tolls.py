"""Which incident a count of people belongs to, sentence by sentence.

Killed, injured and displaced counts (:mod:`truceline.extraction.figures` tells which count a
number is) go to the nearest incident of their sentence, or of the one or two before, or make an
armed-clash "toll" incident of their own; a count told place by place after an act splits it into
one incident per place. A count is left out when the words around it make it no incident's: a
running total or a side's count with no act of its own (a tally), a count of earlier fighting or
of an earlier war, a count that the strikes of a series share.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from truceline.extraction.candidates import Figure
from truceline.extraction.document import Document, within
from truceline.extraction.drafts import Draft
from truceline.extraction.figures import CategorisedFigure, categorise
from truceline.extraction.incidents import ACROSS, OF_AN_EARLIER_WAR, ON_CIVILIANS, SAME_DAY_AS_TOLD, date_and_place
from truceline.extraction.places import PlaceMention
from truceline.extraction.scope import OLD_COUNT_DAYS, CountScope, count_scope, new_toll_after, period_after
from truceline.extraction.segments import Segment
from truceline.vocabulary import DatePrecision, IncidentKind, LocationPrecision

__all__ = ["attach_figures"]


def attach_figures(
    doc: Document, index: int, seg: Segment, incidents: list[Draft], agreement_spans: list[tuple[int, int]]
) -> None:
    carried: tuple[int, Figure] | None = None
    split = _split_by_place(doc, index, seg, incidents)
    counted_to = seg.start  # where the words of the last count read end
    counted_after = seg.start  # where the number of the last count read ends
    for quantity in within(doc.quantities, seg):
        if quantity.start in split:
            continue
        clause = doc.clause_of(seg, quantity.start)
        found = categorise(doc.text, quantity, seg.start, seg.end)
        if quantity.start < counted_to and (found is None or "," in doc.text[counted_after : quantity.start]):
            # "two people, including an 8-year-old boy, lost their lives", "At least nine people, including a baby,
            # have been killed": one of the people counted, set off by a comma, whatever word for harm follows it
            continue
        if found is not None:
            counted_to, counted_after = max(counted_to, found.end), quantity.end
        if found is None:
            if carried is None and _JOINED_COUNT.match(doc.text[quantity.end : seg.end]):
                # "three soldiers and two civilians were wounded": the first count shares the second's verb
                carried = (quantity.start, quantity.figure)
            continue
        joined, carried = carried, None
        if joined is not None and found.start - joined[0] > 150:
            joined = None
        # a sentence with no event word of its own is read whole: its cue may sit in another clause
        words = clause if incidents else seg
        scope = count_scope(words.of(doc.text), within(doc.dates, seg), doc.published, found.end - words.start)
        toll_after = new_toll_after(doc.text[found.end : seg.end])
        if toll_after and (not scope.cue or scope.cue.lower() not in doc.text[words.start : found.start].lower()):
            # "five soldiers were killed on Friday, taking the toll there to 20": the figure before the
            # new total is the day's own; the total (the count after "to") is set aside as a tally
            scope = CountScope("incident", "")
        elif scope.scope == "incident":
            period = period_after(doc.text[found.end : seg.end])
            if period is not None:
                scope = CountScope("tally", period)
            elif not incidents and _PERFECT_COUNT.search(seg.of(doc.text)):
                # "X has reported 13 deaths including five soldiers, and injuries to 70 others": a party's count
                # in the perfect, with no event of its own, counts up to now
                scope = CountScope("tally", "a party's count in the perfect, with no event of its own")
            elif not incidents and _COUNTER.search(seg.of(doc.text)) and len(_sides_counted(doc, seg)) >= 2:
                # "The regional army reported four X soldiers killed and 68 wounded, while saying 61 Y soldiers were
                # dead": a party's count of both sides' people, with no event of its own, is its tally (one per
                # population, the codebook)
                scope = CountScope("tally", "a party's count of both sides' people")
            elif not incidents and _tally_before(doc, index) and _COUNTER.search(seg.of(doc.text)):
                # "X's military said casualties include five soldiers killed. Y said nine civilians
                # died": the next party's count, with no event of its own, is a count of the same kind
                scope = CountScope("tally", "a party's count right after a total")
        if scope.scope == "incident" and _PART_OF.match(seg.of(doc.text)) and _tally_before(doc, index):
            # "… have injured 12 soldiers. Of these, four lost their legs": a part of the total just given
            scope = CountScope("part", "a part of the total given just before")
        if scope.scope == "incident" and OF_AN_EARLIER_WAR.match(doc.text, found.end, seg.end):
            # "a fighter who was killed in clashes … during the 66-day war": a count of an earlier war
            scope = CountScope("history", "a count of an earlier war, told in passing")
        if _COMPARED_WITH.search(doc.text, max(seg.start, found.start - 30), found.start):
            # "The death toll … is now higher than the 28 killed in the last major round of fighting": the count
            # compared with is another's, never counted here
            scope = CountScope("history", "a count the toll is compared with")
        if scope.scope != "incident":
            doc.set_aside.append((scope, found))
            continue
        if joined is not None:
            # counts of each side of one happening add up to its figure ("a total of 11 civilians … as well
            # as one soldier were killed": 12); counts by side of a running total stay apart (two tallies)
            found = replace(
                found,
                figure=_sum(joined[1], found.figure),
                start=joined[0],
                rule=f"{found.rule}, with the count joined before it",
            )
        target = _named_after(doc, seg, found, incidents) or (
            min(incidents, key=lambda d: abs(d.anchor - quantity.start)) if incidents else None
        )
        if target is None and _shared_by_series(doc, index, seg):
            # "The first air strike targeted … The second … ." then "… confirmed the deaths of two … in the
            # attacks": a count the strikes just told share is neither's (the codebook)
            doc.set_aside.append((CountScope("shared", "a count shared by the incidents just told"), found))
            continue
        if target is None:
            # "… when the landmine detonated, injuring the four soldiers": the incident named again
            target = doc.referred.get(index)
        if target is None and joined is not None and _party_count_after_counted(doc, index, seg, found.category):
            # "… a man who was killed when the pagoda … got hit." then "X has said that six of its soldiers
            # and 13 civilians were killed": a party's own count by population, not the figure of the incident
            # just counted (a single count after it, "the army said two soldiers were also wounded", may be)
            doc.set_aside.append((CountScope("tally", "a party's count after an incident already counted"), found))
            continue
        if target is None and _conflict_wide(doc, seg, found) and not _mines_named(doc, index):
            # "The violent fights killed more than 100 people and forced over 500,000 to leave their homes", "More
            # than 4,000 people were killed" after a strike: a count of hundreds dead or tens of thousands uprooted,
            # with no act, day or place in its sentence, is the conflict's toll (a tally), never a happening's
            # (a count of the uprooted alone is no tally of the codebook's, which counts the dead and hurt)
            # (and one right after months-old news is the earlier phase's, no tally: below)
            wide = "tally" if found.category != "displaced" or _hurt_counted(doc, seg) else "displaced"
            if _after_old_news(doc, index, seg):
                wide = "history"
            doc.set_aside.append((CountScope(wide, "a conflict-wide count with no act, day or place"), found))
            continue
        if target is None:
            target = _recent_incident(doc, index, found.category, seg)
        if target is None and _after_old_news(doc, index, seg):
            # "… reached a ceasefire in November 2024 after more than a year of attacks. More than 4,000 people
            # were killed": a toll told with months-old news, with no event or day of its own
            doc.set_aside.append((CountScope("history", "a toll right after months-old news"), found))
            continue
        if target is None and _earlier_day_told_after(doc, index, seg):
            # "… killed three people on Tuesday. On Thursday, two strikes killed three people": recalled
            doc.set_aside.append((CountScope("history", "a count of an earlier day, told after the incident"), found))
            continue
        if target is None and _THE_ATTACK.search(doc.text, seg.start, seg.end):
            # "“The X attack that targeted a car on the road to J … tonight resulted in the death of two …,” the
            # agency said": the attack just told, quoted from a statement that dates it by its own day
            target = next(
                (d for d in reversed(doc.drafts) if d.type == "incident" and 0 < index - d.sentence <= 3), None
            )
        if target is None:
            mined = _mines_named(doc, index)
            act = _per_place_of(doc, index, seg)
            target = Draft(
                "incident",
                act.kind
                if act is not None
                else (IncidentKind.LANDMINE_EXPLOSION if mined else IncidentKind.ARMED_CLASH).value,
                index,
                quantity.start,
                "casualty or displacement figures with no event word: the conflict's toll"
                + ("; mines are named around them: a mine blast" if mined else ""),
            )
            target.spans.append((clause.start, clause.start))
            date_and_place(doc, target, index, seg, agreement_spans)
            if mined:
                # a mine blast's party is the side whose people were hurt ("injuring three X soldiers");
                # who laid the mine is a claim, not a fact
                hurt = [a for a in within(doc.actors, seg) if found.start <= a.start <= found.end + 20]
                target.add_parties(doc.principals_named(hurt[:1]))
            elif act is not None:
                # "… support weapons targeted civilian areas …" then "In Ban K, …, one person was killed": the
                # act's toll at that place, by the same hands
                target.add_parties(act.parties)
                act.told_by_place = True
                head = _place_heading(doc, seg)
                if head is not None and target.place is not head:
                    target.place = head
                    target.area_ids = [
                        p.place_id
                        for p in doc.places
                        if seg.start <= p.start < seg.end and p.place_id and p is not head
                    ]
                    target.evidence.append(f"place: the place the sentence opens with ('{head.name}')")
                target.evidence.append(f"the toll at this place of the act told before ({act.rule})")
            elif (hit := _only_the_place_hit(doc, seg, target)) is not None:
                # "In the nearby village of K, eight more civilians were injured amid … tensions": no one named in
                # the sentence, no act: the side whose village it is, the one hit (the codebook: an unnamed shooter)
                target.add_parties([hit])
                target.evidence.append("parties: no one named with the count; the side the place lies in")
            else:
                target.add_parties(doc.principals_named(doc.actors))
            incidents.append(target)
            doc.drafts.append(target)
        current = getattr(target, found.category)
        if current is None or found.figure.magnitude > current.magnitude:
            setattr(target, found.category, found.figure)
        target.spans.append((found.start, found.end))
        target.evidence.append(f"figure: {found.rule} ('{doc.text[found.start : found.end]}')")


#: the words between a count and the happening it befell: "lost his leg in a landmine explosion", "wounded by the
#: shelling", "killed during an air strike"
_BEFELL_IN = re.compile(r"[^,.;]{0,30}?\b(?:in|by|from|during)\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}?$", re.IGNORECASE)


def _named_after(doc: Document, seg: Segment, found: CategorisedFigure, incidents: list[Draft]) -> Draft | None:
    """The incident of the sentence whose event words follow the count as what befell its people ("The latest clash
    occurred a day after a soldier lost his leg in a landmine explosion": the blast's, not the nearer clash's)."""
    for km in within(doc.kinds, seg):
        if km.start < found.end:
            continue
        if km.start - found.end > 60 or not _BEFELL_IN.fullmatch(doc.text, found.end, km.start):
            return None
        return next((d for d in incidents if (km.start, km.end) in d.spans), None)
    return None


#: counts no one happening of a ceasefire's fighting reaches, by category: a conflict's toll when told with no act
CONFLICT_WIDE_COUNTS = {"killed": 100, "injured": 300, "displaced": 10_000}


def _hurt_counted(doc: Document, seg: Segment) -> bool:
    """Does the sentence count people killed or hurt?"""
    return any(
        (c := categorise(doc.text, q, seg.start, seg.end)) is not None and c.category != "displaced"
        for q in within(doc.quantities, seg)
    )


def _conflict_wide(doc: Document, seg: Segment, found: CategorisedFigure) -> bool:
    """A count as large as a conflict's, in a sentence that names no day and no place finer than the border or a
    country."""
    least = found.figure.low if found.figure.low is not None else found.figure.best
    return (
        least is not None
        and least >= CONFLICT_WIDE_COUNTS.get(found.category, 10**9)
        and not within(doc.dates, seg)
        and all(p.precision in _PLACED for p in within(doc.places, seg))
    )


#: "higher than the 28 killed in …": a count another is compared with ("more than 28" with no article is a hedge)
_COMPARED_WITH = re.compile(
    r"\b(?:higher|greater|lower|fewer|more|less)\s+than\s+(?:the|those|that)\s+$", re.IGNORECASE
)
#: "… and one in the coastal city of C": a count whose word for what befell them is left out
_ELLIPTIC_COUNT = re.compile(r"\s+(?:more\s+|other\s+|others\s+)?(?:in|at|near)\b")


_PLACED = (LocationPrecision.BORDER, LocationPrecision.COUNTRY)


def _split_by_place(doc: Document, index: int, seg: Segment, incidents: list[Draft]) -> set[int]:
    """Counts each with its own place, in a sentence with no event word of its own, after strikes just told
    ("one person was killed in A, …, while six were injured in B district, … and one in the coastal city of C"):
    one incident per place, of the kind, day and parties of the strikes told before, which keep the first place
    and its count. The starts of the quantities so given are returned."""
    if incidents:
        return set()
    places = [p for p in within(doc.places, seg) if p.precision not in _PLACED]
    if len(places) < 2:
        return set()
    quantities = within(doc.quantities, seg)
    pairs: list[tuple[CategorisedFigure, PlaceMention]] = []
    category: str | None = None
    for i, quantity in enumerate(quantities):
        limit = quantities[i + 1].start if i + 1 < len(quantities) else seg.end
        place = next((p for p in places if quantity.end <= p.start <= min(limit, quantity.end + 60)), None)
        found = categorise(doc.text, quantity, seg.start, seg.end)
        if (
            found is None
            and category is not None
            and place is not None
            and _ELLIPTIC_COUNT.match(doc.text, quantity.end, place.start)
        ):
            found = CategorisedFigure(
                category, quantity.figure, quantity.start, quantity.end, f"{category}: the word of the count before"
            )
        if found is None:
            continue
        if place is None:
            return set()  # a count with no place of its own: no split by place
        category = found.category
        pairs.append((found, place))
    if len(pairs) < 2 or len({p.name for _, p in pairs}) < 2:
        return set()
    recent = next(
        (
            d
            for d in reversed(doc.drafts)
            if d.type == "incident" and (d.kind in ACROSS or d.kind == ON_CIVILIANS) and 0 < index - d.sentence <= 2
        ),
        None,
    )
    if recent is None:
        return set()
    by_place: dict[str, Draft] = {}
    for found, place in pairs:
        target = by_place.get(place.name)
        if target is None:
            if not by_place:
                target = recent
                target.killed = target.injured = None
                target.area_ids = []
                target.evidence.append("place and figures: the first of the places named with their own toll")
            else:
                target = Draft("incident", recent.kind, index, found.start, f"a toll of its own at '{place.name}'")
                target.date_start, target.date_end, target.precision = (
                    recent.date_start,
                    recent.date_end,
                    recent.precision,
                )
                target.add_parties(recent.parties)
                target.evidence.append("one incident per place named with its own toll, of the strikes told before")
                incidents.append(target)
                doc.drafts.append(target)
            target.place = place
            target.spans.append((place.start, place.end))
            by_place[place.name] = target
        setattr(target, found.category, found.figure)
        target.spans.append((found.start, found.end))
        target.evidence.append(f"figure: {found.rule} ('{doc.text[found.start : found.end]}'), at {place.name}")
    return {found.start for found, _ in pairs}


#: a count whose people are joined to a second count that has the verb: "14 soldiers and 32 …", "11 civilians,
#: including two children, as well as one soldier, were killed"
_JOINED_COUNT = re.compile(
    r"(?:\s+[\w'’-]+){0,3}?(?:,[^,.;]{1,60},)?\s*,?\s+(?:and|as\s+well\s+as|plus)\s+(?:\w+\s+)?(?:an?\s+)?"
    r"(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)",
    re.IGNORECASE,
)


def _sum(a: Figure, b: Figure) -> Figure:
    """Two counts of one happening added bound by bound; a bound only one of them gives is unknown."""
    return Figure(
        None if a.low is None or b.low is None else a.low + b.low,
        None if a.best is None or b.best is None else a.best + b.best,
        None if a.high is None or b.high is None else a.high + b.high,
    )


#: "Of these, four lost their legs", "Among them were two children": a part of the count before
_PART_OF = re.compile(r"\W*(?:Of|Among)\s+(?:these|them|those|whom)\b", re.IGNORECASE)


_PERFECT_COUNT = re.compile(
    r"\b(?:has|have)\s+(?:now\s+|so\s+far\s+)?(?:reported|recorded|counted|registered|confirmed|documented)\s+"
    r"(?:at\s+least\s+|more\s+than\s+|over\s+|nearly\s+|some\s+)?\d",
    re.IGNORECASE,
)


_COUNTER = re.compile(r"\b(?:said|says|reported|counted|recorded|confirmed)\b", re.IGNORECASE)


#: how far after a count's number the side its people belong to may be named: "61 X soldiers"
_SIDE_AFTER_NUMBER = 12


#: only a space, or one word in lower case, between the number and the side ("four X soldiers", "two more X")
_BETWEEN_NUMBER_AND_SIDE = re.compile(r"\s+(?:[a-z-]+\s+)?")


def _sides_counted(doc: Document, seg: Segment) -> set[str]:
    """The principals whose people the counts of the sentence count ("four X soldiers killed", "61 Y soldiers")."""
    sides: set[str] = set()
    for quantity in within(doc.quantities, seg):
        named = [
            a
            for a in within(doc.actors, seg)
            if 0 <= a.start - quantity.end <= _SIDE_AFTER_NUMBER
            and _BETWEEN_NUMBER_AND_SIDE.fullmatch(doc.text, quantity.end, a.start)
        ]
        sides.update(doc.principals_named(named[:1]))
    return sides


def _tally_before(doc: Document, index: int) -> bool:
    """The sentence before set a count aside as a total."""
    return any(s.scope == "tally" and doc.sentence_index(f.start) == index - 1 for s, f in doc.set_aside)


def _mines_named(doc: Document, index: int) -> bool:
    """Mines named in the sentence or the one before ("denied planting new mines … injuring three soldiers")."""
    for back in (0, 1):
        if index - back < 0:
            continue
        if _MINES.search(doc.text, doc.sentences[index - back].start, doc.sentences[index - back].end):
            return True
    return False


_MINES = re.compile(r"\b(?:land\s*-?\s*)?mines?\b|\bminefields?\b|\bPMN-?2s?\b", re.IGNORECASE)


#: a count of a day this many days or more before publication, with no event of its own, told after the
#: report's incident, is context recalled ("On Thursday, two strikes killed three people")
RECALLED_COUNT_DAYS = 3


def _after_old_news(doc: Document, index: int, seg: Segment) -> bool:
    """No date in the sentence, and every date of the sentence before lies months before publication."""
    if index == 0 or within(doc.dates, seg):
        return False
    before = within(doc.dates, doc.sentences[index - 1])
    cutoff = doc.published - dt.timedelta(days=OLD_COUNT_DAYS)
    return bool(before) and all(d.date_end < cutoff for d in before)


def _earlier_day_told_after(doc: Document, index: int, seg: Segment) -> bool:
    days = [d for d in within(doc.dates, seg) if d.precision == DatePrecision.DAY and not d.speech]
    cutoff = doc.published - dt.timedelta(days=RECALLED_COUNT_DAYS)
    told_after = any(d.type == "incident" and d.sentence < index for d in doc.drafts)
    return told_after and bool(days) and all(d.date_end <= cutoff for d in days)


def _party_count_after_counted(doc: Document, index: int, seg: Segment, category: str) -> bool:
    """A party says the count ("X has said that …", "X said") and the incident of the sentence just before
    already has its count of this kind."""
    said = _COUNTER.search(doc.text, seg.start, seg.end)
    if said is None or not any(
        a.start < said.start() and doc.principal_of.get(a.code, a.code) in doc.opposite for a in within(doc.actors, seg)
    ):
        return False
    earlier = next((d for d in reversed(doc.drafts) if d.type == "incident" and 0 < index - d.sentence <= 2), None)
    return earlier is not None and (earlier.killed is not None or earlier.injured is not None)


#: "in the attacks", "in the X air strikes": the happenings just told, together
_IN_THE_PLURAL = re.compile(
    r"\b(?:in|from|by)\s+(?:the|these|those|both)\s+(?:[A-Z][\w-]*\s+)?(?:air\s+|drone\s+)?"
    r"(?:attacks|strikes|airstrikes|raids|explosions|blasts)\b"
)


#: "The X attack that targeted a car": a definite attack with no kind of its own, named again
_THE_ATTACK = re.compile(r"\b[Tt]he\s+(?:(?-i:[A-Z])[\w-]*\s+)?(?:attack|assault|raid)\s+(?:that|which|on|against)\b")


#: how many sentences back the happenings a count "in the attacks" shares may have been told
SERIES_SENTENCES = 5


def _shared_by_series(doc: Document, index: int, seg: Segment) -> bool:
    """The sentence counts "in the attacks" told just before, and two incidents of one kind were told there."""
    if _IN_THE_PLURAL.search(doc.text, seg.start, seg.end) is None:
        return False
    recent = [d for d in doc.drafts if d.type == "incident" and 0 < index - d.sentence <= SERIES_SENTENCES]
    return len(recent) >= 2 and len({d.kind for d in recent}) == 1


_NEARBY = re.compile(
    r"\b(?:nearby|neighbou?ring|another|other)\s+(?:village|town|locality|area|district)\b|"
    r"^\W*Nearby\b",
    re.IGNORECASE,
)


#: a sentence that opens with its place: "In the Ban C area, D Subdistrict, …, two people … lost their lives"
_HEADED_BY_PLACE = re.compile(r"\W*In\s+(?:the\s+)?(?:vicinity\s+of\s+|area\s+of\s+)?")


#: how far into a sentence that opens with "In" its place may be named
_HEAD_REACH = 80


def _elsewhere(doc: Document, seg: Segment, earlier: Draft) -> bool:
    """The sentence gives its count at another locality than the incident before: one named as a neighbour of it
    ("In the nearby village of K, …", "Nearby K also reported eight injuries"), or the place the sentence opens with
    ("In Ban K, …, one person was killed"): that place's own happening."""
    if earlier.place is None:
        return False
    if _NEARBY.search(doc.text, seg.start, seg.end):
        here = [p for p in doc.places if seg.start <= p.start < seg.end and (p.fine or p.specificity <= 2)]
    elif (head := _place_heading(doc, seg)) is not None:
        here = [head]
    else:
        return False
    return bool(here) and all(p.name != earlier.place.name and p.place_id not in earlier.area_ids for p in here)


def _place_heading(doc: Document, seg: Segment) -> PlaceMention | None:
    """The locality a sentence with no event word opens with ("In the vicinity of a gas station in Ban P, …"),
    named before its first count."""
    if not _HEADED_BY_PLACE.match(doc.text, seg.start) or within(doc.kinds, seg):
        return None
    counts = [q.start for q in within(doc.quantities, seg)]
    head = [
        p
        for p in doc.places
        if seg.start <= p.start < min([seg.start + _HEAD_REACH, *counts]) and (p.fine or p.specificity <= 2)
    ]
    return head[0] if head else None


def _per_place_of(doc: Document, index: int, seg: Segment) -> Draft | None:
    """The act of the sentence or two before whose toll a sentence headed by another place gives at that place
    ("… support weapons targeted civilian areas …" then "In Ban K, …, one person was killed")."""
    if _place_heading(doc, seg) is None:
        return None
    return next(
        (
            d
            for d in reversed(doc.drafts)
            if d.type == "incident" and 0 < index - d.sentence <= 2 and d.kind != IncidentKind.ARMED_CLASH.value
        ),
        None,
    )


def _only_the_place_hit(doc: Document, seg: Segment, target: Draft) -> str | None:
    """The side a count's place lies in, when its sentence names no party and the count is of another place than
    the incident before (:func:`_elsewhere`)."""
    if within(doc.actors, seg) or target.place is None or not _NEARBY.search(doc.text, seg.start, seg.end):
        return None
    country = target.place.country
    return doc.party_of_country.get(country) if country else None


def _recent_incident(doc: Document, index: int, category: str, seg: Segment) -> Draft | None:
    """An incident of the one or two sentences before, for a count that follows it ("the other two were hurt").

    Not one of another day: "clashed on Saturday … five soldiers were killed on Friday" are two days' events.
    """
    # "earlier in the day" is the day of what was told, not a day of its own
    days = [
        d
        for d in within(doc.dates, seg)
        if d.precision == DatePrecision.DAY
        and not d.speech
        and not SAME_DAY_AS_TOLD.fullmatch(doc.text, d.start, d.end)
    ]
    for earlier in reversed(doc.drafts):
        if earlier.type != "incident":
            continue
        # an incident named again ("… were killed in the X strike on the village of V") was last told there:
        # "the two were killed in an attack on a sawmill in V", just after, is its count again
        told = max([earlier.sentence, *(i for i, d in doc.referred.items() if d is earlier and i < index)])
        if index - told > 2:
            continue
        if days and earlier.date_start is not None:
            end = earlier.date_end or earlier.date_start
            if not any(d.date_start <= end and earlier.date_start <= d.date_end for d in days):
                continue
        if _elsewhere(doc, seg, earlier):
            continue  # "In the nearby village of K, eight more civilians were injured …": another place's count
        # a clash at a named place ("another clash occurred in the C area") is as specific as a strike
        placed = earlier.place is not None and earlier.place.precision != LocationPrecision.BORDER
        if earlier.kind != IncidentKind.ARMED_CLASH.value or placed or getattr(earlier, category) is not None:
            earlier.evidence.append("figure from a following sentence")
            return earlier
    return None
