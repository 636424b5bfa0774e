"""Letters drafted from the record for a person to finish: a protest to the other party, and a
request for clarification under a treaty (submitted through its depositary and copied to its
presidency of the day, both from the conflict's data).

Every fact in a letter is the record's, with its numbered source; the sentences around the
facts are the only words the letter adds. Drafting one is a ledger entry
(``report:letter:generated``); a letter sent is recorded as a letter record.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.compliance.services import violations_for
from truceline.diplomacy.queries import treaties
from truceline.domain import schema
from truceline.domain.conflict import ConflictDefinition
from truceline.domain.wording import figure_text
from truceline.errors import InvalidInput
from truceline.incidents.kinds import kind_label
from truceline.incidents.models import Evidence, Incident
from truceline.incidents.queries import incident_records
from truceline.ledger.services import append
from truceline.reports.document import Bullets, Document, Paragraph, Table
from truceline.reports.record import definition, reader
from truceline.visibility import Visibility


def _party(conflict: ConflictDefinition, code: str, what: str) -> str:
    code = code.upper()
    if conflict.party(code) is None:
        raise InvalidInput(
            f"unknown party {code!r} for {what}; the parties of {conflict.id}: {', '.join(conflict.by_code)}"
        )
    return code


def _incidents(
    session: Session, conflict_id: str, incident_ids: list[str], visibility: Visibility
) -> list[dict[str, Any]]:
    if not incident_ids:
        raise InvalidInput("name at least one incident (--incident ID)")
    rows = {
        i.id: i
        for i in session.scalars(
            select(Incident).where(Incident.id.in_(incident_ids), Incident.conflict_id == conflict_id)
        )
        if visibility.sees(i.published, i.submitted_for_party)
    }
    missing = [i for i in incident_ids if i not in rows]
    if missing:
        raise InvalidInput(f"unknown incident {missing[0]!r} (see 'truceline incidents list')")
    records = incident_records(session, [rows[i] for i in dict.fromkeys(incident_ids)], visibility)
    return sorted(records, key=lambda r: (r["date_start"], r["id"]))


def _evidence(session: Session, incident_id: str, visibility: Visibility) -> list[Evidence]:
    rows = session.scalars(select(Evidence).where(Evidence.incident_id == incident_id).order_by(Evidence.id))
    # restricted evidence is named (by hash) only to those who may see it
    return [e for e in rows if not e.restricted or not visibility.published_only]


def _incident_facts(
    doc: Document,
    session: Session,
    conflict: ConflictDefinition,
    incident: dict[str, Any],
    visibility: Visibility,
    *,
    accused: str,
    as_of: dt.date,
) -> list[Paragraph | Bullets | Table]:
    where = incident["place"] or "place not reported"
    if incident["lat"] is not None:
        where += f" ({incident['lat']:.4f}, {incident['lon']:.4f}; precision: {incident['location_precision']})"
    dates = incident["date_start"] + (
        f" to {incident['date_end']}" if incident["date_end"] != incident["date_start"] else ""
    )
    facts = [
        f"Date: {dates} (precision: {incident['date_precision']})",
        f"Place: {where}",
        f"Kind: {kind_label(incident['kind'])}",
        f"Killed: {figure_text(incident['killed'])}; injured: {figure_text(incident['injured'])}",
        "Devices and weapons: " + (", ".join(incident["weapons"]) if incident["weapons"] else "not reported"),
        f"Account: {incident['description']} {doc.cite(incident['sources'])}",
    ]
    for claim in incident["claims"]:
        facts.append(
            f"Claim by {conflict.display_name(claim['claimant'])} on {claim['made_on']} ({claim['stance']}): "
            f"{claim['summary']} {doc.cite(claim['sources'])}"
        )
    blocks: list[Paragraph | Bullets | Table] = [Paragraph(f"Incident {incident['id']}"), Bullets(facts)]
    found = [
        v
        for v in violations_for(
            session,
            as_of,
            incident_id=incident["id"],
            conflict_id=conflict.id,
            published_only=visibility.published_only,
        )
        if v.party == accused
    ]
    if found:
        blocks.append(
            Table(
                ["provision", "status", "why"],
                [[v.provision_id, str(v.status), " ".join(v.explanation)] for v in found],
                caption=f"Provisions {conflict.display_name(accused)} is held to have broken, as of {as_of}",
            )
        )
    else:
        blocks.append(Paragraph(f"The record derives no violation by {conflict.display_name(accused)} as of {as_of}."))
    evidence = _evidence(session, incident["id"], visibility)
    if evidence:
        blocks.append(
            Table(
                ["evidence", "SHA-256"],
                [
                    [
                        f"{e.file_name} ({e.media_type}, {e.size} bytes)"
                        + (f": {e.description}" if e.description else ""),
                        e.sha256,
                    ]
                    for e in evidence
                ],
                caption="Evidence held",
            )
        )
    else:
        blocks.append(Paragraph("Evidence held: none recorded in the store."))
    return blocks


def _generated(session: Session, doc: Document, *, actor: str, payload: dict[str, Any]) -> None:
    digest = hashlib.sha256(doc.text().encode()).hexdigest()
    doc.facts["sha256"] = digest
    append(
        session,
        actor=actor,
        action="report:letter:generated",
        subject_type="letter_draft",
        subject_id=f"{doc.kind}:{digest[:16]}",
        payload=payload | {"text_sha256": digest},
    )


def _protest_parties(sender: str, recipient: str) -> None:
    if sender == recipient:
        raise InvalidInput("a party does not protest to itself: --from and --to must differ")


def _clarification_treaty(
    session: Session, conflict: ConflictDefinition, sender: str, concerning: str, treaty_id: str | None
) -> schema.Treaty:
    """The treaty a request for clarification between two of its states parties is made under."""
    if sender == concerning:
        raise InvalidInput("a state party asks another for clarification: --from and --concerning must differ")
    treaty = _treaty(session, conflict.id, treaty_id)
    for code in (sender, concerning):
        if code not in treaty.states_parties:
            raise InvalidInput(
                f"{conflict.display_name(code)} is not recorded as a state party to {treaty.short_title}"
            )
    if treaty.clarification_article is None:
        raise InvalidInput(f"{treaty.short_title} has no article for requests for clarification in the casebook")
    return treaty


LETTER_KINDS = ("protest", "clarification")


def check_letter(
    session: Session,
    conflict_id: str,
    kind: str,
    *,
    sender: str,
    other: str,
    incident_ids: list[str],
    visibility: Visibility,
) -> None:
    """Refuse what drafting the letter would refuse (an unknown kind or party, a party writing to
    itself, a treaty the two are not parties to, an incident the reader cannot see), without
    drafting it: checked before a job to draft it is queued."""
    if kind not in LETTER_KINDS:
        raise InvalidInput(f"kind: {kind!r} is not {' or '.join(LETTER_KINDS)}")
    conflict = definition(session, conflict_id)
    sender, other = _party(conflict, sender, "--from"), _party(conflict, other, "--to")
    if kind == "protest":
        _protest_parties(sender, other)
    else:
        _clarification_treaty(session, conflict, sender, other, None)
    _incidents(session, conflict_id, incident_ids, reader(visibility, conflict_id))


def protest_letter(
    session: Session,
    conflict_id: str,
    *,
    sender: str,
    recipient: str,
    incident_ids: list[str],
    visibility: Visibility,
    actor: str,
    on: dt.date | None = None,
) -> Document:
    """A protest from ``sender`` to ``recipient`` about incidents: the facts, the provisions the
    record holds the recipient to have broken, the evidence held with its hashes, the sources."""
    conflict = definition(session, conflict_id)
    visibility = reader(visibility, conflict_id)
    sender, recipient = _party(conflict, sender, "--from"), _party(conflict, recipient, "--to")
    _protest_parties(sender, recipient)
    incidents = _incidents(session, conflict_id, incident_ids, visibility)
    on = on or conflict.today()
    doc = Document(
        kind="protest",
        title=f"Protest from {conflict.display_name(sender)} to {conflict.display_name(recipient)}",
        conflict_id=conflict_id,
        draft=True,
    )
    doc.meta.extend(
        [
            ("From", conflict.display_name(sender)),
            ("To", conflict.display_name(recipient)),
            ("Date", on.isoformat()),
            ("Subject", "Incidents of " + ", ".join(f"{i['date_start']} at {i['place']}" for i in incidents)),
            ("Status", "draft generated from the record, to be completed and signed by the sender"),
        ]
    )
    opening = doc.section("Letter")
    opening.add(
        Paragraph(
            f"{conflict.display_name(sender)} protests to {conflict.display_name(recipient)} about the "
            f"{'incident' if len(incidents) == 1 else f'{len(incidents)} incidents'} set out below, "
            "as the record holds them, each fact with its source."
        )
    )
    for incident in incidents:
        opening.add(*_incident_facts(doc, session, conflict, incident, visibility, accused=recipient, as_of=on))
    opening.add(Paragraph("[Requests, closing and signature: to be completed by the sender.]"))
    doc.facts["incidents"] = [i["id"] for i in incidents]
    _generated(
        session,
        doc,
        actor=actor,
        payload={
            "kind": "protest",
            "sender": sender,
            "recipient": recipient,
            "incidents": doc.facts["incidents"],
            "date": on.isoformat(),
        },
    )
    return doc


def clarification_request(
    session: Session,
    conflict_id: str,
    *,
    sender: str,
    concerning: str,
    incident_ids: list[str],
    visibility: Visibility,
    actor: str,
    treaty_id: str | None = None,
    on: dt.date | None = None,
) -> Document:
    """A request for clarification under a treaty (its ``clarification_article``), submitted
    through its depositary and copied to its presidency on the letter's date, with an annex of
    the incidents: dates, places, coordinates, casualties, device types, evidence hashes."""
    conflict = definition(session, conflict_id)
    visibility = reader(visibility, conflict_id)
    sender, concerning = _party(conflict, sender, "--from"), _party(conflict, concerning, "--concerning")
    treaty = _clarification_treaty(session, conflict, sender, concerning, treaty_id)
    incidents = _incidents(session, conflict_id, incident_ids, visibility)
    on = on or conflict.today()
    presidency = treaty.presidency_on(on)
    doc = Document(
        kind="clarification",
        title=f"Request for clarification under {treaty.clarification_article} of the {treaty.short_title}",
        conflict_id=conflict_id,
        draft=True,
    )
    copy = (
        f"{presidency.holder}, {presidency.office} (in office from {presidency.valid_from}"
        + (f" to {presidency.until}" if presidency.until else "")
        + f") {doc.cite(_refs(session, conflict_id, presidency.sources))}"
        if presidency
        else f"the presidency of the {treaty.short_title} (none recorded for {on}: complete before sending)"
    )
    doc.meta.extend(
        [
            ("From", conflict.display_name(sender)),
            ("Concerning", conflict.display_name(concerning)),
            ("Submitted through", treaty.depositary),
            ("Copy to", copy),
            ("Date", on.isoformat()),
            ("Status", "draft generated from the record, to be completed and signed by the sender"),
        ]
    )
    letter = doc.section("Letter")
    letter.add(
        Paragraph(
            f"{conflict.display_name(sender)} submits, through the {treaty.depositary}, a request for "
            f"clarification to {conflict.display_name(concerning)} under {treaty.clarification_article} "
            f"of the {treaty.title} {doc.cite(_refs(session, conflict_id, treaty.sources))}, concerning the "
            f"{'incident' if len(incidents) == 1 else f'{len(incidents)} incidents'} in the annex."
        ),
        Paragraph("[Questions to be answered and closing: to be completed by the sender.]"),
    )
    annex = doc.section("Annex: the incidents")
    annex.add(
        Table(
            ["date", "place", "coordinates", "killed", "injured", "devices", "sources"],
            [
                [
                    i["date_start"],
                    i["place"] or "not reported",
                    f"{i['lat']:.4f}, {i['lon']:.4f}" if i["lat"] is not None else "not reported",
                    figure_text(i["killed"]),
                    figure_text(i["injured"]),
                    ", ".join(i["weapons"]) or "not reported",
                    doc.cite(i["sources"]),
                ]
                for i in incidents
            ],
        )
    )
    for incident in incidents:
        annex.add(*_incident_facts(doc, session, conflict, incident, visibility, accused=concerning, as_of=on))
    doc.facts.update(
        {
            "incidents": [i["id"] for i in incidents],
            "treaty": treaty.id,
            "depositary": treaty.depositary,
            "presidency": presidency.holder if presidency else None,
        }
    )
    _generated(
        session,
        doc,
        actor=actor,
        payload={
            "kind": "clarification_request",
            "sender": sender,
            "concerning": concerning,
            "treaty": treaty.id,
            "incidents": doc.facts["incidents"],
            "date": on.isoformat(),
        },
    )
    return doc


def _treaty(session: Session, conflict_id: str, treaty_id: str | None) -> schema.Treaty:
    known = treaties(session, conflict_id)
    if treaty_id is not None:
        found = next((t for t in known if t.id == treaty_id), None)
        if found is None:
            raise InvalidInput(f"no treaty {treaty_id!r} in the casebook of {conflict_id}")
        return found
    if len(known) != 1:
        raise InvalidInput(
            f"the casebook of {conflict_id} records {len(known)} treaties: name one with --treaty"
            + (f" ({', '.join(t.id for t in known)})" if known else "")
        )
    return known[0]


def _refs(session: Session, conflict_id: str, urls: list[str]) -> list[dict[str, Any]]:
    """The stored source documents of these URLs, as the document cites them."""
    from truceline.sources.models import SourceDocument
    from truceline.sources.queries import source_record

    rows = session.scalars(
        select(SourceDocument).where(SourceDocument.conflict_id == conflict_id, SourceDocument.url.in_(urls))
    )
    return [source_record(r) for r in rows]


def record_sent(
    session: Session,
    doc: Document,
    *,
    sender: str,
    recipients: list[str],
    on: dt.date,
    actor: str,
    letter_id: str | None = None,
    submitted_for_party: str | None = None,
) -> str:
    """Record a drafted letter as sent: its text is kept whole as the letter record's source."""
    from truceline.diplomacy.services import add_letter
    from truceline.sources.services import add_source_document

    conflict = definition(session, doc.conflict_id)
    text = doc.text()
    stored, _ = add_source_document(
        session,
        conflict_id=doc.conflict_id,
        content=text,
        kind="party_statement",
        actor=actor,
        publisher=conflict.display_name(sender),
        title=doc.title,
        published_on=on,
        submitted_for_party=submitted_for_party,
    )
    kind = "protest" if doc.kind == "protest" else "clarification_request"
    letter_id = letter_id or f"{sender.lower()}-{kind.replace('_', '-')}-{on.isoformat()}-{stored.sha256[:6]}"
    add_letter(
        session,
        conflict,
        {
            "id": letter_id,
            "kind": kind,
            "sender": sender,
            "recipients": recipients,
            "date": on,
            "subject": doc.title,
            "summary": next((b.text for s in doc.sections for b in s.blocks if isinstance(b, Paragraph)), doc.title),
            "incidents": list(doc.facts.get("incidents", [])),
        },
        source=f"urn:sha256:{stored.sha256}",
        actor=actor,
        submitted_for_party=submitted_for_party,
    )
    return letter_id
