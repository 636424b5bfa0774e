"""How long loading the bundled casebook takes, on SQLite and on PostgreSQL.

Prints JSON: the time to read and validate the casebook (the baseline, no database), and the
time to load it into a fresh store of each kind, with the ratio to the baseline; also the
time to load it again (a no-op). Run: ``python bench/casebook_load.py [--postgres URL]``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import uuid
from pathlib import Path

from sqlalchemy import text

from truceline.casebooks.loader import bundled_casebook_path, load_casebook, read_casebook
from truceline.db import make_engine, migrate, transaction


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def load_twice(url: str) -> dict[str, float]:
    engine = make_engine(url)
    migrate(engine)
    book = read_casebook(bundled_casebook_path("th-kh-2025"))

    def load() -> None:
        with transaction(engine) as session:
            load_casebook(session, book, actor="bench")

    first, _ = timed(load)
    again, _ = timed(load)
    engine.dispose()
    return {"load_seconds": round(first, 3), "reload_seconds": round(again, 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    args = parser.parse_args()
    baseline, book = timed(lambda: read_casebook(bundled_casebook_path("th-kh-2025")))
    report: dict[str, object] = {"counts": book.counts(), "read_and_validate_seconds": round(baseline, 3)}
    with tempfile.TemporaryDirectory() as folder:
        sqlite = load_twice(f"sqlite:///{Path(folder) / 'bench.db'}")
    report["sqlite"] = sqlite | {"load_vs_validate": round(sqlite["load_seconds"] / baseline, 1)}
    schema = f"bench_{uuid.uuid4().hex[:8]}"
    try:
        admin = make_engine(args.postgres)
        with admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{schema}"'))
        postgres = load_twice(f"{args.postgres}?options=-csearch_path%3D{schema}")
        report["postgresql"] = postgres | {"load_vs_validate": round(postgres["load_seconds"] / baseline, 1)}
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    except Exception as exc:  # no server: say so in the report
        report["postgresql"] = {"skipped": f"{exc.__class__.__name__}: {str(exc).splitlines()[0]}"}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
