"""Which of a place's names is written in which script: a gazetteer lists its names in other
scripts among its spellings (``alt_names``), and a map labels a place in each language the
conflict names (``th`` Thai, ``km`` Khmer, ``he`` Hebrew, ``ar`` Arabic …)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

#: language code -> the Unicode block its script is written in (first and last code point)
SCRIPT_BLOCKS: dict[str, tuple[int, int]] = {
    "th": (0x0E00, 0x0E7F),
    "lo": (0x0E80, 0x0EFF),
    "km": (0x1780, 0x17FF),
    "my": (0x1000, 0x109F),
    "he": (0x0590, 0x05FF),
    "ar": (0x0600, 0x06FF),
    "ru": (0x0400, 0x04FF),
    "uk": (0x0400, 0x04FF),
    "hy": (0x0530, 0x058F),
    "ka": (0x10A0, 0x10FF),
}


def written_in(text: str, language: str) -> bool:
    """Whether most letters of ``text`` are in the script of ``language``."""
    block = SCRIPT_BLOCKS.get(language)
    letters = [c for c in text if c.isalpha()]
    if block is None or not letters:
        return False
    inside = sum(1 for c in letters if block[0] <= ord(c) <= block[1])
    return inside * 2 > len(letters)


def names_by_language(
    name: str, alt_names: Iterable[str], names: Mapping[str, str], languages: Iterable[str]
) -> dict[str, str]:
    """The place's name in each of ``languages``: the gazetteer's ``names`` first, else the first
    spelling in that language's script; ``en`` is the main name. Languages without one are left out."""
    found: dict[str, str] = {}
    spellings = list(alt_names)
    for language in languages:
        if language in names:
            found[language] = names[language]
        elif language == "en":
            found[language] = name
        else:
            match = next((s for s in spellings if written_in(s, language)), None)
            if match is not None:
                found[language] = match
    return found
