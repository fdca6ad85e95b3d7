"""The demo API: a small hand-written ASGI app that answers like the real server.

It reproduces the real server's observable behaviour (recorded in
``tests/fixtures/real-api``): auth answers and headers, 404 shapes, 422 bodies,
clamped limits, the "page beyond the last" quirk, 307 redirects for trailing
slashes, ``members: []`` unless ``include_members=true``, and the headers every
response carries. Bodies are built from the data set's plain dicts, never from the
client's models, so the demo checks the client instead of mirroring it.

No framework: the TUI imports this module at start-up in ``--demo`` mode. The pieces:
``query.py`` reads the query string (the 422 shapes, sorting, paging), ``request.py``
says who a token is and what it sees, ``handlers/`` holds one module per kind of
resource, ``routes.py`` maps a path to its handler and scopes, ``faults.py`` is the one
place an injected fault bends an answer, and this module is the ASGI entry point and
the headers every answer carries (tests pin the request id through this module's
``uuid``).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from rapidly_tui.demo.data import DemoData
from rapidly_tui.demo.faults import FaultPlan, deliver
from rapidly_tui.demo.query import HttpError, Query
from rapidly_tui.demo.request import (
    DEMO_ACME_TOKEN,
    DEMO_LIMITED_TOKEN,
    DEMO_TOKEN,
    TOKENS,
    Principal,
    Request,
)
from rapidly_tui.demo.routes import authenticate, insufficient_scope, match_route
from rapidly_tui.demo.wire import Answer, ConnectionDropped, encode_json

if TYPE_CHECKING:
    from rapidly_tui.demo.arrivals import Arrivals

__all__ = [
    "DEMO_ACME_TOKEN",
    "DEMO_LIMITED_TOKEN",
    "DEMO_TOKEN",
    "TOKENS",
    "Answer",
    "ConnectionDropped",
    "DemoApp",
    "Principal",
    "encode_json",
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

CACHE_CONTROL = b"no-store, no-cache, must-revalidate, private"
_NO_ROUTE = {"detail": "Not Found"}
_PATH_SAFE = "/:@!$&'()*+,;=-._~"


class DemoApp:
    """The ASGI callable. ``latency`` (seconds) delays every answer."""

    def __init__(
        self,
        dataset: DemoData,
        faults: FaultPlan | None = None,
        *,
        latency: float = 0.0,
        arrivals: Arrivals | None = None,
    ) -> None:
        self.dataset = dataset
        self.faults = faults
        self.latency = latency
        #: New records arriving while the demo runs (None: the data stays still).
        self.arrivals = arrivals

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":  # websockets: refuse
            return
        method: str = scope["method"]
        path: str = scope["path"]
        raw_query: bytes = scope.get("query_string", b"")
        rule = None
        if self.faults is not None:
            self.faults.record(method, path, raw_query.decode("latin-1"))
            rule = self.faults.take(path)
        await deliver(
            send,
            rule,
            lambda: self.answer(scope, method, path, raw_query),
            _headers,
            latency=self.latency,
        )

    def answer(self, scope: Scope, method: str, path: str, raw_query: bytes) -> Answer:
        """The normal answer to a request (no faults)."""
        if self.arrivals is not None:
            self.arrivals.catch_up()
        extra: dict[str, str] = {}
        if path.startswith("/v1/"):
            path = "/api/" + path[len("/v1/") :]
            extra["x-rapidly-deprecation-notice"] = (
                "The API root has moved from /v1 to /api. Please update your integration."
            )
        found = match_route(path)
        if found is None:
            alternative = path[:-1] if path.endswith("/") else path + "/"
            if match_route(alternative) is not None:
                return Answer(
                    307,
                    b"",
                    {"location": _absolute(scope, alternative, raw_query), **extra},
                    content_type=None,
                )
            return Answer(404, _NO_ROUTE, extra)
        route, params = found
        if method != "GET":
            return Answer(405, {"detail": "Method Not Allowed"}, {"allow": "GET", **extra})
        try:
            principal = Principal(None, None)
            if route.scopes:
                principal = authenticate(_header(scope, b"authorization"))
                if not principal.allows(route.scopes):
                    raise insufficient_scope(route)
            request = Request(self.dataset, principal, Query(raw_query), params)
            return Answer(200, route.handler(request), extra)
        except HttpError as error:
            return Answer(error.status, error.body, {**error.headers, **extra})

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return


def _headers(answer: Answer, length: int | None) -> list[tuple[bytes, bytes]]:
    headers: list[tuple[bytes, bytes]] = []
    if answer.content_type is not None:
        headers.append((b"content-type", answer.content_type.encode()))
    if length is not None:
        headers.append((b"content-length", str(length).encode()))
    headers += [
        (b"x-ratelimit-limit", b"0"),
        (b"x-ratelimit-remaining", b"0"),
        (b"x-ratelimit-reset", b"0"),
        (b"x-request-id", uuid.uuid4().hex.encode()),
        (b"cache-control", CACHE_CONTROL),
    ]
    for name, value in (answer.headers or {}).items():
        headers.append((name.lower().encode("latin-1"), value.encode("latin-1", "replace")))
    return headers


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


def _absolute(scope: Scope, path: str, raw_query: bytes) -> str:
    host = _header(scope, b"host")
    if host is None:
        server = scope.get("server") or ("localhost", None)
        host = server[0] if server[1] in (None, 80, 443) else f"{server[0]}:{server[1]}"
    location = f"{scope.get('scheme', 'http')}://{host}{quote(path, safe=_PATH_SAFE)}"
    return location + ("?" + raw_query.decode("latin-1") if raw_query else "")
