"""Realistic ACLED rows for benchmarks: an ACLED CSV export of any size, written streaming.

The proportions follow ACLED's published global mix (2020-2024): about 37 % protests, 17 %
explosions/remote violence, 15 % battles, 14 % violence against civilians, 9 % riots and 8 %
strategic developments, each with its sub-event types in roughly ACLED's shares. Actors are the
conflict's parties as ACLED names them (from the casebook), with unnamed civilians, protesters and
local militias; coordinates fall inside the conflict's bounding box; fatalities are zero for most
events with a long (Pareto) tail; notes are a sentence or two of text like ACLED's.

Run ``python bench/acled_rows.py N FILE`` to write a file; benchmarks call :func:`write_acled_csv`.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from truceline.casebooks.loader import bundled_casebook_path, read_casebook
from truceline.intake.adapters.acled import COLUMNS

#: event type -> (share of all events, [(sub-event type, share within the type)])
EVENT_TYPES: dict[str, tuple[float, list[tuple[str, float]]]] = {
    "Protests": (
        0.37,
        [("Peaceful protest", 0.93), ("Protest with intervention", 0.06), ("Excessive force against protesters", 0.01)],
    ),
    "Explosions/Remote violence": (
        0.17,
        [
            ("Shelling/artillery/missile attack", 0.45),
            ("Air/drone strike", 0.35),
            ("Remote explosive/landmine/IED", 0.15),
            ("Grenade", 0.04),
            ("Suicide bomb", 0.01),
        ],
    ),
    "Battles": (
        0.15,
        [("Armed clash", 0.93), ("Government regains territory", 0.04), ("Non-state actor overtakes territory", 0.03)],
    ),
    "Violence against civilians": (
        0.14,
        [("Attack", 0.8), ("Abduction/forced disappearance", 0.17), ("Sexual violence", 0.03)],
    ),
    "Riots": (0.09, [("Violent demonstration", 0.6), ("Mob violence", 0.4)]),
    "Strategic developments": (
        0.08,
        [
            ("Looting/property destruction", 0.3),
            ("Arrests", 0.25),
            ("Disrupted weapons use", 0.2),
            ("Change to group/activity", 0.1),
            ("Headquarters or base established", 0.06),
            ("Agreement", 0.05),
            ("Other", 0.04),
        ],
    ),
}
DISORDER = {
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
SOURCES = ["Bangkok Post", "Khmer Times", "Reuters", "AFP", "Phnom Penh Post", "Thai PBS", "Nation (Thailand)"]
SCALES = ["National", "Subnational", "National-International", "Regional", "Local partner-Other"]
VERBS = {
    "Battles": "clashed with",
    "Explosions/Remote violence": "fired on positions of",
    "Violence against civilians": "attacked",
    "Protests": "demonstrated against",
    "Riots": "rioted against",
    "Strategic developments": "acted against",
}


class Region:
    """What the rows are about: the bundled casebook's parties, countries and bounding box."""

    def __init__(self, casebook: str = "th-kh-2025") -> None:
        book = read_casebook(bundled_casebook_path(casebook))
        self.states: list[tuple[str, str, int, str]] = []  # (actor name, country, iso numeric, iso3)
        for party in book.parties:
            country = party.country
            if country is not None and party.acled_actors:
                self.states.append((party.acled_actors[0], country.name, country.numeric, country.iso3))
        west, south, east, north = book.info.bbox
        self.box = (west, south, east, north)
        self.region = book.info.acled_region or "Asia"


def _pick(rng: random.Random, choices: list[tuple[str, float]]) -> str:
    return rng.choices([c for c, _ in choices], weights=[w for _, w in choices])[0]


def _fatalities(rng: random.Random, event_type: str) -> int:
    """Zero for most events; a Pareto tail where people die (a few events kill hundreds)."""
    lethal = {"Battles": 0.55, "Explosions/Remote violence": 0.4, "Violence against civilians": 0.45, "Riots": 0.05}
    if rng.random() >= lethal.get(event_type, 0.0):
        return 0
    return min(int(rng.paretovariate(1.3)), 2000)


def acled_rows(n: int, *, seed: int = 2025, region: Region | None = None, start: int = 0) -> Iterator[list[str]]:
    """``n`` ACLED rows (cells in ``COLUMNS`` order), event ids ``<ISO3><number>`` from ``start``."""
    region = region or Region()
    rng = random.Random(seed)
    types = [(name, share) for name, (share, _) in EVENT_TYPES.items()]
    first_day = dt.date(2018, 1, 1).toordinal()
    last_day = dt.date(2025, 12, 31).toordinal()
    west, south, east, north = region.box
    for number in range(start, start + n):
        event_type = _pick(rng, types)
        sub_event = _pick(rng, EVENT_TYPES[event_type][1])
        actor, country, iso, iso3 = rng.choice(region.states)
        other = rng.choice(region.states)[0]
        if event_type in ("Protests", "Riots"):
            actor1, actor2 = f"Protesters ({country})", rng.choice([actor, "", f"Police Forces of {country}"])
        elif event_type == "Violence against civilians":
            actor1, actor2 = rng.choice([actor, f"Unidentified Armed Group ({country})"]), f"Civilians ({country})"
        else:
            actor1, actor2 = actor, rng.choice([other, f"Unidentified Armed Group ({country})", ""])
        day = dt.date.fromordinal(rng.randint(first_day, last_day))
        precision = rng.choices(["1", "2", "3"], weights=[0.86, 0.11, 0.03])[0]
        geo = rng.choices(["1", "2", "3"], weights=[0.7, 0.25, 0.05])[0]
        lat = round(rng.uniform(south, north), 4)
        lon = round(rng.uniform(west, east), 4)
        deaths = _fatalities(rng, event_type)
        place = f"Ban {rng.choice(['Nong', 'Khok', 'Phum', 'Sre', 'Ta', 'Huai'])} {rng.randint(1, 4000)}"
        source = "; ".join(rng.sample(SOURCES, rng.choice([1, 1, 2, 3])))
        notes = (
            f"On {day.day} {day:%B %Y}, {actor1} {VERBS[event_type]} {actor2 or 'unidentified people'} "
            f"near {place} ({sub_event.lower()})."
            + (f" {deaths} people were reported killed." if deaths else " No fatalities were reported.")
            + (" Each side blamed the other for the violence." if rng.random() < 0.3 else "")
        )
        yield [
            f"{iso3}{number + 1}",
            day.isoformat(),
            str(day.year),
            precision,
            DISORDER.get(event_type, "Political violence"),
            event_type,
            sub_event,
            actor1,
            "",
            "1",
            actor2,
            "",
            "7" if actor2.startswith("Civilians") else "1",
            "17",
            "Civilian targeting" if event_type == "Violence against civilians" else "",
            str(iso),
            region.region,
            country,
            f"Province {rng.randint(1, 25)}",
            f"District {rng.randint(1, 180)}",
            "",
            place,
            f"{lat:.4f}",
            f"{lon:.4f}",
            geo,
            source,
            rng.choice(SCALES),
            notes,
            str(deaths),
            "",
            str(int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp()) + 86400 * rng.randint(3, 30)),
        ]


def write_acled_csv(path: Path, n: int, *, seed: int = 2025, start: int = 0) -> Path:
    """Write ``n`` generated rows as an ACLED CSV export (streaming: memory does not grow with n)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(acled_rows(n, seed=seed, start=start))
    return path


if __name__ == "__main__":
    write_acled_csv(Path(sys.argv[2]), int(sys.argv[1]))
