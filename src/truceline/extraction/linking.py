"""Claims, clause by clause, and the incident each one concerns.

Each clause's claims (:func:`truceline.extraction.claims.find_claims`) become drafts dated when
the claim was made (a date attached to "said", else the publication date); a bare denial next to
the claimant's own account is dropped. After merging, each claim links to the nearest incident
of a fitting kind: mine claims to mine incidents, other claims to any other incident (a landmine
explosion included).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from truceline.extraction.actors import ActorMention
from truceline.extraction.agreements import AgreementAlias, AgreementMention, ceasefire_in_force
from truceline.extraction.answers import raised_before
from truceline.extraction.claims import (
    ASSERTING,
    PASSIVE_ACCUSED,
    REPORTED_ACCUSATION,
    ClaimMention,
    addressed,
    agent_of_act,
    find_claims,
    in_quotation,
)
from truceline.extraction.document import Document, within
from truceline.extraction.drafts import Draft
from truceline.extraction.segments import Segment
from truceline.extraction.speakers import continues_quotation, object_relative_accusation
from truceline.vocabulary import ClaimAssertion as A
from truceline.vocabulary import ClaimStance as S
from truceline.vocabulary import DatePrecision, IncidentKind

__all__ = ["draft_claims", "link_claim"]


_MINE_KINDS = (
    IncidentKind.LANDMINE_EXPLOSION,
    IncidentKind.MINE_EMPLACEMENT_OBSERVED,
    IncidentKind.MINES_FOUND,
    IncidentKind.WEAPONS_SEIZED,
)

_HOSTILE = {
    k.value
    for k in (
        IncidentKind.ARMED_CLASH,
        IncidentKind.AIR_STRIKE,
        IncidentKind.DRONE_STRIKE,
        IncidentKind.SHELLING,
        IncidentKind.ATTACK_ON_CIVILIANS,
        IncidentKind.LANDMINE_EXPLOSION,
    )
}


def draft_claims(
    doc: Document,
    index: int,
    seg: Segment,
    agreements: Sequence[AgreementMention] = (),
    lookup: Sequence[AgreementAlias] = (),
) -> None:
    """The claims of one sentence; a claim names the agreement the sentence names (the nearest, when it
    names several), with the provisions named after it: what the claim says was broken or kept. A
    sentence that names none but speaks of "violating the ceasefire" (or truce) names the ceasefire in
    force when the claim was made: the latest one of the ``lookup`` signed by then."""
    actors = within(doc.actors, seg)
    inherited = _speaker_carried_over(doc, index, seg, actors)
    quoted = continues_quotation(doc.text, doc.sentences[index - 1] if index else None, seg) and inherited is not None
    found: list[Draft] = []
    previous: tuple[int, int] | None = None
    for clause in doc.clauses(seg):
        antecedent: str | None = None
        speaker = inherited
        if previous is not None and object_relative_accusation(doc.text, previous[1], clause.end):
            # "He contrasted this with X forces, which he accused of targeting …": the party the pronoun stands for is
            # the accused; who speaks is who spoke before
            named = [a for a in actors if previous[0] <= a.start < previous[1]]
            antecedent = named[-1].code if named else None
            speaker = _earlier_claimant(doc, index) or inherited
        elif previous is not None and _RELATIVE.fullmatch(doc.text, previous[1], clause.start):
            # "…, contradicting claims made by X, who filed a complaint … accusing Y": the relative clause
            # speaks for the party its pronoun refers to, the last one named before it
            named = [a for a in actors if previous[0] <= a.start < previous[1]]
            if named:
                inherited = speaker = named[-1].code
        # "…presented a different account, saying X forces fired first": the clause after the split is what the speaker
        # says, its verb left in the joint
        said = previous is not None and _SAYING_JOINT.fullmatch(doc.text, previous[1], clause.start) is not None
        previous = (clause.start, clause.end)
        for mention in find_claims(
            doc.text,
            (clause.start, clause.end),
            (seg.start, seg.end),
            actors,
            speaker,
            doc.opposite,
            doc.principal_of,
            quoted or (said and speaker is not None),
        ):
            if (
                antecedent is not None
                and mention.stance == S.ACCUSES
                and _sides_differ(doc, antecedent, mention.claimant)
            ):
                mention = replace(mention, accused=antecedent)
            accused_before = _denier_accused_before(doc, index, clause, actors, mention)
            if accused_before is not None:
                mention = replace(mention, claimant=accused_before)
            draft = Draft("claim", mention.assertion.value, index, mention.start, mention.rule)
            draft.claimant, draft.accused = mention.claimant, mention.accused
            draft.about, draft.stance = mention.assertion.value, mention.stance.value
            draft.spans = list(mention.spans)
            named = [a for a in actors if a.code == mention.claimant and a.start < mention.spans[-1][1]]
            if named:
                draft.spans.append((named[-1].start, named[-1].end))
            draft.add_parties([c for c in (mention.claimant, mention.accused) if c])
            draft.evidence.append(mention.rule)
            _name_agreement(doc, draft, agreements, lookup, seg)
            dates = [d for d in within(doc.dates, seg) if d.speech]
            if dates:
                draft.set_date(dates[0], " (when the claim was made)")
            else:
                draft.date_start = draft.date_end = doc.published
                draft.precision = DatePrecision.DAYS
                draft.evidence.append("date: when claimed, by the publication date")
            found.append(draft)
            if not mention.rule.startswith(REPORTED_ACCUSATION):
                inherited = mention.claimant
    for draft in found:
        specific = any(o is not draft and o.claimant == draft.claimant and o.stance == "denies" for o in found)
        if draft.about == "denial" and specific:
            continue  # a bare denial next to the claimant's own account says nothing more
        doc.drafts.append(draft)
    doc.drafts.extend(raised_before(doc, index, [d for d in found if d.stance == "denies"]))


_RELATIVE = re.compile(r"\s*,\s+who\s+")
_SAYING_JOINT = re.compile(r"\s*,\s+saying\s+")


def _denier_accused_before(
    doc: Document, index: int, clause: Segment, actors: Sequence[ActorMention], mention: ClaimMention
) -> str | None:
    """Who denies in "X said …, blaming Y. The group denied involvement.": a plain denial whose speaker
    the clause does not name, right after a sentence in which the speaker carried over accused another party, is the
    accused's answer (a party does not deny its own accusation). Its own fire told as defence after its accusation
    stays the accuser's ("They described the shelling as a defensive measure")."""
    if mention.assertion not in (A.DENIAL, A.FABRICATED) or index == 0 or mention.rule.startswith(REPORTED_ACCUSATION):
        return None
    if any(clause.start <= a.start < mention.spans[0][0] for a in actors):
        return None  # the denier is named
    before = [d for d in doc.drafts if d.type == "claim" and d.sentence == index - 1 and d.stance == "accuses"]
    if not before or before[-1].claimant != mention.claimant or before[-1].accused is None:
        return None
    return before[-1].accused


def _earlier_claimant(doc: Document, index: int) -> str | None:
    """Who made the last claim of the sentences before (not one told only inside a denial)."""
    said = next(
        (
            d
            for d in reversed(doc.drafts)
            if d.type == "claim" and d.sentence < index and not d.rule.startswith(REPORTED_ACCUSATION)
        ),
        None,
    )
    return said.claimant if said is not None else None


def _sides_differ(doc: Document, a: str, b: str) -> bool:
    return doc.principal_of.get(a, a) != doc.principal_of.get(b, b)


_BROKEN_CEASEFIRE = re.compile(
    r"\b(?:violat\w*|breach\w*|break(?:s|ing)?|broke(?:n)?)\s+(?:of\s+)?(?:the|a|this)\s+(?:\w+\s+){0,2}?"
    r"(?:cease-?fire|truce)\b",
    re.IGNORECASE,
)


def _name_agreement(
    doc: Document,
    draft: Draft,
    agreements: Sequence[AgreementMention],
    lookup: Sequence[AgreementAlias],
    seg: Segment,
) -> None:
    if not agreements:
        said = _BROKEN_CEASEFIRE.search(doc.text, seg.start, seg.end)
        meant = ceasefire_in_force(lookup, draft.date_start or doc.published) if said else None
        if said is not None and meant is not None:
            draft.agreement = meant.id
            draft.spans.append((said.start(), said.end()))
            draft.evidence.append(f"agreement: '{said.group(0)}' -> {meant.id}, the ceasefire in force by then")
        return
    at = draft.spans[0][0]
    named = min(agreements, key=lambda m: min(abs(m.start - at), abs(m.end - at)))
    draft.agreement = named.alias.id
    draft.provisions = list(named.provisions)
    draft.spans.append((named.start, named.end))
    draft.evidence.append(
        f"agreement: '{doc.text[named.start : named.end]}' -> {named.alias.id}"
        + (f", provisions {', '.join(named.provisions)}" if named.provisions else "")
    )


def link_claim(doc: Document, claim: Draft, incidents: list[Draft]) -> None:
    mine = claim.about in ("newly_laid_mines", "legacy_mines")
    pool = [i for i in incidents if (i.kind in _MINE_KINDS) == mine or (not mine and i.kind in _HOSTILE)]
    if not pool:
        return

    def score(incident: Draft) -> tuple[int, int, int]:
        rank = _MINE_KINDS.index(IncidentKind(incident.kind)) if mine else 0
        sentences_apart = min(abs(claim.sentence - s) for s in incident_sentences(incident))
        after = 0 if any(s <= claim.sentence for s in incident_sentences(incident)) else 1
        return (
            (sentences_apart > 1, rank, after * 100 + sentences_apart) if not mine else (rank, after, sentences_apart)
        )

    def incident_sentences(incident: Draft) -> list[int]:
        return [doc.sentence_index(s) for s, _ in incident.spans]

    best = min(pool, key=score)
    claim.incident = best
    claim.evidence.append(f"concerns the {best.kind} incident (nearest of a fitting kind)")


def _speaker_carried_over(doc: Document, index: int, seg: Segment, actors: Sequence[ActorMention]) -> str | None:
    """Who speaks in a sentence that does not say: its first party, when named before its first verb of
    saying; else who made a claim in the one or two sentences before ("She added that …" after her quoted
    words); else the first party of those sentences ("The ministry said such ordnance was …" after a
    sentence on the ministry's statement). A party named only inside what is said is not its speaker."""
    verb = ASSERTING.search(doc.text, seg.start, seg.end)
    # a party named inside the quotation that opens the sentence is what is said, not who says it
    speakers = [
        a
        for a in actors
        if not in_quotation(doc.text, seg.start, a.start, verb.start() if verb else None)
        and not agent_of_act(doc.text, a.start)
        # "X, however, is accused of …": the one accused is not who speaks
        and not PASSIVE_ACCUSED.match(doc.text, a.end, min(seg.end, a.end + 40))
    ]
    if speakers and (verb is None or speakers[0].start < verb.start()):
        return speakers[0].code
    # "She added that …" after her quoted words: who made the last claim just before
    # an accusation told only inside a denial ("rejected allegations that its military fired …") is not who
    # speaks next: the denier is
    said = next(
        (
            d
            for d in reversed(doc.drafts)
            if d.type == "claim" and 1 <= index - d.sentence <= 3 and not d.rule.startswith(REPORTED_ACCUSATION)
        ),
        None,
    )
    if said is not None and said.claimant and said.sentence == index - 1:
        return said.claimant
    # "X said its soldiers came under fire. “…,” an army spokesman said": the speaker of the sentence
    # just before, when it names one before its verb of saying, is nearer than a claim further back
    if index >= 1 and index - 1 not in doc.background:
        before = doc.sentences[index - 1]
        verb_before = ASSERTING.search(doc.text, before.start, before.end)
        if verb_before is not None:
            # "On the issue of troop movements raised by X, the army confirmed …": who raised it does not speak
            named = [
                a
                for a in within(doc.actors, before)
                if a.start < verb_before.start() and not agent_of_act(doc.text, a.start)
            ]
            if named and not in_quotation(doc.text, before.start, named[0].start, verb_before.start()):
                return named[0].code
    if said is not None and said.claimant:
        return said.claimant
    for back in (1, 2):
        if index - back < 0:
            break
        earlier = doc.sentences[index - back]
        # "lodged a protest with their X counterparts": who is spoken to is not who speaks; nor is a party named
        # inside a quotation the sentence opens ("“A group of X soldiers opened fire … Y forces then returned
        # fire,” he explained.": the quotation runs over two sentences)
        previous = [
            a
            for a in within(doc.actors, earlier)
            if not addressed(doc.text, earlier.start, a.start) and not in_quotation(doc.text, earlier.start, a.start)
        ]
        if previous:
            return previous[0].code
    return actors[0].code if actors else None
