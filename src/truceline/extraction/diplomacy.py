"""Statements, protest letters and meetings, sentence by sentence.

A statement is a verb that urges or demands, condemns or welcomes, with its speaker (the party
named nearest before it) and, for a demand, what it asks for. A letter is protest or
clarification-request wording, one draft per recipient (none named: the other principal). A
meeting is a named body (GBC, RBC, JBC, a summit), else the first meeting word of the sentence,
kept only when it has a date or is in the future. Demands, welcomes and letters return the stretch
of the sentence they claim, so the event words inside are not read as incidents; what a party
condemns is read, since it happened.
"""

from __future__ import annotations

import datetime as dt
import re

from truceline.extraction.dates import is_future
from truceline.extraction.document import Document, within
from truceline.extraction.drafts import Draft
from truceline.extraction.meeting_scope import (
    cited_meeting,
    framing_date,
    negated_meeting,
    no_meeting,
    offered_meeting,
    one_side_meeting,
    postponed_meeting,
    recalled_meeting,
    superseded_date,
)
from truceline.extraction.places import LOCALITY_RULE, PlaceMention
from truceline.extraction.segments import Segment, conjunct
from truceline.vocabulary import DatePrecision, LocationPrecision

__all__ = ["find_letters", "find_meetings", "find_statements"]


_STATEMENT = re.compile(
    r"\b(?P<demand>urg(?:ed|es|ing)|call(?:ed|s|ing)\s+(?:on|for|upon)|demand(?:ed|s|ing)|appeal(?:ed|s)\s+(?:to|for))\b"
    r"|\b(?P<condemn>condemn(?:ed|s)|denounc(?:ed|es))\b|\b(?P<welcome>welcom(?:ed|es))\b",
    re.IGNORECASE,
)

_DEMANDS: dict[str, re.Pattern[str]] = {
    code: re.compile(p, re.IGNORECASE)
    for code, p in {
        "cease_hostilities": r"\bend\s+(?:the\s+|all\s+)?(?:hostilities|fighting|violence|clashes)"
        r"|\bcease-?fire|\bcease\s+fire"
        r"|\b(?:stop|halt|end|cease)\s+(?:the\s+|all\s+)?(?:fighting|hostilities|attacks|shelling|clashes|firing|violence)|\bde-?escalat\w+|\brestraint",
        "withdraw_heavy_weapons": r"\bheavy\s+weapons",
        "halt_mine_laying": r"\bmine\s+placements?|\blaying\s+(?:new\s+)?(?:land\s*)?mines|\bnew\s+(?:land\s*)?mines?",
        "clear_mines": r"\bdemin\w+|\bclear\w*\s+(?:land\s*)?mines",
        "implement_agreement": r"\bimplement\w*|\bhonou?r\s+the|\babide\s+by|\brespect\s+the",
        "release_prisoners": r"\breleas\w+",
        "dialogue": r"\bdialogue|\btalks\b|\bnegotiat\w+|\bpeaceful(?:ly)?\s+resol\w+|\bdiplomac\w+",
        "protect_civilians": r"\bcivilians?\b",
    }.items()
}

_LETTER = re.compile(
    r"\b(?:letters?\s+of\s+protest|protest\s+(?:letters?|notes?)|(?:written|formal|diplomatic|official)\s+protests?"
    r"|lodg(?:e|ed|es|ing)\s+(?:a\s+)?(?:formal\s+|strong\s+)?protests?|(?:send|sent|submit\w*)\s+(?:a\s+)?letters?"
    r"|requests?\s+for\s+clarification|Article\s+8)\b",
    re.IGNORECASE,
)

_MEETING = re.compile(
    r"\b(?P<gbc>(?:general|joint)\s+border\s+committee|GBC|border\s+committee)\b|\b(?P<rbc>regional\s+border\s+committee|RBC)\b"
    r"|\b(?P<jbc>joint\s+boundary\s+commission|JBC)\b|\b(?P<summit>summit)\b"
    r"|\b(?P<other>talks|negotiations|meetings?|follow-up\s+discussions?|(?:to|will)\s+meet|met|meets|convened|convenes)\b",
    re.IGNORECASE,
)

_BOTH = re.compile(
    r"\b(?:both\s+(?:countries|sides|nations|governments|neighbou?rs)|the\s+two\s+(?:countries|sides|nations|neighbou?rs))\b",
    re.I,
)


def find_statements(doc: Document, index: int, seg: Segment) -> list[tuple[int, int]]:
    scopes = []
    for m in _STATEMENT.finditer(doc.text, seg.start, seg.end):
        clause = doc.clause_of(seg, m.start())
        speaker = doc.speaker(seg, clause, m.start())
        if speaker is None:
            continue
        kind = "demand" if m.group("demand") else "condemnation" if m.group("condemn") else "welcome"
        draft = Draft("statement", kind, index, m.start(), f"statement verb '{m.group(0)}'")
        draft.speaker = speaker.code
        draft.spans = [(speaker.start, speaker.end), (m.start(), m.end())]
        draft.evidence.append(f"speaker: '{doc.text[speaker.start : speaker.end]}' -> {speaker.code}")
        draft.add_parties([speaker.code])
        tail = doc.text[m.end() : seg.end]
        if _BOTH.search(tail):
            draft.add_parties(list(doc.principals))
        draft.add_parties([a.code for a in within(doc.actors, Segment(m.end(), seg.end))])
        if kind == "demand":
            for code, pattern in _DEMANDS.items():
                found = pattern.search(doc.text, m.end(), seg.end)
                if found:
                    draft.demands.append(code)
                    draft.spans.append((found.start(), found.end()))
            draft.demands.sort(key=lambda c: _DEMANDS[c].search(doc.text, m.end(), seg.end).start())  # type: ignore[union-attr]
        _date_for_statement(doc, draft, seg, m.start())
        doc.drafts.append(draft)
        if kind != "condemnation":
            # what is urged or welcomed has not happened (or is no new event); what is condemned has:
            # "condemned the neighbour for firing rockets into a civilian area, injuring eight" is an incident
            scopes.append((m.start(), seg.end))
        break
    return scopes


def _date_for_statement(doc: Document, draft: Draft, seg: Segment, position: int) -> None:
    dates = within(doc.dates, seg)
    if dates:
        nearest = min(dates, key=lambda d: abs(d.start - position))
        draft.set_date(nearest, "")
    else:
        draft.date_start, draft.date_end = doc.published - dt.timedelta(days=2), doc.published
        draft.precision = DatePrecision.DAYS
        draft.evidence.append("date: none given; the days just before publication")


def find_letters(doc: Document, index: int, seg: Segment) -> list[tuple[int, int]]:
    m = _LETTER.search(doc.text, seg.start, seg.end)
    if not m:
        return []
    clause = doc.clause_of(seg, m.start())
    sender = doc.speaker(seg, clause, m.start())
    if sender is None:
        return []
    via = re.search(r"\b(?:via|through)\b", doc.text[m.end() : seg.end])
    stop = m.end() + via.start() if via else seg.end
    after = [a for a in within(doc.actors, Segment(m.end(), stop)) if a.code != sender.code]
    states = [a for a in after if a.kind != "body"]
    recipients = list(dict.fromkeys(a.code for a in states)) or (
        [doc.opposite[sender.code]] if sender.code in doc.opposite else []
    )
    kind = "clarification_request" if re.search(r"clarification|Article\s+8", m.group(0), re.I) else "protest"
    planned = is_future(doc.text, m.start(), floor=seg.start)
    bodies = [a.code for a in after if a.kind == "body"]
    for recipient in recipients:
        draft = Draft("letter", kind, index, m.start(), f"letter words '{m.group(0)}'")
        draft.sender = sender.code
        draft.recipients = [recipient]
        draft.planned = planned
        draft.modality = "declared" if planned else "carried_out"
        draft.spans = [(sender.start, sender.end), (m.start(), m.end())]
        draft.spans += [(a.start, a.end) for a in after if a.code == recipient]
        draft.add_parties([sender.code, recipient])
        if recipient not in doc.principals:
            draft.add_parties(bodies)
            draft.spans += [(a.start, a.end) for a in after if a.kind == "body"]
        draft.evidence.append(f"sender '{doc.text[sender.start : sender.end]}', recipient {recipient}")
        if not states:
            draft.evidence.append("no recipient named: the other principal")
        dates = [d for d in within(doc.dates, seg) if not d.speech]
        if dates:
            draft.set_date(min(dates, key=lambda d: abs(d.start - m.start())), "")
        elif not planned:
            draft.date_start = draft.date_end = doc.published
            draft.precision = DatePrecision.DAYS
            draft.evidence.append("date: none given; by the publication date")
        doc.drafts.append(draft)
    return [(m.start(), seg.end)]


_ACRONYM_OF = re.compile(r"\s*\(")


def find_meetings(doc: Document, index: int, seg: Segment, agreement_spans: list[tuple[int, int]]) -> None:
    words = [
        m
        for m in _MEETING.finditer(doc.text, seg.start, seg.end)
        if not any(s <= m.start() < e for s, e in agreement_spans)
    ]
    named = [m for m in words if not m.group("other")]
    kept: list[re.Match[str]] = []
    for m in named or words[:1]:
        if kept and _ACRONYM_OF.fullmatch(doc.text, kept[-1].end(), m.start()):
            continue  # "the Joint General Border Committee (GBC)": the body's short name is the same meeting
        kept.append(m)
        _meeting(doc, index, seg, m)


#: a day named right before what was agreed to hold: "agreed on Monday to convene …", "decided Sunday to hold …"
_AGREED_TO_MEET = re.compile(r"\s+to\s+(?:convene|hold|meet|resume|reconvene)\b", re.IGNORECASE)


def _meeting(doc: Document, index: int, seg: Segment, m: re.Match[str]) -> None:
    body = next(k for k in ("gbc", "rbc", "jbc", "summit", "other") if m.group(k))
    if (
        one_side_meeting(doc.text, m.start(), seg.start)
        or no_meeting(doc.text, m.end(), m.group(0))
        or negated_meeting(doc.text, m.start(), seg.start)
        or offered_meeting(doc.text, m.start(), seg.start)
    ):
        return
    cited = cited_meeting(doc.text, m.start(), m.end(), seg.start)
    conj = conjunct(doc.text, seg, m.start(), m.end())
    dates = [
        d
        for d in within(doc.dates, seg)
        if not d.speech and not framing_date(doc.text, d.start, seg.start) and not superseded_date(doc.text, d.start)
    ]
    if postponed_meeting(doc.text, m.start(), seg.start) and not any(conj.start <= d.start < conj.end for d in dates):
        # "has postponed scheduled talks with …, a source revealed on Thursday": no longer on the day it was set for,
        # and no new day given with it
        return
    future = (
        is_future(doc.text, m.start(), floor=seg.start)
        # "A high-stakes meeting of X and Y representatives — joined by mediators — is due to take place in N"
        or bool(_DUE_AFTER.match(doc.text, m.end(), seg.end))
        or bool(re.search(r"\b(?:will|to)\s+(?:meet|resume|hold)\b", doc.text[conj.start : conj.end]))
        # "…, to convene a Regional Border Committee meeting within two weeks, to schedule the next … meeting"
        or bool(_TO_CONVENE.search(doc.text, conj.start, m.start()))
    )
    held = not dates and not future and _HELD.search(doc.text, conj.start, conj.end) is not None
    if not dates and not future and not held:
        return
    kind = body.upper() if body in ("gbc", "rbc", "jbc") else body
    draft = Draft("meeting", kind, index, m.start(), f"meeting words '{m.group(0)}'")
    draft.body = kind
    draft.spans = [(m.start(), m.end())]
    # "had agreed on Monday to convene the X Committee today": the day the meeting was agreed is not its day
    dates = [d for d in dates if not _AGREED_TO_MEET.match(doc.text, d.end, seg.end)] or dates
    if dates:
        near = [d for d in dates if conj.start <= d.start < conj.end + 40] or dates
        draft.set_date(min(near, key=lambda d: abs(d.start - m.start())), "")
    elif held:
        # "The committee … convened its 15th meeting in N": the news of the report, held by its day
        draft.date_start, draft.date_end = doc.published - dt.timedelta(days=1), doc.published
        draft.precision = DatePrecision.DAYS
        draft.evidence.append("date: none given; held by the publication date")
    if (
        future
        and draft.date_end is not None
        and draft.date_end <= doc.published
        and _HELD_ON.search(doc.text, m.end(), min(seg.end, m.end() + 60))
    ):
        # "… the third special meeting of the committee, held on December 27", in a report of that day: held
        future = False
    draft.planned = future or (draft.date_start is not None and draft.date_start > doc.published)
    if recalled_meeting(draft.date_end, draft.planned, doc.published, cited):
        return
    draft.modality = "declared" if draft.planned else "carried_out"
    draft.add_parties([a.code for a in within(doc.actors, seg)])
    if body in ("gbc", "rbc", "jbc") or _BOTH.search(doc.text, seg.start, seg.end):
        # a committee of the two sides' border mechanisms meets with both of them; so do "commanders from both
        # sides", "the two countries are scheduled to meet"
        draft.add_parties(list(doc.principals))
    elif not any(doc.principal_of.get(p, p) in doc.principals for p in draft.parties):
        # "the meeting was general and … a second round will be held": the sides of the meeting told before
        # "It was agreed that Jan. 7 would be the date of the next meeting": the next of the meeting the report told,
        # however far before
        reach = index if _NEXT_BEFORE.search(doc.text, max(seg.start, m.start() - 30), m.start()) else 2
        earlier = next(
            (d for d in reversed(doc.drafts) if d.type == "meeting" and 0 <= index - d.sentence <= reach and d.parties),
            None,
        )
        if earlier is not None:
            draft.add_parties(earlier.parties)
            draft.evidence.append("parties: those of the meeting told just before")
    principals = {doc.principal_of.get(p, p) for p in draft.parties} & set(doc.principals)
    if draft.parties and len(principals) < 2 <= len(doc.principals):
        # "the foreign minister met a third country's minister", "the US and China will also attend the talks as
        # observers": no meeting of the parties
        return
    # "should be held at a safe and neutral venue, not in X": a place ruled out is not the venue
    places = [p for p in within(doc.places, seg) if p.place_id and not _ruled_out(doc.text, seg, p.start)]
    if places:
        best = min(places, key=lambda p: abs(p.start - m.start()))
        draft.place = best
        draft.spans.append((best.start, best.end))
    else:
        venue = _VENUE.search(doc.text, m.start(), min(seg.end, m.end() + 90))
        if venue is not None and not _ruled_out(doc.text, seg, venue.start("name")):
            # "the General Border Committee meeting in K on Thursday", "… held on Thursday in M": the venue as
            # written, known to the gazetteer or not
            s, e = venue.start("name"), venue.end("name")
            draft.place = PlaceMention(
                s, e, None, venue.group("name"), None, None, LocationPrecision.UNKNOWN, LOCALITY_RULE
            )
            draft.spans.append((s, e))
    doc.drafts.append(draft)


#: a place named as ruled out: "not in X", "rather than in X", "instead of X"
_RULED_OUT = re.compile(r"\b(?:not|rather\s+than|instead\s+of)\s+(?:in|at)?\s*$", re.IGNORECASE)


def _ruled_out(text: str, seg: Segment, start: int) -> bool:
    """Whether the place named at ``start`` is ruled out ("… a neutral venue, not in X")."""
    return _RULED_OUT.search(text, max(seg.start, start - 20), start) is not None


#: the meeting's own verb after it, still to come: "… is due to take place", "… will be held", "… is scheduled for"
_DUE_AFTER = re.compile(
    r"[^.;:!?]{0,140}?\b(?:is|are)\s+(?:due|set|scheduled|expected|slated|planned)\s+(?:to\s+(?:take\s+place|be\s+held"
    r"|convene|open|begin|start)|for)\b|[^.;:!?]{0,140}?\bwill\s+(?:take\s+place|be\s+held|convene|open|begin)\b",
    re.IGNORECASE,
)
#: "the next meeting", "a follow-up meeting", "another round of talks": the next of a meeting told before
_NEXT_BEFORE = re.compile(r"\b(?:next|follow-up|another|further|second|third|new)\s+(?:round\s+of\s+)?$", re.I)
#: a meeting told as held on a day: "held on December 27", "convened on Thursday"
_HELD_ON = re.compile(r"\b(?:was\s+|were\s+)?(?:held|convened|took\s+place)\s+(?:on|in|at)\b", re.IGNORECASE)
#: a meeting told as held in its own clause, with no day given: "convened its 15th meeting", "met in N", "were held"
_HELD = re.compile(r"\b(?:convened|met|held|hosted|took\s+place)\b", re.IGNORECASE)
_TO_CONVENE = re.compile(
    r"\b(?:to\s+(?:convene|hold|schedule|organi[sz]e|host)|next|upcoming|planned|proposed)\b(?:\s+[\w-]+){0,3}?\s*$",
    re.IGNORECASE,
)
#: "in K L", "held on Thursday in M": where a meeting took place, right after its words
_VENUE = re.compile(
    r"\b(?:held|convened|hosted|took\s+place|meeting|talks|committee|commission|summit)\b[^.;]{0,50}?\s+in\s+"
    r"(?P<name>(?!(?:January|February|March|April|May|June|July|August|September|October|November|December)\b)"
    r"[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
)
