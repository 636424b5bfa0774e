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
