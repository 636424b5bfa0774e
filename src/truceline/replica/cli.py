"""``truceline replica pull URL --token …`` and ``truceline replica status``."""

from __future__ import annotations

from typing import Annotated

import typer

from truceline.cli_support import CLI_ACTOR, print_json, store

app = typer.Typer(
    help="A copy of another instance's signed ledger, verified entry by entry: pull it, see how far behind it is.",
    no_args_is_help=True,
)

Token = Annotated[
    str | None,
    typer.Option(
        "--token",
        envvar="TRUCELINE_REPLICA_TOKEN",
        help="An observer's or coordinator's API token on the source (truceline users token NAME there).",
    ),
]


def _line(status: dict[str, object]) -> str:
    behind = status["behind"]
    where = f"holds seq {status['held_seq']}"
    if status["source_seq"] is not None:
        where += f" of {status['source_seq']} ({behind} behind)"
    text = f"{status['url']}\t{status['state']}\t{where}"
    divergence = status["divergence"]
    if isinstance(divergence, dict):
        text += f"\n  DIVERGED: {divergence['kind']} at entry {divergence['seq']}: {divergence['reason']}"
    return text


@app.command()
def pull(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(metavar="URL", help="The source instance's base URL, http(s)://host[:port].")],
    token: Token = None,
    key_ids: Annotated[
        list[str] | None,
        typer.Option("--key-id", metavar="ID", help="At the first pull: pin only this key of the source (repeatable)."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the outcome as JSON.")] = False,
) -> None:
    """Pull the source's signed ledger and the record versions it wrote, verify every entry, link
    and signature (with the source's keys, pinned at the first pull), and apply what is new.

    A divergence (a fork, a rewritten or missing entry) applies nothing, is recorded, and exits 1."""
    from truceline.errors import InvalidInput
    from truceline.replica.services import HttpSource, source_url, synchronise

    if not token:
        raise InvalidInput("--token (or TRUCELINE_REPLICA_TOKEN): an API token of the source is needed")
    with store(ctx).transaction() as session:
        status = synchronise(session, HttpSource(source_url(url), token), actor=CLI_ACTOR, key_ids=key_ids or [])
    _report(status.as_dict(), as_json, f"applied {status.applied} entries")


def _report(status: dict[str, object], as_json: bool, done: str) -> None:
    if as_json:
        print_json(status)
    else:
        typer.echo(_line(status))
        if status["divergence"] is None:
            typer.echo(done)
    if status["divergence"] is not None:
        raise typer.Exit(1)


@app.command()
def status(
    ctx: typer.Context,
    url: Annotated[
        str | None, typer.Argument(metavar="[URL]", help="One source (default: every source this store copies).")
    ] = None,
    token: Token = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the status as JSON.")] = False,
) -> None:
    """How far behind each copy is and any divergence; with --token (and a URL) the source is
    checked now (nothing is applied), else the state found by the last pull or check is shown.

    Exits 1 when a copy has diverged."""
    from truceline.errors import InvalidInput
    from truceline.replica.services import (
        HttpSource,
        replica_source,
        replica_sources,
        source_url,
        status_of,
        synchronise,
    )

    if token and url is None:
        raise InvalidInput("--token checks one source now: name its URL")
    with store(ctx).transaction() as session:
        if token and url is not None:
            replica_source(session, url)
            found = [synchronise(session, HttpSource(source_url(url), token), actor=CLI_ACTOR, apply=False).as_dict()]
        else:
            rows = [replica_source(session, url)] if url is not None else replica_sources(session)
            found = [status_of(row).as_dict() for row in rows]
    if as_json:
        print_json(found)
    elif not found:
        typer.echo("this store copies no other instance yet (truceline replica pull URL --token …)")
    for item in found if not as_json else []:
        typer.echo(_line(item))
    if any(item["divergence"] is not None for item in found):
        raise typer.Exit(1)
