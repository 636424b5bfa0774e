"""The engine's input read from the store as plain columns: the same records as the ORM objects
gave, and the same verdicts from incident columns as from incident records, on SQLite and
PostgreSQL, with unpublished and retracted incidents and claims in the store."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from truceline.compliance.page import matrix_table
from truceline.compliance.records import ClaimRecord, IncidentFacts
from truceline.compliance.results import compliance_document
from truceline.compliance.services import (
    assess,
    compliance_summary,
    records_from_store,
    verdicts_as_of,
    zone_index,
)
from truceline.compliance.verdicts import verdicts
from truceline.conflicts.services import conflict_geography
from truceline.db import transaction
from truceline.domain import schema
from truceline.incidents.corrections import retract_claim, retract_incident
from truceline.incidents.models import Claim, Incident
from truceline.incidents.services import add_claim, record_incident
from truceline.verification.services import act_on_finding, add_finding
from truceline.verification.workflow import FindingAction
from truceline.vocabulary import (
    ClaimAssertion,
    ClaimStance,
    DatePrecision,
    FindingResult,
    IncidentKind,
    LocationPrecision,
    Modality,
    Role,
    ViolationStatus,
)

CONFLICT = "th-kh-2025"
SOURCE = "https://www.nationthailand.com/news/asean/40058014"
MINE_BLAST = "2025-11-10-huai-ta-maria-landmine"
UNPUBLISHED = "2025-12-20-unattributed-shelling"


def orm_incidents(session: Session, *, published_only: bool, incident_id: str | None) -> list[IncidentFacts]:
    """The incidents as the loader read them before, from ORM objects."""
    query = select(Incident).where(
        Incident.superseded_by.is_(None), Incident.retracted.is_(False), Incident.conflict_id == CONFLICT
    )
    if incident_id is not None:
        query = query.where(Incident.id == incident_id)
    if published_only:
        query = query.where(Incident.published.is_(True))
    return [
        IncidentFacts(
            id=i.id,
            kind=IncidentKind(i.kind),
            date_start=i.date_start,
            date_end=i.date_end,
            modality=Modality(i.modality),
            date_precision=DatePrecision(i.date_precision),
            lat=i.lat,
            lon=i.lon,
            location_precision=LocationPrecision(i.location_precision),
            side=i.side,
            place_id=i.place_id,
            place_name=i.place_name,
            actors=tuple(i.actors or ()),
        )
        for i in session.scalars(query)
    ]


def orm_claims(session: Session, incidents: list[IncidentFacts], *, published_only: bool) -> list[ClaimRecord]:
    query = (
        select(Claim)
        .join(Incident, Incident.id == Claim.incident_id)
        .where(Incident.conflict_id == CONFLICT, Claim.retracted.is_(False))
    )
    if published_only:
        query = query.where(Claim.published.is_(True))
    known = {i.id for i in incidents}
    return [
        ClaimRecord(
            id=c.id,
            incident_id=c.incident_id,
            claimant=c.claimant,
            accused=c.accused,
            assertion=ClaimAssertion(c.assertion),
            stance=ClaimStance(c.stance),
            made_on=c.made_on,
            summary=c.summary,
            breaks=tuple(c.breaks or ()),
        )
        for c in session.scalars(query)
        if c.incident_id in known
    ]


@pytest.fixture
def store(casebook_engine: Engine) -> Engine:
    """The casebook, plus an unpublished incident and claim, a retracted incident and claim."""
    with transaction(casebook_engine) as session:
        record_incident(
            session,
            schema.Incident(
                id=UNPUBLISHED,
                kind="shelling",
                date_start=dt.date(2025, 12, 20),
                date_end=dt.date(2025, 12, 20),
                date_precision="day",
                place="kantharalak",
                location_precision="district",
                description="Shells fell near the border; the reports name no side.",
                sources=[SOURCE],
            ),
            conflict_id=CONFLICT,
            actor="test",
            published=False,
        )
        add_claim(
            session,
            MINE_BLAST,
            schema.Claim(
                claimant="KH",
                accused="TH",
                assertion="fabricated",
                stance="denies",
                date=dt.date(2025, 11, 13),
                summary="Cambodia says the mines were Thailand's own.",
                sources=[SOURCE],
            ),
            actor="test",
            published=False,
        )
        claimed = session.scalars(select(Claim).where(Claim.incident_id != MINE_BLAST).order_by(Claim.id)).all()
        retract_incident(session, claimed[0].incident_id, reason="Recorded in error.", actor="test")
        retract_claim(session, claimed[-1].id, reason="Withdrawn by the party.", actor="test")
    return casebook_engine


@pytest.mark.parametrize("published_only", [False, True])
@pytest.mark.parametrize("incident_id", [None, MINE_BLAST, UNPUBLISHED])
def test_the_store_gives_the_records_the_orm_objects_gave(
    store: Engine, published_only: bool, incident_id: str | None
) -> None:
    with transaction(store) as session:
        found = records_from_store(session, published_only=published_only, incident_id=incident_id)
        incidents = orm_incidents(session, published_only=published_only, incident_id=incident_id)
        claims = orm_claims(session, incidents, published_only=published_only)
    assert list(found.incidents) == incidents
    assert list(found.claims) == claims
    ids = {i.id for i in incidents}
    if incident_id is None:
        assert len(ids) > 50 and (UNPUBLISHED in ids) == (not published_only)
    else:
        assert ids == ({incident_id} if incident_id == MINE_BLAST or not published_only else set())
    if incident_id == MINE_BLAST:
        assert any(c.summary.startswith("Cambodia says the mines") for c in claims) == (not published_only)


@pytest.mark.parametrize("published_only", [False, True])
def test_the_verdicts_from_incident_columns_are_those_from_incident_records(
    store: Engine, published_only: bool
) -> None:
    with transaction(store) as session:
        records = records_from_store(session, published_only=published_only)
        zones = zone_index(records, conflict_geography(session, CONFLICT))
        for as_of in (dt.date(2025, 7, 28), dt.date(2025, 11, 12), dt.date(2025, 12, 31)):
            expected = verdicts(records, as_of, zones=zones)
            found = verdicts_as_of(session, as_of, published_only=published_only)
            assert list(found) == list(expected) and found.notes == expected.notes
            assert found.matrix_counts() == expected.matrix_counts()
            assert list(found.incident_ids) == list(expected.incident_ids)
    # the unpublished incident is the one no party is said to have carried out
    assert len(expected) and bool(expected.status_counts()["unattributed"]) == (not published_only)
    assert (UNPUBLISHED in found.incident_ids) == (not published_only)


def test_the_verdicts_from_columns_follow_a_final_finding_on_a_claim(store: Engine) -> None:
    with transaction(store) as session:
        accusation = session.scalars(
            select(Claim).where(Claim.incident_id == MINE_BLAST, Claim.claimant == "TH", Claim.accused == "KH")
        ).first()
        assert accusation is not None
        finding = add_finding(
            session,
            result=FindingResult.NOT_SUBSTANTIATED,
            reasoning="The mines were old.",
            author="observer-a",
            role=Role.OBSERVER,
            claim_id=accusation.id,
        )
        act_on_finding(session, finding.id, FindingAction.SUBMIT, actor="observer-a", role=Role.OBSERVER)
        act_on_finding(session, finding.id, FindingAction.FINALISE, actor="observer-b", role=Role.OBSERVER)
    today = dt.date.today()
    with transaction(store) as session:
        records = records_from_store(session)
        expected = verdicts(records, today, zones=zone_index(records, conflict_geography(session, CONFLICT)))
        found = verdicts_as_of(session, today)
    assert list(found) == list(expected) and found.notes == expected.notes
    assert any(v.incident_id == MINE_BLAST and v.status == ViolationStatus.NOT_SUBSTANTIATED for v in found)


def test_the_verdicts_from_the_store_read_the_claims_made_by_the_day_judged(store: Engine) -> None:
    # claims made on 22 December attribute the shelling no report attributed before, and deny
    # it (a denial naming no one)
    with transaction(store) as session:
        add_claim(
            session,
            UNPUBLISHED,
            schema.Claim(
                claimant="TH",
                accused="KH",
                assertion="responsible",
                stance="accuses",
                date=dt.date(2025, 12, 22),
                summary="Thailand says Cambodian guns fired the shells.",
                sources=[SOURCE],
            ),
            actor="test",
        )
        add_claim(
            session,
            UNPUBLISHED,
            schema.Claim(
                claimant="KH",
                assertion="denial",
                stance="denies",
                date=dt.date(2025, 12, 22),
                summary="Cambodia says it fired nothing that day.",
                sources=[SOURCE],
            ),
            actor="test",
        )
    statuses = {}
    with transaction(store) as session:
        records = records_from_store(session)
        zones = zone_index(records, conflict_geography(session, CONFLICT))
        for as_of in (dt.date(2025, 12, 21), dt.date(2025, 12, 22)):
            expected = verdicts(records, as_of, zones=zones)
            found = verdicts_as_of(session, as_of)
            assert list(found) == list(expected) and found.notes == expected.notes
            statuses[as_of] = {(v.party, v.status) for v in found if v.incident_id == UNPUBLISHED}
    assert statuses[dt.date(2025, 12, 21)] == {(None, ViolationStatus.UNATTRIBUTED)}
    assert statuses[dt.date(2025, 12, 22)] == {("KH", ViolationStatus.DISPUTED)}


def test_the_verdicts_as_known_before_a_retraction_keep_the_retracted_incident(store: Engine) -> None:
    as_of = dt.date(2025, 12, 31)
    with transaction(store) as session:
        before = verdicts_as_of(session, as_of)
    known = dt.datetime.now(dt.UTC)
    time.sleep(0.01)
    with transaction(store) as session:
        retract_incident(session, MINE_BLAST, reason="A duplicate report.", actor="test")
    with transaction(store) as session:
        now = verdicts_as_of(session, as_of)
        then = verdicts_as_of(session, as_of, known_at=known)
        records = records_from_store(session, known_at=known)
        expected = verdicts(records, as_of, zones=zone_index(records, conflict_geography(session, CONFLICT)))
    assert list(then) == list(expected) == list(before) and then.notes == before.notes
    assert any(v.incident_id == MINE_BLAST for v in then)
    assert not any(v.incident_id == MINE_BLAST for v in now)


def test_a_claimant_written_with_quotes_straight_into_the_store_reads_as_the_same_code(store: Engine) -> None:
    """The store writes each claim's values into the JSON it hands over as JSON strings: a value
    holding a quote or a backslash (written around the services) stays one value."""
    odd = 'K"H\\'
    with transaction(store) as session:
        session.execute(update(Claim).where(Claim.incident_id == MINE_BLAST).values(claimant=odd))
    with transaction(store) as session:
        records = records_from_store(session)
        assert any(c.claimant == odd for c in records.claims)
        zones = zone_index(records, conflict_geography(session, CONFLICT))
        expected = verdicts(records, dt.date(2025, 12, 31), zones=zones)
        found = verdicts_as_of(session, dt.date(2025, 12, 31))
    assert list(found) == list(expected) and found.notes == expected.notes


@pytest.mark.parametrize("published_only", [False, True])
def test_the_matrix_from_the_verdicts_is_the_documents(store: Engine, published_only: bool) -> None:
    """The dashboard's matrix (:func:`compliance_summary`, verdicts without reasons) has the columns,
    cells and commitments of the whole compliance document, and links each small cell to the same
    incidents."""
    with transaction(store) as session:
        for as_of in (dt.date(2025, 7, 28), dt.date(2025, 11, 12), dt.date(2025, 12, 31)):
            document = compliance_document(assess(session, as_of, published_only=published_only))
            summary = compliance_summary(session, as_of, published_only=published_only, linked=3)
            assert summary["as_of"] == document["as_of"]
            assert summary["parties"] == document["parties"] and summary["matrix"] == document["matrix"]
            assert summary["commitments"] == document["commitments"]
            assert summary["violation_count"] == len(document["violations"])
            labels: dict[str, dict[str, str]] = {}
            assert matrix_table(summary, labels, str, link=_linked) == matrix_table(document, labels, str, link=_linked)
    assert summary["violation_count"] > len(summary["violations"]) > 0  # large cells listed no incident


def _linked(incident_ids: list[str]) -> str:
    return "#violations" if len(incident_ids) > 3 else ",".join(incident_ids)
