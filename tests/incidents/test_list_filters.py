"""The incident filter every list, the API and the downloads share: words, status, ids and order,
on both stores."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import Engine

from truceline.db import transaction
from truceline.incidents.queries import IncidentFilter, count_incidents, list_incidents
from truceline.visibility import Visibility

MINE_BLAST = "2025-11-10-huai-ta-maria-landmine"


@pytest.fixture
def store(casebook_engine: Engine) -> Engine:
    return casebook_engine


def test_words_dates_status_ids_and_order_narrow_the_list(store: Engine) -> None:
    with transaction(store) as session:
        everything = list_incidents(session, IncidentFilter(conflict_id="th-kh-2025"))
        assert len(everything) > 20
        # words match the description, place or id in any case, and a % is taken literally
        mine = list_incidents(session, IncidentFilter(text="HUAI TA MARIA"))
        assert MINE_BLAST in [i.id for i in mine]
        assert count_incidents(session, IncidentFilter(text="100%")) == 0
        by_place = list_incidents(session, IncidentFilter(text="kantharalak"))
        assert by_place and all(
            "kantharalak" in " ".join([i.id, i.description, i.place_name or "", i.place_id or ""]).lower()
            or (i.place is not None and "kantharalak" in i.place.name.lower())
            for i in by_place
        )
        # exactly the incidents asked for
        two = [everything[0].id, everything[-1].id]
        assert sorted(i.id for i in list_incidents(session, IncidentFilter(ids=tuple(two)))) == sorted(two)
        # newest first is the reverse of oldest first (ties broken by id both ways)
        newest = list_incidents(session, IncidentFilter(conflict_id="th-kh-2025", sort="-date"))
        assert [i.id for i in newest] == [i.id for i in reversed(everything)]
        by_kind = [i.kind for i in list_incidents(session, IncidentFilter(sort="kind"))]
        assert by_kind == sorted(by_kind)
        # a date range keeps incidents that overlap it
        november = IncidentFilter(date_from=dt.date(2025, 11, 1), date_to=dt.date(2025, 11, 30))
        assert all(i.date_end >= dt.date(2025, 11, 1) for i in list_incidents(session, november))
        assert count_incidents(session, IncidentFilter(status="unpublished")) + count_incidents(
            session, IncidentFilter(status="published")
        ) == len(everything)


def test_the_public_never_gets_unpublished_incidents_by_asking(store: Engine) -> None:
    with transaction(store) as session:
        public = Visibility(published_only=True, conflict_id="th-kh-2025")
        asked = IncidentFilter.within(public, status="unpublished")
        assert all(i.published for i in list_incidents(session, asked))


def test_claims_findings_and_sources_lists_filter_the_same_way_on_both_stores(store: Engine) -> None:
    from truceline.publish.record_lists import LISTS, ListFilter, read_list

    everything = Visibility(conflict_id="th-kh-2025")
    public = Visibility(published_only=True, conflict_id="th-kh-2025")
    with transaction(store) as session:
        for records in LISTS.values():
            total, rows = read_list(session, records, ListFilter(), everything)
            assert total == len(rows), records.name
            newest = read_list(session, records, ListFilter(newest_first=True), everything)[1]
            assert sorted(r["date"] for r in newest) == sorted(r["date"] for r in rows)
            assert read_list(session, records, ListFilter(status="unpublished"), public)[0] == 0
            dated = ListFilter(date_from=dt.date(2025, 8, 1), date_to=dt.date(2026, 12, 31))
            in_range = read_list(session, records, dated, everything)[1]
            assert all(r["date"] >= "2025-08-01" for r in in_range if r["date"])
        claims = read_list(session, LISTS["claims"], ListFilter(text="MINE", kinds=("newly_laid_mines",)), everything)[
            1
        ]
        assert claims and all(r["kind"] == "newly_laid_mines" and "mine" in r["text"].lower() for r in claims)
        paged = read_list(session, LISTS["claims"], ListFilter(), everything, limit=5, offset=5)[1]
        assert len(paged) == 5
