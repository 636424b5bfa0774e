"""The extraction rules one by one: dates, hedged numbers, actors, places, kinds, claims."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from truceline.extraction import extract
from truceline.extraction.actors import ActorFinder
from truceline.extraction.dates import find_dates
from truceline.extraction.numbers import find_quantities, parse_number

MONDAY = dt.date(2025, 12, 22)


def only_date(text: str, published: dt.date = MONDAY) -> tuple[str, str, str]:
    found = find_dates(text, published)
    assert len(found) == 1, found
    m = found[0]
    return m.date_start.isoformat(), m.date_end.isoformat(), m.precision.value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The ministry said on Sunday it was ready.", ("2025-12-21", "2025-12-21", "day")),
        ("The committee is scheduled to meet Wednesday.", ("2025-12-24", "2025-12-24", "day")),
        ("The minister said Monday that talks would resume.", ("2025-12-22", "2025-12-22", "day")),
        ("Fighting intensified two weeks ago.", ("2025-12-05", "2025-12-11", "week")),
        ("Talks resume later this week.", ("2025-12-23", "2025-12-28", "days")),
        ("Shells fell overnight.", ("2025-12-21", "2025-12-22", "days")),
        ("Clashes broke out last month.", ("2025-11-01", "2025-11-30", "month")),
        ("Fighting began on 24 July.", ("2025-07-24", "2025-07-24", "day")),
        ("Fighting began on July 24, 2025.", ("2025-07-24", "2025-07-24", "day")),
        ("Jets struck on Dec. 8 near the pass.", ("2025-12-08", "2025-12-08", "day")),
        ("Five days of fighting, 24-28 July, left dozens dead.", ("2025-07-24", "2025-07-28", "day")),
        ("They met last Monday.", ("2025-12-15", "2025-12-15", "day")),
        ("Clashes erupted in early December.", ("2025-12-01", "2025-12-10", "month")),
    ],
)
def test_dates_resolve_against_the_publication_date(text, expected):
    assert only_date(text) == expected


def test_a_month_name_that_is_part_of_a_name_is_not_a_date():
    assert find_dates("The July truce collapsed.", MONDAY) == []
    assert find_dates("Cambodia may respond.", MONDAY) == []


@pytest.mark.parametrize(
    ("text", "low", "best", "high"),
    [
        ("more than three dozen", 37, 37, None),
        ("over half a million", 500_001, 500_001, None),
        ("at least 35", 35, 35, None),
        ("dozens", 24, None, None),
        ("nearly 1 million", None, None, 1_000_000),
        ("2 to 4", 2, None, 4),
        ("about 300,000", None, 300_000, None),
        ("fewer than 10", None, None, 9),
        ("eighteen", 18, 18, 18),
        ("tens of thousands", 20_000, None, None),
    ],
)
def test_hedged_quantities(text, low, best, high):
    (q,) = find_quantities(text)
    assert (q.figure.low, q.figure.best, q.figure.high) == (low, best, high)


def test_number_words():
    assert parse_number("three dozen") == 36
    assert parse_number("half a million") == 500_000
    assert parse_number("1.5 million") == 1_500_000
    assert parse_number("twenty-three") == 23


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Foreign Minister Sihasak Phuangketkeow said", "TH"),
        ("Prime Minister Anutin Charnvirakul said", "TH"),
        ("Hun Manet wrote", "KH"),
        ("Hun Sen vowed", "KH"),
        ("the ASEAN Observer Team visited", "ASEAN-OT"),
        ("the U.S. State Department urged", "US"),
        ("Malaysia hosted", "MY"),
        ("China offered", "CN"),
        ("Zambia, chair of the Mine Ban Convention", "ZM"),
    ],
)
def test_actors(text, code, conflict):
    assert ActorFinder.for_conflict(conflict).find(text)[0].code == code


def test_the_border_compound_is_not_a_party(conflict):
    assert ActorFinder.for_conflict(conflict).find("the Thai-Cambodian border") == []


@dataclass(frozen=True)
class _Place:
    id: str
    name: str
    kind: str
    country: str
    lat: float | None
    lon: float | None
    location_precision: str


class _Gazetteer:
    """A two-place stand-in for truceline.geo.gazetteer.Gazetteer."""

    places = (
        _Place("ta-muen-thom", "Ta Muen Thom", "temple", "disputed", 14.35, 103.27, "exact"),
        _Place("sisaket", "Sisaket", "province", "TH", None, None, "province"),
    )

    def find_in_text(self, text: str) -> list[tuple[_Place, int, int]]:
        out = []
        for place in self.places:
            start = text.find(place.name)
            if start >= 0:
                out.append((place, start, start + len(place.name)))
        return out


def test_a_named_temple_beats_the_border_and_carries_its_point(conflict):
    text = "Cambodian troops shelled Thai positions at Ta Muen Thom temple along the border on Sunday."
    (incident,) = extract(text, MONDAY, _Gazetteer(), conflict=conflict).of_type("incident")
    assert incident.kind == "shelling"
    assert (incident.place, incident.lat, incident.lon, incident.location_precision) == (
        "ta-muen-thom",
        14.35,
        103.27,
        "exact",
    )
    assert incident.date_start == dt.date(2025, 12, 21)


def test_the_border_alone_gives_border_precision(conflict):
    text = "Thai and Cambodian troops exchanged fire along the border on Saturday."
    (incident,) = extract(text, MONDAY, _Gazetteer(), conflict=conflict).of_type("incident")
    assert (incident.kind, incident.place, incident.location_precision) == ("armed_clash", None, "border")
    assert set(incident.parties) == {"TH", "KH"}


def test_a_landmine_blast_with_counts_and_a_denial(conflict):
    text = (
        "A landmine explosion in Sisaket province injured four Thai soldiers on Monday, the army said. "
        "Thailand accused Cambodia of laying new mines, but Cambodia's Foreign Ministry denied the allegations, "
        "saying most mines along the border are old mines that have not been cleared."
    )
    extraction = extract(text, dt.date(2025, 11, 11), _Gazetteer(), conflict=conflict)
    (mine,) = extraction.of_type("incident")
    assert mine.kind == "landmine_explosion"
    assert mine.injured is not None and mine.injured.best == 4
    assert (mine.place, mine.location_precision) == ("sisaket", "province")
    assert mine.date_start == dt.date(2025, 11, 10)
    claims = {(c.claimant, c.about, c.stance) for c in extraction.of_type("claim")}
    assert ("TH", "newly_laid_mines", "accuses") in claims
    assert ("KH", "legacy_mines", "denies") in claims
    assert all(c.incident == mine.id for c in extraction.of_type("claim"))


def test_an_announced_strike_is_planned_and_a_demand_is_no_event(conflict):
    text = "Hun Sen warned that Cambodia will launch rocket attacks. Malaysia urged both sides to halt the shelling."
    extraction = extract(text, MONDAY, conflict=conflict)
    (incident,) = extraction.of_type("incident")
    assert incident.kind == "shelling" and incident.planned is True and incident.modality == "declared"
    (statement,) = extraction.of_type("statement")
    assert statement.speaker == "MY" and "cease_hostilities" in statement.demands


def test_mutual_blame_gives_two_claims(conflict):
    text = "Heavy fighting broke out on Thursday and both sides blamed each other for starting the clash."
    claims = extract(text, dt.date(2025, 7, 25), conflict=conflict).of_type("claim")
    assert {(c.claimant, c.accused, c.about) for c in claims} == {
        ("TH", "KH", "fired_first"),
        ("KH", "TH", "fired_first"),
    }


def test_the_demo_sample_report_yields_the_mine_incident_its_claims_and_the_protest(conflict):
    from pathlib import Path

    import yaml

    from truceline.casebooks.loader import bundled_casebook_path

    data = Path(str(bundled_casebook_path("th-kh-2025"))) / "samples"
    meta = yaml.safe_load((data / "2025-11-11-mine-halts-peace-steps.yaml").read_text(encoding="utf-8"))
    assert meta["publisher"] == "Truceline sample (written for the demo)" and meta["url"] is None
    text = (data / "2025-11-11-mine-halts-peace-steps.txt").read_text(encoding="utf-8")
    assert 150 <= len(text.split()) <= 300
    extraction = extract(text, meta["published"], conflict=conflict)
    (mine,) = [c for c in extraction.of_type("incident") if c.kind == "landmine_explosion"]
    assert mine.date_start == dt.date(2025, 11, 10) and mine.injured is not None and mine.injured.best == 4
    claims = {(c.claimant, c.about) for c in extraction.of_type("claim")}
    assert {("TH", "newly_laid_mines"), ("KH", "legacy_mines")} <= claims
    (letter,) = extraction.of_type("letter")
    assert (letter.sender, letter.recipients, letter.planned) == ("TH", ("KH",), False)
