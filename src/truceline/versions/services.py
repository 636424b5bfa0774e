"""Writing versions, and reading them back: history, the record as known at a time, and the check
of current rows against the versions the ledger holds. Callers commit.

A write of a versioned record (created, corrected, retracted, unpublished, published …) goes
through :func:`append_with_versions`: in the caller's transaction it appends ONE signed ledger
entry whose payload carries each version written (``"record_versions": [{kind, id, version,
change, reason, source, content_hash, content}, …]``), so the entry's content hash covers the
versions' content, and it inserts the same versions into ``record_versions`` pointing at that
entry. The record's row is its latest version.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from truceline.errors import Retracted
from truceline.ledger.models import LedgerEntry
from truceline.ledger.services import (
    Failure,
    LedgerReport,
    append,
    canonical_json,
    check_entries,
    iter_entries,
    public_keys,
    sha256_hex,
)
from truceline.versions.content import content_hash, record_content
from truceline.versions.kinds import registered
from truceline.versions.models import RecordVersion
from truceline.visibility import Visibility

#: the payload key of a ledger entry that writes versions
PAYLOAD_KEY = "record_versions"
CHANGES = (
    "created",
    "corrected",
    "retracted",
    "unpublished",
    "published",
    "republished",
    "event",
    "adopted",
    "revised",
)


@dataclass(frozen=True)
class Change:
    """One record's new version: its kind, its row (already written), and why it changed."""

    kind: str
    row: Any
    change: str = "created"
    reason: str = ""
    source: str | None = None


def conflict_of(session: Session, kind: str, row: Any) -> str:
    """The conflict a record belongs to (claims and provisions through their parent)."""
    return registered()[kind].conflict_of(session, row)


def latest_version(session: Session, kind: str, record_id: str) -> RecordVersion | None:
    return session.scalars(
        select(RecordVersion)
        .where(RecordVersion.kind == kind, RecordVersion.record_id == record_id)
        .order_by(RecordVersion.version.desc())
        .limit(1)
    ).first()


def _next_number(session: Session, kind: str, record_id: str) -> int:
    last = session.scalar(
        select(func.max(RecordVersion.version)).where(RecordVersion.kind == kind, RecordVersion.record_id == record_id)
    )
    return (last or 0) + 1


def append_with_versions(
    session: Session,
    *,
    actor: str,
    action: str,
    subject_type: str,
    subject_id: str,
    payload: dict[str, Any],
    changes: Sequence[Change],
) -> LedgerEntry:
    """Append one signed entry for a write and the new version of each changed record."""
    session.flush()
    documents: list[dict[str, Any]] = []
    pending: list[tuple[Change, dict[str, Any], str]] = []
    for item in changes:
        if item.kind not in registered() or item.change not in CHANGES:
            raise ValueError(f"no version of kind {item.kind!r} with change {item.change!r}")
        record_id = str(item.row.id)
        content = record_content(session, item.kind, item.row)
        number = 1 if item.change == "created" else _next_number(session, item.kind, record_id)
        document = {
            "kind": item.kind,
            "id": record_id,
            "version": number,
            "change": item.change,
            "reason": item.reason,
            "source": item.source,
            "content_hash": content_hash(content),
            "content": content,
        }
        documents.append(document)
        pending.append((item, document, conflict_of(session, item.kind, item.row)))
    entry = append(
        session,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=payload | {PAYLOAD_KEY: documents},
    )
    session.add_all(
        RecordVersion(
            kind=item.kind,
            record_id=document["id"],
            conflict_id=conflict_id,
            version=document["version"],
            change=item.change,
            content=document["content"],
            content_hash=document["content_hash"],
            actor=actor,
            at=entry.at,
            reason=item.reason,
            source_url=item.source,
            ledger_seq=entry.seq,
        )
        for item, document, conflict_id in pending
    )
    session.flush()
    return entry


def batch_versions(
    session: Session, kind: str, rows: Sequence[Any], change_of: dict[str, str], reason: str
) -> list[dict[str, Any]]:
    """The new version of each of ``rows`` (records of ``kind`` written set-based, by a bulk
    import): for the details of the batch's ledger entry (``{PAYLOAD_KEY: …}``, without the
    content, which goes to ``record_versions`` by :func:`insert_batch_versions` once the entry is
    written). ``change_of`` maps a record id to its change (``created``, ``revised``)."""
    contents = {str(row.id): record_content(session, kind, row) for row in rows}
    conflicts = {str(row.id): conflict_of(session, kind, row) for row in rows}
    return batch_versions_of(session, kind, contents, conflicts, change_of, reason)


def batch_versions_of(
    session: Session,
    kind: str,
    contents: Mapping[str, dict[str, Any]],
    conflicts: Mapping[str, str],
    change_of: Mapping[str, str],
    reason: str,
    latest: Mapping[str, int] | None = None,
) -> list[dict[str, Any]]:
    """:func:`batch_versions` of contents read already (record id -> its content, as
    :func:`~truceline.versions.content.record_content` gives it; record id -> its conflict), in
    the order of ``contents``: for a bulk import, which reads its rows' contents set-based.
    ``latest`` (record id -> its latest version number; none: no version yet) when the caller
    read them already; otherwise they are read here, 500 ids a query."""
    if latest is None:
        latest = _latest_versions(session, kind, list(contents))
    documents = []
    for record_id, content in contents.items():
        encoded = canonical_json(content)  # hashed, and written to ``record_versions`` as it is
        documents.append(
            {
                "kind": kind,
                "id": record_id,
                "version": latest.get(record_id, 0) + 1,
                "change": change_of[record_id],
                "reason": reason,
                "source": None,
                "content_hash": sha256_hex(encoded),
                "conflict_id": conflicts[record_id],
                "content": content,
                "content_json": encoded,
            }
        )
    return documents


def _latest_versions(session: Session, kind: str, ids: list[str]) -> dict[str, int]:
    latest: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        latest |= dict(
            session.execute(
                select(RecordVersion.record_id, func.max(RecordVersion.version))
                .where(RecordVersion.kind == kind, RecordVersion.record_id.in_(chunk))
                .group_by(RecordVersion.record_id)
            ).all()
        )
    return latest


def ledger_documents(documents: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a batch entry's payload holds of each version: all but its content and conflict."""
    return [{k: v for k, v in d.items() if k not in _NOT_IN_LEDGER} for d in documents]


_NOT_IN_LEDGER = frozenset(("content", "content_json", "conflict_id"))
#: the columns of ``record_versions`` a batch writes, in this order
_VERSION_COLUMNS = (
    "kind", "record_id", "conflict_id", "version", "change", "content", "content_hash", "actor", "at", "reason",
    "source_url", "ledger_seq",
)  # fmt: skip


def insert_batch_versions(
    session: Session, documents: Sequence[dict[str, Any]], entry: LedgerEntry, actor: str
) -> None:
    """Insert the versions of :func:`batch_versions` into ``record_versions``, pointing at the
    batch's ledger entry, by the store's bulk path (``COPY`` on PostgreSQL, one ``executemany`` of
    the driver on SQLite). Each content goes in as the canonical JSON its hash was taken of
    (``content_json``), not encoded a second time."""
    if not documents:
        return
    session.flush()  # the entry and anything pending go first: the rows below bypass the session
    connection = session.connection()
    dialect = connection.dialect
    at_type = RecordVersion.__table__.c.at.type
    to_store = at_type.bind_processor(dialect)
    at = to_store(entry.at) if to_store is not None else entry.at
    rows = [
        (
            d["kind"], d["id"], d["conflict_id"], d["version"], d["change"],
            d["content_json"] if "content_json" in d else canonical_json(d["content"]),
            d["content_hash"], actor, at, d["reason"], d["source"], entry.seq,
        )
        for d in documents
    ]  # fmt: skip
    columns = ", ".join(_VERSION_COLUMNS)
    if dialect.name == "postgresql":
        raw: Any = connection.connection.driver_connection
        with raw.cursor() as cursor, cursor.copy(f"COPY record_versions ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(_VERSION_COLUMNS))
    connection.exec_driver_sql(f"INSERT INTO record_versions ({columns}) VALUES ({marks})", rows)


# --- history --------------------------------------------------------------------------------


def field_diff(
    before: dict[str, Any] | None,
    after: dict[str, Any],
    describe: Mapping[str, Callable[[Any, Any], list[dict[str, Any]]]] | None = None,
) -> list[dict[str, Any]]:
    """The fields that changed from one version to the next: ``[{field, before, after}]``; a field
    named in ``describe`` (a list of children) is shown as its describer says, child by child."""
    if before is None:
        return []
    out: list[dict[str, Any]] = []
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old == new:
            continue
        if describe and name in describe:
            out.extend(describe[name](old, new))
        else:
            out.append({"field": name, "before": old, "after": new})
    return out


def history(session: Session, kind: str, record_id: str) -> list[dict[str, Any]]:
    """Every version of a record, oldest first, with who, when, why, source and the fields changed."""
    rows = list(
        session.scalars(
            select(RecordVersion)
            .where(RecordVersion.kind == kind, RecordVersion.record_id == record_id)
            .order_by(RecordVersion.version)
        )
    )
    out: list[dict[str, Any]] = []
    before: dict[str, Any] | None = None
    describe = registered()[kind].diffs if kind in registered() else None
    for row in rows:
        out.append(
            {
                "kind": row.kind,
                "id": row.record_id,
                "version": row.version,
                "change": row.change,
                "actor": row.actor,
                "at": row.at.astimezone(dt.UTC).isoformat(),
                "reason": row.reason,
                "source": row.source_url,
                "ledger_seq": row.ledger_seq,
                "content_hash": row.content_hash,
                "diff": field_diff(before, row.content, describe),
                "content": row.content,
            }
        )
        before = row.content
    return out


def retraction_notice(session: Session, kind: str, record_id: str) -> dict[str, Any]:
    """When and why a record was retracted (its newest ``retracted`` version), and by what it is superseded."""
    version = session.scalars(
        select(RecordVersion)
        .where(RecordVersion.kind == kind, RecordVersion.record_id == record_id, RecordVersion.change == "retracted")
        .order_by(RecordVersion.version.desc())
        .limit(1)
    ).first()
    if version is None:
        return {"retracted_at": None, "reason": "", "source": None, "superseded_by": None}
    return {
        "retracted_at": version.at.isoformat(),
        "reason": version.reason,
        "source": version.source_url,
        "superseded_by": version.content.get("superseded_by"),
    }


def check_not_retracted(session: Session, kind: str, record_id: str, retracted: bool, visibility: Visibility) -> None:
    """A public reader of a retracted record gets its retraction notice (:class:`Retracted`), not its content."""
    if retracted and visibility.published_only:
        notice = retraction_notice(session, kind, record_id)
        raise Retracted(
            f"{kind} {record_id} was retracted on {str(notice['retracted_at'])[:10]}: {notice['reason']}", notice
        )


# --- the record as known at a time ----------------------------------------------------------


def contents_known_at(session: Session, conflict_id: str, kind: str, known_at: dt.datetime) -> list[dict[str, Any]]:
    """The content of each record of ``kind`` in ``conflict_id`` as its version current at
    ``known_at`` held it (records created after ``known_at`` are absent)."""
    latest: dict[str, tuple[int, dict[str, Any]]] = {}
    query = (
        select(RecordVersion.record_id, RecordVersion.version, RecordVersion.content)
        .where(RecordVersion.kind == kind, RecordVersion.conflict_id == conflict_id, RecordVersion.at <= known_at)
        .order_by(RecordVersion.record_id, RecordVersion.version)
    )
    for record_id, version, content in session.execute(query):
        latest[record_id] = (version, content)
    return [content for _, content in latest.values()]


# --- rows against the ledger ----------------------------------------------------------------


@dataclass
class LedgerVersions:
    """What the ledger says each versioned record's content is: collected while the chain is read."""

    #: (kind, id) -> (version, content hash, seq of the entry)
    latest: dict[tuple[str, str], tuple[int, str, int]]
    #: (kind, id, version) -> content hash
    every: dict[tuple[str, str, int], str]
    #: the first version whose content does not give its content hash: (seq, what)
    broken: tuple[int, str] | None = None

    @classmethod
    def empty(cls) -> LedgerVersions:
        return cls({}, {})

    def collect(self, rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Pass the ledger's rows through, noting every version their payloads carry."""
        for row in rows:
            payload = row["payload"]
            if isinstance(payload, dict) and isinstance(payload.get(PAYLOAD_KEY), list):
                for document in payload[PAYLOAD_KEY]:
                    self.note(row["seq"], document)
            yield row

    def note(self, seq: int, document: dict[str, Any]) -> None:
        key = (str(document["kind"]), str(document["id"]))
        digest = str(document["content_hash"])
        # a batch entry (a bulk import) carries each version's hash only: its content is in record_versions
        if self.broken is None and "content" in document and content_hash(document["content"]) != digest:
            self.broken = (seq, f"{key[0]} {key[1]} version {document['version']}: its content does not give its hash")
        self.every[(key[0], key[1], int(document["version"]))] = digest
        known = self.latest.get(key)
        if known is None or int(document["version"]) > known[0]:
            self.latest[key] = (int(document["version"]), digest, seq)


@dataclass(frozen=True)
class RecordFailure:
    record: str
    seq: int
    reason: str


def _rows(session: Session, kind: str, batch: int = 1000) -> Iterator[Any]:
    versioned = registered()[kind]
    model: Any = versioned.model
    query = select(model).order_by(model.id).options(*versioned.load_options())
    offset = 0
    while True:  # in pages: selectinload does not combine with a streamed result
        page = list(session.scalars(query.limit(batch).offset(offset)))
        yield from page
        for row in page:
            session.expunge(row)
        if len(page) < batch:
            return
        offset += batch


def check_records(session: Session, versions: LedgerVersions) -> tuple[int, RecordFailure | None]:
    """Check every current row of every versioned table against the latest version the ledger
    holds, and ``record_versions`` against the ledger. Returns how many rows were checked and the
    first failure (a record named ``kind id``)."""
    if versions.broken is not None:
        seq, what = versions.broken
        return 0, RecordFailure(what.split(" version", 1)[0], seq, what)
    checked = 0
    seen: set[tuple[str, str]] = set()
    for kind in registered():
        for row in _rows(session, kind):
            key = (kind, str(row.id))
            seen.add(key)
            checked += 1
            known = versions.latest.get(key)
            name = f"{kind} {row.id}"
            if known is None:
                return checked, RecordFailure(
                    name,
                    0,
                    "it has no version in the ledger (written outside Truceline, or before versions: "
                    "'truceline ledger adopt')",
                )
            version, digest, seq = known
            if content_hash(record_content(session, kind, row)) != digest:
                return checked, RecordFailure(
                    name, seq, f"its row does not match its latest version (version {version}, ledger entry {seq})"
                )
    for (kind, record_id), (version, _, seq) in sorted(versions.latest.items()):
        if (kind, record_id) not in seen:
            return checked, RecordFailure(
                f"{kind} {record_id}", seq, f"its row is gone (the ledger holds version {version}, entry {seq})"
            )
    stored = select(
        RecordVersion.kind, RecordVersion.record_id, RecordVersion.version, RecordVersion.content_hash
    ).order_by(RecordVersion.id)
    count = 0
    for kind, record_id, version, digest in session.execute(stored):
        count += 1
        if versions.every.get((kind, record_id, version)) != digest:
            return checked, RecordFailure(
                f"{kind} {record_id}", 0, f"its stored version {version} is not the one the ledger holds"
            )
    if count != len(versions.every):
        return checked, RecordFailure("record_versions", 0, "versions the ledger holds are missing from the table")
    return checked, None


def unversioned(session: Session, kind: str) -> list[Any]:
    """Rows of ``kind`` with no version at all (written before revision 0006)."""
    versioned = set(session.scalars(select(RecordVersion.record_id).where(RecordVersion.kind == kind)))
    model: Any = registered()[kind].model
    return [row for row in session.scalars(select(model).order_by(model.id)) if str(row.id) not in versioned]


def adopt(session: Session, *, actor: str) -> int:
    """Write a first version (change ``adopted``) of every record that has none, in one entry per
    kind; returns how many. For stores written before record versions existed."""
    total = 0
    for kind in registered():
        rows = unversioned(session, kind)
        if not rows:
            continue
        append_with_versions(
            session,
            actor=actor,
            action=f"ledger:{kind}:adopt",
            subject_type=kind,
            subject_id="*",
            payload={"adopted": len(rows)},
            changes=[Change(kind, row, "adopted", "written before record versions") for row in rows],
        )
        total += len(rows)
    return total


def verify_store(
    session: Session,
    *,
    head: dict[str, Any] | None = None,
    require_signatures: bool = False,
    trusted_keys: dict[str, str] | None = None,
) -> LedgerReport:
    """:func:`truceline.ledger.services.verify_ledger`, and then every current row of every
    versioned table against the latest version the ledger holds (:func:`check_records`).

    ``trusted_keys`` (key id → public key PEM) pins the keys: an entry signed by any other key
    fails, even one that ``ledger_keys`` lists."""
    keys = public_keys(session) if trusted_keys is None else trusted_keys
    versions = LedgerVersions.empty()
    with closing(iter_entries(session)) as rows:
        report = check_entries(versions.collect(rows), keys, head=head, require_signatures=require_signatures)
    if trusted_keys is not None and report.failure is not None and "unknown key" in report.failure.reason:
        pinned = ", ".join(k[:16] + "…" for k in trusted_keys)
        report.failure = Failure(
            report.failure.seq,
            report.failure.reason.replace("an unknown key", "a key") + f", not the pinned key ({pinned})",
        )
    if report.failure is not None:
        return report
    checked, failure = check_records(session, versions)
    report.records = checked
    if failure is not None:
        report.failure = Failure(failure.seq, failure.reason, record=failure.record)
    return report
