"""Start-up as run_tui does it: requests sent before the app exists, then taken over.

The screens must use the preloaded answers (each request sent once, nothing left
unclaimed) and show exactly what they show without preloading.
"""

from __future__ import annotations

import argparse
import asyncio
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static
from textual.worker import WorkerState

from rapidly_tui.app import RapidlyApp
from rapidly_tui.connection import ConnectionOptions
from rapidly_tui.demo import (
    ADA_EMAIL,
    DEMO_ACME_TOKEN,
    DEMO_TOKEN,
    FaultPlan,
    create_app,
    default_dataset,
    demo_transport,
)
from rapidly_tui.demo.faults import FaultRule
from rapidly_tui.preload import START_CUSTOMER, START_WORKSPACE, Preloads, Start
from rapidly_tui.refcache import RefCache
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.screens.startup import StartupScreen
from rapidly_tui.tui import prepare
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, TODAY, wait_until
from tests.tui.test_startup import overview_filled


class HeldLookup(FaultPlan):
    """The first request to exactly ``path`` (a lookup: not ``path`` + an id) is
    answered after 0.6 s; ``seen`` is how many requests to each of ``counted`` had
    arrived when that answer went out. No sleep in the test: the answer is the moment."""

    def __init__(self, path: str, counted: tuple[str, ...]) -> None:
        super().__init__()
        self.path = path
        self.counted = counted
        self.seen: dict[str, int] | None = None
        self.answered = asyncio.Event()
        self._held = False

    def take(self, path: str) -> FaultRule | None:
        if path == self.path and not self._held:
            self._held = True
            return FaultRule(path, "mutate", delay=0.6, mutation=self._note)
        return super().take(path)

    def _note(self, body: Any) -> Any:
        self.seen = {prefix: self.count(prefix) for prefix in self.counted}
        self.answered.set()
        return body


def nothing_in_flight(app: RapidlyApp) -> bool:
    """No worker of the app runs or waits: no request can still be sent, so counting
    them now is final (instead of a pause that hopes so)."""
    return not any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)


def settled(app: RapidlyApp, preloads: Preloads) -> bool:
    """Every preloaded request taken by a screen, and nothing in flight."""
    return not preloads.keys and nothing_in_flight(app)


def _sent_twice(faults: FaultPlan) -> dict[tuple[str, str], int]:
    sent = Counter((r.path, r.query) for r in faults.requests)
    return {request: n for request, n in sent.items() if n > 1}


async def _start(
    monkeypatch: pytest.MonkeyPatch,
    token: str,
    faults: FaultPlan | None = None,
    **refs: str | None,
):
    monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", token)
    monkeypatch.setenv("RAPIDLY_SERVER_URL", "http://127.0.0.1:9")  # never dialled
    faults = faults or FaultPlan()
    start = await prepare(
        ConnectionOptions(),
        today=TODAY,
        transport=demo_transport(create_app(None, faults)),
        workspace_ref=refs.get("workspace"),
        customer_ref=refs.get("customer"),
    )
    assert start.error is None
    assert start.client is not None
    assert start.preloads is not None
    app = RapidlyApp(
        start.options,
        connection=start.connection,
        client=start.client,
        preloads=start.preloads,
        today=TODAY,
        environ={},
        start_workspace=refs.get("workspace"),
        start_customer=refs.get("customer"),
    )
    return app, start.preloads, faults


async def test_preloaded_overview_sends_each_request_once(monkeypatch: pytest.MonkeyPatch) -> None:
    app, preloads, faults = await _start(monkeypatch, DEMO_TOKEN, workspace="acme")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(app), what="overview filled")
        await wait_until(pilot, lambda: settled(app, preloads), what="preloads taken, all done")
        assert isinstance(app.screen, OverviewScreen)
        assert app.screen.workspace is not None
        assert app.screen.workspace.slug == "acme"
        assert preloads.keys == []  # every preloaded request was taken by the screen
        assert not _sent_twice(faults)
        paths = Counter(r.path for r in faults.requests)
        # the slug lookup, then the six overview panels (the workspace comes with the lookup);
        # the failed-deliveries panel reads the workspace's endpoints, then one deliveries
        # request per endpoint (a delivery names no workspace): acme has 4 endpoints.
        assert paths["/api/workspaces/"] == 1
        assert paths["/api/webhooks/endpoints"] == 1
        assert paths["/api/webhooks/deliveries"] == 4
        assert sum(paths.values()) == 11


async def test_workspace_token_preloads_its_only_workspace(monkeypatch: pytest.MonkeyPatch) -> None:
    app, preloads, faults = await _start(monkeypatch, DEMO_ACME_TOKEN)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(app), what="overview filled")
        await wait_until(pilot, lambda: settled(app, preloads), what="preloads taken, all done")
        assert preloads.keys == []
        assert not _sent_twice(faults)


async def test_preloaded_customer_deep_link(monkeypatch: pytest.MonkeyPatch) -> None:
    app, preloads, faults = await _start(monkeypatch, DEMO_TOKEN, customer=ADA_EMAIL)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, CustomerDetailScreen) and not app.screen.loading_keys,
            what="detail filled",
        )
        await wait_until(pilot, lambda: settled(app, preloads), what="preloads taken, all done")
        assert app.screen.customer.email == ADA_EMAIL
        assert "Charles Babbage" in {m.name for m in app.screen.customer.members}
        assert preloads.keys == []
        assert not _sent_twice(faults)


async def test_refresh_after_a_preloaded_start_asks_the_api_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, _preloads, faults = await _start(monkeypatch, DEMO_TOKEN, workspace="acme")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(app), what="overview filled")
        before = len(faults.requests)
        await pilot.press("r")
        await wait_until(pilot, lambda: len(faults.requests) >= before + 6, what="refresh sent")
        await wait_until(pilot, lambda: not app.screen.loading_keys, what="refreshed")
        assert "Acme Files" in app.screen.workspace.name


# --- remembered ids (rapidly_tui/refcache.py) ----------------------------------------


async def _lookup_then_stop(preloads: Preloads, key: str) -> None:
    task = preloads.take(key)
    assert task is not None
    await task
    preloads.cancel()


async def test_a_second_start_sends_the_overview_without_waiting_for_the_slug_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counted = ("/api/customers/", "/api/payments/")
    first = HeldLookup("/api/workspaces/", counted)
    _app, preloads, _faults = await _start(monkeypatch, DEMO_TOKEN, first, workspace="acme")
    await _lookup_then_stop(preloads, START_WORKSPACE)
    # First start: the id is not known yet, so nothing waited for it was sent.
    assert first.seen == {"/api/customers/": 0, "/api/payments/": 0}

    second = HeldLookup("/api/workspaces/", counted)
    _app, preloads, _faults = await _start(monkeypatch, DEMO_TOKEN, second, workspace="acme")
    await _lookup_then_stop(preloads, START_WORKSPACE)
    # The id named by "acme" last time: the panels were asked for while the lookup waited.
    assert second.seen == {"/api/customers/": 1, "/api/payments/": 2}


async def test_a_stale_remembered_workspace_id_costs_a_round_trip_never_wrong_data(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    globex = default_dataset().workspace_by_slug["globex"]["id"]
    RefCache.in_cache_dir("http://127.0.0.1:9").remember_workspace("acme", globex)
    app, preloads, faults = await _start(monkeypatch, DEMO_TOKEN, workspace="acme")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(app), what="overview filled")
        await wait_until(pilot, lambda: settled(app, preloads), what="preloads taken, all done")
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert screen.workspace is not None
        assert screen.workspace.slug == "acme"
        latest = screen.query_one("#latest-customers", RowTable)
        assert latest.cell_plain(0, "email") == ADA_EMAIL
        assert preloads.keys == []
        # Asked again for the right id: every request names its workspace (the failed
        # deliveries through the workspace's endpoints), so none is sent twice.
        assert not _sent_twice(faults)
        acme_endpoints = [r for r in faults.requests if r.path == "/api/webhooks/endpoints"]
        assert any(globex in r.query for r in acme_endpoints)  # the stale guess was sent
    acme = default_dataset().workspace_by_slug["acme"]["id"]
    assert RefCache.in_cache_dir("http://127.0.0.1:9").workspace_id("acme") == acme


async def test_a_second_customer_deep_link_sends_the_detail_with_the_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counted = ("/api/events/", "/api/payments/")
    first = HeldLookup("/api/customers/", counted)
    _app, preloads, _faults = await _start(monkeypatch, DEMO_TOKEN, first, customer=ADA_EMAIL)
    await _lookup_then_stop(preloads, START_CUSTOMER)
    assert first.seen == {"/api/events/": 0, "/api/payments/": 0}  # nothing remembered yet

    second = HeldLookup("/api/customers/", counted)
    app, preloads, faults = await _start(monkeypatch, DEMO_TOKEN, second, customer=ADA_EMAIL)
    # Remembered from the first start: the detail's sections went out with the lookup.
    await asyncio.wait_for(second.answered.wait(), timeout=10)
    assert second.seen == {"/api/events/": 1, "/api/payments/": 1}
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, CustomerDetailScreen) and not app.screen.loading_keys,
            what="detail filled",
        )
        await wait_until(pilot, lambda: settled(app, preloads), what="preloads taken, all done")
        assert app.screen.customer.email == ADA_EMAIL
        assert preloads.keys == []
        assert not _sent_twice(faults)


async def test_a_slow_connection_paints_at_once_and_opens_the_overview_when_ready(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A keyring can take seconds to answer: the app must not wait for it with a blank
    # terminal, and must carry on with what start-up resolved (nothing asked twice).
    monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", DEMO_ACME_TOKEN)
    monkeypatch.setenv("RAPIDLY_SERVER_URL", "http://127.0.0.1:9")  # never dialled
    faults = FaultPlan()
    keyring_answers = asyncio.Event()

    async def slow_start() -> Start:
        await keyring_answers.wait()
        return await prepare(
            ConnectionOptions(), today=TODAY, transport=demo_transport(create_app(None, faults))
        )

    pending = asyncio.ensure_future(slow_start())
    app = RapidlyApp(ConnectionOptions(), pending_start=pending, today=TODAY, environ={})
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: (
                "keyring is slow to answer"
                in str(app.screen.query_one("#startup-status", Static).render())
            ),
            what="the keyring notice",
        )
        assert isinstance(app.screen, StartupScreen)
        assert faults.requests == []
        keyring_answers.set()
        await wait_until(pilot, lambda: overview_filled(app), what="overview filled")
        await wait_until(pilot, lambda: nothing_in_flight(app), what="nothing in flight")
        assert _sent_twice(faults) == {}


async def test_run_starts_the_app_without_waiting_for_a_slow_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rapidly_tui import tui

    async def never_resolves(*args: object, **kwargs: object) -> Start:
        await asyncio.sleep(30)
        raise AssertionError("not reached")

    started: list[RapidlyApp] = []

    async def run_async(self: RapidlyApp) -> int:
        started.append(self)
        return 0

    monkeypatch.setattr(tui, "prepare", never_resolves)
    monkeypatch.setattr(RapidlyApp, "run_async", run_async)
    loop = asyncio.get_running_loop()
    began = loop.time()
    assert await tui._run(argparse.Namespace(demo=False)) == 0
    assert loop.time() - began < 5  # the import of the app, not the 30 s
    assert len(started) == 1
    pending = started[0]._pending_start
    assert isinstance(pending, asyncio.Future)
    assert not pending.done()
    pending.cancel()
