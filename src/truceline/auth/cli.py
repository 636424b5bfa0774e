"""``truceline users …``: add, list, show, disable, enable users; change roles; reset passwords;
issue and revoke API tokens; enrol a TOTP second factor. Every change is a change-log entry."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from truceline.auth.policy import AccountPolicy, parse_lifetime
from truceline.auth.services import (
    add_user,
    change_role,
    disable_user,
    enable_user,
    enrol_totp,
    get_user,
    issue_token,
    list_users,
    reset_password,
    revoke_api_token,
    token_state,
    tokens_of,
    totp_uri,
)
from truceline.auth.sessions import open_sessions
from truceline.cli_support import CLI_ACTOR, print_json, store
from truceline.config import get_settings
from truceline.conflicts.services import resolve_conflict
from truceline.db import utcnow
from truceline.errors import InvalidInput

app = typer.Typer(help="Users, their roles, and API tokens for programs.", no_args_is_help=True)

UserName = Annotated[str, typer.Argument(help="The user name.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def policy() -> AccountPolicy:
    return AccountPolicy.of(get_settings())


def read_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise InvalidInput("no password on standard input")
    return password


@app.command("add")
def add(
    ctx: typer.Context,
    name: UserName,
    role: Annotated[str, typer.Option("--role", help="public, party, observer or coordinator.")],
    party: Annotated[str | None, typer.Option("--party", help="For party users: the party's code.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
    ] = False,
) -> None:
    """Add a user. Without --password-stdin the user can only use API tokens (truceline users token)."""
    password = read_password() if password_stdin else None
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
    expires_in: Annotated[
        str | None,
        typer.Option(
            "--expires-in",
            help="How long it works: 90d, 12h, 30m or a number of days (default TRUCELINE_TOKEN_LIFETIME_DAYS, 90).",
        ),
    ] = None,
) -> None:
    """Issue an API token (printed once; only its SHA-256 is stored). Use it as Authorization: Bearer TOKEN.
    Its id and expiry go to standard error."""
    lifetime = parse_lifetime(expires_in) if expires_in is not None else policy().token_lifetime
    with store(ctx).transaction() as session:
        value, row = issue_token(session, name, name=label, lifetime=lifetime, actor=CLI_ACTOR)
    typer.echo(value)
    typer.echo(f"token {row.id} for {name}, expires {row.expires_at.isoformat(timespec='seconds')}", err=True)


@app.command("list")
def list_command(ctx: typer.Context, as_json: AsJson = False) -> None:
    """List users: role, party, whether active, whether they have a second factor."""
    with store(ctx).reading() as session:
        rows = [
            {
                "username": u.username,
                "role": u.role,
                "party": u.party,
                "active": u.active,
                "totp": u.totp_secret is not None,
            }
            for u in list_users(session)
        ]
    if as_json:
        print_json(rows)
        return
    for row in rows:
        state = "active" if row["active"] else "disabled"
        typer.echo(f"{row['username']}\t{row['role']}\t{row['party'] or ''}\t{state}\t{'totp' if row['totp'] else ''}")


@app.command("show")
def show(ctx: typer.Context, name: UserName, as_json: AsJson = False) -> None:
    """One user: role, state, second factor, open web sessions and API tokens (never the tokens themselves)."""
    now = utcnow()
    with store(ctx).reading() as session:
        user = get_user(session, name)
        detail: dict[str, Any] = {
            "username": user.username,
            "role": user.role,
            "party": user.party,
            "conflict": user.conflict_id,
            "active": user.active,
            "totp": user.totp_secret is not None,
            "created_at": user.created_at.isoformat(timespec="seconds"),
            "open_sessions": open_sessions(session, user.id, policy=policy(), now=now),
            "tokens": [
                {
                    "id": t.id,
                    "name": t.name,
                    "state": token_state(t, now),
                    "expires_at": t.expires_at.isoformat(timespec="seconds"),
                    "last_used_at": t.last_used_at.isoformat(timespec="seconds") if t.last_used_at else None,
                }
                for t in tokens_of(session, user.id)
            ],
        }
    if as_json:
        print_json(detail)
        return
    for key in ("username", "role", "party", "conflict", "active", "totp", "created_at", "open_sessions"):
        if detail[key] is not None:
            typer.echo(f"{key}: {detail[key]}")
    for t in detail["tokens"]:
        used = f", last used {t['last_used_at']}" if t["last_used_at"] else ", never used"
        typer.echo(f"token {t['id']} {t['name']!r}: {t['state']}, expires {t['expires_at']}{used}")


@app.command("disable")
def disable(ctx: typer.Context, name: UserName) -> None:
    """Disable a user: their web sessions end and their API tokens are revoked at once."""
    with store(ctx).transaction() as session:
        disable_user(session, name, actor=CLI_ACTOR)
    typer.echo(f"disabled {name}: sessions ended, API tokens revoked")


@app.command("enable")
def enable(ctx: typer.Context, name: UserName) -> None:
    """Enable a disabled user again (they log in afresh and need new API tokens)."""
    with store(ctx).transaction() as session:
        enable_user(session, name, actor=CLI_ACTOR)
    typer.echo(f"enabled {name}")


@app.command("role")
def role(
    ctx: typer.Context,
    name: UserName,
    new_role: Annotated[str, typer.Argument(metavar="ROLE", help="public, party, observer or coordinator.")],
    party: Annotated[str | None, typer.Option("--party", help="For the party role: the party's code.")] = None,
) -> None:
    """Change a user's role; their web sessions end at once (API tokens act with the new role)."""
    with store(ctx).transaction() as session:
        user = change_role(
            session,
            name,
            role=new_role,
            party=party.upper() if party else None,
            conflict_id=resolve_conflict(session, store(ctx).conflict).id if new_role == "party" else None,
            actor=CLI_ACTOR,
        )
        typer.echo(f"{user.username} is now {user.role}{f' ({user.party})' if user.party else ''}; sessions ended")


@app.command("reset-password")
def reset_password_command(
    ctx: typer.Context,
    name: UserName,
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the new password from standard input (default: a random one)."),
    ] = False,
) -> None:
    """Set a new password (a random one is printed once) and end the user's web sessions."""
    given = read_password() if password_stdin else None
    with store(ctx).transaction() as session:
        password = reset_password(session, name, password=given, actor=CLI_ACTOR)
    typer.echo(f"new password for {name}: {password}" if given is None else f"password of {name} changed")


@app.command("revoke-token")
def revoke_token(
    ctx: typer.Context,
    token_id: Annotated[int, typer.Argument(help="The token's id (see truceline users show NAME).", min=1)],
) -> None:
    """Revoke an API token: it is refused from the next request on."""
    with store(ctx).transaction() as session:
        revoke_api_token(session, token_id, actor=CLI_ACTOR)
    typer.echo(f"revoked API token {token_id}")


@app.command("totp-enroll")
def totp_enroll(ctx: typer.Context, name: UserName) -> None:
    """Give a user a TOTP second factor (replacing an earlier one; their sessions end). Prints the
    otpauth:// URI and the secret once: add it to an authenticator app, then log in with the code."""
    with store(ctx).transaction() as session:
        secret = enrol_totp(session, name, actor=CLI_ACTOR)
    typer.echo(totp_uri(name, secret))
    typer.echo(f"secret (to type in by hand): {secret}", err=True)
