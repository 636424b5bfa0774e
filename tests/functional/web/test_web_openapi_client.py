"""The OpenAPI document is valid and complete enough to generate a client from.

``openapi-spec-validator`` checks the document against the OpenAPI 3.1 specification;
``datamodel-code-generator`` generates pydantic models from it (refusing fields the document
does not name); a small client built from the document's paths then calls operations against
the app and parses every answer, success or error, into the generated model its status names,
after checking the body against the document's schema with ``jsonschema``.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from types import ModuleType
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import BaseModel

from tests.functional.web.conftest import auth

openapi_spec_validator = pytest.importorskip("openapi_spec_validator", reason="pip install -e .[test]")
datamodel_code_generator = pytest.importorskip("datamodel_code_generator", reason="pip install -e .[test]")
jsonschema = pytest.importorskip("jsonschema", reason="pip install -e .[test]")
referencing = pytest.importorskip("referencing", reason="pip install -e .[test]")

DOCUMENT_URI = "urn:truceline:openapi"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    from truceline.app import create_app
    from truceline.db import make_engine

    with TestClient(create_app(make_engine("sqlite://"))) as client:
        return client.get("/api/v1/openapi.json").json()


@pytest.fixture(scope="module")
def models(document: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    from datamodel_code_generator import DataModelType, Formatter, InputFileType, PythonVersion, generate

    source = generate(
        json.dumps(document),
        input_file_type=InputFileType.OpenAPI,
        output_model_type=DataModelType.PydanticV2BaseModel,
        target_python_version=PythonVersion.PY_311,
        extra_fields="forbid",
        disable_timestamp=True,
        formatters=[Formatter.BUILTIN],
    )
    assert isinstance(source, str)
    path = tmp_path_factory.mktemp("client") / "truceline_api_models.py"
    path.write_text(source)
    spec = importlib.util.spec_from_file_location("truceline_api_models", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # pydantic resolves the forward references through it
    spec.loader.exec_module(module)
    return module


class GeneratedClient:
    """Calls operations by method and path as the document lists them; answers are parsed models."""

    def __init__(self, http: TestClient, document: dict[str, Any], models: ModuleType) -> None:
        self.http = http
        self.document = document
        self.models = models
        resource = referencing.Resource.from_contents(
            document, default_specification=referencing.jsonschema.DRAFT202012
        )
        self.registry = referencing.Registry().with_resource(DOCUMENT_URI, resource)

    def call(
        self,
        method: str,
        path: str,
        *,
        path_params: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> tuple[int, Any]:
        operation = self.document["paths"][path][method.lower()]  # KeyError: not in the document
        url = path.format(**(path_params or {}))
        response = self.http.request(method, url, headers=headers, **kwargs)
        declared = operation["responses"].get(str(response.status_code))
        assert declared is not None, f"{method} {path}: undocumented status {response.status_code}"
        media_type = response.headers["content-type"].split(";")[0]
        content = declared.get("content", {})
        assert media_type in content, f"{method} {path}: undocumented content type {media_type}"
        schema = content[media_type]["schema"]
        assert schema not in ({}, {"type": "object"}), f"{method} {path}: the document says nothing of the answer"
        body = response.json() if "json" in media_type else response.text
        self.check_schema(body, schema)
        return response.status_code, self.parse(body, schema)

    def check_schema(self, body: Any, schema: dict[str, Any]) -> None:
        validator = jsonschema.Draft202012Validator(
            self.absolute(schema),
            registry=self.registry,
            format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER,
        )
        validator.validate(body)

    def absolute(self, schema: Any) -> Any:
        """``schema`` with its document-relative references made absolute."""
        if isinstance(schema, dict):
            return {
                k: (DOCUMENT_URI + v if k == "$ref" and v.startswith("#") else self.absolute(v))
                for k, v in schema.items()
            }
        if isinstance(schema, list):
            return [self.absolute(v) for v in schema]
        return schema

    def parse(self, body: Any, schema: dict[str, Any]) -> Any:
        """The body as the generated model the schema names (lists of them for arrays)."""
        if "$ref" in schema:
            model: type[BaseModel] = getattr(self.models, schema["$ref"].rsplit("/", 1)[1])
            return model.model_validate(body)
        if schema.get("type") == "array" and "$ref" in schema.get("items", {}):
            return [self.parse(item, schema["items"]) for item in body]
        return body


@pytest.fixture
def api(client: TestClient, document: dict[str, Any], models: ModuleType) -> GeneratedClient:
    return GeneratedClient(client, document, models)


def test_the_document_is_valid_openapi(document: dict[str, Any]) -> None:
    openapi_spec_validator.validate(document)


def test_every_operation_declares_its_answer_and_its_errors(document: dict[str, Any]) -> None:
    error_ref = "#/components/schemas/ErrorBody"
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas and "ValidationError" not in schemas
    assert schemas["ErrorBody"]["required"] == ["error"]
    assert set(schemas["ErrorDetail"]["required"]) == {"code", "message", "details"}
    operations = [
        (method.upper(), path, operation)
        for path, item in document["paths"].items()
        if path.startswith("/api/v1/")
        for method, operation in item.items()
    ]
    assert len(operations) >= 25
    for method, path, operation in operations:
        label = f"{method} {path}"
        responses = operation["responses"]
        successes = [status for status in responses if status.startswith("2")]
        assert len(successes) == 1, label
        content = responses[successes[0]].get("content", {})
        assert content, f"{label}: no response content"
        for media_type, entry in content.items():
            schema = entry.get("schema", {})
            assert schema not in ({}, {"type": "object"}), f"{label} ({media_type}): an untyped answer"
            if "$ref" not in schema:
                items = schema.get("items", {})
                assert schema.get("type") == "string" or "$ref" in items, f"{label} ({media_type}): {schema}"
            else:
                target = schemas[schema["$ref"].rsplit("/", 1)[1]]
                assert target.get("properties"), f"{label}: {schema['$ref']} has no properties"
        errors = {status: entry for status, entry in responses.items() if status[0] in "45"}
        assert errors, f"{label}: no error responses"
        for status, entry in errors.items():
            assert entry["content"]["application/json"]["schema"] == {"$ref": error_ref}, f"{label} {status}"
        if operation.get("parameters") or operation.get("requestBody"):
            assert "422" in errors, f"{label}: takes input but documents no 422"


def test_a_generated_client_reads_the_api(api: GeneratedClient, models: ModuleType, tokens: dict[str, str]) -> None:
    observer = auth(tokens, "observer")

    status, health = api.call("GET", "/api/v1/health")
    assert status == 200 and isinstance(health, models.Health) and health.status == "ok"

    status, page = api.call("GET", "/api/v1/incidents", params={"limit": 5}, headers=observer)
    assert isinstance(page, models.IncidentPage) and len(page.items) == 5 and page.total >= 5
    first = page.items[0]
    assert isinstance(first, models.IncidentRecord) and isinstance(first.killed, models.Figure)

    status, detail = api.call(
        "GET", "/api/v1/incidents/{incident_id}", path_params={"incident_id": first.id}, headers=observer
    )
    assert isinstance(detail, models.IncidentDetail) and detail.id == first.id
    assert all(isinstance(s, models.CitedSource) for s in detail.sources)

    status, agreements = api.call("GET", "/api/v1/agreements")
    assert agreements and all(isinstance(a, models.AgreementRecord) for a in agreements)
    status, provisions = api.call("GET", "/api/v1/provisions", params={"party": "KH"})
    assert provisions and all("KH" in p.binds for p in provisions)

    status, report = api.call("GET", "/api/v1/compliance", params={"as_of": "2025-12-31"}, headers=observer)
    assert isinstance(report, models.ComplianceDocument) and report.violations and report.matrix
    assert all(cell.total == sum(cell.counts.model_dump().values()) for cell in report.matrix)

    status, sources = api.call("GET", "/api/v1/sources", params={"limit": 3})
    assert isinstance(sources, models.SourcePage) and len(sources.items) == 3
    status, source = api.call("GET", "/api/v1/sources/{source_id}", path_params={"source_id": sources.items[0].id})
    assert isinstance(source, models.SourceDetail)

    status, markers = api.call("GET", "/api/v1/dashboard/markers", params={"kind": "shelling"})
    assert isinstance(markers, models.Markers) and all(m.kind == "shelling" for m in markers.markers)
    status, days = api.call("GET", "/api/v1/dashboard/timeline")
    assert days and all(isinstance(d, models.TimelineDay) for d in days)

    status, me = api.call("GET", "/api/v1/me", headers=observer)
    assert isinstance(me, models.Me) and me.role.value == "observer"

    status, exported = api.call("GET", "/api/v1/exports/{export_format}", path_params={"export_format": "json"})
    assert isinstance(exported, models.JsonExport) and exported.incidents
    status, geojson = api.call("GET", "/api/v1/exports/{export_format}", path_params={"export_format": "geojson"})
    assert isinstance(geojson, models.IncidentFeatureCollection) and geojson.features
    status, csv = api.call("GET", "/api/v1/exports/{export_format}", path_params={"export_format": "acled"})
    assert isinstance(csv, str) and csv.count("\n") > 1


def test_a_generated_client_writes_and_reads_errors(
    api: GeneratedClient, models: ModuleType, tokens: dict[str, str]
) -> None:
    observer = auth(tokens, "observer")
    report = {"text": "On 3 December 2025 Cambodian troops shelled Ban Nong Ya Kaeo.", "published": "2025-12-04"}

    status, dry = api.call("POST", "/api/v1/ingest", json=report | {"dry_run": True}, headers=observer)
    assert isinstance(dry, models.IngestResult) and dry.document.dry_run and dry.document.id is None
    status, stored = api.call("POST", "/api/v1/ingest", json=report, headers=observer)
    assert stored.document.created and stored.candidates
    status, queue = api.call("GET", "/api/v1/review", headers=observer)
    assert {c.review_id for c in stored.candidates} <= {c.review_id for c in queue}
    review_id = stored.candidates[0].review_id
    status, rejected = api.call(
        "POST",
        "/api/v1/review/{candidate_id}/reject",
        path_params={"candidate_id": review_id},
        json={"reason": "duplicate of a known report"},
        headers=observer,
    )
    assert isinstance(rejected, models.Rejected) and rejected.status == "rejected"

    # every error is the one documented shape, parsed as such
    status, error = api.call("POST", "/api/v1/ingest", json=report | {"dry_run": 0}, headers=observer)
    assert status == 422 and isinstance(error, models.ErrorBody) and error.error.code == "invalid_input"
    assert [d["location"] for d in error.error.details] == [["body", "dry_run"]]
    status, error = api.call("GET", "/api/v1/incidents", params={"limit": 0})
    assert status == 422 and isinstance(error, models.ErrorBody)
    status, error = api.call("GET", "/api/v1/incidents/{incident_id}", path_params={"incident_id": "nope"})
    assert status == 404 and error.error.code == "not_found"
    status, error = api.call("GET", "/api/v1/users", headers=observer)
    assert status == 403 and error.error.code == "forbidden"
    status, error = api.call("GET", "/api/v1/me", headers={"Authorization": "Bearer not-a-token"})
    assert status == 401 and error.error.code == "unauthorized"
    status, error = api.call(
        "POST",
        "/api/v1/review/{candidate_id}/reject",
        path_params={"candidate_id": review_id},
        json={"reason": "again"},
        headers=observer,
    )
    assert status == 409 and error.error.code == "conflict"
