"""The controlled vocabularies every part of Truceline shares.

One place for incident kinds, precisions, claim assertions and statuses, so the store,
the casebooks, extraction, compliance and the exports all speak the same words.

Incident kinds map losslessly onto ACLED's event type / sub-event type for export
(``ACLED_MAPPING``); the ceasefire-specific kinds that ACLED folds into
"Strategic developments / Other" keep their own name here and travel in ACLED's
``notes`` and ``tags`` columns on export.
"""

from __future__ import annotations

from enum import StrEnum


class IncidentKind(StrEnum):
    # Battles
    ARMED_CLASH = "armed_clash"
    TERRITORY_TAKEN = "territory_taken"
    # Explosions / remote violence
    AIR_STRIKE = "air_strike"
    DRONE_STRIKE = "drone_strike"
    SHELLING = "shelling"  # artillery, rockets, missiles, mortars
    LANDMINE_EXPLOSION = "landmine_explosion"  # remote explosive / landmine / IED
    # Violence against civilians
    ATTACK_ON_CIVILIANS = "attack_on_civilians"
    # Strategic developments (ACLED) and ceasefire-specific kinds
    MINES_FOUND = "mines_found"  # disrupted weapons use: mines found, defused, cleared
    WEAPONS_SEIZED = "weapons_seized"  # abandoned weapons or explosives found
    MINE_EMPLACEMENT_OBSERVED = "mine_emplacement_observed"
    BUILDUP = "buildup"  # troop or weapons build-up
    FORTIFICATION = "fortification"
    AIRSPACE_INCURSION = "airspace_incursion"  # aircraft or drone crossing
    TERRITORY_INCURSION = "territory_incursion"
    HEAVY_WEAPONS_WITHDRAWAL = "heavy_weapons_withdrawal"
    PRISONER_RELEASE = "prisoner_release"
    REMAINS_RETURNED = "remains_returned"
    DETENTION = "detention"  # arrests, capture of soldiers
    PROPERTY_DESTRUCTION = "property_destruction"
    PROTEST = "protest"
    OTHER = "other"


#: kind -> (ACLED disorder_type, event_type, sub_event_type)
ACLED_MAPPING: dict[IncidentKind, tuple[str, str, str]] = {
    IncidentKind.ARMED_CLASH: ("Political violence", "Battles", "Armed clash"),
    IncidentKind.TERRITORY_TAKEN: ("Political violence", "Battles", "Government regains territory"),
    IncidentKind.AIR_STRIKE: ("Political violence", "Explosions/Remote violence", "Air/drone strike"),
    IncidentKind.DRONE_STRIKE: ("Political violence", "Explosions/Remote violence", "Air/drone strike"),
    IncidentKind.SHELLING: (
        "Political violence",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    ),
    IncidentKind.LANDMINE_EXPLOSION: (
        "Political violence",
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
    ),
    IncidentKind.ATTACK_ON_CIVILIANS: ("Political violence", "Violence against civilians", "Attack"),
    IncidentKind.MINES_FOUND: ("Strategic developments", "Strategic developments", "Disrupted weapons use"),
    IncidentKind.WEAPONS_SEIZED: (
        "Strategic developments",
        "Strategic developments",
        "Disrupted weapons use",
    ),
    IncidentKind.MINE_EMPLACEMENT_OBSERVED: ("Strategic developments", "Strategic developments", "Other"),
    IncidentKind.BUILDUP: ("Strategic developments", "Strategic developments", "Other"),
    IncidentKind.FORTIFICATION: (
        "Strategic developments",
        "Strategic developments",
        "Headquarters or base established",
    ),
    IncidentKind.AIRSPACE_INCURSION: ("Strategic developments", "Strategic developments", "Other"),
    IncidentKind.TERRITORY_INCURSION: ("Strategic developments", "Strategic developments", "Other"),
    IncidentKind.HEAVY_WEAPONS_WITHDRAWAL: ("Strategic developments", "Strategic developments", "Other"),
    IncidentKind.PRISONER_RELEASE: ("Strategic developments", "Strategic developments", "Other"),
    IncidentKind.REMAINS_RETURNED: ("Strategic developments", "Strategic developments", "Other"),
    IncidentKind.DETENTION: ("Strategic developments", "Strategic developments", "Arrests"),
    IncidentKind.PROPERTY_DESTRUCTION: (
        "Strategic developments",
        "Strategic developments",
        "Looting/property destruction",
    ),
    IncidentKind.PROTEST: ("Demonstrations", "Protests", "Peaceful protest"),
    IncidentKind.OTHER: ("Strategic developments", "Strategic developments", "Other"),
}

#: ACLED's sub_event_type -> our kind, for imports (the first kind listed above wins)
ACLED_SUB_EVENT_TO_KIND: dict[str, IncidentKind] = {}
for _kind, (_, _, _sub) in ACLED_MAPPING.items():
    ACLED_SUB_EVENT_TO_KIND.setdefault(_sub, _kind)

#: kinds that are hostile acts (used by ceasefire provisions as "any hostile act")
HOSTILE_KINDS: frozenset[IncidentKind] = frozenset(
    {
        IncidentKind.ARMED_CLASH,
        IncidentKind.TERRITORY_TAKEN,
        IncidentKind.AIR_STRIKE,
        IncidentKind.DRONE_STRIKE,
        IncidentKind.SHELLING,
        IncidentKind.ATTACK_ON_CIVILIANS,
    }
)


class Modality(StrEnum):
    """PLOVER's distinction: an act carried out, or only declared (announced, threatened)."""

    CARRIED_OUT = "carried_out"
    DECLARED = "declared"


class DatePrecision(StrEnum):
    """How exactly a date is known (after UCDP's date_prec 1..5)."""

    DAY = "day"  # UCDP 1
    DAYS = "days"  # UCDP 2: within 2-6 days
    WEEK = "week"  # UCDP 3
    MONTH = "month"  # UCDP 4
    YEAR = "year"  # UCDP 5


UCDP_DATE_PREC: dict[DatePrecision, int] = {
    DatePrecision.DAY: 1,
    DatePrecision.DAYS: 2,
    DatePrecision.WEEK: 3,
    DatePrecision.MONTH: 4,
    DatePrecision.YEAR: 5,
}
#: ACLED time_precision: 1 day, 2 week, 3 month or coarser
ACLED_TIME_PRECISION: dict[DatePrecision, int] = {
    DatePrecision.DAY: 1,
    DatePrecision.DAYS: 2,
    DatePrecision.WEEK: 2,
    DatePrecision.MONTH: 3,
    DatePrecision.YEAR: 3,
}


class LocationPrecision(StrEnum):
    """How exactly a place is known (after UCDP's where_prec 1..7)."""

    EXACT = "exact"  # UCDP 1: the named site itself
    NEAR = "near"  # UCDP 2: within ~25 km of a known point
    DISTRICT = "district"  # UCDP 3: second-order admin area
    PROVINCE = "province"  # UCDP 4: first-order admin area
    BORDER = "border"  # UCDP 5: a linear feature, "along the border"
    COUNTRY = "country"  # UCDP 6
    UNKNOWN = "unknown"  # UCDP 7


UCDP_WHERE_PREC: dict[LocationPrecision, int] = {
    LocationPrecision.EXACT: 1,
    LocationPrecision.NEAR: 2,
    LocationPrecision.DISTRICT: 3,
    LocationPrecision.PROVINCE: 4,
    LocationPrecision.BORDER: 5,
    LocationPrecision.COUNTRY: 6,
    LocationPrecision.UNKNOWN: 7,
}
#: ACLED geo_precision: 1 exact town, 2 near / part of a region, 3 only a larger region
ACLED_GEO_PRECISION: dict[LocationPrecision, int] = {
    LocationPrecision.EXACT: 1,
    LocationPrecision.NEAR: 2,
    LocationPrecision.DISTRICT: 2,
    LocationPrecision.PROVINCE: 3,
    LocationPrecision.BORDER: 3,
    LocationPrecision.COUNTRY: 3,
    LocationPrecision.UNKNOWN: 3,
}


class CasualtyCategory(StrEnum):
    KILLED = "killed"
    INJURED = "injured"


class Population(StrEnum):
    CIVILIAN = "civilian"
    MILITARY = "military"
    UNKNOWN = "unknown"


class ClaimAssertion(StrEnum):
    """What a claim asserts about an incident."""

    RESPONSIBLE = "responsible"  # the accused party carried it out
    FIRED_FIRST = "fired_first"  # the accused party started the exchange
    NEWLY_LAID_MINES = "newly_laid_mines"  # the mines were laid recently, by the accused
    LEGACY_MINES = "legacy_mines"  # the mines are remnants of earlier wars
    SELF_DEFENCE = "self_defence"  # the claimant acted in response
    CIVILIAN_TARGET = "civilian_target"  # the accused hit civilians or civilian objects
    CASUALTY_FIGURE = "casualty_figure"  # a toll as the claimant gives it
    FABRICATED = "fabricated"  # the incident did not happen as described
    DENIAL = "denial"  # the claimant denies the accusation
    OTHER = "other"


class ClaimStance(StrEnum):
    """A claim either accuses a party or denies (rebuts) an accusation."""

    ACCUSES = "accuses"
    DENIES = "denies"


class FindingResult(StrEnum):
    VERIFIED = "verified"
    NOT_SUBSTANTIATED = "not_substantiated"
    INCONCLUSIVE = "inconclusive"


class FindingState(StrEnum):
    DRAFT = "draft"
    IN_REVIEW = "in_review"
    FINAL = "final"
    WITHDRAWN = "withdrawn"


class ViolationStatus(StrEnum):
    ALLEGED = "alleged"
    DISPUTED = "disputed"
    CONFIRMED = "confirmed"
    NOT_SUBSTANTIATED = "not_substantiated"
    #: a breach whose party is undetermined: no claim or finding attributes it, no actor is named
    UNATTRIBUTED = "unattributed"


class CommitmentStatus(StrEnum):
    PENDING = "pending"
    MET = "met"
    OVERDUE = "overdue"
    SUSPENDED = "suspended"


class CommitmentEventKind(StrEnum):
    """Dated events in a commitment's life; its status is derived from them."""

    STARTED = "started"  # implementation began
    PARTIAL = "partial"  # part delivered (e.g. some prisoners released)
    MET = "met"  # delivered in full
    SUSPENDED = "suspended"  # a party suspended it
    RESUMED = "resumed"
    DEADLINE_CHANGED = "deadline_changed"
    CANCELLED = "cancelled"


class AgreementKind(StrEnum):
    CEASEFIRE = "ceasefire"
    MINUTES = "minutes"  # agreed minutes of a border committee
    JOINT_STATEMENT = "joint_statement"
    JOINT_DECLARATION = "joint_declaration"
    TREATY = "treaty"  # e.g. the Mine Ban Convention
    MEMORANDUM = "memorandum"


class AgreementEventKind(StrEnum):
    SIGNED = "signed"
    IN_FORCE = "in_force"
    SUSPENDED = "suspended"  # by one party, from a date
    RESUMED = "resumed"
    SUPERSEDED = "superseded"
    TERMINATED = "terminated"
    REAFFIRMED = "reaffirmed"


class ProvisionType(StrEnum):
    PROHIBITION = "prohibition"  # forbids kinds of events, optionally within a zone
    OBLIGATION = "obligation"  # requires an action, optionally by a deadline


class OnSuspension(StrEnum):
    """What a party's suspension of the agreement does to one provision."""

    CONTINUES = "continues"  # the obligation stands (e.g. the ceasefire itself)
    PAUSES = "pauses"  # the obligation is paused while suspended


class SourceKind(StrEnum):
    NEWS = "news"
    PARTY_STATEMENT = "party_statement"
    JOINT_STATEMENT = "joint_statement"
    OBSERVER_REPORT = "observer_report"
    FIELD_REPORT = "field_report"
    EVENT_DATA = "event_data"  # a CSV row batch (ACLED, UCDP)
    AGREEMENT_TEXT = "agreement_text"
    REFERENCE = "reference"  # encyclopedic or secondary reference


#: ACLED's ``source_scale`` for each kind of source (Truceline's convention: a party's or a joint
#: statement speaks for a state, an observer report for an international body, a field report
#: from the ground; news is written "National" unless the casebook says otherwise)
ACLED_SOURCE_SCALE: dict[SourceKind, str] = {
    SourceKind.NEWS: "National",
    SourceKind.PARTY_STATEMENT: "National",
    SourceKind.JOINT_STATEMENT: "International",
    SourceKind.OBSERVER_REPORT: "International",
    SourceKind.FIELD_REPORT: "Local",
    SourceKind.EVENT_DATA: "Other",
    SourceKind.AGREEMENT_TEXT: "International",
    SourceKind.REFERENCE: "Other",
}


class LetterKind(StrEnum):
    PROTEST = "protest"
    CLARIFICATION_REQUEST = "clarification_request"  # Mine Ban Convention Article 8
    NOTIFICATION = "notification"
    OTHER = "other"


class StatementKind(StrEnum):
    """What a party's public statement does (the review queue's statement kinds, plus a denial)."""

    DEMAND = "demand"
    CONDEMNATION = "condemnation"
    WELCOME = "welcome"
    DENIAL = "denial"
    OTHER = "other"


class Role(StrEnum):
    PUBLIC = "public"
    PARTY = "party"
    OBSERVER = "observer"
    COORDINATOR = "coordinator"
