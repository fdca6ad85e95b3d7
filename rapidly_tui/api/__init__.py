"""The headless core: HTTP client, models, errors, pagination.

Nothing under this package may import Textual (checked by import-linter and a test):
the command-line commands use it without paying for the TUI.
"""

from rapidly_tui.api.client import (
    PRODUCTION_URL,
    SANDBOX_URL,
    RapidlyClient,
    RetryNotice,
    RetryPolicy,
    retry_listener,
)
from rapidly_tui.api.errors import (
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
