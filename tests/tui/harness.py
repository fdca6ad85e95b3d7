"""Pilot fixtures: the app against the in-process demo API, with faults and a fake clock.

Every app here talks to ``rapidly_tui.demo`` through an ASGI transport (no network),
with a retry sleep the test controls, so rate-limit countdowns and retries are
deterministic and instant.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from textual.pilot import Pilot

from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.app import RapidlyApp
from rapidly_tui.connection import DEMO_URL, Connection
from rapidly_tui.demo import (
    DEMO_TOKEN,
    DemoData,
    FaultPlan,
    build_dataset,
    create_app,
    demo_transport,
)

TODAY = date(2026, 11, 20)
SIZE = (120, 40)


@lru_cache(maxsize=2)
def big_dataset(customers: int = 10_000) -> DemoData:
    return build_dataset(acme_customers=customers)


@dataclass
class Sleeper:
    """The client's retry sleep: records delays; holds while ``gate`` is closed."""

    delays: list[float] = field(default_factory=list)
    gate: asyncio.Event | None = None

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)
        if self.gate is not None:
            await self.gate.wait()


@dataclass
class Harness:
    app: RapidlyApp
    faults: FaultPlan
    sleeper: Sleeper

    def requests(self, prefix: str = "/") -> list[tuple[str, str]]:
        return [(r.path, r.query) for r in self.faults.requests if r.path.startswith(prefix)]


def make_harness(
    *,
    token: str | None = DEMO_TOKEN,
    default_workspace: str | None = "acme",
    dataset: DemoData | None = None,
    faults: FaultPlan | None = None,
    sleeper: Sleeper | None = None,
    environ: dict[str, str] | None = None,
    server_url: str = DEMO_URL,
    **app_kwargs: Any,
) -> Harness:
    faults = faults if faults is not None else FaultPlan()
    sleeper = sleeper if sleeper is not None else Sleeper()
    transport = demo_transport(create_app(dataset, faults))
    connection = Connection(
        server_url=server_url,
        token=token,
        token_source="demo" if token else "none",
        profile="demo",
        demo=True,
        default_workspace=default_workspace,
    )

    def client_factory(conn: Connection) -> RapidlyClient:
        return RapidlyClient(conn.server_url, conn.token, transport=transport, sleep=sleeper)

    app = RapidlyApp(
        connection=connection,
        client_factory=client_factory,
        today=TODAY,
        environ=environ if environ is not None else {},
        **app_kwargs,
    )
    return Harness(app, faults, sleeper)


async def wait_until(
    pilot: Pilot[Any], predicate: Callable[[], object], timeout: float = 10.0, what: str = ""
) -> None:
    """Let the app run until ``predicate()`` is true (or fail after ``timeout`` s)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        try:
            done = bool(predicate())
        except Exception:  # the screen may be half-built; look again
            done = False
        if done:
            return
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or predicate}")
        await pilot.pause(0.02)


def screen_named(app: RapidlyApp, name: str) -> Callable[[], bool]:
    """The screen is ``name`` and composed: its widgets can be queried (a screen is the
    app's screen as soon as it is pushed, before its widgets exist)."""
    return lambda: type(app.screen).__name__ == name and app.screen.is_mounted
