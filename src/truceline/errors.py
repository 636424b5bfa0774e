"""Errors a user can act on. The CLI turns them into a message and an exit code; the API into
its one JSON error shape.

Exit codes: 0 success; 1 unexpected failure; 2 invalid input; 3 not found; 4 conflict;
5 forbidden; 6 the store is busy (try again).
"""

from __future__ import annotations


class TrucelineError(Exception):
    """Base of the errors Truceline reports to a user. ``exit_code`` follows the CLI convention."""

    exit_code = 1
    http_status = 400
    code = "error"


class InvalidInput(TrucelineError):
    """The input is malformed or fails validation (exit 2, HTTP 422)."""

    exit_code = 2
    http_status = 422
    code = "invalid_input"


class NotFound(TrucelineError):
    """The named record does not exist (exit 3, HTTP 404)."""

    exit_code = 3
    http_status = 404
    code = "not_found"


class Conflict(TrucelineError):
    """The write conflicts with what is stored (exit 4, HTTP 409)."""

    exit_code = 4
    http_status = 409
    code = "conflict"


class Retracted(TrucelineError):
    """The record was retracted: readers get the retraction notice, not its content (HTTP 410).
    ``problems`` holds the notice: when, why, and the record that supersedes it, if any."""

    exit_code = 1
    http_status = 410
    code = "retracted"

    def __init__(self, message: str, notice: dict[str, object] | None = None) -> None:
        super().__init__(message)
        self.problems = notice or {}


class Forbidden(TrucelineError):
    """The acting user's role does not allow this (exit 5, HTTP 403)."""

    exit_code = 5
    http_status = 403
    code = "forbidden"


class StoreBusy(TrucelineError):
    """The store stayed busy with other writers through every attempt (exit 6, HTTP 503 with
    ``Retry-After``): nothing was written, and the same request may simply be sent again."""

    exit_code = 6
    http_status = 503
    code = "busy"

    def __init__(self, message: str, *, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after
