"""``truceline history KIND ID``: every version of a record, with who, when, why, source and diff."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from truceline.cli_support import print_json, store
from truceline.errors import InvalidInput, NotFound
from truceline.versions.content import KINDS, kind_of

KIND_HELP = "The kind of record: " + ", ".join(KINDS)


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
