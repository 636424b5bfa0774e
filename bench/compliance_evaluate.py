"""Benchmark: evaluate N synthetic incidents against the casebook's provisions, indexed vs naive.

    python bench/compliance_evaluate.py                 # 1,000,000 incidents
    python bench/compliance_evaluate.py --n 100000 --naive-sample 100000

Synthetic incidents are drawn from the bundled casebook (``th_kh_2025``): each one copies a real
incident picked at random (its kind, modality, date span and precision, place, point and the
pattern of its claims: who accuses whom of what, with which stance, how many days later), and
gets a start date drawn uniformly over the casebook's date range. So the kind mix, the claim
rate and the claim patterns are the casebook's. 1 % of claimed incidents also get a final
observer finding on their first claim. Without the casebook files, built-in distributions are
used (``"source": "built-in"`` in the output).

Both engines run on the same records and ``as_of`` in the same run, each in a forked child
process so that their memory is measured apart: ``seconds`` is wall time of the call,
``peak_rss_growth_mb`` the growth of the child's peak resident set over its size at the start
of the call (``resource.getrusage``). The naive engine (:func:`evaluate_naive`: every incident
× every provision, in-force windows recomputed for every pair) runs on the first
``--naive-sample`` incidents (by default 100,000) and its time is extrapolated linearly to N;
the JSON says so (``naive.extrapolated``). ``--naive-sample 0`` runs it on all N. On the sample,
both engines' outputs are also compared (``naive.same_output_on_sample``).

``verdicts`` measures :func:`truceline.compliance.verdicts.verdicts`: the same verdicts (incident,
provision, party, status, what is undetermined, zone verdict, date) and note kinds, without the
explanations, as used for counts and the compliance matrix; ``verdicts_same_as_indexed`` compares
its counts with the indexed engine's on all N, ``naive.same_verdicts_on_sample`` its rows with the
naive engine's on the sample.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import multiprocessing
import os
import platform
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from truceline.compliance.evaluate import evaluate, evaluate_naive
from truceline.compliance.records import (
    AgreementEventRecord,
    AgreementState,
    ClaimRecord,
    FindingRecord,
    IncidentFacts,
    ProvisionRule,
    Records,
    ZoneRecord,
    from_casebook,
)
from truceline.compliance.results import Assessment
from truceline.compliance.verdicts import NoteVerdict, Verdict, VerdictSet, verdicts
from truceline.compliance.zones import GeometryZoneIndex, ZoneIndex
from truceline.domain import schema
from truceline.vocabulary import (
    HOSTILE_KINDS,
    ClaimAssertion,
    ClaimStance,
    DatePrecision,
    FindingResult,
    FindingState,
    IncidentKind,
    LocationPrecision,
    Modality,
    ProvisionType,
)

CASEBOOK = Path(__file__).resolve().parents[1] / "src" / "truceline" / "casebooks" / "th_kh_2025"
AS_OF = dt.date(2025, 12, 31)

# a template: (kind, modality, span days, precision, place, lat, lon, location precision,
#              [(claimant, accused, assertion, stance, delay days)])
Template = tuple[
    IncidentKind,
    Modality,
    int,
    DatePrecision,
    str | None,
    float | None,
    float | None,
    LocationPrecision,
    list[tuple[str, str | None, ClaimAssertion, ClaimStance, int]],
]


class _Book:
    """The casebook files parsed with the schema models directly (no loader needed)."""

    def __init__(self, folder: Path) -> None:
        def rows(name: str, key: str) -> list[Any]:
            path = folder / name
            if not path.exists():
                return []
            return (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(key) or []

        self.agreements = [schema.Agreement.model_validate(r) for r in rows("agreements.yaml", "agreements")]
        self.incidents = [schema.Incident.model_validate(r) for r in rows("incidents.yaml", "incidents")]
        self.commitments = [schema.Commitment.model_validate(r) for r in rows("commitments.yaml", "commitments")]
        self.zones = [schema.Zone.model_validate(r) for r in rows("zones.yaml", "zones")]
        self.places = [schema.Place.model_validate(r) for r in rows("places.yaml", "places")]
        self.parties = [schema.Party.model_validate(r) for r in rows("parties.yaml", "parties")]


def _builtin() -> tuple[Records, list[Template], dt.date, dt.date]:
    """Fallback distributions when the casebook is absent: two ceasefires and the mine ban."""
    ict = dt.timezone(dt.timedelta(hours=7))
    agreements = (
        AgreementState("ceasefire-a", dt.datetime(2025, 7, 29, tzinfo=ict)),
        AgreementState(
            "ceasefire-b",
            dt.datetime(2025, 10, 26, tzinfo=ict),
            (AgreementEventRecord(dt.datetime(2025, 11, 10, tzinfo=ict), "suspended", by="TH"),),  # type: ignore[arg-type]
        ),
        AgreementState("mine-ban", dt.datetime(2000, 1, 1, tzinfo=ict)),
    )
    provisions = (
        ProvisionRule("ceasefire-a/1", "ceasefire-a", "1", ProvisionType.PROHIBITION, ("KH", "TH"), HOSTILE_KINDS),
        ProvisionRule("ceasefire-b/1", "ceasefire-b", "1", ProvisionType.PROHIBITION, ("KH", "TH"), HOSTILE_KINDS),
        ProvisionRule(
            "mine-ban/1",
            "mine-ban",
            "1",
            ProvisionType.PROHIBITION,
            ("KH", "TH"),
            frozenset({IncidentKind.LANDMINE_EXPLOSION, IncidentKind.MINES_FOUND}),
        ),
    )
    mix = [
        (IncidentKind.SHELLING, 22),
        (IncidentKind.ARMED_CLASH, 13),
        (IncidentKind.AIR_STRIKE, 11),
        (IncidentKind.LANDMINE_EXPLOSION, 7),
        (IncidentKind.MINES_FOUND, 2),
        (IncidentKind.DRONE_STRIKE, 2),
        (IncidentKind.PROTEST, 1),
    ]
    templates: list[Template] = []
    for kind, weight in mix:
        for w in range(weight):
            claims: list[tuple[str, str | None, ClaimAssertion, ClaimStance, int]] = []
            if w % 5:
                claims.append(("TH", "KH", ClaimAssertion.RESPONSIBLE, ClaimStance.ACCUSES, 0))
            if w % 3 == 0:
                claims.append(("KH", None, ClaimAssertion.DENIAL, ClaimStance.DENIES, 1))
            templates.append(
                (kind, Modality.CARRIED_OUT, w % 2, DatePrecision.DAY, None, None, None, LocationPrecision.NEAR, claims)
            )
    return Records(agreements=agreements, provisions=provisions), templates, dt.date(2025, 5, 28), AS_OF


def _from_casebook() -> tuple[Records, list[Template], dt.date, dt.date] | None:
    if not (CASEBOOK / "agreements.yaml").exists() or not (CASEBOOK / "incidents.yaml").exists():
        return None
    book = _Book(CASEBOOK)
    if not book.incidents:
        return None
    base = from_casebook(book)
    points = {p.id: (p.lat, p.lon) for p in base.places}
    templates: list[Template] = []
    for i in book.incidents:
        lat, lon = (i.lat, i.lon) if i.lat is not None else points.get(i.place or "", (None, None))
        claims = [
            (c.claimant, c.accused, c.assertion, c.stance, max(0, (c.date - i.date_start).days)) for c in i.claims
        ]
        templates.append(
            (
                i.kind,
                i.modality,
                (i.date_end - i.date_start).days,
                i.date_precision,
                i.place,
                lat,
                lon,
                i.location_precision,
                claims,
            )
        )
    first = min(i.date_start for i in book.incidents)
    last = max(i.date_start for i in book.incidents)
    return (
        Records(
            agreements=base.agreements,
            provisions=base.provisions,
            commitments=base.commitments,
            zones=base.zones,
            places=base.places,
            party_of=base.party_of,
        ),
        templates,
        first,
        last,
    )


def _zone_index(base: Records) -> ZoneIndex | None:
    try:
        from truceline.casebooks.loader import read_casebook
        from truceline.geo.zones import zone_contains, zone_geometry

        book = _Book(CASEBOOK)
        places = {p.id: p for p in book.places}
        geography = read_casebook(CASEBOOK).geography()
        geoms = {}
        for z in base.zones:
            try:
                geoms[z.id] = zone_geometry(z, geography, places)
            except ValueError:
                continue
        zones: dict[str, ZoneRecord] = {z.id: z for z in base.zones}
        return GeometryZoneIndex(geoms, zone_contains, zones)
    except Exception as exc:  # the geo engine is optional here
        print(f"no zone geometry ({exc}); zoned rules will be 'undetermined'", file=sys.stderr)
        return None


def synthesize(n: int, base: Records, templates: list[Template], first: dt.date, last: dt.date, seed: int) -> Records:
    rng = random.Random(seed)
    span = (last - first).days
    incidents: list[IncidentFacts] = []
    claims: list[ClaimRecord] = []
    findings: list[FindingRecord] = []
    results = list(FindingResult)
    for k in range(n):
        kind, modality, days, precision, place, lat, lon, loc, pattern = templates[rng.randrange(len(templates))]
        start = first + dt.timedelta(days=rng.randint(0, span))
        iid = f"syn-{k:07d}"
        incidents.append(
            IncidentFacts(
                id=iid,
                kind=kind,
                modality=modality,
                date_start=start,
                date_end=start + dt.timedelta(days=days),
                date_precision=precision,
                lat=lat,
                lon=lon,
                location_precision=loc,
                place_id=place,
            )
        )
        for c, (claimant, accused, assertion, stance, delay) in enumerate(pattern, start=1):
            claims.append(
                ClaimRecord(
                    f"{iid}/claim-{c}", iid, claimant, accused, assertion, stance, start + dt.timedelta(days=delay)
                )
            )
        if pattern and rng.random() < 0.01:
            findings.append(
                FindingRecord(
                    id=f"finding-{k}",
                    result=results[rng.randrange(len(results))],
                    state=FindingState.FINAL,
                    claim_id=f"{iid}/claim-1",
                    final_on=start + dt.timedelta(days=rng.randint(1, 60)),
                )
            )
    return Records(
        agreements=base.agreements,
        provisions=base.provisions,
        incidents=tuple(incidents),
        claims=tuple(claims),
        findings=tuple(findings),
        commitments=base.commitments,
        zones=base.zones,
        places=base.places,
        party_of=base.party_of,
    )


def _rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


_JOB: dict[str, Any] = {}  # set before forking; the children read it copy-on-write


def _measure(name: str, conn: Any) -> None:
    fn: Callable[..., Assessment | VerdictSet] = _JOB[name]
    records, zones = _JOB["records"], _JOB["zones"]
    gc.collect()
    start_rss = _rss_mb()
    t0 = time.perf_counter()
    result = fn(records, AS_OF, zones=zones)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if isinstance(result, VerdictSet):
        rows, notes = tuple(result), result.notes
        statuses = {s: n for s, n in result.status_counts().items() if n}
    else:
        rows = tuple(Verdict.of(v) for v in result.violations)
        notes = tuple(NoteVerdict.of(n) for n in result.notes)
        statuses = dict(Counter(str(v.status) for v in result.violations))
    summary = {
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(peak, 1),
        "peak_rss_growth_mb": round(peak - start_rss, 1),
        "violations": len(rows),
        "notes": len(notes),
        "status_counts": dict(sorted(statuses.items())),
    }
    if _JOB.get("compare"):
        # the verdicts (what, not why): every engine gives them; the full violations, with
        # their explanations, are compared between the indexed and naive engines by the tests
        summary["digest"] = hash((rows, notes))
        if isinstance(result, Assessment):
            summary["full_digest"] = hash((result.violations, result.notes))
    conn.send(summary)
    conn.close()


def _run(name: str, records: Records, zones: ZoneIndex | None, compare: bool = False) -> dict[str, Any]:
    _JOB.update({"records": records, "zones": zones, "compare": compare})
    ctx = multiprocessing.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_measure, args=(name, child))
    proc.start()
    child.close()
    out = parent.recv()
    proc.join()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="synthetic incidents (default 1,000,000)")
    parser.add_argument(
        "--naive-sample",
        type=int,
        default=100_000,
        help="run the naive engine on this many incidents and extrapolate (0: run it on all)",
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--no-geo", action="store_true", help="no zone geometry: zoned rules stay undetermined")
    args = parser.parse_args(argv)

    loaded = _from_casebook()
    source = "casebook th_kh_2025" if loaded is not None else "built-in"
    base, templates, first, last = loaded if loaded is not None else _builtin()
    zones = None if args.no_geo or loaded is None else _zone_index(base)
    _JOB["fast"], _JOB["naive"], _JOB["verdicts"] = evaluate, evaluate_naive, verdicts

    t0 = time.perf_counter()
    records = synthesize(args.n, base, templates, first, last, args.seed)
    build_seconds = time.perf_counter() - t0
    gc.collect()
    gc.freeze()  # the children share the input pages; keep the collector off them

    only_verdicts = _run("verdicts", records, zones)
    fast = _run("fast", records, zones)
    sample_n = args.n if args.naive_sample <= 0 else min(args.naive_sample, args.n)
    if sample_n == args.n:
        naive = _run("naive", records, zones)
        fast_on_sample = verdicts_on_sample = None
    else:
        sample = Records(
            agreements=records.agreements,
            provisions=records.provisions,
            incidents=records.incidents[:sample_n],
            claims=tuple(c for c in records.claims if int(c.incident_id[4:11]) < sample_n),
            findings=tuple(f for f in records.findings if f.claim_id is not None and int(f.claim_id[4:11]) < sample_n),
            commitments=records.commitments,
            zones=records.zones,
            places=records.places,
            party_of=records.party_of,
        )
        naive = _run("naive", sample, zones, compare=True)
        fast_on_sample = _run("fast", sample, zones, compare=True)
        verdicts_on_sample = _run("verdicts", sample, zones, compare=True)
    naive_full_seconds = naive["seconds"] * args.n / sample_n
    out: dict[str, Any] = {
        "benchmark": "compliance_evaluate",
        "command": "python bench/compliance_evaluate.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "distributions": source,
        "templates": len(templates),
        "date_range": [first.isoformat(), last.isoformat()],
        "as_of": AS_OF.isoformat(),
        "incidents": args.n,
        "claims": len(records.claims),
        "findings": len(records.findings),
        "provisions": len(records.provisions),
        "prohibitions": sum(1 for p in records.provisions if p.type == ProvisionType.PROHIBITION),
        "zone_geometry": zones is not None,
        "build_seconds": round(build_seconds, 3),
        "indexed": fast,
        "naive": {
            **{k: v for k, v in naive.items() if k not in ("digest", "full_digest")},
            "incidents_run": sample_n,
            "extrapolated": sample_n != args.n,
            "seconds_for_all": round(naive_full_seconds, 3),
            "how": (
                "measured on all incidents"
                if sample_n == args.n
                else f"measured on the first {sample_n} incidents, time scaled linearly by {args.n}/{sample_n}; "
                "peak_rss_growth_mb is the sample's, not scaled"
            ),
        },
        "verdicts": only_verdicts,
        "speedup": round(naive_full_seconds / fast["seconds"], 1) if fast["seconds"] else None,
        "verdicts_speedup": (
            round(naive_full_seconds / only_verdicts["seconds"], 1) if only_verdicts["seconds"] else None
        ),
        "verdicts_same_as_indexed": all(only_verdicts[k] == fast[k] for k in ("violations", "notes", "status_counts")),
        "python": platform.python_version(),
        "cpu_count": os.cpu_count(),
    }
    if fast_on_sample is not None and verdicts_on_sample is not None:
        out["naive"]["same_output_on_sample"] = fast_on_sample.pop("full_digest") == naive.get("full_digest")
        fast_on_sample.pop("digest")
        out["naive"]["same_verdicts_on_sample"] = verdicts_on_sample.pop("digest") == naive.get("digest")
        out["verdicts_on_sample"] = verdicts_on_sample
        out["indexed_on_sample"] = fast_on_sample
        out["speedup_on_sample"] = (
            round(naive["seconds"] / fast_on_sample["seconds"], 1) if fast_on_sample["seconds"] else None
        )
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
