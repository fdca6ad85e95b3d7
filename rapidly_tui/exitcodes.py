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
