"""``truceline meetings …``, ``letters …`` and ``statements …``: read and record them."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer
from sqlalchemy.orm import Session

from truceline.cli_support import CLI_ACTOR, print_json, store
from truceline.conflicts.services import conflict_definition, resolve_conflict
from truceline.diplomacy.queries import (
    get_letter,
    get_meeting,
    get_statement,
    letter_records,
    list_letters,
    list_meetings,
    list_statements,
    meeting_records,
    statement_records,
)
from truceline.diplomacy.services import add_letter, add_meeting, add_statement
from truceline.visibility import EVERYTHING, Visibility
from truceline.vocabulary import LetterKind, StatementKind

meetings_app = typer.Typer(
    help="Meetings of the border committees and summits: list, show, record.", no_args_is_help=True
)
letters_app = typer.Typer(
    help="Letters between the parties and to treaty bodies: list, show, record.", no_args_is_help=True
)
statements_app = typer.Typer(help="Parties' public statements: list, show, record.", no_args_is_help=True)


def operator_visibility(ctx: typer.Context, session: Session) -> Visibility:
    """What the operator at the command line sees: everything of the conflict the command works on."""
    return Visibility(conflict_id=resolve_conflict(session, store(ctx).conflict).id)


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
SourceOption = Annotated[str, typer.Option(help="The http(s) URL of the reporting (kept as a source of the conflict).")]
DateOption = Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="The date, YYYY-MM-DD.")]


def _split(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _sources(record: dict[str, Any]) -> None:
    for source in record["sources"]:
        typer.echo(f"  source: {source['url'] or 'urn:sha256:' + source['sha256']}")


@meetings_app.command("list")
def meetings_list(
    ctx: typer.Context,
    body: Annotated[str | None, typer.Option(help="Only this body's (e.g. a border committee's code).")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the meetings, oldest first."""
    with store(ctx).reading() as session:
        visibility = operator_visibility(ctx, session)
        records = meeting_records(session, list_meetings(session, visibility, body=body), visibility)
    if as_json:
        print_json(records)
        return
    for r in records:
        typer.echo(f"{r['date_start']}  {r['body']:<8} {r['id']:<48} {r['title']}")


@meetings_app.command("show")
def meetings_show(
    ctx: typer.Context,
    meeting_id: Annotated[str, typer.Argument(help="The meeting's id (see 'meetings list').")],
    as_json: JsonOption = False,
) -> None:
    """Show one meeting: chairs, observers, agenda, outcome, the agreement it produced, sources."""
    with store(ctx).reading() as session:
        visibility = operator_visibility(ctx, session)
        record = meeting_records(session, [get_meeting(session, meeting_id, visibility)], visibility)[0]
    if as_json:
        print_json(record)
        return
    end = f" to {record['date_end']}" if record["date_end"] else ""
    typer.echo(f"{record['title']} ({record['body']})\n{record['date_start']}{end}, {record['place_name']}")
    for label in ("chairs", "observers", "agenda"):
        for item in record[label]:
            typer.echo(f"  {label[:-1] if label != 'agenda' else 'agenda'}: {item}")
    if record["outcome"]:
        typer.echo(f"outcome: {record['outcome']}")
    if record["agreement_id"]:
        typer.echo(f"agreement: {record['agreement_id']}; commitments: {', '.join(record['commitment_ids']) or 'none'}")
    _sources(record)


@meetings_app.command("add")
def meetings_add(
    ctx: typer.Context,
    meeting_id: Annotated[str, typer.Option("--id", help="A new id (lower case, digits, '-', '.', '_').")],
    body: Annotated[str, typer.Option(help="The body: a code from the casebook's bodies, or summit or other.")],
    title: Annotated[str, typer.Option(help="What the meeting was.")],
    date: DateOption,
    place: Annotated[str, typer.Option(help="Where it was held.")],
    source: SourceOption,
    date_end: Annotated[
        dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="The last day, if several.")
    ] = None,
    chair: Annotated[list[str] | None, typer.Option(help="A chair (repeat for each).")] = None,
    agenda: Annotated[list[str] | None, typer.Option(help="An agenda item (repeat for each).")] = None,
    outcome: Annotated[str, typer.Option(help="What was decided, in our own words.")] = "",
    agreement: Annotated[str | None, typer.Option(help="The agreement it produced (its id).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Record a meeting with its source (a ledger entry)."""
    with store(ctx).transaction() as session:
        conflict = conflict_definition(session, resolve_conflict(session, store(ctx).conflict).id)
        row = add_meeting(
            session,
            conflict,
            {
                "id": meeting_id,
                "body": body,
                "title": title,
                "date_start": date.date(),
                "date_end": date_end.date() if date_end else None,
                "place_name": place,
                "chairs": chair or [],
                "agenda": agenda or [],
                "outcome": outcome,
                "agreement": agreement,
            },
            source=source,
            actor=CLI_ACTOR,
        )
        record = meeting_records(session, [row], EVERYTHING)[0]
    if as_json:
        print_json(record)
        return
    typer.echo(f"recorded meeting {record['id']}")


@letters_app.command("list")
def letters_list(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help="Only letters of this kind.")] = None,
    sender: Annotated[str | None, typer.Option(help="Only letters from this party.")] = None,
    incident: Annotated[str | None, typer.Option(help="Only letters about this incident.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the letters, oldest first."""
    with store(ctx).reading() as session:
        visibility = operator_visibility(ctx, session)
        rows = list_letters(
            session, visibility, kind=kind, sender=sender.upper() if sender else None, incident=incident
        )
        records = letter_records(session, rows, visibility)
    if as_json:
        print_json(records)
        return
    for r in records:
        typer.echo(f"{r['date'] or 'undated':<10}  {r['kind']:<22} {r['sender']:<6} {r['id']:<40} {r['subject']}")


@letters_app.command("show")
def letters_show(
    ctx: typer.Context,
    letter_id: Annotated[str, typer.Argument(help="The letter's id (see 'letters list').")],
    as_json: JsonOption = False,
) -> None:
    """Show one letter: sender, recipients, subject, summary, the incidents it concerns, sources."""
    with store(ctx).reading() as session:
        visibility = operator_visibility(ctx, session)
        record = letter_records(session, [get_letter(session, letter_id, visibility)], visibility)[0]
    if as_json:
        print_json(record)
        return
    typer.echo(f"{record['subject']}\n{record['kind']} from {record['sender']} to {', '.join(record['recipients'])}")
    typer.echo(
        f"date: {record['date'] or 'not reported'}; {'sent' if record['sent'] else 'announced, not known to be sent'}"
    )
    typer.echo(record["summary"])
    for incident in record["incident_ids"]:
        typer.echo(f"  incident: {incident}")
    _sources(record)


@letters_app.command("add")
def letters_add(
    ctx: typer.Context,
    letter_id: Annotated[str, typer.Option("--id", help="A new id (lower case, digits, '-', '.', '_').")],
    kind: Annotated[LetterKind, typer.Option(help="What the letter is.")],
    sender: Annotated[str, typer.Option("--from", help="The sending party's code.")],
    recipient: Annotated[list[str], typer.Option("--to", help="A recipient (repeat for each).")],
    date: DateOption,
    subject: Annotated[str, typer.Option(help="Its subject.")],
    summary: Annotated[str, typer.Option(help="What it says, in our own words.")],
    source: SourceOption,
    incident: Annotated[
        list[str] | None, typer.Option(help="An incident it concerns (repeat, or comma-separated).")
    ] = None,
    not_sent: Annotated[bool, typer.Option("--announced", help="Announced but not known to be sent.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Record a letter with its source (a ledger entry)."""
    with store(ctx).transaction() as session:
        conflict = conflict_definition(session, resolve_conflict(session, store(ctx).conflict).id)
        row = add_letter(
            session,
            conflict,
            {
                "id": letter_id,
                "kind": kind.value,
                "sender": sender.upper(),
                "recipients": recipient,
                "date": date.date(),
                "subject": subject,
                "summary": summary,
                "incidents": _split(incident or []),
                "sent": not not_sent,
            },
            source=source,
            actor=CLI_ACTOR,
        )
        record = letter_records(session, [row], EVERYTHING)[0]
    if as_json:
        print_json(record)
        return
    typer.echo(f"recorded letter {record['id']}")


@statements_app.command("list")
def statements_list(
    ctx: typer.Context,
    speaker: Annotated[str | None, typer.Option(help="Only this party's statements.")] = None,
    incident: Annotated[str | None, typer.Option(help="Only statements about this incident.")] = None,
    as_json: JsonOption = False,
) -> None:
    """List the statements, oldest first."""
    with store(ctx).reading() as session:
        visibility = operator_visibility(ctx, session)
        rows = list_statements(session, visibility, speaker=speaker.upper() if speaker else None, incident=incident)
        records = statement_records(session, rows, visibility)
    if as_json:
        print_json(records)
        return
    for r in records:
        typer.echo(f"{r['date']}  {r['speaker']:<8} {r['kind']:<13} {r['id']:<40} {r['summary'][:60]}")


@statements_app.command("show")
def statements_show(
    ctx: typer.Context,
    statement_id: Annotated[str, typer.Argument(help="The statement's id (see 'statements list').")],
    as_json: JsonOption = False,
) -> None:
    """Show one statement with the incidents and agreements it concerns and its sources."""
    with store(ctx).reading() as session:
        visibility = operator_visibility(ctx, session)
        record = statement_records(session, [get_statement(session, statement_id, visibility)], visibility)[0]
    if as_json:
        print_json(record)
        return
    typer.echo(f"{record['date']}  {record['speaker']} ({record['kind']})\n{record['summary']}")
    for incident in record["incident_ids"]:
        typer.echo(f"  incident: {incident}")
    for agreement in record["agreement_ids"]:
        typer.echo(f"  agreement: {agreement}")
    _sources(record)


@statements_app.command("add")
def statements_add(
    ctx: typer.Context,
    statement_id: Annotated[str, typer.Option("--id", help="A new id (lower case, digits, '-', '.', '_').")],
    speaker: Annotated[str, typer.Option(help="The speaking party's code.")],
    kind: Annotated[StatementKind, typer.Option(help="What the statement does.")],
    date: DateOption,
    summary: Annotated[str, typer.Option(help="What it says, in our own words.")],
    source: SourceOption,
    incident: Annotated[
        list[str] | None, typer.Option(help="An incident it concerns (repeat, or comma-separated).")
    ] = None,
    agreement: Annotated[
        list[str] | None, typer.Option(help="An agreement it concerns (repeat, or comma-separated).")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Record a statement with its source (a ledger entry)."""
    with store(ctx).transaction() as session:
        conflict = conflict_definition(session, resolve_conflict(session, store(ctx).conflict).id)
        row = add_statement(
            session,
            conflict,
            {
                "id": statement_id,
                "speaker": speaker.upper(),
                "kind": kind.value,
                "date": date.date(),
                "summary": summary,
                "incidents": _split(incident or []),
                "agreements": _split(agreement or []),
            },
            source=source,
            actor=CLI_ACTOR,
        )
        record = statement_records(session, [row], EVERYTHING)[0]
    if as_json:
        print_json(record)
        return
    typer.echo(f"recorded statement {record['id']}")
