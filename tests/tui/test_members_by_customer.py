"""The members browser reads a page of the workspace's customers (with their members)
at a time: its status says which customers the rows cover, never a member total (no
request says one), and a page of customers without members does not end the list."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from rapidly_tui.demo import DemoData, build_dataset
from rapidly_tui.demo.common import iso
from rapidly_tui.screens.browser import BrowserScreen
from tests.tui.harness import SIZE, make_harness, wait_until
from tests.tui.test_browsers import jump


def _acme_customers(data: DemoData) -> list[dict[str, Any]]:
    """Acme's live customers as the API pages them (newest first)."""
    acme = data.acme["id"]
    return sorted(
        (c for c in data.live_customers if c["workspace_id"] == acme),
        key=lambda c: c["created_at"],
        reverse=True,
    )


def _members(data: DemoData) -> list[str]:
    by_customer = data.members_by_customer
    return [m["id"] for c in _acme_customers(data) for m in by_customer.get(c["id"], [])]


async def _to_the_end(pilot: Any, screen: BrowserScreen) -> None:
    await pilot.press("end")
    await wait_until(pilot, lambda: screen.end_reached and not screen.loading_next, what="End")


async def test_the_status_says_which_customers_the_members_cover() -> None:
    data = build_dataset()  # Acme: 1,214 customers, 13 pages of them
    h = make_harness(dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "members")
        # Page 1 (80 members) and page 2, read ahead: customers 1-200.
        await wait_until(pilot, lambda: screen.pages_loaded == 2 and not screen.loading_next)
        status = screen.status_plain
        rows = len(screen.rows)
        assert status.startswith(f"1–{rows:,} members of customers 1–200 of 1,214")
        assert "more load as you scroll" in status
        assert "of 1,214 members" not in status  # 1,214 counts customers
        await _to_the_end(pilot, screen)
        assert list(screen.by_id) == _members(data)
        status = screen.status_plain
        assert status.startswith(f"1–{len(screen.rows):,} members of customers 1–1,214 of 1,214"), (
            status
        )
        assert "more load" not in status


async def test_customers_pages_without_members_do_not_end_the_list() -> None:
    data = build_dataset()
    customers = _acme_customers(data)
    # Customers 101-300 (pages 2 and 3) lose their members: two empty pages in a row.
    for customer in customers[100:300]:
        data.members_by_customer.pop(customer["id"], None)
    wanted = _members(data)
    page_4 = [
        m["id"] for c in customers[300:400] for m in data.members_by_customer.get(c["id"], [])
    ]
    h = make_harness(dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "members")
        # Page 1's 80 members are fewer than a screen's read-ahead: pages 2 and 3 come
        # empty, and the reading goes on to page 4.
        await wait_until(pilot, lambda: screen.pages_loaded >= 4 and not screen.loading_next)
        assert not screen.end_reached
        assert page_4
        assert list(screen.by_id) == wanted[: len(screen.rows)]
        assert set(page_4) <= set(screen.by_id)
        assert "more load as you scroll" in screen.status_plain
        await _to_the_end(pilot, screen)
        assert list(screen.by_id) == wanted
        assert screen.pages_loaded == 13
        assert screen.table.cursor_key() == wanted[-1]


async def test_r_reads_the_members_again_in_place() -> None:
    """``r`` re-reads the loaded pages of customers, whose members are not 100 a page:
    each page's members replace that page's rows, none lost or repeated."""
    data = build_dataset()
    h = make_harness(dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "members")
        await _to_the_end(pilot, screen)
        before = list(screen.by_id)
        # The cursor is on the last row: pages 4-13 are read again. A member of a
        # customer of page 10 is gone by then.
        customer = next(
            c for c in _acme_customers(data)[900:] if data.members_by_customer.get(c["id"])
        )
        gone = data.members_by_customer[customer["id"]].pop()
        h.faults.clear_log()
        await pilot.press("r")
        await wait_until(pilot, lambda: h.faults.count("/api/customers/") > 0)
        await wait_until(pilot, lambda: not screen.loading_next)
        after = [m for m in before if m != gone["id"]]
        assert list(screen.by_id) == after
        assert screen.table.row_count == len(after)
        # From the top, pages 1-10 are read again: pages 11-13's rows stay.
        await pilot.press("home")
        await wait_until(pilot, lambda: screen.table.cursor_row == 0)
        h.faults.clear_log()
        await pilot.press("r")
        await wait_until(pilot, lambda: h.faults.count("/api/customers/") > 0)
        await wait_until(pilot, lambda: not screen.loading_next)
        assert h.faults.count("/api/customers/") == 10
        assert list(screen.by_id) == after
        assert screen.table.row_count == len(after)


async def test_a_time_window_reads_every_customers_page() -> None:
    """Members by customer are not newest first: a window cannot stop at the first
    page reaching back past it (a member of an old customer may be recent)."""
    data = build_dataset()
    now = datetime(2027, 1, 1, tzinfo=timezone.utc)  # after every demo member
    old_customer = next(
        c for c in reversed(_acme_customers(data)) if data.members_by_customer.get(c["id"])
    )
    recent = data.members_by_customer[old_customer["id"]][0]
    recent["created_at"] = iso(now - timedelta(minutes=30))
    h = make_harness(dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "members")
        screen.clock = lambda: now
        await pilot.press("w")  # last hour
        await wait_until(pilot, lambda: screen.end_reached and not screen.loading_next)
        assert list(screen.by_id) == [recent["id"]]
        assert screen.pages_loaded == 13
