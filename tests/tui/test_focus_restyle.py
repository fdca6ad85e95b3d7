"""Focus lights what it should, and the first focus restyles no more than that.

The page (a focus stop: it scrolls with the arrow keys) lights every panel's title when
focused; a focused table lights its own panel's border. The overview's first focus (its
latest customers) used to restyle every widget of the page (a :focus-within rule on the
page made Textual restyle the whole page for a focus anywhere in it), ~10 ms of a cold
start for styles that did not change.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.color import Color
from textual.containers import VerticalScroll
from textual.css.stylesheet import Stylesheet

from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, make_harness, wait_until


def lit_titles(screen: OverviewScreen) -> list[bool]:
    return ["underline" in str(p.styles.border_title_style) for p in screen.query(Panel)]


def lit_borders(screen: OverviewScreen) -> dict[str, bool]:
    """Which panels have the accent border (to within rounding: $accent is computed)."""
    accent = Color.parse(str(screen.app.current_theme.accent))

    def lit(color: Color) -> bool:
        return color.a == 1 and all(
            abs(a - b) <= 2 for a, b in zip(color.rgb, accent.rgb, strict=True)
        )

    return {str(p.id): lit(p.styles.border.top[1]) for p in screen.query(Panel)}


async def test_the_page_and_the_tables_light_up_when_focused() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot, lambda: isinstance(h.app.screen, OverviewScreen), what="the overview"
        )
        screen = h.app.screen
        assert isinstance(screen, OverviewScreen)
        await pilot.pause()
        assert screen.focused is screen.query_one("#latest-customers", RowTable)
        assert not any(lit_titles(screen))
        borders = lit_borders(screen)
        assert borders.pop("panel-customers") is True
        assert not any(borders.values())

        screen.set_focus(screen.query_one("#overview-scroll", VerticalScroll))
        await pilot.pause()
        assert all(lit_titles(screen))
        assert not any(lit_borders(screen).values())

        screen.set_focus(screen.query_one("#failed-payments", RowTable))
        await pilot.pause()
        assert not any(lit_titles(screen))
        borders = lit_borders(screen)
        assert borders.pop("panel-payments") is True
        assert not any(borders.values())
        await pilot.press("q")


async def test_the_first_focus_restyles_only_the_focused_panel(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    restyled: list[int] = []
    update_nodes = Stylesheet.update_nodes

    def counting(self: Stylesheet, nodes: Any, animate: bool = False) -> None:
        nodes = list(nodes)
        if any(isinstance(node, RowTable) and node.id == "latest-customers" for node in nodes):
            restyled.append(len(nodes))
        update_nodes(self, nodes, animate=animate)

    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        monkeypatch.setattr(Stylesheet, "update_nodes", counting)
        await wait_until(
            pilot, lambda: isinstance(h.app.screen, OverviewScreen), what="the overview"
        )
        await pilot.pause()
        screen = h.app.screen
        page = len(list(screen.query_one("#overview-scroll").walk_children(with_self=True)))
        # The focus restyles the table's panel (its border), never the whole page.
        assert restyled
        assert max(restyled) < page // 4, (restyled, page)
        await pilot.press("q")
