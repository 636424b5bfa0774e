"""Incidents and their figures, sentence by sentence.

The event words outside the stretches claimed by agreement names, statements and letters become
incidents, one per kind per sentence, with the actors and weapons of their conjunct; each is
given the nearest date (a date attached to "said" only as a fallback; none: the last incident
date of the text; none: the month before publication) and the most precise nearby place (none:
the place of an incident one or two sentences before; none: the border, when the text speaks of
one). Which incident a count belongs to is :mod:`truceline.extraction.tolls`. "The blast
happened on Monday in …" gives its date and place to the incident named just before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace

from truceline.extraction.claims import agent_of_act
from truceline.extraction.dates import SINCE_BEFORE, DateMention, opens_a_period
from truceline.extraction.document import Document, within
from truceline.extraction.drafts import FOLDS_INTO, Draft, absorb
from truceline.extraction.kinds import WEAPON_KIND, modality
from truceline.extraction.places import LOCALITY_RULE, PlaceMention
from truceline.extraction.segments import Segment, conjunct
from truceline.vocabulary import UCDP_WHERE_PREC, DatePrecision, IncidentKind, LocationPrecision

__all__ = ["date_and_place", "find_incidents", "follow_anaphor", "infer_parties"]


#: a time of day ("at 8:20 a.m. local time", "at about 10am", "0200 GMT"): with no day named, the day of the report
_CLOCK = re.compile(r"\b\d{1,2}(?:[:.]\d{2})?\s*(?:a\.?m\b\.?|p\.?m\b\.?)|\b\d{4}\s*(?:GMT|UTC)\b", re.IGNORECASE)
#: "during the recent fighting", "in the earlier clashes": an event recalled in passing, not a new one
_EARLIER_FIGHTING = re.compile(
    r"\b(?:during|in|since|after|following|before)\s+(?:the\s+|an?\s+)?(?:recent|earlier|previous|past|prior|former|last)\s+"
    r"(?:\w+\s+){0,2}?$"
    # "In response to the ongoing clashes, the governor …": the phase the report is written in, no happening of its own
    r"|\b(?:amid(?:st)?|in\s+response\s+to|despite|given|because\s+of|due\s+to)\s+(?:the\s+)?(?:ongoing|continuing|current)\s+"
    r"(?:\w+\s+){0,2}?$",
    re.IGNORECASE,
)
#: "a fighter who was killed in clashes with X … during the 66-day war": fighting of an earlier war, told after it
OF_AN_EARLIER_WAR = re.compile(
    r"[^.;]{0,80}?\bduring\s+(?:the\s+|last\s+year['’]s\s+)(?:[\w-]+\s+){0,3}?war\b", re.IGNORECASE
)
#: "since fresh fighting began on Sunday", "since the beginning of the clashes on December 7": the start of a
#: count's period, not an event of its own
_PERIOD_START_BEFORE = re.compile(
    r"\bsince\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?$|\b(?:since|from)\s+the\s+(?:beginning|start|outbreak|onset)\s+of\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}?$",
    re.IGNORECASE,
)
_PERIOD_START_AFTER = re.compile(r"\s+(?:began|begun|started|erupted|resumed|broke\s+out|reignited|flared)\b", re.I)
#: "It was the third time in the past three weeks that soldiers have been injured by mines": a count of
#: occurrences over a period, not an event of its own
_NTH_TIME = re.compile(
    r"\bthe\s+(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+"
    r"(?:time|such\s+\w+)\b"
    # "X forces have breached its terms more than 1,000 times, conducting airstrikes, artillery shelling …":
    # a count of acts over a period, no one of them
    r"|\b(?:more\s+than\s+|over\s+|nearly\s+|almost\s+|at\s+least\s+)?\d[\d,]*\s+times\b",
    re.IGNORECASE,
)
#: "interceptor missiles": weapons that stop fire, not fire
_INTERCEPTOR_BEFORE = re.compile(r"\binterceptors?\s+$", re.IGNORECASE)
_SIGNS_OF = re.compile(r"\b(?:signs?|indications?)\s+of\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_RANGE_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$")
_RANGE_TO = re.compile(r"(?:\s+(?:sector|area|front|base|district|province))?\s+to\s+(?:the\s+)?[A-Z]")
_OVER_A_PERIOD_AFTER = re.compile(
    r"\s+(?:in|during|over|of)\s+(?:the\s+)?(?:past|last|recent)\s+(?:\w+\s+)?(?:week|weeks|days|months)\b",
    re.IGNORECASE,
)
#: "firmly rejected X media reports claiming a Y spy was arrested": the happening the rejected reports tell
_IN_REPORTS_REJECTED = re.compile(
    r"\b(?:rejected|rejects|denied|denies|dismissed|dismisses|refuted|refutes)\s+(?:[\w'’-]+\s+){0,4}?"
    r"(?:reports?|claims?|allegations?|accounts?)\s+(?:claiming|alleging|saying|suggesting|that)\b[^.;]*$",
    re.IGNORECASE,
)
#: "repeated X ceasefire violations, including airstrikes and shelling in L": kinds of acts a run of violations is
#: made of, no one act
_EXAMPLES_OF_VIOLATIONS = re.compile(
    r"\b(?:violations|breaches|attacks)\s*,?\s+(?:including|such\s+as)\s+(?:[\w-]+\s*,?\s+(?:and\s+)?){0,4}$",
    re.IGNORECASE,
)
#: "Instead, it has intensified airstrikes and the bombardment of border towns and cities, killing 21 civilians":
#: attacks stepped up over a period, in the perfect, are the period's, no happening of their own
_STEPPED_UP_BEFORE = re.compile(
    r"\b(?:has|have)\s+(?:since\s+|further\s+|repeatedly\s+)?(?:intensified|stepped\s+up|escalated|ramped\s+up)\s+"
    r"(?:its\s+|their\s+|the\s+)?(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
#: "had even trained its artillery and rockets on the airport": weapons aimed, not fired, are no happening
_AIMED_BEFORE = re.compile(
    r"\b(?:trained|aimed|pointed)\s+(?:its|their|the|his)\s+(?:[\w-]+\s+(?:and\s+)?){0,2}$", re.IGNORECASE
)
_WEEKS_OF = re.compile(r"\b(?:days|weeks?|months?|years|rounds)\s+of\s+(?:[\w-]+\s+){0,2}?$", re.IGNORECASE)
#: "in three weeks of fighting with artillery, tanks, drones and jets": the arms of a period of fighting, no act
_WEAPONS_OF_A_PERIOD = re.compile(
    r"\b(?:days|weeks|months|years)\s+of\s+(?:[\w-]+\s+){0,2}?(?:fighting|clashes|combat|war|hostilities)\s+"
    r"(?:with|using|involving)\b[^.;:]*$",
    re.IGNORECASE,
)
#: "the fiercest fighting since a five-day conflict in July": the date after it is the comparison's, not the event's
_SUPERLATIVE_SINCE = re.compile(
    r"\b(?:fiercest|worst|heaviest|deadliest|bloodiest|biggest|largest|most\s+\w+)\s+(?:[\w-]+\s+){0,3}?since\b",
    re.IGNORECASE,
)
#: "marking the second day of renewed violence", "as the fighting entered its third day": the report's own day
_NTH_DAY = re.compile(
    r"\b(?:marking|mark|marks|entered|entering|enters|into|for)\s+(?:its|the|a)\s+"
    r"(?:second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|\d+(?:st|nd|rd|th))\s+"
    r"(?:straight\s+|consecutive\s+|successive\s+)?day\b",
    re.IGNORECASE,
)
#: "at 4.20pm on the same day", "later that day": a time on a day named before, not the day of the report
_SAME_DAY = re.compile(r"\b(?:the\s+same|that)\s+day\b", re.IGNORECASE)
#: precisions of a place that can stand as the coarse context of a locality kept as text
_COARSE = (LocationPrecision.DISTRICT, LocationPrecision.PROVINCE)

#: a definite or day-possessive mention right before the event word: "the clashes", "Thursday's clashes", "The
#: 10-minute clash" (a duration is no other happening)
_DEFINITE = re.compile(
    r"(?:\b(?:[Tt]he|[Tt]hese|[Tt]hose)\s+(?:[A-Z][\w-]*\s+|\d+-(?:minute|hour|day)\s+)?|\b(?P<day>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)['’]s\s+"
    r"(?:\([^)]*\)\s+)?)$"
)
#: kinds of fire from one side onto the other: the side hit is a party too
ACROSS = frozenset(k.value for k in (IncidentKind.SHELLING, IncidentKind.AIR_STRIKE, IncidentKind.DRONE_STRIKE))
#: "another drone strike", "a second strike": one more of the kind just reported, by the same hands
_ANOTHER = re.compile(
    r"\b(?:another|a\s+second|a\s+further|a\s+separate|the\s+(?:second|third|fourth|fifth)\s+[\w-]+)\b", re.IGNORECASE
)
#: "The first air strike targeted a car in T. The second air strike targeted a water tanker near A": the place of
#: an incident in a series the text numbers, right before its event words
_ORDINAL = re.compile(r"\b[Tt]he\s+(?P<n>first|second|third|fourth|fifth)\s+$")
_ANOTHER_OF_KIND = re.compile(
    r"\b(?:another|a\s+separate|(?:two|three|four|\d+)\s+(?:additional|more|further|other|separate))\s+[\"“]?"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
#: event words that open with their number in a series: "The second strike"
_ORDINAL_OPENS = re.compile(r"[Tt]he\s+(?P<n>first|second|third|fourth|fifth)\s")
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5}
#: "The attacks were followed by further shelling and drone-led bombing raids …": what goes on from the
#: incident just reported, by the same hands (any kind)
#: a party named as where fire fell ("a drone strike in southern L", "rockets fired into X territory"):
#: the party hit, which says nothing of who fired
_WHERE_BEFORE = re.compile(
    r"\b(?:in|into|on|at|over|inside|within|towards?|against)\s+(?:the\s+)?"
    r"(?:(?:southern|northern|eastern|western|south|north|east|west|central)\s+)?$",
    re.IGNORECASE,
)
#: a side's name used for its weapon or act: "the X drone", "an X enemy strike", "X warplanes"
_WEAPON_AFTER = re.compile(
    r"\s+(?:enemy\s+)?(?:drones?|strikes?|air\s*-?\s*strikes?|airstrikes?|raids?|shelling|artillery|warplanes?|jets?"
    r"|aircraft|bombardment|missiles?|rockets?)\b",
    re.IGNORECASE,
)
#: a party held to account in what is said ("holds L responsible for missile fire"): the claim's accused,
#: never the shooter the words of the act name
#: a party named as who speaks ("Defence Minister X said", "X holds …"): not, by that, who fired
_SPEAKS_AFTER = re.compile(
    r"(?:\s+\S+){0,2}?\s+(?:said|says|told|stated|announced|holds|held|accused|blamed|condemned|denied)\b",
    re.IGNORECASE,
)
_HELD_RESPONSIBLE = re.compile(r"\b(?:hold|holds|holding|held)\s+$", re.IGNORECASE)
#: a party that intercepts fire ("The X air force intercepted three rockets fired from L"): the side fired at
_INTERCEPTS_AFTER = re.compile(r"(?:\s+[\w-]+){0,3}?\s+(?:intercepted|intercepts|shot\s+down|downed)\b", re.IGNORECASE)
#: a party named as where fire came from: "fired from L", "launched from the L territory", "from southern L"
_FROM_BEFORE = re.compile(
    r"\bfrom\s+(?:the\s+)?(?:(?:southern|northern|eastern|western|south|north|east|west|central)\s+)?$", re.IGNORECASE
)
#: "holds L responsible for missile fire", "held X accountable": who answers for fire, not who fired it
_HOLDS_TO_ACCOUNT = re.compile(
    r"\b(?:hold|holds|holding|held)\s+(?:\S+\s+){1,4}?(?:fully\s+)?(?:responsible|accountable)\b", re.IGNORECASE
)
_RESPONSIBLE_AFTER = re.compile(r"\s+(?:fully\s+)?(?:responsible|accountable)\b", re.IGNORECASE)

_ANSWERED = re.compile(
    r"\b(?:respond(?:ing|ed)\s+to|in\s+response\s+to|in\s+retaliation\s+for|retaliat(?:ing|ed)\s+for)\s+$",
    re.IGNORECASE,
)
#: the fighting a running toll is counted over, named as its subject: "exchanges that have left 48 dead"
_RUNNING_TOLL_AFTER = re.compile(
    r"(?:\s+\w+){0,5}?\s+that\s+(?:has|have)\s+(?:now\s+|so\s+far\s+)?(?:killed|left|claimed)\b", re.IGNORECASE
)
_SPOKEN_FROM = re.compile(
    r"\W*(?:At|In|From)\s+(?P<where>[^,.;]{1,60}),\s+(?:[\w'’-]+\s+){0,6}?"
    r"(?:briefed|said|told|says|spoke|announced|addressed|stated|declared)\b"
)
_AFTER_IT = re.compile(r"\b(?:after|following)\s+(?:an?|the)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s\b")
#: "The fighting began after X recalled its ambassador … late on July 23": a day told after what set the act off is
#: that cause's day
_BEGAN_AFTER = re.compile(
    r"\b(?:began|begun|started|erupted|broke\s+out|flared(?:\s+up)?|was\s+triggered|came)\s+(?:\w+\s+)?"
    r"(?:after|following)\s+(?!midnight|dawn|noon|\d)",
    re.IGNORECASE,
)
SAME_DAY_AS_TOLD = re.compile(r"(?:earlier|later)\s+in\s+the\s+day", re.IGNORECASE)
_FOLLOWED = re.compile(r"\b(?:were|was)\s+followed\s+by\b|\bfollowed\s+up\s+with\b", re.IGNORECASE)

_ANAPHOR = re.compile(
    r"\b[Tt]he\s+(?:(?:latest|last|same|deadly|fatal)\s+)?(?:blast|explosion|attack|strike|air\s*strike|incident|clash|clashes|shelling|fighting"
    r"|confrontation|skirmish|exchange|firefight|gunfight)s?\b"
)
_WHOLE_PERIODS = (DatePrecision.MONTH, DatePrecision.YEAR)
#: the kinds a noun naming an incident again can stand for ("the blast": a mine blast or fire that exploded)
_ANAPHOR_KINDS: dict[str, frozenset[str]] = {
    "blast": frozenset({"landmine_explosion", "shelling", "air_strike", "drone_strike"}),
    "explosion": frozenset({"landmine_explosion", "shelling", "air_strike", "drone_strike"}),
    "strike": ACROSS,
    "shelling": frozenset({"shelling"}),
    "clash": frozenset({"armed_clash"}),
    "fighting": frozenset({"armed_clash"}),
    "skirmish": frozenset({"armed_clash"}),
    "exchange": frozenset({"armed_clash"}),
    "firefight": frozenset({"armed_clash"}),
    "gunfight": frozenset({"armed_clash"}),
    "confrontation": frozenset({"armed_clash"}),
}
#: "wounded in Thursday's fighting there": the place of the incident just reported
_THERE = re.compile(r"\bthere\b")


def _period_start(text: str, seg: Segment, start: int, end: int) -> bool:
    """The event word names when a count's period began ("since fresh fighting began on Sunday")."""
    before = _PERIOD_START_BEFORE.search(text, max(seg.start, start - 45), start)
    if before is None:
        return False
    return (
        "beginning" in before.group(0)
        or "start" in before.group(0)
        or "outbreak" in before.group(0)
        or ("onset" in before.group(0) or _PERIOD_START_AFTER.match(text, end) is not None)
    )


def find_incidents(
    doc: Document, index: int, seg: Segment, scopes: list[tuple[int, int]], agreement_spans: list[tuple[int, int]]
) -> list[Draft]:
    by_kind: dict[str, Draft] = {}
    sentence_kinds = {k.kind for k in within(doc.kinds, seg)}
    for km in within(doc.kinds, seg):
        if any(s <= km.start < e for s, e in scopes + agreement_spans):
            continue
        if _EARLIER_FIGHTING.search(doc.text, max(seg.start, km.start - 45), km.start):
            continue  # "facing mines planted before withdrawing during the recent fighting": not a new event
        if OF_AN_EARLIER_WAR.match(doc.text, km.end, seg.end):
            continue  # "killed in clashes with X in the town of T during the 66-day war": an earlier war
        if _period_start(doc.text, seg, km.start, km.end):
            continue
        if _RUNNING_TOLL_AFTER.match(doc.text, km.end, seg.end):
            continue  # "renewed artillery exchanges that have left at least 48 people dead": the period a toll counts
        if _SIGNS_OF.search(doc.text, max(seg.start, km.start - 40), km.start):
            continue  # "reported signs of X troop reinforcements": what was read as coming, no happening
        if _OVER_A_PERIOD_AFTER.match(doc.text, km.end, seg.end):
            continue  # "the first civilian death attributed to combat in the past week": a period, no happening
        if _IN_REPORTS_REJECTED.search(doc.text, max(seg.start, km.start - 160), km.start):
            continue  # "rejected X media reports claiming a spy was arrested in B": what the rejected reports tell
        if _EXAMPLES_OF_VIOLATIONS.search(doc.text, max(seg.start, km.start - 80), km.start):
            continue  # "accusations of repeated X ceasefire violations, including airstrikes and shelling": examples
        if _AIMED_BEFORE.search(doc.text, max(seg.start, km.start - 50), km.start):
            continue  # "had even trained its artillery and rockets on the airport and a hospital": aimed, not fired
        if _STEPPED_UP_BEFORE.search(doc.text, max(seg.start, km.start - 60), km.start):
            continue  # "it has intensified airstrikes and the bombardment of border towns": a period's attacks
        if _WEEKS_OF.search(doc.text, max(seg.start, km.start - 40), km.start):
            continue  # "in three weeks of fighting", "two rounds of destructive combat": periods, no happening
        if _WEAPONS_OF_A_PERIOD.search(doc.text, max(seg.start, km.start - 80), km.start):
            continue  # "killed … in three weeks of fighting with artillery, tanks, drones and jets": a period's arms
        if _INTERCEPTOR_BEFORE.search(doc.text, max(seg.start, km.start - 25), km.start):
            continue  # "the X interceptor missiles had exploded in the skies over L": a defence against fire, no fire
        if _NTH_TIME.search(doc.text, seg.start, km.start):
            continue  # "the third time in three weeks that soldiers were hurt by mines": a frequency
        if _MISSILE.fullmatch(doc.text, km.start, km.end) and sentence_kinds & _FROM_ABOVE:
            continue  # "a drone fired a missile at a vehicle": the drone's weapon, not shelling
        if (
            _MISSILE.fullmatch(doc.text, km.start, km.end)
            and _ITS_MISSILE.search(doc.text, max(seg.start, km.start - 30), km.start)
            and any(d.type == "incident" and d.kind in _FROM_ABOVE_KINDS and d.sentence < index for d in doc.drafts)
        ):
            continue  # "… when the missile landed", "hit a car “with a guided missile”": the strike just told
        if (
            _MISSILE.fullmatch(doc.text, km.start, km.end)
            and _FIRED_FROM_ABOVE.match(doc.text, km.end, seg.end)
            and any(d.type == "incident" and d.kind in _FROM_ABOVE_KINDS and d.sentence < index for d in doc.drafts)
        ):
            continue  # "Two precision-guided missiles fired from the unmanned aircraft hit a vehicle": the strike told
        if (
            _MISSILE.fullmatch(doc.text, km.start, km.end)
            and _AT_THE_TARGET.match(doc.text, km.end, seg.end)
            and any(
                d.type == "incident" and d.kind in _FROM_ABOVE_KINDS and 0 < index - d.sentence <= 1 for d in doc.drafts
            )
        ):
            continue  # "… a drone attack struck a car …" then "two guided missiles were launched at the vehicle"
        clause = doc.clause_of(seg, km.start)
        mode = modality(doc.text, clause.start, km.start)
        if mode == "demanded":
            continue
        # a second mention in a sentence that already tells of its own incident of this kind is that one
        referred = None if km.kind.value in by_kind else _refers_back(doc, index, seg, km.start, km.kind.value)
        if referred is not None:
            doc.referred.setdefault(index, referred)
            _place_of_mention(doc, referred, index, seg, km.start, agreement_spans)
            continue
        conj = conjunct(doc.text, seg, km.start, km.end)
        draft = by_kind.get(km.kind.value)
        if draft is None:
            draft = Draft("incident", km.kind.value, index, km.start, f"event words '{doc.text[km.start : km.end]}'")
            draft.modality = mode
            draft.planned = mode == "declared"
            numbered = _ORDINAL.search(doc.text, max(seg.start, km.start - 20), km.start)
            if numbered is not None:
                draft.ordinal = _ORDINALS[numbered.group("n")]
            elif _ANOTHER_OF_KIND.search(doc.text, max(seg.start, km.start - 30), km.start) or doc.text[
                km.start : km.end
            ].lower().startswith(("another", "a separate")):
                # "The agency had earlier reported another X drone strike near the town of A": one more of the kind
                # just told, never that one again
                before = next(
                    (
                        d
                        for d in reversed(doc.drafts)
                        if d.type == "incident"
                        and d.kind in _SAME_HAPPENING.get(km.kind.value, {km.kind.value}) | {km.kind.value}
                    ),
                    None,
                )
                if before is not None:
                    before.ordinal = before.ordinal or 1
                    draft.ordinal = before.ordinal + 1
            by_kind[km.kind.value] = draft
        draft.spans.append((km.start, km.end))
        draft.evidence.append(f"trigger '{km.trigger}': '{doc.text[km.start : km.end]}' ({mode})")
        in_conjunct = within(doc.actors, conj)
        if not in_conjunct and not draft.parties:
            # "its forces escalated the attack and carried out airstrikes": the subject of the clause
            # acts in each of its conjuncts
            # (the subject, not the side hit named before the event words: "X forces have launched continuous
            # attacks on Y positions, using BM-21 launchers …")
            named_before = [a for a in within(doc.actors, clause) if a.end <= km.start]
            subjects = [
                a for a in named_before if not _WHERE_BEFORE.search(doc.text, max(seg.start, a.start - 30), a.start)
            ]
            in_conjunct = (subjects or named_before)[-1:]
        if (
            in_conjunct
            and not draft.parties
            and all(_WHERE_BEFORE.search(doc.text, max(seg.start, a.start - 30), a.start) for a in in_conjunct)
        ):
            # "the IDF carried out artillery strikes, followed by two waves of airstrikes on H targets": a conjunct
            # that names only the side hit is acted by the subject of its clause
            subject = [
                a
                for a in within(doc.actors, doc.clause_of(seg, km.start))
                if a.end <= km.start
                and a not in in_conjunct
                and doc.principal_of.get(a.code, a.code) in doc.opposite
                and not _WHERE_BEFORE.search(doc.text, max(seg.start, a.start - 30), a.start)
                and not _SPEAKS_AFTER.match(doc.text, a.end, seg.end)
            ]
            in_conjunct = subject[-1:] + in_conjunct
        answered = _ANSWERED.search(doc.text, max(seg.start, km.start - 30), km.start)
        if answered is not None:
            # "X launched strikes on L in response to rocket attacks aimed at its territory": the side that answers
            # was hit by the act it answers, and where its own strikes fell says nothing of that act; only a party
            # named after the words ("in response to rocket fire by H") fired it
            in_conjunct = [a for a in in_conjunct if a.start >= km.end]
            answering = next(
                (
                    a
                    for a in within(doc.actors, seg)
                    if a.end <= answered.start()
                    and doc.principal_of.get(a.code, a.code) in doc.opposite
                    and not _WHERE_BEFORE.search(doc.text, max(seg.start, a.start - 30), a.start)
                ),
                None,
            )
            if not in_conjunct and answering is not None and answering.code not in draft.parties:
                draft.not_shooters.append(answering.code)
                draft.add_parties([answering.code])
                draft.evidence.append("parties: the side that answers an act was hit by it")
        for actor in in_conjunct:
            if km.kind.value == _MINE_BLAST and (
                agent_of_act(doc.text, actor.start) or _MINE_OF.match(doc.text, actor.end, seg.end)
            ):
                # "injured by landmines planted by X", "stepping on an X mine": who laid the mine is a claim, not a
                # party (the codebook: a mine blast's party is the side whose people it hurt)
                continue
            if _HELD_RESPONSIBLE.search(doc.text, max(seg.start, actor.start - 10), actor.start) and (
                _RESPONSIBLE_AFTER.match(doc.text, actor.end)
            ):
                continue  # "holds L responsible for missile fire": a claim's accused, not who fired
            if doc.principal_of.get(actor.code, actor.code) in doc.answering and _FROM_BEFORE.search(
                doc.text, max(seg.start, actor.start - 30), actor.start
            ):
                # "rockets fired from L toward M", where L answers for armed groups other than its own forces: where the
                # fire came from names no shooter (the codebook's unnamed shooter)
                continue
            if (
                (
                    _WHERE_BEFORE.search(doc.text, max(seg.start, actor.start - 30), actor.start)
                    # "wounded in the X drone targeting … of a car": the side named with its weapon is who fired
                    and not _WEAPON_AFTER.match(doc.text, actor.end)
                )
                or _SPEAKS_AFTER.match(doc.text, actor.end, seg.end)
                or _INTERCEPTS_AFTER.match(doc.text, actor.end, seg.end)
            ):
                if actor.code not in draft.parties and actor.code not in draft.not_shooters:
                    draft.not_shooters.append(actor.code)
            elif actor.code in draft.not_shooters:
                draft.not_shooters.remove(actor.code)
            draft.add_parties([actor.code])
            draft.spans.append((actor.start, actor.end))
        for weapon in within(doc.weapons, conj):
            implied = WEAPON_KIND.get(weapon.name)
            if implied is not None and implied != km.kind and implied in sentence_kinds:
                continue
            if weapon.name not in draft.weapons:
                draft.weapons.append(weapon.name)
                draft.spans.append((weapon.start, weapon.end))
    drafts = list(by_kind.values())
    referred = doc.referred.get(index)
    if referred is not None:
        # "The rocket severely damaged seven homes": what the incident named again did is part of it
        for draft in [
            d
            for d in drafts
            if d.kind in FOLDS_INTO
            and referred.kind in FOLDS_INTO[d.kind]
            # "With the airstrikes, the military said it was responding to an attack by X …": what it answers is
            # another happening, not part of the one named again
            and not _ANSWERED.search(doc.text, max(seg.start, d.anchor - 30), d.anchor)
        ]:
            drafts.remove(draft)
            referred.spans.extend(draft.spans)
            referred.evidence.append(f"what the incident named again did ({draft.rule}) is part of it")
    for draft in drafts:
        if draft.kind == _MINE_BLAST:
            hurt = _hurt(doc, seg)
            if hurt is not None and set(draft.parties) != {hurt}:
                # a mine blast's party is the side whose people it hurt; who laid the mine is a claim
                draft.parties = [hurt]
                draft.evidence.append("parties: the side whose people the blast hurt")
        date_and_place(doc, draft, index, seg, agreement_spans)
        if not draft.parties and _ANOTHER.search(seg.of(doc.text)):
            earlier = next(
                (d for d in reversed(doc.drafts) if d.type == "incident" and d.kind == draft.kind and d.parties), None
            )
            if earlier is not None:
                draft.add_parties(earlier.parties)
                draft.evidence.append("parties: 'another' of the same kind, those of the one before")
        if not draft.parties and _FOLLOWED.search(seg.of(doc.text)):
            earlier = next(
                (
                    d
                    for d in reversed(doc.drafts)
                    if d.type == "incident" and d.parties and 0 < index - d.sentence <= 2 and d is not draft
                ),
                None,
            )
            if earlier is not None:
                draft.add_parties(earlier.parties)
                draft.evidence.append("parties: the attacks go on from the incident before, by the same hands")
        # a party named only as where the fire fell is the party hit: with no shooter named, it stays the only
        # party (the codebook's unnamed shooter); the words of the act, not the place it hit, name who fired
        # a force or ministry acts for its principal ("<side> forces demolished …": that state's forces)
        acting = list(
            dict.fromkeys(
                doc.principal_of.get(p, p)
                for p in draft.parties
                if doc.principal_of.get(p, p) in doc.opposite and p not in draft.not_shooters
            )
        )
        if acting and _fired_on_a_third_party(doc, seg):
            # "X forces opened fire on one of its patrols operating inside L territory", said by a peacekeeping force:
            # the side hit is no principal, so the act is the shooter's alone (the codebook), and neither the country
            # where it fell nor who speaks of it is a party
            draft.parties = [p for p in draft.parties if p not in draft.not_shooters]
            draft.evidence.append("parties: fire on an observer or peacekeeping force: the shooter only")
            continue
        # "<one side's> fire hit civilian areas": what one side fires falls on the other side
        falls_on_other = (
            "parties: fire by one side of a two-party conflict falls on the other"
            if draft.kind in ACROSS
            else "parties: an attack by one side of a two-party conflict on civilians hits the other's"
            if draft.kind == ON_CIVILIANS
            # "X forces demolished a building used as a school on the outskirts of the town of T": what one side
            # destroys is the other's
            else "parties: property one side of a two-party conflict destroys is the other's"
            if draft.kind == IncidentKind.PROPERTY_DESTRUCTION.value
            else None
        )
        named = {doc.principal_of.get(p, p) for p in draft.parties}
        if falls_on_other and len(acting) == 1 and doc.opposite[acting[0]] not in named:
            draft.add_parties([doc.opposite[acting[0]]])
            draft.evidence.append(falls_on_other)
        if draft.kind == IncidentKind.ARMED_CLASH.value or not draft.parties:
            principals = doc.principals_named(doc.actors)
            if draft.kind == IncidentKind.ARMED_CLASH.value and principals:
                draft.add_parties(principals)
                draft.evidence.append("parties: an armed clash involves the principals named in the text")
    doc.drafts.extend(drafts)
    return drafts


#: the people of a third party fired at: its peacekeepers, patrols, convoys, observers
_THIRD_PARTY_PEOPLE = re.compile(r"\b(?:peacekeep\w*|patrols?|convoys?|observers?|monitors)\b", re.IGNORECASE)


def _fired_on_a_third_party(doc: Document, seg: Segment) -> bool:
    """The sentence tells of fire on a third party's people: it names its patrols, peacekeepers or observers, and it
    or the sentence before names a party that is no principal (an observer mission, a peacekeeping force)."""
    index = doc.sentences.index(seg)
    told = Segment(doc.sentences[index - 1].start, seg.end) if index > 0 else seg
    third = [
        a for a in within(doc.actors, told) if a.code and doc.principal_of.get(a.code, a.code) not in doc.principals
    ]
    return bool(third) and _THIRD_PARTY_PEOPLE.search(doc.text, seg.start, seg.end) is not None


#: a word for people hurt, then who they were: "wounded four X soldiers", "injuring three X troops"
_HURT_VERB = re.compile(
    r"\b(?:wound(?:ed|ing)|injur(?:ed|ing)|maim(?:ed|ing)|kill(?:ed|ing)|hurt(?:ing)?)\b", re.IGNORECASE
)
_PEOPLE = re.compile(
    r"\b(?:soldiers?|troops|civilians?|villagers?|rangers|marines|personnel|servicem[ae]n|patrol)\b", re.IGNORECASE
)


_OF_ITS_OWN = re.compile(
    r"\s+(?:\w+\s+){0,2}?of\s+(?:its|their)\s+(?:own\s+)?(?:soldiers|troops|rangers|marines|personnel|citizens|civilians)\b",
    re.IGNORECASE,
)


#: the people an actor word names, then a passive word for their being hurt: "A X soldier was wounded by …",
#: "three X rangers were injured", "a X soldier stepped on a mine"
_HURT_PASSIVE = (
    # "three X soldiers on patrol were wounded": where they were, between the people and their being hurt
    r"(?:(?:on|in|at)\s+(?:\w+\s+){1,2}?)?"
    r"(?:(?:was|were|had\s+been|have\s+been|has\s+been|got)\s+(?:\w+\s+)?(?:wounded|injured|maimed|killed|hurt)"
    r"|stepped\s+on)\b"
)
_PEOPLE_WORDS = r"(?:soldiers?|troops|civilians?|villagers?|rangers?|marines?|personnel|servicem[ae]n)"
_HURT_AFTER = re.compile(rf"\s+(?:[\w-]+\s+){{0,2}}?{_PEOPLE_WORDS}\s+{_HURT_PASSIVE}", re.IGNORECASE)
#: an actor word that is itself the people ("X soldiers"), then their being hurt
_ACTOR_PEOPLE = re.compile(rf"{_PEOPLE_WORDS}$", re.IGNORECASE)
_HURT_RIGHT_AFTER = re.compile(rf"\s+{_HURT_PASSIVE}", re.IGNORECASE)


def _hurt(doc: Document, seg: Segment) -> str | None:
    """The principal whose people a sentence says were hurt ("an explosion that wounded four X soldiers",
    "a X soldier was wounded by a landmine")."""
    actors = within(doc.actors, seg)
    for verb in _HURT_VERB.finditer(doc.text, seg.start, seg.end):
        if actors and _OF_ITS_OWN.match(doc.text, verb.end(), seg.end):
            # "X has suspended … after a landmine blast injured two of its soldiers": the subject's people
            principal = doc.principal_of.get(actors[0].code, actors[0].code)
            if principal in doc.opposite and actors[0].start < verb.start():
                return principal
        for actor in actors:
            if verb.end() <= actor.start <= verb.end() + 25 and _PEOPLE.search(doc.text, actor.start, actor.end + 12):
                principal = doc.principal_of.get(actor.code, actor.code)
                if principal in doc.opposite:
                    return principal
    for actor in actors:
        people = _ACTOR_PEOPLE.search(doc.text, actor.start, actor.end)
        if _HURT_AFTER.match(doc.text, actor.end, seg.end) or (
            people and _HURT_RIGHT_AFTER.match(doc.text, actor.end, seg.end)
        ):
            principal = doc.principal_of.get(actor.code, actor.code)
            if principal in doc.opposite:
                return principal
    return None


def _place_of_mention(
    doc: Document, earlier: Draft, index: int, seg: Segment, anchor: int, agreement_spans: list[tuple[int, int]]
) -> None:
    """ "Reporters reached the site of Sunday's rocket impact in D district": a later mention of an incident
    names its place; it gives the incident that place when more precise than the one it has."""
    probe = Draft("incident", earlier.kind, index, anchor, "a later mention of the incident")
    last = doc.last_incident_date
    date_and_place(doc, probe, index, seg, agreement_spans)
    doc.last_incident_date = last
    place = probe.place
    if place is None or (place.place_id is None and place.rule != LOCALITY_RULE):
        return
    if not seg.contains(place.start, place.end):
        return  # only a place this mention names itself, not one carried over from an incident before
    if earlier.place is None or place.specificity < earlier.place.specificity:
        earlier.place = place
        earlier.area_ids = list(probe.area_ids)
        earlier.spans.append((place.start, place.end))
        earlier.evidence.append(f"place: from a later mention of the incident ({place.rule})")


def _around(doc: Document, seg: Segment, anchor: int) -> tuple[int, int]:
    """The conjunct around an event word, where 'there' would stand for its place."""
    conj = conjunct(doc.text, seg, anchor, anchor + 1)
    return conj.start, conj.end


_MISSILE = re.compile(r"missiles?", re.IGNORECASE)
#: "the missile", "with a guided missile": the weapon of a strike, named as such
_ITS_MISSILE = re.compile(r"(?:\b[Tt]he|\bwith\s+[\"“]?an?)\s+(?:guided\s+)?$")
_FROM_ABOVE = frozenset({IncidentKind.AIR_STRIKE, IncidentKind.DRONE_STRIKE})
#: missiles "fired from the unmanned aircraft", "launched from a drone": the weapon of a strike from the air
_FIRED_FROM_ABOVE = re.compile(
    r"\s+(?:were\s+|was\s+)?(?:fired|launched|dropped)\s+(?:from|by)\s+(?:the\s+|an?\s+)?(?:[\w-]+\s+)?"
    r"(?:unmanned\s+aircraft|drones?|UAVs?|warplanes?|jets?|aircraft|helicopters?)\b",
    re.IGNORECASE,
)
_FROM_ABOVE_KINDS = frozenset(k.value for k in _FROM_ABOVE)
#: the word after a name that makes it a building's ("S Hospital"), not a place's
_BUILDING_AFTER = re.compile(
    r"\s+(?:Hospital|Clinic|School|University|College|Mosque|Church|Stadium|Hotel|Airport|Market|Mall|Hall|Cent(?:re|er))\b"
)
#: "two guided missiles were launched at the vehicle": fired at the target of the strike just told
_AT_THE_TARGET = re.compile(
    r"\s+(?:were\s+|was\s+)?(?:fired|launched)\s+(?:at|on|into|toward|towards)\s+the\s+(?:[\w-]+\s+)?"
    r"(?:vehicle|car|motorcycle|motorbike|truck|van|house|building)\b",
    re.IGNORECASE,
)

#: "the strike" named again: any strike from the air, or the fire the report told of
#: how far after an event word named again a day may stand and still be its own
_OWN_DAY_AFTER = 40
_BARE_STRIKE = re.compile(r"strikes?\b", re.IGNORECASE)
_OWN_ARTICLE = re.compile(r"[Tt]he\s+(?:[A-Z][\w-]*\s+)?")
_SAME_HAPPENING = {IncidentKind.AIR_STRIKE.value: ACROSS}


#: how far after a definite mention ("the drone strike in S") the place it names may stand
_OWN_PLACE_AFTER = 40


def _refers_back(doc: Document, index: int, seg: Segment, start: int, kind: str) -> Draft | None:
    """ "The clashes", "Thursday's clashes": a definite mention of an incident of this kind already reported
    in an earlier sentence (on the same day, when the mention names one) is that incident, not a new one.
    Returns the incident referred to."""
    numbered = _ORDINAL_OPENS.match(doc.text, start)
    if numbered is not None and numbered.group("n") != "first":
        return None  # "The second strike on A also killed one": the next of a series, not the one told before
    prefix = doc.text[max(seg.start, start - 40) : start]
    m = _DEFINITE.search(prefix)
    own = _OWN_ARTICLE.match(doc.text, start)  # the event words begin with it: "the strike"
    if m is None and own is None:
        return None
    word = own.end() if own is not None else start
    kinds = _SAME_HAPPENING.get(kind, {kind}) if _BARE_STRIKE.match(doc.text, word) else {kind}
    earlier = [d for d in doc.drafts if d.type == "incident" and d.kind in kinds and d.sentence < index]
    if not earlier:
        return None
    if m is None or m.group("day") is None:
        # a day of its own right after the mention: "The fighting first broke out on Thursday, December 7"
        own_days = [
            d
            for d in within(doc.dates, seg)
            if d.precision == DatePrecision.DAY and not d.speech and 0 <= d.start - start <= _OWN_DAY_AFTER
        ]
        last = earlier[-1]
        # "the drone strike in S killed two", after strikes at S and at B were told: the one at the place it names
        placed = [p.name for p in within(doc.places, seg) if 0 <= p.start - start <= _OWN_PLACE_AFTER]
        at_place = [d for d in earlier if d.place is not None and d.place.name in placed]
        if at_place:
            last = at_place[-1]
        if own_days and last.date_start is not None and last.precision == DatePrecision.DAY:
            # "The fighting first broke out on Thursday, December 7, …" after the news of December 8: another day
            end = last.date_end or last.date_start
            if not any(d.date_start <= end and last.date_start <= d.date_end for d in own_days):
                return None
        return last
    day_at = start - len(prefix) + m.start("day")
    day = next((d for d in within(doc.dates, seg) if d.start <= day_at < d.end), None)
    if day is None:
        return None
    return next((e for e in reversed(earlier) if e.date_start == day.date_start), None)


#: "Sporadic fire continued into the morning of Wednesday": the incident lasts until that day
_CONTINUED_INTO = re.compile(
    r"\b(?:continued|went\s+on|lasted|persisted)\s+(?:until|into|through|till)\s+"
    r"(?:the\s+(?:early\s+)?(?:morning|afternoon|evening|night|hours)\s+of\s+|early\s+)?$",
    re.IGNORECASE,
)


def _continued_into(doc: Document, draft: Draft, index: int, seg: Segment) -> None:
    """Extend the incident to the day its fire "continued into" (in its sentence, or the next ones while they
    report no event of their own), when that day follows its own (within two)."""
    if draft.date_start is None:
        return
    segs = [seg]
    for after in doc.sentences[index + 1 : index + 3]:
        if within(doc.kinds, after):
            break
        segs.append(after)
    for d in (d for s in segs for d in within(doc.dates, s)):
        if d.precision != DatePrecision.DAY or not _CONTINUED_INTO.search(doc.text, max(0, d.start - 50), d.start):
            continue
        end = draft.date_end or draft.date_start
        if end < d.date_start <= end + dt.timedelta(days=2):
            draft.date_end = d.date_end
            draft.precision = DatePrecision.DAYS
            draft.evidence.append(f"date: continued into '{doc.text[d.start : d.end]}'")


def _day_of_telling(doc: Document, dates: list[DateMention], plain: list[DateMention]) -> DateMention | None:
    """The day a statement was made, told before 'earlier in the day' that is the only plain date left."""
    if not all(SAME_DAY_AS_TOLD.fullmatch(doc.text, d.start, d.end) for d in plain):
        return None
    told = [d for d in dates if d.speech and d.precision == DatePrecision.DAY and d.end <= plain[0].start]
    return told[-1] if told else None


#: an hour of the morning: "At about 5am", "at around 6.30 a.m."
_MORNING_CLOCK = re.compile(r"\b(?:0?[0-9]|1[01])(?:[:.][0-5]\d)?\s*a\.?m\b", re.IGNORECASE)
#: a day named by its night: "late on Sunday night", "on the night of December 28"
_BY_ITS_NIGHT = re.compile(r"\bnight\b", re.IGNORECASE)


def _morning_after_the_night(doc: Document, seg: Segment, source: Draft) -> bool:
    """The sentence gives only an hour of the morning, and the last dated incident was dated by a night: the
    morning after it."""
    if source.precision != DatePrecision.DAY or source.date_start is None or source.date_start >= doc.published:
        return False
    if not _MORNING_CLOCK.search(doc.text, seg.start, seg.end):
        return False
    told = doc.sentences[source.sentence]
    return any(
        d.precision == DatePrecision.DAY
        and d.date_start == source.date_start
        and _BY_ITS_NIGHT.search(doc.text, d.start, min(told.end, d.end + 12))
        for d in within(doc.dates, told)
    )


#: how long before publication a month (or year) named as an incident's only date must have ended for it to be history;
#: a day named in one sentence that makes no claim of it, likewise
RECALLED_MONTH_DAYS = 30


def dated_by_a_past_month(draft: Draft, published: dt.date) -> bool:
    """Is the incident dated only by a month (or year) that ended well before publication ("border clashes in July"
    in a report of November)?"""
    return (
        draft.precision in (DatePrecision.MONTH, DatePrecision.YEAR)
        and draft.date_end is not None
        and draft.date_end < published - dt.timedelta(days=RECALLED_MONTH_DAYS)
    )


def _dating_incident(doc: Document) -> Draft | None:
    """The last dated incident, whose day a later act with no day of its own takes; none when that incident is a
    past month's, named in passing ("signed … in October, later suspended after soldiers were injured in a landmine
    explosion"), which dates no act told after it."""
    last = doc.last_incident_date
    return None if last is not None and dated_by_a_past_month(last, doc.published) else last


def date_and_place(
    doc: Document, draft: Draft, index: int, seg: Segment, agreement_spans: list[tuple[int, int]]
) -> None:
    dates = [d for d in within(doc.dates, seg) if not any(s <= d.start < e for s, e in agreement_spans)]
    compared = _SUPERLATIVE_SINCE.search(doc.text, seg.start, seg.end)
    if compared is not None:
        dates = [d for d in dates if d.start < compared.start()]
    plain = [d for d in dates if not d.speech]
    # "X has suspended on Tuesday the agreement … after a landmine blast injured two of its soldiers": the
    # day of the main clause is the day of what was done after the incident, not the incident's
    plain = [d for d in plain if not (d.end <= draft.anchor and _AFTER_IT.search(doc.text, d.end, draft.anchor))]
    # "days after … following last month's violent five-day conflict": a week, month or year named as whose
    # something is dates that thing, not the act of the sentence
    plain = [d for d in plain if d.precision == DatePrecision.DAY or not _POSSESSIVE.match(doc.text, d.end)]
    # "… killed in the latest border clashes raising the toll to three since the beginning of the clashes on
    # December 7": the day a count's period began is not the act's
    plain = [d for d in plain if not (d.start > draft.anchor and _BEGAN_AFTER.search(doc.text, draft.anchor, d.start))]
    opening = [d for d in plain if opens_a_period(doc.text, d)]
    plain = [d for d in plain if d not in opening]
    draft.period_start_only = bool(opening) and not plain
    dates = [d for d in dates if d.speech or d in plain]
    last = _dating_incident(doc)
    same_day = doc.last_incident_date
    if plain and same_day is not None and all(SAME_DAY_AS_TOLD.fullmatch(doc.text, d.start, d.end) for d in plain):
        # "… responding to an attack by X … earlier in the day": the day of the events told just before, not
        # the day the report was written
        draft.date_start, draft.date_end, draft.precision = same_day.date_start, same_day.date_end, same_day.precision
        draft.evidence.append("date: 'earlier in the day', the day of the incident told just before")
    elif plain and (told := _day_of_telling(doc, dates, plain)) is not None:
        # "The army said late Monday the explosion earlier in the day injured four soldiers": the day it was told
        draft.set_date(told, " ('earlier in the day' of the statement)")
        draft.date_own = True
        doc.last_incident_date = draft
    elif plain or dates:
        pool = plain or dates
        draft.set_date(
            min(pool, key=lambda d: abs(d.start - draft.anchor)), "" if plain else " (date of the statement)"
        )
        draft.date_own = bool(plain)
        doc.last_incident_date = draft
        _continued_into(doc, draft, index, seg)
    elif _CLOCK.search(seg.of(doc.text)) and last is None and not _SAME_DAY.search(seg.of(doc.text)):
        draft.date_start = draft.date_end = doc.published
        draft.precision = DatePrecision.DAY
        draft.evidence.append("date: a time of day and no day: the publication day")
    elif _NTH_DAY.search(seg.of(doc.text)) and last is None:
        # "… during border clashes …, marking the second day of renewed violence": the fighting of the day
        # the report speaks from
        draft.date_start = draft.date_end = doc.published
        draft.precision = DatePrecision.DAY
        draft.evidence.append("date: 'the Nth day' of fighting and no day named: the publication day")
    elif (frame := _day_set_just_before(doc, index)) is not None:
        # "By early morning today, the conflict had intensified. At around 5.05am, X opened fire …": the day the
        # sentence before sets, with no event of its own
        draft.set_date(frame, " (the day the sentence before sets)")
        doc.last_incident_date = draft
    elif last is not None and _morning_after_the_night(doc, seg, last):
        # "… mobilised tanks … late on Sunday night …" then "At about 5am, X troops opened fire on …": the morning
        # after that night
        source = last
        assert source.date_start is not None
        draft.date_start = draft.date_end = source.date_start + dt.timedelta(days=1)
        draft.precision = DatePrecision.DAY
        draft.evidence.append("date: a morning hour told after the night of the last dated incident: the day after")
        doc.last_incident_date = draft
    elif last is not None:
        source = last
        draft.date_start, draft.date_end, draft.precision = source.date_start, source.date_end, source.precision
        draft.evidence.append("date: none in the sentence; inherited from the last dated incident")
    elif (statement := _statement_date_before(doc, index)) is not None:
        # "The army on Tuesday accused the neighbour …" then "It said their troops opened fire at …": what a
        # statement reports happened by the day it was made
        draft.set_date(statement, " (date of the statement in the sentence before)")
    elif opening:
        # "three of its soldiers were killed since Monday, one by indirect fire in S province": some day of the period
        since = opening[-1]
        draft.date_start, draft.date_end, draft.precision = since.date_start, doc.published, DatePrecision.DAYS
        draft.spans.append((since.start, since.end))
        draft.evidence.append(f"date: the period since {since.date_start.isoformat()}, up to publication")
    elif (news_day := _news_day(doc)) is not None:
        # an incident told before any day is named, in a report whose news is dated further on ("X artillery
        # and air strikes hit south L …" then "… early on Saturday"): the day of the report's news
        draft.set_date(news_day, " (the day of the report's news, named further on)")
    else:
        draft.date_start, draft.date_end = doc.published - dt.timedelta(days=30), doc.published
        draft.precision = DatePrecision.MONTH
        draft.evidence.append("date: none given; the month before publication")
    if _THERE.search(doc.text, *_around(doc, seg, draft.anchor)):
        for earlier in reversed(doc.drafts):
            if earlier.type == "incident" and earlier.place and earlier.place.place_id and earlier is not draft:
                draft.place = earlier.place
                draft.evidence.append("place: 'there', the place of the incident just reported")
                return
    places = within(doc.places, seg)
    spoken = _SPOKEN_FROM.match(doc.text, seg.start, seg.end)
    if spoken is not None and spoken.end() <= draft.anchor:
        # "At Government House in C on Tuesday, the prime minister briefed the media on a mortar round …": where
        # the speaker speaks is not where the event happened
        places = [p for p in places if p.start >= spoken.end("where")]
    # "along several fronts, from the C sector to the T Temple and K Temple areas": the fronts begin at the first
    start = next(
        (
            p
            for p in places
            if _RANGE_FROM.search(doc.text, max(seg.start, p.start - 12), p.start)
            and _RANGE_TO.match(doc.text, p.end, seg.end)
        ),
        None,
    )
    if start is not None:
        places = [start]
    if any(p.place_id for p in places):
        # "struck a car near S Hospital in the southern town of B": a building's name read as a locality lies in the
        # place the gazetteer knows
        places = [p for p in places if p.place_id or not _BUILDING_AFTER.match(doc.text, p.end)]
    # a district or province kept as text gives way to a finer place the gazetteer knows ("at the T Temple area,
    # B district"); a village or town kept as text is finer than any district
    finest = min((p.specificity for p in places if p.place_id), default=UCDP_WHERE_PREC[LocationPrecision.UNKNOWN])
    localities = [p for p in places if p.rule == LOCALITY_RULE and (p.fine or p.specificity <= finest)]
    if localities:
        # "the town of X in the Y district": the locality is the place; the district its context
        best = min(localities, key=lambda p: abs(p.start - draft.anchor))
        context = [p for p in places if p.place_id and p.precision in _COARSE]  # "in the Y district"
        if context and best.precision == LocationPrecision.UNKNOWN:
            nearest = min(context, key=lambda p: abs(p.start - best.start))
            best = replace(best, precision=nearest.precision)
        draft.area_ids = [p.place_id for p in context if p.place_id]
        # "at V village, C commune, D District": a district or province kept as text is a larger place it lies in
        draft.area_ids += [
            p.name
            for p in places
            if p.rule == LOCALITY_RULE and p is not best and not p.fine and p.precision in _COARSE
        ]
        draft.place = best
        draft.spans.append((best.start, best.end))
        draft.evidence.append(f"place: {best.rule} ({best.precision.value} precision)")
        return
    if places:
        best = min(places, key=lambda p: (p.rank, abs(p.start - draft.anchor)))
        draft.place = best
        # "near X in D district of P": the district and province named with it are the areas it lies in
        draft.area_ids = [p.place_id for p in places if p.place_id and p is not best and p.precision in _COARSE]
        draft.spans.append((best.start, best.end))
        draft.evidence.append(f"place: {best.rule}")
        return
    for earlier in reversed(doc.drafts):
        if earlier.type == "incident" and earlier.place and index - earlier.sentence <= 2 and earlier.place.place_id:
            draft.place = earlier.place
            draft.evidence.append("place: none in the sentence; that of an incident just before")
            return
    if doc.mentions_border:
        draft.place = PlaceMention(
            draft.anchor,
            draft.anchor,
            None,
            "border",
            None,
            None,
            LocationPrecision.BORDER,
            "the text speaks of the border",
        )
        draft.evidence.append("place: none named; the border, which the text speaks of")


def _news_day(doc: Document) -> DateMention | None:
    """The first day the text names for its news: a day (not a statement's) within two days of publication."""
    for d in doc.dates:
        if d.speech or d.precision != DatePrecision.DAY or opens_a_period(doc.text, d):
            continue
        if doc.published - dt.timedelta(days=2) <= d.date_start <= doc.published:
            return d
    return None


def _day_set_just_before(doc: Document, index: int) -> DateMention | None:
    """The day named in the sentence just before (not said of a statement) when that sentence is no background
    and gave nothing of its own (no incident, claim or statement): it only sets the time."""
    if index == 0 or index - 1 in doc.background:
        return None
    if any(d.sentence == index - 1 for d in doc.drafts):
        return None
    before = doc.sentences[index - 1]
    days = [
        d
        for d in within(doc.dates, before)
        if d.precision == DatePrecision.DAY
        and not d.speech
        and not _BEGAN_AFTER.search(doc.text, before.start, d.start)
    ]
    return days[-1] if days else None


def _statement_date_before(doc: Document, index: int) -> DateMention | None:
    """The date of a statement ("said on Friday", "on Tuesday accused") in one of the two sentences before."""
    for back in (1, 2):
        if index - back < 0 or index - back in doc.background:
            continue
        said = [
            d for d in within(doc.dates, doc.sentences[index - back]) if d.speech and d.precision == DatePrecision.DAY
        ]
        if said:
            return said[-1]
    return None


def follow_anaphor(doc: Document, index: int, seg: Segment, agreement_spans: list[tuple[int, int]]) -> None:
    """'The blast happened on Monday in …': the date and place of an incident named just before."""
    m = _ANAPHOR.search(doc.text, seg.start, seg.end)
    if m is None:
        return
    # "The incident occurred near X": the incident last reported, even a few sentences back; "the blast", "the clash"
    # name their kind: the last incident of that kind, when the report told one ("… after a landmine blast … following
    # border clashes in July …. The blast …": the blast, not the July clashes)
    recent = [d for d in reversed(doc.drafts) if d.type == "incident" and 0 < index - d.sentence <= 4]
    noun = next((n for n in _ANAPHOR_KINDS if re.search(rf"\b{n}", m.group(0), re.IGNORECASE)), None)
    # "the incident" is an incident of a day, not fighting of a whole month or year named in passing
    earlier = next(
        (d for d in recent if (d.kind in _ANAPHOR_KINDS[noun] if noun else d.precision not in _WHOLE_PERIODS)),
        None,
    ) or next(iter(recent), None)
    if earlier is None:
        return
    dates = within(doc.dates, seg)
    if dates and all(SINCE_BEFORE.search(doc.text, max(seg.start, d.start - 30), d.start) for d in dates):
        return  # "Since December 7, X lost 26 soldiers … to the fighting": a period's fighting, not the act's day
    probe = Draft("incident", earlier.kind, index, m.start(), f"anaphor '{m.group(0)}'")
    probe.spans.append((m.start(), m.end()))
    last = doc.last_incident_date
    date_and_place(doc, probe, index, seg, agreement_spans)
    doc.last_incident_date = last if not probe.date_own else probe
    if probe.place is not None and probe.place.place_id is None and probe.place.rule != LOCALITY_RULE:
        probe.place = None
    if probe.place is not None and not seg.contains(probe.place.start, probe.place.end):
        probe.place = None  # a place carried over from another incident says nothing of this one's
    absorb(earlier, probe)


def recalled_after_a_frequency(doc: Document, index: int, seg: Segment) -> bool:
    """ "This marks the fourth time in recent weeks that soldiers have been injured by landmines. On Saturday, three
    soldiers were wounded by a landmine …": an earlier one of the series just counted, dated before the report's
    first incident, is recalled, not reported."""
    if index == 0 or not _NTH_TIME.search(doc.text, doc.sentences[index - 1].start, doc.sentences[index - 1].end):
        return False
    first = next((d for d in doc.drafts if d.type == "incident" and d.date_own and d.date_start is not None), None)
    days = [d for d in within(doc.dates, seg) if d.precision == DatePrecision.DAY and not d.speech]
    return (
        first is not None
        and first.date_start is not None
        and bool(days)
        and all(d.date_end < first.date_start for d in days)
    )


_MINE_BLAST = IncidentKind.LANDMINE_EXPLOSION.value
#: a party named as the mine's maker or owner: "an X mine", "X-laid landmines", "a new X anti-personnel mine"
_MINE_OF = re.compile(
    r"(?:-(?:laid|planted|made))?\s+(?:(?:new|newly\s+laid|newly\s+planted|fresh)\s+)?"
    r"(?:(?:land\s*-?\s*)?mines?|anti-?personnel\s+(?:land\s*)?mines?|PMN-?2s?)\b",
    re.IGNORECASE,
)
ON_CIVILIANS = IncidentKind.ATTACK_ON_CIVILIANS.value


def infer_parties(doc: Document, incidents: Sequence[Draft], claims: Sequence[Draft]) -> None:
    """Parties for incidents whose sentence names none, from what the report says around them.

    1. An accusation made in the incident's sentence or the one before ("condemned the neighbour for firing
       rockets into a civilian area"): the accused acted and the accuser was hit. For a mine blast only the
       accuser, whose soldiers were hurt (who laid the mine is the claim, not a fact).
    2. Else, for fire from one side or a mine blast, the country of the place hit (a gazetteer place in a
       principal's country): that principal, the party hit; the shooter stays unnamed.
    """
    for incident in incidents:
        named = [c for c in incident.parties if c not in incident.not_shooters]
        if any(p in doc.opposite for p in (doc.principal_of.get(c, c) for c in named)):
            continue
        shooter = _says_it_struck(doc, incident.sentence) if incident.kind in ACROSS else None
        if shooter is not None:
            # "The X military said it hit a facility in southern L" before "a warplane launched a raid"
            incident.add_parties([shooter])
            incident.evidence.append("parties: the party that says, just before, that it struck")
            continue
        shooter = _told_striking(doc, incident.sentence) if incident.kind in ACROSS else None
        if shooter is not None and shooter not in {doc.principal_of.get(c, c) for c in incident.parties}:
            # (a side the act's own words give as hit, "in response to rocket attacks aimed at its territory", did
            # not fire it)
            # "During the day, X carried out a series of strikes …. At least two people were killed in these air
            # raids": the report's own account names who struck, and the fire fell on the other side
            incident.add_parties([shooter, doc.opposite[shooter]])
            incident.evidence.append("parties: the side the report, just before, tells as striking, and the other")
            continue
        if incident.kind not in ACROSS and incident.kind not in (_MINE_BLAST, IncidentKind.ARMED_CLASH.value):
            continue
        accusation = next(
            (
                c
                for c in claims
                if c.stance == "accuses"
                and c.claimant
                and c.accused
                and 0 <= incident.sentence - c.sentence <= 1
                and not _HOLDS_TO_ACCOUNT.search(doc.sentences[c.sentence].of(doc.text))
            ),
            None,
        )
        if accusation is not None and accusation.claimant and accusation.accused:
            found = [accusation.claimant] if incident.kind == _MINE_BLAST else [accusation.accused, accusation.claimant]
            incident.add_parties([doc.principal_of.get(c, c) for c in found])
            incident.evidence.append("parties: the accusation made of it (the accused acted, the accuser was hit)")
            continue
        hurt = _mine_victim(doc, claims) if incident.kind == _MINE_BLAST else None
        if hurt is not None:
            incident.add_parties([hurt])
            incident.evidence.append("parties: the side that accuses the other of laying mines (or the denier's other)")
            continue
        country = incident.place.country if incident.place is not None else None
        hit = doc.party_of_country.get(country) if country else None
        if hit is not None and (incident.kind in ACROSS or incident.kind == _MINE_BLAST):
            incident.add_parties([hit])
            incident.evidence.append("parties: the party in whose country the place hit lies")


#: a party that says it struck: "The X military … said it hit a facility", "X said its jets struck …"
_SAYS_IT_STRUCK = re.compile(
    r"^(?:\s+\S+){0,6}?\s+said\s+(?:that\s+)?(?:it|its\s+\w+)\s+(?:had\s+)?"
    r"(?:hit|struck|targeted|attacked|bombed|shelled|carried\s+out)\b",
    re.IGNORECASE,
)


#: a side told as striking: "X carried out a series of strikes", "C intensified bombardment of populated areas",
#: "X launched airstrikes", "X shelled …"
_TOLD_STRIKING = re.compile(
    r"^(?:\s+[\w'’()-]+){0,4}?\s+(?:has\s+|have\s+|had\s+)?"
    r"(?:(?:carried\s+out|launched|conducted|intensified|stepped\s+up|escalated)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:strikes|air\s*strikes|raids|bombardments?|bombings?|shelling|attacks|offensive|assaults?)"
    r"|bombed|shelled|pounded|struck)\b",
    re.IGNORECASE,
)
_ANOTHER_ACT_BEFORE = re.compile(r"\b(?:after|following|since|before)\s+(?:the\s+)?$", re.IGNORECASE)
#: how many sentences before an incident the side told as striking may stand
_TOLD_STRIKING_BACK = 2


def _told_striking(doc: Document, index: int) -> str | None:
    """The principal the report tells as striking, in the incident's sentence or one of the two before (the nearest
    first); none when the sentences tell of both sides striking."""
    found: list[str] = []
    for i in range(index, max(-1, index - _TOLD_STRIKING_BACK - 1), -1):
        if i in doc.background:
            continue
        seg = doc.sentences[i]
        for actor in within(doc.actors, seg):
            side = doc.principal_of.get(actor.code, actor.code)
            if (
                side in doc.opposite
                and not _WHERE_BEFORE.search(doc.text, max(seg.start, actor.start - 30), actor.start)
                # "a day after the X military carried out attacks across the area": another, earlier happening
                and not _ANOTHER_ACT_BEFORE.search(doc.text, max(seg.start, actor.start - 30), actor.start)
                and _TOLD_STRIKING.match(doc.text[actor.end : seg.end])
            ):
                found.append(side)
    return found[0] if found and len(set(found)) == 1 else None


def _says_it_struck(doc: Document, index: int) -> str | None:
    """The principal that says, in the incident's sentence or the one before, that it struck."""
    for i in (index, index - 1):
        if i < 0:
            continue
        seg = doc.sentences[i]
        for actor in within(doc.actors, seg):
            side = doc.principal_of.get(actor.code, actor.code)
            if side in doc.opposite and _SAYS_IT_STRUCK.match(doc.text[actor.end : seg.end]):
                return side
    return None


def _mine_victim(doc: Document, claims: Sequence[Draft]) -> str | None:
    """The side a report's mine claims show was hurt: who accuses the other of laying new mines, else the
    opposite of who denies it ("says the soldiers triggered old mines")."""
    for claim in claims:
        side = doc.principal_of.get(claim.claimant, claim.claimant) if claim.claimant else None
        if side is None or side not in doc.opposite:
            continue
        if claim.stance == "accuses" and claim.about == "newly_laid_mines":
            return side
    for claim in claims:
        side = doc.principal_of.get(claim.claimant, claim.claimant) if claim.claimant else None
        if side in doc.opposite and claim.stance == "denies" and claim.about == "legacy_mines":
            return doc.opposite[side]
    return None
