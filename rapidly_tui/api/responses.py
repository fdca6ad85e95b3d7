"""Mapping error responses to the error hierarchy of :mod:`rapidly_tui.api.errors`.

Nothing in an error body is trusted: only a body that says it is JSON and parses is
read, the message names the status in our own words, and field errors keep only
their location and message.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from rapidly_tui.api import errors

if TYPE_CHECKING:
    import httpx
    from pydantic import ValidationError

_SCOPE_RE = re.compile(r'scope="([^"]*)"')


def error_from_response(response: httpx.Response) -> errors.ApiError:
    """Map an error response to the error hierarchy, without trusting its body."""
    status = response.status_code
    request_id = response.headers.get("x-request-id")
    body = _json_or_none(response)
    detail = body.get("detail") if isinstance(body, dict) else None
    description = body.get("error_description") if isinstance(body, dict) else None
    text = (
        detail if isinstance(detail, str) else description if isinstance(description, str) else None
    )

    if status == 401:
        return errors.Unauthorized(
            "The server rejected the access token (expired, revoked or mistyped)."
            if isinstance(description, str)
            else "The request carried no valid access token.",
            status=status,
            request_id=request_id,
        )
    if status == 403:
        match = _SCOPE_RE.search(response.headers.get("www-authenticate", ""))
        # The header lists every scope that would do; web:* are the dashboard's own.
        scopes = tuple(
            s for s in (match.group(1).split() if match else []) if not s.startswith("web:")
        )
        message = (
            f"The token lacks the scope {' or '.join(scopes)}."
            if scopes
            else "The token is not allowed to read this."
        )
        return errors.Forbidden(message, scopes=scopes, status=status, request_id=request_id)
    if status == 404:
        return errors.NotFound(text or "Not found.", status=status, request_id=request_id)
    if status == 422:
        field_errors = tuple(_field_errors(detail))
        message = "; ".join(str(e) for e in field_errors) or text or "The request was invalid."
        return errors.Invalid(
            message, field_errors=field_errors, status=status, request_id=request_id
        )
    if status == 429:
        retry_after = _retry_after(
            response.headers.get("retry-after"), response.headers.get("date")
        )
        suffix = f" Retry after {retry_after:g} s." if retry_after is not None else ""
        return errors.RateLimited(
            "Too many requests." + suffix,
            retry_after=retry_after,
            status=status,
            request_id=request_id,
        )
    if status >= 500:
        return errors.ServerError(
            f"The server failed with HTTP {status}.", status=status, request_id=request_id
        )
    return errors.UnexpectedStatus(
        f"Unexpected HTTP {status}" + (f": {text}" if text else "."),
        status=status,
        request_id=request_id,
    )


def _json_or_none(response: httpx.Response) -> Any:
    # A 429 has an empty body and no content type; a proxy may send HTML. Only a
    # body that says it is JSON and parses as JSON is read.
    if not response.content or "json" not in response.headers.get("content-type", ""):
        return None
    try:
        return response.json()
    except ValueError:
        return None


def _field_errors(detail: Any) -> list[errors.FieldError]:
    if not isinstance(detail, list):
        return []
    found = []
    for item in detail:
        if not isinstance(item, dict):
            continue
        loc = item.get("loc")
        location = ".".join(str(part) for part in loc) if isinstance(loc, list) else ""
        message = item.get("msg")
        found.append(
            errors.FieldError(location, message if isinstance(message, str) else "invalid")
        )
    return found


def _retry_after(value: str | None, date_header: str | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: delay-seconds or an HTTP date (RFC
    9110 10.2.3). A date is measured from the response's own Date header when there is
    one (the server's clock, so a skewed local clock does not matter), else from now; a
    date in the past means now. Anything else is ignored (the usual backoff applies);
    the cap is the retry policy's."""
    if value is None:
        return None
    try:
        seconds = float(value.strip())
    except ValueError:
        when = _http_date(value)
        if when is None:
            return None
        sent = _http_date(date_header) if date_header else None
        now = sent or datetime.now(timezone.utc)
        return float(max(round((when - now).total_seconds()), 0))
    return seconds if seconds >= 0 else None


def _http_date(value: str) -> datetime | None:
    # Imported here: rarely needed, and the client's import is on the start-up path.
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        return None
    # A date without a zone is taken as GMT, the only zone HTTP dates use.
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


_UNION_TAGS = frozenset({"card", "generic", "system", "user", "str", "int", "float", "bool"})


def _field_path(loc: Sequence[int | str]) -> str:
    # pydantic puts the union branch it tried into the location ("str-enum[...]",
    # "card", "str"): noise in a field path. Field names never contain "[".
    return ".".join(
        str(part)
        for part in loc
        if not (isinstance(part, str) and ("[" in part or part in _UNION_TAGS))
    )


def decode_error(
    exc: ValidationError, *, status: int | None = None, request_id: str | None = None
) -> errors.DecodeError:
    """Name the offending fields of a response that broke the contract."""
    messages: dict[str, str] = {}  # path -> first message (one per field, not per branch)
    for item in exc.errors(include_url=False, include_input=False):
        messages.setdefault(_field_path(item["loc"]), item["msg"])
    shown = list(messages.items())[:5]
    parts = [f"{path or 'body'}: {message}" for path, message in shown]
    message = "The response does not match the API: " + "; ".join(parts)
    if len(messages) > len(shown):
        message += f" (and {len(messages) - len(shown)} more)"
    return errors.DecodeError(
        message, fields=tuple(path for path, _ in shown), status=status, request_id=request_id
    )
