"""A gazetteer: find places by name, and find place names in free text.

Built from a list of places (:class:`~truceline.domain.schema.Place`, or the light
:class:`GazetteerPlace`, or anything with the same attributes).

Matching is tolerant of case, diacritics (Latin script only: vowel and tone marks of other
scripts are kept, since they change the word), hyphens, apostrophes and other punctuation, of
spaces inside a name ("Sa-ngam", "Sa Ngam", "Sangam"), of the generic words around a name
("Prasat X", "X temple"; "Y district"; "Z checkpoint"; "Ban W" / "W") and of every alternate
spelling listed in ``alt_names``.

When one name fits several places (e.g. a temple and the province named after it), the place
whose own name or listed alternate matches *as written* wins over one that matches only once the
generic words are stripped; then the more specific kind wins (temple before village before
district before province); then the order of the list.

:meth:`Gazetteer.find_in_text` scans text with one precompiled trie-shaped regex: the
earliest match wins, and at a given start the longest; Latin names must sit on word boundaries.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeAlias

import yaml

from truceline.vocabulary import LocationPrecision


class PlaceLike(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def alt_names(self) -> list[str]: ...
    @property
    def kind(self) -> str: ...
    @property
    def country(self) -> str: ...
    @property
    def lat(self) -> float | None: ...
    @property
    def lon(self) -> float | None: ...
    @property
    def location_precision(self) -> LocationPrecision: ...


@dataclass(frozen=True)
class GazetteerPlace:
    """A light place record, for callers that do not hold schema.Place objects."""

    id: str
    name: str
    kind: str
    country: str
    alt_names: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    location_precision: LocationPrecision = LocationPrecision.UNKNOWN
    admin1: str | None = None
    admin2: str | None = None


#: generic words that may stand before or after a name, by the kind of place
_PREFIXES: dict[str, tuple[str, ...]] = {
    "temple": ("prasat", "prasart", "prasath"),
    "village": ("ban",),
    "district": ("amphoe", "srok", "district of"),
    "province": ("changwat", "khaet", "province of"),
    "checkpoint": ("chong",),
    "town": ("krong", "amphoe", "mueang", "muang"),
}
_SUFFIXES: dict[str, tuple[str, ...]] = {
    "temple": ("temple", "sanctuary", "ruins", "temple complex"),
    "village": ("village",),
    "district": ("district",),
    "province": ("province",),
    "checkpoint": ("checkpoint", "border checkpoint", "crossing", "border crossing", "pass", "border pass"),
    "town": ("town", "city", "municipality", "district"),
    "hill": ("hill",),
    "area": ("area",),
    "base": ("base",),
}
_ALL_GENERIC = sorted({w for v in (*_PREFIXES.values(), *_SUFFIXES.values()) for w in v}, key=len, reverse=True)
#: the more specific kinds first
_KIND_RANK = {
    k: i
    for i, k in enumerate(
        ["temple", "checkpoint", "hill", "base", "village", "area", "town", "district", "province", "other"]
    )
}
_MIN_KEY_CHARS = 4

#: a trie of characters; the key "" marks the end of a name
_Trie: TypeAlias = dict[str, "_Trie"]

_APOSTROPHES = "'\u2019\u02bc\u2018`"


def _is_latin(ch: str) -> bool:
    return ord(ch) < 0x0250 or 0x1E00 <= ord(ch) <= 0x1EFF


def _normalise_char(ch: str) -> str:
    """One source character -> its normalised form (possibly empty or several characters)."""
    if ch in _APOSTROPHES or ch == "-" or ch.isspace() or unicodedata.category(ch)[0] in "PSZ":
        return " "
    if _is_latin(ch):
        decomposed = unicodedata.normalize("NFKD", ch)
        return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return ch.casefold()


def normalise(text: str) -> str:
    """Case-, diacritic- and punctuation-folded text with single spaces, e.g. 'Chong Sa-Ngam' -> 'chong sa ngam'."""
    return re.sub(r" +", " ", "".join(_normalise_char(c) for c in text)).strip()


def _normalise_with_offsets(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the index of the source character."""
    chars: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        for out in _normalise_char(ch):
            if out == " " and (not chars or chars[-1] == " "):
                continue
            chars.append(out)
            offsets.append(i)
    return "".join(chars), offsets


def _strip_generic(name: str) -> str:
    """Remove generic words at either end of a normalised name ('prasat ta muen thom' -> 'ta muen thom')."""
    changed = True
    while changed:
        changed = False
        for word in _ALL_GENERIC:
            if name.startswith(word + " ") and len(name) > len(word) + 1:
                name, changed = name[len(word) + 1 :], True
            if name.endswith(" " + word) and len(name) > len(word) + 1:
                name, changed = name[: -len(word) - 1], True
    return name


def _key(normalised: str) -> str:
    return normalised.replace(" ", "")


@dataclass
class _Entry:
    place: PlaceLike
    order: int
    #: normalised names as written (name and alt_names)
    exact: set[str]
    #: normalised names with generic words added or removed
    loose: set[str]


class Gazetteer:
    """Places indexed by normalised name; see the module doc for the matching rules."""

    def __init__(self, places: Iterable[PlaceLike]) -> None:
        self._places: list[PlaceLike] = []
        self._by_id: dict[str, PlaceLike] = {}
        self._entries: list[_Entry] = []
        self._exact: dict[str, list[_Entry]] = {}
        self._loose: dict[str, list[_Entry]] = {}
        for order, place in enumerate(places):
            if place.id in self._by_id:
                raise ValueError(f"duplicate place id {place.id!r}")
            self._places.append(place)
            self._by_id[place.id] = place
            entry = self._index(place, order)
            self._entries.append(entry)
            for name in entry.exact:
                self._exact.setdefault(_key(name), []).append(entry)
            for name in entry.loose:
                self._loose.setdefault(_key(name), []).append(entry)
        self._pattern = self._compile()

    # -- construction -------------------------------------------------------------------------
    @staticmethod
    def _index(place: PlaceLike, order: int) -> _Entry:
        exact = {n for n in (normalise(x) for x in [place.name, *place.alt_names]) if len(_key(n)) >= 2}
        loose: set[str] = set()
        prefixes = _PREFIXES.get(place.kind, ())
        suffixes = _SUFFIXES.get(place.kind, ())
        for name in exact:
            base = _strip_generic(name)
            too_short = len(_key(base)) < _MIN_KEY_CHARS or (" " not in base and base.isascii() and len(base) < 5)
            if base != name and too_short:
                continue
            loose.add(base)
            for pre in prefixes:
                loose.add(f"{pre} {base}")
                for suf in suffixes:
                    loose.add(f"{pre} {base} {suf}")
            for suf in suffixes:
                loose.add(f"{base} {suf}")
        return _Entry(place=place, order=order, exact=exact, loose=loose - exact)

    def _compile(self) -> re.Pattern[str]:
        names = {_spaced(n) for e in self._entries for n in (*e.exact, *e.loose) if len(_key(n)) >= 2}
        trie: _Trie = {}
        for name in names:
            node = trie
            for ch in name:
                node = node.setdefault(ch, {})
            node[""] = {}
        body = _trie_regex(trie) if trie else "(?!)"
        return re.compile(rf"(?<![a-z0-9])(?:{body})(?![a-z0-9])")

    @classmethod
    def from_yaml(cls, path: str | Path) -> Gazetteer:
        """Read a casebook ``places.yaml`` (top-level ``places:``), validating with schema.Place."""
        from truceline.domain.schema import Place

        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return cls(Place.model_validate(p) for p in data.get("places", []))

    # -- access -------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._places)

    def __iter__(self) -> Iterator[PlaceLike]:
        return iter(self._places)

    def __contains__(self, place_id: object) -> bool:
        return place_id in self._by_id

    def __getitem__(self, place_id: str) -> PlaceLike:
        return self._by_id[place_id]

    def get(self, place_id: str) -> PlaceLike | None:
        return self._by_id.get(place_id)

    def _ranked(self, key: str) -> list[PlaceLike]:
        exact = self._exact.get(key, [])
        loose = [e for e in self._loose.get(key, []) if e not in exact]

        def rank(e: _Entry) -> tuple[int, int]:
            return (_KIND_RANK.get(e.place.kind, len(_KIND_RANK)), e.order)

        return [e.place for e in sorted(exact, key=rank)] + [e.place for e in sorted(loose, key=rank)]

    def lookup_all(self, name: str) -> list[PlaceLike]:
        """Every place the name may denote, best first (empty when none)."""
        normalised = normalise(name)
        ranked = self._ranked(_key(normalised))
        if not ranked:
            stripped = _strip_generic(normalised)
            if stripped != normalised:
                ranked = self._ranked(_key(stripped))
        return ranked

    def lookup(self, name: str) -> PlaceLike | None:
        """The best place for a name, or None."""
        ranked = self.lookup_all(name)
        return ranked[0] if ranked else None

    def find_in_text(self, text: str) -> list[tuple[PlaceLike, int, int]]:
        """Every place name in ``text``: ``(place, start, end)`` with character offsets into ``text``.

        Matches do not overlap; scanning goes left to right, the longest name at each start wins.
        """
        normalised, offsets = _normalise_with_offsets(text)
        found: list[tuple[PlaceLike, int, int]] = []
        for match in self._pattern.finditer(normalised):
            ranked = self._ranked(_key(match.group(0)))
            if not ranked:  # a spacing variant that no name has as a key: cannot happen, but be safe
                continue
            start = offsets[match.start()]
            end = offsets[match.end() - 1] + 1
            found.append((ranked[0], start, end))
        return found


def _spaced(name: str) -> str:
    """Mark the places where a space is optional (between Latin tokens) with a sentinel."""
    return name.replace(" ", "\x00")


def _trie_regex(node: _Trie) -> str:
    """A regex for a trie: alternatives share prefixes; optional endings make matches greedy."""
    terminal = "" in node
    branches = []
    for ch in sorted(k for k in node if k):
        atom = " ?" if ch == "\x00" else re.escape(ch)
        branches.append(atom + _trie_regex(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if terminal:
        return f"(?:{body})?"
    return body
