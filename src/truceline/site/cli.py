"""``truceline publish site OUT`` and ``truceline publish verify OUT``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from truceline.cli_support import print_json, store

app = typer.Typer(
    help="The public record as a static website anyone can verify: write it, check it.", no_args_is_help=True
)


@app.command("site")
def site(
    ctx: typer.Context,
    out: Annotated[
        Path, typer.Argument(metavar="OUT", help="The directory to write (new, empty, or a site written before).")
    ],
) -> None:
    """Write the published record as a static website: HTML pages, CSV, GeoJSON and JSON files, the
    signed ledger head, and a manifest of every file's SHA-256 signed with the instance's key.

    Only what the public may see is written (no unpublished record, no party's submission). Host
    the directory anywhere; 'truceline publish verify OUT' (or 'python -m
    truceline.publish.verify_site OUT') proves a copy untouched."""
    from truceline.conflicts.services import resolve_conflict
    from truceline.site.build import write_site
    from truceline.site.record import public_record

    with store(ctx).transaction() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id
        manifest = write_site(session, lambda s: public_record(s, conflict_id), out)
    head = manifest["head"]
    typer.echo(
        f"wrote {len(manifest['files']) + 1} files to {out}: ledger head seq {head['seq']} hash {head['hash']}, "
        f"signed by key {manifest['signed_by']}"
    )


@app.command("verify")
def verify(
    out: Annotated[Path, typer.Argument(metavar="OUT", help="The site's directory.")],
    key_ids: Annotated[
        list[str] | None,
        typer.Option("--key-id", metavar="ID", help="Pin the key the operator announced (repeatable)."),
    ] = None,
    head: Annotated[
        Path | None, typer.Option("--head", metavar="FILE", help="A head kept earlier ('truceline ledger head').")
    ] = None,
    ledger: Annotated[
        Path | None,
        typer.Option(
            "--ledger",
            metavar="FILE",
            help="A ledger export ('truceline ledger export'): the site's head and every record version "
            "it shows must be in it.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Check every file of a site against its signed manifest and the signed ledger head in it: a
    changed byte, a removed or added file, or a forged manifest is named (exit 1)."""
    from truceline.errors import InvalidInput
    from truceline.ledger.cli import read_head
    from truceline.publish.verify_site import describe, read_json_object, verify_site

    kept = read_head(head) if head is not None else None
    try:
        export = read_json_object(ledger, "ledger export") if ledger is not None else None
    except ValueError as exc:
        raise InvalidInput(str(exc)) from None
    report = verify_site(out, key_ids=key_ids or [], kept_head=kept, ledger=export)
    if as_json:
        print_json(report.as_dict())
    else:
        typer.echo(describe(report), err=not report.ok)
    if not report.ok:
        raise typer.Exit(1)
