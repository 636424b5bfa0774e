"""Places: named ones through a gazetteer, and the border itself when no place is named.

The gazetteer is anything with ``find_in_text(text) -> [(place, start, end)]`` whose places
have ``id, name, lat, lon, country, kind, location_precision`` (``truceline.geo.gazetteer``
is one). "along the border" or "the frontier" with no named place gives place None and
location precision ``border``; a country named as a location ("inside <country>") gives ``country``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from truceline.vocabulary import UCDP_WHERE_PREC, LocationPrecision


class PlaceLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...
    @property
    def location_precision(self) -> LocationPrecision | str: ...


class GazetteerLike(Protocol):
    def find_in_text(self, text: str) -> Sequence[tuple[PlaceLike, int, int]]: ...


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    place_id: str | None
    name: str
    lat: float | None
    lon: float | None
    precision: LocationPrecision
    rule: str
    #: the gazetteer's country code of the place ("disputed" when both claim it); None when not known
    country: str | None = None
    #: a village, town, landmark or road the text names and the gazetteer does not know: finer than a district,
    #: though it is kept with the coarse precision of the larger place named with it
    fine: bool = False

    @property
    def rank(self) -> int:
        """Smaller is more precise (UCDP where_prec)."""
        return UCDP_WHERE_PREC[self.precision]

    @property
    def specificity(self) -> int:
        """How specific the place the text names is (smaller is more specific): a locality kept as text counts
        as a place near a point, whatever coarse precision it is stored with ("in Ban X village, D district"
        names more than the province named in the lead)."""
        return UCDP_WHERE_PREC[LocationPrecision.NEAR] if self.fine else self.rank


_BORDER = re.compile(
    r"\b(?:along|on|near|at|across|to|from|in)?\s*(?:the|their|its|our)\s+(?:shared\s+|common\s+|disputed\s+|contested\s+"
    r"|volatile\s+|\d+-(?:km|kilometre|mile)\s+|[A-Z]\w+[-–][A-Z]\w+\s+)*(?:land\s+)?(?:border|frontier)(?:\s+(?:areas?|regions?|zones?|line))?\b"
    r"|\bborder\s+(?:areas?|regions?|zones?|districts|provinces|villages)\b|\bthe\s+frontline\b"
    r"|\ban?\s+(?:area|region|zone|stretch)\s+between\s+[A-Z][a-z]+['’]s\s+[^.;\n]{0,40}?\band\s+[A-Z][a-z]+['’]s\s+"
    r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,2}\s+provinces?\b",
    re.IGNORECASE,
)
#: "inside X territory", "into Y territory": a country-level location
_TERRITORY = re.compile(r"\b(?:inside|into|in|within)\s+(?:[A-Z][a-z]+)\s+territory\b")

#: "the town of X", "the southern village of Y": a locality the report names, known to the gazetteer or not
_LOCALITY = re.compile(
    r"\b(?:town|towns|village|villages|city|hamlet|locality|neighbou?rhood|border\s+community|area|region)\s+of\s+"
    r"(?P<name>(?:(?:al|el|Al|El|Ad|As|An|Ar)-)?[A-Z][\w'’-]+(?:\s+(?:(?:al|el)-)?[A-Z][\w'’-]+){0,2})"
)
#: "in Banteay X district", "targeted Y district": a district the report names, known or not
_DISTRICT = re.compile(
    r"\b(?:in|into|targeted|targeting|hit|struck)\s+(?:the\s+)?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){0,2})\s+[Dd]istrict\b"
)
#: a name of one to four capitalised words ("Ban Nong X", "Qaryat al-Y", "Pha Mo E Z")
_NAME = (
    r"(?!(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|May|June|July"
    r"|August|September|October|November|December)\b)"
    # "on Dec. 2, 2024": a month's short name is no place
    r"(?!(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b\.?)"
    # Arabic article forms: "Qaryat al-Y", "X as-Z"
    r"(?:(?:al|el|Al|El)-)?[A-Z][\w'’-]*(?:\s+(?:(?:al|el|as|ad|an|ar|at|az|ash)-)?[A-Z][\w'’-]*){0,3}"
    # "Hill N": a name that ends in its number
    r"(?:\s+\d{1,4}\b(?![,.]?\d|\s*(?:am|pm|a\.m|p\.m|km|kilomet|metres|meters|hours?)\b))?"
)
#: "the Khao X area", "the Y area of the south": a named area
_AREA = re.compile(
    # "the A–B area": two names joined by a dash name one area
    rf"\bthe\s+(?P<name>{_NAME}(?:\s*[–—]\s*{_NAME})?(?:\s+(?:National\s+Park|Park|Wildlife\s+Sanctuary|Forest|Hill|Mountain))?)"
    rf"(?:\s+and\s+{_NAME})?\s+(?:border\s+)?(?:area|areas|sector)\b"
)
#: "in X province", "in northwest Y's Z province": a province the report names, known or not
_PROVINCE = re.compile(
    rf"\b(?:in|into)\s+(?:the\s+)?(?:[a-z]+\s+)?(?:[A-Z][a-z]+['’]s\s+)?(?P<name>{_NAME})\s+[Pp]rovince\b"
)
#: "on the border between the X province of A and Y's B": the border, not either side's place
#: "in an area between X's A and Y's B provinces": the two sides' provinces name only the border
_BORDER_BETWEEN = re.compile(
    r"\bborder\s+between\s+[^.;\n]{0,80}?\band\s+(?:[A-Z][a-z]+['’]s\s+)?"
    + _NAME
    + r"|\b(?:area|region|zone|stretch)\s+between\s+[A-Z][a-z]+['’]s\s+[^.;\n]{0,40}?\band\s+[A-Z][a-z]+['’]s\s+"
    + _NAME
    + r"(?:\s+provinces?\b)?"
)
#: "V village", "in O Y commune", "in A and B villages" (the first named): a village or commune named before what it is
_LOCALITY_AFTER = re.compile(
    rf"(?P<name>{_NAME})(?:\s+and\s+{_NAME})?\s+(?:[Vv]illages?|[Cc]ommunes?|[Ss]ub-?[Dd]istricts?)\b"
)
#: "At Chong X in P", "into Ban Y in D district", "near Qaryat al-Z in the Wadi W area", "fired into Ban V
#: (Moo 4 …)", "attacked Ban S in T Province", "in M, near T", "in A near the border": a place named with the larger
#: place it lies in or by
_IN_LARGER = re.compile(
    rf"\b(?:[Aa]t|[Ii]nto|[Nn]ear|[Oo]n|[Ii]n|from|attacked|shelled|struck|bombed|raided)\s+(?P<name>{_NAME})"
    # "in A near the border with Y": a place named with where it lies
    rf"(?:\s+in\s+(?:the\s+)?[A-Z]|\s+\(|,\s+near\s+[A-Z]|,?\s+near\s+the\s+border\b)"
)
#: "on a vehicle in Wadi al-H killed one person": a two-word name joined by an Arabic article, after "in", "at",
#: "near", is a locality (known to the gazetteer or kept as text)
_ARTICLE_JOINED = re.compile(
    r"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Ii]nto)\s+(?P<name>[A-Z][\w'’]+\s+(?:al|el|as|ad|ash|an|ar|at|az)-[A-Z][\w'’-]+)"
)
#: "in Huai X, D district": a place named with the district or province it lies in
_IN_DISTRICT = re.compile(
    rf"\b[Ii]n\s+(?P<name>{_NAME}),\s+[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){{0,2}}\s+(?:[Dd]istrict|[Pp]rovince)\b"
)
#: "on the A-B road", "the A–B highway": a road named after the places it joins (kept whole: it names the first)
_ROAD = re.compile(rf"\b(?P<name>{_NAME}(?:[-–]{_NAME})+)\s+(?:road|highway)\b")
#: "travelling on National Road 56", "along Route 7": a numbered road
_NUMBERED_ROAD = re.compile(r"\b(?P<name>(?:National\s+)?(?:Road|Highway|Route)\s+\d{1,4})\b")
#: "the strike occurred between A and B": a place between two named ones (kept as the first named)
_BETWEEN_PLACES = re.compile(
    rf"\b(?:occurred|happened|took\s+place|struck|landed|fell|exploded)\s+between\s+(?P<name>{_NAME})\s+and\s+[A-Z]"
)
#: "in Banan area of B province": a named area with the larger place it lies in
_AREA_OF = re.compile(rf"\b(?:in|at|near)\s+(?P<name>{_NAME})\s+area\s+of\s+[A-Z]")
#: "in the Kafr X town of N district": a town or village of two or more words named before what it is
_TOWN_OF = re.compile(
    r"\bthe\s+(?P<name>(?:(?:al|el)-)?[A-Z][\w'’-]*(?:\s+(?:(?:al|el|as|ad|an|ar|at|az|ash)-)?[A-Z][\w'’-]*){1,3})"
    r"\s+(?:town|village)\s+of\s+[A-Z]"
)
#: "in X, southern L", "in X, in eastern L": a place named with the part of the country it lies in
_IN_REGION = re.compile(
    rf"\b[Ii]n\s+(?P<name>{_NAME}),\s+(?:in\s+(?:the\s+)?)?(?:southern|northern|eastern|western|south|north|east|west)\s+[A-Z]"
)
#: "at V village, C commune, D District, P Province": a district listed after the place that lies in it
_LISTED_DISTRICT = re.compile(rf"(?<=, )(?P<name>{_NAME})\s+[Dd]istrict\b")
#: "a strike on X", "attacks on Y": the place hit
_HIT_ON = re.compile(rf"\b(?:strikes?|airstrikes?|attacks?|raids?|shelling)\s+(?:on|in)\s+(?:the\s+)?(?P<name>{_NAME})")
#: "Prasat X Temple", "Y District Hospital": a landmark named with what it is
_LANDMARK = re.compile(
    rf"(?P<name>{_NAME})\s+(?:Temple|Hospital|Pass|Bridge|(?:sub-?district\s+|district\s+)?(?:hospital|health\s+cent(?:re|er)))\b"
)
#: "… al-Fawqa", "… el-Tahta": the second part of a place's name, joined by its article
_QUALIFIED_AFTER = re.compile(r"\s+(?:al|el)-[A-Z][\w'’-]+")
#: "Wata el-K", "Wadi al-H": a place named with the article-joined name of another before it
_QUALIFIED_BEFORE = re.compile(r"\b(?!(?:The|In|At|Near|On|From|To|And|Of)\b)[A-Z][\w'’]+\s+(?:al|el|Al|El)-$")
#: "Ban K, T district: X troops continue to bombard …": a paragraph headed by the place it tells of, with its district
#: (no dateline, though it reads like one)
HEADING = re.compile(rf"(?m)^[ \t]*(?P<name>{_NAME}),\s+[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?\s+[Dd]istrict\s*:")
#: rule name of a locality kept as text (no gazetteer entry, so no coordinates)
LOCALITY_RULE = "named locality, kept as text"

#: a dateline at the head of a text or paragraph: "CITY –", "CITY:", "City, AGENCY –",
#: "CITY NAME, July 29 (AGENCY) -", "CITY, 27 (AGENCY PRESS)", "Town (Country) (AGENCY) –", and a line
#: of its own "City (AGENCY) Dec 9, 2025"
DATELINE = re.compile(
    r"(?m)^[ \t]*(?:[A-Z][A-Za-z'.]*(?:[ -][A-Z][A-Za-z'.]*){0,3})"
    r"(?:,[^\n–—:]{0,40}?)?(?:[ \t]*\([A-Z][A-Za-z ./]{1,30}\)){0,2}[ \t]*(?:[–—]|:|[ \t]-[ \t]|/)"
    r"|^[ \t]*[A-Z]{2,}(?:[ -][A-Z]{2,}){0,3},[^\n]{0,30}\([A-Z][A-Za-z .]+\)[ \t]*$"
    r"|^[ \t]*[A-Z][A-Za-z'.]*(?:[ -][A-Z][A-Za-z'.]*){0,3}[ \t]*\([A-Z][A-Za-z .]{1,30}\)"
    r"[ \t]+[A-Z][a-z]{2,8}\.?[ \t]+\d{1,2},?(?:[ \t]+\d{4})?[ \t]*$"
)

#: the precision that a place's kind supports when the gazetteer gives none
_KIND_PRECISION = {
    "province": LocationPrecision.PROVINCE,
    "district": LocationPrecision.DISTRICT,
    "area": LocationPrecision.NEAR,
}


def _kept_as_text(text: str, start: int, end: int) -> PlaceMention:
    """The words ``text[start:end]`` as a locality the gazetteer does not know (finer than a district)."""
    return PlaceMention(
        start, end, None, text[start:end], None, None, LocationPrecision.UNKNOWN, LOCALITY_RULE, fine=True
    )


def find_places(
    text: str,
    gazetteer: GazetteerLike | None,
    start: int = 0,
    end: int | None = None,
    countries: Sequence[str] = (),
) -> list[PlaceMention]:
    """Named places (via the gazetteer), border phrases and country-level locations in ``text[start:end]``.

    ``countries`` are the names of the conflict's states: "inside <country>" is a country-level location.
    """
    stop = len(text) if end is None else end
    out: list[PlaceMention] = []
    between = [(m.start(), m.end()) for m in _BORDER_BETWEEN.finditer(text, start, stop)]
    if gazetteer is not None:
        for place, s, e in gazetteer.find_in_text(text[start:stop]):
            if any(bs <= start + s and start + e <= be for bs, be in between):
                continue  # "the border between the province of A and B": the border is the place
            before = _QUALIFIED_BEFORE.search(text, max(start, start + s - 30), start + s)
            if before is not None:
                # "the Wata el-K border area": a place named after the town it lies by is another place, kept as text
                out.append(_kept_as_text(text, before.start(), start + e))
                continue
            longer = _QUALIFIED_AFTER.match(text, start + e, stop)
            if longer is not None:
                # "N al-Fawqa": a village named after the town beside it is another place, kept as text
                out.append(_kept_as_text(text, start + s, longer.end()))
                continue
            out.append(_named(place, start + s, start + e))
    for m in _BORDER.finditer(text, start, stop):
        s = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
        if not any(p.start < m.end() and s < p.end for p in out):
            out.append(PlaceMention(s, m.end(), None, "border", None, None, LocationPrecision.BORDER, "border phrase"))
    for pattern, precision in (
        (_LOCALITY, LocationPrecision.UNKNOWN),
        (_LOCALITY_AFTER, LocationPrecision.UNKNOWN),
        (_DISTRICT, LocationPrecision.DISTRICT),
        (_LISTED_DISTRICT, LocationPrecision.DISTRICT),
        (_PROVINCE, LocationPrecision.PROVINCE),
        (_AREA, LocationPrecision.UNKNOWN),
        (_IN_LARGER, LocationPrecision.UNKNOWN),
        (_ARTICLE_JOINED, LocationPrecision.UNKNOWN),
        (_IN_DISTRICT, LocationPrecision.UNKNOWN),
        (_LANDMARK, LocationPrecision.UNKNOWN),
        (_ROAD, LocationPrecision.UNKNOWN),
        (_NUMBERED_ROAD, LocationPrecision.UNKNOWN),
        (_BETWEEN_PLACES, LocationPrecision.UNKNOWN),
        (_AREA_OF, LocationPrecision.UNKNOWN),
        (_TOWN_OF, LocationPrecision.UNKNOWN),
        (_IN_REGION, LocationPrecision.UNKNOWN),
        (_HIT_ON, LocationPrecision.UNKNOWN),
        (HEADING, LocationPrecision.UNKNOWN),
    ):
        for m in pattern.finditer(text, start, stop):
            s, e = m.start("name"), m.end("name")
            if pattern is _ROAD:
                # "the D–N highway": the road is the place, not the town it is named after
                out = [p for p in out if not (p.place_id and s <= p.start and p.end <= e)]
            if any(p.start < e and s < p.end for p in out):
                continue  # the gazetteer knows it
            if m.group("name") in countries:
                continue  # "in <country> in the X province": the country is no locality
            if any(bs <= s and e <= be for bs, be in between):
                continue
            fine = precision == LocationPrecision.UNKNOWN
            out.append(PlaceMention(s, e, None, m.group("name"), None, None, precision, LOCALITY_RULE, fine=fine))
    # "a member from H in the M district" … "a motorcycle near a care center in H": a locality the text names as a
    # place once is that place wherever it is named after "in", "at" or "near"
    known = {p.name for p in out if p.fine}
    for name in sorted(known, key=len, reverse=True):
        for m in re.finditer(rf"\b(?:in|at|near|into)\s+(?P<name>{re.escape(name)})\b", text[:stop]):
            s, e = m.start("name"), m.end("name")
            if s >= start and not any(p.start < e and s < p.end for p in out):
                out.append(_kept_as_text(text, s, e))
    patterns = [_TERRITORY]
    if countries:
        names = "|".join(re.escape(c) for c in sorted(countries, key=len, reverse=True))
        patterns.append(re.compile(rf"\b(?:inside|into|in|within)\s+(?:{names})\b"))
        # "struck several targets … in Southern L on Thursday", "airstrikes targeting southern L": the part of the
        # country named, as written (a region: as coarse as the country)
        regions = re.compile(
            rf"\b(?:in|into|on|across|targeting|against)\s+(?:the\s+)?(?P<name>(?:[Ss]outh(?:ern)?|[Nn]orth(?:ern)?"
            rf"|[Ee]ast(?:ern)?|[Ww]est(?:ern)?)\s+(?:{names}))\b"
        )
        for m in regions.finditer(text, start, stop):
            if not any(p.start < m.end() and m.start("name") < p.end for p in out):
                out.append(
                    PlaceMention(
                        m.start("name"),
                        m.end("name"),
                        None,
                        m.group("name"),
                        None,
                        None,
                        LocationPrecision.COUNTRY,
                        "part of a country named as a location",
                    )
                )
    for m in (m for pattern in patterns for m in pattern.finditer(text, start, stop)):
        out.append(
            PlaceMention(
                m.start(),
                m.end(),
                None,
                m.group(0).split()[-1],
                None,
                None,
                LocationPrecision.COUNTRY,
                "country named as a location",
            )
        )
    # "a strike on a motorcycle in M, near T": the town named after a place as its neighbour is a reference point,
    # not where the event was
    out = [p for p in out if not any(q is not p and _NEAR_AFTER.fullmatch(text, q.end, p.start) for q in out)]
    return sorted(out, key=lambda p: p.start)


_NEAR_AFTER = re.compile(r",\s+near\s+(?:the\s+(?:city|town|village)\s+of\s+)?")


def _named(place: PlaceLike, start: int, end: int) -> PlaceMention:
    raw = place.location_precision
    precision = LocationPrecision(raw) if raw else LocationPrecision.UNKNOWN
    if precision == LocationPrecision.UNKNOWN or place.lat is None:
        precision = _KIND_PRECISION.get(place.kind, LocationPrecision.NEAR)
    return PlaceMention(
        start,
        end,
        place.id,
        place.name,
        place.lat,
        place.lon,
        precision,
        f"gazetteer: {place.kind} '{place.name}'",
        place.country or None,
    )
