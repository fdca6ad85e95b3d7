"""Retry-After as delay-seconds or as an HTTP date (RFC 9110 10.2.3), capped by the policy."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import format_datetime

import httpx
import pytest

from rapidly_tui.api import errors
from rapidly_tui.api.client import RetryPolicy, error_from_response

SERVER_NOW = datetime(2026, 11, 20, 9, 0, 0, tzinfo=timezone.utc)


def _http_date(when: datetime) -> str:
    return format_datetime(when, usegmt=True)


def _rate_limited(headers: dict[str, str]) -> errors.RateLimited:
    error = error_from_response(httpx.Response(429, headers=headers))
    assert isinstance(error, errors.RateLimited)
    return error


def test_a_date_is_measured_from_the_servers_date_header() -> None:
    error = _rate_limited(
        {
            "retry-after": _http_date(SERVER_NOW + timedelta(seconds=12)),
            "date": _http_date(SERVER_NOW),
        }
    )
    assert error.retry_after == 12
    assert RetryPolicy().delay_for(1, error) == 12
    assert "Retry after 12 s." in error.message


def test_a_date_without_a_date_header_is_measured_from_now() -> None:
    when = datetime.now(timezone.utc) + timedelta(seconds=20)
    error = _rate_limited({"retry-after": _http_date(when)})
    assert error.retry_after is not None
    assert 18 <= error.retry_after <= 21


def test_a_far_date_is_capped_like_a_long_delay() -> None:
    error = _rate_limited(
        {
            "retry-after": _http_date(SERVER_NOW + timedelta(hours=2)),
            "date": _http_date(SERVER_NOW),
        }
    )
    assert error.retry_after == 7200
    assert RetryPolicy().delay_for(1, error) == 30.0
    assert RetryPolicy().delay_for(1, _rate_limited({"retry-after": "7200"})) == 30.0


def test_a_past_date_means_retry_now() -> None:
    error = _rate_limited(
        {
            "retry-after": _http_date(SERVER_NOW - timedelta(minutes=5)),
            "date": _http_date(SERVER_NOW),
        }
    )
    assert error.retry_after == 0
    assert RetryPolicy().delay_for(1, error) == 0


@pytest.mark.parametrize("value", ["soon", "", "Wed, 99 Foo 2026 25:61:00 GMT", "-3", "nan"])
def test_a_garbage_value_is_ignored_and_backoff_applies(value: str) -> None:
    error = _rate_limited({"retry-after": value})
    assert error.retry_after is None
    assert "Retry after" not in error.message
    delay = RetryPolicy().delay_for(1, error)
    assert 0.25 <= delay <= 0.5  # the jittered backoff of a first retry


def test_seconds_still_work() -> None:
    assert _rate_limited({"retry-after": "2.5"}).retry_after == 2.5
    assert _rate_limited({"retry-after": " 7 "}).retry_after == 7
