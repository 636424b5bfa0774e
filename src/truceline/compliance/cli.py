"""``truceline compliance`` and ``truceline commitments``: which incident breaks which provision,
and where each commitment stands, as of a date."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Annotated, Any

import typer

from truceline.cli_support import print_json, store
from truceline.compliance.services import assess
from truceline.errors import InvalidInput
from truceline.parties.models import Party

AS_OF_HELP = "Judge the record as it stood at the end of this day (default: today)."


def _as_of(value: dt.datetime | None) -> dt.date:
    return value.date() if value else dt.date.today()


def compliance(
    ctx: typer.Context,
    as_of: Annotated[dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help=AS_OF_HELP)] = None,
    party: Annotated[str | None, typer.Option(help="Only violations attributed to this party (TH, KH).")] = None,
    agreement: Annotated[str | None, typer.Option(help="Only violations of this agreement's provisions.")] = None,
    explain: Annotated[bool, typer.Option("--explain", help="Print each violation's chain of reasons.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print as_of, violations and commitments as JSON.")] = False,
) -> None:
    """Violations of the provisions in force, grouped by provision and party, and commitments.

    A violation is derived, never typed in: an incident attributed to a party by a claim or a
    finding, of a kind a provision binding that party forbids, at a time the provision was in
    force. Its status is alleged, disputed, confirmed or not_substantiated.
    """
    day = _as_of(as_of)
    with store(ctx).transaction() as session:
        if agreement is not None:
            from truceline.agreements.queries import get_agreement

            get_agreement(session, agreement)
        if party is not None and session.get(Party, party.upper()) is None:
            raise InvalidInput(f"unknown party {party!r}; see the parties of the loaded casebook")
        assessment = assess(session, day)
    violations = [
        v
        for v in assessment.violations
        if (party is None or v.party == party.upper()) and (agreement is None or v.agreement_id == agreement)
    ]
    commitments = [c for c in assessment.commitments if agreement is None or c.agreement_id == agreement]
    if as_json:
        print_json(
            {
                "as_of": day.isoformat(),
                "violations": [v.to_dict() for v in violations],
                "notes": [
                    n.to_dict()
                    for n in assessment.notes
                    if (party is None or n.party == party.upper())
                    and (agreement is None or n.agreement_id == agreement)
                ],
                "provisions": [
                    p.to_dict() for p in assessment.provisions if agreement is None or p.agreement_id == agreement
                ],
                "commitments": [c.to_dict() for c in commitments],
            }
        )
        return
    grouped: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for v in violations:
        grouped[(v.provision_id, v.party)].append(v)
    typer.echo(f"As of {day}: {len(violations)} violations of {len(grouped)} provision/party pairs")
    for (provision_id, who), items in sorted(grouped.items()):
        counts: dict[str, int] = defaultdict(int)
        for v in items:
            counts[str(v.status)] += 1
        typer.echo(
            f"\n{provision_id} — attributed to {who}: "
            + ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        )
        for v in items:
            typer.echo(f"  {v.incident_date}  {v.incident_id:<48} {v.status}")
            if explain:
                for line in v.explanation:
                    typer.echo(f"      · {line}")
    _print_commitments(commitments)


def _print_commitments(commitments: list[Any]) -> None:
    if not commitments:
        return
    typer.echo("\nCommitments:")
    for c in commitments:
        deadline = c.deadline.isoformat() if c.deadline else "no deadline"
        last = c.decided_by[-1] if c.decided_by else None
        because = f" — {last.date} {last.kind}{': ' + last.note if last.note else ''}" if last else ""
        typer.echo(f"  {c.status!s:<9} {deadline:<11} {c.title}{because}")


def commitments(
    ctx: typer.Context,
    as_of: Annotated[dt.datetime | None, typer.Option("--as-of", formats=["%Y-%m-%d"], help=AS_OF_HELP)] = None,
    status: Annotated[str | None, typer.Option(help="Only pending, met, overdue or suspended.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False,
) -> None:
    """Each commitment's status (pending, met, overdue, suspended), with the events that decided it."""
    if status is not None and status not in {"pending", "met", "overdue", "suspended"}:
        raise InvalidInput(f"unknown status {status!r}: pending, met, overdue or suspended")
    day = _as_of(as_of)
    with store(ctx).transaction() as session:
        assessment = assess(session, day)
    chosen = [c for c in assessment.commitments if status is None or str(c.status) == status]
    if as_json:
        print_json([c.to_dict() for c in chosen])
        return
    typer.echo(f"As of {day}:")
    _print_commitments(chosen)
