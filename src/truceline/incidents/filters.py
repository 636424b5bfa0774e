"""The one list filter of the web app and the API: what a reader asks for in the query string
(``from``, ``to``, ``kind``, ``party``, ``place``, ``status``, ``q``, ``sort``, plus ``bbox`` and
``id`` for incidents), parsed once by :func:`list_query_params`.

The dashboard (its map, timeline and list), the incident list, the map's markers, the exports and
the lists of claims, findings and sources all take a :class:`ListQuery`; each turns it into its
own store filter (:meth:`ListQuery.filter_for` for incidents; ``publish.record_lists`` for the
others), checking the kinds, statuses and sorts that list knows. Bad input is a 422 that says
which parameter is wrong and why.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from enum import StrEnum
from typing import Annotated
from urllib.parse import urlencode

from fastapi import Depends, Query
from pydantic import BaseModel, StringConstraints

from truceline.auth.deps import Viewer
from truceline.errors import InvalidInput
from truceline.incidents.queries import IncidentFilter
from truceline.visibility import Visibility
from truceline.vocabulary import IncidentKind

_NUMBER = r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?"
#: four comma-separated decimal numbers (their ranges and order are checked by :func:`parse_bbox`)
BBOX_PATTERN = rf"^{_NUMBER}(,{_NUMBER}){{3}}$"


def parse_bbox(bbox: str | None) -> tuple[float, float, float, float] | None:
    if bbox is None:
        return None
    try:
        west, south, east, north = (float(v) for v in bbox.split(","))
    except ValueError:
        raise InvalidInput("bbox is west,south,east,north in decimal degrees") from None
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise InvalidInput("bbox needs -180 <= west <= east <= 180 and -90 <= south <= north <= 90")
    return west, south, east, north


def parse_day(value: str | None, name: str) -> dt.date | None:
    """A query-string date (``YYYY-MM-DD``; empty is none), or a clear error naming the parameter."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


class ListStatus(StrEnum):
    PUBLISHED = "published"
    UNPUBLISHED = "unpublished"


class ListSort(StrEnum):
    DATE = "date"
    NEWEST = "-date"
    KIND = "kind"
    PLACE = "place"


#: the sorts the lists of claims, findings and sources know (incidents know every ListSort)
DATE_SORTS = (ListSort.DATE.value, ListSort.NEWEST.value)

#: ListQuery's fields -> their query-string parameters (the same on pages, API and downloads)
PARAMETERS = {
    "date_from": "from",
    "date_to": "to",
    "kind": "kind",
    "party": "party",
    "place": "place",
    "bbox": "bbox",
    "ids": "id",
    "text": "q",
    "status": "status",
    "sort": "sort",
}


def one_of(name: str, value: str, known: Sequence[str]) -> str:
    if value not in known:
        raise InvalidInput(f"{name}: unknown value {value!r}; known: {', '.join(known)}")
    return value


class ListQuery(BaseModel):
    """The filters shared by the dashboard (map, timeline, list), the lists and their APIs and
    downloads. ``sort`` None is the list's own default order."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    kind: list[str] = []
    party: str | None = None
    place: str | None = None
    bbox: str | None = None
    ids: list[str] = []
    text: str | None = None
    status: str | None = None
    sort: str | None = None

    def query_string(self, **changes: object) -> str:
        """These filters as a query string (for links, pages and downloads), with ``changes``."""
        values = self.model_dump() | changes
        pairs: list[tuple[str, str]] = []
        for name, key in PARAMETERS.items():
            value = values.get(name)
            if value is None or value == [] or value == "":
                continue
            for item in value if isinstance(value, list) else [value]:
                pairs.append((key, str(item.value if isinstance(item, StrEnum) else item)))
        return urlencode(pairs)

    def check(self, *, kinds: Sequence[str], statuses: Sequence[str], sorts: Sequence[str]) -> None:
        """Refuse what the list at hand does not know (a kind, a status, a sort), or dates out of order."""
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise InvalidInput(f"'to' ({self.date_to}) is before 'from' ({self.date_from})")
        for kind in self.kind:
            one_of("kind", kind, kinds)
        if self.status:
            one_of("status", self.status, statuses)
        if self.sort:
            one_of("sort", self.sort, sorts)

    @property
    def words(self) -> str | None:
        return self.text.strip() or None if self.text else None

    def filter_for(self, viewer: Viewer) -> IncidentFilter:
        """The incident filter these parameters ask for, within what ``viewer`` may see."""
        return self.incident_filter(viewer.visibility)

    def incident_filter(self, visibility: Visibility) -> IncidentFilter:
        """The incident filter these parameters ask for, within ``visibility``."""
        self.check(kinds=list(IncidentKind), statuses=list(ListStatus), sorts=list(ListSort))
        return IncidentFilter.within(
            visibility,
            date_from=self.date_from,
            date_to=self.date_to,
            kinds=tuple(self.kind),
            party=self.party.upper() if self.party else None,
            place=self.place,
            bbox=parse_bbox(self.bbox),
            ids=tuple(self.ids),
            text=self.words,
            status=self.status,
            sort=self.sort or ListSort.DATE.value,
        )


Text = Annotated[str, StringConstraints(max_length=120)]


def list_query_params(
    date_from: Annotated[str | None, Query(alias="from", max_length=40, description="First day (YYYY-MM-DD).")] = None,
    date_to: Annotated[str | None, Query(alias="to", max_length=40, description="Last day (YYYY-MM-DD).")] = None,
    kind: Annotated[
        list[Annotated[str, StringConstraints(max_length=40)]] | None,
        Query(
            max_length=100,
            description="Kinds (repeatable): incident kinds, claims' assertions, findings' results or sources' kinds.",
        ),
    ] = None,
    party: Annotated[str | None, Query(max_length=16, description="A party code: actor, claimant or accused.")] = None,
    place: Annotated[str | None, Query(max_length=120, description="A gazetteer place id.")] = None,
    bbox: Annotated[
        str | None, Query(max_length=100, pattern=BBOX_PATTERN, description="west,south,east,north (WGS84).")
    ] = None,
    ids: Annotated[
        list[Text] | None, Query(alias="id", max_length=500, description="Only these incidents (repeatable).")
    ] = None,
    text: Annotated[str | None, Query(alias="q", max_length=200, description="Words in the record.")] = None,
    status: Annotated[
        str | None,
        Query(max_length=20, description="published or unpublished (claims: also retracted; findings: their state)."),
    ] = None,
    sort: Annotated[
        str | None,
        Query(max_length=10, description="date (oldest first), -date (newest first); incidents: kind, place."),
    ] = None,
) -> ListQuery:
    """The query string's filters; an empty parameter, as a form sends for "any", is left out."""
    return ListQuery(
        date_from=parse_day(date_from, "from"),
        date_to=parse_day(date_to, "to"),
        kind=[k for k in kind or [] if k],
        party=party or None,
        place=place or None,
        bbox=bbox or None,
        ids=[i for i in ids or [] if i],
        text=text or None,
        status=status or None,
        sort=sort or None,
    )


FilterDep = Annotated[ListQuery, Depends(list_query_params)]
