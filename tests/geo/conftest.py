from __future__ import annotations

from pathlib import Path

import pytest

from truceline.geo.gazetteer import Gazetteer

PLACES_YAML = Path(__file__).resolve().parents[2] / "src/truceline/casebooks/th_kh_2025/places.yaml"


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.from_yaml(PLACES_YAML)
