"""Pictures of every screen at 120x40 on demo data (pytest-textual-snapshot).

Update after an intended change with ``uv run pytest tests/snapshots --snapshot-update``
and look at the SVGs in ``__snapshots__``. Scenes wait until their data is on
screen; request ids (random on the demo) are fixed so error panels are stable.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from types import SimpleNamespace
from typing import Any

import pytest
from textual.pilot import Pilot

from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo import DEMO_LIMITED_TOKEN
from rapidly_tui.screens.customers import CustomersScreen
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.overview import Figures, OverviewScreen
from rapidly_tui.widgets.panel import Panel
from tests.tui.harness import SIZE, make_harness, wait_until

Scene = Callable[[Pilot[Any]], Awaitable[None]]


@pytest.fixture(autouse=True)
def fixed_request_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo stamps every response with a random X-Request-ID; pin it."""
    import rapidly_tui.demo.app as demo_app

    fixed = SimpleNamespace(uuid4=lambda: uuid.UUID(int=0x5EED), UUID=uuid.UUID)
    monkeypatch.setattr(demo_app, "uuid", fixed)


def overview_ready(app: RapidlyApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, OverviewScreen)
        and "…" not in screen.query_one(Figures).plain
        and all(p.state in ("ready", "error") for p in screen.query(Panel))
        and not screen.loading_keys
    )


def detail_ready(app: RapidlyApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, CustomerDetailScreen)
        and not screen.loading_keys
        and all(p.state in ("ready", "error") for p in screen.query(Panel))
    )


def browser_ready(app: RapidlyApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, CustomersScreen)
        and screen.table.row_count > 0
        and not screen.loading_keys
    )


def test_overview(snap_compare: Any) -> None:
    h = make_harness()

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: overview_ready(h.app))

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_customers_browser(snap_compare: Any) -> None:
    h = make_harness()

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: overview_ready(h.app))
        await pilot.press("c")
        await wait_until(pilot, lambda: browser_ready(h.app))

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_customers_search_hostile_names(snap_compare: Any) -> None:
    h = make_harness()

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: overview_ready(h.app))
        await pilot.press("c")
        await wait_until(pilot, lambda: browser_ready(h.app))
        await pilot.press("slash", *"hostile", "enter")
        screen = h.app.screen
        assert isinstance(screen, CustomersScreen)
        await wait_until(pilot, lambda: screen.search == "hostile" and browser_ready(h.app))

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_customer_detail(snap_compare: Any) -> None:
    h = make_harness(start_customer="ada@example.com")

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: detail_ready(h.app))

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_customer_detail_raw_json(snap_compare: Any) -> None:
    h = make_harness(start_customer="hostile4@example.com")

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: detail_ready(h.app))
        await pilot.press("j")

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_help(snap_compare: Any) -> None:
    h = make_harness(start_customer="ada@example.com")

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: detail_ready(h.app))
        await pilot.press("question_mark")

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_workspace_picker(snap_compare: Any) -> None:
    h = make_harness(default_workspace=None)

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(
            pilot,
            lambda: (
                type(h.app.screen).__name__ == "WorkspacePickerScreen"
                and h.app.screen.query_one("#workspaces").row_count == 2
            ),  # type: ignore[attr-defined]
        )

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_login(snap_compare: Any) -> None:
    h = make_harness(token=None)

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: type(h.app.screen).__name__ == "LoginScreen")

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_error_state_missing_scopes(snap_compare: Any) -> None:
    h = make_harness(token=DEMO_LIMITED_TOKEN, default_workspace=None)

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: overview_ready(h.app))

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)
