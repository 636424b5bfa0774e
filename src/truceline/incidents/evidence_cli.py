"""``truceline evidence …``: evidence files stored by content hash, with their chain of custody."""

from __future__ import annotations

import datetime as dt
import hashlib
import mimetypes
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from truceline.cli_support import CLI_ACTOR, print_json, store
from truceline.config import get_settings
from truceline.conflicts.services import resolve_conflict
from truceline.errors import InvalidInput, NotFound
from truceline.incidents.models import Evidence, Incident
from truceline.incidents.services import add_evidence, check_evidence_content, evidence_path, record_custody_event

app = typer.Typer(
    help="Evidence files (photos, documents) stored by content hash, with their chain of custody.", no_args_is_help=True
)

CUSTODY_ACTIONS = ("collected", "received", "transferred", "examined", "copied", "returned", "sealed")


def evidence_record(evidence: Evidence) -> dict[str, Any]:
    return {
        "id": evidence.id,
        "sha256": evidence.sha256,
        "file_name": evidence.file_name,
        "media_type": evidence.media_type,
        "size": evidence.size,
        "incident_id": evidence.incident_id,
        "restricted": evidence.restricted,
        "description": evidence.description,
        "custody": [
            {"at": c.at.isoformat(), "action": c.action, "holder": c.holder, "note": c.note} for c in evidence.custody
        ],
    }


@app.command("add")
def add(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The file to store.")],
    holder: Annotated[str, typer.Option(help="Who collected it (the first link of the chain of custody).")],
    incident: Annotated[str | None, typer.Option(help="The incident it documents.")] = None,
    description: Annotated[str, typer.Option(help="What it shows.")] = "",
    public: Annotated[bool, typer.Option("--public", help="Visible to every role (default: observers only).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the stored record as JSON.")] = False,
) -> None:
    """Store an evidence file by its SHA-256 and open its chain of custody."""
    if not file.is_file():
        raise InvalidInput(f"{file}: no such file")
    media_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    content = file.read_bytes()
    check_evidence_content(content, file.name)
    with store(ctx).transaction() as session:
        documented = session.get(Incident, incident) if incident is not None else None
        evidence = add_evidence(
            session,
            conflict_id=documented.conflict_id
            if documented is not None
            else resolve_conflict(session, store(ctx).conflict).id,
            content=content,
            file_name=file.name,
            media_type=media_type,
            store_dir=get_settings().evidence_directory(store(ctx).url),
            actor=CLI_ACTOR,
            holder=holder,
            incident_id=incident,
            description=description,
            restricted=not public,
        )
        session.refresh(evidence, ["custody"])
        record = evidence_record(evidence)
    if as_json:
        print_json(record)
    else:
        typer.echo(f"evidence {record['id']} stored (sha256 {record['sha256']})")


@app.command("custody")
def custody(
    ctx: typer.Context,
    evidence_id: Annotated[int, typer.Argument(help="The evidence's id.")],
    action: Annotated[str, typer.Option(help="What happened: " + ", ".join(CUSTODY_ACTIONS) + ".")],
    holder: Annotated[str, typer.Option(help="Who holds it after this step.")],
    note: Annotated[str, typer.Option(help="Anything the next holder should know.")] = "",
) -> None:
    """Record one step in an evidence file's chain of custody."""
    if action not in CUSTODY_ACTIONS:
        raise InvalidInput(f"unknown custody action {action!r}: {', '.join(CUSTODY_ACTIONS)}")
    with store(ctx).transaction() as session:
        record_custody_event(
            session, evidence_id, action=action, holder=holder, actor=CLI_ACTOR, at=dt.datetime.now(dt.UTC), note=note
        )
    typer.echo(f"evidence {evidence_id}: {action} by {holder}")


@app.command("list")
def list_evidence(
    ctx: typer.Context,
    incident: Annotated[str | None, typer.Option(help="Only evidence about this incident.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List evidence files with their chain of custody."""
    with store(ctx).transaction() as session:
        query = (
            select(Evidence)
            .where(Evidence.conflict_id == resolve_conflict(session, store(ctx).conflict).id)
            .options(selectinload(Evidence.custody))
            .order_by(Evidence.id)
        )
        if incident is not None:
            query = query.where(Evidence.incident_id == incident)
        records = [evidence_record(e) for e in session.scalars(query)]
    if as_json:
        print_json(records)
        return
    for r in records:
        last = r["custody"][-1] if r["custody"] else None
        held = f"held by {last['holder']}" if last else "no custody record"
        typer.echo(f"{r['id']:>4} {r['file_name']:<32} {r['incident_id'] or '-':<40} {held}")


@app.command("verify")
def verify(ctx: typer.Context) -> None:
    """Check every stored evidence file, of every conflict, still has the content its hash names."""
    broken = []
    directory = get_settings().evidence_directory(store(ctx).url)
    with store(ctx).transaction() as session:
        rows = list(session.scalars(select(Evidence).order_by(Evidence.id)))
    for evidence in rows:
        path = evidence_path(directory, evidence.sha256)
        if not path.is_file():
            broken.append(f"evidence {evidence.id}: file missing at {path}")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != evidence.sha256:
            broken.append(f"evidence {evidence.id}: content no longer matches its SHA-256")
    if broken:
        raise NotFound("; ".join(broken))
    typer.echo(f"{len(rows)} evidence files intact")
