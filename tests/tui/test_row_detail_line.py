"""The line under a list (the cursor row's values that do not show whole) at 80x24:
one row, cut with ``…``, never a label without its value, values as the list shows
them."""

from __future__ import annotations

import re
from typing import Any

import pytest
from textual.app import App

from rapidly_tui.app import RapidlyApp
from rapidly_tui.screens.browser import ListScreen
from rapidly_tui.widgets.panel import Panel
from tests.tui.harness import make_harness, screen_named, wait_until

NARROW = (80, 24)


def screen_lines(app: App[Any]) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def open_list(pilot: Any, app: RapidlyApp, text: str) -> ListScreen:
    await wait_until(pilot, screen_named(app, "OverviewScreen"))
    await pilot.press("colon", *text, "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, ListScreen))
    screen = app.screen
    assert isinstance(screen, ListScreen)
    await wait_until(pilot, lambda: screen.pages_loaded >= 1 and not screen.loading_next)
    await pilot.pause()
    return screen


async def check_line(pilot: Any, app: RapidlyApp, panel: Panel, labels: list[str]) -> str:
    """The detail line as drawn: whole or ending in ``…``, each label shown followed by
    (part of) its value, and the row on screen is that line (nothing wrapped away)."""
    detail = panel.row_detail
    await wait_until(
        pilot,
        lambda: (
            detail.display and any(detail.shown.strip()[:20] in line for line in screen_lines(app))
        ),
        what="the line under the table, drawn",
    )
    whole, shown = detail.plain, detail.shown
    assert len(shown) <= detail.size.width
    assert shown == whole or shown.endswith("…")
    for label in labels:
        # A label drawn is followed by a space and at least one character of value.
        for match in re.finditer(rf"(^|  ·  ){re.escape(label)}( |$)", shown):
            after = shown[match.end() :]
            assert after, shown
            assert not after.startswith(("  ·  ", "…")), shown
    row = next(line for line in screen_lines(app) if shown.strip()[:20] in line)
    assert shown.rstrip() in row
    return shown


@pytest.mark.parametrize(
    ("command", "labels"),
    [
        ("payments failed", ["ID", "DECLINE REASON", "DECLINE MESSAGE", "METHOD"]),
        ("members", ["NAME", "CUSTOMER", "ROLE", "WHEN"]),
        ("customers", ["name", "created", "type", "members"]),
        ("deliveries", ["EVENT", "ID", "RESPONSE", "WHEN"]),
        ("shares", ["NAME", "VISIBILITY", "CREATED"]),
    ],
)
async def test_the_line_under_a_list_is_one_row_cut_with_an_ellipsis(
    command: str, labels: list[str]
) -> None:
    h = make_harness()
    async with h.app.run_test(size=NARROW) as pilot:
        screen = await open_list(pilot, h.app, command)
        panel = screen._panel()
        for _ in range(3):
            shown = await check_line(pilot, h.app, panel, labels)
            assert shown != panel.row_detail.plain or len(shown) <= 78
            await pilot.press("down")
            await pilot.pause()


async def test_a_time_cut_on_the_line_keeps_its_ellipsis_not_a_bare_minute() -> None:
    """``CREATED 2026-11-19 11:59`` read as whole while the list says ``11:59 UTC``.
    At 56 columns the shares list leaves its time to the line under it."""
    h = make_harness()
    async with h.app.run_test(size=(56, 24)) as pilot:
        screen = await open_list(pilot, h.app, "shares")
        detail = screen._panel().row_detail
        assert re.search(r"CREATED \S+ \S+ UTC", detail.plain)
        shown = detail.shown
        when = re.search(r"CREATED (\S+ \S+)", shown)
        assert when is not None
        assert when.group(1).endswith("…") or "UTC" in shown


async def test_the_failed_deliveries_panel_line_on_the_overview_is_cut_with_an_ellipsis() -> None:
    h = make_harness()
    # 80 columns, and tall enough that the panel's last line is on screen (at 24 rows it
    # is below the fold until the page scrolls to it).
    async with h.app.run_test(size=(80, 50)) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))

        def deliveries_panel() -> Panel | None:
            titled = (
                p for p in h.app.screen.query(Panel) if "webhook deliveries" in str(p.border_title)
            )
            return next(titled, None)

        await wait_until(pilot, deliveries_panel, what="the failed deliveries panel")
        panel = deliveries_panel()
        assert panel is not None
        await wait_until(pilot, lambda: panel.has_data)
        panel.body.focus()
        await pilot.pause()
        await wait_until(pilot, lambda: panel.row_detail.display)
        shown = await check_line(
            pilot, h.app, panel, ["when (UTC)", "event", "response", "endpoint"]
        )
        assert shown.endswith("…")
        assert "response" not in shown or not shown.rstrip("…").endswith("response")
