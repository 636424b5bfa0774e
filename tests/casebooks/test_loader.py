"""The bundled casebook loads whole, the same on SQLite and PostgreSQL, once; a broken casebook
loads nothing and says which file, record and field is wrong."""

from __future__ import annotations

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


def test_a_changed_record_is_refused_not_silently_edited(tmp_path: Path, sqlite_engine: Engine, casebook: Casebook):
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
        load_casebook(session, changed, actor="test")
    assert store_counts(sqlite_engine) == before


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
