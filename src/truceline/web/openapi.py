"""The OpenAPI document, completed: models that only a hand-written response schema names (the
GeoJSON export) are added to its components, so every ``$ref`` in it resolves; and every
operation that takes the ``conflict`` parameter says it may answer 404 (no such conflict) and 422
(several conflicts, none named), in the one error shape."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from truceline.web.api_models import ErrorBody

REF_TEMPLATE = "#/components/schemas/{model}"


def schema_ref(model: type[BaseModel]) -> dict[str, str]:
    """A ``$ref`` to ``model`` in the document's components (see :func:`install`)."""
    return {"$ref": REF_TEMPLATE.format(model=model.__name__)}


def install(app: FastAPI, models: Sequence[type[BaseModel]]) -> None:
    """Add ``models`` (and the models they use) to the document's component schemas."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            _, definitions = models_json_schema(
                [(model, "serialization") for model in models], ref_template=REF_TEMPLATE
            )
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            for name, schema in definitions.get("$defs", {}).items():
                schemas.setdefault(name, schema)
            _conflict_errors(document)
            app.openapi_schema = document
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


#: what choosing a conflict can answer, besides the operation's own answers
CONFLICT_ERRORS = {
    "404": "No such conflict in the store (or no such record, or not one the caller may see).",
    "422": "The request is not valid, or the store holds several conflicts and none was named.",
}


def _conflict_errors(document: dict[str, Any]) -> None:
    error = schema_ref(ErrorBody)
    for path in document.get("paths", {}).values():
        for operation in path.values():
            if not any(p.get("name") == "conflict" for p in operation.get("parameters", [])):
                continue
            responses = operation.setdefault("responses", {})
            for status, description in CONFLICT_ERRORS.items():
                entry = responses.setdefault(status, {"description": description})
                entry["content"] = {"application/json": {"schema": error}}
    schemas = document.get("components", {}).get("schemas", {})
    uses = str(document.get("paths", {}))
    for name in ("HTTPValidationError", "ValidationError"):
        if f"/{name}'" not in uses:
            schemas.pop(name, None)
