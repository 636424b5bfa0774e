"""Pages for meetings, letters and statements: lists with a form to record one, and details."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from truceline.auth.deps import ConflictDep, CurrentUser, ObserverUser, SubmitterUser
from truceline.diplomacy.queries import (
    get_letter,
    get_meeting,
    get_statement,
    letter_records,
    list_letters,
    list_meetings,
    list_statements,
    meeting_records,
    statement_records,
)
from truceline.diplomacy.services import add_letter, add_meeting, add_statement
from truceline.errors import InvalidInput
from truceline.vocabulary import LetterKind, StatementKind
from truceline.web.deps import SessionDep
from truceline.web.templating import render

router = APIRouter()

Id = Annotated[str, Path(max_length=120)]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace(",", "\n").splitlines() if line.strip()]


def _day(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


@router.get("/meetings", response_class=HTMLResponse)
def meetings_page(request: Request, session: SessionDep, viewer: CurrentUser, conflict: ConflictDep) -> HTMLResponse:
    rows = meeting_records(session, list_meetings(session, viewer.visibility), viewer.visibility)
    bodies = sorted(conflict.info.body_codes)
    return render(request, "meetings.html", {"meetings": rows, "bodies": bodies})


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse)
def meeting_page(
    request: Request, session: SessionDep, viewer: CurrentUser, conflict: ConflictDep, meeting_id: Id
) -> HTMLResponse:
    record = meeting_records(session, [get_meeting(session, meeting_id, viewer.visibility)], viewer.visibility)[0]
    return render(request, "meeting.html", {"meeting": record})


@router.post("/meetings")
def meeting_submit(
    session: SessionDep,
    viewer: ObserverUser,
    conflict: ConflictDep,
    meeting_id: Annotated[str, Form(alias="id", max_length=120)],
    body: Annotated[str, Form(max_length=32)],
    title: Annotated[str, Form(max_length=500)],
    date_start: Annotated[str, Form(max_length=10)],
    place_name: Annotated[str, Form(max_length=200)],
    source: Annotated[str, Form(max_length=2000)],
    outcome: Annotated[str, Form(max_length=5000)] = "",
    agreement: Annotated[str, Form(max_length=120)] = "",
) -> RedirectResponse:
    """The meetings page's form (observers and coordinators)."""
    row = add_meeting(
        session,
        conflict,
        {
            "id": meeting_id,
            "body": body,
            "title": title,
            "date_start": _day(date_start, "date"),
            "place_name": place_name,
            "outcome": outcome,
            "agreement": agreement or None,
        },
        source=source,
        actor=viewer.actor,
    )
    return RedirectResponse(f"/meetings/{row.id}", status_code=303)


@router.get("/letters", response_class=HTMLResponse)
def letters_page(request: Request, session: SessionDep, viewer: CurrentUser, conflict: ConflictDep) -> HTMLResponse:
    rows = letter_records(session, list_letters(session, viewer.visibility), viewer.visibility)
    senders = [viewer.speaks_for] if viewer.speaks_for and not viewer.is_observer else list(conflict.principals)
    return render(request, "letters.html", {"letters": rows, "kinds": list(LetterKind), "senders": senders})


@router.get("/letters/{letter_id}", response_class=HTMLResponse)
def letter_page(
    request: Request, session: SessionDep, viewer: CurrentUser, conflict: ConflictDep, letter_id: Id
) -> HTMLResponse:
    record = letter_records(session, [get_letter(session, letter_id, viewer.visibility)], viewer.visibility)[0]
    return render(request, "letter.html", {"letter": record})


@router.post("/letters")
def letter_submit(
    session: SessionDep,
    viewer: SubmitterUser,
    conflict: ConflictDep,
    letter_id: Annotated[str, Form(alias="id", max_length=120)],
    kind: Annotated[str, Form(max_length=32)],
    sender: Annotated[str, Form(max_length=16)],
    recipients: Annotated[str, Form(max_length=2000)],
    date: Annotated[str, Form(max_length=10)],
    subject: Annotated[str, Form(max_length=500)],
    summary: Annotated[str, Form(max_length=5000)],
    source: Annotated[str, Form(max_length=2000)],
    incidents: Annotated[str, Form(max_length=5000)] = "",
) -> RedirectResponse:
    """The letters page's form (observers, coordinators; a party its own letters)."""
    row = add_letter(
        session,
        conflict,
        {
            "id": letter_id,
            "kind": kind,
            "sender": sender.upper(),
            "recipients": _lines(recipients),
            "date": _day(date, "date"),
            "subject": subject,
            "summary": summary,
            "incidents": _lines(incidents),
        },
        source=source,
        actor=viewer.actor,
        submitted_for_party=None if viewer.is_observer else viewer.speaks_for,
    )
    return RedirectResponse(f"/letters/{row.id}", status_code=303)


@router.get("/statements", response_class=HTMLResponse)
def statements_page(request: Request, session: SessionDep, viewer: CurrentUser, conflict: ConflictDep) -> HTMLResponse:
    rows = statement_records(session, list_statements(session, viewer.visibility), viewer.visibility)
    speakers = [viewer.speaks_for] if viewer.speaks_for and not viewer.is_observer else list(conflict.by_code)
    return render(request, "statements.html", {"statements": rows, "kinds": list(StatementKind), "speakers": speakers})


@router.get("/statements/{statement_id}", response_class=HTMLResponse)
def statement_page(
    request: Request, session: SessionDep, viewer: CurrentUser, conflict: ConflictDep, statement_id: Id
) -> HTMLResponse:
    record = statement_records(session, [get_statement(session, statement_id, viewer.visibility)], viewer.visibility)
    return render(request, "statement.html", {"statement": record[0]})


@router.post("/statements")
def statement_submit(
    session: SessionDep,
    viewer: SubmitterUser,
    conflict: ConflictDep,
    statement_id: Annotated[str, Form(alias="id", max_length=120)],
    speaker: Annotated[str, Form(max_length=16)],
    kind: Annotated[str, Form(max_length=32)],
    date: Annotated[str, Form(max_length=10)],
    summary: Annotated[str, Form(max_length=5000)],
    source: Annotated[str, Form(max_length=2000)],
    incidents: Annotated[str, Form(max_length=5000)] = "",
    agreements: Annotated[str, Form(max_length=2000)] = "",
) -> RedirectResponse:
    """The statements page's form (observers, coordinators; a party its own statements)."""
    row = add_statement(
        session,
        conflict,
        {
            "id": statement_id,
            "speaker": speaker.upper(),
            "kind": kind,
            "date": _day(date, "date"),
            "summary": summary,
            "incidents": _lines(incidents),
            "agreements": _lines(agreements),
        },
        source=source,
        actor=viewer.actor,
        submitted_for_party=None if viewer.is_observer else viewer.speaks_for,
    )
    return RedirectResponse(f"/statements/{row.id}", status_code=303)
