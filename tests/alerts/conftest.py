"""The web fixtures (the casebook store with one user per role) for the alerts tests, and the
casebook loaded on both stores (``casebook_engine``, tests/conftest.py)."""

from __future__ import annotations

from tests.functional.web.conftest import client, tokens, web_engine, web_template

__all__ = ["client", "tokens", "web_engine", "web_template"]
