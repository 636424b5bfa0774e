"""A request is the unit of work of the API and the forms: when its transaction fails because the
store was busy (or a unique key was taken by a concurrent writer), :class:`RetryWrites` runs the
whole request again after a jittered pause, replaying the body it had read. Nothing was
committed (the session commits before the response starts) and nothing was sent, so the second
run is as if the first never happened.

When the attempts are spent the client gets 503 with ``Retry-After`` (or 409 when a unique key
stayed taken), in the one error shape; never a 500. The policy and the failure classes are the
store's (:class:`truceline.db.RetryPolicy`, :func:`truceline.db.write_failure`), shared with
:func:`truceline.db.run_write` and the CLI.
"""

from __future__ import annotations

import logging

import anyio
from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from truceline.db import RetryPolicy, exhausted_error, write_failure
from truceline.errors import StoreBusy
from truceline.web.errors import error_response

log = logging.getLogger("truceline.db")


class _ReplayableBody:
    """``receive`` for each attempt: the body messages the first attempt read, then the rest."""

    def __init__(self, receive: Receive) -> None:
        self._receive = receive
        self._seen: list[Message] = []

    def for_attempt(self) -> Receive:
        replay = list(self._seen)

        async def receive() -> Message:
            if replay:
                return replay.pop(0)
            message = await self._receive()
            if message["type"] == "http.request":
                self._seen.append(message)
            return message

        return receive


class RetryWrites:
    """ASGI middleware: run a request again when its write lost a race (see the module)."""

    def __init__(self, app: ASGIApp, policy: RetryPolicy | None = None) -> None:
        self.app = app
        self.policy = policy or RetryPolicy()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        body = _ReplayableBody(receive)
        for attempt in range(1, self.policy.attempts + 1):
            started = False

            async def send_marking_start(message: Message) -> None:
                nonlocal started
                started = started or message["type"] == "http.response.start"
                await send(message)

            try:
                await self.app(dict(scope), body.for_attempt(), send_marking_start)
                return
            except Exception as exc:
                if started or write_failure(exc) is None:
                    raise
                if attempt == self.policy.attempts:
                    await _refuse(scope, receive, send, exc, self.policy)
                    return
                log.info(
                    "%s %s: attempt %d lost a write race (%s); running it again",
                    scope["method"],
                    scope["path"],
                    attempt,
                    type(exc).__name__,
                )
                await anyio.sleep(self.policy.delay(attempt))


async def _refuse(scope: Scope, receive: Receive, send: Send, exc: Exception, policy: RetryPolicy) -> None:
    error = exhausted_error(exc, policy)
    response = error_response(Request(scope, receive), error.http_status, error.code, str(error))
    if isinstance(error, StoreBusy):
        response.headers["Retry-After"] = str(error.retry_after)
    await response(scope, receive, send)
