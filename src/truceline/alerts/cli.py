"""``truceline signal`` (the escalation signal) and ``truceline alerts …`` (subscriptions and notices)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import typer

from truceline.cli_support import print_json, store

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON.")]
ReaderOption = Annotated[
    str,
    typer.Option(
        "--as",
        metavar="ROLE",
        help="Compute on what this role may see: observer (default: the whole record), public or party:CODE.",
    ),
]


def reader_visibility(reader: str, conflict_id: str, parties: list[str]) -> Any:
    """``public``, ``party:CODE``, ``observer`` or ``coordinator`` as the visibility it gives."""
    from truceline.errors import InvalidInput
    from truceline.visibility import visibility_for
    from truceline.vocabulary import Role

    role_name, _, party = reader.partition(":")
    try:
        role = Role(role_name)
    except ValueError:
        raise InvalidInput(f"--as {reader!r}: public, party:CODE, observer or coordinator") from None
    if role == Role.PARTY and party not in parties:
        raise InvalidInput(f"--as {reader!r}: name a party of {conflict_id}: {', '.join(parties)}")
    if role != Role.PARTY and party:
        raise InvalidInput(f"--as {reader!r}: only the party role takes a party code")
    return visibility_for(role, party=party or None, conflict_id=conflict_id)


def signal(
    ctx: typer.Context,
    as_of: Annotated[
        dt.datetime | None,
        typer.Option("--as-of", formats=["%Y-%m-%d"], help="The day judged, YYYY-MM-DD (default: today)."),
    ] = None,
    sector: Annotated[
        str | None, typer.Option(help="'all' (the whole conflict) or a zone id; default: every sector with incidents.")
    ] = None,
    days: Annotated[int, typer.Option(min=1, max=400, help="With --json: how many days of the series.")] = 30,
    reader: ReaderOption = "observer",
    as_json: JsonOption = False,
) -> None:
    """The escalation signal of each sector: daily incidents against their own recent baseline.

    An EWMA control chart (docs/early-warning.md): the score is how many standard deviations the
    smoothed daily count stands above the baseline of the weeks before; at the threshold the signal
    is ELEVATED. The incidents of the last days that drive it are listed under each sector."""
    from truceline.alerts.queries import all_signals, sector_signal, sectors, signal_record
    from truceline.conflicts.services import conflict_definition, resolve_conflict

    with store(ctx).reading() as session:
        conflict = conflict_definition(session, resolve_conflict(session, store(ctx).conflict).id)
        visibility = reader_visibility(reader, conflict.id, [p.code for p in conflict.parties])
        judged = as_of.date() if as_of else conflict.today()
        names = {s.id: s.name for s in sectors(session, conflict.id)}
        if sector is not None:
            found = [sector_signal(session, conflict.id, visibility, sector_id=sector, as_of=judged)]
        else:
            found = all_signals(session, conflict.id, visibility, as_of=judged)
        records = [signal_record(s, days=days) | {"sector_name": names[s.sector]} for s in found]
    if as_json:
        print_json(records)
        return
    method = found[0].method
    typer.echo(f"escalation signal as of {judged} (EWMA α={method.alpha}, threshold {method.threshold})")
    for record in records:
        current = record["current"]
        state = "ELEVATED" if record["elevated"] else "normal"
        typer.echo(
            f"{record['sector']}\t{state}\tscore {current['score']:+.2f}\t"
            f"ewma {current['ewma']:.2f}/day\tbaseline {current['baseline']:.2f}/day"
        )
        for driver in record["drivers"][:5]:
            typer.echo(f"  {driver['date_start']}\t{driver['kind']}\t{driver['incident_id']}")


alerts_app = typer.Typer(
    help="Subscriptions to a conflict, sector, agreement or incident, and the notices sent to them.",
    no_args_is_help=True,
)
