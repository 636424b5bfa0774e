"""`truceline serve` never signs sessions with the published development secret, and in
production refuses a missing, short or weak one with one clear line."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from itsdangerous import BadSignature

from truceline.config import DEVELOPMENT_SECRET, InvalidSettings, Settings, get_settings, weak_secret_reason
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


@pytest.mark.parametrize(
    ("secret", "reason"),
    [
        (None, "not set"),
        ("x", "shorter than 32 bytes"),
        ("a" * 64, "does not look random"),
        ("abcdefghijklmnopqrstuvwxyz0123456789ABCD", "neighbouring characters"),
        ("my-production-secret-for-the-mission-2026", "contains the word 'secret'"),
    ],
)
def test_production_refuses_a_missing_short_or_weak_secret(
    monkeypatch: pytest.MonkeyPatch, secret: str | None, reason: str
) -> None:
    monkeypatch.setenv("TRUCELINE_ENVIRONMENT", "production")
    if secret is None:
        monkeypatch.delenv("TRUCELINE_SECRET_KEY", raising=False)
    else:
        monkeypatch.setenv("TRUCELINE_SECRET_KEY", secret)
    with pytest.raises(InvalidSettings, match=reason):
        server_settings()


def test_production_accepts_a_random_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    strong = secrets.token_urlsafe(32)
    monkeypatch.setenv("TRUCELINE_ENVIRONMENT", "production")
    monkeypatch.setenv("TRUCELINE_SECRET_KEY", strong)
    settings = server_settings()
    assert settings.secret_key == strong and settings.coordinator_totp_required
    assert weak_secret_reason(secrets.token_hex(32)) is None


def test_the_app_itself_refuses_a_weak_secret_in_production() -> None:
    from truceline.app import create_app
    from truceline.db import make_engine

    with pytest.raises(InvalidSettings):
        create_app(make_engine("sqlite://"), Settings(environment="production", secret_key="too-short"))


def test_serve_in_production_without_a_strong_secret_exits_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUCELINE_")}
    env |= {"TRUCELINE_ENVIRONMENT": "production", "TRUCELINE_SECRET_KEY": "short"}
    result = subprocess.run(
        [sys.executable, "-m", "truceline", "serve"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: TRUCELINE_SECRET_KEY is refused in production")
    assert list(tmp_path.iterdir()) == []  # nothing created


def test_a_malformed_setting_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRUCELINE_")}
    env |= {"TRUCELINE_SESSION_IDLE_MINUTES": "soon"}
    result = subprocess.run(
        [sys.executable, "-m", "truceline", "conflicts"], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "error: a setting is not valid: TRUCELINE_SESSION_IDLE_MINUTES: "
        "Input should be a valid integer, unable to parse string as an integer"
    ]
