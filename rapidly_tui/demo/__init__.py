"""The demo Rapidly API: a deterministic data set served by an in-process ASGI app.

``rapidly-tui --demo`` talks to it through :func:`demo_transport` (no network, no
port, no token to type); tests also serve it over loopback TCP with uvicorn
(``python -m rapidly_tui.demo.serve``) and inject faults with :class:`FaultPlan`.

Import cost matters (the TUI imports this at start): only the standard library is
imported here; httpx is imported when a transport is built.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from rapidly_tui.demo.app import (
    DEMO_ACME_TOKEN,
    DEMO_LIMITED_TOKEN,
    DEMO_TOKEN,
    ConnectionDropped,
    DemoApp,
)
from rapidly_tui.demo.data import (
    ADA_EMAIL,
    ADA_EXTERNAL_ID,
    BASE_TIME,
    HOSTILE_NAMES,
    DemoData,
    build_dataset,
)
from rapidly_tui.demo.faults import FaultPlan, FaultRule, RecordedRequest

if TYPE_CHECKING:
    import httpx

DEMO_WORKSPACE_SLUG = "acme"

__all__ = [
    "ADA_EMAIL",
    "ADA_EXTERNAL_ID",
    "BASE_TIME",
    "DEMO_ACME_TOKEN",
    "DEMO_LIMITED_TOKEN",
    "DEMO_TOKEN",
    "DEMO_WORKSPACE_SLUG",
    "HOSTILE_NAMES",
    "DemoApp",
    "DemoData",
    "FaultPlan",
    "FaultRule",
    "RecordedRequest",
    "build_dataset",
    "create_app",
    "default_dataset",
    "demo_transport",
    "moving_app",
]


@lru_cache(maxsize=1)
def default_dataset() -> DemoData:
    """The default data set, built once per process."""
    return build_dataset()


def create_app(
    dataset: DemoData | None = None,
    faults: FaultPlan | None = None,
    *,
    latency: float = 0.0,
    moving: bool = False,
    clock: Callable[[], float] = time.time,
) -> DemoApp:
    """A plain ASGI app serving ``dataset`` (default: :func:`default_dataset`).

    ``moving``: new events, payments and deliveries arrive every few seconds of
    ``clock`` (rapidly_tui/demo/arrivals.py). The data set then grows, so by default
    it gets one of its own rather than the shared :func:`default_dataset`.
    """
    if not moving:
        return DemoApp(
            dataset if dataset is not None else default_dataset(), faults, latency=latency
        )
    from rapidly_tui.demo.arrivals import Arrivals

    dataset = dataset if dataset is not None else build_dataset()
    return DemoApp(dataset, faults, latency=latency, arrivals=Arrivals(dataset, clock=clock))


@lru_cache(maxsize=1)
def moving_app() -> DemoApp:
    """The moving demo of this process (``rapidly-tui --demo``): every client of the
    process sees the same arrivals, timed from the first client."""
    return create_app(moving=True)


def demo_transport(app: Any = None) -> httpx.ASGITransport:
    """An in-process transport to the demo app (default: ``create_app()``).

    A fault that drops the connection surfaces as ``httpx.ReadError``, as it would
    over a real socket.
    """
    return _transport_class()(app=app if app is not None else create_app())


@lru_cache(maxsize=1)
def _transport_class() -> type[httpx.ASGITransport]:
    import httpx

    class DemoTransport(httpx.ASGITransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            try:
                return await super().handle_async_request(request)
            except ConnectionDropped:
                raise httpx.ReadError(
                    "connection dropped by the demo server", request=request
                ) from None

    return DemoTransport
