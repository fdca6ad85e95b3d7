"""The headless core: HTTP client, models, errors, pagination.

Nothing under this package may import Textual (checked by import-linter and a test):
the command-line commands use it without paying for the TUI.
"""

import sys

# httpx imports its own command-line tool (click, pygments, rich.progress) whenever
# click happens to be installed: about 0.1 s of start-up for code we never call.
# Marking that module absent makes httpx skip it (it falls back to a stub ``main``).
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

from rapidly_tui.api.client import (  # noqa: E402
    PRODUCTION_URL,
    SANDBOX_URL,
    RapidlyClient,
    RetryNotice,
    RetryPolicy,
    retry_listener,
)
from rapidly_tui.api.errors import (  # noqa: E402
    ApiError,
    ConnectionFailed,
    DecodeError,
    FieldError,
    Forbidden,
    Invalid,
    NotFound,
    RapidlyError,
    RateLimited,
    ServerError,
    Timeout,
    TransportError,
    Unauthorized,
    UnexpectedStatus,
)

__all__ = [
    "PRODUCTION_URL",
    "SANDBOX_URL",
    "ApiError",
    "ConnectionFailed",
    "DecodeError",
    "FieldError",
    "Forbidden",
    "Invalid",
    "NotFound",
    "RapidlyClient",
    "RapidlyError",
    "RateLimited",
    "RetryNotice",
    "RetryPolicy",
    "ServerError",
    "Timeout",
    "TransportError",
    "Unauthorized",
    "UnexpectedStatus",
    "retry_listener",
]
