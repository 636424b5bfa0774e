"""`truceline serve` never signs sessions with the published development secret."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from itsdangerous import BadSignature

from truceline.config import DEVELOPMENT_SECRET, get_settings
from truceline.serve import server_settings
from truceline.web.security import serializer


@pytest.fixture(autouse=True)
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def test_without_a_configured_secret_each_run_signs_with_a_random_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TRUCELINE_SECRET_KEY", raising=False)
    first, second = server_settings(), server_settings()
    assert DEVELOPMENT_SECRET not in (first.secret_key, second.secret_key)
    assert first.secret_key != second.secret_key
    forged = serializer(DEVELOPMENT_SECRET).dumps({"uid": 1, "csrf": "abc"})
    with pytest.raises(BadSignature):
        serializer(first.secret_key).loads(forged)


def test_a_configured_secret_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRUCELINE_SECRET_KEY", "a-long-secret-from-the-operator")
    assert server_settings().secret_key == "a-long-secret-from-the-operator"
