"""``truceline users …``: add users and issue API tokens."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from truceline.auth.services import add_user, issue_api_token, list_users
from truceline.cli_support import CLI_ACTOR, print_json, store
from truceline.conflicts.services import resolve_conflict
from truceline.errors import InvalidInput

app = typer.Typer(help="Users, their roles, and API tokens for programs.", no_args_is_help=True)


@app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The user name.")],
    role: Annotated[str, typer.Option("--role", help="public, party, observer or coordinator.")],
    party: Annotated[str | None, typer.Option("--party", help="For party users: TH or KH.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
    ] = False,
) -> None:
    """Add a user. Without --password-stdin the user can only use API tokens (truceline users token)."""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise InvalidInput("no password on standard input")
    with store(ctx).transaction() as session:
        user = add_user(
            session,
            username=name,
            role=role,
            party=party.upper() if party else None,
            conflict_id=resolve_conflict(session, store(ctx).conflict).id if role == "party" else None,
            password=password,
            actor=CLI_ACTOR,
        )
        typer.echo(f"added {user.username} ({user.role}{f', {user.party}' if user.party else ''})")


@app.command("token")
def token(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The user the token acts as.")],
    label: Annotated[str, typer.Option("--name", help="A label for the token.")] = "cli",
) -> None:
    """Issue an API token (printed once; only its SHA-256 is stored). Use it as Authorization: Bearer TOKEN."""
    with store(ctx).transaction() as session:
        value = issue_api_token(session, name, name=label, actor=CLI_ACTOR)
    typer.echo(value)


@app.command("list")
def list_command(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print a JSON array.")] = False
) -> None:
    """List users and their roles."""
    with store(ctx).transaction() as session:
        rows = [
            {"username": u.username, "role": u.role, "party": u.party, "active": u.active} for u in list_users(session)
        ]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        typer.echo(f"{row['username']}\t{row['role']}\t{row['party'] or ''}")
