"""Pictures of the incident screens at 120x40 on demo data (pytest-textual-snapshot): a
webhook endpoint with its deliveries, a failed delivery with its payload, a failed
payment and an event.

Update after an intended change with
``uv run pytest tests/snapshots/test_incident_snapshots.py --snapshot-update`` and look
at the SVGs in ``__snapshots__``.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo import default_dataset
from rapidly_tui.screens.resource import ResourceScreen
from rapidly_tui.screens.webhooks import WebhookDeliveryScreen, WebhookEndpointScreen
from rapidly_tui.widgets.panel import Panel
from tests.snapshots.test_snapshots import fixed_request_ids, overview_ready
from tests.tui.harness import SIZE, make_harness, wait_until

BILLING = "https://billing.acme.example/webhooks/rapidly"

__all__ = ["fixed_request_ids"]  # the autouse fixture, for this module too
pytestmark = pytest.mark.usefixtures("fixed_request_ids")


def ready(app: RapidlyApp, kind: type) -> bool:
    screen = app.screen
    return (
        isinstance(screen, kind)
        and screen._started  # type: ignore[attr-defined]
        and not screen.loading_keys  # type: ignore[attr-defined]
        and all(p.state in ("ready", "error") for p in screen.query(Panel))
    )


def billing_endpoint() -> dict[str, Any]:
    return next(e for e in default_dataset().webhook_endpoints if e["url"] == BILLING)


async def open_billing(pilot: Pilot[Any], app: RapidlyApp) -> None:
    await wait_until(pilot, lambda: overview_ready(app))
    app.open_resource("webhook endpoint", billing_endpoint()["id"])
    await wait_until(pilot, lambda: ready(app, WebhookEndpointScreen))


def test_webhook_endpoint(snap_compare: Any) -> None:
    h = make_harness()

    async def scene(pilot: Pilot[Any]) -> None:
        await open_billing(pilot, h.app)

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_webhook_delivery(snap_compare: Any) -> None:
    h = make_harness()

    async def scene(pilot: Pilot[Any]) -> None:
        await open_billing(pilot, h.app)
        await pilot.press("f")  # failed only
        await wait_until(pilot, lambda: ready(h.app, WebhookEndpointScreen))
        h.app.screen.query_one("#deliveries").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: ready(h.app, WebhookDeliveryScreen))

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_failed_payment(snap_compare: Any) -> None:
    h = make_harness()
    payment = next(
        p for p in default_dataset().payments if p["status"] == "failed" and p["method"] == "card"
    )

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: overview_ready(h.app))
        h.app.open_resource("payment", payment["id"])
        await wait_until(pilot, lambda: ready(h.app, ResourceScreen))

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)


def test_event(snap_compare: Any) -> None:
    h = make_harness()
    event = next(
        e for e in default_dataset().events if e.get("customer_id") and len(e["metadata"]) > 1
    )

    async def scene(pilot: Pilot[Any]) -> None:
        await wait_until(pilot, lambda: overview_ready(h.app))
        h.app.open_resource("event", event["id"])
        await wait_until(pilot, lambda: ready(h.app, ResourceScreen))

    assert snap_compare(h.app, terminal_size=SIZE, run_before=scene)
