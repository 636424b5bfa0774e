"""``truceline agreements …``: the agreements and their provisions."""

from __future__ import annotations

from typing import Annotated

import typer

from truceline.agreements.queries import agreement_records, get_agreement, list_agreements
from truceline.cli_support import print_json, store

app = typer.Typer(help="Read agreements, their provisions and status history.", no_args_is_help=True)


@app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List agreements with their current status and number of provisions."""
    with store(ctx).transaction() as session:
        records = agreement_records(session, list_agreements(session, store(ctx).conflict_id(session)))
    if as_json:
        print_json(records)
        return
    for r in records:
        typer.echo(
            f"{r['id']:<36} {r['signed_on']}  {len(r['provisions']):>3} provisions  {r['status']:<24} {r['title']}"
        )


@app.command()
def show(
    ctx: typer.Context,
    agreement_id: Annotated[str, typer.Argument(help="The agreement's id (see 'agreements list').")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one agreement: its provisions as rules, its status history and sources."""
    with store(ctx).transaction() as session:
        record = agreement_records(session, [get_agreement(session, agreement_id)])[0]
    if as_json:
        print_json(record)
        return
    typer.echo(f"{record['title']} ({record['kind']})")
    typer.echo(
        f"signed {record['signed_on']} at {record['signed_at'] or '?'} by {', '.join(record['signatories'])}"
        + (f"; witnessed by {', '.join(record['witnesses'])}" if record["witnesses"] else "")
    )
    typer.echo(f"effective from {record['effective_from']}; status: {record['status']}")
    typer.echo(record["summary"])
    for p in record["provisions"]:
        rule = p["rule"]
        what = (
            (
                f"forbids {', '.join(rule['forbids']['kinds'])}"
                + (f" in {rule['forbids']['zone']}" if rule["forbids"].get("zone") else "")
            )
            if "forbids" in rule
            else f"requires {rule['requires']['action']}"
        )
        typer.echo(f"  {p['number']:>6}  [{', '.join(p['binds'])}] {what}\n          {p['summary']}")
    for e in record["events"]:
        typer.echo(f"  {e['date'][:10]}  {e['kind']}{' by ' + e['by'] if e['by'] else ''}  {e['note']}")
    for url in record["sources"]:
        typer.echo(f"  source: {url}")
