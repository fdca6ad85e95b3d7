"""A start that finds the workspace's webhook endpoint ids remembered sends each
endpoint's failed-deliveries request together with the endpoint list (one round trip
instead of two); the list decides, so the panel shows what it would without the cache
(rapidly_tui/loads.py ``failed_deliveries``, rapidly_tui/preload.py)."""

from __future__ import annotations

import asyncio
from collections import Counter
from typing import Any

import pytest

from rapidly_tui.app import RapidlyApp
from rapidly_tui.connection import ConnectionOptions
from rapidly_tui.demo import DEMO_TOKEN, FaultPlan, create_app, default_dataset, demo_transport
from rapidly_tui.refcache import RefCache
from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.tui import prepare
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.support.server import DemoServer
from tests.tui.harness import SIZE, TODAY, wait_until
from tests.tui.test_startup import overview_filled

SERVER = "http://127.0.0.1:9"  # never dialled: the demo API answers in process
DELIVERIES = "/api/webhooks/deliveries"
#: The overview's requests besides the deliveries: the workspace list, customers,
#: payments (total and failed), shares, metrics, webhook endpoints.
OTHER_REQUESTS = 7

Panel_ = tuple[str, list[list[str]]]


def _acme_id() -> str:
    return str(default_dataset().workspace_by_slug["acme"]["id"])


def _endpoints(in_acme: bool) -> list[str]:
    acme = _acme_id()
    return [
        str(endpoint["id"])
        for endpoint in default_dataset().webhook_endpoints
        if (endpoint["workspace_id"] == acme) == in_acme
    ]


async def _app(
    monkeypatch: pytest.MonkeyPatch,
    faults: FaultPlan,
    server: str = SERVER,
    workspace: str | None = None,
) -> RapidlyApp:
    """A plain start (no --workspace) that finds acme remembered as the last one opened
    (or, with ``workspace``, a ``--workspace`` start): in process, or over loopback TCP
    with the production client's connection pool when ``server`` is a running demo
    server (``faults`` is then that server's)."""
    monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", DEMO_TOKEN)
    monkeypatch.setenv("RAPIDLY_SERVER_URL", server)
    if workspace is None:
        RefCache.in_cache_dir(server).remember_last_workspace(DEMO_TOKEN, _acme_id())
    in_process = demo_transport(create_app(None, faults)) if server == SERVER else None
    start = await prepare(
        ConnectionOptions(), today=TODAY, transport=in_process, workspace_ref=workspace
    )
    assert start.client is not None
    assert start.preloads is not None
    return RapidlyApp(
        start.options,
        connection=start.connection,
        client=start.client,
        preloads=start.preloads,
        today=TODAY,
        environ={},
        start_workspace=workspace,
    )


def _plain(cell: Any) -> str:
    return str(getattr(cell, "plain", cell))


async def _failed_webhooks_panel(app: RapidlyApp) -> Panel_:
    """The panel's title and every cell of its rows, once the overview is filled."""
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(app), what="overview filled")
        screen = app.screen
        assert isinstance(screen, OverviewScreen)
        table = screen.query_one("#failed-webhooks", RowTable)
        panel = next(p for p in table.ancestors if isinstance(p, Panel))
        rows = [[_plain(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]
        return panel.title, rows


async def _without_cache(monkeypatch: pytest.MonkeyPatch, server: str = SERVER) -> Panel_:
    """The panel as a start that remembers no endpoint shows it (and then remembers them)."""
    assert RefCache.in_cache_dir(server).endpoint_ids(_acme_id()) == []
    shown = await _failed_webhooks_panel(await _app(monkeypatch, FaultPlan(), server))
    assert shown[1], "the demo's acme has failed deliveries to compare"
    return shown


def _remember(endpoint_ids: list[str]) -> None:
    RefCache.in_cache_dir(SERVER).remember_endpoint_ids(_acme_id(), endpoint_ids)


async def _settled(faults: FaultPlan) -> int:
    """How many requests went out once no more go out (answers are held)."""
    count = -1
    for _ in range(50):  # until the count holds still for 0.2 s, at most 10 s
        for _ in range(20):
            await asyncio.sleep(0.01)
        if faults.count() == count:
            return count
        count = faults.count()
    return count


async def test_a_start_remembers_the_workspace_endpoints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    await _without_cache(monkeypatch)
    cache = RefCache.in_cache_dir(SERVER)
    remembered = cache.endpoint_ids(_acme_id())
    assert sorted(remembered) == sorted(_endpoints(in_acme=True))
    # Ids only: never an endpoint's secret, nor its URL.
    assert cache.path is not None
    stored = cache.path.read_text()
    for endpoint in default_dataset().webhook_endpoints:
        assert str(endpoint["secret"]) not in stored
        assert str(endpoint["url"]) not in stored


@pytest.mark.parametrize("over", ["in process", "loopback TCP"])
async def test_with_endpoints_remembered_every_overview_request_goes_out_at_once(
    monkeypatch: pytest.MonkeyPatch, demo_server: DemoServer, over: str
) -> None:
    # Over TCP the client's pool also counts: a request beyond it waits for a connection.
    server = demo_server.base_url if over == "loopback TCP" else SERVER
    without = await _without_cache(monkeypatch, server)  # also remembers acme's endpoints
    held = demo_server.faults if over == "loopback TCP" else FaultPlan()
    held.clear_log()
    release = held.hold("/")  # no answer until released: only the first wave goes out
    app = await _app(monkeypatch, held, server)
    sent = await _settled(held)
    acme = _endpoints(in_acme=True)
    assert held.count(DELIVERIES) == len(acme)
    assert sent == OTHER_REQUESTS + len(acme)
    release.set()
    assert await _failed_webhooks_panel(app) == without
    assert held.count() == sent  # nothing asked again once the answers came


@pytest.mark.parametrize(
    "case",
    ["an endpoint gone", "a new endpoint", "one gone and one new"],
)
async def test_the_endpoint_list_decides_over_the_remembered_ids(
    monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    without = await _without_cache(monkeypatch)
    acme = _endpoints(in_acme=True)
    # "Gone" from acme: an endpoint of another workspace, whose deliveries exist and
    # would show if they were not dropped.
    gone = _endpoints(in_acme=False)[:1] if "gone" in case else []
    known = acme[1:] if "new" in case else acme
    _remember(known + gone)
    faults = FaultPlan()
    # The list answers only once the gone endpoint's deliveries were asked for, so that
    # they arrive first (else the list could cancel that request before it is sent).
    listed = faults.hold("/api/webhooks/endpoints")
    app = await _app(monkeypatch, faults)
    for _ in range(1000):  # at most 10 s
        if all(any(g in r.query for r in faults.requests) for g in gone):
            break
        await asyncio.sleep(0.01)
    listed.set()
    shown = await _failed_webhooks_panel(app)
    assert shown == without
    asked = Counter(
        r.query.split("endpoint_id=")[1].split("&")[0]
        for r in faults.requests
        if r.path.startswith(DELIVERIES)
    )
    assert set(asked) == set(acme) | set(gone)
    assert max(asked.values()) == 1  # no endpoint asked twice
    assert sorted(RefCache.in_cache_dir(SERVER).endpoint_ids(_acme_id())) == sorted(acme)


async def test_a_first_start_finds_the_endpoints_with_the_slug_lookup(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``--workspace acme`` with nothing remembered: the token's endpoints (of every
    workspace) go out with the slug lookup, so each endpoint's failed deliveries go out
    in the second round trip, with the other panels, and not in a third after a
    workspace-scoped endpoint list; the panel is the same as with that list."""
    faults = FaultPlan()
    release = faults.hold("/")  # no answer until released: only the first wave goes out
    app = await _app(monkeypatch, faults, workspace="acme")
    await _settled(faults)
    first_wave = sorted((r.path, r.query) for r in faults.requests)
    assert [path for path, _ in first_wave] == ["/api/webhooks/endpoints", "/api/workspaces/"]
    assert "workspace_id" not in first_wave[0][1]
    release.set()
    shown = await _failed_webhooks_panel(app)
    endpoint_lists = [r for r in faults.requests if r.path == "/api/webhooks/endpoints"]
    assert len(endpoint_lists) == 1  # no workspace-scoped list after the lookup
    assert faults.count(DELIVERIES) == len(_endpoints(in_acme=True))
    # The same panel as a start that lists the workspace's own endpoints.
    _remember([])
    assert shown == await _without_cache(monkeypatch)
