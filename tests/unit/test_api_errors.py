"""Every recorded error response maps to the right error class, with what a person needs."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from rapidly_tui.api import errors
from rapidly_tui.api.client import RetryPolicy, error_from_response
from tests.support.fixtures import recording, recording_names

EXPECTED_CLASS = {
    307: errors.UnexpectedStatus,
    401: errors.Unauthorized,
    403: errors.Forbidden,
    404: errors.NotFound,
    405: errors.UnexpectedStatus,
    422: errors.Invalid,
    429: errors.RateLimited,
}


def response_from(name: str) -> httpx.Response:
    exchange = recording(name)
    body: Any = exchange["body"]
    content = b"" if body == "" else json.dumps(body).encode()
    return httpx.Response(exchange["status"], headers=exchange["headers"], content=content)


ERROR_RECORDINGS = [n for n in recording_names() if recording(n)["status"] != 200]


def test_recordings_cover_every_error_status() -> None:
    assert {recording(n)["status"] for n in ERROR_RECORDINGS} == set(EXPECTED_CLASS)


@pytest.mark.parametrize("name", ERROR_RECORDINGS)
def test_every_recorded_error_maps_to_its_class(name: str) -> None:
    response = response_from(name)
    error = error_from_response(response)
    assert type(error) is EXPECTED_CLASS[response.status_code]
    assert error.status == response.status_code
    assert error.request_id == response.headers["x-request-id"]
    assert error.message
    assert error.title


def test_401_distinguishes_no_token_from_rejected_token() -> None:
    missing = error_from_response(response_from("workspaces_list_no_token"))
    rejected = error_from_response(response_from("workspaces_list_expired_token"))
    assert "no valid access token" in missing.message
    assert "rejected" in rejected.message
    assert not missing.retryable
    assert not rejected.retryable


@pytest.mark.parametrize(
    ("name", "scopes"),
    [
        ("payments_list_insufficient_scope", ("payments:read",)),
        ("write_with_read_token_403", ("customers:write",)),
    ],
)
def test_403_names_the_missing_scopes_without_dashboard_scopes(
    name: str, scopes: tuple[str, ...]
) -> None:
    error = error_from_response(response_from(name))
    assert isinstance(error, errors.Forbidden)
    assert error.scopes == scopes
    assert scopes[0] in error.message
    assert "web:" not in error.message


def test_403_without_scope_header() -> None:
    error = error_from_response(httpx.Response(403, json={"detail": "nope"}))
    assert isinstance(error, errors.Forbidden)
    assert error.scopes == ()
    assert "not allowed" in error.message


def test_422_lists_field_errors() -> None:
    error = error_from_response(response_from("metrics_missing_params"))
    assert isinstance(error, errors.Invalid)
    assert [str(e) for e in error.field_errors] == [
        "query.start_date: Field required",
        "query.end_date: Field required",
        "query.interval: Field required",
    ]
    assert "query.start_date" in error.message


def test_422_with_odd_detail_items_is_still_readable() -> None:
    body = {"detail": [{"loc": "not-a-list", "msg": 3}, "junk", {"msg": "ok"}]}
    error = error_from_response(httpx.Response(422, json=body))
    assert isinstance(error, errors.Invalid)
    assert [str(e) for e in error.field_errors] == ["invalid", "ok"]
    string_detail = error_from_response(httpx.Response(422, json={"detail": "Bad dates"}))
    assert string_detail.message == "Bad dates"


def test_429_with_empty_body_reads_retry_after() -> None:
    error = error_from_response(response_from("rate_limited_429"))
    assert isinstance(error, errors.RateLimited)
    assert error.retry_after == 60
    assert error.retryable
    assert "60" in error.message


@pytest.mark.parametrize(
    ("header", "expected"),
    [("2.5", 2.5), (" 7 ", 7.0), ("-1", None), ("not a date", None)],
)
def test_retry_after_parsing(header: str, expected: float | None) -> None:
    error = error_from_response(httpx.Response(429, headers={"retry-after": header}))
    assert isinstance(error, errors.RateLimited)
    assert error.retry_after == expected


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_is_a_retryable_server_error(status: int) -> None:
    error = error_from_response(httpx.Response(status, text="<html>oops</html>"))
    assert isinstance(error, errors.ServerError)
    assert error.retryable
    assert "oops" not in error.message  # an HTML page is not shown as the message


def test_404_uses_the_detail_and_unknown_statuses_are_unexpected() -> None:
    members = error_from_response(response_from("members_list_malformed_customer_id"))
    assert members.message == "Invalid customer ID format"
    teapot = error_from_response(httpx.Response(418, json={"detail": "short and stout"}))
    assert isinstance(teapot, errors.UnexpectedStatus)
    assert "short and stout" in teapot.message
    bare = error_from_response(httpx.Response(409))
    assert bare.message == "Unexpected HTTP 409."


def test_non_json_error_body_is_not_parsed() -> None:
    response = httpx.Response(
        404, headers={"content-type": "text/html"}, text='{"detail": "looks like json"}'
    )
    assert error_from_response(response).message == "Not found."
    broken = httpx.Response(404, headers={"content-type": "application/json"}, text="{nope")
    assert error_from_response(broken).message == "Not found."


def test_error_classes_and_their_flags() -> None:
    assert issubclass(errors.Unauthorized, errors.ApiError)
    assert issubclass(errors.Timeout, errors.TransportError)
    assert errors.Timeout("slow").retryable
    assert errors.ConnectionFailed("down").retryable
    assert not errors.DecodeError("bad").retryable
    assert not errors.NotFound("gone").retryable
    assert str(errors.NotFound("gone")) == "gone"
    assert str(errors.FieldError("", "whole request")) == "whole request"
    assert errors.Forbidden("no").status == 403
    assert errors.Invalid("bad").status == 422


def test_retry_policy_delays() -> None:
    policy = RetryPolicy()
    limited = errors.RateLimited("slow down", retry_after=120)
    assert policy.delay_for(1, limited) == 30.0  # capped
    assert policy.delay_for(1, errors.RateLimited("x", retry_after=2)) == 2
    for attempt, ceiling in ((1, 0.5), (2, 1.0), (3, 2.0), (10, 8.0)):
        delay = policy.delay_for(attempt, errors.ServerError("x", status=503))
        assert ceiling / 2 <= delay <= ceiling
