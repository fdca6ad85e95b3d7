"""Credentials: tokens from the environment, the OS keyring or an opt-in file.

Importing this package is cheap (no keyring, no httpx): the functions below import
their machinery when called.

For the TUI's login screen::

    check = await check_token(connection, typed)          # raises api errors (401...)
    where = await asyncio.to_thread(
        store_token, typed, profile=connection.profile,
        insecure_storage=connection.insecure_storage)      # raises CredentialsError
    connection = connection.with_token(typed, "keyring" or "file")
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidly_tui.auth.errors import (
    KEYRING_CHOICES,
    ConfigError,
    CredentialsError,
    InsecureServerURL,
    InvalidServerURL,
    InvalidToken,
    KeyringError,
    KeyringFailed,
    KeyringLocked,
    KeyringTimeout,
    KeyringUnavailable,
    NoToken,
    TokenFileError,
)
from rapidly_tui.auth.tokens import (
    TOKEN_KINDS,
    TOKEN_PATTERN,
    clean_token,
    mask_token,
    token_kind,
    unrecognised_prefix_warning,
)

if TYPE_CHECKING:
    from rapidly_tui.auth.verify import TokenCheck
    from rapidly_tui.connection import Connection

__all__ = [
    "KEYRING_CHOICES",
    "TOKEN_KINDS",
    "TOKEN_PATTERN",
    "ConfigError",
    "CredentialsError",
    "InsecureServerURL",
    "InvalidServerURL",
    "InvalidToken",
    "KeyringError",
    "KeyringFailed",
    "KeyringLocked",
    "KeyringTimeout",
    "KeyringUnavailable",
    "NoToken",
    "TokenFileError",
    "check_token",
    "clean_token",
    "mask_token",
    "store_token",
    "token_kind",
    "unrecognised_prefix_warning",
]


def store_token(
    token: str,
    *,
    profile: str = "default",
    insecure_storage: bool = False,
    server: str | None = None,
) -> str:
    """Store ``token`` for ``profile`` as ``auth login`` does; returns a description of
    where it went ("the OS keyring (...), service 'rapidly-tui', entry 'default'").

    Blocking (up to the keyring timeout, ~3 s): call it from a worker thread. Raises
    :class:`CredentialsError` subclasses whose ``message`` names the choices
    (RAPIDLY_ACCESS_TOKEN, unlocking/installing a keyring, ``--insecure-storage``).
    The plain-text file is used only when ``insecure_storage`` is True.
    """
    from rapidly_tui.auth.store import store_token as store

    return store(token, profile=profile, insecure_storage=insecure_storage, server=server)


async def check_token(connection: Connection, token: str | None = None) -> TokenCheck:
    """Ask the API which workspaces ``token`` sees, before storing it. See
    :func:`rapidly_tui.auth.verify.check_token`."""
    from rapidly_tui.auth.verify import check_token as check

    return await check(connection, token)
