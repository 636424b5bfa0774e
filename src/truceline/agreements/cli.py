"""``truceline agreements …``: the agreements and their provisions."""

from __future__ import annotations

from typing import Annotated

import typer

from truceline.agreements.events import DATE_HELP, SOURCE_HELP, agreement_event_record, record_agreement_status
from truceline.agreements.queries import agreement_records, get_agreement, list_agreements
from truceline.cli_support import CLI_ACTOR, print_json, store
from truceline.conflicts.services import conflict_definition, resolve_conflict
from truceline.visibility import EVERYTHING
from truceline.vocabulary import AgreementEventKind

app = typer.Typer(
    help="Read agreements, their provisions and status history; record status events.", no_args_is_help=True
)


@app.command("list")
def list_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """List agreements with their current status and number of provisions."""
    with store(ctx).reading() as session:
        records = agreement_records(
            session, list_agreements(session, resolve_conflict(session, store(ctx).conflict).id), visibility=EVERYTHING
        )
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
        record = agreement_records(session, [get_agreement(session, agreement_id)], visibility=EVERYTHING)[0]
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


@app.command("event")
def event_command(
    ctx: typer.Context,
    agreement_id: Annotated[str, typer.Argument(help="The agreement's id (see 'agreements list').")],
    kind: Annotated[str, typer.Option(help="One of: " + ", ".join(k.value for k in AgreementEventKind) + ".")],
    date: Annotated[str, typer.Option(help=DATE_HELP)],
    source: Annotated[str, typer.Option(help=SOURCE_HELP)],
    by: Annotated[
        str | None, typer.Option(help="The party that acted (a party code); needed for a suspension.")
    ] = None,
    note: Annotated[str, typer.Option(help="What happened, in a sentence.")] = "",
    superseded_by: Annotated[
        str | None, typer.Option(help="For kind superseded: the agreement that replaces this one.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the recorded event as JSON.")] = False,
) -> None:
    """Record a status event of an agreement after it was loaded: signed, in_force, suspended,
    resumed, superseded, terminated or reaffirmed. It changes compliance results from its date on
    and is kept in the change log; loading the casebook again keeps it."""
    with store(ctx).transaction() as session:
        conflict = conflict_definition(session, resolve_conflict(session, store(ctx).conflict).id)
        row = record_agreement_status(
            session,
            agreement_id,
            conflict=conflict,
            kind=kind,
            date=date,
            source=source,
            actor=CLI_ACTOR,
            by=by,
            note=note,
            superseded_by=superseded_by,
        )
        record = agreement_event_record(row)
    if as_json:
        print_json(record)
        return
    who = f" by {record['by']}" if record["by"] else ""
    typer.echo(f"recorded: {agreement_id} {record['kind']}{who} at {record['date']}")
