"""Pictures of hostile data at 120x40 (pytest-textual-snapshot): markup, escape
sequences, bidi, zero-width, wide and 10,000-character strings in every field
(tests/tui/test_hostile_dataset.py), shown literally or as visible substitutes
(␛ for ESC, ⟨U+202E⟩ for a bidi override) without breaking neighbouring cells.

Update with ``uv run pytest tests/snapshots/test_hostile_snapshots.py --snapshot-update``
and look at the SVGs. (Renderers without a glyph for the control pictures draw a
box in their place; a terminal shows ␛.)
"""

from __future__ import annotations

import uuid
from types import SimpleNamespace
from typing import Any

import pytest
from textual.pilot import Pilot

from rapidly_tui.app import RapidlyApp
from rapidly_tui.screens.customers import CustomersScreen
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.overview import Figures, OverviewScreen
from rapidly_tui.widgets.panel import Panel
from tests.tui.harness import SIZE, Harness, make_harness, wait_until
from tests.tui.test_hostile_dataset import (
    HOSTILE,
    HOSTILE_DETAIL,
    hostile_dataset,
    hostile_faults,
)


@pytest.fixture(autouse=True)
def fixed_request_ids(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo stamps every response with a random X-Request-ID; pin it."""
    import rapidly_tui.demo.app as demo_app

    fixed = SimpleNamespace(uuid4=lambda: uuid.UUID(int=0x5EED), UUID=uuid.UUID)
    monkeypatch.setattr(demo_app, "uuid", fixed)


def hostile_harness() -> Harness:
    return make_harness(dataset=hostile_dataset(), faults=hostile_faults())


def settled(app: RapidlyApp, screen_type: type) -> bool:
    screen = app.screen
    return (
        isinstance(screen, screen_type)
        and not screen.loading_keys  # type: ignore[attr-defined]
        and all(p.state in ("ready", "error") for p in screen.query(Panel))
        and (not isinstance(screen, OverviewScreen) or "…" not in screen.query_one(Figures).plain)
    )


async def open_detail(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await wait_until(pilot, lambda: settled(app, OverviewScreen))
    await pilot.press("enter")  # the newest customer, hostile in every field
    await wait_until(pilot, lambda: settled(app, CustomerDetailScreen))


def test_hostile_customers_table(snap_compare: Any) -> None:
    h = hostile_harness()

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: settled(h.app, OverviewScreen))
        await pilot.press("c")
        await wait_until(
            pilot,
            lambda: settled(h.app, CustomersScreen) and h.app.screen.table.row_count > 0,  # type: ignore[attr-defined]
        )

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_hostile_customer_detail(snap_compare: Any) -> None:
    h = hostile_harness()

    async def scene(pilot: Pilot[Any]) -> None:
        await open_detail(pilot, h.app)

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_hostile_customer_raw_json(snap_compare: Any) -> None:
    h = hostile_harness()

    async def scene(pilot: Pilot[Any]) -> None:
        await open_detail(pilot, h.app)
        await pilot.press("j")

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_hostile_error_details_in_panels(snap_compare: Any) -> None:
    h = hostile_harness()
    h.faults.status("/api/payments/", 404, body={"detail": HOSTILE_DETAIL})
    h.faults.status(
        "/api/webhooks/", 409, body={"detail": HOSTILE["OSC 8"] + HOSTILE["markup link"]}
    )

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: settled(h.app, OverviewScreen))

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)
