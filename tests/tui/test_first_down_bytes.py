"""Issue 15: the first Down in the customers browser costs what any later one costs.

It used to ask for page 2, whose "loading more…" border, status line and scrollbar were
repainted behind the move (~3.6 KB over SSH against ~1.3 KB). Page 2 is now asked for
as soon as page 1 is shown, so the first move is just a cursor move.
"""

from __future__ import annotations

from typing import Any

from rapidly_tui.screens.customers import CustomersScreen
from tests.tui.harness import SIZE, make_harness, wait_until
from tests.tui.test_repaint_bytes import RepaintCounter, open_customers


async def press_counting(pilot: Any, key: str) -> int:
    """Cells repainted by one key press and everything it sets off."""
    with RepaintCounter() as counter:
        await pilot.press(key)
        await pilot.pause(0.5)  # a page it asked for arrives (the demo answers fast)
    return sum(counter.frames)


async def test_the_first_down_repaints_no_more_than_a_later_one() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        table = await open_customers(pilot, h.app)
        screen = h.app.screen
        assert isinstance(screen, CustomersScreen)
        # Nothing is on its way when the person starts moving: page 2 came with page 1.
        await wait_until(pilot, lambda: not screen.loading_keys, what="page 2")
        await pilot.pause(0.3)
        assert screen.pages_loaded == 2
        h.faults.clear_log()
        first = await press_counting(pilot, "down")
        later = [await press_counting(pilot, "down") for _ in range(3)]
        assert table.cursor_row == 4
        assert not h.requests("/api/customers/")  # the moves asked for nothing
        assert min(later) > 0
        assert first <= 1.5 * max(later), (first, later)
