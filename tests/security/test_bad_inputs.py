"""The bad-input corpus (``tests/data/bad_inputs/manifest.yaml``): files, forms, API bodies, query
strings and headers, each refused with its status or exit code and a clear message, on both
stores; and after each, the store is exactly as before (the ledger head and every table's row
count), so nothing is half-written.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from sqlalchemy import Engine, func, select

from tests.security.conftest import SecureStore, headers_for
from truceline.casebooks.loader import bundled_casebook_path
from truceline.cli import main
from truceline.config import get_settings
from truceline.db import Base
from truceline.ledger.models import LedgerEntry

CORPUS = Path(__file__).resolve().parents[1] / "data" / "bad_inputs"
CASES: list[dict[str, Any]] = yaml.safe_load((CORPUS / "manifest.yaml").read_text(encoding="utf-8"))


def snapshot(engine: Engine) -> dict[str, Any]:
    """The ledger head and the row count of every table."""
    with engine.connect() as connection:
        counts = {t.name: connection.scalar(select(func.count()).select_from(t)) for t in Base.metadata.sorted_tables}
        head = connection.execute(
            select(LedgerEntry.seq, LedgerEntry.entry_hash).order_by(LedgerEntry.seq.desc())
        ).first()
    return {"ledger_head": tuple(head) if head else None, "rows": counts}


def generated_file(spec: dict[str, Any], directory: Path) -> Path:
    """A big or derived input made at run time (kept out of the repository)."""
    header = "event_id_cnty,event_date,time_precision,event_type,sub_event_type,actor1,country,location,"
    header += "latitude,longitude,geo_precision,fatalities"
    row = "THA1,2025-12-08,1,Battles,Armed clash,Military Forces of Thailand,Thailand,{place},14.0,102.5,1,0"
    path = directory / "generated.csv"
    if "wide_header" in spec:
        path.write_text(",".join(f"c{i}" for i in range(spec["wide_header"])) + "\n", encoding="utf-8")
    elif "long_line" in spec:
        path.write_text(header + "\n" + row.format(place="x" * spec["long_line"]) + "\n", encoding="utf-8")
    elif "big_field" in spec:
        path.write_text(header + "\n" + row.format(place='"' + "x" * spec["big_field"] + '"') + "\n", encoding="utf-8")
    elif "casebook_replace" in spec:
        file_name, old, new = spec["casebook_replace"]
        path = directory / "casebook"
        shutil.copytree(bundled_casebook_path("th-kh-2025"), path)
        target = path / file_name
        target.write_text(target.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    else:
        raise KeyError(f"unknown generator {spec}")
    return path


def request_arguments(case: dict[str, Any], store: SecureStore) -> dict[str, Any]:
    generate = case.get("generate", {})
    headers = headers_for(store, case.get("role", "anonymous")) | dict(case.get("headers", {}))
    arguments: dict[str, Any] = {"headers": headers}
    if "content_type" in case:
        headers["Content-Type"] = case["content_type"]
    if "json" in case:
        arguments["json"] = case["json"]
    if "raw" in case:
        arguments["content"] = case["raw"].encode("latin-1")
    if "form" in case:
        arguments["data"] = case["form"]
    if "body_bytes" in generate:
        headers["Content-Type"] = "application/json"
        arguments["content"] = b"x" * generate["body_bytes"]
    if "chunked_bytes" in generate:
        headers["Content-Type"] = "application/json"
        size = generate["chunked_bytes"]

        def chunks() -> Iterator[bytes]:
            for _ in range(0, size, 65536):
                yield b" " * 65536

        arguments["content"] = chunks()
    if "long_text" in generate:
        arguments["json"] = {"text": "a" * generate["long_text"], "published": "2025-12-09"}
    if "long_url" in generate:
        url = "https://example.org/" + "a" * generate["long_url"]
        arguments["json"] = {"text": "x", "published": "2025-12-09", "url": url}
    if "huge_token" in generate:
        headers["Authorization"] = "Bearer tl_" + "A" * generate["huge_token"]
    return arguments


def path_of(case: dict[str, Any], store: SecureStore) -> str:
    if "long_incident_path" in case.get("generate", {}):
        return "/api/v1/incidents/" + "x" * case["generate"]["long_incident_path"]
    return str(case["path"]).replace("{source_id}", store.ids["source_id"])


def run_cli(case: dict[str, Any], store: SecureStore, directory: Path) -> tuple[int, str]:
    url = store.engine.url.render_as_string(hide_password=False)
    file = generated_file(case["generate"], directory) if "generate" in case else None
    arguments = [str(a).replace("{files}", str(CORPUS / "files")).replace("{file}", str(file)) for a in case["args"]]
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with redirect_stdout(out), redirect_stderr(err), pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "argv", ["truceline", "--db", url, *arguments])
        patch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(case.get("stdin", "").encode("utf-8"))))
        patch.setenv("TRUCELINE_EVIDENCE_DIR", str(store.evidence_dir))
        get_settings.cache_clear()
        try:
            main()
        except SystemExit as exited:
            code = int(exited.code or 0) if not isinstance(exited.code, str) else 1
        finally:
            get_settings.cache_clear()
    return code, out.getvalue() + err.getvalue()


def test_the_corpus_holds_at_least_80_cases_of_every_interface() -> None:
    assert len(CASES) >= 80
    assert {c["interface"] for c in CASES} == {"api", "query", "header", "form", "cli"}
    assert len({c["id"] for c in CASES}) == len(CASES), "case ids must be unique"


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_a_bad_input_is_refused_and_changes_nothing(
    secure: SecureStore, secure_client: TestClient, case: dict[str, Any], tmp_path: Path
) -> None:
    before = snapshot(secure.engine)
    if case["interface"] == "cli":
        code, output = run_cli(case, secure, tmp_path)
        assert code == case["exit"], output[-2000:]
        assert case["message"] in output, output[-2000:]
        assert "Traceback" not in output
    else:
        response = secure_client.request(
            case.get("method", "GET"),
            path_of(case, secure),
            follow_redirects=False,
            **request_arguments(case, secure),
        )
        assert response.status_code == case["status"], response.text[:1000]
        if case["interface"] == "form" and response.headers["content-type"].startswith("text/html"):
            # a form refused comes back as its page, with what the person typed and why it was refused
            shown = re.findall(r'role="alert">(.*?)</', response.text, re.S)
            assert html.escape(case["message"], quote=False) in response.text, (case["id"], shown)
        else:
            body = response.json()
            assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
            assert case["message"] in body["error"]["message"] + json.dumps(body["error"]["details"]), body
    assert snapshot(secure.engine) == before, f"{case['id']} changed the store"
