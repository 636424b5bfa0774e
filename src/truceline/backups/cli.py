"""``truceline backup`` and ``truceline restore``: the store and its evidence files in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from truceline.backups.archive import backup as make_backup
from truceline.backups.archive import restore as restore_archive
from truceline.cli_support import store
from truceline.config import get_settings


def backup(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The archive to write (.tar.gz).", dir_okay=False)],
) -> None:
    """Back up the store named by --db and the evidence files into one archive with a manifest
    (format, database kind, schema revision, SHA-256 of each member). SQLite is copied with its
    online backup API; PostgreSQL with pg_dump (custom format), which must be installed."""
    target = store(ctx)
    target.engine  # noqa: B018 -- the store exists and is migrated before it is copied
    report = make_backup(target.url, get_settings().evidence_directory(target.url), file)
    typer.echo(
        f"backed up the {report.database} store (schema {report.schema_revision}) and "
        f"{report.evidence_files} evidence files to {report.path}"
    )


def restore(
    ctx: typer.Context,
    file: Annotated[
        Path, typer.Argument(help="An archive written by 'truceline backup'.", exists=True, dir_okay=False)
    ],
    force: Annotated[
        bool, typer.Option("--force", help="Overwrite a store (or evidence directory) that holds data.")
    ] = False,
) -> None:
    """Restore an archive into the store named by --db and the evidence directory. Every member
    is checked against the manifest's SHA-256 before anything is written; a store that holds
    data is not overwritten without --force. PostgreSQL needs pg_restore."""
    manifest = restore_archive(file, store(ctx).url, get_settings().evidence_directory(store(ctx).url), force=force)
    evidence = sum(1 for name in manifest["members"] if name.startswith("evidence/"))
    typer.echo(
        f"restored the {manifest['database']} store of {manifest['created_at']} "
        f"(schema {manifest['schema_revision']}) and {evidence} evidence files"
    )
