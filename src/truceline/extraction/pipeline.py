"""text + publication date (+ gazetteer) -> candidate records with spans. Pure: no I/O, no settings.

The steps, sentence by sentence:

1. find dates, actors, places, counts, event words and weapons in the whole text once;
2. agreement names (with the provisions named after them), statements that urge or demand,
   protest letters and meetings claim their stretch of the sentence, so that the event words
   inside ("which included releasing prisoners", "urged both to withdraw heavy weapons") are
   not read as events;
3. the remaining event words become incidents (one per kind per sentence), with the actors and
   weapons of their conjunct, the nearest date (a date attached to "said" only as a fallback;
   none: the last incident date of the text; none: the month before publication) and the most
   precise nearby place (none: the place of an incident one or two sentences before; none: the
   border, when the text speaks of one);
4. killed/injured/displaced counts go to the nearest incident of their sentence, or make an
   armed-clash "toll" incident when the sentence has none;
5. claims per clause; then incidents of one kind with overlapping dates and compatible places
   merge (a report names the same event more than once), as do meetings with overlapping dates;
   each claim links to the incident it concerns.

Each step has its module: :mod:`~truceline.extraction.document` (the mentions of step 1),
:mod:`~truceline.extraction.diplomacy` (statements, letters, meetings),
:mod:`~truceline.extraction.incidents` (incidents, step 3), :mod:`~truceline.extraction.tolls`
(which incident a count belongs to, step 4),
:mod:`~truceline.extraction.linking` (claims and their incidents) and
:mod:`~truceline.extraction.drafts` (the drafts, their merging and output). This module reads
each sentence in that order, then merges, links and numbers the candidates.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from truceline.domain.conflict import ConflictDefinition
from truceline.extraction.actors import ActorFinder
from truceline.extraction.agreements import AgreementAlias, AgreementFinder
from truceline.extraction.candidates import Extraction
from truceline.extraction.diplomacy import find_letters, find_meetings, find_statements
from truceline.extraction.document import Document, within
from truceline.extraction.drafts import (
    Draft,
    fold_acts_told_by_place,
    fold_general_fighting,
    fold_incursions,
    fold_summaries,
    fold_summed_leads,
    leads_summed_by_places,
    merge,
    same_incident,
    same_incident_and_toll,
    same_meeting,
    same_status_change,
    share_the_leads_toll,
    to_candidate,
    without_periods_named,
)
from truceline.extraction.incidents import (
    RECALLED_MONTH_DAYS,
    dated_by_a_past_month,
    find_incidents,
    follow_anaphor,
    infer_parties,
    recalled_after_a_frequency,
)
from truceline.extraction.linking import draft_claims, link_claim
from truceline.extraction.places import GazetteerLike
from truceline.extraction.political import (
    find_status_changes,
    name_the_reports_agreement,
    tally_drafts,
    tally_of_a_lead,
)
from truceline.extraction.scope import (
    continues_background,
    count_scope,
    is_background,
    phase_began,
    recalls_earlier_event,
)
from truceline.extraction.segments import Segment
from truceline.extraction.tolls import attach_figures
from truceline.vocabulary import DatePrecision

__all__ = ["extract"]


def extract(
    text: str,
    published: dt.date | dt.datetime,
    gazetteer: GazetteerLike | None = None,
    *,
    conflict: ConflictDefinition | None = None,
    agreements: Sequence[AgreementAlias] = (),
) -> Extraction:
    """Propose the incidents, claims, meetings, letters, statements and agreement references in ``text``.

    ``conflict`` tells who is who: the words for its actors and which parties are principals.
    Without it no actor is recognised.

    ``published`` may be the publication time: a time with its zone is read as the day it was where
    the conflict is (a report filed at 20:00 GMT on Wednesday is Thursday morning in a capital at UTC+7), so that
    "on Thursday" and "overnight" resolve to the conflict's own days.
    """
    published = publication_day(published, conflict)
    finder = ActorFinder.for_conflict(conflict) if conflict is not None else ActorFinder()
    agreement_finder = AgreementFinder(agreements)
    principals = conflict.principals if conflict is not None else ()
    countries = (
        sorted({name for p in conflict.parties if p.country for name in (p.country.name, *p.country.also_known_as)})
        if conflict is not None
        else []
    )
    principal_of = {p.code: conflict.principal_of(p.code) for p in conflict.parties} if conflict is not None else {}
    party_of_country = (
        {p.country.iso2: p.code for p in conflict.parties if p.country and p.code in principals}
        if conflict is not None
        else {}
    )
    zone = conflict.zone if conflict is not None else None
    # a principal that answers for another party's armed group ("answered_for_by" in the casebook)
    answering = (
        sorted({p.answered_for_by for p in conflict.parties if p.answered_for_by}) if conflict is not None else []
    )
    doc = Document(
        text, published, gazetteer, finder, principals, countries, principal_of, party_of_country, zone, answering
    )
    headlines = set(doc.headlines)
    for index, seg in enumerate(doc.sentences):
        if index > 0 and seg in headlines:
            # a headline between the paragraphs of a copied page is another story's, linked from this one ("Four
            # Soldiers Killed, Three Wounded in Battle for Strategic Hill"): the report's own title opens it
            continue
        _sentence(doc, agreement_finder, index, seg)
    # the same toll told twice joins first ("… killing one soldier and injuring four" in the lead and at the place
    # in the body), so that the lead's mention does not join another incident of the day instead
    raw = fold_summed_leads([d for d in doc.drafts if d.type == "incident"])
    summed = leads_summed_by_places(raw)
    lead_tallies = [
        tally_of_a_lead(doc, lead, "a lead's toll that the places told after it add up to") for lead in summed
    ]
    raw = [d for d in raw if all(d is not lead for lead in summed)]
    told_twice = merge(raw, same_incident_and_toll)
    incidents = _without_recalled(
        doc,
        fold_acts_told_by_place(
            fold_summaries(fold_incursions(fold_general_fighting(merge(told_twice, same_incident))))
        ),
    )
    incidents = without_periods_named(incidents)
    share_the_leads_toll(incidents)
    meetings = merge([d for d in doc.drafts if d.type == "meeting"], same_meeting)
    refs = merge([d for d in doc.drafts if d.type == "agreement_ref"], lambda a, b: a.agreement == b.agreement)
    letters = merge(
        [d for d in doc.drafts if d.type == "letter"],
        lambda a, b: a.sender == b.sender and a.recipients == b.recipients,
    )
    # the same claim by two voices of one party (its army and its ministry, a group and its state) is one claim:
    # the codebook codes a claim per party
    side = doc.principal_of

    def party(code: str | None) -> str | None:
        return None if code is None else side.get(code, code)

    claims = merge(
        [d for d in doc.drafts if d.type == "claim"],
        lambda a, b: (party(a.claimant), party(a.accused), a.about) == (party(b.claimant), party(b.accused), b.about),
    )
    claims = _without_bare_denials(claims)
    infer_parties(doc, incidents, claims)
    statements = [d for d in doc.drafts if d.type == "statement"]
    statuses = [d for d in doc.drafts if d.type == "agreement_status"]
    name_the_reports_agreement(statuses, refs, agreement_finder.aliases)
    statuses = merge(statuses, same_status_change)
    # the same count by the same counter told twice (lead and body) is one tally
    tallies = merge(
        tally_drafts(doc) + lead_tallies,
        lambda a, b: (a.speaker, a.killed, a.injured, a.displaced) == (b.speaker, b.killed, b.injured, b.displaced),
    )
    for claim in claims:
        link_claim(doc, claim, incidents)
    kept = sorted(
        incidents + meetings + refs + letters + claims + statements + statuses + tallies,
        key=lambda d: min(d.spans)[0],
    )
    ids = {id(d): f"c{i}" for i, d in enumerate(kept, start=1)}
    names = {p.code: p.display_name for p in conflict.parties} if conflict is not None else {}
    return Extraction(published, [to_candidate(d, ids, names) for d in kept])


def publication_day(published: dt.date | dt.datetime, conflict: ConflictDefinition | None) -> dt.date:
    """The publication date in the conflict's time zone (a naive time, or no conflict: its own date)."""
    if not isinstance(published, dt.datetime):
        return published
    if published.tzinfo is None or conflict is None:
        return published.date()
    return published.astimezone(conflict.zone).date()


#: how many days before publication an incident told in one sentence after the report's own must lie to be context
RECALLED_INCIDENT_DAYS = 3


#: event words named as recent: "during recent border clashes", "a recent border clash"
_RECENT = re.compile(r"\brecent\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


def _without_recalled(doc: Document, incidents: list[Draft]) -> list[Draft]:
    """An earlier incident recalled in one sentence after the report's own ("This marks the fourth time … On Saturday,
    three soldiers were wounded by a landmine …" in a report of Tuesday's blast) is context, not coded (the codebook);
    one the report tells in more than one sentence ("In similar news, …. The explosion occurred …") stays."""
    news = next((d for d in incidents if d.date_own and d.date_start is not None), None)
    cutoff = doc.published - dt.timedelta(days=RECALLED_INCIDENT_DAYS)
    months_back = doc.published - dt.timedelta(days=RECALLED_MONTH_DAYS)
    kept = []
    for d in incidents:
        told_in = {i for i, seg in enumerate(doc.sentences) for a, _ in d.spans if seg.start <= a < seg.end}
        if (
            # "… to end hostilities following border clashes in July that killed at least 43" in November: fighting
            # of a month long past, named in passing, is the conflict's earlier phase
            dated_by_a_past_month(d, doc.published) and len(told_in) == 1
        ):
            continue
        if (
            d.precision != DatePrecision.DAY
            and d.spans
            and _RECENT.search(doc.text, max(0, d.spans[0][0] - 30), d.spans[0][0])
        ):
            # "recent border clashes had rendered the joint statement meaningless", "during recent border clashes": the
            # round of fighting named in passing, with no day of its own, is no happening the report tells
            continue
        if (
            # "In response, X launched a retaliatory rocket attack on Dec. 2, 2024", in a report of mid-January: a day
            # a month or more back, told in one sentence that makes no claim of it, is the report's background
            d.precision == DatePrecision.DAY
            and d.date_end is not None
            and d.date_end < months_back
            and len(told_in) == 1
            and not any(c.type == "claim" and c.sentence in told_in for c in doc.drafts)
        ):
            continue
        if (
            news is not None
            and news.date_start is not None
            and d is not news
            and d.date_own
            and d.date_end is not None
            and d.date_end <= cutoff
            and d.date_end < news.date_start
            and d.sentence > news.sentence
            and len(told_in) == 1
        ):
            continue
        kept.append(d)
    return kept


def _without_bare_denials(claims: list[Draft]) -> list[Draft]:
    """A bare denial says nothing more when the same party's specific denial is in the report."""
    specific = {c.claimant for c in claims if c.stance == "denies" and c.about != "denial"}
    return [c for c in claims if not (c.about == "denial" and c.claimant in specific)]


def _recalls_history(doc: Document, index: int, seg: Segment) -> bool:
    """Background: a sentence that recalls an earlier event, or goes on about one just recalled."""
    text, dates = seg.of(doc.text), within(doc.dates, seg)
    cue = is_background(text, dates, doc.published) or phase_began(text, dates, doc.published)
    if cue is None:
        # the report's own news is the first incident it dates
        first = next((d for d in doc.drafts if d.type == "incident" and d.date_own and d.date_start is not None), None)
        cue = recalls_earlier_event(text, dates, first.date_start if first else None, seg.start)
    if cue is None and recalled_after_a_frequency(doc, index, seg):
        cue = "an earlier one of the series the sentence before counts"
    if (
        cue is None
        and index - 1 in doc.background
        and continues_background(text, dates, doc.published)
        # "… have resulted in over 4,000 fatalities … since hostilities commenced in October 2023": a total counted
        # up to now, after a sentence of context, is still a tally
        and count_scope(text, dates, doc.published).scope != "tally"
    ):
        cue = f"continues the background of the sentence before ({doc.background[index - 1]})"
    if cue is None:
        return False
    doc.background[index] = cue
    return True


def _sentence(doc: Document, agreements: AgreementFinder, index: int, seg: Segment) -> None:
    scopes: list[tuple[int, int]] = []
    agreement_spans: list[tuple[int, int]] = []
    mentions = agreements.find(doc.text, seg.start, seg.end)
    for mention in mentions:
        draft = Draft("agreement_ref", "reference", index, mention.start, f"agreement name '{mention.alias.id}'")
        draft.agreement = mention.alias.id
        draft.provisions = list(mention.provisions)
        draft.spans = [(mention.start, mention.end), *mention.provision_spans]
        draft.evidence.append(f"agreement: '{doc.text[mention.start : mention.end]}' -> {mention.alias.id}")
        if mention.provisions:
            draft.evidence.append(f"provisions named after it: {', '.join(mention.provisions)}")
        if mention.alias.signed_on:
            draft.date_start = draft.date_end = mention.alias.signed_on
            draft.precision = DatePrecision.DAY
            draft.evidence.append("date: the agreement's signing date from the lookup")
        doc.drafts.append(draft)
        agreement_spans.append((mention.start, mention.end))
        if mention.scope:
            scopes.append(mention.scope)
    scopes.extend(find_statements(doc, index, seg))
    scopes.extend(find_letters(doc, index, seg))
    find_meetings(doc, index, seg, agreement_spans)
    if _recalls_history(doc, index, seg):
        draft_claims(doc, index, seg, mentions, agreements.aliases)
        return
    find_status_changes(doc, index, seg, mentions)
    incidents = find_incidents(doc, index, seg, scopes, agreement_spans)
    if not incidents:
        follow_anaphor(doc, index, seg, agreement_spans)
    attach_figures(doc, index, seg, incidents, agreement_spans)
    draft_claims(doc, index, seg, mentions, agreements.aliases)
