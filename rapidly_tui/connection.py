"""Where the app talks to and with which token: the one object every entry point
(TUI, commands) builds a client from.

:func:`resolve_connection` reads the config file once and the token store once
(environment, then the profile's keyring entry or its opt-in file) and validates the
server URL. Everything later uses the returned :class:`Connection`.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from rapidly_tui.auth.errors import InsecureServerURL, InvalidServerURL
from rapidly_tui.auth.tokens import mask_token
from rapidly_tui.text import neutralize

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.config import Config, Profile

PRODUCTION_URL = "https://api.rapidly.tech"
SANDBOX_URL = "https://sandbox-api.rapidly.tech"
DEMO_URL = "http://demo.rapidly.invalid"
SERVER_ALIASES = {"production": PRODUCTION_URL, "sandbox": SANDBOX_URL}
SERVER_ENV = "RAPIDLY_SERVER_URL"
SERVER_OVERRIDE_WARNING = f"{SERVER_ENV} is set and overrides --server."


@dataclass(frozen=True)
class ConnectionOptions:
    """What the person asked for on the command line."""

    demo: bool = False
    profile: str | None = None
    server: str | None = None
    allow_http: bool = False
    insecure_storage: bool = False
    #: The demo's data stays still (``--demo-static``); otherwise new records arrive.
    demo_static: bool = False

    @classmethod
    def from_args(cls, args: Any) -> ConnectionOptions:
        static = bool(getattr(args, "demo_static", False))
        return cls(
            demo=bool(getattr(args, "demo", False)) or static,
            demo_static=static,
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
    #: Where the token came from: "env", "keyring", "file", "demo", "login" or "none".
    token_source: str
    profile: str = "default"
    demo: bool = False
    default_workspace: str | None = None
    #: This profile keeps its token in the plain-text file (opted in).
    insecure_storage: bool = False
    #: Where the token came from, for people ("the OS keyring, service ...").
    token_location: str = "nowhere"  # noqa: S105 - a description
    #: Where the server came from: "env", "option", "profile", "default" or "demo".
    server_source: str = "default"
    #: Non-fatal things to tell the person (unknown profile...).
    warnings: tuple[str, ...] = ()
    #: The config as read at start, for commands that update it (login).
    config: Config | None = field(default=None, repr=False, compare=False)
    #: The demo's new records keep arriving (``--demo``, not ``--demo-static``).
    demo_moving: bool = False

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

    @property
    def kind(self) -> str:
        """What the header's badge says: demo, production, sandbox or self-hosted."""
        if self.demo:
            return "demo"
        if self.is_production:
            return "production"
        if self.server_label == "sandbox":
            return "sandbox"
        return "self-hosted"

    @property
    def crumb(self) -> str:
        """The first breadcrumb: the server, and the profile when it is not the default."""
        if self.profile not in ("default", "demo"):
            return f"{self.profile} @ {self.server_label}"
        return self.server_label

    @property
    def masked_token(self) -> str:
        """``rapidly_oat_…a1b2``: safe to show."""
        return mask_token(self.token)

    def with_token(self, token: str | None, token_source: str, location: str = "") -> Connection:
        """The same connection with another token (after a login)."""
        if token is not None:
            from rapidly_tui import logs

            logs.add_secret(token)
        return replace(
            self,
            token=token,
            token_source=token_source if token else "none",
            token_location=location or self.token_location,
        )

    def make_client(self, **kwargs: Any) -> RapidlyClient:
        """A new client for this connection (the demo runs in-process)."""
        from rapidly_tui.api.client import RapidlyClient

        if self.demo and "transport" not in kwargs:
            from rapidly_tui.demo import demo_transport, moving_app

            kwargs["transport"] = demo_transport(moving_app() if self.demo_moving else None)
        return RapidlyClient(self.server_url, self.token, **kwargs)


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost: plain http there never leaves the machine."""
    host = host.strip("[]").lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _shown_server(value: str) -> str:
    """``value`` for an error message: what precedes an ``@`` may be a password (even
    in a value that is not a URL at all), so it never shows."""
    head, at, tail = value.rpartition("@")
    if at:
        scheme, separator, _ = head.partition("://")
        value = f"{scheme}://…@{tail}" if separator else f"…@{tail}"
    return neutralize(value, max_chars=200)


def normalize_server(value: str, *, allow_http: bool = False, origin: str = "--server") -> str:
    """``production``/``sandbox`` or an http(s) URL, as a base URL without trailing
    slash. Plain http is refused unless the host is loopback or ``allow_http``."""
    alias = SERVER_ALIASES.get(value.strip().lower())
    if alias is not None:
        return alias
    shown = _shown_server(value)
    try:
        parts = urlsplit(value.strip())
        port = parts.port  # raises ValueError for a bad port
    except ValueError:
        raise InvalidServerURL(f"{origin}: {shown!r} is not a valid URL.") from None
    del port
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise InvalidServerURL(
            f"{origin}: {shown!r} is not a server. Use production, sandbox or an "
            "http(s) URL such as https://api.example.com."
        )
    if parts.username is not None or parts.password is not None:
        raise InvalidServerURL(
            f"{origin}: the server URL must not contain a user name or password."
        )
    if parts.query or parts.fragment:
        raise InvalidServerURL(f"{origin}: the server URL must not have a query or fragment.")
    if parts.scheme == "http" and not allow_http and not is_loopback_host(parts.hostname):
        raise InsecureServerURL(
            f"{origin}: refusing plain http to {neutralize(parts.hostname, max_chars=100)}: "
            "the token would travel unencrypted. Use https, or pass --allow-http if you "
            "really mean it."
        )
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path.rstrip("/"), "", ""))


def resolve_server(options: ConnectionOptions, profile: Profile) -> tuple[str, str]:
    """The server URL and where it came from: ``RAPIDLY_SERVER_URL`` over ``--server``
    over the profile over production."""
    from_env = os.environ.get(SERVER_ENV, "").strip()
    if from_env:
        return normalize_server(from_env, allow_http=options.allow_http, origin=SERVER_ENV), "env"
    if options.server:
        return normalize_server(options.server, allow_http=options.allow_http), "option"
    if profile.server:
        origin = f"server of profile {profile.name!r} in the config file"
        return normalize_server(profile.server, allow_http=options.allow_http, origin=origin), (
            "profile"
        )
    return PRODUCTION_URL, "default"


def resolve_connection(
    options: ConnectionOptions,
    *,
    config: Config | None = None,
    keyring_timeout: float | None = None,
    read_token: bool = True,
) -> Connection:
    """Decide server and token. Demo first; then ``RAPIDLY_ACCESS_TOKEN``; then the
    profile's keyring entry, or the plain-text file if the profile or
    ``--insecure-storage`` opted in. No token is not an error: ``token`` is None and
    ``token_source`` "none" (the TUI shows its login screen).

    Raises :class:`rapidly_tui.auth.CredentialsError` subclasses (``.message``,
    ``.exit_code``) for a bad config file, profile name or server URL, and for a
    keyring that fails or does not answer in time. ``read_token=False`` skips the
    token store (``info``).
    """
    if options.demo:
        from rapidly_tui.demo import DEMO_TOKEN, DEMO_WORKSPACE_SLUG

        return Connection(
            DEMO_URL,
            DEMO_TOKEN,
            "demo",
            profile="demo",
            demo=True,
            default_workspace=DEMO_WORKSPACE_SLUG,
            token_location="the built-in demo",  # noqa: S106 - a description
            server_source="demo",
            demo_moving=not options.demo_static,
        )
    # Imported here: a demo start reads no config file (its three dataclasses ~2 ms).
    from rapidly_tui import config as config_module

    name = config_module.validate_profile_name(options.profile or config_module.DEFAULT_PROFILE)
    if config is None:
        config = config_module.load_config()
    profile = config.profile(name)
    warnings: list[str] = []
    if options.profile and name not in config.profiles:
        warnings.append(
            f"profile {name!r} is not in {config.path}; using defaults "
            "(`rapidly-tui auth login --profile NAME` creates it)."
        )
    server_url, server_source = resolve_server(options, profile)
    if server_source == "env" and options.server:
        warnings.append(SERVER_OVERRIDE_WARNING)
    insecure = options.insecure_storage or profile.insecure_storage
    connection = Connection(
        server_url,
        None,
        "none",
        profile=name,
        default_workspace=profile.default_workspace,
        insecure_storage=insecure,
        server_source=server_source,
        warnings=tuple(warnings),
        config=config,
    )
    if not read_token:
        return connection
    from rapidly_tui.auth.store import load_token

    loaded = load_token(name, insecure_storage=insecure, timeout=keyring_timeout)
    return replace(
        connection,
        token=loaded.token,
        token_source=loaded.source,
        token_location=loaded.location,
    )
