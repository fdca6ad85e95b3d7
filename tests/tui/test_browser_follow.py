"""Follow (F) in the generic browser: new rows at the top, marked and counted in the
border; no jump when the cursor is lower; no duplicates; a failed poll keeps the rows;
an idle poll redraws nothing."""

from __future__ import annotations

import copy
import uuid
from datetime import datetime, timedelta, timezone
from typing import Any

from rapidly_tui.demo import DemoData, FaultPlan, build_dataset
from rapidly_tui.follow import PollSchedule
from rapidly_tui.screens.browser import NEW_STYLE, BrowserScreen
from rapidly_tui.widgets.cells import SafeCell
from rapidly_tui.widgets.panel import Panel
from tests.tui.harness import SIZE, make_harness, wait_until
from tests.tui.test_browsers import jump, title

CLOCK = datetime(2026, 11, 20, 14, 2, tzinfo=timezone.utc)


def arrive(data: DemoData, count: int) -> list[str]:
    """``count`` new Acme payments, newer than every other one."""
    acme = data.acme["id"]
    template = next(p for p in data.payments if p["workspace_id"] == acme)
    newest = max(p["_ts"] for p in data.payments)
    ids = []
    for index in range(count):
        payment = copy.deepcopy(template)
        payment["id"] = str(uuid.uuid4())
        ts = newest + 60 * (index + 1)
        payment["_ts"] = ts
        when = datetime.fromtimestamp(ts, tz=timezone.utc)
        payment["created_at"] = when.isoformat().replace("+00:00", "Z")
        data.payments.append(payment)
        ids.append(payment["id"])
    return ids


def is_new(screen: BrowserScreen, key: str) -> bool:
    cell = screen.table.get_row(key)[0]
    return isinstance(cell, SafeCell) and cell.style == NEW_STYLE


async def start_follow(pilot: Any, screen: BrowserScreen) -> None:
    screen.clock = lambda: CLOCK
    # Long enough that the test polls by hand (poll_now); room to back off.
    screen.schedule = PollSchedule(start=1000.0, ceiling=5000.0)
    await pilot.press("F")
    await wait_until(pilot, lambda: screen.following)
    assert "following · 0 new since 14:02 UTC" in title(screen)


async def test_new_payments_appear_at_the_top_marked_and_counted() -> None:
    data = build_dataset()
    h = make_harness(dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "payments")
        await start_follow(pilot, screen)
        before = screen.table.row_count
        first = screen.table.cursor_key()
        ids = arrive(data, 3)
        screen.poll_now()
        await wait_until(pilot, lambda: screen.new_count == 3)
        # Newest first, at the top; the cursor (on the first row) goes to the newest.
        keys = [screen.table.coordinate_to_cell_key((i, 0)).row_key.value for i in range(4)]
        assert keys == [*reversed(ids), first]
        assert screen.table.cursor_row == 0
        assert all(is_new(screen, key) for key in ids)
        assert not is_new(screen, first)  # type: ignore[arg-type]
        assert "following · 3 new since 14:02 UTC" in title(screen)
        # Polling again finds nothing new: no duplicate.
        screen.poll_now()
        await wait_until(pilot, lambda: "follow" not in screen.loading_keys)
        await pilot.pause(0.1)
        assert screen.table.row_count == before + 3
        assert len(screen.rows) == len({p.id for p in screen.rows})


async def test_the_view_does_not_jump_when_the_cursor_is_lower() -> None:
    data = build_dataset()
    h = make_harness(dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "payments")
        await start_follow(pilot, screen)
        for _ in range(40):
            await pilot.press("down")
        for _ in range(10):  # mid-screen: keeping the cursor in view is not enough
            await pilot.press("up")
        await pilot.pause(0.1)
        key = screen.table.cursor_key()
        offset = screen.table.cursor_row - int(screen.table.scroll_y)
        arrive(data, 2)
        screen.poll_now()
        await wait_until(pilot, lambda: screen.new_count == 2)
        await pilot.pause(0.1)
        assert screen.table.cursor_key() == key
        # The cursor row is on the same line of the screen as before.
        assert screen.table.cursor_row - int(screen.table.scroll_y) == offset
        assert "2 new since" in title(screen)


async def test_a_failed_poll_says_so_and_keeps_every_row() -> None:
    data = build_dataset()
    faults = FaultPlan()
    h = make_harness(dataset=data, faults=faults)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "payments")
        await start_follow(pilot, screen)
        rows = screen.table.row_count
        faults.status("/api/payments/", 503, times=10)
        screen.poll_now()
        await wait_until(pilot, lambda: "last poll failed" in title(screen), timeout=20)
        assert screen.table.row_count == rows
        assert "rows kept" in title(screen)
        assert screen.following
        faults.clear()
        arrive(data, 1)
        screen.poll_now()
        await wait_until(pilot, lambda: screen.new_count == 1, timeout=20)
        assert "last poll failed" not in title(screen)


async def test_an_idle_poll_redraws_no_border() -> None:
    data = build_dataset()
    h = make_harness(dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "payments")
        await start_follow(pilot, screen)
        panel = screen.query_one("#panel-list", Panel)
        calls: list[str] = []
        original = panel.set_title

        def spy(text: str) -> None:
            calls.append(text)
            original(text)

        panel.set_title = spy  # type: ignore[method-assign]
        h.faults.clear_log()
        screen.poll_now()
        await wait_until(pilot, lambda: bool(h.requests("/api/payments/")))
        await wait_until(pilot, lambda: "follow" not in screen.loading_keys)
        await pilot.pause(0.1)
        assert calls == []
        assert len(h.requests("/api/payments/")) == 1  # one request per interval
        # Quiet: the next poll waits longer (backs off toward 30 s).
        assert screen.schedule.delay > screen.schedule.start


async def test_follow_reads_newest_first_and_stops_on_f_again() -> None:
    data = build_dataset()
    h = make_harness(dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "events")
        await pilot.press("s")  # oldest first
        await wait_until(pilot, lambda: screen.sort_index == 1 and not screen.loading_next)
        await start_follow(pilot, screen)
        await wait_until(pilot, lambda: screen.sort_index == 0 and not screen.loading_next)
        await pilot.press("F")
        await wait_until(pilot, lambda: not screen.following)
        assert "following" not in title(screen)
        assert screen.rows[0].timestamp >= screen.rows[-1].timestamp - timedelta(0)
