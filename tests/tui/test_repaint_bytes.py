"""What a cursor move repaints: over SSH every repainted cell is bytes on the link.

Headless apps write nothing, so these count the screen cells each frame repaints
(the compositor's dirty regions), which is what the terminal would be sent.
"""

from __future__ import annotations

from typing import Any

from textual._compositor import Compositor

from rapidly_tui.app import RapidlyApp
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, make_harness, screen_named, wait_until


def browser_table(app: RapidlyApp) -> RowTable | None:
    focused = app.screen.focused
    return focused if isinstance(focused, RowTable) else None


class RepaintCounter:
    """Cells repainted per frame, while installed on Compositor.render_update."""

    def __init__(self) -> None:
        self.frames: list[int] = []
        self._real = Compositor.render_update

    def __enter__(self) -> RepaintCounter:
        real = self._real
        frames = self.frames

        def counting(compositor: Compositor, *args: Any, **kwargs: Any) -> Any:
            frames.append(sum(region.area for region in compositor._dirty_regions))
            return real(compositor, *args, **kwargs)

        Compositor.render_update = counting  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        Compositor.render_update = self._real  # type: ignore[method-assign]


async def open_customers(pilot: Any, app: RapidlyApp) -> RowTable:
    await wait_until(pilot, screen_named(app, "OverviewScreen"), what="overview")
    await pilot.press("c")
    await wait_until(
        pilot,
        lambda: (table := browser_table(app)) is not None and table.row_count >= 100,
        what="the customers browser with its first page",
    )
    await pilot.pause(0.5)
    table = browser_table(app)
    assert table is not None
    return table


async def test_the_first_down_in_the_customers_browser_repaints_rows_not_the_table() -> None:
    # The first Down used to repaint the whole table (~18 KB over SSH, against ~1 KB
    # for every later one): the table had been filled while hidden behind the loading
    # line, and its resize on showing left a stale full repaint pending; the next page,
    # loaded behind the move, repainted it again for its new height and once more for
    # the panel's "loading more…" border.
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        table = await open_customers(pilot, h.app)
        whole_table = table.region.area
        with RepaintCounter() as counter:
            await pilot.press("down")
            # The next page loads behind the move: wait for it, and for its frames.
            await wait_until(pilot, lambda: table.row_count >= 200, what="the next page")
            await pilot.pause(0.5)
        assert table.cursor_row == 1
        repainted = sum(counter.frames)
        assert counter.frames
        assert repainted < whole_table / 2, (repainted, whole_table, counter.frames)


async def test_a_panels_border_text_repaints_the_border_rows_only() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        table = await open_customers(pilot, h.app)
        panel = next(node for node in table.ancestors if isinstance(node, Panel))
        with RepaintCounter() as counter:
            panel.set_note("20 of 43 shown")
            await pilot.pause(0.3)
        assert "20 of 43 shown" in str(panel.border_subtitle)
        assert counter.frames
        assert sum(counter.frames) <= 2 * panel.outer_size.width, counter.frames
