"""Checking a token against the API before it is stored (``auth login``, the TUI's
login screen) and for ``auth status``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidly_tui.text import neutralize

if TYPE_CHECKING:
    from rapidly_tui.api.models import Workspace
    from rapidly_tui.connection import Connection


@dataclass(frozen=True)
class TokenCheck:
    """What the server said about a token it accepted."""

    #: The workspaces it can see (the first 100).
    workspaces: tuple[Workspace, ...]
    #: How many workspaces it can see in all (None when it may not list them).
    total: int | None
    #: Set when the token works but cannot list workspaces (missing scope).
    warning: str | None = None

    def describe_workspaces(self) -> list[str]:
        """One neutralised line per workspace: ``slug  name``."""
        lines = [
            f"{neutralize(w.slug, max_chars=80)}  {neutralize(w.name, max_chars=120)}"
            for w in self.workspaces
        ]
        if self.total is not None and self.total > len(self.workspaces):
            lines.append(f"... and {self.total - len(self.workspaces):,} more")
        return lines


async def check_token(connection: Connection, token: str | None = None) -> TokenCheck:
    """List workspaces with ``token`` (default: the connection's) on the connection's
    server. A 403 means the server knows the token but it lacks a scope: that is a
    :class:`TokenCheck` with a warning. Every other failure is raised as the API
    client's error (``Unauthorized`` for a rejected token, ``TransportError``...)."""
    from rapidly_tui.api import errors
    from rapidly_tui.api.client import RetryPolicy

    target = connection if token is None else connection.with_token(token, "login")
    # Two attempts: login should answer quickly; the person can simply run it again.
    async with target.make_client(retry=RetryPolicy(max_attempts=2)) as client:
        try:
            page = await client.list_workspaces(limit=100)
        except errors.Forbidden as exc:
            return TokenCheck((), None, f"The token works but cannot list workspaces: {exc}")
    return TokenCheck(tuple(page.data), page.meta.total)
