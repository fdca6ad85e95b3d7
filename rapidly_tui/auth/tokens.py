"""What a Rapidly token looks like: kinds, cleaning of pasted input, masking."""

from __future__ import annotations

import re

from rapidly_tui.auth.errors import InvalidToken

#: Recognised prefixes and what they mean (longest first does not matter: none is a
#: prefix of another).
TOKEN_KINDS = {
    "rapidly_oat_": "workspace access token",
    "rapidly_at_u_": "user OAuth token",
    "rapidly_at_o_": "workspace OAuth token",
}
#: Anything that looks like a Rapidly token, for redaction in logs and messages.
TOKEN_PATTERN = re.compile(r"rapidly_(?:oat|at_u|at_o)_\S+")
#: Longer than any real token; a bigger paste is a mistake (a whole file, a key).
MAX_TOKEN_CHARS = 1024
# Printable ASCII without space: a token never holds anything else, and refusing the
# rest keeps terminal escapes and header-splitting characters out of headers and files.
_TOKEN_CHARS = re.compile(r"[\x21-\x7e]+")
_BEARER_SCHEME = re.compile(r"(?i)^bearer(?:\s+|$)")
# Keep masked output from revealing much of a short token.
_MIN_SECRET_CHARS_TO_SHOW_TAIL = 12


def token_kind(token: str) -> str | None:
    """``"workspace access token"`` etc., or None for an unrecognised prefix."""
    for prefix, kind in TOKEN_KINDS.items():
        if token.startswith(prefix):
            return kind
    return None


def token_prefix(token: str) -> str:
    for prefix in TOKEN_KINDS:
        if token.startswith(prefix):
            return prefix
    return ""


def mask_token(token: str | None) -> str:
    """``rapidly_oat_…a1b2``: the prefix and the last 4 characters, only when the
    secret part is long enough that 4 characters give little away."""
    if not token:
        return "(none)"
    prefix = token_prefix(token)
    secret = token[len(prefix) :]
    if len(secret) >= _MIN_SECRET_CHARS_TO_SHOW_TAIL:
        return f"{prefix}…{secret[-4:]}"
    return f"{prefix}…"


def clean_token(raw: str) -> str:
    """The token in what was typed or piped in: surrounding whitespace and a pasted
    ``Bearer`` scheme are dropped. Raises :class:`InvalidToken` (never quoting the
    input, which may be a real secret) when it cannot be a token."""
    text = raw.strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > 1:
        raise InvalidToken("The input holds several lines; a token is a single line.")
    text = lines[0] if lines else ""
    text = _BEARER_SCHEME.sub("", text)
    if not text:
        raise InvalidToken("The token is empty.")
    if len(text) > MAX_TOKEN_CHARS:
        raise InvalidToken(f"The input is too long for a token ({len(text):,} characters).")
    if not _TOKEN_CHARS.fullmatch(text):
        raise InvalidToken(
            "The token contains spaces, control or non-ASCII characters; "
            "paste only the token itself."
        )
    return text


def unrecognised_prefix_warning(token: str) -> str | None:
    """A warning for a token whose prefix Rapidly does not issue, else None."""
    if token_kind(token) is not None:
        return None
    expected = ", ".join(TOKEN_KINDS)
    return (
        f"warning: this does not look like a Rapidly token (expected a prefix among "
        f"{expected}); using it anyway."
    )
