"""The seed report (../shared/seed/, published Monday 22 December 2025) yields the records issue 3 asks for.

The report's text is never copied into the project: it is read from the shared folder, and these
tests skip where that folder is absent.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest

from truceline.casebooks.loader import Casebook
from truceline.domain.conflict import ConflictDefinition
from truceline.extraction import Candidate, Extraction, aliases_of, extract

PUBLISHED = dt.date(2025, 12, 22)


@pytest.fixture(scope="module")
def seed(seed_report: str, casebook: Casebook, conflict: ConflictDefinition) -> tuple[str, Extraction]:
    """The seed report (read by the shared ``seed_report`` fixture) and its extraction, with the
    bundled casebook's agreements as the lookup (as ingest does on a loaded store)."""
    return seed_report, extract(seed_report, PUBLISHED, conflict=conflict, agreements=aliases_of(casebook.agreements))


def covered(text: str, candidate: Candidate) -> str:
    return " | ".join(text[s:e] for s, e in candidate.spans)


def has_span(text: str, candidate: Candidate, pattern: str) -> bool:
    """Some span of the candidate holds words matching ``pattern``."""
    return any(re.search(pattern, text[s:e], re.IGNORECASE) for s, e in candidate.spans)


def one(extraction: Extraction, type_: str, **fields: object) -> Candidate:
    found = [c for c in extraction.of_type(type_) if all(getattr(c, k) == v for k, v in fields.items())]  # type: ignore[arg-type]
    assert found, f"no {type_} with {fields}; have {[c.to_dict() for c in extraction.of_type(type_)]}"  # type: ignore[arg-type]
    return found[0]


def test_spans_are_inside_the_text_and_every_candidate_explains_itself(seed):
    text, extraction = seed
    assert extraction.candidates
    for c in extraction.candidates:
        assert c.spans, c.id
        assert all(0 <= s < e <= len(text) for s, e in c.spans)
        assert c.rule and c.evidence
        assert c.text and c.text not in text  # a summary of our own, not a sentence of the source
    assert len({c.id for c in extraction.candidates}) == len(extraction.candidates)


def test_the_joint_border_committee_meets_on_wednesday_24_december(seed):
    text, extraction = seed
    meeting = one(extraction, "meeting", date_start=dt.date(2025, 12, 24))
    assert meeting.planned is True
    assert meeting.date_precision == "day"
    assert meeting.body == "GBC"
    assert has_span(text, meeting, r"joint border committee")
    assert has_span(text, meeting, r"^Wednesday$")


def test_the_us_state_department_statement_of_sunday_21_december_and_its_demands(seed):
    text, extraction = seed
    statement = one(extraction, "statement", speaker="US")
    assert (statement.date_start, statement.date_precision) == (dt.date(2025, 12, 21), "day")
    assert {"cease_hostilities", "withdraw_heavy_weapons", "halt_mine_laying", "implement_agreement"} <= set(
        statement.demands
    )
    assert {"TH", "KH"} <= set(statement.parties)
    assert has_span(text, statement, r"State Department")
    assert has_span(text, statement, r"^Sunday$")
    assert has_span(text, statement, r"urged")


@pytest.mark.parametrize(("kind", "party", "weapon"), [("air_strike", "TH", "F-16"), ("shelling", "KH", "BM-21")])
def test_air_strikes_and_rocket_attacks_two_weeks_before_along_the_border(seed, kind, party, weapon):
    text, extraction = seed
    incident = one(extraction, "incident", kind=kind)
    assert party in incident.parties
    assert weapon in incident.weapons
    assert incident.date_precision == "week"
    assert incident.date_start <= dt.date(2025, 12, 8) <= incident.date_end
    assert incident.place is None and incident.location_precision in ("border", "country", "unknown")
    assert incident.planned is False
    assert has_span(text, incident, re.escape(weapon))


def test_landmine_incidents_injuring_thai_soldiers_with_claim_and_counter_claim(seed):
    text, extraction = seed
    mine = one(extraction, "incident", kind="landmine_explosion")
    assert "TH" in mine.parties
    assert has_span(text, mine, r"landmines that injured")
    newly = one(extraction, "claim", about="newly_laid_mines")
    assert (newly.claimant, newly.accused, newly.stance) == ("TH", "KH", "accuses")
    assert newly.incident == mine.id
    assert has_span(text, newly, r"newly laid") and has_span(text, newly, r"protested")
    legacy = one(extraction, "claim", about="legacy_mines")
    assert (legacy.claimant, legacy.stance) == ("KH", "denies")
    assert legacy.incident == mine.id
    assert has_span(text, legacy, r"remnants") and has_span(text, legacy, r"^Cambodia$")


def test_abandoned_weapons_and_explosives_were_found(seed):
    text, extraction = seed
    found = one(extraction, "incident", kind="weapons_seized")
    assert "TH" in found.parties
    assert has_span(text, found, r"abandoned weapons")


def test_more_than_36_killed_and_more_than_500000_displaced(seed):
    text, extraction = seed
    tolls = [c for c in extraction.of_type("incident") if c.killed or c.displaced]
    killed = next(c.killed for c in tolls if c.killed)
    displaced = next(c.displaced for c in tolls if c.displaced)
    assert (killed.low, killed.best, killed.high) == (37, 37, None)
    assert (displaced.low, displaced.best, displaced.high) == (500_001, 500_001, None)
    toll = next(c for c in tolls if c.killed)
    assert has_span(text, toll, r"more than three dozen") and has_span(text, toll, r"over half a million")


def test_protest_letters_planned_to_cambodia_and_to_zambia_as_mine_ban_convention_chair(seed):
    text, extraction = seed
    to_cambodia = one(extraction, "letter", recipients=("KH",))
    to_zambia = one(extraction, "letter", recipients=("ZM",))
    for letter in (to_cambodia, to_zambia):
        assert (letter.sender, letter.kind, letter.planned) == ("TH", "protest", True)
        assert has_span(text, letter, r"letters")
    assert "APMBC" in to_zambia.parties
    assert has_span(text, to_zambia, r"^Zambia$") and has_span(text, to_zambia, r"Mine Ban Convention")
    assert has_span(text, to_cambodia, r"^Cambodia$")


def test_references_to_the_july_truce_and_the_october_agreement_with_its_provisions(seed):
    text, extraction = seed
    july = one(extraction, "agreement_ref", agreement="putrajaya-ceasefire-2025-07-28")
    assert has_span(text, july, r"July truce")
    october = one(extraction, "agreement_ref", agreement="kl-joint-declaration-2025-10-26")
    assert {"prisoner_release", "heavy_weapons_withdrawal", "mine_clearance"} <= set(october.provisions)
    assert has_span(text, october, r"October agreement")
    assert has_span(text, october, r"releasing prisoners")
    assert has_span(text, october, r"heavy weapons")
    assert has_span(text, october, r"land mines")


def test_provisions_and_demands_are_not_read_as_events(seed):
    _, extraction = seed
    kinds = {c.kind for c in extraction.of_type("incident")}
    assert "prisoner_release" not in kinds
    assert "heavy_weapons_withdrawal" not in kinds


def test_to_dict_is_json_ready(seed):
    import json

    _, extraction = seed
    data = json.loads(json.dumps(extraction.to_dict()))
    first = data["candidates"][0]
    assert {"id", "type", "kind", "date_start", "date_end", "date_precision", "place", "lat", "lon", "parties"} <= set(
        first
    )
    assert {"killed", "injured", "displaced", "planned", "text", "spans", "rule", "evidence"} <= set(first)
