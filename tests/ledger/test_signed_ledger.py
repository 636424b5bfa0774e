"""The signed ledger on both stores: a clean store verifies; every kind of tampering someone with
database access could do is caught, and ``truceline ledger verify`` names the first failing entry."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from sqlalchemy import Engine, delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from tests.ledger.conftest import ledger, set_payload, tampering, verify_json, write_entries
from truceline.casebooks.loader import bundled_casebook_path, load_casebook, read_casebook
from truceline.db import transaction
from truceline.ledger.keys import load_signer
from truceline.ledger.models import LedgerEntry, LedgerKey
from truceline.ledger.services import (
    GENESIS,
    append,
    append_batch,
    content_digest,
    entry_digest,
    merkle_root,
    verify_ledger,
)


def entries(engine: Engine) -> list[LedgerEntry]:
    with transaction(engine) as session:
        return list(session.scalars(select(LedgerEntry).order_by(LedgerEntry.seq)))


def failure(engine: Engine, *args: str) -> dict[str, object]:
    code, report = verify_json(engine, *args)
    assert code == 1, report
    assert report["ok"] is False
    return report["first_failure"]  # type: ignore[return-value]


def test_a_loaded_casebook_verifies_clean(engine: Engine) -> None:
    with transaction(engine) as session:
        load_casebook(session, read_casebook(bundled_casebook_path("th-kh-2025")), actor="test")
    code, report = verify_json(engine)
    assert code == 0, report
    assert report["ok"] and report["entries"] > 200 and report["signed"] == report["entries"]
    assert report["unsigned"] == 0 and len(report["keys"]) == 1
    text_result = ledger(engine, "verify")
    assert text_result.exit_code == 0 and "ledger intact up to seq" in text_result.stdout


def test_every_entry_is_signed_with_the_stored_key(signed: Engine) -> None:
    rows = entries(signed)
    with transaction(signed) as session:
        keys = list(session.scalars(select(LedgerKey)))
    assert [e.seq for e in rows] == list(range(1, 21))
    assert rows[0].prev_hash == GENESIS
    assert all(e.signature and e.key_id == keys[0].key_id for e in rows)
    assert all(e.content_hash == content_digest(e.payload) for e in rows)
    assert len(base64.b64decode(rows[0].signature or "")) == 64


def test_update_and_delete_are_refused_by_the_database(signed: Engine) -> None:
    for statement in (
        update(LedgerEntry).where(LedgerEntry.seq == 3).values(actor="someone else"),
        delete(LedgerEntry).where(LedgerEntry.seq == 20),
        update(LedgerKey).values(public_key="x"),
        delete(LedgerKey),
    ):
        with pytest.raises(DBAPIError, match="append-only"), signed.begin() as connection:
            connection.execute(statement)
    if signed.dialect.name == "postgresql":
        with pytest.raises(DBAPIError, match="append-only"), signed.begin() as connection:
            connection.execute(text("TRUNCATE ledger_entries"))
    assert len(entries(signed)) == 20


def test_an_altered_payload_is_named(signed: Engine) -> None:
    with tampering(signed) as connection:
        set_payload(connection, 7, {"n": 6, "killed": 40, "place": "Chong Chom"})
    assert failure(signed) == {"seq": 7, "reason": "its payload does not match its content hash"}


def test_an_altered_payload_with_its_content_hash_recomputed_is_named(signed: Engine) -> None:
    payload = {"n": 6, "killed": 40, "place": "Chong Chom"}
    with tampering(signed) as connection:
        connection.execute(
            update(LedgerEntry)
            .where(LedgerEntry.seq == 7)
            .values(payload=payload, content_hash=content_digest(payload))
        )
    assert failure(signed)["seq"] == 7


def test_a_deleted_entry_is_named(signed: Engine) -> None:
    with tampering(signed) as connection:
        connection.execute(delete(LedgerEntry).where(LedgerEntry.seq == 9))
    found = failure(signed)
    assert found["seq"] == 9 and "missing" in str(found["reason"])


def test_the_first_entry_deleted_is_named(signed: Engine) -> None:
    with tampering(signed) as connection:
        connection.execute(delete(LedgerEntry).where(LedgerEntry.seq == 1))
    assert failure(signed)["seq"] == 1


def test_two_entries_reordered_are_named(signed: Engine) -> None:
    rows = {e.seq: e.payload for e in entries(signed)}
    with tampering(signed) as connection:
        set_payload(connection, 5, rows[12])
        set_payload(connection, 12, rows[5])
    assert failure(signed)["seq"] == 5


def test_two_whole_entries_swapped_are_named(signed: Engine) -> None:
    """Swap every column but seq between two entries (each stays self-consistent and signed)."""
    rows = {e.seq: e for e in entries(signed)}
    columns = ["at", "actor", "action", "subject_type", "subject_id", "payload", "content_hash", "signature", "key_id"]
    with tampering(signed) as connection:
        # park the unique hashes first, then write the swapped rows
        for seq, parked in ((5, "a"), (12, "b")):
            connection.execute(
                update(LedgerEntry)
                .where(LedgerEntry.seq == seq)
                .values(prev_hash=parked * 64, entry_hash=parked * 63 + "c")
            )
        for target, origin in ((5, 12), (12, 5)):
            source = rows[origin]
            values = {c: getattr(source, c) for c in columns} | {
                "prev_hash": source.prev_hash,
                "entry_hash": source.entry_hash,
            }
            connection.execute(update(LedgerEntry).where(LedgerEntry.seq == target).values(**values))
    assert failure(signed)["seq"] == 5


def test_a_truncated_tail_is_caught_with_a_kept_head(signed: Engine, tmp_path: Path) -> None:
    kept = ledger(signed, "head")
    assert kept.exit_code == 0
    head = json.loads(kept.stdout)
    assert set(head) == {"seq", "hash", "signature", "key_id", "at"} and head["seq"] == 20
    head_file = tmp_path / "head.json"
    head_file.write_text(kept.stdout)
    assert verify_json(signed, "--head", str(head_file))[0] == 0
    with tampering(signed) as connection:
        connection.execute(delete(LedgerEntry).where(LedgerEntry.seq > 16))
    # the shorter chain is consistent by itself …
    assert verify_json(signed)[0] == 0
    # … but not with the head a party kept
    found = failure(signed, "--head", str(head_file))
    assert found["seq"] == 20 and "truncated" in str(found["reason"])


def test_a_forged_entry_without_a_valid_signature_is_named(signed: Engine) -> None:
    last = entries(signed)[-1]
    payload = {"n": 99, "killed": 0, "place": "nowhere"}
    fields = {
        "seq": 21,
        "prev_hash": last.entry_hash,
        "at": last.at,
        "actor": "observer-1",
        "action": "incident:incident:add",
        "subject_type": "incident",
        "subject_id": "forged",
        "payload": payload,
        "content_hash": content_digest(payload),
        "key_id": last.key_id,
    }
    forged = entry_digest(**fields)  # type: ignore[arg-type]
    bad = base64.b64encode(b"\x01" * 64).decode()
    with signed.begin() as connection:  # inserting needs no trigger off: the table takes new rows
        connection.execute(insert(LedgerEntry).values(**fields, entry_hash=forged, signature=bad))
    assert failure(signed) == {"seq": 21, "reason": f"its signature does not verify (key {last.key_id[:16]}…)"}  # type: ignore[index]
    with tampering(signed) as connection:
        connection.execute(update(LedgerEntry).where(LedgerEntry.seq == 21).values(signature=None))
    assert failure(signed) == {"seq": 21, "reason": "it is not signed"}


def test_a_forged_entry_signed_by_another_key_is_named(signed: Engine, tmp_path: Path) -> None:
    other = load_signer(tmp_path / "other.pem")
    with transaction(signed) as session:
        entry = append(
            session, actor="x", action="incident:incident:add", subject_type="incident", subject_id="y", payload={}
        )
        seq = entry.seq
    with tampering(signed) as connection:
        # re-sign the genuine entry's hash with a key the store does not know
        connection.execute(
            update(LedgerEntry).where(LedgerEntry.seq == seq).values(signature=other.sign(entry.entry_hash))
        )
    found = failure(signed)
    assert found["seq"] == seq and "signature does not verify" in str(found["reason"])


def test_a_rehashed_chain_after_an_edit_fails_on_its_signature(signed: Engine) -> None:
    rows = entries(signed)
    prev = rows[10].prev_hash
    with tampering(signed) as connection:
        for entry in rows[10:]:  # seq 11 onwards
            payload = dict(entry.payload) | ({"killed": 500} if entry.seq == 11 else {})
            content = content_digest(payload)
            digest = entry_digest(
                seq=entry.seq,
                prev_hash=prev,
                at=entry.at,
                actor=entry.actor,
                action=entry.action,
                subject_type=entry.subject_type,
                subject_id=entry.subject_id,
                payload=payload,
                content_hash=content,
                key_id=entry.key_id,
            )
            connection.execute(
                update(LedgerEntry)
                .where(LedgerEntry.seq == entry.seq)
                .values(payload=payload, content_hash=content, prev_hash=prev, entry_hash=digest)
            )
            prev = digest
    found = failure(signed)
    assert found["seq"] == 11 and "signature does not verify" in str(found["reason"])


def test_a_head_from_before_a_rewrite_names_it(signed: Engine, tmp_path: Path) -> None:
    head_file = tmp_path / "head.json"
    head_file.write_text(ledger(signed, "head").stdout)
    with tampering(signed) as connection:
        set_payload(connection, 3, {"n": 2, "killed": 9, "place": "Chong Chom"})
    assert failure(signed, "--head", str(head_file))["seq"] == 3


def test_the_text_report_names_the_entry_and_exits_1(signed: Engine) -> None:
    with tampering(signed) as connection:
        set_payload(connection, 4, {})
    result = ledger(signed, "verify")
    assert result.exit_code == 1
    assert "FAILED at entry 4: its payload does not match its content hash" in result.stderr


def test_entries_signed_before_a_key_rotation_still_verify(engine: Engine, tmp_path: Path) -> None:
    old, new = load_signer(tmp_path / "old.pem"), load_signer(tmp_path / "new.pem")
    with transaction(engine) as session:
        for signer in (old, old, new, new):
            append(
                session,
                actor="a",
                action="incident:incident:add",
                subject_type="incident",
                subject_id="i",
                payload={},
                signer=signer,
            )
        report = verify_ledger(session)
    assert report.ok and report.signed == 4 and sorted(report.keys) == sorted([old.key_id, new.key_id])


def test_a_batch_is_one_signed_entry_whose_content_is_the_merkle_root(engine: Engine) -> None:
    rows = [{"event_id": f"E{n}", "killed": n} for n in range(1001)]
    write_entries(engine, 2)
    with transaction(engine) as session:
        entry = append_batch(
            session, actor="import", action="sources:import:acled", subject_type="import", subject_id="1", rows=rows
        )
        assert entry.content_hash == merkle_root(rows)
        assert entry.payload["batch"]["rows"] == 1001
    code, report = verify_json(engine)
    assert code == 0 and report["batches"] == 1 and report["entries"] == 3
    with tampering(engine) as connection:  # claim fewer rows than were signed
        set_payload(connection, 3, {"batch": entry.payload["batch"] | {"rows": 1000}})
    assert failure(engine)["seq"] == 3


def test_the_merkle_root_is_pairwise_sha256() -> None:
    import hashlib

    def leaf(row: dict[str, int]) -> bytes:
        return hashlib.sha256(json.dumps(row, separators=(",", ":")).encode()).digest()

    def node(left: bytes, right: bytes) -> bytes:
        return hashlib.sha256(b"\x01" + left + right).digest()

    a, b, c = {"a": 1}, {"b": 2}, {"c": 3}
    assert merkle_root([a]) == leaf(a).hex()
    assert merkle_root([a, b]) == node(leaf(a), leaf(b)).hex()
    assert merkle_root([a, b, c]) == node(node(leaf(a), leaf(b)), leaf(c)).hex()
    assert merkle_root([b, a]) != merkle_root([a, b])
    with pytest.raises(ValueError):
        merkle_root([])
