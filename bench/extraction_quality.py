"""Extraction quality and speed on the evaluation set (bench/extraction_eval/reports.yaml); prints JSON.

Matching. Within one report, a candidate and a gold record can pair when they have the same ``type``,
the same kind (incidents: incident kind; claims: the assertion; agreement references: the agreement
id; meetings, statements and letters: any), and, when both give dates, overlapping date ranges.
Pairs are chosen greedily, best first (score: same kind, overlapping dates, same place, shared
parties, same claimant). Each candidate and each gold record pairs at most once.

Fields, each with precision = correct / values proposed, recall = correct / values in the gold:

- records: paired records (per type as well);
- kind: the kind (meeting body, statement kind, letter kind, incident kind, assertion, agreement);
- date: the candidate's date range overlaps the gold range; date_exact: same start and end;
  (for date, place and parties a value counts as proposed when its candidate is unpaired or paired with
  a gold record that codes that field: the gold does not code every date of every claim)
- place: the same named place (by name or gazetteer id), or "border" for border precision, no name;
- parties: party codes, counted one by one (micro-averaged);
- figures: killed/injured/displaced, each correct when low, best and high are all equal;
- claims: a claim pair with the same claimant and assertion (and accused, where the gold names one).

Throughput: the reports are joined into documents of about 600 words (realistic article length) and
extracted on one core, repeatedly for at least two seconds; the baseline is a regex tokenisation
pass over the same documents in the same run, reported as a ratio.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from truceline.casebooks.loader import bundled_casebook_path, read_casebook
from truceline.domain.conflict import ConflictDefinition
from truceline.extraction import Candidate, extract
from truceline.extraction.agreements import AgreementAlias, aliases_of
from truceline.extraction.places import GazetteerLike
from truceline.geo.gazetteer import Gazetteer

HERE = Path(__file__).parent
REPORTS = HERE / "extraction_eval" / "reports.yaml"


def load_casebook_lookups() -> tuple[GazetteerLike, tuple[AgreementAlias, ...], ConflictDefinition]:
    """The bundled casebook's gazetteer, agreement aliases and conflict: what ingest uses on a loaded store."""
    book = read_casebook(bundled_casebook_path("th-kh-2025"))
    return Gazetteer(book.places), aliases_of(book.agreements), book.definition()


# -- matching -----------------------------------------------------------------------------------------
def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def gold_range(g: dict[str, Any]) -> tuple[dt.date, dt.date] | None:
    start = _date(g.get("date_start"))
    if start is None:
        return None
    return start, _date(g.get("date_end")) or start


def dates_overlap(c: Candidate, g: dict[str, Any]) -> bool | None:
    rng = gold_range(g)
    if rng is None or c.date_start is None:
        return None
    return c.date_start <= rng[1] and rng[0] <= (c.date_end or c.date_start)


def kind_of(g: dict[str, Any]) -> str | None:
    if g["type"] == "claim":
        return g.get("about")
    if g["type"] == "agreement_ref":
        return g.get("agreement")
    return g.get("kind")


def cand_kind(c: Candidate) -> str:
    if c.type == "claim":
        return c.about or c.kind
    if c.type == "agreement_ref":
        return c.agreement or c.kind
    return c.kind


_KIND_BINDS = {"incident", "claim", "agreement_ref"}


def _norm(name: str) -> str:
    return re.sub(r"[^a-z]", "", name.lower())


def place_agrees(c: Candidate, g: dict[str, Any], gazetteer: GazetteerLike | None) -> bool:
    gold = g.get("place")
    if gold is None:
        return False
    if gold == "border":
        return c.place is None and c.location_precision == "border"
    if c.place_name is None:
        return False
    a, b = _norm(gold), _norm(c.place_name)
    if a and b and (a in b or b in a):
        return True
    lookup = getattr(gazetteer, "lookup", None)
    found = lookup(gold) if lookup else None
    return found is not None and found.id == c.place


def claim_agrees(c: Candidate, g: dict[str, Any]) -> bool:
    if c.claimant != g.get("claimant") or (c.about or c.kind) != g.get("about"):
        return False
    return g.get("accused") is None or c.accused == g.get("accused")


def pair_score(c: Candidate, g: dict[str, Any], gazetteer: GazetteerLike | None) -> float | None:
    if c.type != g["type"]:
        return None
    if g["type"] in _KIND_BINDS and cand_kind(c) != kind_of(g):
        return None
    overlap = dates_overlap(c, g)
    if overlap is False:
        return None
    score = 3.0 * (cand_kind(c) == kind_of(g)) + 2.0 * bool(overlap) + place_agrees(c, g, gazetteer)
    gp, cp = set(g.get("parties", [])), set(c.parties)
    if gp | cp:
        score += len(gp & cp) / len(gp | cp)
    if g["type"] == "claim":
        score += 2.0 * claim_agrees(c, g)
    if g["type"] == "statement":
        score += 2.0 * (c.speaker == g.get("speaker"))
    if g["type"] == "letter":
        score += 2.0 * (list(c.recipients) == g.get("recipients"))
    return score


def align(cands: list[Candidate], gold: list[dict[str, Any]], gazetteer: GazetteerLike | None) -> list[tuple[int, int]]:
    return best_pairs(len(cands), len(gold), lambda i, j: pair_score(cands[i], gold[j], gazetteer))


def best_pairs(proposed: int, coded: int, score: Callable[[int, int], float | None]) -> list[tuple[int, int]]:
    """Proposed and hand-coded events paired greedily, best score first, each used once (a pair
    scored None cannot be made)."""
    scored = []
    for i in range(proposed):
        for j in range(coded):
            s = score(i, j)
            if s is not None:
                scored.append((s, i, j))
    scored.sort(key=lambda t: (-t[0], t[1], t[2]))
    used_c: set[int] = set()
    used_g: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_c and j not in used_g:
            used_c.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


class Tally:
    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def add(self, field: str, tp: int = 0, predicted: int = 0, gold: int = 0) -> None:
        row = self.counts.setdefault(field, [0, 0, 0])
        row[0] += tp
        row[1] += predicted
        row[2] += gold

    def report(self) -> dict[str, dict[str, float | int]]:
        out = {}
        for field, (tp, pred, gold) in self.counts.items():
            p = tp / pred if pred else 0.0
            r = tp / gold if gold else 0.0
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            out[field] = {
                "precision": round(p, 3),
                "recall": round(r, 3),
                "f1": round(f1, 3),
                "tp": tp,
                "predicted": pred,
                "gold": gold,
            }
        return out


_FIGURES = ("killed", "injured", "displaced")


def score_report(
    cands: list[Candidate], gold: list[dict[str, Any]], gazetteer: GazetteerLike | None, tally: Tally
) -> None:
    pairs = align(cands, gold, gazetteer)
    tally.add("records", tp=len(pairs), predicted=len(cands), gold=len(gold))
    for type_ in ("incident", "claim", "meeting", "agreement_ref", "letter", "statement"):
        n_pairs = sum(1 for i, _ in pairs if cands[i].type == type_)
        tally.add(
            f"records.{type_}",
            tp=n_pairs,
            predicted=sum(c.type == type_ for c in cands),
            gold=sum(g["type"] == type_ for g in gold),
        )
    tally.add("kind", predicted=len(cands), gold=sum(kind_of(g) is not None for g in gold))
    # a value counts as proposed when its candidate is unpaired, or paired with a gold record that codes the field
    paired_gold = {i: gold[j] for i, j in pairs}

    def proposed(c_index: int, has_gold_field: Any) -> bool:
        g = paired_gold.get(c_index)
        return g is None or bool(has_gold_field(g))

    dated = [i for i, c in enumerate(cands) if c.date_start is not None and proposed(i, gold_range)]
    tally.add("date", predicted=len(dated), gold=sum(gold_range(g) is not None for g in gold))
    tally.add("date_exact", predicted=len(dated), gold=sum(gold_range(g) is not None for g in gold))
    placed = [
        i
        for i, c in enumerate(cands)
        if (c.place_name is not None and (c.type == "incident" or c.place is not None))
        and proposed(i, lambda g: g.get("place"))
    ]
    tally.add("place", predicted=len(placed), gold=sum(g.get("place") is not None for g in gold))
    tally.add(
        "parties",
        predicted=sum(len(c.parties) for i, c in enumerate(cands) if proposed(i, lambda g: g.get("parties"))),
        gold=sum(len(g.get("parties", [])) for g in gold),
    )
    tally.add(
        "figures",
        predicted=sum(getattr(c, f) is not None for c in cands for f in _FIGURES),
        gold=sum(f in g for g in gold for f in _FIGURES),
    )
    tally.add("claims", predicted=sum(c.type == "claim" for c in cands), gold=sum(g["type"] == "claim" for g in gold))
    for i, j in pairs:
        c, g = cands[i], gold[j]
        if kind_of(g) is not None and cand_kind(c) == kind_of(g):
            tally.add("kind", tp=1)
        rng = gold_range(g)
        if rng is not None and c.date_start is not None:
            tally.add("date", tp=int(bool(dates_overlap(c, g))))
            tally.add("date_exact", tp=int((c.date_start, c.date_end or c.date_start) == rng))
        if place_agrees(c, g, gazetteer):
            tally.add("place", tp=1)
        tally.add("parties", tp=len(set(c.parties) & set(g.get("parties", []))))
        for f in _FIGURES:
            value = getattr(c, f)
            if f in g and value is not None:
                want = g[f]
                got = value.to_dict()
                tally.add("figures", tp=int(all(got[k] == want.get(k) for k in ("low", "best", "high"))))
        if g["type"] == "claim" and claim_agrees(c, g):
            tally.add("claims", tp=1)


# -- throughput ------------------------------------------------------------------------------------------
def documents(reports: list[dict[str, Any]], words: int = 600) -> list[tuple[str, dt.date]]:
    docs: list[tuple[str, dt.date]] = []
    parts: list[str] = []
    dates: list[dt.date] = []
    count = 0
    for report in reports:
        parts.append(report["text"].strip())
        dates.append(_date(report["published"]))  # type: ignore[arg-type]
        count += len(report["text"].split())
        if count >= words:
            docs.append(("\n\n".join(parts), max(dates)))
            parts, dates, count = [], [], 0
    if parts:
        docs.append(("\n\n".join(parts), max(dates)))
    return docs


_TOKEN = re.compile(r"\w+|[^\w\s]")


def _rate(run: Any, docs: list[tuple[str, dt.date]], min_seconds: float = 2.0) -> float:
    rounds = 0
    start = time.perf_counter()
    while True:
        for text, published in docs:
            run(text, published)
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            return rounds * len(docs) / elapsed


def throughput(
    reports: list[dict[str, Any]],
    gazetteer: GazetteerLike,
    agreements: tuple[AgreementAlias, ...],
    conflict: ConflictDefinition,
) -> dict[str, Any]:
    docs = documents(reports)
    words = statistics.mean(len(t.split()) for t, _ in docs)
    extract(*docs[0], gazetteer, conflict=conflict, agreements=agreements)  # warm the regex caches
    rate = _rate(lambda t, p: extract(t, p, gazetteer, conflict=conflict, agreements=agreements), docs)
    baseline = _rate(lambda t, p: _TOKEN.findall(t), docs, min_seconds=1.0)
    return {
        "documents": len(docs),
        "mean_words_per_document": round(words, 1),
        "reports_per_second": round(rate, 1),
        "words_per_second": round(rate * words),
        "baseline": "regex tokenisation (\\w+|[^\\w\\s]) of the same documents",
        "baseline_reports_per_second": round(baseline, 1),
        "ratio_to_baseline": round(rate / baseline, 4),
        "cores": 1,
    }


#: candidate types this set does not code
UNCODED_TYPES = frozenset({"tally", "agreement_status"})


def main() -> int:
    data = yaml.safe_load(REPORTS.read_text(encoding="utf-8"))
    reports = data["reports"]
    gazetteer, agreements, conflict = load_casebook_lookups()
    tally = Tally()
    for report in reports:
        extraction = extract(
            report["text"],
            _date(report["published"]),  # type: ignore[arg-type]
            gazetteer,
            conflict=conflict,
            agreements=agreements,
        )
        # this set codes no tallies or agreement status changes: those candidates are not scored here
        kept = [c for c in extraction.candidates if c.type not in UNCODED_TYPES]
        score_report(kept, report["gold"], gazetteer, tally)
    result = {
        "eval_set": str(REPORTS.relative_to(HERE.parent)),
        "reports": len(reports),
        "gold_records": sum(len(r["gold"]) for r in reports),
        "lookups": "the bundled casebook th-kh-2025: its places (gazetteer) and agreement aliases",
        "fields": tally.report(),
        "throughput": throughput(reports, gazetteer, agreements, conflict),
    }
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
