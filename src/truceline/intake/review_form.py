"""The review form: each field a reviewer may edit (``review.EDITABLE``) as a typed input — the
vocabulary's kinds and precisions, the conflict's parties and the gazetteer's places as choices,
dates as dates, killed/injured/displaced as low/best/high numbers — with its current value.

The web form sends every field back with its original value, so only what the reviewer changed is
an edit (the same edits ``truceline review accept --edit FIELD=VALUE`` takes).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from truceline.domain.conflict import ConflictDefinition
from truceline.domain.labels import N_
from truceline.domain.schema import DISPUTED, UNDETERMINED, UNKNOWN
from truceline.incidents.kinds import kind_label
from truceline.intake.review import EDITABLE, LIST_FIELDS
from truceline.intake.review import LABELS as TYPE_LABELS
from truceline.places.models import Place
from truceline.places.queries import gazetteer_names
from truceline.vocabulary import (
    ClaimAssertion,
    ClaimStance,
    DatePrecision,
    IncidentKind,
    LocationPrecision,
    Modality,
)

Choices = list[tuple[str, str]]
#: a choice's names by language (a party's or a place's ``names``), by the choice's value: the page
#: shows the one in the reader's language where there is one, else the choice's label
Names = dict[str, dict[str, str]]
#: the fields whose choices are the conflict's parties
PARTY_FIELDS = ("side", "parties", "claimant", "accused", "speaker", "sender", "recipients")

#: each field's words on the form (marked for the catalogs; the page translates them)
LABELS = {
    "kind": N_("kind"),
    "modality": N_("modality"),
    "date_start": N_("Date (first day)"),
    "date_end": N_("Date (last day)"),
    "date": N_("date"),
    "date_precision": N_("Date known to the"),
    "place": N_("Place (gazetteer)"),
    "place_name": N_("Place as reported"),
    "lat": N_("Latitude"),
    "lon": N_("Longitude"),
    "location_precision": N_("Located to"),
    "side": N_("On whose side"),
    "parties": N_("Parties involved"),
    "weapons": N_("Weapons (comma-separated)"),
    "text": N_("Summary"),
    "about": N_("What the claim asserts"),
    "breaks": N_("Provisions it says were broken (comma-separated)"),
    "incident": N_("Incident (id or candidate)"),
    "planned": N_("Planned, not yet held"),
    "claimant": N_("claimant"),
    "accused": N_("accused"),
    "stance": N_("stance"),
    "agreement": N_("agreement"),
    "body": N_("body"),
    "sender": N_("sender"),
    "recipients": N_("recipients"),
    "speaker": N_("speaker"),
    "by": N_("by"),
}
#: the bounds of a figure
BOUNDS = {"low": N_("low"), "best": N_("best"), "high": N_("high")}


@dataclass
class FormField:
    name: str
    label: str
    widget: str  # select, multiselect, date, number, text, textarea, checkbox
    value: str = ""
    choices: Choices = field(default_factory=list)
    #: for figures: the group ("killed") the bound belongs to
    group: str = ""
    #: the label's words before capitals, as marked for the catalogs (the page shows them translated)
    words: str = ""
    #: the choices' names in other languages, by value (parties and places)
    names: Names = field(default_factory=dict)
    #: a value proposed that is none of the choices (shown as proposed)
    proposed: str = ""

    @property
    def values(self) -> set[str]:
        return {v for v in self.value.split(",") if v}


def _enum_choices(values: Any, label: Any = None) -> Choices:
    return [(v.value, label(v.value) if label else v.value.replace("_", " ")) for v in values]


def field_text(name: str, value: Any) -> str:
    """A payload value as the form shows it."""
    if value is None:
        return ""
    if name in LIST_FIELDS and isinstance(value, list):
        return ",".join(map(str, value))
    if isinstance(value, bool):
        return "1" if value else ""
    return str(value)


def current_values(candidate_type: str, payload: dict[str, Any]) -> dict[str, str]:
    """Every editable field's current value as text (``killed.best`` from ``killed``'s best)."""
    values = {}
    for name in EDITABLE.get(candidate_type, ()):
        if "." in name:
            figure, bound = name.split(".", 1)
            values[name] = field_text(name, (payload.get(figure) or {}).get(bound))
        else:
            values[name] = field_text(name, payload.get(name))
    return values


def choices_for(session: Session, conflict: ConflictDefinition) -> dict[str, Choices]:
    parties = [(p.code, conflict.display_name(p.code)) for p in conflict.parties]
    places = [
        (p.id, p.name + (f" ({p.admin1})" if p.admin1 else ""))
        for p in session.scalars(select(Place).where(Place.conflict_id == conflict.id).order_by(Place.name))
    ]
    sides = [(DISPUTED, "disputed"), (UNDETERMINED, "undetermined"), (UNKNOWN, "unknown")]
    return {
        "kind": _enum_choices(IncidentKind, kind_label),
        "modality": _enum_choices(Modality),
        "date_precision": _enum_choices(DatePrecision),
        "location_precision": _enum_choices(LocationPrecision),
        "place": [("", N_("— not in the gazetteer —")), *places],
        "side": [(code, name) for code, name in parties if code in conflict.principals] + sides,
        "parties": parties,
        "claimant": [("", "—"), *parties],
        "accused": [("", "—"), *parties],
        "speaker": [("", "—"), *parties],
        "sender": [("", "—"), *parties],
        "recipients": parties,
        "about": _enum_choices(ClaimAssertion),
        "stance": _enum_choices(ClaimStance),
        "body": [("", "—"), *[(b.code, b.name) for b in conflict.info.bodies]],
    }


def choice_names(session: Session, conflict: ConflictDefinition) -> dict[str, Names]:
    """The names in other languages of the parties and places the form offers, by field."""
    parties = {p.code: dict(p.names) for p in conflict.parties if p.names}
    found = gazetteer_names(session, conflict.id, conflict.info.languages or [])
    # the labels themselves are the usual names, with the province (kept for an English reader)
    places = {place: {lang: name for lang, name in names.items() if lang != "en"} for place, names in found.items()}
    return {"place": places} | {name: parties for name in PARTY_FIELDS}


WIDGETS = {
    "date_start": "date",
    "date_end": "date",
    "date": "date",
    "lat": "number",
    "lon": "number",
    "text": "textarea",
    "planned": "checkbox",
    "parties": "multiselect",
    "recipients": "multiselect",
}


def form_fields(
    candidate_type: str, values: dict[str, str], choices: dict[str, Choices], names: dict[str, Names] | None = None
) -> list[FormField]:
    """The form of one candidate, with ``values`` (the current ones, or what the reviewer sent) and
    ``names``, the choices' names in other languages (:func:`choice_names`)."""
    fields = []
    for name in EDITABLE.get(candidate_type, ()):
        value = values.get(name, "")
        if "." in name:
            group, bound = name.split(".", 1)
            fields.append(FormField(name, bound, "number", value, group=group, words=BOUNDS.get(bound, bound)))
            continue
        widget = WIDGETS.get(name, "text")
        options = choices.get(name, []) if widget != "checkbox" else []
        if name == "kind" and candidate_type != "incident":
            options = []  # letters' and statements' kinds are their own words
        proposed = ""
        if options and widget == "text":
            widget = "select"
            if value and value not in {v for v, _ in options}:
                options, proposed = [*options, (value, value)], value
        label = TYPE_LABELS.get(candidate_type, {}).get(name) or LABELS.get(name) or name.replace("_", " ")
        fields.append(
            FormField(
                name,
                label[:1].upper() + label[1:],
                widget,
                value,
                options,
                words=label,
                names=(names or {}).get(name, {}),
                proposed=proposed,
            )
        )
    return fields
