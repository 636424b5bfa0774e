"""``/api/v1/meetings``, ``/letters`` and ``/statements``: read them (what the caller may see)
and record them (observers and coordinators; a party its own letters and statements)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from truceline.auth.deps import ConflictDep, CurrentUser, ObserverUser, SubmitterUser
from truceline.diplomacy.api_models import (
    LetterRecord,
    MeetingRecord,
    NewLetter,
    NewMeeting,
    NewStatement,
    StatementRecord,
)
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
from truceline.web.api_models import error_responses
from truceline.web.deps import SessionDep

router = APIRouter(tags=["meetings, letters and statements"])

Id = Annotated[str, Path(max_length=120)]


@router.get("/meetings", summary="Meetings, oldest first", responses=error_responses(422))
def meetings_endpoint(
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    body: Annotated[str | None, Query(max_length=32, description="Only this body's meetings.")] = None,
) -> list[MeetingRecord]:
    rows = list_meetings(session, viewer.visibility, body=body)
    return [MeetingRecord.model_validate(r) for r in meeting_records(session, rows, viewer.visibility)]


@router.get("/meetings/{meeting_id}", summary="One meeting", responses=error_responses(404, 422))
def meeting_endpoint(session: SessionDep, viewer: CurrentUser, conflict: ConflictDep, meeting_id: Id) -> MeetingRecord:
    row = get_meeting(session, meeting_id, viewer.visibility)
    return MeetingRecord.model_validate(meeting_records(session, [row], viewer.visibility)[0])


@router.post(
    "/meetings",
    status_code=201,
    summary="Record a meeting (observers, coordinators)",
    responses=error_responses(400, 401, 403, 409, 422),
)
def new_meeting_endpoint(
    session: SessionDep, viewer: ObserverUser, conflict: ConflictDep, body: NewMeeting
) -> MeetingRecord:
    data = body.model_dump(exclude={"source"})
    row = add_meeting(session, conflict, data, source=body.source, actor=viewer.actor)
    return MeetingRecord.model_validate(meeting_records(session, [row], viewer.visibility)[0])


@router.get("/letters", summary="Letters, oldest first", responses=error_responses(422))
def letters_endpoint(
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    kind: Annotated[str | None, Query(max_length=32, description="Only letters of this kind.")] = None,
    incident: Annotated[str | None, Query(max_length=120, description="Only letters about this incident.")] = None,
) -> list[LetterRecord]:
    rows = list_letters(session, viewer.visibility, kind=kind, incident=incident)
    return [LetterRecord.model_validate(r) for r in letter_records(session, rows, viewer.visibility)]


@router.get("/letters/{letter_id}", summary="One letter", responses=error_responses(404, 422))
def letter_endpoint(session: SessionDep, viewer: CurrentUser, conflict: ConflictDep, letter_id: Id) -> LetterRecord:
    row = get_letter(session, letter_id, viewer.visibility)
    return LetterRecord.model_validate(letter_records(session, [row], viewer.visibility)[0])


@router.post(
    "/letters",
    status_code=201,
    summary="Record a letter (observers, coordinators; a party its own, unpublished until published)",
    responses=error_responses(400, 401, 403, 409, 422),
)
def new_letter_endpoint(
    session: SessionDep, viewer: SubmitterUser, conflict: ConflictDep, body: NewLetter
) -> LetterRecord:
    data = body.model_dump(exclude={"source"}) | {"sender": body.sender.upper()}
    party = None if viewer.is_observer else viewer.speaks_for
    row = add_letter(session, conflict, data, source=body.source, actor=viewer.actor, submitted_for_party=party)
    return LetterRecord.model_validate(letter_records(session, [row], viewer.visibility)[0])


@router.get("/statements", summary="Statements, oldest first", responses=error_responses(422))
def statements_endpoint(
    session: SessionDep,
    viewer: CurrentUser,
    conflict: ConflictDep,
    speaker: Annotated[str | None, Query(max_length=16, description="Only this party's statements.")] = None,
    incident: Annotated[str | None, Query(max_length=120, description="Only statements about this incident.")] = None,
) -> list[StatementRecord]:
    rows = list_statements(session, viewer.visibility, speaker=speaker.upper() if speaker else None, incident=incident)
    return [StatementRecord.model_validate(r) for r in statement_records(session, rows, viewer.visibility)]


@router.get("/statements/{statement_id}", summary="One statement", responses=error_responses(404, 422))
def statement_endpoint(
    session: SessionDep, viewer: CurrentUser, conflict: ConflictDep, statement_id: Id
) -> StatementRecord:
    row = get_statement(session, statement_id, viewer.visibility)
    return StatementRecord.model_validate(statement_records(session, [row], viewer.visibility)[0])


@router.post(
    "/statements",
    status_code=201,
    summary="Record a statement (observers, coordinators; a party its own, unpublished until published)",
    responses=error_responses(400, 401, 403, 409, 422),
)
def new_statement_endpoint(
    session: SessionDep, viewer: SubmitterUser, conflict: ConflictDep, body: NewStatement
) -> StatementRecord:
    data = body.model_dump(exclude={"source"}) | {"speaker": body.speaker.upper()}
    party = None if viewer.is_observer else viewer.speaks_for
    row = add_statement(session, conflict, data, source=body.source, actor=viewer.actor, submitted_for_party=party)
    return StatementRecord.model_validate(statement_records(session, [row], viewer.visibility)[0])
