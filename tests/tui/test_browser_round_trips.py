"""Opening a browser from the overview costs one round trip on a warm connection.

Every demo answer is held while the browser opens: whatever the browser sent before
any answer came is its first round trip; a request sent after the answers were let go
would be a second one. The deliveries browser asks for the workspace's endpoints once
(the overview's panel already read them): a page or a follow poll is one request.
The members browser reads a page of the workspace's customers with their members: one
request a page too.
"""

from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs

import pytest

from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo import FaultRule, build_dataset
from rapidly_tui.follow import PollSchedule
from rapidly_tui.screens.base import RapidlyScreen
from rapidly_tui.screens.browser import BrowserScreen, ListScreen
from rapidly_tui.screens.webhooks import WebhookEndpointsScreen
from rapidly_tui.widgets.panel import Panel
from tests.tui.harness import SIZE, Harness, make_harness, screen_named, wait_until


async def overview_loaded(pilot: Any, h: Harness) -> None:
    await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
    screen = h.app.screen
    assert isinstance(screen, RapidlyScreen)
    await wait_until(
        pilot,
        lambda: "failed_webhooks" in screen.loaded_at and not screen.loading_keys,
        what="the overview's loads",
    )


async def open_held(
    pilot: Any, h: Harness, text: str, keys: tuple[str, ...] = ()
) -> tuple[list[str], list[str]]:
    """Type ``:text`` (or press ``keys``) on the overview with every answer held; the
    requests sent before any answer (the first round trip), and those sent after."""
    gate = asyncio.Event()
    rule = h.faults.add(FaultRule("/", "latency", hold=gate))
    h.faults.clear_log()
    await pilot.press(*(keys or ("colon", *text, "enter")))
    await wait_until(pilot, lambda: h.faults.count("/") > 0, what=f"the first request of :{text}")
    await pilot.pause(0.3)  # the rest of the same wave
    first = [f"{r.path}?{r.query}" for r in h.faults.requests]
    gate.set()
    app = h.app
    await wait_until(pilot, lambda: loaded(app), what=f":{text} loaded")
    await pilot.pause(0.2)
    rule.times = rule.used  # answers are no longer held
    later = [f"{r.path}?{r.query}" for r in h.faults.requests][len(first) :]
    return first, later


def read_ahead(later: list[str], path: str) -> list[str]:
    """``later`` without the list's page 2, which a browser asks for as soon as page 1
    is shown (so that the first cursor move is only a cursor move): it is read ahead,
    not waited for, and costs the opening nothing."""
    return [r for r in later if not (r.startswith(path + "?") and "&page=2&" in r + "&")]


def loaded(app: RapidlyApp) -> bool:
    screen = app.screen
    if isinstance(screen, ListScreen):
        return screen.pages_loaded >= 1 and not screen.loading_next
    if isinstance(screen, WebhookEndpointsScreen):
        return bool(screen.endpoints) and not screen.loading_keys
    return False


@pytest.mark.parametrize(
    ("word", "path"),
    [
        ("payments", "/api/payments/"),
        ("events", "/api/events/"),
        ("shares", "/api/shares/"),
        ("customers", "/api/customers/"),
        ("deliveries", "/api/webhooks/deliveries"),
        ("deliveries failed", "/api/webhooks/deliveries"),
    ],
)
async def test_a_browser_opens_with_one_request(word: str, path: str) -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await overview_loaded(pilot, h)
        first, later = await open_held(pilot, h, word)
        assert len(first) == 1, "\n".join(first)
        assert first[0].startswith(path + "?")
        assert read_ahead(later, path) == []


async def test_the_overviews_endpoints_key_opens_in_one_round_trip() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await overview_loaded(pilot, h)
        first, later = await open_held(pilot, h, "e", keys=("e",))
        assert sum(r.startswith("/api/webhooks/endpoints?") for r in first) == 1
        assert later == []


async def test_the_webhook_endpoints_and_their_health_go_out_together() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await overview_loaded(pilot, h)
        first, later = await open_held(pilot, h, "webhooks")
        screen = h.app.screen
        assert isinstance(screen, WebhookEndpointsScreen)
        # The list and one health sample per endpoint, all in the first round trip.
        assert sum(r.startswith("/api/webhooks/endpoints?") for r in first) == 1
        health = [r for r in first if r.startswith("/api/webhooks/deliveries?")]
        assert len(health) == len(screen.endpoints) > 1
        assert later == []
        # Every row's health filled in.
        for endpoint_id in screen.endpoints:
            cells = screen.table.get_row(endpoint_id)
            assert "…" not in str(cells[2])


def _members_of(data: Any, slug: str) -> list[str]:
    """The workspace's members as the browser lists them: its live customers newest
    first, each one's members in the API's order."""
    workspace_id = data.workspace_by_slug[slug]["id"]
    customers = sorted(
        (c for c in data.live_customers if c["workspace_id"] == workspace_id),
        key=lambda c: c["created_at"],
        reverse=True,
    )
    return [m["id"] for c in customers for m in data.members_by_customer.get(c["id"], [])]


async def test_members_of_a_workspace_are_one_request() -> None:
    """Members: the API has no workspace filter, but a page of the workspace's
    customers with ``include_members`` carries theirs: the browser opens with that one
    request, and lists the workspace's members only, though the token sees two
    workspaces."""
    data = build_dataset()
    wanted = _members_of(data, "globex")
    assert 0 < len(wanted) < len(data.members)
    h = make_harness(default_workspace="globex", dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        await overview_loaded(pilot, h)
        first, later = await open_held(pilot, h, "members")
        assert len(first) == 1, "\n".join(first)
        assert first[0].startswith("/api/customers/?")
        assert "include_members=true" in first[0]
        assert f"workspace_id={data.globex['id']}" in first[0]
        assert later == []  # Globex's 40 customers are one page
        screen = h.app.screen
        assert isinstance(screen, BrowserScreen)
        title = str(screen.query_one("#panel-list", Panel).border_title)
        assert "of this workspace's customers" in title
        assert list(screen.by_id) == wanted
        assert screen.table.row_count == len(wanted)


async def test_members_of_a_workspace_of_many_customers_open_in_one_round_trip() -> None:
    """Acme has 1,214 customers (13 pages): the first screen is one request, and End
    walks the pages, one request each, to the members of the last customers page."""
    data = build_dataset()
    wanted = _members_of(data, "acme")
    h = make_harness(dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        await overview_loaded(pilot, h)
        first, later = await open_held(pilot, h, "members")
        assert len(first) == 1, "\n".join(first)
        assert first[0].startswith("/api/customers/?")
        assert read_ahead(later, "/api/customers/") == []
        screen = h.app.screen
        assert isinstance(screen, BrowserScreen)
        h.faults.clear_log()
        await pilot.press("end")
        await wait_until(pilot, lambda: screen.end_reached and not screen.loading_next)
        assert list(screen.by_id) == wanted
        # The last row shown is the last member of the last customers page.
        assert screen.table.cursor_key() == wanted[-1]
        pages = [r for r in h.faults.requests if r.path == "/api/customers/"]
        assert screen.pages_loaded == 13
        numbers = [parse_qs(r.query)["page"][0] for r in pages]
        assert len(numbers) == len(set(numbers))  # each page asked for once
        assert all(parse_qs(r.query)["include_members"] == ["true"] for r in pages)
        assert h.faults.count("/api/members/") == 0


async def test_deliveries_page_and_poll_are_one_request_each() -> None:
    h = make_harness(default_workspace="globex")  # Globex's load-test endpoint: 10,000
    async with h.app.run_test(size=SIZE) as pilot:
        await overview_loaded(pilot, h)
        first, later = await open_held(pilot, h, "deliveries")
        assert len(first) == 1
        assert read_ahead(later, "/api/webhooks/deliveries") == []
        screen = h.app.screen
        assert isinstance(screen, BrowserScreen)
        await wait_until(pilot, lambda: screen.pages_loaded == 2 and not screen.loading_next)
        # The next page as the cursor nears the end of what is loaded: one request.
        h.faults.clear_log()
        await pilot.press(*["pagedown"] * 5)  # within a page of the 200th row: page 3
        await wait_until(pilot, lambda: screen.pages_loaded == 3, what="page 3")
        await wait_until(pilot, lambda: not screen.loading_next)
        assert [r.path for r in h.faults.requests] == ["/api/webhooks/deliveries"]
        # A follow poll: one request.
        screen.schedule = PollSchedule(start=1000.0, ceiling=5000.0)
        await pilot.press("F")
        await wait_until(pilot, lambda: screen.following and not screen.loading_next)
        h.faults.clear_log()
        screen.poll_now()
        await wait_until(pilot, lambda: "follow" not in screen.loading_keys)
        assert [r.path for r in h.faults.requests] == ["/api/webhooks/deliveries"]


async def test_r_reads_the_endpoints_again() -> None:
    """The endpoint ids are kept for the session; ``r`` reads them again (an endpoint
    added since shows its deliveries)."""
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await overview_loaded(pilot, h)
        await open_held(pilot, h, "deliveries")
        screen = h.app.screen
        assert isinstance(screen, BrowserScreen)
        h.faults.clear_log()
        await pilot.press("r")
        await wait_until(pilot, lambda: h.faults.count("/api/webhooks/deliveries") >= 1)
        await wait_until(pilot, lambda: not screen.loading_next)
        assert h.faults.count("/api/webhooks/endpoints") == 1


async def test_health_answered_before_the_endpoint_list_still_fills_its_row() -> None:
    """A health sample sent with the list may answer (or fail) first: the row shows
    it once the list is in, rather than "…" for ever."""
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await overview_loaded(pilot, h)
        gate = asyncio.Event()
        held = h.faults.add(FaultRule("/api/webhooks/endpoints", "latency", hold=gate))
        h.faults.status("/api/webhooks/deliveries", 403)
        await pilot.press("colon", *"webhooks", "enter")
        await wait_until(pilot, screen_named(h.app, "WebhookEndpointsScreen"))
        screen = h.app.screen
        assert isinstance(screen, WebhookEndpointsScreen)
        await wait_until(
            pilot,
            lambda: (
                not any(k.startswith("health:") for k in screen.loading_keys)
                and h.faults.count("/api/webhooks/deliveries") > 0
            ),
            what="the health samples failed",
        )
        gate.set()
        await wait_until(pilot, lambda: bool(screen.endpoints), what="the endpoint list")
        held.times = held.used
        for endpoint_id in screen.endpoints:
            cell = str(screen.table.get_row(endpoint_id)[2])
            assert "…" not in cell
            assert cell.strip()
