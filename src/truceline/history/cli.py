"""``truceline history KIND ID``: every version of a record, with who, when, why, source and diff;
and ``truceline ledger verify`` / ``adopt``, which check (and adopt) every versioned row against
the ledger, joined to the ledger's own commands (``truceline.ledger.cli``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from truceline.cli_support import print_json, store
from truceline.errors import InvalidInput, NotFound
from truceline.history.queries import VERSIONED
from truceline.ledger import cli as ledger_cli
from truceline.ledger.cli import pinned_keys, read_head, read_public_key
from truceline.versions.content import kind_of

KIND_HELP = "The kind of record: " + ", ".join(VERSIONED)


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value if len(value) <= 80 else value[:77] + "…"
    return json.dumps(value, ensure_ascii=False)


def print_history(versions: list[dict[str, Any]]) -> None:
    """The versions as text: one block each, the fields that changed indented under it."""
    for version in versions:
        source = f"  source: {version['source']}" if version["source"] else ""
        typer.echo(
            f"v{version['version']}  {version['change']:<11} {version['at']}  by {version['actor']}"
            f"  (ledger entry {version['ledger_seq']}){source}"
        )
        if version["reason"]:
            typer.echo(f"    why: {version['reason']}")
        for change in version["diff"]:
            typer.echo(f"    {change['field']}: {_shown(change['before'])} → {_shown(change['after'])}")


def history(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="KIND", help=KIND_HELP)],
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the versions as a JSON array.")] = False,
) -> None:
    """Every version of a record, oldest first: its change (created, corrected, retracted,
    unpublished, published …), who, when, why, the source, and the fields that changed."""
    from truceline.versions.services import history as record_history

    try:
        chosen = kind_of(kind)
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    with store(ctx).transaction() as session:
        versions = record_history(session, chosen, record_id)
    if not versions:
        raise NotFound(f"no {chosen} {record_id!r} (or it has no versions)")
    if as_json:
        print_json(versions)
    else:
        print_history(versions)


def verify(
    ctx: typer.Context,
    head_file: Annotated[
        Path | None,
        typer.Option(
            "--head",
            metavar="FILE",
            help="A head kept earlier ('truceline ledger head'): the store must still hold that entry at that seq.",
        ),
    ] = None,
    require_signatures: Annotated[
        bool,
        typer.Option("--require-signatures", help="Fail on entries written before signing, too."),
    ] = False,
    key_ids: Annotated[
        list[str] | None,
        typer.Option(
            "--key-id",
            metavar="ID",
            help="Trust only this signing key (its key_id, as a kept head names it; repeatable): "
            "an entry signed by any other key fails.",
        ),
    ] = None,
    public_key_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--public-key",
            metavar="FILE",
            help="Trust only this public key (a PEM file the operator announced; repeatable), "
            "whatever the store's ledger_keys table says.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check the change log: every link and hash, contiguous seq numbers, every signature against
    the stored public keys, and (--head) that a kept head is still there; then that every current
    row of every versioned record (incidents, claims, sources, agreements, provisions,
    commitments) matches the latest version the ledger holds. Names the first failing entry or
    record and exits 1; exits 0 when clean."""
    from truceline.ledger.services import public_keys
    from truceline.versions.services import verify_store

    kept = read_head(head_file) if head_file is not None else None
    pinned = {key_id: pem for key_id, pem in (read_public_key(f) for f in public_key_files or [])}
    with store(ctx).transaction() as session:
        if key_ids:
            pinned |= pinned_keys(public_keys(session), key_ids)
        report = verify_store(session, head=kept, require_signatures=require_signatures, trusted_keys=pinned or None)
    if as_json:
        print_json(report.as_dict())
    else:
        summary = f"{report.entries} entries checked: {report.signed} signed"
        if report.unsigned:
            summary += f", {report.unsigned} unsigned (written before signing)"
        if report.batches:
            summary += f", {report.batches} batches"
        typer.echo(summary + f"; keys: {', '.join(k[:16] for k in report.keys) or 'none'}")
        for note in report.notes:
            typer.echo(f"note: {note}")
        if report.failure is not None and report.failure.record is not None:
            typer.echo(f"FAILED at record {report.failure.record}: {report.failure.reason}", err=True)
        elif report.failure is not None:
            typer.echo(f"FAILED at entry {report.failure.seq}: {report.failure.reason}", err=True)
        else:
            held = f"; the kept head (seq {kept['seq']}) is there" if kept is not None else ""
            typer.echo(f"ledger intact up to seq {report.last_seq} ({report.last_hash}){held}")
            typer.echo(f"{report.records} records match their latest version in the ledger")
    if report.failure is not None:
        raise typer.Exit(1)


def adopt(ctx: typer.Context) -> None:
    """Write a first, signed version of every record that has none (records written before
    record versions existed), so that 'ledger verify' can check their rows."""
    from truceline.cli_support import CLI_ACTOR
    from truceline.versions.services import adopt as adopt_records

    with store(ctx).transaction() as session:
        count = adopt_records(session, actor=CLI_ACTOR)
    typer.echo(f"{count} records adopted" if count else "every record has a version already")


#: ``truceline ledger``: the ledger's commands, with verify and adopt, which read every versioned record
ledger_app = typer.Typer(help=ledger_cli.app.info.help, no_args_is_help=True)
ledger_app.command()(verify)
ledger_app.command()(adopt)
ledger_app.registered_commands.extend(ledger_cli.app.registered_commands)
