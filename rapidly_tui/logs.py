"""Debug logging that never writes a token.

``--log FILE`` turns on debug logs (including httpx and httpcore). A
:class:`RedactingFilter` on the handler rewrites every record before it is written:
``Authorization`` headers, ``Bearer`` credentials, anything shaped like a Rapidly token
(``rapidly_(oat|at_u|at_o)_...``), webhook secrets (``rapidly_whs_...``) and the actual
tokens and secrets in use (registered with :func:`add_secret`, whatever their shape)
become ``[REDACTED]``. :func:`redact` is the
same rewriting for any other text (crash reports, error messages).
"""

from __future__ import annotations

import logging
import os
import re
import threading
from collections.abc import Iterable

from rapidly_tui.auth.errors import ConfigError
from rapidly_tui.auth.tokens import TOKEN_PATTERN

REDACTED = "[REDACTED]"
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s] %(message)s"
# Short strings would redact half the log ("a", "1"); real tokens are far longer.
_MIN_SECRET_CHARS = 8

# "Authorization: Bearer x", "'authorization': 'Bearer x'", (b'authorization', b'Bearer x')
_AUTH_HEADER = re.compile(r"(?i)(authorization['\"]?\s*[:=,]\s*b?['\"]?)[^'\"\r\n]+")
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s'\",;)\]}]+")
# Webhook signing secrets (``rapidly_whs_...``) are credentials too, decoded or not.
_WEBHOOK_SECRET = re.compile(r"rapidly_whs_[A-Za-z0-9_\-]+")

_secrets: set[str] = set()
_secrets_lock = threading.Lock()


def add_secret(secret: str | None) -> None:
    """Redact this exact string from now on (the token read from env, keyring, file,
    or typed at login)."""
    if secret and len(secret) >= _MIN_SECRET_CHARS:
        with _secrets_lock:
            _secrets.add(secret)


def redact(text: str) -> str:
    """``text`` with every credential replaced by ``[REDACTED]``."""
    with _secrets_lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, REDACTED)
    text = _AUTH_HEADER.sub(lambda m: m.group(1) + REDACTED, text)
    text = _BEARER.sub(lambda m: m.group(1) + REDACTED, text)
    text = _WEBHOOK_SECRET.sub(REDACTED, text)
    return TOKEN_PATTERN.sub(REDACTED, text)


class RedactingFilter(logging.Filter):
    """Rewrites each record (message, arguments, traceback, stack) before a handler
    formats it. It never drops a record."""

    _formatter = logging.Formatter()

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string in some library must not lose the record
            message = f"{record.msg!r} {record.args!r}"
        record.msg = redact(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = self._formatter.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


#: The loggers a log file turns to DEBUG (httpx and httpcore log every request).
DEBUG_LOGGERS = ("httpx", "httpcore", "rapidly_tui")


def setup_logging(path: str | None, secrets: Iterable[str] = ()) -> None:
    """Configure logging for this process; calling again replaces our handler and levels.

    With ``path``, debug logs go to that file (created mode 0600: logs hold customer
    data). Without, logging goes nowhere: stderr is for messages to people, and a
    stray warning must not scribble over the TUI; and the levels are back to Python's
    defaults, so that a command that logged to a file leaves no debug logging behind
    (httpcore would otherwise build a dozen records per request for nobody).
    """
    for secret in secrets:
        add_secret(secret)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_rapidly_tui", False):
            root.removeHandler(handler)
            handler.close()
    ours: logging.Handler
    if path is None:
        ours = logging.NullHandler()
        root.setLevel(logging.WARNING)
        for name in DEBUG_LOGGERS:
            logging.getLogger(name).setLevel(logging.NOTSET)
    else:
        ours = _file_handler(path)
        ours.setLevel(logging.DEBUG)
        ours.setFormatter(logging.Formatter(LOG_FORMAT))
        root.setLevel(logging.DEBUG)
        for name in DEBUG_LOGGERS:
            logging.getLogger(name).setLevel(logging.DEBUG)
    ours.addFilter(RedactingFilter())
    setattr(ours, "_rapidly_tui", True)  # noqa: B010 - a marker on a stdlib object
    root.addHandler(ours)


def _file_handler(path: str) -> logging.FileHandler:
    try:
        # Create it private first; FileHandler would use the umask (often 0644).
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.close(descriptor)
        return logging.FileHandler(path, mode="a", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot write the log file {path}: {exc.strerror}.") from None
