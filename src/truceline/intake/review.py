"""The review queue: a person accepts (with edits), merges or rejects what extraction proposed.

Accepting a candidate makes a record linked to its source document with the supporting spans:
an incident, a claim (about an incident already accepted, or named with ``incident=ID``), a
meeting, a letter, a citation of an agreement or of a party's statement, a tally (one per
figure the count gives: killed, injured, displaced) or an agreement status event (suspended,
in force, resumed …, of an agreement in the store). Before an incident
is made, :func:`truceline.incidents.dedupe.possible_duplicates` looks for one that already
records the event; if any is found the reviewer must choose: attach the source to it
(``attach_to``) or make a new incident anyway (``force_new``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.agreements.events import event_time, party_code
from truceline.agreements.models import Agreement
from truceline.agreements.services import record_agreement_event, record_letter, record_meeting, record_statement
from truceline.conflicts.models import Conflict as ConflictRow
from truceline.conflicts.services import conflict_definition
from truceline.db import utcnow
from truceline.domain import schema
from truceline.domain.labels import N_
from truceline.errors import Conflict, InvalidInput, NotFound
from truceline.incidents.dedupe import SLACK_DAYS, Sighting, possible_duplicates
from truceline.incidents.models import Incident
from truceline.incidents.services import add_claim, attach_source, record_incident, record_tally
from truceline.ledger.services import append
from truceline.places.models import Place
from truceline.sources.models import ReviewCandidate, SourceDocument
from truceline.sources.services import cite, source_reference
from truceline.visibility import EVERYTHING, Visibility
from truceline.vocabulary import AgreementEventKind

#: fields a reviewer may edit, by candidate type, in the order a form shows them
#: ("killed.best" edits one bound of a figure)
EDITABLE: dict[str, tuple[str, ...]] = {
    "incident": ("kind", "modality", "date_start", "date_end", "date_precision", "place", "place_name", "lat", "lon",
                 "location_precision", "side", "parties", "weapons", "killed.low", "killed.best", "killed.high",
                 "injured.low", "injured.best", "injured.high", "displaced.low", "displaced.best", "displaced.high",
                 "text"),
    "claim": ("claimant", "accused", "about", "stance", "incident", "date", "agreement", "breaks", "text"),
    "meeting": ("body", "date_start", "date_end", "place_name", "planned", "text"),
    "letter": ("kind", "sender", "recipients", "date_start", "planned", "text"),
    "statement": ("speaker", "kind", "date_start", "text"),
    "agreement_ref": ("agreement",),
    "agreement_status": ("agreement", "kind", "by", "date_start", "planned", "text"),
    "tally": ("speaker", "accused", "agreement", "date_start", "date_end", "killed.low", "killed.best", "killed.high",
              "injured.low", "injured.best", "injured.high", "displaced.low", "displaced.best", "displaced.high",
              "text"),
}  # fmt: skip
#: how a form and the command line name a field where its payload name would mislead
LABELS: dict[str, dict[str, str]] = {
    "tally": {
        "speaker": N_("counted by"),
        "accused": N_("alleged against"),
        "date_start": N_("since"),
        "date_end": N_("as of"),
    },
    "agreement_status": {"by": N_("by party"), "date_start": N_("date")},
}
LIST_FIELDS = {"weapons", "parties", "recipients", "breaks"}
DATE_FIELDS = {"date_start", "date_end", "date"}


def list_candidates(session: Session, conflict_id: str, *, status: str | None = "pending") -> list[ReviewCandidate]:
    query = select(ReviewCandidate).where(ReviewCandidate.conflict_id == conflict_id).order_by(ReviewCandidate.id)
    if status is not None:
        query = query.where(ReviewCandidate.status == status)
    return list(session.scalars(query))


def next_pending(session: Session, conflict_id: str, after: int) -> int | None:
    """The pending candidate after ``after`` in the queue (wrapping round to the first), or None."""
    pending = select(ReviewCandidate.id).where(
        ReviewCandidate.conflict_id == conflict_id, ReviewCandidate.status == "pending", ReviewCandidate.id != after
    )
    later = session.scalar(pending.where(ReviewCandidate.id > after).order_by(ReviewCandidate.id).limit(1))
    return later if later is not None else session.scalar(pending.order_by(ReviewCandidate.id).limit(1))


def get_candidate(session: Session, candidate_id: int) -> ReviewCandidate:
    candidate = session.get(ReviewCandidate, candidate_id)
    if candidate is None:
        raise NotFound(f"no review candidate {candidate_id}")
    return candidate


def parse_edits(pairs: list[str]) -> dict[str, str]:
    """``["kind=shelling", "killed.best=4"]`` → a mapping; a malformed pair is an error."""
    edits: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise InvalidInput(f"an edit must read FIELD=VALUE, not {pair!r}")
        edits[name.strip()] = value.strip()
    return edits


def apply_edits(candidate_type: str, payload: dict[str, Any], edits: dict[str, str]) -> dict[str, Any]:
    allowed = EDITABLE.get(candidate_type, ())
    result = dict(payload)
    for name, value in edits.items():
        if name not in allowed:
            raise InvalidInput(
                f"{candidate_type} candidates have no editable field {name!r}; editable: {', '.join(sorted(allowed))}"
            )
        if "." in name:
            figure, bound = name.split(".", 1)
            current = dict(result.get(figure) or {"low": None, "best": None, "high": None})
            current[bound] = _integer(name, value)
            result[figure] = current
        elif name in LIST_FIELDS:
            result[name] = [item.strip() for item in value.split(",") if item.strip()]
        elif name in {"lat", "lon"}:
            result[name] = _number(name, value)
        elif name == "planned":
            result[name] = value.lower() in {"1", "true", "yes"}
        elif name in DATE_FIELDS:
            day = _date(name, value)  # refuse a malformed date here, naming the field
            result[name] = day.isoformat() if day else None
        else:
            result[name] = value or None
    return result


def _integer(name: str, value: str) -> int | None:
    if value == "":
        return None
    try:
        return int(value.replace(",", ""))
    except ValueError:
        raise InvalidInput(f"{name} must be a whole number, not {value!r}") from None


#: dates as people write them, besides ISO 8601: day first (as both the region's and most
#: missions' conventions have it), with the month as a number or a name
DATE_FORMATS = ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y")


def _date(name: str, value: Any) -> dt.date | None:
    """A date as YYYY-MM-DD, DD/MM/YYYY, DD.MM.YYYY or "9 December 2025", or InvalidInput naming the field."""
    if value is None or value == "" or isinstance(value, dt.date):
        return value or None
    text = " ".join(str(value).split())
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    for pattern in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise InvalidInput(f"{name} must be a date such as 2025-12-09 or 09/12/2025 (day first), not {value!r}")


def read_date(name: str, value: str) -> dt.date | None:
    """A date as a person types it (see :data:`DATE_FORMATS`); InvalidInput naming ``name``."""
    return _date(name, value)


def _number(name: str, value: str) -> float | None:
    if value == "":
        return None
    try:
        return float(value)
    except ValueError:
        raise InvalidInput(f"{name} must be a number, not {value!r}") from None


def accept_candidate(
    session: Session,
    candidate_id: int,
    *,
    actor: str,
    edits: dict[str, str] | None = None,
    attach_to: str | None = None,
    force_new: bool = False,
) -> str:
    """Accept a pending candidate; return what it made, e.g. ``incident:2025-12-08-air_strike-3f2a``.

    An incident or claim is made unpublished: it waits in the publish queue
    (``truceline.publish.queue``) until a coordinator publishes it
    (``truceline.incidents.publication.publish_incident``). Only where the conflict's setting
    ``publish_on_accept`` says so is one from a published source published at once. One from a
    party's submission (its source has ``submitted_for_party``) or from any other unpublished source
    (a web submission) always waits; until then the party, observers and coordinators see it.
    """
    candidate = get_candidate(session, candidate_id)
    if candidate.status != "pending":
        raise Conflict(f"candidate {candidate_id} is {candidate.status} already")
    source = session.get(SourceDocument, candidate.source_id)
    if source is None:  # the foreign key makes this impossible; guard for a clear message anyway
        raise NotFound(f"the source of candidate {candidate_id} is missing")
    payload = apply_edits(candidate.type, candidate.payload, edits or {})
    spans = [list(span) for span in payload.get("spans", [])]
    conflict = session.get(ConflictRow, candidate.conflict_id)
    published = (
        source.published and source.submitted_for_party is None and bool(conflict and conflict.publish_on_accept)
    )
    try:
        if candidate.type == "incident":
            result = _accept_incident(
                session,
                payload,
                source,
                spans,
                actor=actor,
                attach_to=attach_to,
                force_new=force_new,
                published=published,
            )
        elif candidate.type == "claim":
            result = _accept_claim(session, candidate, payload, source, spans, actor=actor, published=published)
        elif candidate.type == "meeting":
            result = _accept_meeting(session, payload, source, spans, actor=actor)
        elif candidate.type == "letter":
            result = _accept_letter(session, payload, source, spans, actor=actor)
        elif candidate.type == "agreement_ref":
            result = _accept_agreement_ref(session, payload, source, spans)
        elif candidate.type == "tally":
            result = _accept_tally(session, payload, source, spans, actor=actor)
        elif candidate.type == "agreement_status":
            result = _accept_agreement_status(session, payload, source, spans, actor=actor)
        else:
            result = _accept_statement(session, payload, source, spans, actor=actor)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise InvalidInput(
            f"candidate {candidate_id} cannot be accepted as it stands ({problems}); correct it with --edit FIELD=VALUE"
        ) from None
    candidate.status = "accepted"
    candidate.decided_by = actor
    candidate.decided_at = utcnow()
    candidate.result = result
    candidate.reason = None
    append(
        session,
        actor=actor,
        action="source:review:accept",
        subject_type="review_candidate",
        subject_id=str(candidate.id),
        payload={"edits": edits or {}, "result": result},
    )
    return result


def reject_candidate(session: Session, candidate_id: int, *, reason: str, actor: str) -> None:
    if not reason.strip():
        raise InvalidInput("say why the candidate is rejected")
    candidate = get_candidate(session, candidate_id)
    if candidate.status != "pending":
        raise Conflict(f"candidate {candidate_id} is {candidate.status} already")
    candidate.status = "rejected"
    candidate.decided_by = actor
    candidate.decided_at = utcnow()
    candidate.reason = reason.strip()
    append(
        session,
        actor=actor,
        action="source:review:reject",
        subject_type="review_candidate",
        subject_id=str(candidate.id),
        payload={"reason": candidate.reason},
    )


def duplicates_for(
    session: Session, candidate: ReviewCandidate, visibility: Visibility = EVERYTHING
) -> list[dict[str, str]]:
    """For an incident candidate: incidents that may already record the same event."""
    return duplicates_of(session, candidate.conflict_id, candidate.type, candidate.payload, visibility)


def duplicates_of(
    session: Session,
    conflict_id: str,
    candidate_type: str,
    payload: dict[str, Any],
    visibility: Visibility = EVERYTHING,
) -> list[dict[str, str]]:
    """Incidents in the store that may record the event a proposed incident reports, each with the reason:
    dates within the window the precisions allow, the same or a nearby place, the same kind
    (:func:`truceline.incidents.dedupe.possible_duplicates`), only those ``visibility`` lets the
    asker see. Never merged here: a reviewer decides."""
    if candidate_type != "incident" or not payload.get("kind"):
        return []
    date_start = _date("date_start", payload.get("date_start"))
    if date_start is None:
        return []
    sighting = Sighting(
        conflict_id=conflict_id,
        kind=payload["kind"],
        date_start=date_start,
        date_end=_date("date_end", payload.get("date_end")) or date_start,
        date_precision=payload.get("date_precision") or "day",
        place_id=payload.get("place"),
        lat=payload.get("lat"),
        lon=payload.get("lon"),
        location_precision=payload.get("location_precision") or "unknown",
    )
    found = []
    for duplicate in possible_duplicates(session, sighting):
        incident = session.get(Incident, duplicate.incident_id)
        if incident is not None and visibility.sees(incident.published, incident.submitted_for_party):
            found.append({"incident_id": duplicate.incident_id, "reason": duplicate.reason})
    return found


def _figure_casualties(payload: dict[str, Any], reference: str) -> list[schema.Casualties]:
    figures = []
    for category in ("killed", "injured"):
        figure = payload.get(category)
        if figure and any(figure.get(k) is not None for k in ("low", "best", "high")):
            figures.append(schema.Casualties(category=category, sources=[reference], **_bounds(figure)))
    return figures


def _bounds(figure: dict[str, Any]) -> dict[str, int | None]:
    return {k: figure.get(k) for k in ("low", "best", "high")}


def _new_id(prefix: str, date: str | None, kind: str, source: SourceDocument, local: str) -> str:
    tail = hashlib.sha256(f"{source.sha256}:{local}".encode()).hexdigest()[:6]
    return f"{date or 'undated'}-{prefix}{kind.replace('_', '-')}-{tail}"


def _accept_incident(
    session: Session,
    payload: dict[str, Any],
    source: SourceDocument,
    spans: list[list[int]],
    *,
    actor: str,
    attach_to: str | None,
    force_new: bool,
    published: bool,
) -> str:
    if attach_to is not None:
        target = session.get(Incident, attach_to)
        if target is None or target.conflict_id != source.conflict_id:
            raise NotFound(f"no incident {attach_to!r} of {source.conflict_id} to attach the source to")
        attach_source(session, attach_to, source, actor=actor, spans=spans)
        return f"incident:{attach_to}"
    if not payload.get("date_start"):
        raise InvalidInput("the incident has no date: edit date_start=YYYY-MM-DD (and date_precision)")
    place_id = payload.get("place")
    place = session.get(Place, place_id) if place_id is not None else None
    if place_id is not None and (place is None or place.conflict_id != source.conflict_id):
        raise InvalidInput(f"no place {place_id!r} in the gazetteer: edit place= or place_name=")
    if not force_new:
        duplicates = duplicates_of(session, source.conflict_id, "incident", payload)
        if duplicates:
            listed = "; ".join(f"{d['incident_id']} ({d['reason']})" for d in duplicates)
            raise Conflict(
                f"this may already be recorded: {listed}. Attach the source to one of them "
                "(--attach-to ID) or make a new incident anyway (--new)"
            )
    reference = source_reference(source)
    displaced = payload.get("displaced")
    incident = schema.Incident(
        id=_new_id("", payload["date_start"], payload["kind"], source, payload.get("id", "")),
        kind=payload["kind"],
        modality="declared" if payload.get("planned") else payload.get("modality") or "carried_out",
        date_start=payload["date_start"],
        date_end=payload.get("date_end") or payload["date_start"],
        date_precision=payload.get("date_precision") or "day",
        place=place_id,
        place_name=payload.get("place_name") or (None if place_id else "along the border"),
        lat=payload.get("lat"),
        lon=payload.get("lon"),
        location_precision=payload.get("location_precision") or "unknown",
        side=payload.get("side") or "undetermined",
        weapons=payload.get("weapons") or [],
        actors=payload.get("parties") or [],
        casualties=_figure_casualties(payload, reference),
        displaced=schema.Displacement(sources=[reference], **_bounds(displaced))
        if displaced and any(displaced.get(k) is not None for k in ("low", "best", "high"))
        else None,
        description=payload.get("text") or "",
        sources=[reference],
    )
    record_incident(
        session,
        incident,
        conflict_id=source.conflict_id,
        actor=actor,
        published=published,
        submitted_for_party=source.submitted_for_party,
        spans={reference: spans},
    )
    return f"incident:{incident.id}"


def _accept_claim(
    session: Session,
    candidate: ReviewCandidate,
    payload: dict[str, Any],
    source: SourceDocument,
    spans: list[list[int]],
    *,
    actor: str,
    published: bool,
) -> str:
    incident_id = payload.get("incident")
    if incident_id and session.get(Incident, incident_id) is None:
        # a local candidate id ("c3"): the incident that candidate became once accepted
        sibling = session.scalars(
            select(ReviewCandidate).where(
                ReviewCandidate.source_id == candidate.source_id, ReviewCandidate.local_id == incident_id
            )
        ).first()
        made = sibling.result if sibling is not None else None
        if not made or not made.startswith("incident:"):
            raise InvalidInput(
                f"the claim concerns candidate {incident_id}, which is not accepted yet: accept it first, "
                "or edit incident=INCIDENT_ID"
            )
        incident_id = made.removeprefix("incident:")
    if not incident_id:
        raise InvalidInput("the claim is about no incident: edit incident=INCIDENT_ID")
    reference = source_reference(source)
    claim = schema.Claim(
        claimant=payload.get("claimant") or "",
        accused=payload.get("accused"),
        assertion=payload.get("about") or "other",
        stance=payload.get("stance") or "accuses",
        date=payload.get("date") or source.published_on or dt.date.today(),
        summary=payload.get("text") or "",
        sources=[reference],
        breaks=payload.get("breaks") or ([payload["agreement"]] if payload.get("agreement") else []),
    )
    row = add_claim(
        session,
        incident_id,
        claim,
        actor=actor,
        published=published,
        submitted_for_party=source.submitted_for_party,
        spans={reference: spans},
    )
    return f"claim:{row.id}"


def _accept_meeting(
    session: Session, payload: dict[str, Any], source: SourceDocument, spans: list[list[int]], *, actor: str
) -> str:
    if not payload.get("date_start"):
        raise InvalidInput("the meeting has no date: edit date_start=YYYY-MM-DD")
    body = payload.get("body") or "other"
    meeting = schema.Meeting(
        id=_new_id("meeting-", payload["date_start"], body.lower(), source, payload.get("id", "")),
        body=body,
        title=payload.get("text") or f"{body} meeting",
        date_start=payload["date_start"],
        date_end=payload.get("date_end"),
        place_name=payload.get("place_name") or payload.get("place") or "not reported",
        sources=[source_reference(source)],
    )
    record_meeting(
        session,
        meeting,
        conflict_id=source.conflict_id,
        actor=actor,
        planned=bool(payload.get("planned")),
        submitted_for_party=source.submitted_for_party,
    )
    cite(session, subject_type="meeting", subject_id=meeting.id, source=source, spans=spans)
    return f"meeting:{meeting.id}"


def _accept_letter(
    session: Session, payload: dict[str, Any], source: SourceDocument, spans: list[list[int]], *, actor: str
) -> str:
    sender = payload.get("sender") or (payload.get("parties") or [None])[0]
    if not sender:
        raise InvalidInput("the letter has no sender: edit sender=PARTY")
    kind: str = (
        payload["kind"] if payload.get("kind") in {"protest", "clarification_request", "notification"} else "protest"
    )
    letter = schema.Letter(
        id=_new_id("letter-", payload.get("date_start"), kind, source, payload.get("id", "")),
        kind=kind,
        sender=sender,
        recipients=payload.get("recipients") or [],
        date=payload.get("date_start"),
        date_precision=payload.get("date_precision") or "day",
        subject=(payload.get("text") or "letter")[:200],
        summary=payload.get("text") or "",
        sent=not payload.get("planned"),
        sources=[source_reference(source)],
    )
    record_letter(
        session, letter, conflict_id=source.conflict_id, actor=actor, submitted_for_party=source.submitted_for_party
    )
    cite(session, subject_type="letter", subject_id=letter.id, source=source, spans=spans)
    return f"letter:{letter.id}"


def _accept_statement(
    session: Session, payload: dict[str, Any], source: SourceDocument, spans: list[list[int]], *, actor: str
) -> str:
    speaker = payload.get("speaker") or (payload.get("parties") or [None])[0]
    if not speaker:
        raise InvalidInput("a statement needs a speaker: edit speaker=PARTY")
    date = payload.get("date_start") or (source.published_on.isoformat() if source.published_on else None)
    if not date:
        raise InvalidInput("the statement has no date: edit date_start=YYYY-MM-DD")
    kind = payload.get("kind") if payload.get("kind") in {"demand", "condemnation", "welcome", "denial"} else "other"
    statement = schema.Statement(
        id=_new_id("statement-", date, str(kind), source, payload.get("id", "")),
        speaker=speaker,
        kind=kind,
        date=date,
        summary=payload.get("text") or "",
        sources=[source_reference(source)],
    )
    record_statement(
        session, statement, conflict_id=source.conflict_id, actor=actor, submitted_for_party=source.submitted_for_party
    )
    cite(session, subject_type="statement", subject_id=statement.id, source=source, spans=spans)
    return f"statement:{statement.id}"


def _accept_agreement_ref(
    session: Session, payload: dict[str, Any], source: SourceDocument, spans: list[list[int]]
) -> str:
    agreement_id = payload.get("agreement")
    agreement = session.get(Agreement, agreement_id) if agreement_id else None
    if agreement is None or agreement.conflict_id != source.conflict_id:
        raise InvalidInput(f"no agreement {agreement_id!r} in the store: edit agreement=AGREEMENT_ID")
    cite(session, subject_type="agreement", subject_id=agreement.id, source=source, spans=spans)
    return f"agreement:{agreement_id}"


def _public_only(source: SourceDocument, what: str) -> None:
    """Tallies and agreement events have no unpublished state: a party's own submission cannot make one."""
    if source.submitted_for_party is not None:
        raise InvalidInput(
            f"{what} is public once recorded, and this source is {source.submitted_for_party}'s own submission: "
            "record it from a published report of the same count or event"
        )


def _agreement_of(session: Session, agreement_id: str | None, source: SourceDocument) -> Agreement | None:
    if not agreement_id:
        return None
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or agreement.conflict_id != source.conflict_id:
        raise InvalidInput(f"no agreement {agreement_id!r} in the store: edit agreement=AGREEMENT_ID")
    return agreement


def _accept_tally(
    session: Session, payload: dict[str, Any], source: SourceDocument, spans: list[list[int]], *, actor: str
) -> str:
    """One tally per figure the count gives (killed, injured, displaced), each as the counter published it."""
    _public_only(source, "a tally")
    conflict = conflict_definition(session, source.conflict_id)
    counted_by = party_code(payload.get("speaker"), conflict, field="speaker (who counted)")
    if counted_by is None:
        raise InvalidInput("the tally names no one who counted: edit speaker=PARTY")
    alleged_against = party_code(payload.get("accused"), conflict, field="accused (alleged against)")
    agreement = _agreement_of(session, payload.get("agreement"), source)
    as_of = _date("date_end", payload.get("date_end")) or source.published_on
    if as_of is None:
        raise InvalidInput("the tally has no date it counts to: edit date_end=YYYY-MM-DD")
    since = _date("date_start", payload.get("date_start"))
    figures = [
        (category, payload[category])
        for category in ("killed", "injured", "displaced")
        if payload.get(category) and any(payload[category].get(k) is not None for k in ("low", "best", "high"))
    ]
    if not figures:
        raise InvalidInput("the tally has no figure: edit killed.best=N (or injured, displaced)")
    reference = source_reference(source)
    made = []
    for category, figure in figures:
        tally = schema.Tally(
            id=_new_id(f"{counted_by.lower()}-", as_of.isoformat(), category, source, payload.get("id", "")),
            counted_by=counted_by,
            subject=f"people {category}" + (f" since {since.isoformat()}" if since else ""),
            alleged_against=alleged_against,
            agreement=agreement.id if agreement is not None else None,
            period_start=since,
            as_of=as_of,
            total=schema.Range(**_bounds(figure)),
            note=payload.get("text") or "",
            sources=[reference],
        )
        record_tally(session, tally, conflict_id=source.conflict_id, actor=actor)
        cite(session, subject_type="tally", subject_id=tally.id, source=source, spans=spans)
        made.append(tally.id)
    return "tally:" + ",".join(made)


def _accept_agreement_status(
    session: Session, payload: dict[str, Any], source: SourceDocument, spans: list[list[int]], *, actor: str
) -> str:
    """A dated status event of an agreement in the store, by the party that acted."""
    _public_only(source, "an agreement status event")
    if payload.get("planned"):
        raise InvalidInput(
            "the report announces this change, it does not say it happened: reject it, or edit planned=no"
        )
    agreement = _agreement_of(session, payload.get("agreement"), source)
    if agreement is None:
        raise InvalidInput(
            "the report names no agreement in the store: edit agreement=AGREEMENT_ID "
            "(a new agreement is added to the casebook first)"
        )
    try:
        kind = AgreementEventKind(payload.get("kind") or "")
    except ValueError:
        kinds = ", ".join(k.value for k in AgreementEventKind)
        raise InvalidInput(f"{payload.get('kind')!r} is no agreement event kind: edit kind= one of {kinds}") from None
    conflict = conflict_definition(session, source.conflict_id)
    parties = payload.get("parties") or []
    by = party_code(payload.get("by") or (parties[0] if len(parties) == 1 else None), conflict)
    if kind == AgreementEventKind.SUSPENDED and by is None:
        raise InvalidInput("a suspension is by a party: edit by=PARTY")
    day = _date("date_start", payload.get("date_start")) or source.published_on
    if day is None:
        raise InvalidInput("the event has no date: edit date_start=YYYY-MM-DD")
    when = event_time(day.isoformat(), conflict)
    # a report dated by its publication ("days" precision) may tell of an event a day or two before
    slack = dt.timedelta(days=SLACK_DAYS.get(payload.get("date_precision") or "day", 0))
    for existing in agreement.events:
        local_day = existing.date.astimezone(conflict.zone).date()
        if existing.kind == kind.value and existing.by_party == by and abs(local_day - day) <= slack:
            raise Conflict(
                f"agreement {agreement.id} already has a {kind.value} event"
                + (f" by {by}" if by else "")
                + f" on {local_day.isoformat()}: reject this candidate as already recorded"
            )
    event = schema.AgreementEvent(
        date=when, kind=kind, by=by, note=payload.get("text") or "", sources=[source_reference(source)]
    )
    row = record_agreement_event(session, agreement.id, event, actor=actor)
    cite(session, subject_type="agreement_event", subject_id=str(row.id), source=source, spans=spans)
    session.expire(agreement, ["events"])
    return f"agreement_event:{row.id}"
