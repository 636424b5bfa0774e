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
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from truceline.extraction import summaries
from truceline.extraction.actors import DEFAULT_FINDER, PRINCIPALS, ActorEntry, ActorFinder, ActorMention
from truceline.extraction.agreements import DEFAULT_AGREEMENTS, AgreementAlias, AgreementFinder
from truceline.extraction.candidates import Candidate, Extraction, Figure, Span
from truceline.extraction.claims import find_claims
from truceline.extraction.dates import DateMention, find_dates, is_future
from truceline.extraction.figures import categorise
from truceline.extraction.kinds import WEAPON_KIND, find_kinds, find_weapons, modality
from truceline.extraction.numbers import find_quantities
from truceline.extraction.places import GazetteerLike, PlaceMention, find_places
from truceline.extraction.segments import Segment, clauses, conjunct, sentences
from truceline.vocabulary import DatePrecision, IncidentKind, LocationPrecision

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
    r"|\b(?P<other>talks|negotiations|meeting|(?:to|will)\s+meet|met|meets)\b",
    re.IGNORECASE,
)
_BOTH = re.compile(
    r"\b(?:both\s+(?:countries|sides|nations|governments|neighbou?rs)|the\s+two\s+(?:countries|sides))\b", re.I
)
_ANAPHOR = re.compile(r"\b[Tt]he\s+(?:blast|explosion|attack|strike|air\s*strike|incident|clash|shelling)\b")
_MINE_KINDS = (
    IncidentKind.LANDMINE_EXPLOSION,
    IncidentKind.MINE_EMPLACEMENT_OBSERVED,
    IncidentKind.MINES_FOUND,
    IncidentKind.WEAPONS_SEIZED,
)


@dataclass
class _Draft:
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
    parties: list[str] = field(default_factory=list)
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
    incident: _Draft | None = None
    sender: str | None = None
    recipients: list[str] = field(default_factory=list)
    body: str | None = None
    speaker: str | None = None
    demands: list[str] = field(default_factory=list)
    agreement: str | None = None
    provisions: list[str] = field(default_factory=list)
    merged: bool = False

    def add_parties(self, codes: Sequence[str]) -> None:
        for code in codes:
            if code not in self.parties:
                self.parties.append(code)

    def set_date(self, mention: DateMention, how: str) -> None:
        self.date_start, self.date_end, self.precision = mention.date_start, mention.date_end, mention.precision
        self.spans.append((mention.start, mention.end))
        self.evidence.append(f"date: {mention.rule}{how}")


def extract(
    text: str,
    published: dt.date,
    gazetteer: GazetteerLike | None = None,
    *,
    agreements: Sequence[AgreementAlias] = DEFAULT_AGREEMENTS,
    actors: Sequence[ActorEntry] | None = None,
) -> Extraction:
    """Propose the incidents, claims, meetings, letters, statements and agreement references in ``text``."""
    finder = DEFAULT_FINDER if actors is None else ActorFinder(actors)
    return _Extractor(text, published, gazetteer, AgreementFinder(agreements), finder).run()


class _Extractor:
    def __init__(
        self,
        text: str,
        published: dt.date,
        gazetteer: GazetteerLike | None,
        agreements: AgreementFinder,
        actor_finder: ActorFinder,
    ) -> None:
        self.text = text
        self.published = published
        self.agreements = agreements
        self.sentences = sentences(text)
        self.dates = find_dates(text, published)
        self.actors = actor_finder.find(text)
        self.places = [p for p in find_places(text, gazetteer) if not self._in_actor(p.start, p.end)]
        self.quantities = [
            q for q in find_quantities(text) if not any(d.start < q.end and q.start < d.end for d in self.dates)
        ]
        self.kinds = [k for k in find_kinds(text) if not self._in_actor(k.start, k.end)]
        self.weapons = [w for w in find_weapons(text) if not self._in_actor(w.start, w.end)]
        self.drafts: list[_Draft] = []
        self._clause_cache: dict[int, list[Segment]] = {}
        self.last_incident_date: _Draft | None = None
        self.mentions_border = any(p.precision == LocationPrecision.BORDER for p in self.places)

    def _in_actor(self, start: int, end: int) -> bool:
        return any(a.start < end and start < a.end for a in self.actors if a.kind == "body")

    # -- helpers --------------------------------------------------------------------------------
    @staticmethod
    def _within(items: Sequence, seg: Segment) -> list:
        return [i for i in items if seg.start <= i.start and i.end <= seg.end]

    def _speaker(self, seg: Segment, clause: Segment, position: int) -> ActorMention | None:
        """Who speaks or writes: the party named nearest before the verb; else the subject of the sentence before."""
        before = [a for a in self._within(self.actors, clause) if a.end <= position]
        if before:
            return before[-1]
        in_sentence = [a for a in self._within(self.actors, seg) if a.end <= position]
        if in_sentence:
            return in_sentence[-1]
        index = self.sentences.index(seg)
        if index > 0:
            previous = self._within(self.actors, self.sentences[index - 1])
            if previous:
                return previous[0]
        return None

    def _clauses(self, seg: Segment) -> list[Segment]:
        found = self._clause_cache.get(seg.start)
        if found is None:
            found = self._clause_cache[seg.start] = clauses(self.text, seg)
        return found

    def _clause_of(self, seg: Segment, position: int) -> Segment:
        for clause in self._clauses(seg):
            if clause.start <= position < clause.end:
                return clause
        return seg

    # -- the run --------------------------------------------------------------------------------
    def run(self) -> Extraction:
        for index, seg in enumerate(self.sentences):
            self._sentence(index, seg)
        incidents = self._merge([d for d in self.drafts if d.type == "incident"], self._same_incident)
        meetings = self._merge([d for d in self.drafts if d.type == "meeting"], self._same_meeting)
        refs = self._merge(
            [d for d in self.drafts if d.type == "agreement_ref"], lambda a, b: a.agreement == b.agreement
        )
        letters = self._merge(
            [d for d in self.drafts if d.type == "letter"],
            lambda a, b: a.sender == b.sender and a.recipients == b.recipients,
        )
        claims = self._merge(
            [d for d in self.drafts if d.type == "claim"],
            lambda a, b: (a.claimant, a.accused, a.about) == (b.claimant, b.accused, b.about),
        )
        statements = [d for d in self.drafts if d.type == "statement"]
        for claim in claims:
            self._link(claim, incidents)
        kept = sorted(incidents + meetings + refs + letters + claims + statements, key=lambda d: min(d.spans)[0])
        ids = {id(d): f"c{i}" for i, d in enumerate(kept, start=1)}
        return Extraction(self.published, [self._candidate(d, ids) for d in kept])

    def _sentence(self, index: int, seg: Segment) -> None:
        scopes: list[tuple[int, int]] = []
        agreement_spans: list[tuple[int, int]] = []
        for mention in self.agreements.find(self.text, seg.start, seg.end):
            draft = _Draft("agreement_ref", "reference", index, mention.start, f"agreement name '{mention.alias.id}'")
            draft.agreement = mention.alias.id
            draft.provisions = list(mention.provisions)
            draft.spans = [(mention.start, mention.end), *mention.provision_spans]
            draft.evidence.append(f"agreement: '{self.text[mention.start : mention.end]}' -> {mention.alias.id}")
            if mention.provisions:
                draft.evidence.append(f"provisions named after it: {', '.join(mention.provisions)}")
            if mention.alias.signed_on:
                draft.date_start = draft.date_end = mention.alias.signed_on
                draft.precision = DatePrecision.DAY
                draft.evidence.append("date: the agreement's signing date from the lookup")
            self.drafts.append(draft)
            agreement_spans.append((mention.start, mention.end))
            if mention.scope:
                scopes.append(mention.scope)
        scopes.extend(self._statements(index, seg))
        scopes.extend(self._letters(index, seg))
        self._meetings(index, seg, agreement_spans)
        incidents = self._incidents(index, seg, scopes, agreement_spans)
        if not incidents:
            self._anaphor(index, seg, agreement_spans)
        self._figures(index, seg, incidents, agreement_spans)
        self._claims(index, seg)

    # -- statements, letters, meetings ------------------------------------------------------------
    def _statements(self, index: int, seg: Segment) -> list[tuple[int, int]]:
        scopes = []
        for m in _STATEMENT.finditer(self.text, seg.start, seg.end):
            clause = self._clause_of(seg, m.start())
            speaker = self._speaker(seg, clause, m.start())
            if speaker is None:
                continue
            kind = "demand" if m.group("demand") else "condemnation" if m.group("condemn") else "welcome"
            draft = _Draft("statement", kind, index, m.start(), f"statement verb '{m.group(0)}'")
            draft.speaker = speaker.code
            draft.spans = [(speaker.start, speaker.end), (m.start(), m.end())]
            draft.evidence.append(f"speaker: '{self.text[speaker.start : speaker.end]}' -> {speaker.code}")
            draft.add_parties([speaker.code])
            tail = self.text[m.end() : seg.end]
            if _BOTH.search(tail):
                draft.add_parties(list(PRINCIPALS))
            draft.add_parties([a.code for a in self._within(self.actors, Segment(m.end(), seg.end))])
            if kind == "demand":
                for code, pattern in _DEMANDS.items():
                    found = pattern.search(self.text, m.end(), seg.end)
                    if found:
                        draft.demands.append(code)
                        draft.spans.append((found.start(), found.end()))
                draft.demands.sort(key=lambda c: _DEMANDS[c].search(self.text, m.end(), seg.end).start())  # type: ignore[union-attr]
            self._date_for_statement(draft, seg, m.start())
            self.drafts.append(draft)
            scopes.append((m.start(), seg.end))
            break
        return scopes

    def _date_for_statement(self, draft: _Draft, seg: Segment, position: int) -> None:
        dates = self._within(self.dates, seg)
        if dates:
            nearest = min(dates, key=lambda d: abs(d.start - position))
            draft.set_date(nearest, "")
        else:
            draft.date_start, draft.date_end = self.published - dt.timedelta(days=2), self.published
            draft.precision = DatePrecision.DAYS
            draft.evidence.append("date: none given; the days just before publication")

    def _letters(self, index: int, seg: Segment) -> list[tuple[int, int]]:
        m = _LETTER.search(self.text, seg.start, seg.end)
        if not m:
            return []
        clause = self._clause_of(seg, m.start())
        sender = self._speaker(seg, clause, m.start())
        if sender is None:
            return []
        via = re.search(r"\b(?:via|through)\b", self.text[m.end() : seg.end])
        stop = m.end() + via.start() if via else seg.end
        after = [a for a in self._within(self.actors, Segment(m.end(), stop)) if a.code != sender.code]
        states = [a for a in after if a.kind != "body"]
        recipients = list(dict.fromkeys(a.code for a in states)) or (
            [PRINCIPALS[sender.code]] if sender.code in PRINCIPALS else []
        )
        kind = "clarification_request" if re.search(r"clarification|Article\s+8", m.group(0), re.I) else "protest"
        planned = is_future(self.text, m.start(), floor=seg.start)
        bodies = [a.code for a in after if a.kind == "body"]
        for recipient in recipients:
            draft = _Draft("letter", kind, index, m.start(), f"letter words '{m.group(0)}'")
            draft.sender = sender.code
            draft.recipients = [recipient]
            draft.planned = planned
            draft.modality = "declared" if planned else "carried_out"
            draft.spans = [(sender.start, sender.end), (m.start(), m.end())]
            draft.spans += [(a.start, a.end) for a in after if a.code == recipient]
            draft.add_parties([sender.code, recipient])
            if recipient == "ZM" or recipient not in PRINCIPALS:
                draft.add_parties(bodies)
                draft.spans += [(a.start, a.end) for a in after if a.kind == "body"]
            draft.evidence.append(f"sender '{self.text[sender.start : sender.end]}', recipient {recipient}")
            if not states:
                draft.evidence.append("no recipient named: the other principal")
            dates = [d for d in self._within(self.dates, seg) if not d.speech]
            if dates:
                draft.set_date(min(dates, key=lambda d: abs(d.start - m.start())), "")
            elif not planned:
                draft.date_start = draft.date_end = self.published
                draft.precision = DatePrecision.DAYS
                draft.evidence.append("date: none given; by the publication date")
            self.drafts.append(draft)
        return [(m.start(), seg.end)]

    def _meetings(self, index: int, seg: Segment, agreement_spans: list[tuple[int, int]]) -> None:
        words = [
            m
            for m in _MEETING.finditer(self.text, seg.start, seg.end)
            if not any(s <= m.start() < e for s, e in agreement_spans)
        ]
        named = [m for m in words if not m.group("other")]
        for m in named or words[:1]:
            self._meeting(index, seg, m)

    def _meeting(self, index: int, seg: Segment, m: re.Match[str]) -> None:
        body = next(k for k in ("gbc", "rbc", "jbc", "summit", "other") if m.group(k))
        conj = conjunct(self.text, seg, m.start(), m.end())
        dates = [d for d in self._within(self.dates, seg) if not d.speech]
        future = is_future(self.text, m.start(), floor=seg.start) or bool(
            re.search(r"\b(?:will|to)\s+(?:meet|resume|hold)\b", self.text[conj.start : conj.end])
        )
        if not dates and not future:
            return
        kind = body.upper() if body in ("gbc", "rbc", "jbc") else body
        draft = _Draft("meeting", kind, index, m.start(), f"meeting words '{m.group(0)}'")
        draft.body = kind
        draft.spans = [(m.start(), m.end())]
        if dates:
            near = [d for d in dates if conj.start <= d.start < conj.end + 40] or dates
            draft.set_date(min(near, key=lambda d: abs(d.start - m.start())), "")
        draft.planned = future or (draft.date_start is not None and draft.date_start > self.published)
        draft.modality = "declared" if draft.planned else "carried_out"
        draft.add_parties([a.code for a in self._within(self.actors, seg)])
        places = [p for p in self._within(self.places, seg) if p.place_id]
        if places:
            best = min(places, key=lambda p: abs(p.start - m.start()))
            draft.place = best
            draft.spans.append((best.start, best.end))
        self.drafts.append(draft)

    # -- incidents and figures -----------------------------------------------------------------------
    def _incidents(
        self, index: int, seg: Segment, scopes: list[tuple[int, int]], agreement_spans: list[tuple[int, int]]
    ) -> list[_Draft]:
        by_kind: dict[str, _Draft] = {}
        sentence_kinds = {k.kind for k in self._within(self.kinds, seg)}
        for km in self._within(self.kinds, seg):
            if any(s <= km.start < e for s, e in scopes + agreement_spans):
                continue
            clause = self._clause_of(seg, km.start)
            mode = modality(self.text, clause.start, km.start)
            if mode == "demanded":
                continue
            conj = conjunct(self.text, seg, km.start, km.end)
            draft = by_kind.get(km.kind.value)
            if draft is None:
                draft = _Draft(
                    "incident", km.kind.value, index, km.start, f"event words '{self.text[km.start : km.end]}'"
                )
                draft.modality = mode
                draft.planned = mode == "declared"
                by_kind[km.kind.value] = draft
            draft.spans.append((km.start, km.end))
            draft.evidence.append(f"trigger '{km.trigger}': '{self.text[km.start : km.end]}' ({mode})")
            for actor in self._within(self.actors, conj):
                draft.add_parties([actor.code])
                draft.spans.append((actor.start, actor.end))
            for weapon in self._within(self.weapons, conj):
                implied = WEAPON_KIND.get(weapon.name)
                if implied is not None and implied != km.kind and implied in sentence_kinds:
                    continue
                if weapon.name not in draft.weapons:
                    draft.weapons.append(weapon.name)
                    draft.spans.append((weapon.start, weapon.end))
        drafts = list(by_kind.values())
        for draft in drafts:
            self._date_and_place(draft, index, seg, agreement_spans)
            if draft.kind == IncidentKind.ARMED_CLASH.value or not draft.parties:
                principals = {a.code for a in self.actors if a.code in PRINCIPALS}
                if draft.kind == IncidentKind.ARMED_CLASH.value and principals:
                    draft.add_parties(sorted(principals, key=lambda c: c != "TH"))
                    draft.evidence.append("parties: an armed clash involves the principals named in the text")
        self.drafts.extend(drafts)
        return drafts

    def _date_and_place(self, draft: _Draft, index: int, seg: Segment, agreement_spans: list[tuple[int, int]]) -> None:
        dates = [d for d in self._within(self.dates, seg) if not any(s <= d.start < e for s, e in agreement_spans)]
        plain = [d for d in dates if not d.speech]
        if plain or dates:
            pool = plain or dates
            draft.set_date(
                min(pool, key=lambda d: abs(d.start - draft.anchor)), "" if plain else " (date of the statement)"
            )
            draft.date_own = bool(plain)
            self.last_incident_date = draft
        elif self.last_incident_date is not None:
            source = self.last_incident_date
            draft.date_start, draft.date_end, draft.precision = source.date_start, source.date_end, source.precision
            draft.evidence.append("date: none in the sentence; inherited from the last dated incident")
        else:
            draft.date_start, draft.date_end = self.published - dt.timedelta(days=30), self.published
            draft.precision = DatePrecision.MONTH
            draft.evidence.append("date: none given; the month before publication")
        places = self._within(self.places, seg)
        if places:
            best = min(places, key=lambda p: (p.rank, abs(p.start - draft.anchor)))
            draft.place = best
            draft.spans.append((best.start, best.end))
            draft.evidence.append(f"place: {best.rule}")
            return
        for earlier in reversed(self.drafts):
            if (
                earlier.type == "incident"
                and earlier.place
                and index - earlier.sentence <= 2
                and earlier.place.place_id
            ):
                draft.place = earlier.place
                draft.evidence.append("place: none in the sentence; that of an incident just before")
                return
        if self.mentions_border:
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

    def _figures(
        self, index: int, seg: Segment, incidents: list[_Draft], agreement_spans: list[tuple[int, int]]
    ) -> None:
        for quantity in self._within(self.quantities, seg):
            clause = self._clause_of(seg, quantity.start)
            found = categorise(self.text, quantity, seg.start, seg.end)
            if found is None:
                continue
            target = min(incidents, key=lambda d: abs(d.anchor - quantity.start)) if incidents else None
            if target is None:
                target = self._recent_incident(index, found.category)
            if target is None:
                target = _Draft(
                    "incident",
                    IncidentKind.ARMED_CLASH.value,
                    index,
                    quantity.start,
                    "casualty or displacement figures with no event word: the conflict's toll",
                )
                target.spans.append((clause.start, clause.start))
                self._date_and_place(target, index, seg, agreement_spans)
                target.add_parties(
                    sorted({a.code for a in self.actors if a.code in PRINCIPALS}, key=lambda c: c != "TH")
                )
                incidents.append(target)
                self.drafts.append(target)
            current = getattr(target, found.category)
            if current is None or found.figure.magnitude > current.magnitude:
                setattr(target, found.category, found.figure)
            target.spans.append((found.start, found.end))
            target.evidence.append(f"figure: {found.rule} ('{self.text[found.start : found.end]}')")

    def _anaphor(self, index: int, seg: Segment, agreement_spans: list[tuple[int, int]]) -> None:
        """'The blast happened on Monday in …': the date and place of an incident named just before."""
        m = _ANAPHOR.search(self.text, seg.start, seg.end)
        if m is None:
            return
        earlier = next((d for d in reversed(self.drafts) if d.type == "incident" and 0 < index - d.sentence <= 2), None)
        if earlier is None:
            return
        probe = _Draft("incident", earlier.kind, index, m.start(), f"anaphor '{m.group(0)}'")
        probe.spans.append((m.start(), m.end()))
        last = self.last_incident_date
        self._date_and_place(probe, index, seg, agreement_spans)
        self.last_incident_date = last if not probe.date_own else probe
        if probe.place is not None and probe.place.place_id is None:
            probe.place = None
        _absorb(earlier, probe)

    def _recent_incident(self, index: int, category: str) -> _Draft | None:
        """An incident of the one or two sentences before, for a count that follows it ("the other two were hurt")."""
        for earlier in reversed(self.drafts):
            if earlier.type != "incident" or index - earlier.sentence > 2:
                continue
            if earlier.kind != IncidentKind.ARMED_CLASH.value or getattr(earlier, category) is not None:
                earlier.evidence.append("figure from a following sentence")
                return earlier
        return None

    # -- claims ------------------------------------------------------------------------------------
    def _claims(self, index: int, seg: Segment) -> None:
        actors = self._within(self.actors, seg)
        inherited = actors[0].code if actors else None
        found: list[_Draft] = []
        for clause in self._clauses(seg):
            for mention in find_claims(self.text, (clause.start, clause.end), (seg.start, seg.end), actors, inherited):
                draft = _Draft("claim", mention.assertion.value, index, mention.start, mention.rule)
                draft.claimant, draft.accused = mention.claimant, mention.accused
                draft.about, draft.stance = mention.assertion.value, mention.stance.value
                draft.spans = list(mention.spans)
                named = [a for a in actors if a.code == mention.claimant and a.start < mention.spans[-1][1]]
                if named:
                    draft.spans.append((named[-1].start, named[-1].end))
                draft.add_parties([c for c in (mention.claimant, mention.accused) if c])
                draft.evidence.append(mention.rule)
                dates = [d for d in self._within(self.dates, seg) if d.speech]
                if dates:
                    draft.set_date(dates[0], " (when the claim was made)")
                else:
                    draft.date_start = draft.date_end = self.published
                    draft.precision = DatePrecision.DAYS
                    draft.evidence.append("date: when claimed, by the publication date")
                found.append(draft)
                inherited = mention.claimant
        for draft in found:
            specific = any(o is not draft and o.claimant == draft.claimant and o.stance == "denies" for o in found)
            if draft.about == "denial" and specific:
                continue  # a bare denial next to the claimant's own account says nothing more
            self.drafts.append(draft)

    def _link(self, claim: _Draft, incidents: list[_Draft]) -> None:
        mine = claim.about in ("newly_laid_mines", "legacy_mines")
        pool = [i for i in incidents if (i.kind in _MINE_KINDS) == mine or (not mine and i.kind in _HOSTILE)]
        if not pool:
            return

        def score(incident: _Draft) -> tuple[int, int, int]:
            rank = _MINE_KINDS.index(IncidentKind(incident.kind)) if mine else 0
            sentences_apart = min(abs(claim.sentence - s) for s in incident_sentences(incident))
            after = 0 if any(s <= claim.sentence for s in incident_sentences(incident)) else 1
            return (
                (sentences_apart > 1, rank, after * 100 + sentences_apart)
                if not mine
                else (rank, after, sentences_apart)
            )

        def incident_sentences(incident: _Draft) -> list[int]:
            return [self._sentence_index(s) for s, _ in incident.spans]

        best = min(pool, key=score)
        claim.incident = best
        claim.evidence.append(f"concerns the {best.kind} incident (nearest of a fitting kind)")

    def _sentence_index(self, position: int) -> int:
        for i, seg in enumerate(self.sentences):
            if seg.start <= position <= seg.end:
                return i
        return 0

    # -- merging -------------------------------------------------------------------------------------
    @staticmethod
    def _overlap(a: _Draft, b: _Draft) -> bool:
        if a.date_start is None or b.date_start is None or a.date_end is None or b.date_end is None:
            return a.date_start is None and b.date_start is None
        return a.date_start <= b.date_end and b.date_start <= a.date_end

    def _same_incident(self, a: _Draft, b: _Draft) -> bool:
        if a.kind != b.kind or a.planned != b.planned or not self._overlap(a, b):
            return False
        pa = a.place.place_id if a.place else None
        pb = b.place.place_id if b.place else None
        return pa is None or pb is None or pa == pb

    def _same_meeting(self, a: _Draft, b: _Draft) -> bool:
        if a.date_start is None or b.date_start is None:
            return a.body == b.body
        return self._overlap(a, b) and (a.body == b.body or "other" in (a.body, b.body) or "summit" in (a.body, b.body))

    @staticmethod
    def _merge(drafts: list[_Draft], same: object) -> list[_Draft]:
        kept: list[_Draft] = []
        for draft in drafts:
            target = next((k for k in kept if same(k, draft)), None)  # type: ignore[operator]
            if target is None:
                kept.append(draft)
                continue
            _absorb(target, draft)
        return kept

    # -- output --------------------------------------------------------------------------------------
    def _candidate(self, d: _Draft, ids: dict[int, str]) -> Candidate:
        place = d.place
        return Candidate(
            id=ids[id(d)],
            type=d.type,  # type: ignore[arg-type]
            kind=d.kind,
            text=_summary(d),
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


def _absorb(target: _Draft, other: _Draft) -> None:
    """Fold a second mention of the same record into the first: union spans, keep the more precise facts."""
    target.spans.extend(other.spans)
    target.evidence.append(f"merged with a later mention ({other.rule})")
    target.evidence.extend(other.evidence)
    target.add_parties(other.parties)
    for weapon in other.weapons:
        if weapon not in target.weapons:
            target.weapons.append(weapon)
    for name in ("killed", "injured", "displaced"):
        mine, theirs = getattr(target, name), getattr(other, name)
        if theirs is not None and (mine is None or theirs.magnitude > mine.magnitude):
            setattr(target, name, theirs)
    if other.precision is not None and (
        target.precision is None
        or (other.date_own and not target.date_own)
        or (other.date_own == target.date_own and _PRECISION_RANK[other.precision] < _PRECISION_RANK[target.precision])
    ):
        target.date_start, target.date_end, target.precision = other.date_start, other.date_end, other.precision
        target.date_own = other.date_own
    if other.place is not None and (target.place is None or other.place.rank < target.place.rank):
        target.place = other.place
    if target.body in (None, "other", "summit") and other.body not in (None, "other", "summit"):
        target.body = target.kind = other.body  # type: ignore[assignment]
    for provision in other.provisions:
        if provision not in target.provisions:
            target.provisions.append(provision)
    for demand in other.demands:
        if demand not in target.demands:
            target.demands.append(demand)


_PRECISION_RANK = {p: i for i, p in enumerate(DatePrecision)}


def _normalise_spans(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _summary(d: _Draft) -> str:
    when = summaries.when(d.date_start, d.date_end, d.precision.value if d.precision else None)
    if d.type == "incident":
        kind = d.kind.replace("_", " ")
        where = (
            f" at {d.place.name}"
            if d.place and d.place.place_id
            else " along the border"
            if d.place and d.place.precision == LocationPrecision.BORDER
            else ""
        )
        parts = [
            f"{'Announced or threatened ' if d.planned else ''}{kind} involving "
            f"{summaries.parties(d.parties)}{where}, {when}"
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
            accused=summaries.party(d.accused)
        )
        verb = "asserts" if d.stance == "accuses" else "counters that"
        return f"{summaries.party(d.claimant)} {verb} {phrase}."
    if d.type == "meeting":
        status = "planned" if d.planned else "held"
        return f"{d.body} meeting ({status}) {when}, parties: {summaries.parties(d.parties)}."
    if d.type == "letter":
        status = "announced" if d.planned else "sent"
        letter = d.kind.replace("_", " ").capitalize()
        return f"{letter} letter from {summaries.party(d.sender)} to {summaries.parties(d.recipients)} ({status})."
    if d.type == "statement":
        demands = ", ".join(summaries.DEMAND_PHRASES.get(x, x) for x in d.demands)
        tail = f" asking the parties to: {demands}" if demands else ""
        return f"Statement ({d.kind}) by {summaries.party(d.speaker)} {when}{tail}."
    provisions = ", ".join(p.replace("_", " ") for p in d.provisions)
    return (
        f"Reference to agreement {d.agreement}" + (f"; provisions mentioned: {provisions}" if provisions else "") + "."
    )
