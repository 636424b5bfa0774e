"""Pulling another instance's signed ledger: fetch, verify, compare with what is held, apply.

A pull reads the source's head, its public keys and every entry (in pages), then checks:

1. each key's id is the SHA-256 of that key; at the first pull the keys are *pinned* (all the
   source lists, or those named), later only pinned keys are trusted;
2. the whole chain: contiguous seq, links, content and entry hashes, every signature by a pinned
   key (:func:`truceline.ledger.services.check_entries`); the head it served is the last entry
   and is signed;
3. the copy held: every entry held is still at its seq with the same hash (else a *fork*: the
   source now tells another history), and the source still has them all (else *missing*);
4. every record version served hashes to its content hash and is the one its signed entry lists.

Only when all of it passes are the new entries and versions applied (one transaction, one entry in
the local ledger). Otherwise nothing is applied and the divergence is recorded: ``fork``,
``rewritten`` (an entry that no longer matches its hash or signature) or ``missing``.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.db import utcnow
from truceline.errors import InvalidInput, NotFound, TrucelineError
from truceline.ledger.keys import key_id_of, load_public_key, signature_is_valid
from truceline.ledger.services import GENESIS, append, canonical_json, check_entries, sha256_hex
from truceline.replica.models import ReplicaEntry, ReplicaSource, ReplicaVersion
from truceline.versions.services import PAYLOAD_KEY

PAGE = 500


class SourceUnreachable(TrucelineError):
    """The source instance did not answer as a Truceline API does (exit 1)."""


class Source(Protocol):
    """Where entries come from: :class:`HttpSource` (another instance's API)."""

    url: str

    def get(self, path: str, query: dict[str, Any] | None = None) -> Any: ...


@dataclass
class HttpSource:
    """Another instance's API, read with a bearer token (an observer's or a coordinator's)."""

    url: str
    token: str
    timeout: float = 60.0

    def get(self, path: str, query: dict[str, Any] | None = None) -> Any:
        address = f"{self.url}/api/v1{path}" + (f"?{urllib.parse.urlencode(query)}" if query else "")
        request = urllib.request.Request(
            address, headers={"Authorization": f"Bearer {self.token}", "Accept": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                raise SourceUnreachable(
                    f"{self.url} refused the token ({exc.code}): use an observer's or coordinator's API token"
                ) from None
            raise SourceUnreachable(f"{address}: the source answered {exc.code}") from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            raise SourceUnreachable(f"cannot read {address}: {reason}") from None


def source_url(url: str) -> str:
    """The base URL of an instance: http(s)://host[:port][/path], without a trailing slash."""
    parsed = urllib.parse.urlsplit(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise InvalidInput(f"{url!r}: give the instance's base URL, http(s)://host[:port]")
    if parsed.query or parsed.fragment:
        raise InvalidInput(f"{url!r}: the base URL takes no query or fragment")
    return urllib.parse.urlunsplit((parsed.scheme, parsed.netloc, parsed.path.rstrip("/"), "", ""))


@dataclass
class Divergence:
    kind: str  # fork, rewritten or missing
    seq: int
    reason: str

    def __str__(self) -> str:
        return f"{self.kind} at entry {self.seq}: {self.reason}"


@dataclass
class Fetched:
    head: dict[str, Any]
    keys: dict[str, str]
    entries: list[dict[str, Any]] = field(default_factory=list)
    versions: list[dict[str, Any]] = field(default_factory=list)


def fetch(source: Source) -> Fetched:
    """The source's head, keys, and every entry up to that head with the versions they wrote."""
    head = source.get("/ledger/head")
    keys = {k["key_id"]: k["public_key"] for k in source.get("/ledger/keys")}
    fetched = Fetched(head=head, keys=keys)
    after = 0
    while after < head["seq"]:
        page = source.get("/ledger/entries", {"after": after, "limit": PAGE})
        entries = [e for e in page["entries"] if e["seq"] <= head["seq"]]
        if not entries:
            break
        fetched.entries.extend(entries)
        fetched.versions.extend(v for v in page["versions"] if v["ledger_seq"] <= entries[-1]["seq"])
        after = entries[-1]["seq"]
    return fetched


def _checked_keys(keys: dict[str, str]) -> dict[str, str]:
    for key_id, pem in keys.items():
        try:
            actual = key_id_of(load_public_key(pem))
        except (ValueError, TypeError):
            raise InvalidInput(f"the source's key {key_id[:16]}… is not an Ed25519 public key") from None
        if actual != key_id:
            raise InvalidInput(f"the source lists a key under another key's id ({key_id[:16]}…): refused")
    return keys


def pin_keys(offered: dict[str, str], wanted: list[str]) -> dict[str, str]:
    """The keys to pin at the first pull: those named (each must be among the source's), else all."""
    offered = _checked_keys(offered)
    if not wanted:
        return dict(offered)
    pinned = {}
    for key_id in (w.strip().lower() for w in wanted):
        if key_id not in offered:
            raise InvalidInput(f"--key-id {key_id[:16]}…: the source has no such key ({', '.join(offered) or 'none'})")
        pinned[key_id] = offered[key_id]
    return pinned


def _entry_row(entry: dict[str, Any]) -> dict[str, Any]:
    row = dict(entry)
    row["at"] = dt.datetime.fromisoformat(entry["at"])
    return row


def _versions_divergence(fetched: Fetched) -> Divergence | None:
    """Each version served must hash to its content hash and be the one its signed entry lists,
    and every version a signed entry lists must be served."""
    by_seq = {e["seq"]: e for e in fetched.entries}
    served = set()
    for version in fetched.versions:
        key = (version["kind"], version["record_id"], version["version"])
        served.add(key)
        seq = version["ledger_seq"]
        if sha256_hex(canonical_json(version["content"])) != version["content_hash"]:
            return Divergence(
                "rewritten", seq, f"{key[0]} {key[1]} version {key[2]}: its content does not give its hash"
            )
        listed = by_seq.get(seq, {}).get("payload", {}).get(PAYLOAD_KEY, [])
        if not any(
            (v.get("kind"), v.get("id"), v.get("version"), v.get("content_hash")) == (*key, version["content_hash"])
            for v in listed
        ):
            return Divergence(
                "rewritten", seq, f"{key[0]} {key[1]} version {key[2]} is not the version its signed entry lists"
            )
    for entry in fetched.entries:
        for listed in entry["payload"].get(PAYLOAD_KEY, []) if isinstance(entry["payload"], dict) else []:
            if (listed.get("kind"), listed.get("id"), listed.get("version")) not in served:
                return Divergence(
                    "missing",
                    entry["seq"],
                    f"{listed.get('kind')} {listed.get('id')} version {listed.get('version')} was not served",
                )
    return None


def divergence_of(fetched: Fetched, pinned: dict[str, str], held: dict[int, str]) -> Divergence | None:
    """What is wrong with the source's ledger, checked with the pinned keys and against the
    entries held (seq → hash); None when it is a faithful continuation of the copy."""
    report = check_entries((_entry_row(e) for e in fetched.entries), pinned)
    if report.failure is not None:
        reason = report.failure.reason
        kind = "missing" if reason.startswith("missing") else "rewritten"
        return Divergence(kind, report.failure.seq, reason)
    head = fetched.head
    if head["seq"] != report.last_seq or head["hash"] != report.last_hash:
        return Divergence(
            "missing",
            report.last_seq + 1,
            f"the source's head is seq {head['seq']}, its entries end at {report.last_seq}",
        )
    if head["seq"] > 0:
        key = pinned.get(head["key_id"] or "")
        if key is None or not signature_is_valid(load_public_key(key), head["signature"] or "", head["hash"]):
            return Divergence("rewritten", head["seq"], "the source's head is not signed by a pinned key")
    for seq, held_hash in sorted(held.items()):
        if seq > report.last_seq:
            return Divergence(
                "missing", seq, f"the source's ledger ends at seq {report.last_seq}; the copy holds up to {max(held)}"
            )
        if fetched.entries[seq - 1]["entry_hash"] != held_hash:
            return Divergence(
                "fork",
                seq,
                f"the source's entry differs from the copy held (held {held_hash[:16]}…, the source now "
                f"{fetched.entries[seq - 1]['entry_hash'][:16]}…): its history was rewritten and re-signed",
            )
    return _versions_divergence(fetched)


@dataclass
class ReplicaStatus:
    url: str
    held_seq: int
    held_hash: str
    source_seq: int | None
    state: str
    checked_at: dt.datetime | None
    divergence: str | None = None
    divergence_seq: int | None = None
    divergence_reason: str | None = None
    applied: int = 0
    keys: list[str] = field(default_factory=list)

    @property
    def behind(self) -> int | None:
        return None if self.source_seq is None else max(self.source_seq - self.held_seq, 0)

    def as_dict(self) -> dict[str, Any]:
        return {
            "url": self.url,
            "state": self.state,
            "held_seq": self.held_seq,
            "held_hash": self.held_hash,
            "source_seq": self.source_seq,
            "behind": self.behind,
            "checked_at": self.checked_at.isoformat() if self.checked_at else None,
            "divergence": None
            if self.divergence is None
            else {"kind": self.divergence, "seq": self.divergence_seq, "reason": self.divergence_reason},
            "applied": self.applied,
            "keys": self.keys,
        }


def status_of(row: ReplicaSource, applied: int = 0) -> ReplicaStatus:
    return ReplicaStatus(
        url=row.url,
        held_seq=row.held_seq,
        held_hash=row.held_hash,
        source_seq=row.source_seq,
        state=row.state,
        checked_at=row.checked_at,
        divergence=row.divergence,
        divergence_seq=row.divergence_seq,
        divergence_reason=row.divergence_reason,
        applied=applied,
        keys=sorted(row.pinned_keys),
    )


def replica_sources(session: Session) -> list[ReplicaSource]:
    return list(session.scalars(select(ReplicaSource).order_by(ReplicaSource.url)))


def replica_source(session: Session, url: str) -> ReplicaSource:
    row = session.scalars(select(ReplicaSource).where(ReplicaSource.url == source_url(url))).first()
    if row is None:
        raise NotFound(f"no replica of {url}: pull it first (truceline replica pull URL --token …)")
    return row


def _held(session: Session, row: ReplicaSource) -> dict[int, str]:
    return dict(
        session.execute(select(ReplicaEntry.seq, ReplicaEntry.entry_hash).where(ReplicaEntry.source_id == row.id)).all()
    )


def _apply(session: Session, row: ReplicaSource, fetched: Fetched) -> int:
    new = [e for e in fetched.entries if e["seq"] > row.held_seq]
    for entry in new:
        session.add(ReplicaEntry(source_id=row.id, **_entry_row(entry)))
    for version in fetched.versions:
        if version["ledger_seq"] > row.held_seq:
            session.add(ReplicaVersion(source_id=row.id, **version))
    if fetched.entries:
        row.held_seq, row.held_hash = fetched.entries[-1]["seq"], fetched.entries[-1]["entry_hash"]
    return len(new)


def synchronise(
    session: Session, source: Source, *, actor: str, apply: bool = True, key_ids: list[str] | None = None
) -> ReplicaStatus:
    """Fetch and check the source's ledger; apply what is new when it agrees (``apply``), and
    record the outcome (state, how far behind, any divergence) with one local ledger entry."""
    url = source_url(source.url)
    fetched = fetch(source)
    row = session.scalars(select(ReplicaSource).where(ReplicaSource.url == url)).first()
    if row is None:
        if not apply:
            raise NotFound(f"no replica of {url}: pull it first (truceline replica pull URL --token …)")
        row = ReplicaSource(
            url=url, pinned_keys=pin_keys(fetched.keys, key_ids or []), added_at=utcnow(), held_seq=0, held_hash=GENESIS
        )
        session.add(row)
        session.flush()
    elif key_ids:
        raise InvalidInput("--key-id pins keys at the first pull only: the keys of this replica are pinned already")
    divergence = divergence_of(fetched, row.pinned_keys, _held(session, row))
    applied = 0
    row.checked_at = utcnow()
    row.source_seq, row.source_hash = fetched.head["seq"], fetched.head["hash"]
    if divergence is not None:
        row.state = "diverged"
        row.divergence, row.divergence_seq, row.divergence_reason = divergence.kind, divergence.seq, divergence.reason
    else:
        row.divergence = row.divergence_seq = row.divergence_reason = None
        if apply:
            applied = _apply(session, row, fetched)
        row.state = "in_step" if row.held_seq == fetched.head["seq"] else "behind"
    session.flush()
    append(
        session,
        actor=actor,
        action=f"replica:ledger:{'pull' if apply else 'check'}",
        subject_type="replica",
        subject_id=url,
        payload={
            "url": url,
            "state": row.state,
            "applied": applied,
            "held": {"seq": row.held_seq, "hash": row.held_hash},
            "source_head": {"seq": fetched.head["seq"], "hash": fetched.head["hash"]},
            "divergence": None
            if divergence is None
            else {"kind": divergence.kind, "seq": divergence.seq, "reason": divergence.reason},
        },
    )
    return status_of(row, applied)
