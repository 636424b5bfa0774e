"""The web fixtures (the casebook store with one user per role) for the alerts tests, and the
casebook loaded on both stores."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

from tests.functional.web.conftest import client, tokens, web_engine, web_template
from truceline.casebooks.loader import Casebook, load_casebook
from truceline.db import transaction

__all__ = ["client", "tokens", "web_engine", "web_template"]


@pytest.fixture
def casebook_engine(engine: Engine, casebook: Casebook) -> Iterator[Engine]:
    """The bundled casebook loaded on SQLite and on PostgreSQL."""
    with transaction(engine) as session:
        load_casebook(session, casebook, actor="test")
    yield engine
