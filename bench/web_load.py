"""Benchmark: the dashboard's data endpoints under concurrent load, next to a trivial endpoint.

Loads N synthetic incidents (default 100,000) into a fresh SQLite store, built from the bundled
casebook's distributions (kinds, places, dates, casualty figures), starts the app under uvicorn
on 127.0.0.1 in a subprocess, and measures each endpoint with an httpx async client at a fixed
concurrency, bounded by a request count and a time limit. ``/api/v1/health`` is measured in the
same run as the baseline. Prints JSON: p50/p95 latency, requests per second, ratios to health.

    python bench/web_load.py [--incidents 100000] [--requests 400] [--concurrency 16] [--cache-size 256 0]
    python bench/web_load.py --store /tmp/store.db --queries-only [--runs 3]

``--queries-only`` times the dashboard's queries themselves in this process instead (uncached, a
public reader of the bundled conflict, each query ``--runs`` times, in ms), next to ``SELECT 1``
on the same connection as the baseline.

The synthetic incidents are inserted in bulk (no change-log entries): this measures reading.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import insert

from truceline.casebooks.loader import bundled_casebook_path, load_casebook, read_casebook
from truceline.db import make_engine, migrate, transaction
from truceline.incidents.models import CasualtyFigure, Incident

ENDPOINTS = {
    "health (baseline)": "/api/v1/health",
    "markers, 30 days": "/api/v1/dashboard/markers?from=2025-07-01&to=2025-07-31",
    "markers, all (aggregated)": "/api/v1/dashboard/markers",
    "timeline, all": "/api/v1/dashboard/timeline",
    "timeline, 30 days, one kind": "/api/v1/dashboard/timeline?from=2025-07-01&to=2025-07-31&kind=shelling",
    "incidents page (50)": "/api/v1/incidents?limit=50&from=2025-07-01&to=2025-07-31",
}


#: the queries behind the endpoints, and the map with the other filters: name -> filter criteria
JULY = {"date_from": dt.date(2025, 7, 1), "date_to": dt.date(2025, 7, 31)}
BOX = (102.5, 14.0, 103.5, 14.6)  # west, south, east, north
QUERIES: dict[str, tuple[str, dict[str, object]]] = {
    "timeline, all": ("timeline", {}),
    "timeline, 30 days, one kind": ("timeline", JULY | {"kinds": ("shelling",)}),
    "incident count, 30 days": ("count", JULY),
    "a page of 50 incidents, 30 days": ("page", JULY),
    "map markers, 30 days (a calendar month)": ("markers", JULY),
    "map markers, 31 days across two months": (
        "markers", {"date_from": dt.date(2025, 7, 10), "date_to": dt.date(2025, 8, 9)}
    ),
    "map markers, all": ("markers", {}),
    "map markers, 30 days, one kind": ("markers", JULY | {"kinds": ("shelling",)}),
    "map markers, 30 days, a box": ("markers", JULY | {"bbox": BOX}),
    "map markers, 30 days, a party": ("markers", JULY | {"party": "TH"}),
    "map markers, all, a party": ("markers", {"party": "KH"}),
    "incident count, 30 days, a party": ("count", JULY | {"party": "TH"}),
    "timeline, 30 days, a party": ("timeline", JULY | {"party": "TH"}),
    "timeline, all, a party": ("timeline", {"party": "KH"}),
    "a page of 50 incidents, 30 days, a party": ("page", JULY | {"party": "KH"}),
    "incident count, 30 days, a box": ("count", JULY | {"bbox": BOX}),
    "timeline, 30 days, a box": ("timeline", JULY | {"bbox": BOX}),
    "a page of 50 incidents, 30 days, a box": ("page", JULY | {"bbox": BOX}),
    "map markers, all, a box": ("markers", {"bbox": BOX}),
    "incident count, all, a box": ("count", {"bbox": BOX}),
}  # fmt: skip


def time_queries(path: Path, runs: int) -> dict[str, list[float]]:
    """Each query of QUERIES ``runs`` times (ms), uncached, as the public reader of the bundled conflict."""
    from truceline.incidents.queries import IncidentFilter, count_incidents, incident_records, list_incidents
    from truceline.publish.dashboard import markers, timeline
    from truceline.visibility import Visibility

    engine = make_engine(f"sqlite:///{path}")
    conflict_id = read_casebook(bundled_casebook_path("th-kh-2025")).info.id
    public = Visibility(published_only=True, conflict_id=conflict_id)
    out: dict[str, list[float]] = {}
    with transaction(engine) as session:
        runners = {
            "timeline": lambda f: timeline(session, f),
            "count": lambda f: count_incidents(session, f),
            "page": lambda f: incident_records(session, list_incidents(session, f, limit=50), f.visibility),
            "markers": lambda f: markers(session, f),
        }
        timings = {"SELECT 1 (baseline)": ("select1", {})} | QUERIES
        for name, (what, criteria) in timings.items():
            out[name] = []
            for _ in range(runs):
                started = time.perf_counter()
                if what == "select1":
                    session.connection().exec_driver_sql("SELECT 1").scalar_one()
                else:
                    session.expunge_all()
                    runners[what](IncidentFilter.within(public, **criteria))
                out[name].append(round((time.perf_counter() - started) * 1000, 1))
    engine.dispose()
    return out


def build_store(path: Path, count: int, seed: int) -> dict[str, int]:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    book = read_casebook(bundled_casebook_path("th-kh-2025"))
    with transaction(engine) as session:
        load_casebook(session, book, actor="bench")
    rng = random.Random(seed)
    models = [i for i in book.incidents if i.lat is not None or i.place is not None]
    places = {p.id: p for p in book.places}
    first = min(i.date_start for i in book.incidents)
    span = (max(i.date_start for i in book.incidents) - first).days
    incidents, figures = [], []
    for n in range(count):
        model = rng.choice(models)
        lat = model.lat if model.lat is not None else places[model.place].lat if model.place else None
        lon = model.lon if model.lon is not None else places[model.place].lon if model.place else None
        day = first + dt.timedelta(days=rng.randint(0, span))
        incident_id = f"synthetic-{n:06d}"
        incidents.append(
            {
                "id": incident_id,
                "conflict_id": book.info.id,
                "kind": model.kind.value,
                "modality": "carried_out",
                "date_start": day,
                "date_end": day,
                "date_precision": "day",
                "place_id": None,
                "place_name": "synthetic",
                "lat": None if lat is None else lat + rng.gauss(0, 0.05),
                "lon": None if lon is None else lon + rng.gauss(0, 0.05),
                "location_precision": model.location_precision.value,
                "side": "undetermined",
                "weapons": [],
                "actors": list(model.actors),
                "description": "synthetic incident for the benchmark",
                "published": True,
            }
        )
        for figure in model.casualties:
            figures.append(
                {"incident_id": incident_id, "category": figure.category.value, "side": figure.side,
                 "population": figure.population.value, "low": figure.low, "best": figure.best, "high": figure.high}
            )  # fmt: skip
    with engine.begin() as connection:
        for start in range(0, len(incidents), 10_000):
            connection.execute(insert(Incident), incidents[start : start + 10_000])
        for start in range(0, len(figures), 10_000):
            connection.execute(insert(CasualtyFigure), figures[start : start + 10_000])
        connection.exec_driver_sql("ANALYZE")
    engine.dispose()
    return {"incidents": count + len(book.incidents), "casualty_figures": len(figures)}


def stored_counts(path: Path) -> dict[str, int]:
    """The counts of a store built by an earlier run (``--store``)."""
    engine = make_engine(f"sqlite:///{path}")
    with engine.connect() as connection:
        incidents = connection.exec_driver_sql("SELECT count(*) FROM incidents").scalar_one()
        figures = connection.exec_driver_sql("SELECT count(*) FROM casualty_figures").scalar_one()
    engine.dispose()
    return {"incidents": int(incidents), "casualty_figures": int(figures), "reused": True}


def app_factory() -> object:
    """The app as uvicorn's factory, with the cache size the benchmark asks for."""
    from truceline.app import create_app

    return create_app(cache_size=int(os.environ.get("BENCH_CACHE_SIZE", "256")))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def measure(client: httpx.AsyncClient, path: str, requests: int, concurrency: int, limit_s: float) -> dict:
    latencies: list[float] = []
    errors = 0
    queue = iter(range(requests))
    deadline = time.perf_counter() + limit_s

    async def worker() -> None:
        nonlocal errors
        for _ in queue:
            if time.perf_counter() > deadline:
                return
            start = time.perf_counter()
            try:
                response = await client.get(path)
                errors += response.status_code != 200
            except httpx.TransportError:  # a timeout under load: counted, with its time
                errors += 1
            latencies.append(time.perf_counter() - start)

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "path": path,
        "requests": len(latencies),
        "errors": errors,
        "p50_ms": round(statistics.median(latencies) * 1000, 2),
        "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 2),
        "requests_per_s": round(len(latencies) / elapsed, 1),
    }


async def run_load(base: str, requests: int, concurrency: int, limit_s: float) -> dict[str, dict]:
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        for path in ENDPOINTS.values():  # warm up: first queries, caches, connections
            await client.get(path)
        return {name: await measure(client, path, requests, concurrency, limit_s) for name, path in ENDPOINTS.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--incidents", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint (at most)")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per endpoint (at most)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--cache-size",
        type=int,
        nargs="+",
        default=[256],
        help="the app's dashboard cache (0: off, every query runs); several sizes: one run each on the same store",
    )
    parser.add_argument(
        "--store", type=Path, default=None, help="keep the store in this file and reuse it when it exists already"
    )
    parser.add_argument("--queries-only", action="store_true", help="time the queries themselves, no HTTP")
    parser.add_argument("--runs", type=int, default=3, help="with --queries-only: runs of each query")
    args = parser.parse_args()
    runs: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = args.store or Path(tmp) / "bench.db"
        started = time.perf_counter()
        counts = stored_counts(path) if path.exists() else build_store(path, args.incidents, args.seed)
        load_s = time.perf_counter() - started
        if args.queries_only:
            print(
                json.dumps({"store": "sqlite", "counts": counts, "queries_ms": time_queries(path, args.runs)}, indent=2)
            )
            return
        for cache_size in args.cache_size:
            runs[str(cache_size)] = serve_and_measure(path, cache_size, args)
    report = {
        "store": "sqlite",
        "counts": counts,
        "load_seconds": round(load_s, 1),
        "concurrency": args.concurrency,
        "server": "uvicorn, 1 worker, 127.0.0.1",
        "dashboard_cache": args.cache_size[0],
        "endpoints": runs[str(args.cache_size[0])],
    }
    if len(runs) > 1:
        report["by_cache_size"] = runs
    print(json.dumps(report, indent=2))


def serve_and_measure(path: Path, cache_size: int, args: argparse.Namespace) -> dict[str, dict]:
    """Start the app on the store with this dashboard cache, load every endpoint, stop it."""
    port = free_port()
    env = os.environ | {"TRUCELINE_DATABASE_URL": f"sqlite:///{path}", "BENCH_CACHE_SIZE": str(cache_size)}
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "web_load:app_factory",
         "--app-dir", str(Path(__file__).parent),
         "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
        env=env,
    )  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                httpx.get(base + "/api/v1/health", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        results = asyncio.run(run_load(base, args.requests, args.concurrency, args.time_limit))
    finally:
        server.terminate()
        server.wait(timeout=10)
    baseline = results["health (baseline)"]
    for result in results.values():
        result["p50_ratio_to_health"] = round(result["p50_ms"] / baseline["p50_ms"], 1)
        result["rps_ratio_to_health"] = round(result["requests_per_s"] / baseline["requests_per_s"], 3)
    return results


if __name__ == "__main__":
    main()
