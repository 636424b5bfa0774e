"""``truceline serve`` and ``truceline demo``: run the web app."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated

import typer
import yaml
from sqlalchemy.orm import Session

from truceline.cli_support import store
from truceline.config import DEVELOPMENT_SECRET, Settings, get_settings, require_safe_secret
from truceline.intake.ingest import ingest_report

DEMO_DB = "truceline-demo.db"
DEMO_ACTOR = "demo"


def server_settings() -> Settings:
    """The settings to serve with. In production a missing, short or weak
    ``TRUCELINE_SECRET_KEY`` is refused (:func:`truceline.config.require_safe_secret`: one line,
    exit 2). Elsewhere, without one the development secret would sign session cookies, and anyone
    who read the source could forge a login: each run then signs with a random key of its own
    instead (logins do not survive a restart)."""
    settings = get_settings()
    require_safe_secret(settings)
    if settings.secret_key == DEVELOPMENT_SECRET:
        typer.echo(
            "note: TRUCELINE_SECRET_KEY is not set; sessions are signed with a random key for this run", err=True
        )
        return settings.model_copy(update={"secret_key": secrets.token_urlsafe(32)})
    return settings


def run_server(app: object, host: str, port: int) -> None:
    import uvicorn

    uvicorn.run(app, host=host, port=port, proxy_headers=True, log_level="info")  # type: ignore[arg-type]


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", min=1, max=64, help="Server processes sharing the port and the store.")
    ] = 1,
) -> None:
    """Serve the dashboard, the pages and the JSON API (/api/v1) on the store."""
    from truceline.app import create_app

    settings = server_settings()
    engine = store(ctx).engine
    settings = server_settings()
    typer.echo(f"Truceline at http://{host}:{port}/  (API: http://{host}:{port}/api/v1/openapi.json)")
    if workers == 1:
        run_server(create_app(engine, settings), host, port)
        return
    import uvicorn

    # each worker process builds its app from the environment: hand them this run's store and key
    os.environ["TRUCELINE_DATABASE_URL"] = store(ctx).url
    os.environ["TRUCELINE_SECRET_KEY"] = settings.secret_key
    uvicorn.run(
        "truceline.app:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level="info",
    )


def ingest_samples(session: Session, conflict_id: str, folder: Traversable) -> int:
    """Queue a casebook's sample reports (``samples/*.txt``, each with its ``.yaml``) for review;
    returns how many candidates wait."""
    samples = folder / "samples"
    if not samples.is_dir():
        return 0
    waiting = 0
    for text_file in sorted((t for t in samples.iterdir() if t.name.endswith(".txt")), key=lambda t: t.name):
        meta_file = samples / (text_file.name.removesuffix(".txt") + ".yaml")
        meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
        published = meta.get("published") or dt.date.today()
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        result = ingest_report(
            session,
            conflict_id=conflict_id,
            text=text_file.read_text(encoding="utf-8"),
            published=published,
            url=meta.get("url"),
            publisher=meta.get("publisher"),
            title=meta.get("title"),
            actor=DEMO_ACTOR,
            dry_run=False,
        )
        waiting += len(result.candidates)
    return waiting


def demo(
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    db: Annotated[Path, typer.Option("--db", help="The demo's SQLite file (replaced on each run).")] = Path(DEMO_DB),
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Prepare the store and exit.", hidden=True)] = False,
) -> None:
    """A fresh demo: new SQLite store, every bundled casebook, their sample reports queued for
    review, an observer and a coordinator account (passwords printed once), then the server."""
    from truceline.app import create_app
    from truceline.auth.services import add_user, new_password
    from truceline.casebooks.loader import bundled_casebooks, load_casebook, read_casebook
    from truceline.db import make_engine, migrate, transaction

    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{db}")
    migrate(engine)
    passwords = {"observer": new_password(), "coordinator": new_password()}
    loaded = []
    with transaction(engine) as session:
        for name, folder in bundled_casebooks().items():
            report = load_casebook(session, read_casebook(folder), actor=DEMO_ACTOR)
            waiting = ingest_samples(session, report.casebook, folder)
            added = ", ".join(f"{v} {k}" for k, v in report.added.items() if v)
            loaded.append(f"  {name}: {added}; {waiting} candidates from sample reports wait in the review queue")
        for role, password in passwords.items():
            add_user(session, username=role, role=role, password=password, actor=DEMO_ACTOR)
    typer.echo(f"demo store {db}, casebooks loaded:")
    typer.echo("\n".join(loaded))
    for role, password in passwords.items():
        typer.echo(f"log in as {role!r} with password {password!r} (shown once)")
    typer.echo(f"open http://{host}:{port}/")
    if not no_serve:
        run_server(create_app(engine, server_settings()), host, port)
