"""Everything specific to a conflict lives in its casebook: the code names no party, country or place.

The words come from the bundled casebooks themselves (party codes and names, country names and
codes, time zones, place names), so a new casebook extends the check by itself.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from truceline.casebooks.loader import Casebook, bundled_casebooks, read_casebook

SRC = Path(__file__).resolve().parents[2] / "src" / "truceline"
CODE_SUFFIXES = {".py", ".html", ".js", ".css", ".mako", ".ini"}


def code_files() -> list[Path]:
    return sorted(
        path
        for path in SRC.rglob("*")
        if path.suffix in CODE_SUFFIXES and "casebooks" not in path.relative_to(SRC).parts[:1]
    )


def casebooks() -> list[Casebook]:
    return [read_casebook(folder) for folder in bundled_casebooks().values()]


def conflict_words(book: Casebook) -> tuple[set[str], set[str]]:
    """(codes, names): party codes (found as quoted strings) and names (found as whole words)."""
    codes: set[str] = set()
    names: set[str] = {book.info.time_zone}
    for party in book.parties:
        codes.add(party.code)
        if party.is_principal:
            names.update(n for n in (party.name, party.short_name) if n)
        if party.country is not None:
            codes.update({party.country.iso2, party.country.iso3})
            names.update({party.country.name, *party.country.also_known_as})
    for place in book.places:
        names.update(n for n in (place.name, *place.alt_names) if len(n) >= 5 and n.isascii())
    return codes, names


@pytest.mark.parametrize("book", casebooks(), ids=lambda b: b.info.id)
def test_no_code_names_a_party_country_or_place_of_a_bundled_conflict(book: Casebook) -> None:
    codes, names = conflict_words(book)
    quoted = "|".join(sorted(map(re.escape, codes)))
    words = "|".join(sorted(map(re.escape, names), key=len, reverse=True))
    code_pattern = re.compile(rf"""["'](?:{quoted})["']""")
    name_pattern = re.compile(rf"\b(?:{words})\b")
    found = []
    for path in code_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in (*code_pattern.finditer(line), *name_pattern.finditer(line)):
                found.append(f"{path.relative_to(SRC)}:{number}: {match.group(0)!r}")
    assert not found, "conflict-specific words in code (move them to the casebook):\n" + "\n".join(found)


def test_the_check_would_catch_a_party_code_and_a_place_name(casebook: Casebook) -> None:
    codes, names = conflict_words(casebook)
    assert {"TH", "KH"} <= codes
    assert {"Thailand", "Cambodia", "Asia/Bangkok"} <= names
    assert any("Preah Vihear" in n for n in names)
