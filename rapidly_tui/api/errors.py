"""The client's error hierarchy.

One class per status family plus transport failures, so that callers (the TUI, the
command-line commands) can say what happened and what to do without parsing text.
Every error carries the response's X-Request-ID when there was a response: it is
what Rapidly support asks for. Messages never contain the token or a transport
traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    """One entry of a 422 body: where (``query.limit``) and what went wrong."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class RapidlyError(Exception):
    """Base class of everything the client raises."""

    #: A short, fixed summary of the error class, safe to show as a heading.
    title = "Request failed"

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.request_id = request_id

    @property
    def retryable(self) -> bool:
        """Whether trying the same request later may succeed."""
        return False

    def __str__(self) -> str:
        return self.message


class ApiError(RapidlyError):
    """The server answered with an error status."""


class Unauthorized(ApiError):
    title = "Token rejected (401)"


class Forbidden(ApiError):
    title = "Permission denied (403)"

    def __init__(
        self,
        message: str,
        *,
        scopes: tuple[str, ...] = (),
        status: int | None = 403,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, status=status, request_id=request_id)
        #: The scopes the server said the request requires (from WWW-Authenticate).
        self.scopes = scopes


class NotFound(ApiError):
    title = "Not found (404)"


class Invalid(ApiError):
    title = "Invalid request (422)"

    def __init__(
        self,
        message: str,
        *,
        field_errors: tuple[FieldError, ...] = (),
        status: int | None = 422,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, status=status, request_id=request_id)
        self.field_errors = field_errors


class RateLimited(ApiError):
    title = "Rate limited (429)"

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        status: int | None = 429,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, status=status, request_id=request_id)
        #: Seconds the server asked us to wait, if it said.
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return True


class ServerError(ApiError):
    title = "Server error"

    @property
    def retryable(self) -> bool:
        return True


class UnexpectedStatus(ApiError):
    """Any other status (400, 405, 409, a redirect we did not follow...)."""

    title = "Unexpected response"


class TransportError(RapidlyError):
    """No usable HTTP response: the request never completed."""

    @property
    def retryable(self) -> bool:
        return True


class Timeout(TransportError):
    title = "Timed out"


class ConnectionFailed(TransportError):
    title = "Connection failed"


class DecodeError(RapidlyError):
    """The response arrived but is not what the API contract says."""

    title = "Unreadable response"

    def __init__(
        self,
        message: str,
        *,
        fields: tuple[str, ...] = (),
        status: int | None = None,
        request_id: str | None = None,
    ) -> None:
        super().__init__(message, status=status, request_id=request_id)
        #: Dotted paths of the offending fields (``data.3.email``), when known.
        self.fields = fields
