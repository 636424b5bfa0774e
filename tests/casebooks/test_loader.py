"""The bundled casebook loads whole, the same on SQLite and PostgreSQL, once; a broken casebook
loads nothing and says which file, record and field is wrong."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from sqlalchemy import Engine, func, select

from truceline.casebooks.loader import Casebook, CasebookError, bundled_casebook_path, load_casebook, read_casebook
from truceline.db import transaction
from truceline.errors import Conflict
from truceline.incidents.models import Claim, Incident
from truceline.ledger.models import LedgerEntry
from truceline.ledger.services import verify_chain
from truceline.sources.models import SourceDocument


def store_counts(engine: Engine) -> dict[str, int]:
    with transaction(engine) as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Incident, Claim, SourceDocument, LedgerEntry)
        }


def test_the_casebook_meets_the_minimums(casebook: Casebook) -> None:
    counts = casebook.counts()
    assert counts["provisions"] >= 40
    assert counts["incidents"] >= 50
    disputed = [i for i in casebook.incidents if len({c.claimant for c in i.claims}) >= 2]
    assert len(disputed) >= 15
    agreement_ids = {a.id for a in casebook.agreements}
    assert len(agreement_ids) >= 7
    months = {i.date_start.month for i in casebook.incidents}
    assert {5, 7, 11, 12} <= months


def test_every_fact_carries_a_source_url(casebook: Casebook) -> None:
    urls = {s.url for s in casebook.sources}
    for incident in casebook.incidents:
        assert incident.sources and set(incident.sources) <= urls
    for agreement in casebook.agreements:
        for provision in agreement.provisions:
            assert provision.sources and set(provision.sources) <= urls
    for place in casebook.places:
        assert place.sources and set(place.sources) <= urls


def test_loading_is_the_same_on_both_stores_and_idempotent(engine: Engine, casebook: Casebook) -> None:
    with transaction(engine) as session:
        first = load_casebook(session, casebook, actor="test")
    before = store_counts(engine)
    with transaction(engine) as session:
        again = load_casebook(session, casebook, actor="test")
    assert not again.changed_anything
    assert store_counts(engine) == before
    assert before["incidents"] == len(casebook.incidents)
    assert before["claims"] == casebook.counts()["claims"]
    assert first.added["agreements"] == len(casebook.agreements)
    with transaction(engine) as session:
        assert verify_chain(session).intact


def broken_copy(tmp_path: Path, file_name: str, edit) -> Path:
    folder = tmp_path / "casebook"
    shutil.copytree(Path(str(bundled_casebook_path("th-kh-2025"))), folder)
    path = folder / file_name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def _drop_kind(data: dict) -> None:
    del data["incidents"][0]["kind"]


def _bad_date(data: dict) -> None:
    data["incidents"][1]["date_start"] = "2025-13-40"


def _far_away(data: dict) -> None:
    data["incidents"][2]["lat"] = 48.85
    data["incidents"][2]["lon"] = 2.35


def _unknown_kind(data: dict) -> None:
    data["incidents"][3]["kind"] = "skirmish-ish"


def _unknown_place(data: dict) -> None:
    data["incidents"][4]["place"] = "atlantis"


def _unsourced_provision(data: dict) -> None:
    data["agreements"][0]["provisions"][0]["sources"] = ["https://example.org/not-in-sources"]


def _claim_breaks(target: str):
    def edit(data: dict) -> None:
        incident = next(i for i in data["incidents"] if i.get("claims"))
        incident["claims"][0]["breaks"] = [target]

    return edit


@pytest.mark.parametrize(
    ("file_name", "edit", "expected"),
    [
        (
            "incidents.yaml",
            _claim_breaks("no-such-agreement"),
            r"incidents\[\d+\].*field claims\[0\]\.breaks\[0\]: unknown agreement 'no-such-agreement'",
        ),
        (
            "incidents.yaml",
            _claim_breaks("apmbc-ottawa-1997/Art. 99"),
            r"incidents\[\d+\].*breaks\[0\]: agreement 'apmbc-ottawa-1997' has no provision 'Art. 99'",
        ),
        ("incidents.yaml", _drop_kind, r"incidents\[0\].*field kind: Field required"),
        ("incidents.yaml", _bad_date, r"incidents\[1\].*field date_start"),
        ("incidents.yaml", _far_away, r"incidents\[2\].*lies outside the casebook region"),
        ("incidents.yaml", _unknown_kind, r"incidents\[3\].*field kind: Input should be"),
        ("incidents.yaml", _unknown_place, r"incidents\[4\].*unknown place 'atlantis'"),
        ("agreements.yaml", _unsourced_provision, r"agreements\[0\].*provisions\[0\].*not in any sources file"),
    ],
)
def test_a_broken_casebook_names_file_record_and_field_and_loads_nothing(
    tmp_path: Path,
    sqlite_engine: Engine,
    file_name: str,
    edit,
    expected: str,
) -> None:
    folder = broken_copy(tmp_path, file_name, edit)
    before = store_counts(sqlite_engine)
    with pytest.raises(CasebookError, match=f"{file_name}: {expected}"):
        book = read_casebook(folder)
        with transaction(sqlite_engine) as session:
            load_casebook(session, book, actor="test")
    assert store_counts(sqlite_engine) == before


def test_strict_refuses_a_changed_record_and_loads_nothing(tmp_path: Path, sqlite_engine: Engine, casebook: Casebook):
    with transaction(sqlite_engine) as session:
        load_casebook(session, casebook, actor="test")
    before = store_counts(sqlite_engine)

    def _retitle(data: dict) -> None:
        data["incidents"][0]["description"] = "A different description."

    changed = read_casebook(broken_copy(tmp_path, "incidents.yaml", _retitle))
    with (
        pytest.raises(Conflict, match="changed in the casebook since they were loaded"),
        transaction(sqlite_engine) as session,
    ):
        load_casebook(session, changed, actor="test", strict=True)
    assert store_counts(sqlite_engine) == before


KL = "kl-joint-declaration-2025-10-26"
RBC = "rbc-within-two-weeks"


def _grown(data: dict, file_name: str) -> None:
    """The casebook a month later: new events and a new claim, and one incident's date changed."""
    if file_name == "agreements.yaml":
        kl = next(a for a in data["agreements"] if a["id"] == KL)
        source = kl["sources"][0]
        kl["events"] += [
            # the resumption recorded from the command line meanwhile, now in the casebook too
            {
                "date": "2025-12-28T23:59:59+07:00",
                "kind": "resumed",
                "by": "TH",
                "note": "Resumed.",
                "sources": [source],
            },
            {"date": "2026-01-05T12:00:00+07:00", "kind": "suspended", "by": "KH", "sources": [source]},
        ]
    elif file_name == "commitments.yaml":
        rbc = next(c for c in data["commitments"] if c["id"] == RBC)
        rbc["events"].append(
            {"date": "2025-08-22", "kind": "deadline_changed", "new_deadline": "2025-09-30", "sources": rbc["sources"]}
        )
    else:
        first, second = data["incidents"][0], data["incidents"][1]
        first["claims"].append(
            {
                "claimant": "KH",
                "accused": "TH",
                "assertion": "denial",
                "stance": "denies",
                "date": "2026-01-02",
                "summary": "A later statement.",
                "sources": first["sources"][:1],
            }
        )
        second["date_start"] = second["date_start"] - dt.timedelta(days=1)


def grown_casebook(tmp_path: Path) -> Path:
    folder = broken_copy(tmp_path, "agreements.yaml", lambda d: _grown(d, "agreements.yaml"))
    for file_name in ("commitments.yaml", "incidents.yaml"):
        path = folder / file_name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _grown(data, file_name)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return folder


def test_loading_a_grown_casebook_merges_new_facts_and_reports_the_rest(
    tmp_path: Path, sqlite_engine: Engine, casebook: Casebook
) -> None:
    from truceline.agreements.events import record_agreement_status
    from truceline.agreements.models import Agreement, Commitment

    with transaction(sqlite_engine) as session:
        load_casebook(session, casebook, actor="test")
        record_agreement_status(
            session,
            KL,
            conflict=casebook.definition(),
            kind="resumed",
            by="TH",
            date="2025-12-28",
            source="https://example.org/th-resumes",
            actor="cli",
        )
    before = store_counts(sqlite_engine)
    first, second = casebook.incidents[0], casebook.incidents[1]
    grown = read_casebook(grown_casebook(tmp_path))

    with transaction(sqlite_engine) as session:
        report = load_casebook(session, grown, actor="test")
    assert report.merged == {"agreement events": 1, "commitment events": 1, "claims": 1}
    assert report.kept == [f"incidents {second.id}: date_start"]
    assert report.changed_anything
    after = store_counts(sqlite_engine)
    assert after["claims"] == before["claims"] + 1
    assert after["incidents"] == before["incidents"]
    with transaction(sqlite_engine) as session:
        kl = session.get(Agreement, KL)
        assert kl is not None
        kinds = [(e.kind, e.by_party) for e in kl.events]
        assert kinds.count(("resumed", "TH")) == 1  # recorded from the command line, not doubled
        assert kinds.count(("suspended", "KH")) == 1
        rbc = session.get(Commitment, RBC)
        assert rbc is not None and [e.new_deadline for e in rbc.events if e.kind == "deadline_changed"] == [
            dt.date(2025, 9, 30)
        ]
        stored = session.get(Incident, second.id)
        assert stored is not None and stored.date_start == second.date_start  # kept as stored
        assert any(c.summary == "A later statement." for c in session.get(Incident, first.id).claims)  # type: ignore[union-attr]
        assert verify_chain(session).intact

    with transaction(sqlite_engine) as session:
        again = load_casebook(session, grown, actor="test")
    assert not any(again.merged.values()) and not again.changed_anything
    assert again.kept == report.kept  # still reported until it is corrected
    assert store_counts(sqlite_engine)["claims"] == after["claims"]
    with pytest.raises(Conflict), transaction(sqlite_engine) as session:
        load_casebook(session, grown, actor="test", strict=True)


def test_agreement_times_keep_the_offset_they_were_written_with(engine: Engine, casebook: Casebook) -> None:
    """Midnight in Bangkok stays midnight on 29 July, not 17:00 on 28 July, on either store."""
    import datetime as dt

    from truceline.agreements.models import Agreement

    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
    with transaction(engine) as session:
        ceasefire = session.get(Agreement, "putrajaya-ceasefire-2025-07-28")
        assert ceasefire is not None
        assert ceasefire.effective_from == dt.datetime(2025, 7, 29, tzinfo=dt.timezone(dt.timedelta(hours=7)))
        assert ceasefire.effective_from.isoformat() == "2025-07-29T00:00:00+07:00"


def _event_without_offset(data: dict) -> None:
    data["agreements"][0]["events"][0]["date"] = "2025-08-07T00:00:00"


def test_an_agreement_event_time_without_offset_is_refused(tmp_path: Path) -> None:
    folder = broken_copy(tmp_path, "agreements.yaml", _event_without_offset)
    with pytest.raises(CasebookError, match=r"agreements\[0\].*field events\.0\.date: .*UTC offset"):
        read_casebook(folder)
