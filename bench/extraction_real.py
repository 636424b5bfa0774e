"""Extraction on real reporting: precision, recall and F1 per event type and per field, with 95 % intervals.

The set is tests/data/extraction/real_reports.yaml: real reports of both bundled casebooks' conflicts,
each kept as its address, publication date and a short excerpt, coded by hand to docs/codebook.md and
split once into a development half (``dev``) and a test half (``test``). Both halves are scored; rules
and thresholds are looked at and tuned on ``dev`` only.

Matching. Within one report, a candidate and a gold record can pair when their types correspond
(incident, claim, meeting, tally, agreement status; an agreement status candidate of kind ``signed``
is a new agreement) and, for incidents and meetings, their dates overlap when both give one. Pairs
are chosen greedily, best first (same kind, overlapping dates, same place, same parties; for claims
the same claimant, stance and accused). Agreement references, letters
and statements are not events of the codebook and are not scored.

Fields, for each: tp = paired records whose value is right; proposed = candidates carrying a value
(a paired candidate only when its gold record codes the field); gold = gold records coding it.
precision = tp / proposed, recall = tp / gold, and ``of_matched`` = tp / paired records whose gold codes
it (the figure the issue's targets speak of: "killed right in N of M matched incidents").

- kind (incidents); date_exact (same first and last day), date (the ranges overlap);
- place: the same name (letters only, either containing the other) or gazetteer entry; "border" when the
  candidate names only the border;
- parties: the set of the conflict's principal parties (a force or armed group counts as the principal
  that answers for it; mediators and observers are not coded), equal as a set;
- killed, injured: low, best and high all equal;
- claimant, accused, stance, about (claims; principals as for parties).

Intervals: Wilson score intervals for precision, recall and of_matched; for F1, a percentile bootstrap
over reports (1,000 resamples, fixed seed). Speed: every excerpt extracted repeatedly on one core for
at least two seconds (``--seconds``), as reports per second and words per second.

    python -m bench.extraction_real            # JSON, both halves
    python -m bench.extraction_real --table    # the same as a table
    python -m bench.extraction_real --dev-misses   # per development report: what was missed or wrong

``--dev-misses`` prints the development half only: the test half is never looked at report by report.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bench.extraction_quality import best_pairs
from truceline.casebooks.loader import bundled_casebook_path, read_casebook
from truceline.domain.conflict import ConflictDefinition
from truceline.extraction import Candidate, extract
from truceline.extraction.agreements import AgreementAlias, aliases_of
from truceline.extraction.places import GazetteerLike
from truceline.geo.gazetteer import Gazetteer

ROOT = Path(__file__).parent.parent
REPORTS = ROOT / "tests" / "data" / "extraction" / "real_reports.yaml"

#: candidate type -> the codebook's record type; types not listed are not scored
SCORED_TYPES = {
    "incident": "incident",
    "claim": "claim",
    "meeting": "meeting",
    "agreement_status": "agreement_status",
    "tally": "tally",
}


def record_type(c: Candidate) -> str:
    """The codebook's type for a candidate: a status change of kind ``signed`` is a new agreement."""
    if c.type == "agreement_status" and c.kind == "signed":
        return "agreement"
    return SCORED_TYPES[c.type]


GOLD_TYPES = ("incident", "claim", "meeting", "agreement", "agreement_status", "tally")
FIELDS = (
    "kind",
    "date_exact",
    "date",
    "place",
    "parties",
    "killed",
    "injured",
    "claimant",
    "accused",
    "stance",
    "about",
)


@dataclass(frozen=True)
class Lookups:
    """What ingest would use for one conflict: its gazetteer, agreement aliases and definition."""

    gazetteer: GazetteerLike
    agreements: tuple[AgreementAlias, ...]
    conflict: ConflictDefinition


def load_lookups(conflict_id: str) -> Lookups:
    book = read_casebook(bundled_casebook_path(conflict_id))
    return Lookups(Gazetteer(book.places), aliases_of(book.agreements), book.definition())


def load_reports(path: Path = REPORTS) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return list(data["reports"])


# -- values --------------------------------------------------------------------------------------------
def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def gold_range(g: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    value = g.get("date")
    if value is None:
        return None
    if isinstance(value, list):
        return _day(value[0]), _day(value[-1])
    return _day(value), _day(value)


def cand_range(c: Candidate) -> tuple[dt.date, dt.date] | None:
    if c.date_start is None:
        return None
    return c.date_start, c.date_end or c.date_start


def _overlap(a: tuple[dt.date, dt.date] | None, b: tuple[dt.date, dt.date] | None) -> bool | None:
    if a is None or b is None:
        return None
    return a[0] <= b[1] and b[0] <= a[1]


def _letters(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def place_right(c: Candidate, gold: str, gazetteer: GazetteerLike) -> bool:
    if gold == "border":
        return c.place is None and c.location_precision == "border"
    if c.place_name is None:
        return False
    a, b = _letters(gold), _letters(c.place_name)
    if a and b and (a in b or b in a):
        return True
    lookup = getattr(gazetteer, "lookup", None)
    found = lookup(gold) if lookup else None
    return found is not None and found.id == c.place


def _figure(c: Candidate, name: str) -> dict[str, int | None] | None:
    value = getattr(c, name)
    return None if value is None else value.to_dict()


def _gold_figure(g: dict[str, Any], name: str) -> dict[str, int | None] | None:
    value = g.get(name)
    if value is None:
        return None
    return {k: value.get(k) for k in ("low", "best", "high")}


class Reader:
    """Reads one candidate's and one gold record's fields the same way (principals, figures, places)."""

    def __init__(self, lookups: Lookups) -> None:
        self.lookups = lookups

    def principal(self, code: str | None) -> str | None:
        return None if code is None else self.lookups.conflict.principal_of(code)

    def parties(self, codes: Sequence[str]) -> frozenset[str]:
        """The conflict's principal parties among ``codes`` (a mediator or observer is not coded)."""
        principals = set(self.lookups.conflict.principals)
        return frozenset(p for p in (self.lookups.conflict.principal_of(c) for c in codes) if p in principals)

    def candidate_value(self, c: Candidate, name: str) -> Any:
        if name == "kind":
            return c.kind if c.type == "incident" else None
        if name in ("date", "date_exact"):
            return cand_range(c) if c.type in ("incident", "meeting") else None
        if name == "place":
            return c.place_name if c.type in ("incident", "meeting") and c.place_name else None
        if name == "parties":
            return self.parties(c.parties) if c.type in ("incident", "meeting") and c.parties else None
        if name in ("killed", "injured"):
            return _figure(c, name)
        if c.type != "claim":
            return None
        if name == "claimant":
            return self.principal(c.claimant)
        if name == "accused":
            return self.principal(c.accused)
        if name == "stance":
            return c.stance
        if name == "about":
            return c.about or c.kind
        return None

    def gold_value(self, g: dict[str, Any], name: str) -> Any:
        if name == "kind":
            return g.get("kind") if g["type"] == "incident" else None
        if name in ("date", "date_exact"):
            return gold_range(g) if g["type"] in ("incident", "meeting") else None
        if name == "place":
            return g.get("place") if g["type"] in ("incident", "meeting") else None
        if name == "parties":
            return self.parties(g["parties"]) if g["type"] in ("incident", "meeting") and g.get("parties") else None
        if name in ("killed", "injured"):
            return _gold_figure(g, name) if g["type"] == "incident" else None
        if g["type"] != "claim":
            return None
        if name in ("claimant", "accused"):
            return self.principal(g.get(name))
        return g.get(name)

    def right(self, c: Candidate, g: dict[str, Any], name: str) -> bool:
        want = self.gold_value(g, name)
        got = self.candidate_value(c, name)
        if want is None or got is None:
            return False
        if name == "date":
            return bool(_overlap(got, want))
        if name == "place":
            return place_right(c, want, self.lookups.gazetteer)
        return bool(got == want)


# -- matching ------------------------------------------------------------------------------------------
def pair_score(reader: Reader, c: Candidate, g: dict[str, Any]) -> float | None:
    if c.type not in SCORED_TYPES or record_type(c) != g["type"]:
        return None
    if g["type"] in ("incident", "meeting") and _overlap(cand_range(c), gold_range(g)) is False:
        return None
    score = 1.0
    for name, weight in (
        ("kind", 3.0),
        ("date", 2.0),
        ("place", 1.0),
        ("parties", 1.0),
        ("killed", 1.0),
        ("injured", 1.0),
        ("claimant", 3.0),
        ("stance", 2.0),
        ("accused", 1.0),
        ("about", 1.0),
    ):
        score += weight * reader.right(c, g, name)
    return score


def align(reader: Reader, cands: Sequence[Candidate], gold: Sequence[dict[str, Any]]) -> list[tuple[int, int]]:
    return best_pairs(len(cands), len(gold), lambda i, j: pair_score(reader, cands[i], gold[j]))


# -- counting ------------------------------------------------------------------------------------------
@dataclass
class Counts:
    """tp / proposed / gold / matched (paired records whose gold codes the field), by row name."""

    rows: dict[str, list[int]] = field(default_factory=dict)

    def add(self, row: str, tp: int = 0, proposed: int = 0, gold: int = 0, matched: int = 0) -> None:
        r = self.rows.setdefault(row, [0, 0, 0, 0])
        r[0] += tp
        r[1] += proposed
        r[2] += gold
        r[3] += matched

    def merge(self, other: Counts) -> None:
        for row, (tp, proposed, gold, matched) in other.rows.items():
            self.add(row, tp, proposed, gold, matched)


def count_report(reader: Reader, cands: Sequence[Candidate], gold: Sequence[dict[str, Any]]) -> Counts:
    scored = [c for c in cands if c.type in SCORED_TYPES]
    pairs = align(reader, scored, gold)
    paired_gold = {i: gold[j] for i, j in pairs}
    counts = Counts()
    for type_ in ("all", *GOLD_TYPES):
        in_type: Callable[[str], bool] = (lambda t: True) if type_ == "all" else (lambda t, want=type_: t == want)  # type: ignore[misc]
        counts.add(
            f"events.{type_}",
            tp=sum(in_type(gold[j]["type"]) for _, j in pairs),
            proposed=sum(in_type(record_type(c)) for c in scored),
            gold=sum(in_type(g["type"]) for g in gold),
        )
    for name in FIELDS:
        proposed = 0
        for i, c in enumerate(scored):
            if reader.candidate_value(c, name) is None:
                continue
            g = paired_gold.get(i)
            if g is None or reader.gold_value(g, name) is not None:
                proposed += 1
        tp = sum(reader.right(scored[i], gold[j], name) for i, j in pairs)
        matched = sum(reader.gold_value(gold[j], name) is not None for _, j in pairs)
        counts.add(
            name,
            tp=tp,
            proposed=proposed,
            gold=sum(reader.gold_value(g, name) is not None for g in gold),
            matched=matched,
        )
    return counts


# -- intervals -----------------------------------------------------------------------------------------
def wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float] | None:
    """The Wilson score interval for k successes in n trials (None when n is 0)."""
    if n == 0:
        return None
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def f1_of(tp: int, proposed: int, gold: int) -> float:
    return 2 * tp / (proposed + gold) if proposed + gold else 0.0


def bootstrap_f1(per_report: Sequence[Counts], row: str, resamples: int = 1000, seed: int = 13) -> tuple[float, float]:
    rng = random.Random(seed)
    values = [r.rows.get(row, [0, 0, 0, 0]) for r in per_report]
    f1s = []
    for _ in range(resamples):
        tp = proposed = gold = 0
        for _ in range(len(values)):
            v = values[rng.randrange(len(values))]
            tp, proposed, gold = tp + v[0], proposed + v[1], gold + v[2]
        f1s.append(f1_of(tp, proposed, gold))
    f1s.sort()
    return f1s[int(0.025 * resamples)], f1s[min(resamples - 1, int(0.975 * resamples))]


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _interval(value: tuple[float, float] | None) -> list[float] | None:
    return None if value is None else [round(value[0], 3), round(value[1], 3)]


def summarise(per_report: Sequence[Counts]) -> dict[str, dict[str, Any]]:
    total = Counts()
    for r in per_report:
        total.merge(r)
    out: dict[str, dict[str, Any]] = {}
    for row, (tp, proposed, gold, matched) in total.rows.items():
        entry: dict[str, Any] = {
            "precision": _r(tp / proposed) if proposed else None,
            "precision_95": _interval(wilson(tp, proposed)),
            "recall": _r(tp / gold) if gold else None,
            "recall_95": _interval(wilson(tp, gold)),
            "f1": _r(f1_of(tp, proposed, gold)) if proposed + gold else None,
            "f1_95": _interval(bootstrap_f1(per_report, row)) if proposed + gold else None,
            "tp": tp,
            "proposed": proposed,
            "gold": gold,
        }
        if not row.startswith("events."):
            entry["of_matched"] = _r(tp / matched) if matched else None
            entry["of_matched_95"] = _interval(wilson(tp, matched))
            entry["matched"] = matched
        out[row] = entry
    return out


# -- running -------------------------------------------------------------------------------------------
def run(reports: Sequence[dict[str, Any]], lookups: dict[str, Lookups]) -> dict[str, list[Counts]]:
    halves: dict[str, list[Counts]] = {"dev": [], "test": []}
    for report in reports:
        lk = lookups[report["conflict"]]
        extraction = extract(
            report["excerpt"],
            _day(report["published"]),
            lk.gazetteer,
            conflict=lk.conflict,
            agreements=lk.agreements,
        )
        halves[report["split"]].append(count_report(Reader(lk), extraction.candidates, report["gold"]))
    return halves


def speed(reports: Sequence[dict[str, Any]], lookups: dict[str, Lookups], seconds: float) -> dict[str, Any]:
    words = sum(len(r["excerpt"].split()) for r in reports)
    rounds = 0
    start = time.perf_counter()
    while True:
        for report in reports:
            lk = lookups[report["conflict"]]
            extract(
                report["excerpt"],
                _day(report["published"]),
                lk.gazetteer,
                conflict=lk.conflict,
                agreements=lk.agreements,
            )
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            break
    rate = rounds * len(reports) / elapsed
    return {
        "reports_per_second": round(rate, 1),
        "words_per_second": round(rate * words / len(reports)),
        "mean_words_per_report": round(words / len(reports), 1),
        "cores": 1,
    }


def evaluate(seconds: float = 2.0) -> dict[str, Any]:
    reports = load_reports()
    lookups = {cid: load_lookups(cid) for cid in sorted({r["conflict"] for r in reports})}
    halves = run(reports, lookups)
    return {
        "eval_set": str(REPORTS.relative_to(ROOT)),
        "reports": {half: len(counts) for half, counts in halves.items()},
        "gold_records": {half: sum(len(r["gold"]) for r in reports if r["split"] == half) for half in ("dev", "test")},
        "halves": {half: summarise(counts) for half, counts in halves.items()},
        "throughput": speed(reports, lookups, seconds),
    }


def _cell(entry: dict[str, Any], key: str) -> str:
    value, interval = entry.get(key), entry.get(f"{key}_95")
    if value is None:
        return "—"
    return f"{value:.2f} [{interval[0]:.2f}–{interval[1]:.2f}]" if interval else f"{value:.2f}"


def table(result: dict[str, Any]) -> str:
    lines = []
    for half, rows in result["halves"].items():
        lines.append(f"== {half} half: {result['reports'][half]} reports, {result['gold_records'][half]} gold records")
        header = f"{'row':<24}{'precision':>20}{'recall':>20}{'F1':>20}{'of matched':>20}  tp/proposed/gold"
        lines.append(header)
        for row, e in rows.items():
            counts = f"{e['tp']}/{e['proposed']}/{e['gold']}"
            lines.append(
                f"{row:<24}{_cell(e, 'precision'):>20}{_cell(e, 'recall'):>20}{_cell(e, 'f1'):>20}"
                f"{_cell(e, 'of_matched') if 'of_matched' in e else '':>20}  {counts}"
            )
        lines.append("")
    t = result["throughput"]
    lines.append(
        f"speed: {t['reports_per_second']} reports/s ({t['words_per_second']} words/s, "
        f"{t['mean_words_per_report']} words per excerpt, one core)"
    )
    return "\n".join(lines)


def _describe_gold(g: dict[str, Any]) -> str:
    keys = ("kind", "date", "place", "parties", "killed", "injured", "claimant", "stance", "accused", "about")
    return g["type"] + " " + " ".join(f"{k}={g[k]}" for k in keys if g.get(k) is not None)


def _describe_candidate(c: Candidate) -> str:
    parts = [record_type(c), c.kind, f"date={cand_range(c)}", f"place={c.place_name}", f"parties={list(c.parties)}"]
    if c.killed is not None:
        parts.append(f"killed={c.killed.to_dict()}")
    if c.injured is not None:
        parts.append(f"injured={c.injured.to_dict()}")
    if c.type == "claim":
        parts.append(f"{c.claimant} {c.stance} {c.accused} {c.about}")
    return " ".join(str(p) for p in parts) + f"  [{c.rule}]"


def dev_misses(reports: Sequence[dict[str, Any]], lookups: dict[str, Lookups]) -> str:
    """Per development report: gold records not matched, candidates not matched, and matched fields that are wrong."""
    lines = []
    for report in reports:
        if report["split"] != "dev":
            continue
        lk = lookups[report["conflict"]]
        reader = Reader(lk)
        extraction = extract(
            report["excerpt"], _day(report["published"]), lk.gazetteer, conflict=lk.conflict, agreements=lk.agreements
        )
        cands = [c for c in extraction.candidates if c.type in SCORED_TYPES]
        gold = report["gold"]
        pairs = align(reader, cands, gold)
        out = []
        for i, j in pairs:
            wrong = [
                name
                for name in FIELDS
                if reader.gold_value(gold[j], name) is not None and not reader.right(cands[i], gold[j], name)
            ]
            if wrong:
                out.append(f"  wrong {','.join(wrong)}: {_describe_gold(gold[j])}")
                out.append(f"      got {_describe_candidate(cands[i])}")
        out += [f"  missed: {_describe_gold(g)}" for j, g in enumerate(gold) if j not in {b for _, b in pairs}]
        out += [f"  extra:  {_describe_candidate(c)}" for i, c in enumerate(cands) if i not in {a for a, _ in pairs}]
        if out:
            lines.append(report["id"])
            lines.extend(out)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction_real", description=__doc__.split("\n")[0])
    parser.add_argument("--table", action="store_true", help="print a table instead of JSON")
    parser.add_argument("--seconds", type=float, default=2.0, help="how long to measure speed")
    parser.add_argument(
        "--dev-misses", action="store_true", help="print each development report's misses (never the test half's)"
    )
    args = parser.parse_args(argv)
    if args.dev_misses:
        reports = load_reports()
        lookups = {cid: load_lookups(cid) for cid in sorted({r["conflict"] for r in reports})}
        print(dev_misses(reports, lookups))
        return 0
    result = evaluate(args.seconds)
    if args.table:
        print(table(result))
    else:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
