"""Where the app talks to and with which token: the one object every entry point
(TUI, commands) builds a client from.

This first version knows the demo and ``RAPIDLY_ACCESS_TOKEN``/``RAPIDLY_SERVER_URL``;
profiles, the config file and the keyring plug in behind :func:`resolve_connection`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient

PRODUCTION_URL = "https://api.rapidly.tech"
SANDBOX_URL = "https://sandbox-api.rapidly.tech"
DEMO_URL = "http://demo.rapidly.invalid"


@dataclass(frozen=True)
class ConnectionOptions:
    """What the person asked for on the command line."""

    demo: bool = False
    profile: str | None = None
    server: str | None = None
    allow_http: bool = False
    insecure_storage: bool = False

    @classmethod
    def from_args(cls, args: Any) -> ConnectionOptions:
        return cls(
            demo=bool(getattr(args, "demo", False)),
            profile=getattr(args, "profile", None),
            server=getattr(args, "server", None),
            allow_http=bool(getattr(args, "allow_http", False)),
            insecure_storage=bool(getattr(args, "insecure_storage", False)),
        )


@dataclass(frozen=True)
class Connection:
    server_url: str
    # Never in repr, logs or errors.
    token: str | None = field(repr=False)
    #: Where the token came from: "env", "keyring", "file", "demo" or "none".
    token_source: str
    profile: str = "default"
    demo: bool = False
    default_workspace: str | None = None

    @property
    def is_production(self) -> bool:
        return self.server_url.rstrip("/") == PRODUCTION_URL

    @property
    def server_label(self) -> str:
        """Short name of the server for headers and messages."""
        if self.demo:
            return "demo"
        url = self.server_url.rstrip("/")
        if url == PRODUCTION_URL:
            return "production"
        if url == SANDBOX_URL:
            return "sandbox"
        return urlsplit(url).netloc or url

    def make_client(self, **kwargs: Any) -> RapidlyClient:
        """A new client for this connection (the demo runs in-process)."""
        from rapidly_tui.api.client import RapidlyClient

        if self.demo and "transport" not in kwargs:
            from rapidly_tui.demo import demo_transport

            kwargs["transport"] = demo_transport()
        return RapidlyClient(self.server_url, self.token, **kwargs)


def resolve_connection(options: ConnectionOptions) -> Connection:
    """Decide server and token. Precedence: demo; ``RAPIDLY_ACCESS_TOKEN``."""
    if options.demo:
        from rapidly_tui.demo import DEMO_TOKEN, DEMO_WORKSPACE_SLUG

        return Connection(
            DEMO_URL,
            DEMO_TOKEN,
            "demo",
            profile="demo",
            demo=True,
            default_workspace=DEMO_WORKSPACE_SLUG,
        )
    server = os.environ.get("RAPIDLY_SERVER_URL") or options.server or PRODUCTION_URL
    token = os.environ.get("RAPIDLY_ACCESS_TOKEN") or None
    return Connection(
        server, token, "env" if token else "none", profile=options.profile or "default"
    )
