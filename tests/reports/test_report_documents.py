"""Reports and letters built in process from the bundled casebook: their figures, their sources,
the DOCX holding the same text, the ledger entry of a drafted letter, and Thai and Khmer text."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from docx import Document as Docx
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.agreements.models import Statement
from truceline.compliance.results import party_column
from truceline.compliance.services import assess
from truceline.domain.wording import figure_text as figure_range
from truceline.errors import InvalidInput
from truceline.incidents.queries import IncidentFilter, incident_records, list_incidents
from truceline.intake.ingest import ingest_report
from truceline.intake.review import accept_candidate
from truceline.ledger.models import LedgerEntry
from truceline.reports import letters, services
from truceline.reports.document import Bullets, Document, Paragraph, Table
from truceline.reports.render import render
from truceline.visibility import EVERYTHING, Visibility

CONFLICT = "th-kh-2025"
LANDMINE = "2025-11-10-huai-ta-maria-landmine"
EVERYONE = Visibility(conflict_id=CONFLICT)


def protest(session: Session, sender: str = "TH", incident: str = LANDMINE, **extra: object) -> Document:
    options = {"recipient": "KH", "visibility": EVERYONE, "actor": "o"} | extra
    return letters.protest_letter(session, CONFLICT, sender=sender, incident_ids=[incident], **options)  # type: ignore[arg-type]


def clarification(session: Session, concerning: str = "KH", **extra: object) -> Document:
    options = {"visibility": EVERYONE, "actor": "o"} | extra
    return letters.clarification_request(
        session,
        CONFLICT,
        sender="TH",
        concerning=concerning,
        incident_ids=[LANDMINE],
        **options,  # type: ignore[arg-type]
    )


def day_filter(first: dt.date, last: dt.date) -> IncidentFilter:
    return IncidentFilter(date_from=first, date_to=last, conflict_id=CONFLICT)


def docx_text(data: bytes) -> str:
    opened = Docx(io.BytesIO(data))
    parts = [p.text for p in opened.paragraphs]
    parts += [cell.text for table in opened.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def pieces(doc: Document) -> list[str]:
    out = [doc.title]
    for section in doc.sections:
        out.append(section.title)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                out.append(block.text)
            elif isinstance(block, Bullets):
                out.extend(block.items)
            elif isinstance(block, Table):
                out.extend(cell for row in block.rows for cell in row)
    return out


def test_the_sitrep_figures_are_the_compliance_documents_for_the_period(session: Session) -> None:
    doc = services.sitrep(session, CONFLICT, dt.date(2025, 12, 1), dt.date(2025, 12, 31), EVERYONE)
    period = list_incidents(
        session, IncidentFilter(date_from=dt.date(2025, 12, 1), date_to=dt.date(2025, 12, 31), conflict_id=CONFLICT)
    )
    ids = {i.id for i in period}
    whole = assess(session, dt.date(2025, 12, 31), conflict_id=CONFLICT)
    expected = [v for v in whole.violations if v.incident_id in ids]
    assert doc.facts["incidents"] == len(period)
    assert doc.facts["violations"] == len(expected) > 0
    by_party: dict[str, dict[str, int]] = {}
    for v in expected:
        cell = by_party.setdefault(party_column(v.party), {})
        cell[str(v.status)] = cell.get(str(v.status), 0) + 1
    assert doc.facts["violations_by_party"] == by_party
    titles = [s.title for s in doc.sections]
    assert titles == [
        "Headline figures",
        "Map and timeline",
        "Key incidents",
        "Violations by provision and party",
        "Commitments and their status",
        "Disputed claims",
        "Method note",
    ]
    # every reference is a source the store holds, each numbered once
    assert [r.number for r in doc.references] == list(range(1, len(doc.references) + 1))


def test_the_daily_report_counts_the_day_and_the_day_before(session: Session) -> None:
    day = dt.date(2025, 12, 8)

    def overlapping(first: dt.date, last: dt.date) -> int:
        return len(list_incidents(session, IncidentFilter(date_from=first, date_to=last, conflict_id=CONFLICT)))

    doc = services.daily_report(session, CONFLICT, day, EVERYONE)
    today, before = overlapping(day, day), overlapping(day - dt.timedelta(days=1), day - dt.timedelta(days=1))
    assert doc.facts["incidents"] == today > before
    assert doc.facts["day_on_day"] == today - before
    assert doc.facts["seven_days"] == overlapping(day - dt.timedelta(days=6), day)
    assert f"(day-on-day change {today - before:+d})" in doc.text()
    assert "Access restrictions" in doc.text() and "None recorded" in doc.text()


def test_a_protest_holds_the_incidents_facts_and_sources_and_nothing_else(session: Session) -> None:
    doc = letters.protest_letter(
        session,
        CONFLICT,
        sender="TH",
        recipient="KH",
        incident_ids=[LANDMINE],
        visibility=EVERYONE,
        actor="observer-1",
        on=dt.date(2025, 11, 20),
    )
    record = incident_records(
        session,
        list_incidents(
            session,
            IncidentFilter(conflict_id=CONFLICT, date_from=dt.date(2025, 11, 10), date_to=dt.date(2025, 11, 10)),
        ),
        EVERYTHING,
    )
    incident = next(r for r in record if r["id"] == LANDMINE)
    text = doc.text()
    assert "Date: 2025-11-10" in text and incident["place"] in text
    assert f"injured: {figure_range(incident['injured'])}" in text
    assert "apmbc-ottawa-1997/Art. 1(1)(a)" in text  # the provision the record holds Cambodia to have broken
    held = {s["url"] for s in incident["sources"]} | {s["url"] for c in incident["claims"] for s in c["sources"]}
    cited = set(re.findall(r"https?://\S+", text))
    assert cited and cited <= held
    other_incidents = {i.id for i in list_incidents(session, IncidentFilter(conflict_id=CONFLICT))} - {LANDMINE}
    assert not any(other in text for other in other_incidents)
    entry = session.scalars(select(LedgerEntry).where(LedgerEntry.action == "report:letter:generated")).one()
    assert entry.actor == "observer-1" and entry.payload["incidents"] == [LANDMINE]


def test_an_article_8_request_goes_through_the_depositary_with_a_copy_to_the_presidency(session: Session) -> None:
    def request(on: dt.date) -> Document:
        return letters.clarification_request(
            session,
            CONFLICT,
            sender="TH",
            concerning="KH",
            incident_ids=[LANDMINE],
            visibility=EVERYONE,
            actor="o",
            on=on,
        )

    late = request(dt.date(2025, 12, 23))
    meta = dict(late.meta)
    assert meta["Submitted through"] == "Secretary-General of the United Nations"
    assert meta["Copy to"].startswith("Zambia")
    assert late.title.startswith("Request for clarification under Article 8(2)")
    annex = next(s for s in late.sections if s.title == "Annex: the incidents")
    table = next(b for b in annex.blocks if isinstance(b, Table))
    assert table.rows[0][0] == "2025-11-10" and "PMN-2" in table.rows[0][5]
    # the presidency is the one in office on the letter's date, as the casebook gives it
    assert dict(request(dt.date(2025, 11, 11)).meta)["Copy to"].startswith("Japan")
    # the DOCX opens and holds the same text
    text = docx_text(render(late, "docx"))
    assert all(piece in text for piece in pieces(late))


def test_letters_refuse_unknown_incidents_parties_and_non_states_parties(session: Session) -> None:
    with pytest.raises(InvalidInput, match="unknown incident"):
        letters.protest_letter(
            session, CONFLICT, sender="TH", recipient="KH", incident_ids=["nope"], visibility=EVERYONE, actor="o"
        )
    with pytest.raises(InvalidInput, match="unknown party"):
        letters.protest_letter(
            session, CONFLICT, sender="XX", recipient="KH", incident_ids=[LANDMINE], visibility=EVERYONE, actor="o"
        )
    with pytest.raises(InvalidInput, match="not recorded as a state party"):
        letters.clarification_request(
            session, CONFLICT, sender="TH", concerning="US", incident_ids=[LANDMINE], visibility=EVERYONE, actor="o"
        )
    with pytest.raises(InvalidInput, match="before it starts"):
        services.sitrep(session, CONFLICT, dt.date(2025, 12, 31), dt.date(2025, 12, 1), EVERYONE)
    with pytest.raises(InvalidInput, match="empty"):
        services.sitrep(session, CONFLICT, dt.date(2024, 1, 1), dt.date(2024, 1, 31), EVERYONE)
    with pytest.raises(InvalidInput, match="no meeting"):
        services.committee_brief(session, CONFLICT, "no-such-meeting", EVERYONE)


def test_the_brief_looks_back_to_the_previous_meeting_of_the_same_body(session: Session) -> None:
    doc = services.committee_brief(session, CONFLICT, "session-gbc-special-3-2025-12-27", EVERYONE)
    assert doc.facts["previous_meeting"] == "session-gbc-special-2-2025-10-23"
    assert doc.facts["incidents"] > 0 and doc.facts["agenda"] >= 2
    assert doc.sections[-1].title == "Suggested agenda"


def test_a_recorded_letter_is_a_letter_record_whose_source_is_its_text(session: Session) -> None:
    doc = letters.protest_letter(
        session,
        CONFLICT,
        sender="TH",
        recipient="KH",
        incident_ids=[LANDMINE],
        visibility=EVERYONE,
        actor="o",
        on=dt.date(2025, 11, 20),
    )
    letter_id = letters.record_sent(session, doc, sender="TH", recipients=["KH"], on=dt.date(2025, 11, 20), actor="o")
    from truceline.diplomacy.queries import get_letter, letter_records

    record = letter_records(session, [get_letter(session, letter_id, EVERYONE)], EVERYONE)[0]
    assert record["incident_ids"] == [LANDMINE] and record["sources"][0]["url"] is None


def test_an_accepted_statement_is_a_statement_record(session: Session, seed_report: str) -> None:
    from truceline.sources.models import ReviewCandidate

    ingest_report(session, conflict_id=CONFLICT, text=seed_report, published=dt.date(2025, 12, 22), actor="test")
    candidate = session.scalars(select(ReviewCandidate).where(ReviewCandidate.type == "statement")).first()
    assert candidate is not None
    made = accept_candidate(session, candidate.id, actor="observer-1")
    stored = session.get(Statement, made.removeprefix("statement:"))
    assert stored is not None and stored.date <= dt.date(2025, 12, 22)


FONTS = shutil.which("fc-list") is not None and all(
    family in subprocess.run(["fc-list"], capture_output=True, text=True).stdout for family in ("Garuda", "Khmer OS")
)


@pytest.mark.skipif(not FONTS, reason="Debian's fonts-thai-tlwg and fonts-khmeros are not installed (see README)")
def test_thai_and_khmer_names_render_in_the_pdf() -> None:
    doc = Document(kind="daily", title="ชายแดน ព្រំដែន", conflict_id=CONFLICT)
    doc.section("Names").add(Paragraph("ช่องบก · ព្រះវិហារ"))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(render(doc, "pdf"))).pages)
    assert "ชายแดน" in text and "ช่องบก" in text
    assert "ព្រំដែន" in text or "ព្រះវិហារ" in text
