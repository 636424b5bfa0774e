"""The dashboard's summaries (``incident_day_counts``; the map's ``incident_cell_counts``) count
exactly what the incident filter selects, after every kind of write: a casebook load, an
event-data import, publishing, retracting, a supersession, a moved date or point, an incident
spanning months, a deletion, a change of actors or of a claim's parties — on both stores. A page
of the list bounded by the summary's earliest start holds the same incidents as the filter. The
party filter (migration 0012: actors from ``incident_actor_parties``, summaries per actor)
selects exactly what the match on the actors' text selected before it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from sqlalchemy import Engine, String, cast, func, inspect, or_, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.sql import Select
from tests.conftest import add_conflict_of
from tests.intake.test_event_data import ACLED_FILE

from truceline.casebooks.loader import Casebook, load_casebook
from truceline.db import make_engine, migrate, transaction
from truceline.incidents.models import Incident
from truceline.incidents.queries import (
    IncidentFilter,
    claimed,
    count_incidents,
    incident_query,
    list_incidents,
    only_in_claims,
    summary_answers,
)
from truceline.incidents.summaries import counted_after_insert, summary_statements
from truceline.intake.event_data import import_event_file_in_batches
from truceline.publish.dashboard import CELL_DEGREES, date_span, filters_with_point, markers, timeline
from truceline.visibility import EVERYTHING, Visibility


def _filters(conflict_id: str) -> Iterator[IncidentFilter]:
    readers = [EVERYTHING, Visibility(published_only=True), Visibility(published_only=True, party="TH")]
    for visibility in readers:
        scoped = Visibility(visibility.published_only, visibility.party, conflict_id)
        yield IncidentFilter.within(scoped)
        yield IncidentFilter.within(scoped, date_from=dt.date(2025, 7, 24), date_to=dt.date(2025, 7, 28))
        yield IncidentFilter.within(scoped, kinds=("shelling", "armed_clash"), date_to=dt.date(2025, 8, 31))
        yield IncidentFilter.within(scoped, status="published", date_from=dt.date(2025, 11, 1))
        yield IncidentFilter.within(scoped, status="unpublished")
        # ranges that begin and end inside months, on their first and last days, one day
        yield IncidentFilter.within(scoped, date_from=dt.date(2025, 7, 10), date_to=dt.date(2025, 8, 9))
        yield IncidentFilter.within(scoped, date_from=dt.date(2025, 7, 1), date_to=dt.date(2025, 7, 31))
        yield IncidentFilter.within(scoped, date_from=dt.date(2025, 7, 31), date_to=dt.date(2025, 8, 1))
        yield IncidentFilter.within(scoped, date_from=dt.date(2025, 8, 15))
        yield IncidentFilter.within(scoped, date_to=dt.date(2025, 7, 20), kinds=("shelling",))
        yield IncidentFilter.within(scoped, date_from=dt.date(2025, 7, 25), date_to=dt.date(2025, 7, 25))
        # an actor of many incidents, of a few, a claimant only after the writes below, no one
        for party in ("TH", "KH", "Royal Thai Navy", "XX"):
            yield IncidentFilter.within(scoped, party=party)
            yield IncidentFilter.within(
                scoped, party=party, date_from=dt.date(2025, 7, 10), date_to=dt.date(2025, 8, 9)
            )
            yield IncidentFilter.within(scoped, party=party, kinds=("shelling",), status="published")


def _from_incidents(session: Session, filters: IncidentFilter) -> tuple[int, list[tuple[str, str, int]], tuple]:
    """What the incidents themselves say: the count, the timeline and the date span."""
    query = incident_query(filters).order_by(None)
    total = session.scalar(query.with_only_columns(func.count(Incident.id))) or 0
    days = session.execute(
        query.with_only_columns(Incident.date_start, Incident.kind, func.count(Incident.id))
        .group_by(Incident.date_start, Incident.kind)
        .order_by(Incident.date_start, Incident.kind)
    ).all()
    span = session.execute(query.with_only_columns(func.min(Incident.date_start), func.max(Incident.date_start))).one()
    return total, [(d.isoformat(), k, int(n)) for d, k, n in days], tuple(span)


def _check(engine: Engine, conflict_id: str) -> None:
    with transaction(engine) as session:
        for filters in _filters(conflict_id):
            assert summary_answers(filters)
            total, days, span = _from_incidents(session, filters)
            if filters.party is not None:
                assert _ids(session, incident_query(filters)) == _ids(session, _party_as_before(filters)), filters
            assert count_incidents(session, filters) == total, filters
            assert [(d["date"], d["kind"], d["count"]) for d in timeline(session, filters)] == days, filters
            assert date_span(session, filters) == span, filters
            shown = markers(session, filters)
            assert shown["total"] == total
            assert sum(m["count"] for m in shown["markers"]) == shown["with_point"]
            cells = markers(session, filters, budget=0)  # per cell, from the map's summary
            assert cells["aggregated"] == (cells["with_point"] > 0)
            assert [(m["lat"], m["lon"], m["kind"], m["count"]) for m in cells["markers"]] == _cells(session, filters)
            listed = [i.id for i in list_incidents(session, filters, limit=40, offset=3)]
            assert listed == list(
                session.scalars(incident_query(filters).with_only_columns(Incident.id).limit(40).offset(3))
            )
            _check_boxes(session, filters)


#: boxes (west, south, east, north): the dashboard bench's, the whole region, one too small to hold
#: a whole cell, one whose south and west edges lie on cells' edges (the point 14.325, 103.375 put
#: there by the writes below)
BOXES = [
    (102.5, 14.0, 103.5, 14.6),
    (100.0, 13.0, 106.0, 15.0),
    (103.2, 14.3, 103.24, 14.31),
    (103.375, 14.325, 104.875, 14.925),
]


def _check_boxes(session: Session, filters: IncidentFilter) -> None:
    """With a box, the map's cells (whole cells inside it from the summary, the edge's from the
    incidents) and its totals are what the incidents say; also for a box drawn through the
    outermost incidents themselves."""
    located = session.execute(
        filters_with_point(replace(filters, date_from=None, date_to=None, kinds=(), status=None, party=None))
        .order_by(None)
        .with_only_columns(
            func.min(Incident.lon), func.min(Incident.lat), func.max(Incident.lon), func.max(Incident.lat)
        )
    ).one()
    boxes = BOXES if located[0] is None else [*BOXES, tuple(located)]
    for box in boxes:
        boxed = replace(filters, bbox=box)
        cells = markers(session, boxed, budget=0)
        assert [(m["lat"], m["lon"], m["kind"], m["count"]) for m in cells["markers"]] == _cells(session, boxed), box
        total = session.scalar(incident_query(boxed).order_by(None).with_only_columns(func.count(Incident.id)))
        assert cells["total"] == cells["with_point"] == total, box


def _party_as_before(filters: IncidentFilter) -> Select[Incident]:
    """The party filter as it was before migration 0012: a claim's accused or claimant, or the
    party's code quoted in the text of the incident's actors."""
    assert filters.party is not None
    quoted = cast(Incident.actors, String).contains(f'"{filters.party}"')
    return incident_query(replace(filters, party=None)).where(or_(Incident.id.in_(claimed(filters.party)), quoted))


def _ids(session: Session, query: Select[Incident]) -> list[str]:
    return list(session.scalars(query.with_only_columns(Incident.id)))


def _cells(session: Session, filters: IncidentFilter) -> list[tuple[float, float, str, int]]:
    """What the incidents say: located incidents per grid cell and kind."""
    lat, lon = func.round(Incident.lat / CELL_DEGREES), func.round(Incident.lon / CELL_DEGREES)
    rows = session.execute(
        filters_with_point(filters)
        .order_by(None)
        .with_only_columns(lat, lon, Incident.kind, func.count(Incident.id))
        .group_by(lat, lon, Incident.kind)
    )
    cells = [(round(float(a) * CELL_DEGREES, 4), round(float(b) * CELL_DEGREES, 4), k, int(n)) for a, b, k, n in rows]
    return sorted(cells)


def test_the_summary_counts_what_the_incidents_say_after_every_kind_of_write(
    engine: Engine, casebook: Casebook, tmp_path: Path
) -> None:
    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
    conflict_id = casebook.info.id
    _check(engine, conflict_id)
    import_event_file_in_batches(engine, ACLED_FILE, format="acled", actor="test", batch_size=2)
    with engine.connect() as connection:  # the import counted its rows set-based and lifted its pause
        assert connection.execute(text("SELECT count(*) FROM incident_summary_pauses")).scalar_one() == 0
    _check(engine, conflict_id)
    with engine.begin() as connection:  # writes of every column the dashboard filters on
        ids = [row[0] for row in connection.execute(text("SELECT id FROM incidents ORDER BY id"))]
        assert len(ids) > 10
        connection.execute(text("UPDATE incidents SET published = :no WHERE id = :id"), {"no": False, "id": ids[0]})
        connection.execute(
            text("UPDATE incidents SET published = :no, submitted_for_party = 'TH' WHERE id = :id"),
            {"no": False, "id": ids[1]},
        )
        connection.execute(text("UPDATE incidents SET retracted = :yes WHERE id = :id"), {"yes": True, "id": ids[2]})
        connection.execute(
            text("UPDATE incidents SET superseded_by = :other WHERE id = :id"), {"other": ids[4], "id": ids[3]}
        )
        connection.execute(
            text("UPDATE incidents SET date_start = :day, date_end = :day, kind = 'air_strike' WHERE id = :id"),
            {"day": dt.date(2025, 7, 25), "id": ids[5]},
        )
        connection.execute(text("UPDATE incidents SET lat = NULL, lon = NULL WHERE id = :id"), {"id": ids[6]})
        connection.execute(  # spanning three months; then moved to another cell
            text("UPDATE incidents SET date_start = :start, date_end = :end WHERE id = :id"),
            {"start": dt.date(2025, 6, 20), "end": dt.date(2025, 8, 5), "id": ids[9]},
        )
        connection.execute(
            text("UPDATE incidents SET lat = 14.3, lon = 103.2 WHERE id IN (:a, :b)"), {"a": ids[9], "b": ids[10]}
        )
        connection.execute(text("UPDATE incidents SET lat = 14.31, lon = 103.24 WHERE id = :id"), {"id": ids[6]})
        connection.execute(  # on the edge between two cells both ways
            text("UPDATE incidents SET lat = 14.325, lon = 103.375 WHERE id = :id"), {"id": ids[13]}
        )
        connection.execute(text("UPDATE incidents SET description = 'only words' WHERE id = :id"), {"id": ids[7]})
        # actors changed: a party twice, one gone, none; a claim's parties changed
        connection.execute(
            update(Incident).where(Incident.id == ids[11]).values(actors=["KH", "Royal Thai Navy", "KH"])
        )
        connection.execute(update(Incident).where(Incident.id == ids[12]).values(actors=["TH"]))
        claimed_ids = [row[0] for row in connection.execute(text("SELECT DISTINCT incident_id FROM claims"))]
        connection.execute(update(Incident).where(Incident.id.in_(claimed_ids[:3])).values(actors=[]))
        connection.execute(text("UPDATE claims SET accused = 'XX' WHERE incident_id = :id"), {"id": claimed_ids[0]})
        connection.execute(
            text("DELETE FROM citations WHERE subject_type = 'incident' AND subject_id = :id"), {"id": ids[8]}
        )
        connection.execute(text("DELETE FROM casualty_figures WHERE incident_id = :id"), {"id": ids[8]})
        connection.execute(text("DELETE FROM claim_numbers WHERE incident_id = :id"), {"id": ids[8]})
        connection.execute(text("DELETE FROM claims WHERE incident_id = :id"), {"id": ids[8]})
        connection.execute(text("DELETE FROM incidents WHERE id = :id"), {"id": ids[8]})
    _check(engine, conflict_id)
    with transaction(engine) as session:  # the incidents only a claim names are counted too
        assert (
            session.scalar(only_in_claims(IncidentFilter(party="XX")).order_by(None).with_only_columns(func.count()))
            == 1
        )
        assert count_incidents(session, IncidentFilter(party="XX")) == 1


def test_filters_the_summary_cannot_answer_go_to_the_incidents(casebook_engine: Engine) -> None:
    session = Session(casebook_engine)
    for criteria in (
        {"place": "ta-muen-thom"},
        {"bbox": (100.0, 13.0, 106.0, 15.0)},
        {"text": "mine"},
        # within dates, read bounded by the earliest start that can match (the same incidents)
        {"bbox": (102.5, 14.0, 103.5, 14.6), "date_from": dt.date(2025, 7, 24), "date_to": dt.date(2025, 7, 28)},
        {"bbox": (100.0, 13.0, 106.0, 15.0), "date_from": dt.date(2025, 8, 1), "party": "KH"},
        {"text": "a", "date_from": dt.date(2025, 7, 26)},
    ):
        filters = IncidentFilter(**criteria)  # type: ignore[arg-type]
        assert not summary_answers(filters)
        total, days, span = _from_incidents(session, filters)
        assert count_incidents(session, filters) == total, criteria
        assert total > 0 or "place" in criteria
        assert [(d["date"], d["kind"], d["count"]) for d in timeline(session, filters)] == days
        assert date_span(session, filters) == span
        cells = markers(session, filters, budget=0)
        assert [(m["lat"], m["lon"], m["kind"], m["count"]) for m in cells["markers"]] == _cells(session, filters)
        located = session.scalar(filters_with_point(filters).order_by(None).with_only_columns(func.count()))
        assert (cells["total"], cells["with_point"]) == (total, located)
        one_by_one = markers(session, filters)
        assert (one_by_one["total"], one_by_one["with_point"]) == (total, located)
        assert sorted(m["id"] for m in one_by_one["markers"]) == sorted(
            session.scalars(filters_with_point(filters).with_only_columns(Incident.id))
        )
    session.close()


def test_a_store_with_incidents_gets_their_counts_when_it_is_migrated(sqlite_url: str, casebook: Casebook) -> None:
    engine = make_engine(sqlite_url)
    migrate(engine, "0009_job_files")  # a store from before the summary, with records
    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
    migrate(engine)
    _check(engine, casebook.info.id)
    with engine.connect() as connection:
        held = connection.execute(text("SELECT sum(incidents) FROM incident_day_counts")).scalar_one()
        assert held == connection.execute(text("SELECT count(*) FROM incidents")).scalar_one() > 0
        located = connection.execute(text("SELECT count(*) FROM incidents WHERE lat IS NOT NULL")).scalar_one()
        for grain in ("day", "month"):
            cells = text("SELECT sum(incidents) FROM incident_cell_counts WHERE grain = :grain")
            assert connection.execute(cells, {"grain": grain}).scalar_one() == located > 0
    engine.dispose()


def test_the_maps_summary_goes_with_a_downgrade_and_comes_back_filled(
    casebook_engine: Engine, casebook: Casebook
) -> None:
    from alembic import command

    from truceline.db import alembic_config, current_revision

    command.downgrade(alembic_config(casebook_engine), "0010_incident_day_counts")
    assert current_revision(casebook_engine) == "0010_incident_day_counts"
    with casebook_engine.begin() as connection:  # writes go on without the summary's triggers
        connection.execute(text("UPDATE incidents SET lat = 14.2, lon = 103.1 WHERE lat IS NOT NULL"))
    assert "incident_cell_counts" not in inspect(casebook_engine).get_table_names()
    migrate(casebook_engine)
    _check(casebook_engine, casebook.info.id)


def test_a_bulk_insert_counts_its_incidents_once_and_other_writes_stay_counted_by_the_triggers(
    engine: Engine, casebook: Casebook
) -> None:
    """A copy of every casebook incident inserted under a pause (many actors, repeated actors,
    with and without a point, spanning months) is counted set-based at the end exactly as the
    triggers count; an update and a delete inside the pause are still counted by the triggers."""
    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
    conflict_id = casebook.info.id
    columns = [c.name for c in Incident.__table__.columns if c.name != "id"]
    copied = "SELECT id || '-copy' FROM incidents WHERE id NOT LIKE '%-copy'"
    with transaction(engine) as session:
        first = session.scalars(select(Incident.id).order_by(Incident.id)).first()
        with counted_after_insert(session, "test copy", copied, {}):
            session.execute(
                text(
                    f"INSERT INTO incidents (id, {', '.join(columns)}) "
                    f"SELECT id || '-copy', {', '.join(columns)} FROM incidents"
                )
            )
            held = session.execute(text("SELECT sum(incidents) FROM incident_day_counts")).scalar_one()
            stored = session.execute(text("SELECT count(*) FROM incidents")).scalar_one()
            assert held * 2 == stored  # the copies are not counted yet
            session.execute(text("UPDATE incidents SET kind = 'air_strike' WHERE id = :id"), {"id": first})
            session.execute(text("UPDATE incidents SET lat = 14.31, lon = 103.24 WHERE id = :id"), {"id": first})
    _check(engine, conflict_id)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM incident_summary_pauses")).scalar_one() == 0
        counted = connection.execute(text("SELECT sum(incidents) FROM incident_day_counts")).scalar_one()
        assert counted == connection.execute(text("SELECT count(*) FROM incidents")).scalar_one()


SUMMARIES = (
    "incident_day_counts",
    "incident_cell_counts",
    "incident_actor_parties",
    "incident_party_day_counts",
    "incident_party_cell_counts",
)


def _summary_rows(session: Session) -> dict[str, list[tuple]]:
    return {
        table: sorted(tuple(str(v) for v in row) for row in session.execute(text(f"SELECT * FROM {table}")))
        for table in SUMMARIES
    }


def test_an_import_counts_its_new_incidents_as_counting_each_incident_by_its_id_does(
    engine: Engine, casebook: Casebook
) -> None:
    """An import counts its new incidents from their staged rows (not looking each one up): the
    summaries it leaves are row for row those of every incident counted again by its id."""
    add_conflict_of(engine, casebook)
    import_event_file_in_batches(engine, ACLED_FILE, format="acled", actor="test", batch_size=3)
    with transaction(engine) as session:
        imported = _summary_rows(session)
        assert imported["incident_day_counts"] and imported["incident_party_cell_counts"]
        for table in SUMMARIES:
            session.execute(text(f"DELETE FROM {table}"))
        for statement in summary_statements(engine.dialect.name, "SELECT id FROM incidents"):
            session.execute(text(statement))
        assert _summary_rows(session) == imported
        session.rollback()
