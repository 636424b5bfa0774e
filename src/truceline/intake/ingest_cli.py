"""``truceline ingest`` and ``truceline review …``: reports in, candidates reviewed."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from truceline.cli_support import CLI_ACTOR, print_json, store
from truceline.conflicts.services import resolve_conflict
from truceline.errors import InvalidInput, NotFound
from truceline.intake.documents import ReportFile, file_kind, read_report_file
from truceline.intake.ingest import candidate_record, ingest_report
from truceline.intake.review import (
    EDITABLE,
    accept_candidate,
    get_candidate,
    list_candidates,
    parse_edits,
    reject_candidate,
)
from truceline.vocabulary import SourceKind

review_app = typer.Typer(
    help="The review queue: accept, edit or reject what extraction proposed.", no_args_is_help=True
)


def read_report(path: str) -> ReportFile:
    """A report: standard input or a text file as UTF-8; an HTML, PDF or DOCX file's text (a web page's article,
    with its headline and publication date)."""
    if path != "-" and file_kind_or_text(path) != "text":
        return read_report_file(path, _read_file(Path(path)))
    raw = sys.stdin.buffer.read() if path == "-" else _read_file(Path(path))
    try:
        return ReportFile(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {exc.start} cannot be decoded)") from None


def file_kind_or_text(path: str) -> str:
    """The kind of file its name says (an unknown ending is read as text)."""
    try:
        return file_kind(path)
    except InvalidInput:
        return "text"


def _read_file(path: Path) -> bytes:
    if not path.is_file():
        raise InvalidInput(f"{path}: no such file")
    return path.read_bytes()


def ingest(
    ctx: typer.Context,
    files: Annotated[
        list[str],
        typer.Argument(help="Report files (UTF-8 text, HTML, PDF or DOCX by their ending); '-' reads standard input."),
    ],
    published: Annotated[
        dt.datetime | None,
        typer.Option(
            formats=["%Y-%m-%d"],
            help="The report's publication date; relative dates are read against it. Default: the date a web page's"
            " markup gives, else today.",
        ),
    ] = None,
    url: Annotated[str | None, typer.Option(help="Where the report was published.")] = None,
    publisher: Annotated[str | None, typer.Option(help="Who published it.")] = None,
    title: Annotated[str | None, typer.Option(help="Its headline. Default: a web page's own.")] = None,
    kind: Annotated[SourceKind, typer.Option(help="What kind of source it is.")] = SourceKind.NEWS,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the candidates; write nothing.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the document and its candidates as JSON.")] = False,
) -> None:
    """Store reports whole and hashed, and queue the records they contain for review.

    Ingesting the same bytes again is a no-op. All files are ingested in one transaction: if one
    fails, none is stored.
    """
    if url is not None and len(files) > 1:
        raise InvalidInput("--url names one report; ingest several files without it, or one at a time")
    reports = [(name, read_report(name)) for name in files]
    today = dt.date.today()
    results = []
    with store(ctx).transaction() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id
        for name, report in reports:
            try:
                results.append(
                    ingest_report(
                        session,
                        conflict_id=conflict_id,
                        text=report.text,
                        published=published.date() if published else report.published or today,
                        actor=CLI_ACTOR,
                        url=url,
                        publisher=publisher,
                        title=title or report.title,
                        kind=kind,
                        dry_run=dry_run,
                    )
                )
            except InvalidInput as exc:
                raise InvalidInput(f"{name}: {exc}") from None
    if as_json:
        print_json(results[0].to_dict() if len(results) == 1 else [r.to_dict() for r in results])
        return
    for (name, report), result in zip(reports, results, strict=True):
        typer.echo(f"{name}: {result.message()}")
        if published is None and (result.created or result.dry_run):
            said = "the date the page gives" if report.published else "today: give --published if it is not"
            typer.echo(f"  published {result.published.isoformat()} ({said})")
        for c in result.candidates:
            label = f"#{c['review_id']}" if "review_id" in c else c["id"]
            when = c.get("date_start") or "?"
            typer.echo(f"  {label:>5} {c['type']:<16} {c['kind'] or '':<22} {when:<10} {c['text']}")
            for d in c.get("possible_duplicates") or []:
                typer.echo(f"        may duplicate {d['incident_id']}: {d['reason']}")


@review_app.command("list")
def review_list(
    ctx: typer.Context,
    status: Annotated[str, typer.Option(help="pending, accepted, rejected or all.")] = "pending",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List review candidates with the words that support them and possible duplicates."""
    if status not in {"pending", "accepted", "rejected", "all"}:
        raise InvalidInput(f"unknown status {status!r}: pending, accepted, rejected or all")
    with store(ctx).transaction() as session:
        rows = list_candidates(
            session, resolve_conflict(session, store(ctx).conflict).id, status=None if status == "all" else status
        )
        records = [candidate_record(session, r) for r in rows]
    if as_json:
        print_json(records)
        return
    for r in records:
        typer.echo(
            f"#{r['review_id']:<4} {r['status']:<9} {r['type']:<16} {r['kind'] or '':<22} "
            f"{r.get('date_start') or '?':<10} {r['text']}"
        )
        for d in r["possible_duplicates"]:
            typer.echo(f"       may duplicate {d['incident_id']}: {d['reason']}")
    typer.echo(f"{len(records)} candidates")


@review_app.command("accept")
def review_accept(
    ctx: typer.Context,
    candidate_id: Annotated[int, typer.Argument(help="The candidate's number (see 'review list').")],
    edit: Annotated[list[str] | None, typer.Option("--edit", help="Correct a field first: FIELD=VALUE.")] = None,
    attach_to: Annotated[str | None, typer.Option(help="Attach the source to this existing incident.")] = None,
    new: Annotated[bool, typer.Option("--new", help="Make a new incident even if it may be a duplicate.")] = False,
) -> None:
    """Accept a candidate: make the record it proposes, linked to its source and spans."""
    with store(ctx).transaction() as session:
        result = accept_candidate(
            session, candidate_id, actor=CLI_ACTOR, edits=parse_edits(edit or []), attach_to=attach_to, force_new=new
        )
    typer.echo(f"accepted #{candidate_id}: {result}")


@review_app.command("reject")
def review_reject(
    ctx: typer.Context,
    candidate_id: Annotated[int, typer.Argument(help="The candidate's number.")],
    why: Annotated[str, typer.Option("--why", help="Why it is rejected (kept in the record).")],
) -> None:
    """Reject a candidate, saying why."""
    with store(ctx).transaction() as session:
        reject_candidate(session, candidate_id, reason=why, actor=CLI_ACTOR)
    typer.echo(f"rejected #{candidate_id}")


@review_app.command("show")
def review_show(
    ctx: typer.Context,
    candidate_id: Annotated[int, typer.Argument(help="The candidate's number (see 'review list').")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one candidate: every field it proposes, its source with the supporting words, possible duplicates.

    The supporting words are marked [[like this]] in the source text. Every field listed can be
    corrected with 'review accept ID --edit FIELD=VALUE'.
    """
    from truceline.sources.models import SourceDocument

    with store(ctx).transaction() as session:
        candidate = get_candidate(session, candidate_id)
        if candidate.conflict_id != resolve_conflict(session, store(ctx).conflict).id:
            raise NotFound(f"no review candidate {candidate_id} in this conflict")
        record = candidate_record(session, candidate)
        document = session.get(SourceDocument, candidate.source_id)
        source: dict[str, Any] = {
            "id": candidate.source_id,
            "title": document.title if document else None,
            "publisher": document.publisher if document else None,
            "published": document.published_on.isoformat() if document and document.published_on else None,
            "url": document.url if document else None,
            "text": document.content if document else "",
        }
    if as_json:
        print_json(record | {"source": source})
        return
    typer.echo(f"#{record['review_id']} {record['type']} ({record['status']})")
    for name in EDITABLE.get(record["type"], ()):
        if "." in name:
            figure, bound = name.split(".", 1)
            value = (record.get(figure) or {}).get(bound)
        else:
            value = record.get(name)
        shown = ", ".join(map(str, value)) if isinstance(value, list) else ("" if value is None else str(value))
        typer.echo(f"  {name:<20} {shown}")
    typer.echo(
        f"source {source['id']}: {source['publisher'] or 'publisher not given'}, {source['published'] or 'undated'}"
    )
    typer.echo(marked(source["text"], spans_of(record)))
    for d in record["possible_duplicates"]:
        typer.echo(
            f"may duplicate {d['incident_id']}: {d['reason']} (merge: review accept {candidate_id} --attach-to ID)"
        )


def spans_of(record: dict[str, object]) -> list[tuple[int, int]]:
    spans = record.get("spans")
    if not isinstance(spans, list):
        return []
    return sorted((int(a), int(b)) for a, b in spans if isinstance(a, int) and isinstance(b, int))


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with each supporting span between [[ and ]] (overlapping spans once)."""
    out, cursor = [], 0
    for start, end in spans:
        start = max(start, cursor)
        if start >= end:
            continue
        out += [text[cursor:start], "[[", text[start:end], "]]"]
        cursor = end
    out.append(text[cursor:])
    return "".join(out)
