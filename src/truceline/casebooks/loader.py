"""Read, validate and load a casebook.

``read_casebook`` parses every YAML file of a casebook folder and checks it whole: the schema
of each record, then the references between records (places, zones, agreements, provisions,
incidents, parties, source URLs) and the region's bounding box. Any problem is reported with
the file, the record and the field, and nothing is loaded.

``load_casebook`` writes a valid casebook through the services, in the caller's transaction.
Each record's fingerprint is kept, so loading the same casebook again changes nothing. Loading
a casebook that changed since merges what are new facts (an agreement's or a commitment's new
events, an incident's new claims) and reports every other change as kept as stored.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Generic, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from shapely.geometry import shape
from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.agreements.models import Agreement, Commitment
from truceline.agreements.services import (
    add_agreement,
    add_commitment,
    record_agreement_event,
    record_commitment_event,
    record_letter,
    record_meeting,
    record_statement,
    record_treaty,
)
from truceline.casebooks.models import CasebookRecord
from truceline.conflicts.services import add_conflict, add_line, add_territory
from truceline.domain import schema
from truceline.domain.conflict import ConflictDefinition, parties_in_order
from truceline.errors import Conflict, InvalidInput
from truceline.geo.lines import Geography, LineGeometry
from truceline.incidents.models import Incident
from truceline.incidents.services import add_claim, record_incident, record_tally
from truceline.ledger.models import LedgerEntry
from truceline.ledger.services import canonical_json
from truceline.parties.services import add_party
from truceline.places.services import add_place, add_zone
from truceline.sources.services import add_source_reference

#: the top-level key of each record list and the model that validates its records
RECORD_KINDS: dict[str, type[BaseModel]] = {
    "sources": schema.SourceRef,
    "parties": schema.Party,
    "mentions": schema.Mention,
    "places": schema.Place,
    "lines": schema.Line,
    "territories": schema.Territory,
    "zones": schema.Zone,
    "agreements": schema.Agreement,
    "commitments": schema.Commitment,
    "incidents": schema.Incident,
    "meetings": schema.Meeting,
    "letters": schema.Letter,
    "statements": schema.Statement,
    "treaties": schema.Treaty,
    "tallies": schema.Tally,
}

M = TypeVar("M", bound=BaseModel)


class CasebookError(InvalidInput):
    """A casebook is invalid; ``problems`` lists every problem found, each naming file, record and field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = f"\n  … and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"the casebook is invalid ({len(problems)} problems); nothing was loaded:\n{shown}{more}")


@dataclass
class Located(Generic[M]):
    """A validated record and where it was read from."""

    record: M
    file: str
    index: int


@dataclass
class Casebook:
    info: schema.CasebookInfo
    digest: str
    sources: list[schema.SourceRef] = field(default_factory=list)
    parties: list[schema.Party] = field(default_factory=list)
    mentions: list[schema.Mention] = field(default_factory=list)
    places: list[schema.Place] = field(default_factory=list)
    lines: list[schema.Line] = field(default_factory=list)
    territories: list[schema.Territory] = field(default_factory=list)
    zones: list[schema.Zone] = field(default_factory=list)
    agreements: list[schema.Agreement] = field(default_factory=list)
    commitments: list[schema.Commitment] = field(default_factory=list)
    incidents: list[schema.Incident] = field(default_factory=list)
    meetings: list[schema.Meeting] = field(default_factory=list)
    letters: list[schema.Letter] = field(default_factory=list)
    statements: list[schema.Statement] = field(default_factory=list)
    treaties: list[schema.Treaty] = field(default_factory=list)
    tallies: list[schema.Tally] = field(default_factory=list)
    #: the GeoJSON files of the folder, by file name
    geojson: dict[str, dict[str, Any]] = field(default_factory=dict)

    def definition(self) -> ConflictDefinition:
        return ConflictDefinition.from_casebook(self.info, self.parties, self.mentions)

    def geography(self) -> Geography:
        """The casebook's lines and territories, as :mod:`truceline.geo.lines` measures them."""
        return Geography.from_geojson(
            lines=[
                LineGeometry(
                    id=line.id,
                    name=line.name,
                    kind=line.kind,
                    geometry=self.geometry(line.geometry),
                    version_of=line.version_of,
                    variant_of=line.variant_of,
                    tolerance_km=line.tolerance_km,
                    attribution=self.attribution(line.geometry),
                )
                for line in self.lines
            ],
            territories={t.party: self.geometry(t.geometry) for t in self.territories},
        )

    def geometry(self, ref: schema.GeometryRef) -> dict[str, Any]:
        """The GeoJSON geometry a reference names (the reference was checked when the casebook was read)."""
        geometry: dict[str, Any] = _features(self.geojson[ref.file])[ref.feature]["geometry"]
        return geometry

    def attribution(self, ref: schema.GeometryRef) -> str:
        return str(self.geojson[ref.file].get("attribution", ""))

    def counts(self) -> dict[str, int]:
        return {
            "agreements": len(self.agreements),
            "provisions": sum(len(a.provisions) for a in self.agreements),
            "commitments": len(self.commitments),
            "incidents": len(self.incidents),
            "claims": sum(len(i.claims) for i in self.incidents),
            "meetings": len(self.meetings),
            "letters": len(self.letters),
            "statements": len(self.statements),
            "treaties": len(self.treaties),
            "tallies": len(self.tallies),
            "places": len(self.places),
            "lines": len(self.lines),
            "zones": len(self.zones),
            "parties": len(self.parties),
            "sources": len(self.sources),
        }


def bundled_casebooks() -> dict[str, Traversable]:
    """The casebooks shipped with Truceline, by id (a folder ``a_b_2025`` holds casebook ``a-b-2025``)."""
    root = files("truceline") / "casebooks"
    return {
        item.name.replace("_", "-"): item
        for item in sorted(root.iterdir(), key=lambda t: t.name)
        if item.is_dir() and (item / "casebook.yaml").is_file()
    }


def bundled_casebook_path(name: str) -> Traversable:
    bundled = bundled_casebooks()
    if name not in bundled:
        raise InvalidInput(f"no bundled casebook {name!r}; bundled: {', '.join(sorted(bundled))}")
    return bundled[name]


def _features(collection: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        str(f["id"]): f
        for f in collection.get("features", [])
        if isinstance(f, dict) and "id" in f and isinstance(f.get("geometry"), dict)
    }


def read_casebook(folder: Traversable | Path | str) -> Casebook:
    """Parse and validate a casebook folder; raise :class:`CasebookError` listing every problem."""
    folder = Path(folder) if isinstance(folder, str) else folder
    if not folder.is_dir():
        raise InvalidInput(f"casebook folder {folder} does not exist")
    problems: list[str] = []
    digest = hashlib.sha256()
    paths = sorted((p for p in folder.iterdir() if p.name.endswith((".yaml", ".yml"))), key=lambda p: p.name)
    geojson: dict[str, dict[str, Any]] = {}
    for path in sorted((p for p in folder.iterdir() if p.name.endswith(".geojson")), key=lambda p: p.name):
        data_bytes = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data_bytes + b"\0")
        try:
            collection = json.loads(data_bytes.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            problems.append(f"{path.name}: not valid UTF-8 GeoJSON: {exc}")
            continue
        if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
            problems.append(f"{path.name}: expected a GeoJSON FeatureCollection")
            continue
        geojson[path.name] = collection
    if not any(p.name == "casebook.yaml" for p in paths):
        raise CasebookError([f"{folder}: casebook.yaml is missing"])
    raw: dict[str, list[tuple[str, int, Any]]] = {key: [] for key in RECORD_KINDS}
    info: schema.CasebookInfo | None = None
    for path in paths:
        data_bytes = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data_bytes + b"\0")
        try:
            data = yaml.safe_load(data_bytes.decode("utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError) as exc:
            problems.append(f"{path.name}: not valid UTF-8 YAML: {exc}")
            continue
        if path.name == "casebook.yaml":
            try:
                info = schema.CasebookInfo.model_validate(data)
            except ValidationError as exc:
                problems.extend(_describe(path.name, "casebook", 0, None, exc))
            continue
        if not isinstance(data, dict):
            problems.append(f"{path.name}: expected a mapping with one of {', '.join(RECORD_KINDS)}")
            continue
        for key, rows in data.items():
            if key not in RECORD_KINDS:
                problems.append(
                    f"{path.name}: unknown top-level key {key!r}; expected one of {', '.join(RECORD_KINDS)}"
                )
                continue
            if not isinstance(rows, list):
                problems.append(f"{path.name}: {key} must be a list")
                continue
            raw[key].extend((path.name, index, row) for index, row in enumerate(rows))
    if info is None:
        raise CasebookError(problems or ["casebook.yaml: no casebook information"])

    located: dict[str, list[Located[Any]]] = {}
    for key, model in RECORD_KINDS.items():
        located[key] = []
        for file_name, index, row in raw[key]:
            record_id = row.get("id") or row.get("url") or row.get("code") if isinstance(row, dict) else None
            try:
                located[key].append(Located(model.model_validate(row), file_name, index))
            except ValidationError as exc:
                problems.extend(_describe(file_name, key, index, record_id, exc))

    problems.extend(_check_references(info, located, geojson))
    if problems:
        raise CasebookError(problems)
    book = Casebook(info=info, digest=digest.hexdigest(), geojson=geojson)
    for key in RECORD_KINDS:
        setattr(book, key, [item.record for item in located[key]])
    # several files may list the same source; it is one source (the first listing describes it)
    book.sources = list({source.url: source for source in reversed(book.sources)}.values())[::-1]
    return book


def _describe(file_name: str, key: str, index: int, record_id: Any, exc: ValidationError) -> Iterator[str]:
    where = f"{file_name}: {key}[{index}]" + (f" ({record_id})" if record_id else "")
    for error in exc.errors():
        location = ".".join(str(part) for part in error["loc"]) or "(record)"
        yield f"{where}: field {location}: {error['msg']}"


_LINE_TYPES = {"LineString", "MultiLineString"}
_AREA_TYPES = {"Polygon", "MultiPolygon"}


def _check_references(
    info: schema.CasebookInfo, located: dict[str, list[Located[Any]]], geojson: dict[str, dict[str, Any]]
) -> list[str]:
    problems: list[str] = []

    def where(item: Located[Any], key: str) -> str:
        ident = (
            getattr(item.record, "id", None) or getattr(item.record, "code", None) or getattr(item.record, "url", "")
        )
        return f"{item.file}: {key}[{item.index}] ({ident})"

    def ids(key: str, attribute: str = "id") -> dict[str, Located[Any]]:
        seen: dict[str, Located[Any]] = {}
        for item in located[key]:
            value = getattr(item.record, attribute)
            if value in seen and key != "sources":
                problems.append(f"{where(item, key)}: duplicate {attribute} {value!r} (first in {seen[value].file})")
            seen.setdefault(value, item)
        return seen

    sources = ids("sources", "url")
    parties = ids("parties", "code")
    places = ids("places")
    lines = ids("lines")
    zones = ids("zones")
    agreements = ids("agreements")
    incidents = ids("incidents")
    ids("commitments")
    ids("meetings")
    ids("letters")
    ids("statements")
    ids("treaties")
    ids("tallies")
    principals = {item.record.code for item in located["parties"] if item.record.is_principal}
    west, south, east, north = info.bbox
    if not (west < east and south < north):
        problems.append(f"casebook.yaml: field bbox: {info.bbox} is not west, south, east, north")

    def check_geometry(item: Located[Any], key: str, field_name: str, ref: schema.GeometryRef, types: set[str]) -> None:
        collection = geojson.get(ref.file)
        if collection is None:
            problems.append(f"{where(item, key)}: field {field_name}: no GeoJSON file {ref.file!r} in the casebook")
            return
        feature = _features(collection).get(ref.feature)
        if feature is None:
            problems.append(
                f"{where(item, key)}: field {field_name}: {ref.file} has no feature with id {ref.feature!r}"
            )
            return
        kind = feature["geometry"].get("type")
        if kind not in types:
            problems.append(
                f"{where(item, key)}: field {field_name}: feature {ref.feature!r} is a {kind}, "
                f"expected {' or '.join(sorted(types))}"
            )
            return
        try:
            geometry = shape(feature["geometry"])
        except (ValueError, TypeError, AttributeError, IndexError, KeyError) as exc:
            problems.append(f"{where(item, key)}: field {field_name}: feature {ref.feature!r} is not valid: {exc}")
            return
        if not geometry.is_valid or geometry.is_empty:
            problems.append(f"{where(item, key)}: field {field_name}: feature {ref.feature!r} is empty or invalid")

    def check_side(item: Located[Any], key: str, field_name: str, value: str, allowed: set[str]) -> None:
        if value not in principals | allowed:
            choices = ", ".join(sorted(principals | allowed))
            problems.append(f"{where(item, key)}: field {field_name}: {value!r} is not one of {choices}")

    def check_sources(item: Located[Any], key: str, field_name: str, urls: Iterable[str]) -> None:
        for url in urls:
            if url not in sources:
                problems.append(f"{where(item, key)}: field {field_name}: source {url!r} is not in any sources file")

    def check_party(item: Located[Any], key: str, field_name: str, code: str | None) -> None:
        if code is not None and code not in parties:
            problems.append(f"{where(item, key)}: field {field_name}: unknown party {code!r}")

    def check_point(item: Located[Any], key: str, lat: float | None, lon: float | None) -> None:
        if lat is not None and lon is not None and not (south <= lat <= north and west <= lon <= east):
            problems.append(
                f"{where(item, key)}: field lat/lon: ({lat}, {lon}) lies outside the casebook region "
                f"(lon {west}..{east}, lat {south}..{north})"
            )

    if len(principals) < 2:
        problems.append("parties: a conflict needs at least two principal parties (is_principal: true)")
    for item in located["parties"]:
        check_sources(item, "parties", "sources", item.record.sources)
        check_party(item, "parties", "belongs_to", item.record.belongs_to)
        check_party(item, "parties", "answered_for_by", item.record.answered_for_by)
    for item in located["mentions"]:
        if item.record.code is None:
            problems.append(f"{where(item, 'mentions')}: field code: a mention in mentions.yaml names its party code")
        elif item.record.code:
            check_party(item, "mentions", "code", item.record.code)
    for m_index, pattern in enumerate(info.neutral_mentions):
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(f"casebook.yaml: field neutral_mentions.{m_index}: not a regular expression: {exc}")
    for item in located["places"]:
        place: schema.Place = item.record
        check_sources(item, "places", "sources", place.sources)
        check_point(item, "places", place.lat, place.lon)
        check_side(item, "places", "country", place.country, {schema.DISPUTED})
        if place.kind not in info.all_place_kinds:
            problems.append(
                f"{where(item, 'places')}: field kind: {place.kind!r} is not a place kind "
                f"({', '.join(sorted(info.all_place_kinds))}; add it to place_kinds in casebook.yaml)"
            )
    for item in located["lines"]:
        line: schema.Line = item.record
        check_sources(item, "lines", "sources", line.sources)
        check_geometry(item, "lines", "geometry", line.geometry, _LINE_TYPES)
        check_party(item, "lines", "version_of", line.version_of)
        if line.variant_of is not None and (line.variant_of not in lines or line.variant_of == line.id):
            problems.append(f"{where(item, 'lines')}: field variant_of: unknown line {line.variant_of!r}")
    territory_parties: set[str] = set()
    for item in located["territories"]:
        territory: schema.Territory = item.record
        check_sources(item, "territories", "sources", territory.sources)
        check_geometry(item, "territories", "geometry", territory.geometry, _AREA_TYPES)
        if territory.party not in principals:
            problems.append(f"{where(item, 'territories')}: field party: {territory.party!r} is not a principal party")
        if territory.party in territory_parties:
            problems.append(f"{where(item, 'territories')}: field party: a second territory for {territory.party!r}")
        territory_parties.add(territory.party)
    for item in located["zones"]:
        zone: schema.Zone = item.record
        check_sources(item, "zones", "sources", zone.sources)
        if zone.place is not None and zone.place not in places:
            problems.append(f"{where(item, 'zones')}: field place: unknown place {zone.place!r}")
        if zone.line is not None and zone.line not in lines:
            problems.append(f"{where(item, 'zones')}: field line: unknown line {zone.line!r}")
        if zone.geometry is not None:
            check_geometry(item, "zones", "geometry", zone.geometry, _AREA_TYPES)
    for item in located["agreements"]:
        agreement: schema.Agreement = item.record
        check_sources(item, "agreements", "sources", agreement.sources)
        for code in [*agreement.signatories, *agreement.witnesses]:
            check_party(item, "agreements", "signatories", code)
        numbers: set[str] = set()
        for p_index, provision in enumerate(agreement.provisions):
            label = f"provisions[{p_index}] ({provision.number})"
            if provision.number in numbers:
                problems.append(f"{where(item, 'agreements')}: field {label}.number: duplicate number")
            numbers.add(provision.number)
            check_sources(item, "agreements", f"{label}.sources", provision.sources)
            for code in provision.binds:
                check_party(item, "agreements", f"{label}.binds", code)
            if provision.forbids and provision.forbids.zone and provision.forbids.zone not in zones:
                problems.append(
                    f"{where(item, 'agreements')}: field {label}.forbids.zone: unknown zone {provision.forbids.zone!r}"
                )
        for e_index, event in enumerate(agreement.events):
            check_sources(item, "agreements", f"events[{e_index}].sources", event.sources)
            check_party(item, "agreements", f"events[{e_index}].by", event.by)
            if event.superseded_by is not None and event.superseded_by not in agreements:
                problems.append(
                    f"{where(item, 'agreements')}: field events[{e_index}].superseded_by: "
                    f"unknown agreement {event.superseded_by!r}"
                )
    for item in located["commitments"]:
        commitment: schema.Commitment = item.record
        check_sources(item, "commitments", "sources", commitment.sources)
        target = agreements.get(commitment.agreement)
        if target is None:
            problems.append(
                f"{where(item, 'commitments')}: field agreement: unknown agreement {commitment.agreement!r}"
            )
        elif commitment.provision is not None and commitment.provision not in {
            p.number for p in target.record.provisions
        }:
            problems.append(
                f"{where(item, 'commitments')}: field provision: agreement {commitment.agreement!r} "
                f"has no provision {commitment.provision!r}"
            )
        for code in commitment.responsible:
            check_party(item, "commitments", "responsible", code)
        for e_index, step in enumerate(commitment.events):
            check_sources(item, "commitments", f"events[{e_index}].sources", step.sources)
    for item in located["incidents"]:
        incident: schema.Incident = item.record
        check_sources(item, "incidents", "sources", incident.sources)
        check_point(item, "incidents", incident.lat, incident.lon)
        check_side(item, "incidents", "side", incident.side, {schema.DISPUTED, schema.UNDETERMINED})
        for c_index, figure in enumerate(incident.casualties):
            check_side(item, "incidents", f"casualties[{c_index}].side", figure.side, {schema.UNKNOWN})
        if incident.displaced is not None:
            check_side(item, "incidents", "displaced.side", incident.displaced.side, {"both", schema.UNKNOWN})
        if incident.place is not None and incident.place not in places:
            problems.append(f"{where(item, 'incidents')}: field place: unknown place {incident.place!r}")
        for c_index, figure in enumerate(incident.casualties):
            check_sources(item, "incidents", f"casualties[{c_index}].sources", figure.sources)
        if incident.displaced is not None:
            check_sources(item, "incidents", "displaced.sources", incident.displaced.sources)
        for c_index, claim in enumerate(incident.claims):
            check_sources(item, "incidents", f"claims[{c_index}].sources", claim.sources)
            check_party(item, "incidents", f"claims[{c_index}].claimant", claim.claimant)
            check_party(item, "incidents", f"claims[{c_index}].accused", claim.accused)
            for b_index, broken in enumerate(claim.breaks):
                problem = _break_problem(broken, agreements)
                if problem is not None:
                    problems.append(f"{where(item, 'incidents')}: field claims[{c_index}].breaks[{b_index}]: {problem}")
    for item in located["meetings"]:
        check_sources(item, "meetings", "sources", item.record.sources)
        if item.record.body not in info.body_codes:
            problems.append(
                f"{where(item, 'meetings')}: field body: {item.record.body!r} is not a body of the conflict "
                f"({', '.join(sorted(info.body_codes))}; add it to bodies in casebook.yaml)"
            )
        if item.record.agreement is not None and item.record.agreement not in agreements:
            problems.append(f"{where(item, 'meetings')}: field agreement: unknown agreement {item.record.agreement!r}")
    for item in located["letters"]:
        check_sources(item, "letters", "sources", item.record.sources)
        check_party(item, "letters", "sender", item.record.sender)
        for incident_id in item.record.incidents:
            if incident_id not in incidents:
                problems.append(f"{where(item, 'letters')}: field incidents: unknown incident {incident_id!r}")
    for item in located["statements"]:
        statement: schema.Statement = item.record
        check_sources(item, "statements", "sources", statement.sources)
        check_party(item, "statements", "speaker", statement.speaker)
        for incident_id in statement.incidents:
            if incident_id not in incidents:
                problems.append(f"{where(item, 'statements')}: field incidents: unknown incident {incident_id!r}")
        for agreement_id in statement.agreements:
            if agreement_id not in agreements:
                problems.append(f"{where(item, 'statements')}: field agreements: unknown agreement {agreement_id!r}")
    for item in located["treaties"]:
        treaty: schema.Treaty = item.record
        check_sources(item, "treaties", "sources", treaty.sources)
        for code in treaty.states_parties:
            check_party(item, "treaties", "states_parties", code)
        for p_index, presidency in enumerate(treaty.presidencies):
            check_sources(item, "treaties", f"presidencies[{p_index}].sources", presidency.sources)
    for item in located["tallies"]:
        tally: schema.Tally = item.record
        check_sources(item, "tallies", "sources", tally.sources)
        check_party(item, "tallies", "counted_by", tally.counted_by)
        check_party(item, "tallies", "alleged_against", tally.alleged_against)
        if tally.agreement is not None and tally.agreement not in agreements:
            problems.append(f"{where(item, 'tallies')}: field agreement: unknown agreement {tally.agreement!r}")
    for b_index, body in enumerate(info.bodies):
        for url in body.sources:
            if url not in sources:
                problems.append(
                    f"casebook.yaml: field bodies[{b_index}].sources: source {url!r} is not in any sources file"
                )
    return problems


class _ConflictRecord(schema.Record):
    """What the store keeps of a casebook's own description: the conflict and the words for its actors."""

    info: schema.CasebookInfo
    mentions: list[schema.Mention]


def _break_problem(target: str, agreements: dict[str, Located[Any]]) -> str | None:
    """What is wrong with a claim's ``breaks`` item (``<agreement id>[/<provision number>]``), if anything."""
    agreement_id, sep, number = target.partition("/")
    found = agreements.get(agreement_id)
    if found is None:
        return f"unknown agreement {agreement_id!r} (write <agreement id> or <agreement id>/<provision number>)"
    if sep and number not in {p.number for p in found.record.provisions}:
        known = ", ".join(repr(p.number) for p in found.record.provisions) or "none"
        return f"agreement {agreement_id!r} has no provision {number!r} (its provisions: {known})"
    return None


@dataclass
class LoadReport:
    casebook: str
    added: dict[str, int]
    unchanged: dict[str, int]
    #: new facts merged into records loaded before: agreement events, commitment events, claims
    merged: dict[str, int] = field(default_factory=dict)
    #: records changed in the casebook since they were loaded whose change cannot be merged:
    #: kept as stored (``"incidents <id>: date_start"``); correct them with a correction
    kept: list[str] = field(default_factory=list)

    @property
    def changed_anything(self) -> bool:
        return any(self.added.values()) or any(self.merged.values())


#: what a merge of a changed record gives: how many new facts it added, and the changed fields it could not merge
Merged = tuple[int, list[str]]


def _stored_payload(session: Session, action: str, subject_type: str, subject_id: str) -> dict[str, Any] | None:
    """What the change log says was written when a record was added (its data as loaded then)."""
    return session.scalars(
        select(LedgerEntry.payload)
        .where(
            LedgerEntry.action == action,
            LedgerEntry.subject_type == subject_type,
            LedgerEntry.subject_id == subject_id,
        )
        .order_by(LedgerEntry.seq)
        .limit(1)
    ).first()


def _changed_fields(stored: dict[str, Any] | None, current: dict[str, Any]) -> list[str]:
    """The top-level fields of ``current`` that differ from what was stored (a field the stored
    data lacks counts as unchanged when it is empty: it was added to the schema since)."""
    if stored is None:
        return ["(not in the change log)"]
    current = json.loads(canonical_json(current))
    return sorted(
        key
        for key, value in current.items()
        if (stored[key] != value if key in stored else value not in (None, [], {}, "", False))
    )


def _merge_agreement(session: Session, record: schema.Agreement, actor: str) -> Merged:
    """Add the agreement's events the store lacks (an event is its kind, date and party)."""
    agreement = session.get(Agreement, record.id)
    if agreement is None:
        return 0, ["(not in the store)"]
    core = record.model_dump(mode="json", exclude={"events"}, by_alias=True)
    fields = _changed_fields(_stored_payload(session, "agreement:agreement:add", "agreement", record.id), core)
    known = {(e.kind, e.date, e.by_party) for e in agreement.events}
    added = 0
    for event in record.events:
        key = (event.kind.value, event.date, event.by)
        if key not in known:
            record_agreement_event(session, record.id, event, actor=actor)
            known.add(key)
            added += 1
    if added:
        session.expire(agreement, ["events"])
    return added, fields


def _merge_commitment(session: Session, record: schema.Commitment, actor: str) -> Merged:
    """Add the commitment's events the store lacks (an event is its kind, date and party)."""
    commitment = session.get(Commitment, record.id)
    if commitment is None:
        return 0, ["(not in the store)"]
    core = record.model_dump(mode="json", exclude={"events"})
    fields = _changed_fields(_stored_payload(session, "agreement:commitment:add", "commitment", record.id), core)
    known = {(e.kind, e.date, e.by_party) for e in commitment.events}
    added = 0
    for event in record.events:
        key = (event.kind.value, event.date, event.by)
        if key not in known:
            record_commitment_event(session, record.id, event, actor=actor)
            known.add(key)
            added += 1
    if added:
        session.expire(commitment, ["events"])
    return added, fields


def _merge_incident(session: Session, record: schema.Incident, actor: str) -> Merged:
    """Add the incident's claims the store lacks (a claim is its claimant, accused, assertion,
    stance and date); every other change to the incident is reported, never applied."""
    incident = session.get(Incident, record.id)
    if incident is None:
        return 0, ["(not in the store)"]
    stored = _stored_payload(session, "incident:incident:add", "incident", record.id)
    fields = _changed_fields(stored, record.model_dump(mode="json", exclude={"claims"}))
    known = {(c.claimant, c.accused, c.assertion, c.stance, c.made_on) for c in incident.claims}
    added = 0
    for claim in record.claims:
        key = (claim.claimant, claim.accused, claim.assertion.value, claim.stance.value, claim.date)
        if key not in known:
            add_claim(session, record.id, claim, actor=actor)
            known.add(key)
            added += 1
    if added:
        session.expire(incident, ["claims"])
    return added, fields


def load_casebook(session: Session, book: Casebook, *, actor: str, strict: bool = False) -> LoadReport:
    """Write every record the store does not hold yet, in the caller's transaction.

    A record loaded before with the same data is left alone. One whose data changed since is
    merged where the change is new facts: an agreement's or a commitment's new events, an
    incident's new claims (events and claims already stored, e.g. recorded from the command
    line, are never added twice). Any other change (an incident's date, a provision's text) is
    not applied: the record is kept as stored and listed in ``LoadReport.kept`` (corrections are
    new records, never silent edits). With ``strict``, any changed record is refused instead (a
    :class:`Conflict` naming them) and nothing is loaded.
    """
    known = {
        (row.record_type, row.record_id): row.fingerprint
        for row in session.scalars(select(CasebookRecord).where(CasebookRecord.casebook_id == book.info.id))
    }
    added: dict[str, int] = {}
    unchanged: dict[str, int] = {}
    merged: dict[str, int] = {}
    kept: list[str] = []
    changed: list[str] = []

    def each(
        record_type: str,
        records: Iterable[M],
        key: Callable[[M], str],
        write: Callable[[M], Any],
        merge: tuple[str, Callable[[M], Merged]] | None = None,
    ) -> None:
        added.setdefault(record_type, 0)
        unchanged.setdefault(record_type, 0)
        for record in records:
            record_id = key(record)
            fingerprint = hashlib.sha256(canonical_json(record.model_dump(mode="json")).encode()).hexdigest()
            stored = known.get((record_type, record_id))
            if stored == fingerprint:
                unchanged[record_type] += 1
                continue
            if stored is not None:
                changed.append(f"{record_type} {record_id}")
                if strict:
                    continue
                if merge is None:
                    kept.append(f"{record_type} {record_id}")
                    continue
                part, merge_one = merge
                count, fields = merge_one(record)
                merged[part] = merged.get(part, 0) + count
                if fields:
                    kept.append(f"{record_type} {record_id}: {', '.join(fields)}")
                    continue
                row = session.get(CasebookRecord, (book.info.id, record_type, record_id))
                if row is not None:  # merged whole: the next load finds it unchanged
                    row.fingerprint = fingerprint
                continue
            write(record)
            session.add(
                CasebookRecord(
                    casebook_id=book.info.id,
                    record_type=record_type,
                    record_id=record_id,
                    fingerprint=fingerprint,
                )
            )
            added[record_type] += 1

    conflict_id = book.info.id
    each(
        "conflict",
        [_ConflictRecord(info=book.info, mentions=list(book.mentions))],
        lambda c: c.info.id,
        lambda c: add_conflict(session, c.info, mentions=c.mentions, actor=actor),
    )
    each(
        "sources",
        book.sources,
        lambda s: s.url,
        lambda s: add_source_reference(
            session,
            conflict_id=conflict_id,
            url=s.url,
            kind=s.kind.value,
            actor=actor,
            publisher=s.publisher,
            title=s.title,
            published_on=s.published,
            language=s.language,
        ),
    )
    each(
        "parties",
        parties_in_order(book.parties),
        lambda p: p.code,
        lambda p: add_party(session, p, conflict_id=conflict_id, actor=actor, position=book.parties.index(p)),
    )
    each(
        "lines",
        book.lines,
        lambda line: line.id,
        lambda line: add_line(
            session,
            line,
            conflict_id=conflict_id,
            geometry=book.geometry(line.geometry),
            attribution=book.attribution(line.geometry),
            actor=actor,
        ),
    )
    each(
        "territories",
        book.territories,
        lambda t: t.party,
        lambda t: add_territory(
            session,
            t,
            conflict_id=conflict_id,
            geometry=book.geometry(t.geometry),
            attribution=book.attribution(t.geometry),
            actor=actor,
        ),
    )
    each("places", book.places, lambda p: p.id, lambda p: add_place(session, p, conflict_id=conflict_id, actor=actor))
    each(
        "zones",
        book.zones,
        lambda z: z.id,
        lambda z: add_zone(
            session,
            z,
            conflict_id=conflict_id,
            actor=actor,
            geometry=book.geometry(z.geometry) if z.geometry is not None else None,
        ),
    )
    each(
        "agreements",
        book.agreements,
        lambda a: a.id,
        lambda a: add_agreement(session, a, conflict_id=conflict_id, actor=actor),
        ("agreement events", lambda a: _merge_agreement(session, a, actor)),
    )
    each(
        "commitments",
        book.commitments,
        lambda c: c.id,
        lambda c: add_commitment(session, c, conflict_id=conflict_id, actor=actor),
        ("commitment events", lambda c: _merge_commitment(session, c, actor)),
    )
    each(
        "incidents",
        book.incidents,
        lambda i: i.id,
        lambda i: record_incident(session, i, conflict_id=conflict_id, actor=actor),
        ("claims", lambda i: _merge_incident(session, i, actor)),
    )
    each(
        "meetings",
        book.meetings,
        lambda m: m.id,
        lambda m: record_meeting(session, m, conflict_id=conflict_id, actor=actor),
    )
    each(
        "letters",
        book.letters,
        lambda letter: letter.id,
        lambda letter: record_letter(session, letter, conflict_id=conflict_id, actor=actor),
    )
    each(
        "statements",
        book.statements,
        lambda st: st.id,
        lambda st: record_statement(session, st, conflict_id=conflict_id, actor=actor),
    )
    each(
        "treaties",
        book.treaties,
        lambda t: t.id,
        lambda t: record_treaty(session, t, conflict_id=conflict_id, actor=actor),
    )
    each(
        "tallies",
        book.tallies,
        lambda t: t.id,
        lambda t: record_tally(session, t, conflict_id=conflict_id, actor=actor),
    )
    if strict and changed:
        raise Conflict(
            "these records changed in the casebook since they were loaded; corrections must be new records "
            "(nothing was loaded): " + ", ".join(changed[:20]) + (" …" if len(changed) > 20 else "")
        )
    session.flush()
    return LoadReport(casebook=book.info.id, added=added, unchanged=unchanged, merged=merged, kept=kept)
