"""``truceline report daily|sitrep|brief`` and ``truceline letter protest|clarification``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from truceline.cli_support import CLI_ACTOR, store
from truceline.conflicts.services import resolve_conflict
from truceline.errors import InvalidInput
from truceline.reports import letters, services
from truceline.reports.document import Document
from truceline.reports.render import Format, render
from truceline.visibility import Visibility

report_app = typer.Typer(help="Reports from the record as HTML, PDF or DOCX.", no_args_is_help=True)
letter_app = typer.Typer(help="Letters drafted from the record, for a person to finish.", no_args_is_help=True)

FormatOption = Annotated[
    Format | None, typer.Option("--format", help="html, pdf or docx (default: from -o's suffix, else html).")
]
OutputOption = Annotated[
    Path | None, typer.Option("-o", "--output", help="The file to write (default: a name from the report, here).")
]
Day = Annotated[dt.datetime, typer.Option(formats=["%Y-%m-%d"], help="YYYY-MM-DD.")]


BackgroundOption = Annotated[
    bool,
    typer.Option(
        "--background", help="Queue it as a job (see 'truceline jobs'); a worker or the server writes the file."
    ),
]


def _target(fmt: Format | None, output: Path | None, default_name: str) -> tuple[Format, Path]:
    """The format and the file a report goes to, checked before anything is built."""
    if fmt is None:
        suffix = output.suffix.lower().lstrip(".") if output is not None else ""
        fmt = Format(suffix) if suffix in {f.value for f in Format} else Format.HTML
    path = output or Path(f"{default_name}.{fmt.value}")
    if output is not None and output.suffix and output.suffix.lower().lstrip(".") != fmt.value:
        raise InvalidInput(f"-o {output} does not end in .{fmt.value}, the format asked for")
    return fmt, path


def _write(doc: Document, fmt: Format, path: Path) -> None:
    data = render(doc, fmt)
    path.write_bytes(data)
    typer.echo(f"wrote {path} ({fmt.value}, {len(data)} bytes)")


def _queue(ctx: typer.Context, report: str, fmt: Format, path: Path, **arguments: str | None) -> None:
    """Queue the report as a job writing ``path`` (made absolute: a worker may run elsewhere)."""
    from truceline.jobs.cli import enqueue_from_cli

    named = {key: value for key, value in arguments.items() if value is not None}
    job_arguments = {"report": report, "format": fmt.value, "path": str(path.resolve())} | named
    job_id = enqueue_from_cli(ctx, kind="report_render", arguments=job_arguments)
    typer.echo(f"job {job_id}: {report} to {path.resolve()}")


@report_app.command("daily")
def daily(
    ctx: typer.Context,
    date: Annotated[dt.datetime, typer.Option("--date", formats=["%Y-%m-%d"], help="The day, YYYY-MM-DD.")],
    fmt: FormatOption = None,
    output: OutputOption = None,
    background: BackgroundOption = False,
) -> None:
    """One day: its incidents by kind, place and party with their sources; the day-on-day and
    7-day counts; new claims and findings; commitments due; access restrictions recorded."""
    chosen, path = _target(fmt, output, f"daily-{date.date().isoformat()}")
    if background:
        _queue(ctx, "daily", chosen, path, date=date.date().isoformat())
        return
    with store(ctx).reading() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id
        doc = services.daily_report(session, conflict_id, date.date(), Visibility(conflict_id=conflict_id))
    _write(doc, chosen, path)


@report_app.command("sitrep")
def sitrep(
    ctx: typer.Context,
    date_from: Annotated[dt.datetime, typer.Option("--from", formats=["%Y-%m-%d"], help="First day, YYYY-MM-DD.")],
    date_to: Annotated[dt.datetime, typer.Option("--to", formats=["%Y-%m-%d"], help="Last day, YYYY-MM-DD.")],
    as_of: Annotated[
        dt.datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="Compliance as of this day (default: the last day)."),
    ] = None,
    fmt: FormatOption = None,
    output: OutputOption = None,
    background: BackgroundOption = False,
) -> None:
    """A situation report for a period: headline figures, map, timeline, key incidents,
    violations by provision and party, commitments, disputed claims and a method note. Its
    figures are those of 'truceline compliance --as-of' for the period's incidents."""
    if date_from > date_to:
        raise InvalidInput(f"the period ends ({date_to.date()}) before it starts ({date_from.date()})")
    chosen, path = _target(fmt, output, f"sitrep-{date_from.date().isoformat()}-{date_to.date().isoformat()}")
    if background:
        day = as_of.date().isoformat() if as_of else None
        _queue(
            ctx,
            "sitrep",
            chosen,
            path,
            **{"from": date_from.date().isoformat(), "to": date_to.date().isoformat()},
            as_of=day,
        )
        return
    with store(ctx).reading() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id
        doc = services.sitrep(
            session,
            conflict_id,
            date_from.date(),
            date_to.date(),
            Visibility(conflict_id=conflict_id),
            as_of=as_of.date() if as_of else None,
        )
    _write(doc, chosen, path)


@report_app.command("brief")
def brief(
    ctx: typer.Context,
    meeting: Annotated[str, typer.Option("--meeting", help="The meeting's id (see 'meetings list').")],
    fmt: FormatOption = None,
    output: OutputOption = None,
    background: BackgroundOption = False,
) -> None:
    """Before a meeting: what changed since the previous meeting of the same body (new incidents
    and violations, disputed claims, overdue commitments) and a suggested agenda."""
    chosen, path = _target(fmt, output, f"brief-{meeting}")
    if background:
        _queue(ctx, "brief", chosen, path, meeting=meeting)
        return
    with store(ctx).reading() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id
        doc = services.committee_brief(session, conflict_id, meeting, Visibility(conflict_id=conflict_id))
    _write(doc, chosen, path)


def _incidents(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


DateOption = Annotated[
    dt.datetime | None,
    typer.Option("--date", formats=["%Y-%m-%d"], help="The letter's date (default: today where the conflict is)."),
]
IncidentOption = Annotated[list[str], typer.Option("--incident", help="An incident's id (repeat, or comma-separated).")]
RecordOption = Annotated[
    bool, typer.Option("--record", help="Also record the letter as sent (a letter record whose source is its text).")
]


@letter_app.command("protest")
def protest(
    ctx: typer.Context,
    sender: Annotated[str, typer.Option("--from", help="The protesting party's code.")],
    recipient: Annotated[str, typer.Option("--to", help="The party protested to.")],
    incident: IncidentOption,
    date: DateOption = None,
    record: RecordOption = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Draft a protest: the incidents with their sources, the provisions the record holds the
    other party to have broken, the evidence held with its hashes. Drafting is a ledger entry."""
    with store(ctx).transaction() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id
        day = date.date() if date else None
        doc = letters.protest_letter(
            session,
            conflict_id,
            sender=sender,
            recipient=recipient,
            incident_ids=_incidents(incident),
            visibility=Visibility(conflict_id=conflict_id),
            actor=CLI_ACTOR,
            on=day,
        )
        if record:
            on = dt.date.fromisoformat(dict(doc.meta)["Date"])
            letter_id = letters.record_sent(
                session, doc, sender=sender.upper(), recipients=[recipient.upper()], on=on, actor=CLI_ACTOR
            )
            typer.echo(f"recorded letter {letter_id}")
    _write(doc, *_target(fmt, output, f"protest-{sender.lower()}-{recipient.lower()}"))


@letter_app.command("clarification")
def clarification(
    ctx: typer.Context,
    sender: Annotated[str, typer.Option("--from", help="The requesting state party's code.")],
    concerning: Annotated[str, typer.Option("--concerning", help="The state party asked to clarify.")],
    incident: IncidentOption,
    treaty: Annotated[
        str | None, typer.Option(help="The treaty's id in the casebook (needed only when it records several).")
    ] = None,
    date: DateOption = None,
    record: RecordOption = False,
    fmt: FormatOption = None,
    output: OutputOption = None,
) -> None:
    """Draft a request for clarification under the treaty's article for it (e.g. Article 8(2) of
    the Mine Ban Convention), submitted through its depositary and copied to its presidency of the
    letter's date, with an annex of the incidents. Drafting is a ledger entry."""
    with store(ctx).transaction() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id
        doc = letters.clarification_request(
            session,
            conflict_id,
            sender=sender,
            concerning=concerning,
            incident_ids=_incidents(incident),
            visibility=Visibility(conflict_id=conflict_id),
            actor=CLI_ACTOR,
            treaty_id=treaty,
            on=date.date() if date else None,
        )
        if record:
            meta = dict(doc.meta)
            letter_id = letters.record_sent(
                session,
                doc,
                sender=sender.upper(),
                recipients=[meta["Submitted through"], concerning.upper()],
                on=dt.date.fromisoformat(meta["Date"]),
                actor=CLI_ACTOR,
            )
            typer.echo(f"recorded letter {letter_id}")
    _write(doc, *_target(fmt, output, f"clarification-{sender.lower()}-{concerning.lower()}"))
