"""The shapes of the compliance document (``/api/v1/compliance``, ``truceline compliance --json``)
and of an incident's violations. The document is built by
:func:`truceline.compliance.results.compliance_document` (whole: the CLI) and, a page of
violations at a time, by :func:`truceline.compliance.services.compliance_page` (the API);
these models describe it."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field

from truceline.compliance.results import NoteKind, ProvisionStatus
from truceline.incidents.api_models import TallyRecord
from truceline.vocabulary import CommitmentStatus, ViolationStatus
from truceline.web.api_models import PartyCode


class LineAnswer(BaseModel):
    """Whether the incident lies in the zone under one version of the line."""

    line: str | None = Field(description="None: the agreed or common line; a party code: that party's version.")
    inside: bool | None


class ViolationRecord(BaseModel):
    """An incident that breaks a provision, attributed to a party (or with the party undetermined),
    with the chain of reasons."""

    incident_id: str
    incident_date: dt.date | None
    provision_id: str
    agreement_id: str
    party: PartyCode | None = Field(description="None: a breach whose party is undetermined.")
    status: ViolationStatus
    explanation: list[str] = Field(description="The reasons, one sentence each, in reading order.")
    claim_ids: list[str] = Field(description="The claims that attribute the incident to the party.")
    counter_claim_ids: list[str] = Field(description="The accused party's counter-claims.")
    finding_ids: list[str] = Field(description="The final findings that bear on this violation.")
    undetermined: list[str] = Field(description='Facts the engine could not decide, e.g. `"place"`.')
    zone_verdict: str | None = Field(
        default=None, description='`"disputed"` when the parties\' versions of the line disagree on the zone.'
    )
    zone_by_line: list[LineAnswer] = []


class NoteRecord(BaseModel):
    """A match the engine saw but could not count as a violation, and why."""

    incident_id: str
    provision_id: str
    agreement_id: str
    party: PartyCode | None
    kind: NoteKind
    explanation: list[str]


class RuleVerdict(BaseModel):
    provision_id: str
    party: PartyCode | None
    status: str


class AllegationRecord(BaseModel):
    """A party's claim naming the agreement or provision it says was broken, beside the rules' verdicts."""

    target: str = Field(description="What the claim names: `<agreement id>` or `<agreement id>/<provision number>`.")
    agreement_id: str
    provision_id: str | None
    known: bool = Field(description="Whether the agreement or provision is in the record.")
    claim_id: str
    claimant: PartyCode
    accused: PartyCode | None
    stance: str
    assertion: str
    made_on: dt.date
    incident_id: str
    incident_date: dt.date | None
    summary: str
    rule_based: list[RuleVerdict] = Field(description="The rule-based verdicts on this incident and provision.")
    line: str = Field(description="The allegation beside the verdict, in plain words.")


class StatusCounts(BaseModel):
    alleged: int
    disputed: int
    confirmed: int
    not_substantiated: int
    unattributed: int


class MatrixCell(BaseModel):
    """How many violations of one provision by one party column (or ``undetermined``), by status."""

    provision_id: str
    party: str
    counts: StatusCounts
    total: int


class ProvisionStateRecord(BaseModel):
    provision_id: str
    agreement_id: str
    number: str
    status: ProvisionStatus
    binds: list[PartyCode]
    suspended_by: list[PartyCode]
    reasons: list[str]


class DecidingEventRecord(BaseModel):
    date: dt.date
    kind: str
    note: str
    by: PartyCode | None


class AssessedCommitment(BaseModel):
    """A commitment's status as of the document's date, with the events that decided it."""

    id: str
    agreement_id: str
    provision_id: str | None
    title: str
    responsible: list[PartyCode]
    status: CommitmentStatus
    deadline: dt.date | None = Field(description="The deadline in effect as of the date.")
    original_deadline: dt.date | None
    decided_by: list[DecidingEventRecord]
    explanation: list[str]
    cancelled: bool


class DocumentFilters(BaseModel):
    party: str | None
    agreement: str | None


class ComplianceDocument(BaseModel):
    """Violations as of a date, counted by provision × party × status; the violations with their
    reasons (from the API a page at a time: ``total``, ``offset``, ``limit``, ``next``); the notes
    and the parties' allegations beside the rule-based verdicts (from the API a page at a time
    too, each on its own: ``notes_total``, ``notes_next``, …); the provisions' states; the
    commitments."""

    as_of: dt.date
    filters: DocumentFilters
    parties: list[str] = Field(description="The matrix columns: party codes, then `undetermined` if any.")
    matrix: list[MatrixCell] = Field(description="Every violation counted, on all pages.")
    violations: list[ViolationRecord] = Field(
        description="The violations with their reasons; from the API, this page's: in the order incident start "
        "date, incident id, party, provision id."
    )
    total: int | None = Field(
        default=None, description="How many violations the document holds on all pages (None: not paged)."
    )
    offset: int = Field(default=0, description="How many violations come before this page.")
    limit: int | None = Field(default=None, description="The most violations a page lists (None: not paged).")
    next: str | None = Field(default=None, description="The next page's path and query; None on the last page.")
    previous: str | None = Field(default=None, description="The previous page's path and query; None on the first.")
    notes: list[NoteRecord] = Field(
        description="The notes with their reasons; from the API, this page's (`notes_offset`, `notes_limit`): "
        "in the order incident, party, provision."
    )
    notes_total: int | None = Field(default=None, description="How many notes on all pages (None: not paged).")
    notes_offset: int = Field(default=0, description="How many notes come before this page's.")
    notes_limit: int | None = Field(default=None, description="The most notes a page lists (None: not paged).")
    notes_next: str | None = Field(default=None, description="The next page of notes; None on the last.")
    notes_previous: str | None = Field(default=None, description="The previous page of notes; None on the first.")
    allegations: list[AllegationRecord] = Field(
        description="The allegations beside the rule-based verdicts; from the API, this page's "
        "(`allegations_offset`, `allegations_limit`): in the order target, incident date, claim id."
    )
    allegations_total: int | None = Field(
        default=None, description="How many allegations on all pages (None: not paged)."
    )
    allegations_offset: int = Field(default=0, description="How many allegations come before this page's.")
    allegations_limit: int | None = Field(
        default=None, description="The most allegations a page lists (None: not paged)."
    )
    allegations_next: str | None = Field(default=None, description="The next page of allegations; None on the last.")
    allegations_previous: str | None = Field(
        default=None, description="The previous page of allegations; None on the first."
    )
    provisions: list[ProvisionStateRecord]
    commitments: list[AssessedCommitment]
    tallies: list[TallyRecord] = Field(
        default=[], description="Counts bodies published as of the date, each as published: never added up."
    )
