"""Bring the interface's catalogs in step with the templates (see docs/translating.md).

    python scripts/i18n_catalogs.py          # extract, then update every catalog (new messages empty)
    python scripts/i18n_catalogs.py --check  # exit 1 if a catalog lacks a translation of a message

It runs Babel's own extraction (``pybabel extract`` with babel.cfg) and update; translations are
written by people in the .po files, never by this script.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "src" / "truceline" / "locale"


def extract(target: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(target),
         "--no-location", "--sort-output", "--project", "Truceline", "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip


def missing(template: Path) -> dict[str, list[str]]:
    with template.open("rb") as handle:
        wanted = {m.id for m in read_po(handle) if m.id}
    gaps = {}
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/messages.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        done = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
        absent = sorted(str(m) for m in wanted - done)
        if absent:
            gaps[po.parent.parent.name] = absent
    return gaps


def main() -> int:
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "messages.pot"
        extract(template)
        if "--check" in sys.argv:
            gaps = missing(template)
            for language, ids in gaps.items():
                print(f"{language}: {len(ids)} message(s) without a translation: {ids[:5]}")
            return 1 if gaps else 0
        subprocess.run(
            [sys.executable, "-m", "babel.messages.frontend", "update", "-i", str(template), "-d", str(LOCALE),
             "--no-fuzzy-matching", "--ignore-obsolete"],
            cwd=ROOT, check=True,
        )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
