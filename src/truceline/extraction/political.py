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

import datetime as dt
import re
from collections.abc import Sequence

from truceline.extraction.agreements import AgreementAlias, AgreementMention
from truceline.extraction.document import Document, within
from truceline.extraction.drafts import Draft
from truceline.extraction.meeting_scope import RECALLED_MEETING_DAYS
from truceline.extraction.segments import Segment
from truceline.vocabulary import AgreementKind, DatePrecision

__all__ = ["find_status_changes", "name_the_reports_agreement", "tally_drafts"]

_AGREEMENT = (
    r"(?:ceasefire|cease-fire|truce|agreement|deal|declaration|accord|agreed\s+minutes|joint\s+statement"
    r"|peace\s+(?:deal|plan|accord))s?\b"  # a whole word: "accord", never "according"
)
#: the words between a verb of suspending and the agreement: up to twelve ("suspend the implementation of all
#: provisions of the … declaration"), quoted ('has "paused," or "suspended,"
#: the … declaration') or not, none of them a word that makes the agreement the time of the verb ("fighting halted
#: after the ceasefire", "paused under the truce")
_TIME_WORDS = r"after|since|following|despite|before|until|under|during"
_GAP = (
    rf"(?:[\s,\"“”‘’]+(?!(?:{_TIME_WORDS}|when|as)\b)[\w'’-]+){{0,12}}?"
    r"[\"“”‘’,]?"
)
#: (kind, pattern): the pattern must name the agreement near the verb
_STATUS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "suspended",
        re.compile(
            rf"\b(?:suspend(?:ed|s|ing)?|suspension\s+of|put\s+on\s+hold|froze|frozen|freez(?:es|ing)"
            rf"|withdr(?:ew|awn|aws)\s+from|pull(?:ed|s)\s+(?:out\s+of)?)\b{_GAP}\s+{_AGREEMENT}"
            # halting or pausing is mostly of fighting ("to halt frontline offensives, beginning with an immediate
            # truce"): the agreement must be its object, a few words on
            rf"|\b(?:paus(?:ed|es|ing)|halt(?:ed|s|ing)?)(?:\s+(?!(?:with|by|after|since|for|until)\b)[\w'’-]+){{0,4}}?"
            rf"\s+{_AGREEMENT}"
            rf"|\b{_AGREEMENT}(?:\s+\w+){{0,4}}?\s+(?:was|is|has\s+been)\s+(?:suspended|paused|halted|frozen"
            rf"|put\s+on\s+hold)\b",
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
            r"|\b(?:adopt\w*|sign\w*|reach\w*)\s+(?:the\s+|a\s+)?(?:[\w-]+\s+)?agreed\s+minutes\b"
            # "executed an immediate and unconditional ceasefire", "inked a peace deal", "reached a ceasefire agreement"
            r"|\b(?:inked|sealed|concluded|executed|reached)\b"
            rf"(?:\s+(?!(?:{_TIME_WORDS}|amid)\b)[\w'’\"“”-]+){{0,6}}?\s+{_AGREEMENT}",
            re.IGNORECASE,
        ),
    ),
    ("resumed", re.compile(rf"\bresum(?:ed|es|ing)\s+(?:\w+\s+){{0,3}}?{_AGREEMENT}", re.IGNORECASE)),
    (
        "approved",
        # "approved on Tuesday night a ceasefire agreement", "approves ceasefire deal" (a headline)
        re.compile(
            rf"\b(?:approv(?:ed|es)|ratif(?:ied|ies)|endors(?:ed|es))\s+(?:the\s+)?(?:[\w-]+\s+){{0,5}}?{_AGREEMENT}",
            re.IGNORECASE,
        ),
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
#: what makes a date the day an agreement starts or runs to: "starting Wednesday", "effective from 12:00 on December 27"
_STARTS_BEFORE = re.compile(
    r"\b(?:start(?:s|ing)?|from|effective|begin(?:s|ning)?|until|till|through|take\s+effect|takes\s+effect"
    r"|taking\s+effect)\s+(?:(?:from|on|at)\s+)?(?:[\d:.]+\s*(?:a\.?m\.?|p\.?m\.?)?\s+(?:local\s+time\s+)?(?:on\s+)?)?$",
    re.IGNORECASE,
)
#: "… was suspended by X": the party right after names who acted
_AGENT = re.compile(r"\bby\s+(?:the\s+)?(?:government\s+of\s+)?$", re.IGNORECASE)
#: the acting party is the one named before the verb (a state suspends; a cabinet approves)
_ACTOR_BEFORE = frozenset({"suspended", "resumed", "approved"})
#: "will be signed", "is due to sign", "much-anticipated … signing": an announced act, not one that happened
_PLANNED = re.compile(
    r"\b(?:will|would|to\s+be|due\s+to|set\s+to|scheduled|expected\s+to|anticipated|plan(?:s|ned)?\s+to)\b"
)


def find_status_changes(doc: Document, index: int, seg: Segment, mentions: Sequence[AgreementMention]) -> None:
    """Agreement status changes and new agreements in one sentence, as ``agreement_status`` drafts. ``mentions``:
    the agreements the sentence names, in their order."""
    text = seg.of(doc.text)
    agreement_ids = [mention.alias.id for mention in mentions]
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
        if kind == "signed" and mentions and _signed_before_the_report(mentions[0].alias, doc.published):
            continue  # "witnesses to the signing of the Joint Declaration", weeks after it: a known signing recalled
        start, end = seg.start + m.start(), seg.start + m.end()
        draft = Draft("agreement_status", kind, index, start, f"agreement status '{kind}': '{m.group(0)}'")
        draft.spans.append((start, end))
        draft.evidence.append(f"status words: '{m.group(0)}'")
        draft.planned = _PLANNED.search(doc.text, seg.start, start) is not None
        # a party's name inside the agreement's own ("the 'X-Y Peace Joint Declaration'") names no one who acted
        actors = [a for a in within(doc.actors, seg) if not _in_the_name(doc.text, a.start, a.end, mentions)]
        if kind in _ACTOR_BEFORE:
            # one side acts: its subject before the verb, or its agent ("was suspended by X"); a party named after
            # the verb otherwise is what the act concerns ("suspended … the transfer of prisoners to Y")
            acting = [a for a in actors if a.end <= start and a.code][-1:] or [
                a for a in actors if a.start >= start and a.code and _AGENT.search(doc.text, seg.start, a.start)
            ][:1]
            for actor in acting:
                draft.add_parties([actor.code])
                draft.spans.append((actor.start, actor.end))
        elif not draft.parties:
            draft.add_parties(doc.principals_named(actors))
        if not draft.parties and _JOINT.search(m.group(0)):
            # "both sides agreed to …", "the General Border Committee agreed to …": the two principals
            draft.add_parties(list(doc.principals))
        if agreement_ids:
            draft.agreement = agreement_ids[0]
        dates = [d for d in within(doc.dates, seg) if not d.speech] or within(doc.dates, seg)
        # "approves ceasefire deal with X, starting Wednesday morning": the day the agreement starts, not the act's;
        # an agreement reached with no other day is dated by the day it takes effect ("agreed to a full ceasefire
        # effective from 12:00 local time on December 27")
        acts = [d for d in dates if not _STARTS_BEFORE.search(doc.text, max(seg.start, d.start - 30), d.start)]
        dates = acts or dates if kind in _NEW_KINDS else acts
        if dates:
            draft.set_date(min(dates, key=lambda d: abs(d.start - start)), "")
        else:
            draft.date_start = draft.date_end = doc.published
            draft.precision = DatePrecision.DAYS
            draft.evidence.append("date: none given; by the publication date")
        own = [d for d in dates if 0 <= d.start - end <= 12]  # "… reached a ceasefire in November 2024"
        if kind == "signed" and own and own[0].date_end < doc.published - _DATED_SIGNING_RECALLED:
            return  # the signing's own date, weeks or a year before the report: a signing recalled
        doc.drafts.append(draft)
        return  # one status change a sentence: the first kind listed wins


#: what may stand between a party's name and the agreement's when the party's name is part of it: other names,
#: hyphens, title words ("X-Y Peace Joint Declaration", "the X–Y border ceasefire")
_NAME_BETWEEN = re.compile(r"(?:[\s/'’-]|[–—]|[A-Z][\w’']*|peace\b|border\b)*")


def _in_the_name(text: str, start: int, end: int, mentions: Sequence[AgreementMention]) -> bool:
    """Whether the party named at ``start:end`` is named as part of an agreement's name."""
    return any(
        x.start <= start < x.end or (0 <= x.start - end <= 40 and _NAME_BETWEEN.fullmatch(text, end, x.start))
        for x in mentions
    )


#: how long before publication a signing dated in its sentence is background (as a meeting held then is)
_DATED_SIGNING_RECALLED = dt.timedelta(days=RECALLED_MEETING_DAYS)
#: how many days after an agreement's known signing a report that tells it signed only recalls it
RECALLED_SIGNING_DAYS = 3


def _signed_before_the_report(alias: AgreementAlias, published: dt.date) -> bool:
    """Whether the lookup knows the agreement as signed days before the report: its signing is no news then."""
    return alias.signed_on is not None and alias.signed_on < published - dt.timedelta(days=RECALLED_SIGNING_DAYS)


#: the kinds a report suspends or resumes: what its parties agreed, not a treaty they are bound by anyway
_SUSPENDED_KINDS = frozenset({"suspended", "resumed"})
#: the kinds that make an agreement: signed, or in force from the day it was signed
_NEW_KINDS = frozenset({"signed", "in_force"})


def name_the_reports_agreement(statuses: list[Draft], refs: Sequence[Draft], aliases: Sequence[AgreementAlias]) -> None:
    """The agreement of a status change whose sentence names none the lookup knows:

    - a suspension or resumption ("X has announced the suspension of its recently signed border agreement")
      is of the one agreement the report names elsewhere, when it names exactly one besides treaties ("… referred
      to as the 'Joint Declaration by the Prime Ministers …'");
    - a signing or entry into force is of the one agreement signed within its dates: among those the report names,
      else, for a signing told to the day, among all the lookup knows ("the two sides agreed to a full ceasefire
      effective from 12:00 local time on December 27", when the lookup holds the statement signed that day)."""
    treaties = {a.id for a in aliases if a.kind == AgreementKind.TREATY.value}
    named = {r.agreement for r in refs if r.agreement is not None and r.agreement not in treaties}
    for status in statuses:
        if status.agreement is not None:
            continue
        if status.kind in _SUSPENDED_KINDS:
            found = named
        elif status.kind in _NEW_KINDS and status.date_start is not None and status.date_end is not None:
            start, end = status.date_start, status.date_end
            signed = {a.id for a in aliases if a.signed_on is not None and start <= a.signed_on <= end}
            found = signed & named if named else (signed if status.precision == DatePrecision.DAY else set())
        else:
            continue
        if len(found) == 1:
            (status.agreement,) = found
            status.evidence.append(f"agreement: the one the report names or the lookup knows ({status.agreement})")


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
