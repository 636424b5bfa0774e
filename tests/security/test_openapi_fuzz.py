"""A property-based fuzz run of the OpenAPI document (schemathesis): no request gets a 5xx, and
every response conforms to the document (status code, content type, headers, body schema).

Each operation runs twice: with valid requests (which must not be refused as invalid) and with
invalid ones (which must be refused with a 4xx; operations that take no input have none). Every
schemathesis check applies to every response, but one: a schema-valid request may still be
refused by a rule the document cannot state (a bounding box's west after its east, a party user
without a party, a finding on neither an incident nor a claim); such a refusal is a 422 from our
own code, without the per-field ``details`` request validation gives, and only for it is the
"valid data accepted" check skipped; so is a text the document allows but the edge refuses
(a NUL byte, a control character: see ``truceline.web.limits``). Bounded and deterministic: at
most ``MAX_EXAMPLES`` examples per operation and mode, derandomised. Calls carry a coordinator's
token so the guarded operations are exercised past their role checks, writes included.

Both stores, each one store and one app for the run, with a new coordinator per operation, so
an operation revoking a token cannot disturb a later one. (The schemathesis pytest plugin's
fixture mode does not run under pytest 9, so each operation is a parametrised test that drives
the operation's hypothesis strategy itself.)
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from sqlalchemy import Engine

from tests.security.conftest import SecureStore
from truceline.auth.services import add_user, issue_api_token
from truceline.db import make_engine, transaction

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e .[test])")
GenerationMode = schemathesis.GenerationMode


def load_schema(engine: Engine) -> Any:
    from truceline.app import create_app

    # no background job thread: it would compile modules while pytest rewrites them at collection,
    # a race that CPython 3.11 reports as "SystemError: AST constructor recursion depth mismatch"
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", create_app(engine, run_jobs=False))


#: examples per operation and mode: the whole run stays a few minutes per store (the suite within 30 minutes)
MAX_EXAMPLES = 6
#: the schema (and the app behind it) of each fuzzed store, built once per run
_SCHEMAS: dict[int, Any] = {}


def fuzz_target(store: str, request: pytest.FixtureRequest) -> tuple[Any, str]:
    """The schema of the store to fuzz (one app per store and run) and a new coordinator's token
    on it, so that an operation revoking a token or disabling a user cannot disturb a later one."""
    fuzzed: SecureStore = request.getfixturevalue(f"{store}_fuzzed")
    name = f"fuzz-{uuid.uuid4().hex[:8]}"
    with transaction(fuzzed.engine) as session:
        add_user(session, username=name, role="coordinator", password="fuzz-password-long", actor="test")
        token = issue_api_token(session, name, actor="test")
    schema = _SCHEMAS.get(id(fuzzed))
    if schema is None:
        schema = _SCHEMAS[id(fuzzed)] = load_schema(fuzzed.engine)
    return schema, token


def operation_labels() -> list[str]:
    # the document does not depend on the store: an empty in-memory engine is enough to list it
    schema = load_schema(make_engine("sqlite://"))
    return sorted(result.ok().label for result in schema.get_all_operations())


def takes_input(operation: Any) -> bool:
    return bool(operation.definition.raw.get("parameters") or operation.definition.raw.get("requestBody"))


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=lambda m: m.value)
@pytest.mark.parametrize("label", operation_labels())
@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_responses_conform(label: str, mode: Any, store: str, request: pytest.FixtureRequest) -> None:
    schema, token = fuzz_target(store, request)
    operation = next(r.ok() for r in schema.get_all_operations() if r.ok().label == label)
    if mode == GenerationMode.NEGATIVE and not takes_input(operation):
        pytest.skip("the operation takes no input: there is no invalid request to make")
    headers = {"Authorization": f"Bearer {token}"}

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call(headers=headers)
        assert response.status_code < 500, f"{label}: {response.status_code} {response.text[:500]}"
        if response.status_code >= 400:
            body = response.json()
            assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "details"}
        # every check: status code, content type, headers and body against the document;
        # valid data accepted, invalid data refused; authentication not ignored
        refused_by_rule = (
            mode == GenerationMode.POSITIVE
            and response.status_code == 422
            and response.json()["error"]["details"] is None
        )
        excluded = [schemathesis.checks.positive_data_acceptance] if refused_by_rule else []
        case.validate_response(response, headers=headers, excluded_checks=excluded)

    run()
