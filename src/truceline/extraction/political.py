"""Political events and tallies: an agreement signed, brought into force or suspended; counts over a period.

An **agreement status** candidate is a sentence that says an agreement (a ceasefire, truce, deal,
declaration, accord, agreed minutes, joint statement) was signed or agreed (kind ``signed``: a new
agreement), took effect (``in_force``), was suspended, halted or put on hold (``suspended``), was
resumed (``resumed``) or was approved by a cabinet or parliament (``approved``). The party that acts
is the one named before the verb (suspensions, approvals) or the principals the sentence names
(signatures, entry into force); the agreement is the one whose name the sentence gives, when the
lookup knows it. A sentence that only names the agreement ("violating the ceasefire agreement",
"under the truce") is no status change, nor is one that recalls history.

A **tally** candidate is a count that :mod:`~truceline.extraction.scope` found to be a running or
conflict-wide total: who counted (the party speaking in the sentence), what (killed, injured,
displaced), since when (a date after "since") and as of when (the date after "as of", else the
publication date).
"""

from __future__ import annotations

import re

from truceline.extraction.document import Document, within
from truceline.extraction.drafts import Draft
from truceline.extraction.segments import Segment
from truceline.vocabulary import DatePrecision

__all__ = ["find_status_changes", "tally_drafts"]

_AGREEMENT = (
    r"(?:ceasefire|cease-fire|truce|agreement|deal|declaration|accord|agreed\s+minutes|joint\s+statement"
    r"|peace\s+(?:deal|plan|accord))"
)
#: (kind, pattern): the pattern must name the agreement near the verb
_STATUS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "suspended",
        re.compile(
            rf"\b(?:suspend(?:ed|s|ing)?|suspension\s+of|halt(?:ed|s)?|put\s+on\s+hold|withdr(?:ew|awn|aws)\s+from"
            rf"|pull(?:ed|s)\s+(?:out\s+of)?)\b(?:\s+[\w'’-]+){{0,8}}?\s+{_AGREEMENT}"
            rf"|\b{_AGREEMENT}(?:\s+\w+){{0,4}}?\s+(?:was|is|has\s+been)\s+(?:suspended|halted|put\s+on\s+hold)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "in_force",
        re.compile(
            rf"\b{_AGREEMENT}\b(?:\s+[\w'’\"“”-]+){{0,8}}?\s+(?:officially\s+)?(?:took|takes|came|comes|went|goes)\s+"
            rf"(?:into\s+)?(?:effect|force)\b|\b{_AGREEMENT}\s+(?:that\s+)?(?:came|come|entered)\s+into\s+(?:effect|force)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "signed",
        re.compile(
            rf"\bsign(?:ed|s|ing)\b(?:\s+[\w'’\"“”-]+){{0,6}}?\s+{_AGREEMENT}"
            rf"|\bagreed\s+(?:on\s+)?(?:to\s+)?(?:an?\s+)?(?:[\"“”]?\w+[\"“”]?\s+){{0,3}}?(?:and\s+\w+\s+)?(?:ceasefire|truce)\b"
            # what both sides or their joint body agreed to do: "the General Border Committee agreed to deploy …"
            r"|\b(?:both\s+sides|the\s+two\s+(?:sides|countries|governments)|[Cc]ommittee|[Cc]ommission)\s+(?:also\s+)?"
            r"agreed\s+(?:to|on|that)\b"
            r"|\b(?:adopt\w*|sign\w*|reach\w*)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?agreed\s+minutes\b",
            re.IGNORECASE,
        ),
    ),
    ("resumed", re.compile(rf"\bresum(?:ed|es|ing)\s+(?:\w+\s+){{0,3}}?{_AGREEMENT}", re.IGNORECASE)),
    (
        "approved",
        re.compile(rf"\b(?:approved|ratified|endorsed)\s+(?:the\s+)?(?:\w+\s+){{0,3}}?{_AGREEMENT}", re.IGNORECASE),
    ),
)
#: an agreement's taking effect told in a subordinate clause describes the agreement, it does not report the event
_SUBORDINATE = re.compile(r"\b(?:which|that|after|since|when|once|before|until)\s+(?:\w+\s+){0,4}?$", re.IGNORECASE)
#: "a recently agreed ceasefire", "the agreed time": "agreed" describing the agreement, not the act of agreeing
_ATTRIBUTIVE = re.compile(
    r"\b(?:the|a|an|its|their|recently|newly|previously|already|earlier|mutually|jointly)\s+$", re.IGNORECASE
)
#: "despite both countries signing …", "days after the two neighbours agreed to …": a signing recalled as the
#: time of something else, in the same phrase
_SIGNED_BEFORE = re.compile(r"\b(?:despite|after|since|following)\s+[^,;.]{0,50}$", re.IGNORECASE)
_JOINT = re.compile(r"\b(?:both\s+sides|the\s+two|committee|commission)\b", re.IGNORECASE)
#: the acting party is the one named before the verb (a state suspends; a cabinet approves)
_ACTOR_BEFORE = frozenset({"suspended", "resumed", "approved"})
#: "will be signed", "is due to sign", "much-anticipated … signing": an announced act, not one that happened
_PLANNED = re.compile(
    r"\b(?:will|would|to\s+be|due\s+to|set\s+to|scheduled|expected\s+to|anticipated|plan(?:s|ned)?\s+to)\b"
)


def find_status_changes(doc: Document, index: int, seg: Segment, agreement_ids: list[str]) -> None:
    """Agreement status changes and new agreements in one sentence, as ``agreement_status`` drafts."""
    text = seg.of(doc.text)
    for kind, pattern in _STATUS:
        m = pattern.search(text)
        if m is None:
            continue
        if kind == "in_force" and (
            _SUBORDINATE.search(text[: m.start()]) or re.search(r"\b(?:which|that)\b", m.group(0))
        ):
            continue  # "the ceasefire which took effect at midnight", "after the truce took effect": a reference
        if kind == "signed" and m.group(0).lower().startswith("agreed") and _ATTRIBUTIVE.search(text[: m.start()]):
            continue  # "violating a recently agreed ceasefire", "despite the agreed time for …": a reference
        if kind == "signed" and _SIGNED_BEFORE.search(text[: m.start()]):
            continue  # "despite both countries signing a peace declaration in October": a signing recalled
        start, end = seg.start + m.start(), seg.start + m.end()
        draft = Draft("agreement_status", kind, index, start, f"agreement status '{kind}': '{m.group(0)}'")
        draft.spans.append((start, end))
        draft.evidence.append(f"status words: '{m.group(0)}'")
        draft.planned = _PLANNED.search(doc.text, seg.start, start) is not None
        actors = within(doc.actors, seg)
        if kind in _ACTOR_BEFORE:
            before = [a for a in actors if a.end <= start and a.code]
            if before:
                draft.add_parties([before[-1].code])
                draft.spans.append((before[-1].start, before[-1].end))
        if not draft.parties:
            draft.add_parties(doc.principals_named(actors))
        if not draft.parties and _JOINT.search(m.group(0)):
            # "both sides agreed to …", "the General Border Committee agreed to …": the two principals
            draft.add_parties(list(doc.principals))
        if agreement_ids:
            draft.agreement = agreement_ids[0]
        dates = [d for d in within(doc.dates, seg) if not d.speech] or within(doc.dates, seg)
        if dates:
            draft.set_date(min(dates, key=lambda d: abs(d.start - start)), "")
        else:
            draft.date_start = draft.date_end = doc.published
            draft.precision = DatePrecision.DAYS
            draft.evidence.append("date: none given; by the publication date")
        doc.drafts.append(draft)
        return  # one status change a sentence: the first kind listed wins


_SINCE = re.compile(r"\bsince\b", re.IGNORECASE)
_AS_OF = re.compile(r"\bas\s+of\b", re.IGNORECASE)


def tally_drafts(doc: Document) -> list[Draft]:
    """The counts set aside as running or conflict-wide totals, one tally per sentence and counter."""
    out: dict[tuple[int, str | None], list[Draft]] = {}
    for scope, found in doc.set_aside:
        if scope.scope != "tally":
            continue
        index = doc.sentence_index(found.start)
        seg = doc.sentences[index]
        counted_by = _counter(doc, seg)
        kept = out.setdefault((index, counted_by), [])
        # "Seven civilians have been killed and 20 wounded in C and three X soldiers have been killed …": a second
        # count of the killed in the sentence counts another population, a tally of its own (the codebook)
        draft = (
            next((d for d in kept if d.killed is None), None) if found.category == "killed" else next(iter(kept), None)
        )
        if draft is None:
            draft = Draft("tally", "tally", index, found.start, f"running or conflict-wide total ('{scope.cue}')")
            draft.speaker = counted_by
            if counted_by:
                draft.add_parties([counted_by])
            _period(doc, seg, draft)
            kept.append(draft)
        current = getattr(draft, found.category)
        if current is None or found.figure.magnitude > current.magnitude:
            setattr(draft, found.category, found.figure)
        draft.spans.append((found.start, found.end))
        draft.evidence.append(f"figure: {found.rule} ('{doc.text[found.start : found.end]}'), a total: {scope.cue}")
    return [d for kept in out.values() for d in kept]


def tally_of_a_lead(doc: Document, lead: Draft, cue: str) -> Draft:
    """A tally of the counts a lead gave as one toll (its killed and injured), counted by who reports them in its
    sentence, as of the publication date."""
    seg = doc.sentences[lead.sentence]
    draft = Draft("tally", "tally", lead.sentence, lead.anchor, f"running or conflict-wide total ('{cue}')")
    draft.speaker = _counter(doc, seg)
    if draft.speaker:
        draft.add_parties([draft.speaker])
    draft.killed, draft.injured = lead.killed, lead.injured
    draft.spans = list(lead.spans)
    draft.evidence = [*lead.evidence, f"a total: {cue}"]
    _period(doc, seg, draft)
    return draft


_REPORTING = re.compile(
    r"\b(?:said|says|say|reported|reports|documented|recorded|counted|announced|confirmed|revised)\b|\baccording\s+to\b",
    re.IGNORECASE,
)


def _counter(doc: Document, seg: Segment) -> str | None:
    """Who counted: the party named nearest before the verb of reporting ("X authorities have
    reported", "the health ministry said"), or right after "according to"; none without such a verb."""
    verb = _REPORTING.search(doc.text, seg.start, seg.end)
    if verb is None:
        return None
    actors = within(doc.actors, seg)
    if verb.group(0).lower().startswith("according"):
        after = [a for a in actors if a.start >= verb.end()]
        return after[0].code if after else None
    before = [a for a in actors if a.end <= verb.start()]
    return before[-1].code if before else None


def _period(doc: Document, seg: Segment, draft: Draft) -> None:
    """date_start: the date after "since"; date_end: the date after "as of", else the publication date."""
    dates = within(doc.dates, seg)
    since = _SINCE.search(doc.text, seg.start, seg.end)
    as_of = _AS_OF.search(doc.text, seg.start, seg.end)
    start = next((d for d in dates if since and 0 <= d.start - since.end() <= 25), None)
    end = next((d for d in dates if as_of and 0 <= d.start - as_of.end() <= 25), None)
    draft.date_start = start.date_start if start else None
    draft.date_end = end.date_end if end else doc.published
    draft.precision = DatePrecision.DAY
    draft.evidence.append(
        ("period: from the date after 'since'; " if start else "")
        + ("as of the date after 'as of'" if end else "as of the publication date")
    )
