"""Process exit codes of every rapidly-tui command (documented in the README and --help)."""

from __future__ import annotations

OK = 0
UNEXPECTED = 1  # a bug or an unknown failure
USAGE = 2  # bad arguments (argparse uses 2 as well)
AUTH = 3  # no token, 401, 403, keyring trouble
NOT_FOUND = 4  # 404, unknown or ambiguous reference
RETRYABLE = 5  # network, timeout, 5xx, 429 after retries

EPILOG = """exit codes:
  0  success
  1  unexpected error
  2  usage error
  3  authentication or permission (no token, 401, 403)
  4  not found
  5  retryable failure (network, timeout, 5xx, 429 after retries)"""


def exit_code_for(exc: BaseException) -> int:
    """The exit code a failure maps to, the same for the commands and the TUI."""
    from rapidly_tui.api import errors
    from rapidly_tui.api.lookup import AmbiguousReference

    if isinstance(exc, (errors.Unauthorized, errors.Forbidden)):
        return AUTH
    if isinstance(exc, (errors.NotFound, AmbiguousReference)):
        return NOT_FOUND
    if isinstance(exc, errors.Invalid):
        # The server refused a parameter the person typed (a filter value, a limit).
        return USAGE
    if isinstance(exc, errors.RapidlyError):
        return RETRYABLE if exc.retryable else UNEXPECTED
    code = getattr(exc, "exit_code", None)
    if isinstance(code, int) and isinstance(getattr(exc, "message", None), str):
        # CommandError, and the credential errors of rapidly_tui.auth.
        return code
    return UNEXPECTED
