"""A plain start (no --workspace, no --customer) started again: the overview of the
workspace last opened with this token is asked for together with the workspace list,
which decides (rapidly_tui/preload.py, rapidly_tui/refcache.py)."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from rapidly_tui.app import RapidlyApp
from rapidly_tui.connection import ConnectionOptions
from rapidly_tui.demo import DEMO_TOKEN, FaultPlan, create_app, default_dataset, demo_transport
from rapidly_tui.preload import START_WORKSPACES, Preloads
from rapidly_tui.refcache import RefCache
from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.tui import prepare
from tests.tui.harness import SIZE, TODAY, screen_named, wait_until
from tests.tui.test_startup import overview_filled

SERVER = "http://127.0.0.1:9"  # never dialled: the demo API answers in process


async def _start(
    monkeypatch: pytest.MonkeyPatch, faults: FaultPlan, workspace: str | None = None
) -> tuple[RapidlyApp, Preloads]:
    monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", DEMO_TOKEN)
    monkeypatch.setenv("RAPIDLY_SERVER_URL", SERVER)
    start = await prepare(
        ConnectionOptions(),
        today=TODAY,
        transport=demo_transport(create_app(None, faults)),
        workspace_ref=workspace,
    )
    assert start.client is not None
    assert start.preloads is not None
    app = RapidlyApp(
        start.options,
        connection=start.connection,
        client=start.client,
        preloads=start.preloads,
        today=TODAY,
        environ={},
        start_workspace=workspace,
    )
    return app, start.preloads


def _acme_id() -> str:
    return str(default_dataset().workspace_by_slug["acme"]["id"])


async def test_opening_a_workspace_remembers_it_for_this_token_and_server(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app, _ = await _start(monkeypatch, FaultPlan(), workspace="acme")
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(app), what="overview filled")
    assert RefCache.in_cache_dir(SERVER).last_workspace(DEMO_TOKEN) == _acme_id()
    assert RefCache.in_cache_dir(SERVER).last_workspace("another-token") is None


async def test_a_plain_start_sends_the_last_overview_with_the_workspace_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    RefCache.in_cache_dir(SERVER).remember_last_workspace(DEMO_TOKEN, _acme_id())
    slow_list = FaultPlan()
    listed = slow_list.hold("/api/workspaces/")  # the list answers only when released
    app, preloads = await _start(monkeypatch, slow_list)
    for _ in range(1000):  # at most 10 s
        if slow_list.count("/api/customers/"):
            break
        await asyncio.sleep(0.01)
    # The list has not answered yet, and the overview's panels are already asked for.
    assert slow_list.count("/api/customers/") == 1
    listed.set()
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(app), what="overview filled")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        assert screen.workspace_id == _acme_id()
        assert preloads.keys == []  # every preloaded answer was taken
        sent = Counter((r.path, r.query) for r in slow_list.requests)
        assert {request: n for request, n in sent.items() if n > 1} == {}


async def test_a_remembered_workspace_the_list_no_longer_holds_is_dropped_for_the_picker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    gone = "00000000-0000-4000-8000-000000000000"
    RefCache.in_cache_dir(SERVER).remember_last_workspace(DEMO_TOKEN, gone)
    app, preloads = await _start(monkeypatch, FaultPlan())
    async with app.run_test(size=SIZE) as pilot:
        # The demo token sees several workspaces: without a remembered one, the picker.
        await wait_until(pilot, screen_named(app, "WorkspacePickerScreen"), what="the picker")
        await pilot.pause(0.2)
        assert preloads.remembered_workspace is None
        assert not [key for key in preloads.keys if gone in key]
        assert START_WORKSPACES not in preloads.keys
