from __future__ import annotations

import pytest

from truceline.casebooks.loader import Casebook
from truceline.geo.gazetteer import Gazetteer
from truceline.geo.lines import Geography


@pytest.fixture(scope="session")
def gazetteer(casebook: Casebook) -> Gazetteer:
    return Gazetteer(casebook.places)


@pytest.fixture(scope="session")
def geography(casebook: Casebook) -> Geography:
    """The th-kh-2025 casebook's border line and the two countries (Natural Earth 1:10m)."""
    return casebook.geography()
