"""Which incidents break which provisions in force, and which commitments are overdue.

:func:`evaluate` is a pure function of :class:`~truceline.compliance.records.Records` and a
date ``as_of``: the same records and ``as_of`` always give the same :class:`Assessment`, so any
past verdict can be recomputed. It imports no database, web or settings code; geography comes in
through an injected :class:`~truceline.compliance.zones.ZoneIndex`.

The method (attribution, statuses, in-force logic, the rules for uncertain dates and places) is
documented in ``docs/compliance.md``; the short version:

For every incident that began on or before ``as_of``, for every party it is attributed to (by an
accusing claim made on or before ``as_of``, or by a final observer finding), for every prohibition
binding that party, in force for all of the incident's dates, whose forbidden kinds include the
incident's kind and whose zone (if any) contains its place, there is a :class:`Violation` whose
status comes from the claims and the findings, with the chain of reasons.

This module holds the attribution and verdict engine and the entry points (:func:`evaluate`,
:func:`evaluate_naive`, :func:`provision_states`). The result types are in
:mod:`~truceline.compliance.results`, the in-force logic in :mod:`~truceline.compliance.in_force`,
the reading of claims and findings in :mod:`~truceline.compliance.claims`, geography in
:mod:`~truceline.compliance.zones` and commitment statuses in :mod:`~truceline.compliance.commitments`.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections import defaultdict
from dataclasses import dataclass, field
from operator import attrgetter
from typing import Any

from truceline.compliance.claims import ClaimView, claim_view, counting_findings, finding_line
from truceline.compliance.commitments import commitment_status
from truceline.compliance.in_force import (
    AFTER,
    BEFORE,
    STRADDLES,
    WITHIN,
    AsOf,
    Clock,
    Suspension,
    Window,
    agreement_ending,
    agreement_suspensions,
    aware,
    compile_window,
    party_label,
)
from truceline.compliance.records import FindingRecord, IncidentFacts, ProvisionRule, Records
from truceline.compliance.results import Assessment, Note, NoteKind, ProvisionState, ProvisionStatus, Violation
from truceline.compliance.zones import ZoneIndex
from truceline.domain.conflict import principal_of
from truceline.vocabulary import (
    AgreementEventKind,
    ClaimAssertion,
    ClaimStance,
    FindingResult,
    FindingState,
    Modality,
    OnSuspension,
    ProvisionType,
    ViolationStatus,
)

__all__ = [
    "evaluate",
    "evaluate_naive",
    "provision_states",
]


@dataclass(slots=True)
class _Attribution:
    party: str
    claims: list[ClaimView] = field(default_factory=list)
    findings: list[FindingRecord] = field(default_factory=list)


class _Engine:
    """The shared machinery of :func:`evaluate` and :func:`evaluate_naive`."""

    def __init__(self, records: Records, clock: Clock, zones: ZoneIndex | None) -> None:
        self.records = records
        self.clock = clock
        self.zones = zones
        self.party_of = records.party_of
        #: every aliased code -> its principal party, resolved once
        self.principal = {code: principal_of(records.party_of, code) for code in records.party_of}
        self.agreements = {a.id: a for a in records.agreements}
        for rule in records.provisions:
            if rule.agreement_id not in self.agreements:
                raise ValueError(f"provision {rule.id}: unknown agreement {rule.agreement_id!r}")
        # claims made on or before as_of, grouped by incident, each group by (made_on, id)
        self.claims_by_incident: dict[str, list[ClaimView]] = {}
        groups = self.claims_by_incident
        as_date = clock.date
        principal = self.principal
        for c in records.claims:
            if c.made_on <= as_date:
                group = groups.get(c.incident_id)
                if group is None:
                    groups[c.incident_id] = [claim_view(c, principal)]
                else:
                    group.append(claim_view(c, principal))
        by_made = attrgetter("claim.made_on", "claim.id")
        for group in groups.values():
            if len(group) > 1:
                group.sort(key=by_made)
        claim_incident = {c.id: c.incident_id for c in records.claims}
        counting, self.superseded = counting_findings(records.findings, clock)
        self.counting_ids = {f.id for f in counting}
        self.findings_by_incident: dict[str, list[FindingRecord]] = defaultdict(list)
        for f in sorted(counting, key=attrgetter("final_on", "id")):
            inc = f.incident_id if f.incident_id is not None else claim_incident.get(f.claim_id or "")
            if inc is not None:
                self.findings_by_incident[inc].append(f)
        # findings that do not count as of ``as_of`` but are named in explanations: final only
        # after ``as_of``, or superseded. Drafts and findings in review are never shown.
        self.pending_by_incident: dict[str, list[FindingRecord]] = defaultdict(list)
        for f in sorted(records.findings, key=attrgetter("id")):
            if f.id in self.counting_ids or f.state != FindingState.FINAL:
                continue
            inc = f.incident_id if f.incident_id is not None else claim_incident.get(f.claim_id or "")
            if inc is not None:
                self.pending_by_incident[inc].append(f)
        self._suspensions: dict[str, list[Suspension]] = {}
        self.rule_lines: dict[tuple[str, str, str], str] = {}

    # -- in force

    def suspensions(self, agreement_id: str) -> list[Suspension]:
        found = self._suspensions.get(agreement_id)
        if found is None:
            found = self._suspensions[agreement_id] = agreement_suspensions(self.agreements[agreement_id], self.clock)
        return found

    def window(self, rule: ProvisionRule, party: str) -> Window:
        agreement = self.agreements[rule.agreement_id]
        return compile_window(
            rule, agreement, party, self.clock, agreement_suspensions(agreement, self.clock), self.party_of
        )

    # -- attribution

    def attributions(self, incident: IncidentFacts) -> list[_Attribution]:
        """The parties an incident is attributed to, sorted by party code."""
        by_party: dict[str, _Attribution] = {}
        for view in self.claims_by_incident.get(incident.id, ()):
            if view.attributes and view.accused is not None:
                party = view.accused
            elif view.claim.assertion == ClaimAssertion.SELF_DEFENCE and view.claim.stance == ClaimStance.ACCUSES:
                # invoking self-defence acknowledges one's own act: an admission, with a justification
                # the engine shows but does not judge
                party = view.claimant
            else:
                continue
            att = by_party.get(party)
            if att is None:
                att = by_party[party] = _Attribution(party)
            att.claims.append(view)
        for f in self.findings_by_incident.get(incident.id, ()):
            if f.incident_id is not None and f.party is not None and f.result == FindingResult.VERIFIED:
                party = self.principal.get(f.party, f.party)
                if party not in by_party:
                    by_party[party] = _Attribution(party)
        return [by_party[p] for p in sorted(by_party)]

    def verdict(
        self, incident: IncidentFacts, att: _Attribution
    ) -> tuple[ViolationStatus, tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        """Status, explanation lines, claim ids, counter-claim ids, finding ids for one party."""
        party = att.party
        lines = [
            f"Admission: {v.line} Invoking self-defence acknowledges the act; the engine does not judge the "
            "justification."
            if v.claimant == party and v.claim.assertion == ClaimAssertion.SELF_DEFENCE
            else v.line
            for v in att.claims
        ]
        accused_by_others = any(v.claimant != party for v in att.claims)
        counters = [
            v
            for v in self.claims_by_incident.get(incident.id, ())
            if v.claimant == party
            and v.counters
            # a self-defence claim contests another party's accusation; alone it is an admission
            and (accused_by_others or v.claim.assertion != ClaimAssertion.SELF_DEFENCE)
        ]
        lines.extend(f"Counter-claim by the accused party: {v.line}" for v in counters)
        incident_findings = self.findings_by_incident.get(incident.id)
        pending = self.pending_by_incident.get(incident.id)
        accusing_ids = {v.claim.id for v in att.claims} if incident_findings or pending else set()
        relevant: list[FindingRecord] = []
        decisive: list[FindingRecord] = []
        for f in incident_findings or ():
            if f.claim_id is not None:
                if f.claim_id not in accusing_ids:
                    continue
            elif f.party is not None and self.principal.get(f.party, f.party) != party:
                continue
            relevant.append(f)
            lines.append(finding_line(f))
            if f.result == FindingResult.INCONCLUSIVE:
                continue
            if f.claim_id is None and f.party is None and f.result == FindingResult.VERIFIED:
                lines.append(
                    f"Finding {f.id} verifies that the incident took place but attributes it to no "
                    "party, so it does not decide who did it."
                )
                continue
            decisive.append(f)
        for f in pending or ():
            if (f.claim_id is not None and f.claim_id in accusing_ids) or (
                f.claim_id is None and (f.party is None or self.principal.get(f.party, f.party) == party)
            ):
                if f.id in self.superseded:
                    lines.append(
                        f"Finding {f.id} ({f.result}) is not counted: superseded by finding {self.superseded[f.id]}."
                    )
                else:
                    final_on = f.final_on.isoformat() if f.final_on else "?"
                    lines.append(
                        f"Finding {f.id} ({f.result}) is not counted: it became final only on {final_on}, "
                        f"after {self.clock.value.isoformat()}."
                    )
        if decisive:
            latest = max(f.final_on or dt.date.min for f in decisive)
            last = [f for f in decisive if f.final_on == latest]
            results = {f.result for f in last}
            ids = ", ".join(f.id for f in last)
            if len(results) > 1:
                status = ViolationStatus.DISPUTED
                lines.append(f"Status disputed: the latest findings ({ids}, final {latest}) conflict.")
            elif FindingResult.VERIFIED in results:
                status = ViolationStatus.CONFIRMED
                lines.append(f"Status confirmed by finding {ids} (the latest decisive finding).")
            else:
                status = ViolationStatus.NOT_SUBSTANTIATED
                lines.append(f"Status not substantiated: finding {ids} (the latest decisive finding).")
        elif counters:
            status = ViolationStatus.DISPUTED
            lines.append(
                f"Status disputed: {party} counters the accusation "
                f"({', '.join(v.claim.id for v in counters)}); no final finding decides it."
            )
        else:
            status = ViolationStatus.ALLEGED
            lines.append("Status alleged: attributed by claim only; no counter-claim, no final finding.")
        return (
            status,
            tuple(lines),
            tuple(v.claim.id for v in att.claims),
            tuple(v.claim.id for v in counters),
            tuple(f.id for f in relevant),
        )

    # -- matching

    def rule_line(self, rule: ProvisionRule, incident: IncidentFacts) -> str:
        key = (rule.id, incident.kind, incident.modality)
        line = self.rule_lines.get(key)
        if line is None:
            line = self.rule_lines[key] = (
                f"Rule matched: kind {incident.kind} ({incident.modality}) is forbidden by provision {rule.id}."
            )
        return line

    def match(
        self,
        incident: IncidentFacts,
        a: int,
        b: int,
        window: Window,
        head: str,
        att: _Attribution,
        violations: list[Violation],
        notes: list[Note],
        cache: dict[str, Any],
    ) -> None:
        """Check time and place of one (incident, party, window) whose kind already matches.

        ``head`` is the incident's line (computed once per incident); ``cache`` holds the verdict
        per party for this incident.
        """
        rule = window.rule
        rel = window.relation(a, b)
        if rel in (BEFORE, AFTER):
            return
        if rel == STRADDLES:
            before = a < window.start_full
            kind = NoteKind.POSSIBLY_BEFORE_ENTRY_INTO_FORCE if before else NoteKind.POSSIBLY_AFTER_END
            edge = window.start if before else window.end
            assert edge is not None
            notes.append(
                Note(
                    incident.id,
                    rule.id,
                    rule.agreement_id,
                    att.party,
                    kind,
                    (
                        head,
                        *window.lines,
                        f"Not counted: the incident's dates {dt.date.fromordinal(a)}..{dt.date.fromordinal(b)}"
                        f" ({incident.date_precision}) straddle {edge.isoformat()}; an incident counts "
                        "only when all of its dates fall in force.",
                    ),
                )
            )
            return
        extra: list[str] = []
        for s in window.suspensions:
            srel = s.relation(a, b)
            if srel == BEFORE:
                continue
            if rule.on_suspension == OnSuspension.PAUSES:
                kind = NoteKind.PAUSED_BY_SUSPENSION if srel == WITHIN else NoteKind.POSSIBLY_PAUSED_BY_SUSPENSION
                how = "fall within" if srel == WITHIN else "straddle"
                notes.append(
                    Note(
                        incident.id,
                        rule.id,
                        rule.agreement_id,
                        att.party,
                        kind,
                        (
                            head,
                            *window.lines,
                            s.line,
                            f"Not counted: the incident's dates {how} the suspension, and provision "
                            f"{rule.id} pauses while the agreement is suspended (on_suspension: pauses).",
                        ),
                    )
                )
                return
            extra.append(s.line)
            extra.append(f"Provision {rule.id} continues during the suspension (on_suspension: continues).")
        undetermined: tuple[str, ...] = ()
        if rule.zone_id is not None:
            inside = self.zones.contains(rule.zone_id, incident) if self.zones is not None else None
            if inside is False:
                return
            if inside is None:
                undetermined = ("place",)
                why = "no zone geometry was supplied" if self.zones is None else "the geometry cannot tell"
                extra.append(
                    f"Place undetermined: whether the incident lies in zone {rule.zone_id} cannot be told "
                    f"({why}); the violation is kept and flagged."
                )
            else:
                extra.append(f"Place: the incident lies in zone {rule.zone_id}.")
        verdict = cache.get(att.party)
        if verdict is None:
            verdict = cache[att.party] = self.verdict(incident, att)
        status, vlines, claim_ids, counter_ids, finding_ids = verdict
        violations.append(
            Violation(
                incident.id,
                rule.id,
                rule.agreement_id,
                att.party,
                status,
                (head, *window.lines, self.rule_line(rule, incident), *extra, *vlines),
                claim_ids,
                counter_ids,
                finding_ids,
                undetermined,
                incident.date_start,
            )
        )


def _incident_line(incident: IncidentFacts) -> str:
    if incident.date_start == incident.date_end:
        when = incident.date_start.isoformat()
    else:
        when = f"{incident.date_start.isoformat()}..{incident.date_end.isoformat()}"
    where = incident.place_name or incident.place_id or "an unnamed place"
    return (
        f"Incident {incident.id}: {incident.kind} ({incident.modality}) on {when} "
        f"(date precision {incident.date_precision}) at {where} (side {incident.side})."
    )


def _modality_ok(rule: ProvisionRule, incident: IncidentFacts) -> bool:
    return incident.modality == Modality.CARRIED_OUT or rule.include_declared


def evaluate(records: Records, as_of: AsOf, *, zones: ZoneIndex | None = None) -> Assessment:
    """Violations, provision states and commitment statuses as of ``as_of``.

    ``as_of`` is a date (read as the end of that day, each agreement event in its own local
    time) or an aware datetime. Provisions are indexed by (party, kind) and their in-force
    windows compiled once; see :func:`evaluate_naive` for the plain reference implementation,
    which gives the same answer.

    The evaluation allocates millions of small acyclic objects on large inputs; the cyclic
    garbage collector is paused while it runs (and restored after), which saves a third of the
    time on a million incidents.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _evaluate_indexed(records, as_of, zones)
    finally:
        if was_enabled:
            gc.enable()


def _evaluate_indexed(records: Records, as_of: AsOf, zones: ZoneIndex | None) -> Assessment:
    clock = Clock.of(as_of)
    engine = _Engine(records, clock, zones)
    # (party, kind, modality) -> the windows of the prohibitions that forbid it for that party
    index: dict[tuple[str, str, str], list[Window]] = defaultdict(list)
    for rule in sorted(records.provisions, key=attrgetter("id")):
        if rule.type != ProvisionType.PROHIBITION:
            continue
        suspensions = engine.suspensions(rule.agreement_id)
        agreement = engine.agreements[rule.agreement_id]
        modalities = list(Modality) if rule.include_declared else [Modality.CARRIED_OUT]
        for party in sorted({principal_of(records.party_of, p) for p in rule.binds}):
            window = compile_window(rule, agreement, party, clock, suspensions, records.party_of)
            for kind in rule.forbidden_kinds:
                for modality in modalities:
                    index[(party, kind, modality)].append(window)

    violations: list[Violation] = []
    notes: list[Note] = []
    as_date = clock.date
    claims_by_incident = engine.claims_by_incident
    findings_by_incident = engine.findings_by_incident
    for incident in sorted(records.incidents, key=attrgetter("date_start", "id")):
        if incident.date_start > as_date:
            break
        if incident.id not in claims_by_incident and incident.id not in findings_by_incident:
            continue
        atts = engine.attributions(incident)
        if not atts:
            continue
        a = incident.date_start.toordinal()
        b = incident.date_end.toordinal()
        head = ""
        cache: dict[str, Any] = {}
        for att in atts:
            windows = index.get((att.party, incident.kind, incident.modality))
            if not windows:
                continue
            for window in windows:
                # quick reject: wholly before the start or wholly after the end
                if b < window.start_day or (window.end_full is not None and a >= window.end_full):
                    continue
                if not head:
                    head = _incident_line(incident)
                engine.match(incident, a, b, window, head, att, violations, notes, cache)
    return Assessment(
        as_of=as_of,
        violations=tuple(violations),
        notes=tuple(notes),
        provisions=tuple(provision_states(records, as_of)),
        commitments=tuple(commitment_status(c, as_of) for c in sorted(records.commitments, key=_by_id)),
    )


def evaluate_naive(records: Records, as_of: AsOf, *, zones: ZoneIndex | None = None) -> Assessment:
    """The reference implementation: every incident × every provision, nothing precomputed.

    Each (incident, party, provision) recomputes the provision's in-force window from the
    agreement's events. Claims are grouped by incident (as any implementation must). Used by
    the tests (it must agree with :func:`evaluate`) and by the benchmark as the baseline.
    """
    clock = Clock.of(as_of)
    engine = _Engine(records, clock, zones)
    provisions = sorted(records.provisions, key=attrgetter("id"))
    violations: list[Violation] = []
    notes: list[Note] = []
    for incident in sorted(records.incidents, key=attrgetter("date_start", "id")):
        if incident.date_start > clock.date:
            continue
        head = _incident_line(incident)
        cache: dict[str, Any] = {}
        a = incident.date_start.toordinal()
        b = incident.date_end.toordinal()
        for att in engine.attributions(incident):
            for rule in provisions:
                if rule.type != ProvisionType.PROHIBITION:
                    continue
                if att.party not in {principal_of(records.party_of, p) for p in rule.binds}:
                    continue
                if incident.kind not in rule.forbidden_kinds or not _modality_ok(rule, incident):
                    continue
                engine.match(incident, a, b, engine.window(rule, att.party), head, att, violations, notes, cache)
    return Assessment(
        as_of=as_of,
        violations=tuple(violations),
        notes=tuple(notes),
        provisions=tuple(provision_states(records, as_of)),
        commitments=tuple(commitment_status(c, as_of) for c in sorted(records.commitments, key=_by_id)),
    )


def _by_id(record: Any) -> str:
    return str(record.id)


# ------------------------------------------------------------------------- provision states


def provision_states(records: Records, as_of: AsOf) -> list[ProvisionState]:
    """Each provision's state as of ``as_of``, with reasons, sorted by provision id."""
    clock = Clock.of(as_of)
    agreements = {a.id: a for a in records.agreements}
    out: list[ProvisionState] = []
    for rule in sorted(records.provisions, key=attrgetter("id")):
        agreement = agreements.get(rule.agreement_id)
        if agreement is None:
            raise ValueError(f"provision {rule.id}: unknown agreement {rule.agreement_id!r}")
        eff = agreement.effective_from
        start = aware(rule.in_force_from, eff) if rule.in_force_from is not None else eff
        reasons = [
            f"In force from {start.isoformat()} "
            + (
                "(the provision's own start)."
                if rule.in_force_from is not None
                else "(the agreement's effective time)."
            )
        ]
        status = ProvisionStatus.IN_FORCE
        if not clock.knows(start):
            status = ProvisionStatus.NOT_YET_IN_FORCE
            reasons.append(f"Not yet in force as of {clock.value.isoformat()}.")
        ending = agreement_ending(agreement, clock)
        until = aware(rule.in_force_until, eff) if rule.in_force_until is not None else None
        if until is not None and clock.knows(until) and (ending is None or until <= ending[0]):
            status = ProvisionStatus.ENDED
            reasons.append(f"Ended on {until.isoformat()} (the provision's own end).")
        elif ending is not None:
            moment, event = ending
            if event.kind == AgreementEventKind.SUPERSEDED:
                status = ProvisionStatus.SUPERSEDED
                by = f" by {event.superseded_by}" if event.superseded_by else ""
                reasons.append(f"Agreement superseded{by} on {moment.isoformat()}.")
            else:
                status = ProvisionStatus.TERMINATED
                by = f" by {event.by}" if event.by else ""
                reasons.append(f"Agreement terminated{by} on {moment.isoformat()}.")
        suspended_by: list[str] = []
        for s in agreement_suspensions(agreement, clock):
            if s.end is not None:
                reasons.append(s.line)
                continue
            suspended_by.append(party_label(s.by))
            reasons.append(s.line)
            if rule.on_suspension == OnSuspension.PAUSES:
                reasons.append("This provision pauses while the agreement is suspended (on_suspension: pauses).")
                if status == ProvisionStatus.IN_FORCE:
                    status = ProvisionStatus.PAUSED
            else:
                reasons.append(
                    "This provision continues during the suspension (on_suspension: continues): the obligation stands."
                )
        out.append(ProvisionState(rule.id, rule.agreement_id, rule.number, status, tuple(suspended_by), tuple(reasons)))
    return out
