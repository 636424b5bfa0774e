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


def _conflict_id(ctx: typer.Context, session: Any) -> str:
    from truceline.conflicts.services import resolve_conflict

    return resolve_conflict(session, store(ctx).conflict).id


@alerts_app.command("subscribe")
def subscribe_command(
    ctx: typer.Context,
    user: Annotated[str, typer.Option(help="The subscriber: notices hold only what this user's role may see.")],
    follow: Annotated[
        str, typer.Option(help="What to follow: conflict, sector:ZONE (or sector:all), agreement:ID or incident:ID.")
    ] = "conflict",
    email: Annotated[str | None, typer.Option(help="Send notices to this e-mail address.")] = None,
    webhook: Annotated[str | None, typer.Option(help="POST notices, signed, to this http(s) URL.")] = None,
    events: Annotated[
        str | None,
        typer.Option(help="Only these, comma-separated: incident, violation, commitment, signal (default: all)."),
    ] = None,
    since: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="Deadlines and signal crossings after this day are news (today)."),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Follow a conflict, a sector, an agreement or an incident, by e-mail or by signed webhook.

    A webhook subscription's secret is printed once: the receiver checks each notice's
    X-Truceline-Signature (HMAC-SHA256 of the body) with it."""
    from truceline.alerts.subscriptions import subscribe, subscription_record
    from truceline.auth.services import get_user
    from truceline.cli_support import CLI_ACTOR
    from truceline.conflicts.services import conflict_definition
    from truceline.errors import InvalidInput

    if (email is None) == (webhook is None):
        raise InvalidInput("give one of --email ADDRESS or --webhook URL")
    channel, address = ("email", email) if email is not None else ("webhook", webhook)
    assert address is not None
    with store(ctx).transaction() as session:
        conflict_id = _conflict_id(ctx, session)
        row = subscribe(
            session,
            conflict_id=conflict_id,
            user=get_user(session, user),
            follow=follow,
            channel=channel,
            address=address,
            events=[e.strip() for e in events.split(",") if e.strip()] if events else None,
            since=since.date() if since else conflict_definition(session, conflict_id).today(),
            actor=CLI_ACTOR,
        )
        record = subscription_record(row, user) | {"secret": row.secret}
    if as_json:
        print_json(record)
        return
    listed = ", ".join(record["events"])
    typer.echo(f"subscription {record['id']}: {user} follows {record['follows']} by {channel} ({listed})")
    if record["secret"]:
        typer.echo(f"webhook secret (shown once): {record['secret']}")


@alerts_app.command("unsubscribe")
def unsubscribe_command(ctx: typer.Context, subscription_id: int) -> None:
    """End a subscription: no more notices are computed or sent for it."""
    from truceline.alerts.subscriptions import unsubscribe
    from truceline.cli_support import CLI_ACTOR

    with store(ctx).transaction() as session:
        unsubscribe(session, subscription_id, actor=CLI_ACTOR)
    typer.echo(f"subscription {subscription_id} ended")


@alerts_app.command("list")
def list_command(
    ctx: typer.Context,
    user: Annotated[str | None, typer.Option(help="Only this user's.")] = None,
    ended: Annotated[bool, typer.Option("--ended", help="Also the subscriptions that were ended.")] = False,
    as_json: JsonOption = False,
) -> None:
    """List subscriptions: id, subscriber, what they follow, channel, events."""
    from truceline.alerts.subscriptions import list_subscriptions, subscription_record
    from truceline.auth.models import User
    from truceline.auth.services import get_user

    with store(ctx).reading() as session:
        user_id = get_user(session, user).id if user else None
        names = {u.id: u.username for u in session.query(User)}
        found = list_subscriptions(
            session, user_id=user_id, conflict_id=_conflict_id(ctx, session), active_only=not ended
        )
        rows = [subscription_record(r, names.get(r.user_id)) for r in found]
    if as_json:
        print_json(rows)
        return
    if not rows:
        typer.echo("no subscriptions")
    for r in rows:
        state = "" if r["active"] else "\tended"
        typer.echo(
            f"{r['id']}\t{r['user']}\t{r['follows']}\t{r['channel']}:{r['address']}\t{','.join(r['events'])}{state}"
        )


@alerts_app.command("notices")
def notices_command(
    ctx: typer.Context,
    subscription: Annotated[int | None, typer.Option(help="Only this subscription's.")] = None,
    unsent: Annotated[bool, typer.Option("--unsent", help="Only those not delivered yet.")] = False,
    as_json: JsonOption = False,
) -> None:
    """List notices: what each subscription was told or is yet to be told, with delivery errors."""
    from sqlalchemy import select

    from truceline.alerts.models import Notice
    from truceline.alerts.services import notice_record

    with store(ctx).reading() as session:
        query = select(Notice).order_by(Notice.id)
        if subscription is not None:
            query = query.where(Notice.subscription_id == subscription)
        if unsent:
            query = query.where(Notice.sent_at.is_(None))
        rows = [notice_record(n) for n in session.scalars(query)]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        state = f"sent {r['sent_at']}" if r["sent_at"] else f"unsent ({r['last_error'] or 'not tried yet'})"
        typer.echo(f"{r['id']}\t{r['subscription']}\t{r['event']}\t{r['title']}\t{state}")


@alerts_app.command("send")
def send_command(
    ctx: typer.Context,
    today: Annotated[
        dt.datetime | None,
        typer.Option(formats=["%Y-%m-%d"], help="The day the run stands on (default: today, UTC)."),
    ] = None,
    queue: Annotated[bool, typer.Option("--queue", help="Run it as a background job instead (prints its id).")] = False,
    as_json: JsonOption = False,
) -> None:
    """Compute every subscription's notices from what changed and send each not yet sent, once.

    Run it from cron (or as the alerts_send job): a run finds the ledger entries after each
    subscription's cursor, the deadlines and the signal crossings since its last run."""
    from truceline.alerts.services import mailer_of, send_notices, webhook_policy_of
    from truceline.cli_support import CLI_ACTOR
    from truceline.config import get_settings

    day = today.date() if today else dt.datetime.now(dt.UTC).date()
    if queue:
        from truceline.jobs.queue import enqueue

        with store(ctx).reading() as session:
            conflict_id = _conflict_id(ctx, session)
        job_id = enqueue(
            store(ctx).engine,
            get_settings(),
            kind="alerts_send",
            arguments={"today": day.isoformat()},
            requested_by=CLI_ACTOR,
            conflict_id=conflict_id,
        )
        typer.echo(f"queued job {job_id} (truceline jobs show {job_id})")
        return
    settings = get_settings()
    report = send_notices(
        store(ctx).engine, today=day, mailer=mailer_of(settings), webhooks=webhook_policy_of(settings), actor=CLI_ACTOR
    )
    if as_json:
        print_json(report.to_dict())
    else:
        typer.echo(
            f"{report.subscriptions} subscriptions: {report.computed} new notices, "
            f"{report.sent} sent, {report.failed} failed"
        )
        for error in report.errors:
            typer.echo(f"  {error}", err=True)
    if report.failed:
        raise typer.Exit(1)
