"""``truceline compliance`` and ``truceline commitments``: which incident breaks which provision,
and where each commitment stands, as of a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Annotated, Any

import typer

from truceline.agreements.events import SOURCE_HELP, commitment_event_record, record_commitment_progress
from truceline.cli_support import CLI_ACTOR, print_json, store
from truceline.compliance.results import UNDETERMINED_PARTY, compliance_document, party_column
from truceline.compliance.services import assess, verdicts_as_of
from truceline.conflicts.services import conflict_definition, resolve_conflict
from truceline.domain.conflict import ConflictDefinition
from truceline.errors import InvalidInput
from truceline.incidents.tallies import list_tallies, tally_records
from truceline.visibility import EVERYTHING
from truceline.vocabulary import CommitmentEventKind

AS_OF_HELP = "Judge the record as it stood at the end of this day (default: today)."
KNOWN_AT_HELP = (
    "Judge the record as it was known at this instant, before any later correction: a date-time with "
    "its UTC offset (2026-01-05T14:00:00+07:00), or a date (then the end of that day in the conflict's time zone)."
)


def known_at_time(value: str | None, conflict: ConflictDefinition) -> dt.datetime | None:
    """``--known-at`` as an aware date-time (a date: the end of that day where the conflict is)."""
    if value is None:
        return None
    from truceline.agreements.events import event_time

    return event_time(value, conflict)


def _as_of(value: dt.datetime | None, conflict: ConflictDefinition) -> dt.date:
    """The day asked for, else today where the conflict is."""
    return value.date() if value else conflict.today()


def compliance(
    ctx: typer.Context,
    as_of: Annotated[dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help=AS_OF_HELP)] = None,
    party: Annotated[
        str | None,
        typer.Option(
            help="Only what concerns this party (a party code, or 'undetermined' for breaches no one is "
            "said to have done)."
        ),
    ] = None,
    agreement: Annotated[str | None, typer.Option(help="Only violations of this agreement's provisions.")] = None,
    known_at: Annotated[str | None, typer.Option("--known-at", metavar="DATETIME", help=KNOWN_AT_HELP)] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print each violation's chain of reasons.")] = False,
    counts: Annotated[
        bool,
        typer.Option(
            "--counts",
            help="Print only the counts by provision, party and status (the matrix), from the verdicts alone: "
            "fast on a large record.",
        ),
    ] = False,
    as_json: Annotated[
        bool,
        typer.Option(
            "--json",
            help="Print the whole compliance document (/api/v1/compliance's, every violation at once) as JSON.",
        ),
    ] = False,
) -> None:
    """Violations of the provisions in force, grouped by provision and party; the parties'
    allegations beside them; commitments.

    A violation is derived, never typed in: an incident attributed to a party by a claim or a
    finding (or, when no one is said to have done it, a breach with the party undetermined), of a
    kind a provision binding that party forbids, at a time the provision was in force. Its status
    is alleged, disputed, confirmed, not_substantiated or unattributed.
    """  # fmt: skip
    wanted = party
    if party is not None and party.lower() != UNDETERMINED_PARTY:
        wanted = party.upper()
    elif party is not None:
        wanted = UNDETERMINED_PARTY
    with store(ctx).transaction() as session:
        conflict = conflict_definition(session, resolve_conflict(session, store(ctx).conflict).id)
        day = _as_of(as_of, conflict)
        if agreement is not None:
            from truceline.agreements.queries import get_agreement

            get_agreement(session, agreement, conflict.id)
        if wanted is not None and wanted != UNDETERMINED_PARTY and conflict.party(wanted) is None:
            raise InvalidInput(f"unknown party {party!r}; the parties of {conflict.id}: {', '.join(conflict.by_code)}")
        known = known_at_time(known_at, conflict)
        if counts:
            found = verdicts_as_of(session, day, conflict_id=conflict.id, known_at=known)
            agreement_of = dict(zip(found.provision_ids, found.agreement_ids, strict=True))
            print_counts(found.matrix_counts(), agreement_of, day, party=wanted, agreement=agreement, as_json=as_json)
            return
        assessment = assess(session, day, conflict_id=conflict.id, known_at=known)
        tallies = tally_records(session, list_tallies(session, conflict.id), EVERYTHING)
    document = compliance_document(assessment, party=wanted, agreement=agreement, tallies=tallies)
    if known is not None:
        document["known_at"] = known.isoformat()
    if as_json:
        print_json(document)
        return
    print_document(document, explain=explain)


def print_counts(
    cells: Mapping[tuple[str, str, str], int],
    agreement_of: Mapping[str, str],
    day: dt.date,
    *,
    party: str | None = None,
    agreement: str | None = None,
    as_json: bool = False,
) -> None:
    """The violations counted by (provision, party column, status), as the compliance document's
    matrix would count them with the same filters."""
    chosen = {
        key: n
        for key, n in cells.items()
        if (party is None or key[1] == party) and (agreement is None or agreement_of[key[0]] == agreement)
    }
    if as_json:
        print_json(
            {
                "as_of": day.isoformat(),
                "filters": {"party": party, "agreement": agreement},
                "counts": [
                    {"provision_id": p, "party": who, "status": status, "count": n}
                    for (p, who, status), n in sorted(chosen.items())
                ],
            }
        )
        return
    typer.echo(f"As of {day}: {sum(chosen.values())} violations")
    for (provision_id, who, status), n in sorted(chosen.items()):
        typer.echo(f"  {provision_id}  {who}  {status}: {n}")


def print_document(document: dict[str, Any], *, explain: bool = False) -> None:
    """The compliance document as text: violations by provision and party, allegations, commitments."""
    violations = document["violations"]
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for v in violations:
        grouped[(v["provision_id"], party_column(v["party"]))].append(v)
    known = f" (on the record as known at {document['known_at']})" if document.get("known_at") else ""
    typer.echo(
        f"As of {document['as_of']}{known}: {len(violations)} violations of {len(grouped)} provision/party pairs"
    )
    for (provision_id, who), items in sorted(grouped.items()):
        counts: dict[str, int] = defaultdict(int)
        for v in items:
            counts[v["status"]] += 1
        whom = "breach, party undetermined" if who == UNDETERMINED_PARTY else f"attributed to {who}"
        typer.echo(f"\n{provision_id} — {whom}: " + ", ".join(f"{n} {status}" for status, n in sorted(counts.items())))
        for v in items:
            flags = f"  [undetermined: {', '.join(v['undetermined'])}]" if v["undetermined"] else ""
            typer.echo(f"  {v['incident_date']}  {v['incident_id']:<48} {v['status']}{flags}")
            if explain:
                for line in v["explanation"]:
                    typer.echo(f"      · {line}")
    _print_allegations(document["allegations"])
    _print_tallies(document.get("tallies", []))
    _print_commitments(document["commitments"])


def _print_tallies(tallies: list[dict[str, Any]]) -> None:
    if not tallies:
        return
    typer.echo("\nCounts published by each body (as published, never added up):")
    for t in tallies:
        low, best, high = (t["total"][k] for k in ("low", "best", "high"))
        if low is None and best is None:
            count = f"at most {high}"
        elif high is None:
            count = f"{best if best is not None else low}+"
        else:
            count = str(best) if low == high or best is not None else f"{low}–{high}"
        period = f"{t['period_start'] or '…'} to {t['period_end'] or t['as_of']}"
        typer.echo(f"  {t['counted_by']:<10} {count:<10} {period}  {t['subject']}")


def _print_allegations(allegations: list[dict[str, Any]]) -> None:
    if not allegations:
        return
    typer.echo("\nAllegations by the parties (their word, beside the rule-based verdicts):")
    by_target: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for a in allegations:
        by_target[a["target"]].append(a)
    for target, items in by_target.items():
        typer.echo(f"\n{target}")
        for a in items:
            typer.echo(f"  {a['incident_date']}  {a['incident_id']:<48} {a['line']}")


def _print_commitments(commitments: list[dict[str, Any]]) -> None:
    if not commitments:
        return
    typer.echo("\nCommitments:")
    for c in commitments:
        deadline = c["deadline"] or "no deadline"
        last = c["decided_by"][-1] if c["decided_by"] else None
        because = f" — {last['date']} {last['kind']}{': ' + last['note'] if last['note'] else ''}" if last else ""
        typer.echo(f"  {c['status']:<9} {deadline:<11} {c['title']}{because}")


commitments_app = typer.Typer(
    help="Each commitment's status (pending, met, overdue, suspended), with the events that decided it; "
    "record a commitment's events.",
    invoke_without_command=True,
)


@commitments_app.callback()
def commitments(
    ctx: typer.Context,
    as_of: Annotated[dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help=AS_OF_HELP)] = None,
    status: Annotated[str | None, typer.Option(help="Only pending, met, overdue or suspended.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """Each commitment's status (pending, met, overdue, suspended), with the events that decided it.

    'truceline commitments event ID …' records an event of a commitment instead.
    """
    if ctx.invoked_subcommand is not None:
        return
    if status is not None and status not in {"pending", "met", "overdue", "suspended"}:
        raise InvalidInput(f"unknown status {status!r}: pending, met, overdue or suspended")
    with store(ctx).transaction() as session:
        conflict = conflict_definition(session, resolve_conflict(session, store(ctx).conflict).id)
        day = _as_of(as_of, conflict)
        assessment = assess(session, day, conflict_id=conflict.id)
    chosen = [c for c in assessment.commitments if status is None or str(c.status) == status]
    if as_json:
        print_json([c.to_dict() for c in chosen])
        return
    typer.echo(f"As of {day}:")
    _print_commitments([c.to_dict() for c in chosen])


@commitments_app.command("event")
def commitment_event(
    ctx: typer.Context,
    commitment_id: Annotated[str, typer.Argument(help="The commitment's id (see 'commitments --json').")],
    kind: Annotated[str, typer.Option(help="One of: " + ", ".join(k.value for k in CommitmentEventKind) + ".")],
    date: Annotated[str, typer.Option(help="The day it happened (a date-time is read in the conflict's time zone).")],
    source: Annotated[str, typer.Option(help=SOURCE_HELP)],
    new_deadline: Annotated[
        str | None, typer.Option(help="For kind deadline_changed: the new deadline (YYYY-MM-DD).")
    ] = None,
    by: Annotated[str | None, typer.Option(help="The party that acted (a party code).")] = None,
    note: Annotated[str, typer.Option(help="What happened, in a sentence.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print the recorded event as JSON.")] = False,
) -> None:
    """Record an event of a commitment after it was loaded: met, partial, started, deadline_changed
    (with --new-deadline), suspended, resumed or cancelled. It changes the commitment's status from
    its date on and is kept in the change log; loading the casebook again keeps it."""
    with store(ctx).transaction() as session:
        conflict = conflict_definition(session, resolve_conflict(session, store(ctx).conflict).id)
        row = record_commitment_progress(
            session,
            commitment_id,
            conflict=conflict,
            kind=kind,
            date=date,
            source=source,
            actor=CLI_ACTOR,
            by=by,
            note=note,
            new_deadline=new_deadline,
        )
        record = commitment_event_record(row)
    if as_json:
        print_json(record)
        return
    extra = f" (new deadline {record['new_deadline']})" if record["new_deadline"] else ""
    typer.echo(f"recorded: {commitment_id} {record['kind']} on {record['date']}{extra}")
