"""The reports as documents built from the record: the daily report, the situation report and
the committee brief. Every figure comes from the store; every fact carries its numbered source.

The compliance figures are those of the compliance document (:func:`record.compliance_for`),
never recomputed another way.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.agreements.models import Meeting
from truceline.compliance.results import party_column
from truceline.conflicts.services import conflict_geography
from truceline.diplomacy.queries import get_meeting, meeting_records
from truceline.domain.conflict import ConflictDefinition
from truceline.domain.wording import figure_text
from truceline.errors import InvalidInput, NotFound
from truceline.incidents.kinds import kind_label
from truceline.incidents.models import Claim, Incident
from truceline.reports.document import Bullets, Document, Figure, Paragraph, Section, Table
from truceline.reports.figures import map_png, timeline_png
from truceline.reports.record import (
    Period,
    compliance_for,
    definition,
    incidents_in,
    parties_of,
    period,
    reader,
    violation_counts,
)
from truceline.sources.queries import sources_by_subject
from truceline.verification.models import Finding
from truceline.visibility import Visibility
from truceline.vocabulary import CommitmentStatus, ViolationStatus

#: how many incidents a situation report describes one by one
KEY_INCIDENTS = 10

METHOD_NOTE = [
    "Incidents are what sources report happened; each is listed with the sources that report it. "
    "Casualty and displacement figures are ranges (low, best, high) exactly as the sources give "
    "them: a bound no source gives is shown as not reported, never estimated.",
    "A violation is derived, never typed in: an incident attributed to a party by a claim or a "
    "finding, of a kind that a provision binding that party forbids, at a time and place the "
    "provision was in force.",
    "Alleged: a party's claim attributes it and nothing contradicts the claim. Disputed: the "
    "accused party makes a counter-claim (a denial, another account), or observers' findings "
    "conflict. Confirmed: an observers' final finding verified it. Not substantiated: an "
    "observers' final finding did not substantiate it. Unattributed: a breach whose party no "
    "claim or finding names.",
    "Figures are the compliance document's (the same as `truceline compliance --as-of`), limited "
    "to the incidents of the period, as of the as-of date.",
]


def _party_names(conflict: ConflictDefinition, codes: list[str]) -> str:
    return ", ".join(conflict.display_name(c) for c in codes) or "not reported"


def _incident_row(doc: Document, conflict: ConflictDefinition, incident: dict[str, Any]) -> list[str]:
    dates = incident["date_start"]
    if incident["date_end"] != incident["date_start"]:
        dates += f" to {incident['date_end']}"
    return [
        dates,
        kind_label(incident["kind"]),
        incident["place"] or "not reported",
        _party_names(conflict, parties_of(incident)),
        figure_text(incident["killed"]),
        figure_text(incident["injured"]),
        doc.cite(incident["sources"]),
    ]


INCIDENT_HEADERS = ["date", "kind", "place", "parties", "killed", "injured", "sources"]


def _counts_table(counter: Counter[str], header: str) -> Table:
    return Table([header, "incidents"], [[k, str(n)] for k, n in sorted(counter.items(), key=lambda x: (-x[1], x[0]))])


def _meta(doc: Document, conflict: ConflictDefinition, **items: str) -> None:
    doc.meta.append(("Conflict", f"{conflict.title} ({conflict.id})"))
    doc.meta.extend((k.replace("_", " ").capitalize(), v) for k, v in items.items())
    doc.meta.append(("Generated", doc.generated_at.isoformat()))


# ---------------------------------------------------------------------------- daily report


def daily_report(session: Session, conflict_id: str, day: dt.date, visibility: Visibility) -> Document:
    """One day: its incidents by kind, place and party with their sources; the day-on-day and
    seven-day counts; claims made and findings made final that day; commitments due; access
    restrictions recorded."""
    conflict = definition(session, conflict_id)
    visibility = reader(visibility, conflict_id)
    doc = Document(kind="daily", title=f"Daily report, {day.isoformat()}", conflict_id=conflict_id)
    _meta(doc, conflict, day=day.isoformat(), as_of=f"end of {day.isoformat()} ({conflict.info.time_zone})")

    def count(first: dt.date, last: dt.date) -> int:
        return len(incidents_in(session, conflict_id, Period(first, last), visibility))

    today = incidents_in(session, conflict_id, Period(day, day), visibility)
    yesterday = count(day - dt.timedelta(days=1), day - dt.timedelta(days=1))
    week = count(day - dt.timedelta(days=6), day)
    previous_week = count(day - dt.timedelta(days=13), day - dt.timedelta(days=7))
    change = len(today) - yesterday
    doc.facts.update(
        {
            "incidents": len(today),
            "previous_day": yesterday,
            "day_on_day": change,
            "seven_days": week,
            "previous_seven_days": previous_week,
        }
    )
    summary = doc.section("Summary")
    summary.add(
        Paragraph(
            f"{len(today)} incidents recorded on {day.isoformat()}; {yesterday} on the day before "
            f"(day-on-day change {change:+d}). {week} incidents in the seven days to {day.isoformat()}, "
            f"against {previous_week} in the seven days before (change {week - previous_week:+d})."
        ),
        Table(
            ["measure", "count"],
            [
                ["incidents this day", str(len(today))],
                ["incidents the day before", str(yesterday)],
                ["day-on-day change", f"{change:+d}"],
                ["incidents in the last 7 days", str(week)],
                ["incidents in the 7 days before", str(previous_week)],
                ["7-day change", f"{week - previous_week:+d}"],
            ],
        ),
    )
    section = doc.section("Incidents of the day")
    if today:
        section.add(
            _counts_table(Counter(kind_label(i["kind"]) for i in today), "kind"),
            _counts_table(Counter(i["place"] or "not reported" for i in today), "place"),
            _counts_table(Counter(c for i in today for c in (parties_of(i) or ["not reported"])), "party"),
            Table(INCIDENT_HEADERS, [_incident_row(doc, conflict, i) for i in today]),
        )
        section.add(Bullets([f"{i['id']}: {i['description']} {doc.cite(i['sources'])}" for i in today]))
    else:
        section.add(Paragraph("No incident is recorded for this day."))

    claims = doc.section("New claims and findings")
    made = [c for i in today for c in i["claims"] if c["made_on"] == day.isoformat()]
    made += _claims_made_on(session, conflict_id, day, visibility, exclude={c["id"] for c in made})
    if made:
        claims.add(
            Bullets(
                [
                    f"{conflict.display_name(c['claimant'])} ({c['stance']}, {c['assertion'].replace('_', ' ')}) "
                    f"about {c['incident_id']}: {c['summary']} {doc.cite(c['sources'])}"
                    for c in made
                ]
            )
        )
    else:
        claims.add(Paragraph("No claim made this day is recorded."))
    findings = _findings_final_on(session, conflict_id, day, visibility)
    if findings:
        claims.add(
            Bullets([f"Finding {f.id} ({f.result}) on {f.incident_id or f.claim_id}: {f.reasoning}" for f in findings])
        )
    else:
        claims.add(Paragraph("No finding was made final this day."))
    doc.facts["new_claims"] = len(made)
    doc.facts["new_findings"] = len(findings)

    document = compliance_for(session, conflict_id, day, {i["id"] for i in today}, visibility)
    due = doc.section("Commitments due")
    soon = day + dt.timedelta(days=7)
    rows = [
        [c["title"], c["deadline"] or "none", c["status"], ", ".join(c["responsible"])]
        for c in document["commitments"]
        if c["status"] == CommitmentStatus.OVERDUE
        or (c["deadline"] and day.isoformat() <= c["deadline"] <= soon.isoformat() and c["status"] == "pending")
    ]
    if rows:
        due.add(
            Paragraph(f"Commitments overdue on {day.isoformat()} or due by {soon.isoformat()}:"),
            Table(["commitment", "deadline", "status", "responsible"], rows),
        )
    else:
        due.add(Paragraph("No commitment is overdue or due within seven days."))
    access = doc.section("Access restrictions")
    access.add(
        Paragraph(
            "None recorded: the store holds no record of restrictions on observers' access for this day "
            "(it has no record kind for them yet)."
        )
    )
    return doc


def _claims_made_on(
    session: Session, conflict_id: str, day: dt.date, visibility: Visibility, *, exclude: set[str]
) -> list[dict[str, Any]]:
    """Claims made on ``day`` about incidents of other days."""
    from truceline.incidents.queries import claim_record

    rows = session.scalars(
        select(Claim)
        .join(Incident, Incident.id == Claim.incident_id)
        .where(Incident.conflict_id == conflict_id, Claim.made_on == day, Incident.superseded_by.is_(None))
        .where(visibility.condition(Claim.published, Claim.submitted_for_party))
        .where(visibility.condition(Incident.published, Incident.submitted_for_party))
        .order_by(Claim.id)
    ).all()
    chosen = [c for c in rows if c.id not in exclude]
    sources = sources_by_subject(session, "claim", [c.id for c in chosen], visibility=visibility)
    return [claim_record(c, sources.get(c.id, [])) for c in chosen]


def _findings_final_on(session: Session, conflict_id: str, day: dt.date, visibility: Visibility) -> list[Finding]:
    rows = session.scalars(
        select(Finding).where(Finding.conflict_id == conflict_id, Finding.state == "final").order_by(Finding.id)
    )
    return [f for f in rows if f.final_at is not None and f.final_at.date() == day]


# ---------------------------------------------------------------------------- situation report


def sitrep(
    session: Session,
    conflict_id: str,
    first: dt.date,
    last: dt.date,
    visibility: Visibility,
    *,
    as_of: dt.date | None = None,
) -> Document:
    """A period: headline figures, map, timeline, key incidents, violations by provision and
    party with their explanations, commitments, disputed claims, and a method note."""
    span = period(first, last)
    as_of = as_of or last
    if as_of < last:
        raise InvalidInput(f"the as-of date ({as_of}) is before the end of the period ({last})")
    conflict = definition(session, conflict_id)
    visibility = reader(visibility, conflict_id)
    incidents = _period_incidents(session, conflict_id, span, visibility)
    document = compliance_for(session, conflict_id, as_of, {i["id"] for i in incidents}, visibility)
    doc = Document(kind="sitrep", title=f"Situation report, {span.label()}", conflict_id=conflict_id)
    _meta(doc, conflict, period=span.label(), as_of=as_of.isoformat())
    by_status = Counter(v["status"] for v in document["violations"])
    by_party = violation_counts(document)
    doc.facts.update(
        {
            "incidents": len(incidents),
            "incidents_by_kind": dict(Counter(i["kind"] for i in incidents)),
            "violations": len(document["violations"]),
            "violations_by_status": dict(by_status),
            "violations_by_party": by_party,
        }
    )

    headline = doc.section("Headline figures")
    headline.add(
        Paragraph(
            f"{len(incidents)} incidents recorded from {first} to {last}; "
            f"{len(document['violations'])} violations of provisions in force as of {as_of}."
        ),
        _counts_table(Counter(kind_label(i["kind"]) for i in incidents), "incidents by kind"),
    )
    headline.add(*_human_cost(doc, incidents))
    statuses = [s.value for s in ViolationStatus]
    headline.add(
        Table(
            ["party", *statuses, "total"],
            [
                [
                    conflict.display_name(p) if p != party_column(None) else p,
                    *(str(c.get(s, 0)) for s in statuses),
                    str(sum(c.values())),
                ]
                for p, c in by_party.items()
            ]
            + [["all parties", *(str(by_status.get(s, 0)) for s in statuses), str(len(document["violations"]))]],
            caption="Violations by party and status",
        )
    )

    pictures = doc.section("Map and timeline")
    located = [i for i in incidents if i["lat"] is not None]
    pictures.add(
        Figure(
            f"Incidents of the period with a location ({len(located)} of {len(incidents)}); "
            "marker size grows with the killed and injured.",
            map_png(conflict, conflict_geography(session, conflict_id), incidents),
            "map.png",
        ),
        Figure("Incidents per day, by kind.", timeline_png(incidents, first, last), "timeline.png"),
    )

    key = doc.section("Key incidents")
    ranked = sorted(incidents, key=lambda i: (-_harm(i), i["date_start"], i["id"]))[:KEY_INCIDENTS]
    key.add(Paragraph(f"The {len(ranked)} incidents with the most people killed or injured (best, else low)."))
    key.add(Table(INCIDENT_HEADERS, [_incident_row(doc, conflict, i) for i in ranked]))
    key.add(Bullets([f"{i['date_start']} {i['id']}: {i['description']} {doc.cite(i['sources'])}" for i in ranked]))

    violations = doc.section("Violations by provision and party")
    _violations(doc, violations, conflict, document, incidents)

    commitments = doc.section("Commitments and their status")
    if document["commitments"]:
        commitments.add(
            Table(
                ["commitment", "responsible", "deadline", "status", "why"],
                [
                    [
                        c["title"],
                        _party_names(conflict, c["responsible"]),
                        c["deadline"] or "none",
                        c["status"],
                        " ".join(c["explanation"]),
                    ]
                    for c in document["commitments"]
                ],
            )
        )
    else:
        commitments.add(Paragraph("No commitment is recorded."))

    disputed = doc.section("Disputed claims")
    _disputed(doc, disputed, conflict, document, incidents)

    method = doc.section("Method note")
    method.add(*(Paragraph(p) for p in METHOD_NOTE))
    return doc


def _period_incidents(session: Session, conflict_id: str, span: Period, visibility: Visibility) -> list[dict[str, Any]]:
    incidents = incidents_in(session, conflict_id, span, visibility)
    if not incidents:
        raise InvalidInput(f"no incident is recorded from {span.first} to {span.last}: the period is empty")
    return incidents


def check_sitrep(session: Session, conflict_id: str, first: dt.date, last: dt.date, visibility: Visibility) -> None:
    """Refuse what :func:`sitrep` would refuse (a period ending before it starts, too long, or
    with no incident the reader may see), before anything slow is started for it."""
    _period_incidents(session, conflict_id, period(first, last), reader(visibility, conflict_id))


def _harm(incident: dict[str, Any]) -> int:
    return sum((incident[c]["best"] or incident[c]["low"] or 0) for c in ("killed", "injured"))


def _human_cost(doc: Document, incidents: list[dict[str, Any]]) -> list[Table | Paragraph]:
    """Killed, injured and displaced as ranges, each incident's figure with its sources."""
    rows = []
    totals: dict[str, list[int | None]] = {"killed": [0, 0], "injured": [0, 0], "displaced": [0, 0]}
    for incident in incidents:
        figures = {"killed": incident["killed"], "injured": incident["injured"], "displaced": incident["displaced"]}
        if not any(f and any(v is not None for v in f.values()) for f in figures.values()):
            continue
        for name, figure in figures.items():
            if not figure or all(v is None for v in figure.values()):
                continue
            low = figure["low"] if figure["low"] is not None else figure["best"] or 0
            totals[name][0] = (totals[name][0] or 0) + low
            high = totals[name][1]
            totals[name][1] = None if high is None or figure["high"] is None else high + figure["high"]
        rows.append(
            [
                incident["date_start"],
                incident["id"],
                figure_text(figures["killed"]),
                figure_text(figures["injured"]),
                figure_text(figures["displaced"]),
                doc.cite(incident["sources"]),
            ]
        )
    if not rows:
        return [Paragraph("No incident of the period reports people killed, injured or displaced.")]
    summary = {name: figure_text({"low": low, "best": None, "high": high}) for name, (low, high) in totals.items()}
    doc.facts["human_cost"] = summary
    return [
        Paragraph(
            f"Killed: {summary['killed']}; injured: {summary['injured']}; displaced: {summary['displaced']} "
            "(sums of the incidents' figures below; a missing upper bound makes the total open-ended)."
        ),
        Table(["date", "incident", "killed", "injured", "displaced", "sources"], rows, caption="Human cost"),
    ]


def _violations(
    doc: Document,
    section: Section,
    conflict: ConflictDefinition,
    document: dict[str, Any],
    incidents: list[dict[str, Any]],
) -> None:
    if not document["violations"]:
        section.add(Paragraph("No violation of a provision in force is derived for the incidents of the period."))
        return
    by_id = {i["id"]: i for i in incidents}
    summaries = {p["provision_id"]: p for p in document["provisions"]}
    section.add(
        Table(
            ["provision", "party", "alleged", "disputed", "confirmed", "not substantiated", "unattributed", "total"],
            [
                [
                    cell["provision_id"],
                    conflict.display_name(cell["party"]) if cell["party"] != party_column(None) else cell["party"],
                    *(str(cell["counts"].get(s.value, 0)) for s in ViolationStatus),
                    str(cell["total"]),
                ]
                for cell in document["matrix"]
            ],
            caption="Violations by provision and party",
        )
    )
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for v in document["violations"]:
        grouped.setdefault((v["provision_id"], party_column(v["party"])), []).append(v)
    for (provision_id, party), found in sorted(grouped.items()):
        state = summaries.get(provision_id)
        heading = f"{provision_id} — {conflict.display_name(party) if party != party_column(None) else party}"
        if state is not None:
            heading += f" (provision binds {_party_names(conflict, state['binds'])})"
        items = []
        for v in found:
            incident = by_id.get(v["incident_id"])
            sources = doc.cite(incident["sources"]) if incident else ""
            items.append(
                f"{v['incident_date']} {v['incident_id']} — {v['status']}: {' '.join(v['explanation'])} {sources}"
            )
        section.add(Paragraph(heading), Bullets(items))


def _disputed(
    doc: Document,
    section: Section,
    conflict: ConflictDefinition,
    document: dict[str, Any],
    incidents: list[dict[str, Any]],
) -> None:
    by_id = {i["id"]: i for i in incidents}
    items = []
    for incident_id in sorted({v["incident_id"] for v in document["violations"] if v["status"] == "disputed"}):
        incident = by_id[incident_id]
        accounts = "; ".join(
            f"{conflict.display_name(c['claimant'])} ({c['stance']}): {c['summary']} {doc.cite(c['sources'])}"
            for c in incident["claims"]
        )
        items.append(f"{incident['date_start']} {incident_id}: {accounts}")
    doc.facts["disputed_incidents"] = len(items)
    if items:
        section.add(Bullets(items))
    else:
        section.add(Paragraph("No violation of the period is disputed."))


# ---------------------------------------------------------------------------- committee brief


def _meeting(session: Session, meeting_id: str, visibility: Visibility) -> Meeting:
    try:
        return get_meeting(session, meeting_id, visibility)
    except NotFound:
        raise InvalidInput(f"no meeting {meeting_id!r} (see 'truceline meetings list')") from None


def check_brief(session: Session, conflict_id: str, meeting_id: str, visibility: Visibility) -> None:
    """Refuse what :func:`committee_brief` would refuse (a meeting the reader cannot see)."""
    _meeting(session, meeting_id, reader(visibility, conflict_id))


def committee_brief(session: Session, conflict_id: str, meeting_id: str, visibility: Visibility) -> Document:
    """Before a meeting: what changed since the previous meeting of the same body (new incidents
    and violations, disputed claims, overdue commitments) and a suggested agenda."""
    visibility = reader(visibility, conflict_id)
    meeting = _meeting(session, meeting_id, visibility)
    conflict = definition(session, conflict_id)
    previous = session.scalars(
        select(Meeting)
        .where(
            Meeting.conflict_id == conflict_id,
            Meeting.body == meeting.body,
            Meeting.date_start < meeting.date_start,
            visibility.condition(Meeting.published, Meeting.submitted_for_party),
        )
        .order_by(Meeting.date_start.desc(), Meeting.id.desc())
    ).first()
    day_before = meeting.date_start - dt.timedelta(days=1)
    since = (previous.date_end or previous.date_start) + dt.timedelta(days=1) if previous else None
    first = since or min(
        (
            i["date_start"]
            for i in incidents_in(session, conflict_id, Period(dt.date(1900, 1, 1), day_before), visibility)
        ),
        default=day_before.isoformat(),
    )
    first_day = first if isinstance(first, dt.date) else dt.date.fromisoformat(first)
    first_day = min(first_day, day_before)
    span = Period(first_day, day_before)
    incidents = incidents_in(session, conflict_id, span, visibility)
    document = compliance_for(session, conflict_id, day_before, {i["id"] for i in incidents}, visibility)
    record = meeting_records(session, [meeting], visibility)[0]
    doc = Document(kind="brief", title=f"Brief for {meeting.title}", conflict_id=conflict_id)
    _meta(
        doc,
        conflict,
        meeting=f"{meeting.id} ({meeting.body}, {meeting.date_start.isoformat()}, {meeting.place_name})",
        since=f"previous {meeting.body} meeting: {previous.id} ({previous.date_start})"
        if previous
        else f"no earlier {meeting.body} meeting is recorded: since the first incident",
        period=span.label(),
        as_of=day_before.isoformat(),
    )
    doc.section("The meeting").add(
        Paragraph(f"{meeting.title}, {meeting.place_name}, from {meeting.date_start} {doc.cite(record['sources'])}."),
        Bullets([f"chair: {c}" for c in meeting.chairs] + [f"agenda as announced: {a}" for a in meeting.agenda]),
    )
    new = doc.section("New incidents since the previous meeting")
    if incidents:
        new.add(
            _counts_table(Counter(kind_label(i["kind"]) for i in incidents), "kind"),
            Table(INCIDENT_HEADERS, [_incident_row(doc, conflict, i) for i in incidents]),
        )
    else:
        new.add(Paragraph("No incident is recorded in the period."))
    violations = doc.section("New violations")
    _violations(doc, violations, conflict, document, incidents)
    disputed = doc.section("Disputed claims")
    _disputed(doc, disputed, conflict, document, incidents)
    overdue = [c for c in document["commitments"] if c["status"] == CommitmentStatus.OVERDUE]
    late = doc.section("Overdue commitments")
    if overdue:
        late.add(
            Table(
                ["commitment", "responsible", "deadline", "why"],
                [
                    [
                        c["title"],
                        _party_names(conflict, c["responsible"]),
                        c["deadline"] or "",
                        " ".join(c["explanation"]),
                    ]
                    for c in overdue
                ],
            )
        )
    else:
        late.add(Paragraph(f"No commitment is overdue as of {day_before}."))
    agenda = doc.section("Suggested agenda")
    items = []
    if incidents:
        kinds = Counter(kind_label(i["kind"]) for i in incidents)
        items.append(
            f"Review of the {len(incidents)} incidents since {span.first}: "
            + ", ".join(f"{n} {k}" for k, n in kinds.most_common())
            + "."
        )
    for cell in document["matrix"]:
        party = cell["party"]
        items.append(
            f"Alleged breaches of {cell['provision_id']} attributed to "
            f"{conflict.display_name(party) if party != party_column(None) else 'an undetermined party'} "
            f"({cell['total']}): the parties' accounts and the evidence held."
        )
    for c in overdue:
        items.append(
            f"Overdue commitment: {c['title']} (deadline {c['deadline']}); a new date and how it will be verified."
        )
    if doc.facts.get("disputed_incidents"):
        items.append(
            f"Disputed incidents ({doc.facts['disputed_incidents']}): a joint fact-finding or an observers' visit."
        )
    items.append("Date and place of the next meeting.")
    agenda.add(Bullets([f"{n}. {item}" for n, item in enumerate(items, start=1)]))
    doc.facts.update(
        {
            "previous_meeting": previous.id if previous else None,
            "incidents": len(incidents),
            "violations": len(document["violations"]),
            "overdue_commitments": len(overdue),
            "agenda": len(items),
        }
    )
    return doc
