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


def read_public_key(path: Path) -> tuple[str, str]:
    """A public key PEM file: its key id and PEM, or a clear refusal."""
    from truceline.ledger.keys import key_id_of, load_public_key

    try:
        pem = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"cannot read the public key file {path}: {exc.strerror}") from None
    try:
        return key_id_of(load_public_key(pem)), pem
    except (ValueError, TypeError):
        raise InvalidInput(f"{path} is not an Ed25519 public key (PEM)") from None


def pinned_keys(stored: dict[str, str], key_ids: list[str]) -> dict[str, str]:
    """The stored public keys named by ``key_ids``, each checked to be the key its id names."""
    from truceline.ledger.keys import key_id_of, load_public_key

    pinned: dict[str, str] = {}
    for wanted in key_ids:
        key_id = wanted.strip().lower()
        pem = stored.get(key_id)
        if pem is None:
            raise InvalidInput(f"--key-id {wanted}: no such key in the store (it holds {', '.join(stored) or 'none'})")
        if key_id_of(load_public_key(pem)) != key_id:
            raise InvalidInput(f"--key-id {wanted}: the store's public key under that id is another key")
        pinned[key_id] = pem
    return pinned


@app.command()
def adopt(ctx: typer.Context) -> None:
    """Write a first, signed version of every record that has none (records written before
    record versions existed), so that 'ledger verify' can check their rows."""
    from truceline.cli_support import CLI_ACTOR
    from truceline.versions.services import adopt as adopt_records

    with store(ctx).transaction() as session:
        count = adopt_records(session, actor=CLI_ACTOR)
    typer.echo(f"{count} records adopted" if count else "every record has a version already")


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
