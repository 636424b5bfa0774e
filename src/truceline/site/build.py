"""Writing the site: HTML pages and machine-readable files of the published record, and a manifest
that binds every file's SHA-256 to the signed ledger head, signed with the instance's key.

The manifest (``manifest.json``, checked by :mod:`truceline.publish.verify_site`)::

    {"format": "truceline-site/1", "generated_at", "conflict": {"id", "title"},
     "head": {seq, hash, signature, key_id, at}, "keys": {key_id: public key PEM},
     "signed_by": key_id, "files": {path: {"sha256", "bytes"}}, "signature": base64}

The signature is Ed25519 over the canonical JSON of every member but ``signature``.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from importlib.resources import files as package_files
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from sqlalchemy.orm import Session

from truceline.compliance.page import matrix_table
from truceline.compliance.results import party_column
from truceline.domain.wording import figure_text
from truceline.errors import InvalidInput
from truceline.incidents.kinds import kind_label
from truceline.ledger.keys import Signer
from truceline.ledger.services import default_signer, head_entry, public_keys
from truceline.publish.exports import ExportFormat, csv_text, export_incidents
from truceline.publish.verify_site import MANIFEST, SITE_FORMAT, manifest_body
from truceline.site.record import PublicRecord

#: the machine-readable files, with what each holds (listed on the index page)
DATA_FILES = [
    ("data/incidents.json", "incidents and agreements as JSON (the shape of 'truceline export json')"),
    ("data/incidents.geojson", "incidents as a GeoJSON FeatureCollection"),
    ("data/incidents.csv", "incidents as CSV in ACLED's columns"),
    ("data/agreements.json", "agreements with their provisions and commitments"),
    ("data/compliance.json", "the compliance document: violations by provision and party"),
    ("data/violations.csv", "one row per violation"),
    ("data/sources.json", "the sources cited, with the SHA-256 of each text kept"),
    ("data/sources.csv", "the same as CSV"),
    ("data/versions.json", "the current signed version of every record shown"),
    ("ledger/head.json", "the signed ledger head this site was written from"),
]
SOURCE_COLUMNS = ["id", "published_on", "publisher", "title", "url", "kind", "sha256"]
VIOLATION_COLUMNS = ["incident_id", "provision_id", "party", "status"]


def page_of(record_id: str) -> str:
    """A file name for a record's page: its id with anything but letters, digits, '.', '-' and '_'
    replaced, and a short hash when that changed it (two ids never share a page)."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", record_id)[:120]
    if safe != record_id:
        safe += "-" + hashlib.sha256(record_id.encode("utf-8")).hexdigest()[:8]
    return f"{safe}.html"


def incident_pages_link(incident_ids: list[str]) -> str:
    """Where a count of the compliance matrix links on the site: one incident's own page, or
    the list of violations further down the page."""
    return f"incidents/{page_of(incident_ids[0])}" if len(incident_ids) == 1 else "#violations"


def _json(value: Any) -> bytes:
    return (json.dumps(value, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("truceline", "templates"), autoescape=select_autoescape(["html"]))
    env.globals.update(page_of=page_of, kind_label=kind_label, figure=figure_text)
    return env


def data_files(record: PublicRecord, head: dict[str, Any]) -> dict[str, bytes]:
    conflict = record.conflict
    incidents = record.incidents
    violations = [
        {k: v.get(k) for k in VIOLATION_COLUMNS} | {"party": party_column(v.get("party"))}
        for v in record.compliance["violations"]
    ]
    return {
        "data/incidents.json": export_incidents(
            ExportFormat.JSON, incidents, conflict, lambda: record.agreements
        ).encode(),
        "data/incidents.geojson": export_incidents(ExportFormat.GEOJSON, incidents, conflict, list).encode(),
        "data/incidents.csv": export_incidents(ExportFormat.ACLED, incidents, conflict, list).encode(),
        "data/agreements.json": _json(record.agreements),
        "data/compliance.json": _json(record.compliance),
        "data/violations.csv": csv_text(VIOLATION_COLUMNS, violations).encode(),
        "data/sources.json": _json(record.sources),
        "data/sources.csv": csv_text(
            SOURCE_COLUMNS, ({k: s.get(k) for k in SOURCE_COLUMNS} for s in record.sources)
        ).encode(),
        "data/versions.json": _json(record.versions),
        "ledger/head.json": _json(head),
    }


def page_files(record: PublicRecord, head: dict[str, Any], key_id: str, generated_at: str) -> dict[str, bytes]:
    env = _environment()
    conflict = record.conflict
    versions = {(v["kind"], v["id"]): v for v in record.versions}
    common: dict[str, Any] = {
        "conflict": conflict,
        "head": head,
        "key_id": key_id,
        "generated_at": generated_at,
        "has_report": record.report_html is not None,
        "party_name": conflict.display_name,
        "as_of": record.as_of.isoformat(),
    }

    def page(template: str, root: str = "", **context: Any) -> bytes:
        return env.get_template(f"site/{template}").render(common | {"root": root} | context).encode("utf-8")

    out = {
        "index.html": page(
            "index.html",
            incidents=record.incidents,
            agreements=record.agreements,
            compliance=record.compliance,
            sources=record.sources,
            data_files=DATA_FILES,
        ),
        "incidents.html": page("incidents.html", incidents=record.incidents),
        "agreements.html": page("agreements.html", agreements=record.agreements),
        "compliance.html": page(
            "compliance.html",
            compliance=record.compliance,
            table=matrix_table(record.compliance, {}, conflict.display_name, link=incident_pages_link),
        ),
        "sources.html": page("sources.html", sources=record.sources),
        "verify.html": page("verify.html"),
        "site.css": (package_files("truceline") / "templates" / "site" / "site.css").read_bytes(),
    }
    for incident in record.incidents:
        out[f"incidents/{page_of(incident['id'])}"] = page(
            "incident.html", root="../", incident=incident, version=versions.get(("incident", incident["id"]))
        )
    if record.report_html is not None:
        out["reports/sitrep.html"] = record.report_html.encode("utf-8")
    return out


def signed_manifest(
    files: dict[str, bytes],
    *,
    record: PublicRecord,
    head: dict[str, Any],
    keys: dict[str, str],
    signer: Signer,
    at: str,
) -> dict[str, Any]:
    """The manifest of ``files``, bound to ``head`` and signed by ``signer``."""
    manifest: dict[str, Any] = {
        "format": SITE_FORMAT,
        "generated_at": at,
        "conflict": {"id": record.conflict.id, "title": record.conflict.title},
        "head": head,
        "keys": keys,
        "signed_by": signer.key_id,
        "files": {
            name: {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}
            for name, data in sorted(files.items())
        },
    }
    manifest["signature"] = base64.b64encode(signer.private_key.sign(manifest_body(manifest))).decode("ascii")
    return manifest


def write_tree(out: Path, files: dict[str, bytes]) -> None:
    """Write ``files`` under ``out`` whole or not at all: into a new directory beside it, then moved
    into place. An existing ``out`` must be empty or a site written before (it is replaced)."""
    if out.exists():
        if not out.is_dir():
            raise InvalidInput(f"{out} exists and is not a directory")
        if any(out.iterdir()) and not (out / MANIFEST).is_file():
            raise InvalidInput(
                f"{out} is not empty and holds no site (no {MANIFEST}): choose an empty or new directory"
            )
    parent = out.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=parent))
    except OSError as exc:
        raise InvalidInput(f"{out}: cannot write the site: {exc.strerror or exc}") from None
    old = parent / f"{staging.name}.old"
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        staging.chmod(0o755)
        if out.exists():
            out.rename(old)
        staging.rename(out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        if old.exists() and not out.exists():
            old.rename(out)
        raise InvalidInput(f"{out}: cannot write the site: {exc.strerror or exc}") from None
    shutil.rmtree(old, ignore_errors=True)


def write_site(
    session: Session,
    record_of: Callable[[Session], PublicRecord],
    out: Path,
    *,
    signer: Signer | None = None,
) -> dict[str, Any]:
    """Write the published record as a site under ``out``; return its manifest."""
    signer = signer or default_signer(session)
    head = head_entry(session)  # read first: the record read next is at least this new
    record = record_of(session)
    stored = public_keys(session)
    keys = {signer.key_id: signer.public_pem}
    if head["key_id"] and head["key_id"] in stored:
        keys[head["key_id"]] = stored[head["key_id"]]
    at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    files = data_files(record, head) | page_files(record, head, signer.key_id, at)
    manifest = signed_manifest(files, record=record, head=head, keys=keys, signer=signer, at=at)
    write_tree(out, files | {MANIFEST: _json(manifest)})
    return manifest
