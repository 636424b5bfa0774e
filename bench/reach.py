"""What the public site and a replica cost, on the th-kh-2025 casebook (SQLite): writing the site
(``publish site``) and checking it (``verify_site``); a replica's first pull of the whole signed
ledger over loopback HTTP (a uvicorn server in a thread) and a pull with nothing new (which still
fetches and re-verifies the whole chain). Baseline in the same run: ``ledger verify`` of the chain
on the source (what a pull re-does, without HTTP).

Prints JSON. Run: ``python bench/reach.py``.
"""

from __future__ import annotations

import json
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from sqlalchemy import Engine

from truceline.app import create_app
from truceline.auth.services import add_user, issue_api_token
from truceline.casebooks.loader import bundled_casebook_path, load_casebook, read_casebook
from truceline.db import make_engine, migrate, transaction
from truceline.ledger.services import head_entry, verify_ledger
from truceline.publish.verify_site import verify_site
from truceline.replica.services import HttpSource, synchronise
from truceline.site.build import write_site
from truceline.site.record import public_record


def store(path: Path) -> Engine:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return engine


def timed(work: object) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()  # type: ignore[operator]
    return time.perf_counter() - started, result


def main() -> None:
    directory = Path(tempfile.mkdtemp(prefix="bench-reach-"))
    source = store(directory / "source.db")
    with transaction(source) as session:
        load_casebook(session, read_casebook(bundled_casebook_path("th-kh-2025")), actor="bench")
        add_user(session, username="observer", role="observer", password="correct-horse-battery", actor="bench")
        token = issue_api_token(session, "observer", actor="bench")
        head = head_entry(session)

    def write() -> dict[str, object]:
        with transaction(source) as session:
            return write_site(session, lambda s: public_record(s, "th-kh-2025"), directory / "site")

    site_seconds, manifest = timed(write)
    files = sorted((directory / "site").rglob("*"))
    site_bytes = sum(p.stat().st_size for p in files if p.is_file())
    check_seconds, report = timed(lambda: verify_site(directory / "site"))

    def chain() -> object:
        with transaction(source) as session:
            return verify_ledger(session)

    chain_seconds, _ = timed(chain)

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(source, run_jobs=False), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    replica = store(directory / "replica.db")

    def pull() -> object:
        with transaction(replica) as session:
            return synchronise(session, HttpSource(f"http://127.0.0.1:{port}", token), actor="bench")

    try:
        first_seconds, first = timed(pull)
        again_seconds, again = timed(pull)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
    print(
        json.dumps(
            {
                "entries": head["seq"],
                "site": {
                    "files": len(manifest["files"]) + 1,  # type: ignore[index, arg-type]
                    "bytes": site_bytes,
                    "write_seconds": round(site_seconds, 2),
                    "verify_seconds": round(check_seconds, 3),
                    "verified": report.ok,  # type: ignore[attr-defined]
                },
                "replica": {
                    "first_pull_seconds": round(first_seconds, 2),
                    "applied": first.applied,  # type: ignore[attr-defined]
                    "pull_with_nothing_new_seconds": round(again_seconds, 2),
                    "state": again.state,  # type: ignore[attr-defined]
                },
                "baseline_ledger_verify_seconds": round(chain_seconds, 2),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
