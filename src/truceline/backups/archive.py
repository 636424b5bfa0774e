"""Back up a store to one archive and restore it.

The archive is a gzip-compressed tar file holding:

- ``manifest.json``: the format version, the database kind (``sqlite`` or ``postgresql``), the
  schema revision, when it was made, and the SHA-256 of every other member;
- the database copy: ``database.sqlite3`` (made with SQLite's online backup API, so a running
  app may keep writing) or ``database.pgdump`` (``pg_dump -Fc``);
- ``evidence/…``: every file of the evidence directory, at its path below it.

``restore`` reads the whole archive and checks every member against the manifest before it
writes anything; it refuses to overwrite a store that holds data unless forced, then migrates
the restored store to the newest schema (a backup of an older version restores too).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import Engine, inspect, select, text
from sqlalchemy.engine import URL, make_url

from truceline.db import current_revision, make_engine, migrate
from truceline.errors import Conflict, InvalidInput

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
EVIDENCE_PREFIX = "evidence/"


class BackupError(InvalidInput):
    """A backup cannot be made or an archive cannot be restored; the message says why."""


@dataclass
class BackupReport:
    path: Path
    database: str
    schema_revision: str | None
    members: dict[str, str] = field(default_factory=dict)

    @property
    def evidence_files(self) -> int:
        return sum(1 for name in self.members if name.startswith(EVIDENCE_PREFIX))


def database_kind(url: str) -> str:
    try:
        backend = make_url(url).get_backend_name()
    except Exception as exc:  # sqlalchemy raises ArgumentError for malformed URLs
        raise BackupError(f"not a database URL: {url!r}") from exc
    if backend not in {"sqlite", "postgresql"}:
        raise BackupError(f"cannot back up a {backend} store: SQLite and PostgreSQL only")
    return backend


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory SQLite store cannot be backed up or restored: give a file")
    return Path(database)


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed (it comes with the PostgreSQL client tools); cannot continue")
    return found


def _libpq(url: str) -> tuple[list[str], dict[str, str]]:
    """``pg_dump``/``pg_restore`` connection arguments and environment for a URL (no shell, the
    password in the environment rather than on the command line)."""
    parsed: URL = make_url(url)
    args: list[str] = []
    if parsed.host:
        args += ["--host", parsed.host]
    if parsed.port:
        args += ["--port", str(parsed.port)]
    if parsed.username:
        args += ["--username", parsed.username]
    if not parsed.database:
        raise BackupError("the PostgreSQL URL names no database")
    args += ["--dbname", parsed.database]
    env = dict(os.environ)
    if parsed.password is not None:
        env["PGPASSWORD"] = str(parsed.password)
    options = parsed.query.get("options")
    if options:
        env["PGOPTIONS"] = options if isinstance(options, str) else " ".join(options)
    return args, env


def _search_path_schema(url: str) -> str | None:
    """The schema a URL's ``options=-csearch_path=…`` confines the store to, if any."""
    options = make_url(url).query.get("options")
    text_options = options if isinstance(options, str) else " ".join(options or ())
    for part in text_options.split():
        if part.startswith("-csearch_path="):
            return part.removeprefix("-csearch_path=").split(",")[0].strip()
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(url: str, evidence_dir: Path, destination: Path) -> BackupReport:
    """Write the store at ``url`` and the evidence files to the archive ``destination``."""
    kind = database_kind(url)
    engine = make_engine(url)
    try:
        revision = current_revision(engine)
    finally:
        engine.dispose()
    destination = Path(destination)
    with tempfile.TemporaryDirectory(prefix="truceline-backup-") as work:
        copy = Path(work) / (SQLITE_MEMBER if kind == "sqlite" else POSTGRES_MEMBER)
        if kind == "sqlite":
            source_path = _sqlite_path(url)
            if not source_path.is_file():
                raise BackupError(f"no SQLite store at {source_path}")
            source = sqlite3.connect(source_path)
            target = sqlite3.connect(copy)
            try:
                source.backup(target)
            finally:
                target.close()
                source.close()
        else:
            args, env = _libpq(url)
            schema = _search_path_schema(url)
            command = [_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(copy), *args]
            if schema:
                command += ["--schema", schema]
            result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        members = {copy.name: _sha256(copy)}
        evidence: list[tuple[str, Path]] = []
        if evidence_dir.is_dir():
            for path in sorted(p for p in evidence_dir.rglob("*") if p.is_file()):
                name = EVIDENCE_PREFIX + path.relative_to(evidence_dir).as_posix()
                members[name] = _sha256(path)
                evidence.append((name, path))
        manifest = {
            "format": FORMAT_VERSION,
            "database": kind,
            "schema_revision": revision,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "members": members,
        }
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(copy, arcname=copy.name, recursive=False)
            for name, path in evidence:
                archive.add(path, arcname=name, recursive=False)
        partial.replace(destination)
    return BackupReport(path=destination, database=kind, schema_revision=revision, members=members)


def _safe_member_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == path.as_posix()


def read_archive(source: Path, work: Path) -> dict[str, Any]:
    """Extract the archive into ``work`` and check it against its manifest; the manifest."""
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 -- closed by the ``with`` below
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{source} is not a Truceline backup (a .tar.gz archive): {exc}") from None
    with archive:
        try:
            entries = archive.getmembers()
            by_name = {entry.name: entry for entry in entries}
            if MANIFEST not in by_name:
                raise BackupError(f"{source} has no {MANIFEST}: not a Truceline backup")
            handle = archive.extractfile(by_name[MANIFEST])
            manifest = json.loads(handle.read()) if handle is not None else None
            if not isinstance(manifest, dict) or not isinstance(manifest.get("members"), dict):
                raise BackupError(f"{source}: the manifest is not valid")
            if manifest.get("format") != FORMAT_VERSION:
                raise BackupError(f"{source}: backup format {manifest.get('format')!r} is not {FORMAT_VERSION}")
            listed: dict[str, str] = manifest["members"]
            extra = sorted(set(by_name) - set(listed) - {MANIFEST})
            if extra:
                raise BackupError(f"{source}: members not in the manifest: {', '.join(extra[:5])}")
            problems = []
            for name, expected in listed.items():
                entry = by_name.get(name)
                if entry is None:
                    problems.append(f"{name} is missing")
                    continue
                if not entry.isfile() or not _safe_member_name(name):
                    problems.append(f"{name} is not a plain file with a relative path")
                    continue
                target = work / name
                target.parent.mkdir(parents=True, exist_ok=True)
                stream = archive.extractfile(entry)
                if stream is None:
                    problems.append(f"{name} cannot be read")
                    continue
                with target.open("wb") as out:
                    shutil.copyfileobj(stream, out)
                if _sha256(target) != expected:
                    problems.append(f"{name} does not match its SHA-256 in the manifest")
        except (OSError, EOFError, tarfile.TarError, ValueError, zlib.error) as exc:
            raise BackupError(f"{source} is damaged and cannot be read: {exc}") from None
    if problems:
        raise BackupError(f"{source} is damaged; nothing was restored: " + "; ".join(problems[:10]))
    database = manifest.get("database")
    member = {"sqlite": SQLITE_MEMBER, "postgresql": POSTGRES_MEMBER}.get(str(database))
    if member is None or member not in listed:
        raise BackupError(f"{source}: the manifest names no database copy")
    return manifest


def store_holds_data(engine: Engine) -> bool:
    """Whether any table of the store (but Alembic's own) has a row."""
    inspector = inspect(engine)
    with engine.connect() as connection:
        for table in inspector.get_table_names():
            if table == "alembic_version":
                continue
            quoted = engine.dialect.identifier_preparer.quote(table)
            if connection.execute(select(text("1")).select_from(text(quoted)).limit(1)).first() is not None:
                return True
    return False


def restore(source: Path, url: str, evidence_dir: Path, *, force: bool = False) -> dict[str, Any]:
    """Restore the archive ``source`` into the store at ``url`` and ``evidence_dir``; the manifest."""
    kind = database_kind(url)
    with tempfile.TemporaryDirectory(prefix="truceline-restore-") as work_dir:
        work = Path(work_dir)
        manifest = read_archive(Path(source), work)
        if manifest["database"] != kind:
            raise BackupError(f"the backup is of a {manifest['database']} store; --db names a {kind} store")
        engine = make_engine(url)
        try:
            fresh = kind == "sqlite" and not _sqlite_path(url).exists()
            holds = not fresh and store_holds_data(engine)
            evidence_files = evidence_dir.is_dir() and any(p.is_file() for p in evidence_dir.rglob("*"))
            if (holds or evidence_files) and not force:
                raise Conflict(
                    "the store named by --db (or its evidence directory) is not empty; "
                    "restore into an empty store, or pass --force to overwrite it"
                )
        finally:
            engine.dispose()
        if kind == "sqlite":
            target_path = _sqlite_path(url)
            target_path.parent.mkdir(parents=True, exist_ok=True)
            source_db = sqlite3.connect(work / SQLITE_MEMBER)
            target_db = sqlite3.connect(target_path)
            try:
                source_db.backup(target_db)
            finally:
                target_db.close()
                source_db.close()
        else:
            args, env = _libpq(url)
            command = [_tool("pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction", *args]
            if force:
                command += ["--clean", "--if-exists"]
            command.append(str(work / POSTGRES_MEMBER))
            result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
            if result.returncode != 0:
                raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
        for name in manifest["members"]:
            if name.startswith(EVIDENCE_PREFIX):
                target = evidence_dir / name.removeprefix(EVIDENCE_PREFIX)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(work / name, target)
    engine = make_engine(url)
    try:
        migrate(engine)
    finally:
        engine.dispose()
    return manifest
