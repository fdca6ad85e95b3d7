"""Pictures of the generic browser on payments and events (120x40, demo data).

Generate with ``uv run pytest tests/snapshots/test_browser_snapshots.py
--snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from rapidly_tui.app import RapidlyApp
from rapidly_tui.screens.browser import BrowserScreen
from tests.snapshots.test_snapshots import fixed_request_ids, overview_ready
from tests.tui.harness import SIZE, make_harness, wait_until

__all__ = ["fixed_request_ids"]


def browser_ready(app: RapidlyApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, BrowserScreen) and screen.table.row_count > 0 and not screen.loading_keys
    )


def _jump(text: str) -> Any:
    h = make_harness()

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: overview_ready(h.app))
        await pilot.press("colon", *text, "enter")
        await wait_until(pilot, lambda: browser_ready(h.app))

    return h.app, scene


def test_payments_browser_failed(snap_compare: Any) -> None:
    app, scene = _jump("payments failed")
    assert snap_compare(app, terminal_size=SIZE, run_before=scene)


def test_events_browser(snap_compare: Any) -> None:
    app, scene = _jump("events")
    assert snap_compare(app, terminal_size=SIZE, run_before=scene)
