"""The key bar at 80 columns: keys that do not fit are left out with a ``…``, ``? Help``
(which lists them all) stays, and no key is cut at the screen's edge; at 120 columns
every key is there (rapidly_tui/widgets/footer.py)."""

from __future__ import annotations

import pytest
from textual.widgets._footer import FooterKey, FooterLabel

from rapidly_tui.screens.browser import BrowserScreen
from rapidly_tui.widgets.footer import Footer
from tests.tui.harness import make_harness, screen_named, wait_until


def _bar(app) -> tuple[list[str], list[tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """The footer's words in order, and each one's columns on screen."""
    footer = app.screen.query_one(Footer)
    words, spans = [], []
    for child in footer.children:
        if isinstance(child, FooterKey):
            words.append(f"{child.key_display} {child.description}")
        elif isinstance(child, FooterLabel):
            words.append(str(child.render()))
        else:
            continue
        spans.append((child.region.x, child.region.right))
    return words, spans


@pytest.mark.parametrize(("width", "cut"), [(80, True), (120, False)])
async def test_the_overview_key_bar_fits_or_says_it_was_cut(width: int, cut: bool) -> None:
    h = make_harness()
    async with h.app.run_test(size=(width, 24)) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await _check_bar(pilot, h.app, width, cut)
        if not cut:
            words = _bar(h.app)[0]
            assert ": Go to" in words
            assert "e Endpoints" in words


@pytest.mark.parametrize(("width", "cut"), [(80, True), (140, False)])
async def test_a_browser_key_bar_fits_or_says_it_was_cut(width: int, cut: bool) -> None:
    h = make_harness()
    async with h.app.run_test(size=(width, 24)) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await pilot.press("colon", *"payments", "enter")
        await wait_until(pilot, lambda: isinstance(h.app.screen, BrowserScreen))
        await _check_bar(pilot, h.app, width, cut)


async def _check_bar(pilot, app, width: int, cut: bool) -> None:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: _bar(app)[0], what="the footer's keys")
    await pilot.pause()
    words, spans = _bar(app)
    assert words[-1] != "…"
    assert "? Help" in words
    assert all(right <= width for _, right in spans), (words, spans)
    assert ("…" in words) is cut
    if cut:
        assert words[words.index("…") + 1] == "? Help"


async def test_a_narrower_terminal_recomposes_the_key_bar() -> None:
    h = make_harness()
    async with h.app.run_test(size=(120, 24)) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        await wait_until(pilot, lambda: _bar(h.app)[0], what="the footer's keys")
        assert "…" not in _bar(h.app)[0]
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: "…" in _bar(h.app)[0], what="the cut said")
        assert all(right <= 80 for _, right in _bar(h.app)[1])
