"""Limits and checks at the edge, before any endpoint (or authentication) runs.

- :class:`BodyLimit` (ASGI middleware, outside sessions and authentication): a request whose
  ``Content-Length`` is over the limit is answered 413 at once, its body never read; a body
  sent without a length (chunked) is counted as it streams, and refused with 413 as soon as it
  passes the limit. Evidence uploads (``UPLOAD_PATHS``) have a larger limit of their own.
- :func:`refuse_bad_text` (an app-wide dependency): every path parameter, query parameter, JSON
  string and form field is checked by :func:`truceline.domain.inputs.text_problem`; a NUL
  byte, a control character or invalid Unicode is refused with 422 before anything is stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from fastapi import HTTPException, Request
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from truceline.domain.inputs import text_problem
from truceline.errors import InvalidInput

#: paths whose bodies carry evidence files (the upload limit applies)
UPLOAD_PATHS = ("/api/v1/evidence", "/api/v1/field-reports")


def too_large(limit: int) -> str:
    return f"the request body is larger than {limit} bytes (see TRUCELINE_MAX_BODY_BYTES)"


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` (``max_upload_bytes`` on ``UPLOAD_PATHS``)."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, max_upload_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_upload_bytes = max_upload_bytes

    def limit_for(self, path: str) -> int:
        return self.max_upload_bytes if path.startswith(UPLOAD_PATHS) else self.max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length")
        if declared is not None:
            if not declared.isdigit():
                await self.refuse(send, 400, "bad_request", "the Content-Length header is not a number")
                return
            if int(declared) > limit:
                await self.refuse(send, 413, "too_large", too_large(limit))
                return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise HTTPException(413, too_large(limit))
            return message

        await self.app(scope, counted, send)

    @staticmethod
    async def refuse(send: Send, status: int, code: str, message: str) -> None:
        body = json.dumps({"error": {"code": code, "message": message, "details": None}}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every string in a decoded JSON value (keys included), with where it is."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield f"{where}.{key}", str(key)
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")


async def _inputs(request: Request) -> Iterator[tuple[str, str]]:
    items: list[tuple[str, str]] = [(f"path parameter {k!r}", str(v)) for k, v in request.path_params.items()]
    for key, value in request.query_params.multi_items():
        items += [("a query parameter name", key), (f"query parameter {key!r}", value)]
    if request.method in {"POST", "PUT", "PATCH"}:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()  # parsed once: the endpoint reads the same form
            for key, field in form.multi_items():
                items.append(("a form field name", key))
                if isinstance(field, str):
                    items.append((f"form field {key!r}", field))
        elif "json" in content_type:
            body = await request.body()  # read once: the endpoint's body is the same bytes
            try:
                decoded = json.loads(body) if body else None
            except ValueError:
                decoded = None  # malformed JSON: request validation answers it
            items += list(_strings(decoded, "body"))
    return iter(items)


async def refuse_bad_text(request: Request) -> None:
    """Refuse (422) a request with a NUL byte, a control character or invalid Unicode in any text."""
    for where, value in await _inputs(request):
        problem = text_problem(value)
        if problem is not None:
            raise InvalidInput(f"{where} {problem}")
