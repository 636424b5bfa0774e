"""``truceline ledger …``: verify the signed change log, print its head, export it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer

from truceline.cli_support import print_json, store
from truceline.errors import InvalidInput

app = typer.Typer(
    help="The signed change log: verify it, keep its head, export it for anyone to check.", no_args_is_help=True
)


def read_head(path: Path) -> dict[str, Any]:
    """A head file written by ``truceline ledger head``: JSON with at least ``seq`` and ``hash``."""
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InvalidInput(f"cannot read the head file {path}: {exc.strerror}") from None
    except ValueError:
        raise InvalidInput(f"the head file {path} is not JSON") from None
    if not isinstance(kept, dict) or not isinstance(kept.get("seq"), int) or not isinstance(kept.get("hash"), str):
        raise InvalidInput(f"the head file {path} needs a seq (number) and a hash (as 'truceline ledger head' prints)")
    return kept


@app.command()
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
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Check the change log: every link and hash, contiguous seq numbers, every signature against
    the stored public keys, and (--head) that a kept head is still there. Names the first failing
    entry and exits 1; exits 0 when clean."""
    from truceline.ledger.services import verify_ledger

    kept = read_head(head_file) if head_file is not None else None
    with store(ctx).transaction() as session:
        report = verify_ledger(session, head=kept, require_signatures=require_signatures)
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
        if report.failure is not None:
            typer.echo(f"FAILED at entry {report.failure.seq}: {report.failure.reason}", err=True)
        else:
            held = f"; the kept head (seq {kept['seq']}) is there" if kept is not None else ""
            typer.echo(f"ledger intact up to seq {report.last_seq} ({report.last_hash}){held}")
    if report.failure is not None:
        raise typer.Exit(1)


@app.command()
def head(ctx: typer.Context) -> None:
    """Print the newest entry as JSON: {seq, hash, signature, key_id, at}. Keep it (a party, an
    observer) and check later with 'truceline ledger verify --head FILE'."""
    from truceline.ledger.services import head_entry

    with store(ctx).transaction() as session:
        print_json(head_entry(session))


@app.command()
def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(metavar="OUT", help="The JSON file to write.")],
) -> None:
    """Write the whole chain and the public keys to a JSON file; scripts/verify_ledger_export.py
    checks it without Truceline."""
    from truceline.ledger.services import export_ledger

    with store(ctx).transaction() as session:
        last = export_ledger(session, out)
    typer.echo(f"exported {last['seq']} entries to {out} (head {last['hash']})")
