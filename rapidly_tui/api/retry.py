"""How GETs are retried, and who hears about it.

Every request the client sends is an idempotent GET, so retrying is always safe; the
policy decides which failures are worth another try and how long to wait.
"""

from __future__ import annotations

import contextvars
import random
from collections.abc import Callable
from dataclasses import dataclass

from rapidly_tui.api import errors


@dataclass(frozen=True)
class RetryNotice:
    """Told to the caller before the client sleeps and tries a request again."""

    attempt: int  # the attempt that failed, from 1
    max_attempts: int
    delay: float  # seconds until the next try
    error: errors.RapidlyError


RetryListener = Callable[[RetryNotice], None]

#: Who hears about retries of requests made in this context. The TUI sets it inside
#: each worker, so a panel can show "rate limited, retrying in 30 s" for its own
#: requests only; the command-line commands set it to print to stderr.
retry_listener: contextvars.ContextVar[RetryListener | None] = contextvars.ContextVar(
    "rapidly_retry_listener", default=None
)


@dataclass(frozen=True)
class RetryPolicy:
    """How GETs are retried: 429 after Retry-After, 502/503/504 and network errors
    with jittered exponential backoff; never 400/401/403/404/422."""

    max_attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 8.0
    retry_after_cap: float = 30.0
    retry_statuses: frozenset[int] = frozenset({429, 502, 503, 504})

    def delay_for(self, attempt: int, error: errors.RapidlyError) -> float:
        if isinstance(error, errors.RateLimited) and error.retry_after is not None:
            return min(max(error.retry_after, 0.0), self.retry_after_cap)
        backoff = min(self.base_delay * 2 ** (attempt - 1), self.max_delay)
        # Full jitter between half and the whole backoff keeps clients from retrying in step.
        return float(backoff * (0.5 + random.random() / 2))  # noqa: S311 - not cryptographic
