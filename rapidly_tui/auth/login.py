"""Logging in from the TUI, without Textual: check a pasted token, then store it.

The login screen only shows what happens; the checking and storing are here, as plain
code that unit tests call directly. The token is checked before it is stored (a
rejected token is never stored) and stored exactly as ``rapidly-tui auth login``
stores it (the keyring, or the opt-in file).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.connection import Connection

#: How the app builds a client for a connection (the demo's transport in tests).
ClientFactory = Callable[["Connection"], "RapidlyClient"]
#: Stores a token for a profile (``token, profile=...``); returns where it went.
TokenStore = Callable[..., str]


@dataclass(frozen=True)
class TokenLogin:
    """A login to ``connection``'s server and profile."""

    connection: Connection
    make_client: ClientFactory = field(repr=False)
    #: Where tokens go; None: the keyring (or the opt-in file), as ``auth login``.
    store: TokenStore | None = field(default=None, repr=False)
    #: ``--insecure-storage`` on this start's command line.
    insecure_storage: bool = False

    async def verify(self, token: str) -> int:
        """Check ``token`` against the API; returns how many workspaces it sees.

        Raises the client's errors (``Unauthorized`` for a rejected token...)."""
        candidate = replace(self.connection, token=token, token_source="login")  # noqa: S106
        client = self.make_client(candidate)
        try:
            page = await client.list_workspaces(limit=100)
        finally:
            await client.aclose()
        return page.meta.total

    def store_token(self, token: str) -> str:
        """Blocking (keyring): store ``token`` for the profile; returns where.

        Raises :class:`rapidly_tui.auth.CredentialsError` subclasses whose message
        names the choices (RAPIDLY_ACCESS_TOKEN, ``--insecure-storage``)."""
        profile = self.connection.profile
        if self.store is not None:
            return self.store(token, profile=profile)
        from rapidly_tui.auth import store_token

        return store_token(
            token,
            profile=profile,
            insecure_storage=self.connection.insecure_storage or self.insecure_storage,
        )

    def logged_in(self, token: str, source: str) -> Connection:
        """The connection to use once ``token`` is accepted and stored."""
        return replace(self.connection, token=token, token_source=source)
