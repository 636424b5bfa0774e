"""A property-based fuzz run of the OpenAPI document (schemathesis): no request gets a 5xx.

Bounded and deterministic: at most 25 examples per operation, derandomised. Calls carry a
coordinator's token so the guarded operations are exercised past their role checks. (The
schemathesis pytest plugin's fixture mode does not run under pytest 9, so each operation is a
parametrised test that drives the operation's hypothesis strategy itself.)
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from truceline.db import make_engine

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e .[test])")


def load_schema(engine: Engine) -> Any:
    from truceline.app import create_app

    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(engine))


def operation_labels() -> list[str]:
    # the document does not depend on the store: an empty in-memory engine is enough to list it
    schema = load_schema(make_engine("sqlite://"))
    return sorted(result.ok().label for result in schema.get_all_operations())


@pytest.mark.parametrize("label", operation_labels())
def test_no_server_errors(label: str, web_engine: Engine, tokens: dict[str, str]) -> None:
    schema = load_schema(web_engine)
    operation = next(r.ok() for r in schema.get_all_operations() if r.ok().label == label)
    headers = {"Authorization": f"Bearer {tokens['coordinator']}"}

    @given(case=operation.as_strategy())
    @settings(max_examples=25, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        assert response.status_code < 500, f"{label}: {response.status_code} {response.text[:500]}"
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}

    run()
