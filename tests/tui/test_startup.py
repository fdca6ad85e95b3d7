"""Startup: the first screen, the overview's panels, the picker and deep links."""

from __future__ import annotations

import gc
from collections import Counter
from urllib.parse import parse_qs

import pytest

from rapidly_tui.demo import DEMO_ACME_TOKEN, DEMO_TOKEN, default_dataset
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.overview import Figures, OverviewScreen
from rapidly_tui.screens.picker import WorkspacePickerScreen
from rapidly_tui.widgets.field_list import FieldList
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, make_harness, screen_named, wait_until

OVERVIEW_PANELS = (
    "#panel-workspace",
    "#panel-settings",
    "#panel-metrics",
    "#panel-customers",
    "#panel-payments",
    "#panel-webhooks",
)


def overview_filled(app) -> bool:  # type: ignore[no-untyped-def]
    screen = app.screen
    if not isinstance(screen, OverviewScreen):
        return False
    figures = screen.query_one(Figures).plain
    return "…" not in figures and all(
        screen.query_one(selector, Panel).state == "ready" for selector in OVERVIEW_PANELS
    )


async def test_demo_opens_the_default_workspace_with_every_panel_filled() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app), what="overview filled")
        screen = h.app.screen
        assert isinstance(screen, OverviewScreen)
        assert screen.query_one("#workspace-fields", FieldList).value_plain("Name") == "Acme Files"
        assert screen.query_one("#workspace-fields", FieldList).value_plain("Slug") == "acme"
        figures = screen.query_one(Figures).plain
        assert "Customers 1,214" in figures
        latest = screen.query_one("#latest-customers", RowTable)
        assert latest.row_count == 10
        assert latest.cell_plain(0, "email") == "ada@example.com"
        assert "Failed payments (" in str(screen.query_one("#panel-payments", Panel).border_title)
        assert screen.query_one("#failed-webhooks", RowTable).row_count > 0
        assert "per day" in screen.metric_label
        assert "2026-10-22 – 2026-11-20" in screen.metric_label  # 30 days ending "today"
        bar = screen.query_one("#topbar")
        assert bar.trail_plain.strip() == "demo ▸ Acme Files"  # type: ignore[attr-defined]
        await pilot.press("q")
    assert h.app.return_code == 0


@pytest.mark.parametrize("token", [DEMO_TOKEN, DEMO_ACME_TOKEN])
async def test_the_webhook_panel_lists_this_workspaces_failures_only(token: str) -> None:
    # A user token sees every workspace it belongs to; the deliveries are asked for by
    # the workspace's endpoints, so either token gets Acme's failures and no other's.
    h = make_harness(token=token)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app), what="overview filled")
        border_title = str(h.app.screen.query_one("#panel-webhooks", Panel).border_title)
        assert border_title.startswith("Failed webhook deliveries ("), border_title
        assert "all workspaces" not in border_title
        table = h.app.screen.query_one("#failed-webhooks", RowTable)
        urls = {table.cell_plain(i, "endpoint") for i in range(table.row_count)}
        assert urls
        assert all(".acme.example" in url for url in urls), urls
        # Every deliveries request is scoped by one of Acme's endpoints.
        acme = {e["id"] for e in default_dataset().webhook_endpoints if ".acme." in e["url"]}
        scoped = [parse_qs(q).get("endpoint_id") for _, q in h.requests("/api/webhooks/deliveries")]
        assert scoped
        assert all(ids is not None and set(ids) <= acme for ids in scoped), scoped


def card_ids(app) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(card.id) for card in app.screen.query_one("#overview-grid").children]


async def test_a_narrow_terminal_shows_the_failures_first() -> None:
    # In one column (a tmux pane during an incident) the failures come first and have
    # the focus; in two or more columns everything fits near the top, workspace first.
    h = make_harness()
    async with h.app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app), what="overview filled")
        await pilot.pause(0.1)
        screen = h.app.screen
        assert card_ids(h.app)[:3] == ["panel-payments", "panel-webhooks", "panel-customers"]
        assert screen.focused is screen.query_one("#failed-payments", RowTable)
        payments = screen.query_one("#panel-payments", Panel)
        assert payments.region.y == 1  # right under the top bar, on screen
        assert screen.query_one("#overview-scroll").scroll_offset.y == 0

        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.2)
        assert card_ids(h.app)[0] == "panel-workspace"
        await pilot.resize_terminal(80, 24)
        await pilot.pause(0.2)
        assert card_ids(h.app)[0] == "panel-payments"

        # Resized while another screen is on top: the overview catches up on return.
        await pilot.press("c")
        await wait_until(pilot, screen_named(h.app, "CustomersScreen"), what="customers")
        await pilot.resize_terminal(120, 40)
        await pilot.pause(0.2)
        await pilot.press("escape")
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"), what="back")
        await pilot.pause(0.1)
        assert card_ids(h.app)[0] == "panel-workspace"


async def test_a_wider_terminal_keeps_the_workspace_first_and_focuses_the_customers() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app), what="overview filled")
        screen = h.app.screen
        assert card_ids(h.app) == [
            "panel-workspace",
            "overview-side",
            "panel-customers",
            "panel-payments",
            "panel-webhooks",
        ]
        assert screen.focused is screen.query_one("#latest-customers", RowTable)


async def test_opening_the_overview_sends_each_request_once() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app))
        await pilot.pause(0.2)
        sent = Counter(h.requests())
        repeated = {request: n for request, n in sent.items() if n > 1}
        assert not repeated
        paths = {path for path, _ in sent}
        assert {
            "/api/customers/",
            "/api/payments/",
            "/api/shares/",
            "/api/metrics/",
            "/api/webhooks/endpoints",  # then their failed deliveries
            "/api/webhooks/deliveries",
        } <= paths


async def test_a_loaded_overview_left_alone_sends_nothing_to_the_terminal() -> None:
    # Over SSH every repaint costs bandwidth; an idle screen must stay quiet. (The
    # start-up spinner, covered at the bottom of the stack, used to repaint the
    # overview eight times a second.)
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app), what="overview filled")
        await pilot.pause(0.3)
        # Headless apps write nothing, so count what would be displayed instead.
        frames: list[object] = []
        real_display = h.app._display

        def counting_display(screen: object, renderable: object) -> None:
            if renderable is not None:
                frames.append(renderable)
            real_display(screen, renderable)  # type: ignore[arg-type]

        h.app._display = counting_display  # type: ignore[method-assign]
        await pilot.pause(0.6)
        assert frames == []


@pytest.mark.parametrize(
    ("size", "expected"), [((80, 24), "-narrow"), ((120, 40), "-medium"), ((180, 50), "-wide")]
)
async def test_the_first_frame_of_the_overview_is_laid_out_for_the_terminals_width(
    size: tuple[int, int], expected: str
) -> None:
    # Textual gives a screen its width class on its first Resize, after its first frame:
    # that frame would be laid out for no width at all, then drawn again.
    h = make_harness()
    shown: list[tuple[str, set[str]]] = []
    real_display = h.app._display

    def recording_display(screen: object, renderable: object) -> None:
        if renderable is not None:
            shown.append((type(screen).__name__, set(screen.classes)))  # type: ignore[attr-defined]
        real_display(screen, renderable)  # type: ignore[arg-type]

    h.app._display = recording_display  # type: ignore[method-assign]
    async with h.app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app), what="overview filled")
        await pilot.pause(0.1)
    overview_frames = [classes for name, classes in shown if name == "OverviewScreen"]
    assert overview_frames
    assert expected in overview_frames[0], overview_frames[0]


async def test_the_overview_is_not_laid_out_again_once_its_scrollbar_appears() -> None:
    # At 120x40 the overview's cards overflow. If the scrollbar's room were not kept,
    # the first frame would draw every card a column too wide, and a second full frame
    # would draw them all again (a visible jump, and ~20 KB more over SSH).
    h = make_harness()
    widths: list[int] = []
    real_display = h.app._display

    def recording_display(screen: object, renderable: object) -> None:
        if renderable is not None and isinstance(screen, OverviewScreen):
            widths.append(screen.query_one("#panel-customers", Panel).size.width)
        real_display(screen, renderable)  # type: ignore[arg-type]

    h.app._display = recording_display  # type: ignore[method-assign]
    async with h.app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app), what="overview filled")
        await pilot.pause(0.2)
        scroll = h.app.screen.query_one("#overview-scroll")
        assert scroll.max_scroll_y > 0  # the cards do overflow at this size
    assert widths
    assert set(widths) == {widths[0]}, widths


async def test_garbage_collection_is_back_on_once_the_first_screen_is_painted() -> None:
    # run_tui switches the collector off for start-up; leaving it off would let
    # cyclic garbage pile up for the whole session.
    gc.disable()
    try:
        h = make_harness()
        async with h.app.run_test(size=SIZE) as pilot:
            await wait_until(pilot, lambda: overview_filled(h.app), what="overview filled")
            await wait_until(pilot, gc.isenabled, what="collector back on")
    finally:
        gc.unfreeze()
        gc.enable()


async def test_user_token_without_default_workspace_shows_the_picker() -> None:
    h = make_harness(default_workspace=None)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "WorkspacePickerScreen"))
        picker = h.app.screen
        assert isinstance(picker, WorkspacePickerScreen)
        table = picker.query_one("#workspaces", RowTable)
        await wait_until(pilot, lambda: table.row_count == 2)
        names = [table.cell_plain(i, "name") for i in range(table.row_count)]
        assert sorted(names) == ["Acme Files", "Globex Sandbox"]
        globex = names.index("Globex Sandbox")
        for _ in range(globex):
            await pilot.press("down")
        await pilot.press("enter")
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await wait_until(pilot, lambda: overview_filled(h.app))
        fields = h.app.screen.query_one("#workspace-fields", FieldList)
        assert fields.value_plain("Slug") == "globex"
        # The picker is gone: the overview is the base of the stack.
        assert len(h.app.screen_stack) == 2


async def test_w_opens_the_picker_over_the_overview_and_escape_returns() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app))
        await pilot.press("w")
        await wait_until(pilot, screen_named(h.app, "WorkspacePickerScreen"))
        await wait_until(
            pilot, lambda: h.app.screen.query_one("#workspaces", RowTable).row_count == 2
        )
        await pilot.press("escape")
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))


async def test_a_single_workspace_token_goes_straight_to_its_overview() -> None:
    h = make_harness(token=DEMO_ACME_TOKEN, default_workspace=None)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app))
        assert h.app.screen.query_one("#workspace-fields", FieldList).value_plain("Slug") == "acme"


async def test_workspace_flag_opens_that_workspace() -> None:
    h = make_harness(start_workspace="globex")
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app))
        fields = h.app.screen.query_one("#workspace-fields", FieldList)
        assert fields.value_plain("Name") == "Globex Sandbox"


async def test_customer_flag_alone_opens_the_detail_over_its_workspace() -> None:
    h = make_harness(default_workspace=None, start_customer="ada@example.com")
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        detail = h.app.screen
        assert isinstance(detail, CustomerDetailScreen)
        members = detail.query_one("#members", RowTable)
        await wait_until(pilot, lambda: members.row_count == 3)
        assert "Charles Babbage" in [members.cell_plain(i, "name") for i in range(3)]
        await wait_until(pilot, lambda: "Acme Files" in detail.query_one("#topbar").trail_plain)  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_until(pilot, lambda: overview_filled(h.app))
        assert len(h.app.screen_stack) == 2


async def test_workspace_and_customer_flags_together() -> None:
    h = make_harness(start_workspace="acme", start_customer="usr_1337")
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "CustomerDetailScreen"))
        detail = h.app.screen
        assert isinstance(detail, CustomerDetailScreen)
        assert detail.customer.email == "ada@example.com"
        await pilot.press("escape")
        await wait_until(pilot, lambda: overview_filled(h.app))
        assert h.app.screen.query_one("#workspace-fields", FieldList).value_plain("Slug") == "acme"


async def test_unknown_customer_flag_says_so_and_shows_the_workspace() -> None:
    h = make_harness(start_workspace="acme", start_customer="nobody@example.com")
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await wait_until(pilot, lambda: h.app._notifications)
        messages = [n.message for n in h.app._notifications]
        assert any("nobody@example.com" in m and "No customer" in m for m in messages)
