"""``truceline findings …``: observers record findings and move them through review."""

from __future__ import annotations

from typing import Annotated

import typer
from sqlalchemy import select

from truceline.cli_support import print_json, store
from truceline.conflicts.services import resolve_conflict
from truceline.verification.models import Finding
from truceline.verification.queries import finding_record
from truceline.verification.services import act_on_finding, add_finding
from truceline.verification.workflow import FindingAction
from truceline.vocabulary import FindingResult, Role

app = typer.Typer(
    help="Observers' findings: verified, not substantiated or inconclusive; draft → in_review → final. "
    "The command line acts as the observer named by --as (the author may not finalise their own finding).",
    no_args_is_help=True,
)

AS_HELP = "The observer acting (recorded in the change log)."


@app.command("add")
def add(
    ctx: typer.Context,
    result: Annotated[FindingResult, typer.Option(help="The observers' conclusion.")],
    reasoning: Annotated[str, typer.Option(help="Why: what was examined and what it showed.")],
    incident: Annotated[str | None, typer.Option(help="The incident the finding is about.")] = None,
    claim: Annotated[str | None, typer.Option(help="Or the claim it is about (e.g. INCIDENT/claim-1).")] = None,
    party: Annotated[str | None, typer.Option(help="For an incident: the party the act is attributed to.")] = None,
    evidence: Annotated[list[int] | None, typer.Option(help="Evidence ids relied on (repeatable).")] = None,
    supersedes: Annotated[int | None, typer.Option(help="An earlier finding this one corrects.")] = None,
    as_: Annotated[str, typer.Option("--as", help=AS_HELP)] = "observer",
    as_json: Annotated[bool, typer.Option("--json", help="Print the finding as JSON.")] = False,
) -> None:
    """Record a draft finding about an incident or a claim."""
    with store(ctx).transaction() as session:
        finding = add_finding(
            session,
            result=result,
            reasoning=reasoning,
            author=as_,
            role=Role.OBSERVER,
            incident_id=incident,
            claim_id=claim,
            party=party.upper() if party else None,
            evidence_ids=evidence,
            supersedes_id=supersedes,
        )
        record = finding_record(finding)
    if as_json:
        print_json(record)
    else:
        typer.echo(
            f"finding {record['id']} recorded as a draft; submit it for review with "
            f"'truceline findings submit {record['id']}'"
        )


def _act(ctx: typer.Context, finding_id: int, action: FindingAction, actor: str) -> None:
    with store(ctx).transaction() as session:
        finding = act_on_finding(session, finding_id, action, actor=actor, role=Role.OBSERVER)
        state = finding.state
    typer.echo(f"finding {finding_id} is now {state}")


@app.command("submit")
def submit(
    ctx: typer.Context, finding_id: int, as_: Annotated[str, typer.Option("--as", help=AS_HELP)] = "observer"
) -> None:
    """Send a draft finding for review."""
    _act(ctx, finding_id, FindingAction.SUBMIT, as_)


@app.command("return")
def return_(
    ctx: typer.Context, finding_id: int, as_: Annotated[str, typer.Option("--as", help=AS_HELP)] = "reviewer"
) -> None:
    """Return a finding under review to its author as a draft."""
    _act(ctx, finding_id, FindingAction.RETURN, as_)


@app.command("finalise")
def finalise(
    ctx: typer.Context, finding_id: int, as_: Annotated[str, typer.Option("--as", help=AS_HELP)] = "reviewer"
) -> None:
    """Make a finding under review final: from now on it decides the violations it concerns."""
    _act(ctx, finding_id, FindingAction.FINALISE, as_)


@app.command("withdraw")
def withdraw(
    ctx: typer.Context, finding_id: int, as_: Annotated[str, typer.Option("--as", help=AS_HELP)] = "observer"
) -> None:
    """Withdraw a draft or a finding under review."""
    _act(ctx, finding_id, FindingAction.WITHDRAW, as_)


@app.command("list")
def list_findings(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False
) -> None:
    """List findings with their state."""
    with store(ctx).reading() as session:
        conflict_id = resolve_conflict(session, store(ctx).conflict).id
        query = select(Finding).where(Finding.conflict_id == conflict_id).order_by(Finding.id)
        records = [finding_record(f) for f in session.scalars(query)]
    if as_json:
        print_json(records)
        return
    for r in records:
        typer.echo(f"{r['id']:>4} {r['state']:<10} {r['result']:<18} {r['incident_id'] or r['claim_id']}")
