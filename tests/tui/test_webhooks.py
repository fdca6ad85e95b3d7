"""The webhook screens: a workspace's endpoints with their health, an endpoint with its
deliveries (paged, filtered), a delivery with its payload pretty-printed."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from rapidly_tui.api.models import WebhookDelivery
from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo import default_dataset
from rapidly_tui.demo.data import public
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.modals import CopyMenu
from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.screens.webhooks import (
    WebhookDeliveryScreen,
    WebhookEndpointScreen,
    WebhookEndpointsScreen,
)
from rapidly_tui.widgets.field_list import FieldList
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, Harness, make_harness, wait_until
from tests.tui.test_startup import overview_filled

BILLING = "https://billing.acme.example/webhooks/rapidly"
HEALTHY = "https://hooks.acme.example/rapidly"
LOADTEST = "https://loadtest.globex.example/ingest"


def workspace_id(slug: str) -> str:
    return str(default_dataset().workspace_by_slug[slug]["id"])


def endpoint(url: str) -> dict[str, Any]:
    return next(e for e in default_dataset().webhook_endpoints if e["url"] == url)


def settled(app: RapidlyApp, kind: type) -> bool:
    screen = app.screen
    # Started (its loads sent) and none of them waiting.
    return isinstance(screen, kind) and screen._started and not screen.loading_keys  # type: ignore[attr-defined]


async def open_endpoints(pilot: Any, h: Harness, slug: str = "acme") -> WebhookEndpointsScreen:
    await wait_until(pilot, lambda: isinstance(h.app.screen, OverviewScreen), what="overview")
    h.app.open_webhooks(workspace_id(slug))
    await wait_until(pilot, lambda: settled(h.app, WebhookEndpointsScreen), what="endpoints")
    screen = h.app.screen
    assert isinstance(screen, WebhookEndpointsScreen)
    return screen


async def open_endpoint(pilot: Any, h: Harness, url: str) -> WebhookEndpointScreen:
    slug = "globex" if "globex" in url else "acme"
    screen = await open_endpoints(pilot, h, slug)
    row = screen.table.get_row_index(endpoint(url)["id"])
    screen.table.move_cursor(row=row)
    await pilot.press("enter")
    await wait_until(pilot, lambda: settled(h.app, WebhookEndpointScreen), what="endpoint")
    detail = h.app.screen
    assert isinstance(detail, WebhookEndpointScreen)
    return detail


def column(table: RowTable, label: str) -> list[str]:
    return [table.cell_plain(i, label) for i in range(table.row_count)]


def last_deliveries_query(h: Harness) -> dict[str, list[str]]:
    return parse_qs(h.requests("/api/webhooks/deliveries")[-1][1])


async def test_endpoints_show_each_ones_health_from_its_latest_100_deliveries() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_endpoints(pilot, h)
        table = screen.table
        urls = column(table, "url")
        assert len(urls) == 4
        assert all(".acme.example" in url for url in urls)
        share = dict(zip(urls, column(table, "failed (latest 100)"), strict=True))
        last = dict(zip(urls, column(table, "last failure (UTC)"), strict=True))
        assert share[HEALTHY].startswith("0 of ")
        assert last[HEALTHY].startswith("none in latest")
        assert share["https://crm.acme.example:8443/legacy/hook"].endswith("(100%)")
        assert share[BILLING] == "36 of 46 (78%)"
        assert last[BILLING] == "2026-11-20 07:59"
        enabled = dict(zip(urls, column(table, "enabled"), strict=True))
        assert enabled["https://old.acme.example/hooks"] == "✗ no"
        # One request per endpoint, by endpoint_id, for its latest 100.
        health = [
            parse_qs(q)
            for _, q in h.requests("/api/webhooks/deliveries")
            if "limit=100" in q and "succeeded" not in q
        ]
        assert sorted(q["endpoint_id"][0] for q in health) == sorted(
            e["id"] for e in default_dataset().webhook_endpoints if ".acme." in e["url"]
        )


async def test_an_endpoint_shows_its_fields_with_the_secret_masked() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_endpoint(pilot, h, BILLING)
        secret = endpoint(BILLING)["secret"]
        fields = screen.query_one("#section-0").value_plain  # type: ignore[attr-defined]
        assert fields("URL") == BILLING
        assert fields("Signing secret") == f"rapidly_whs_…{secret[-4:]}"
        assert secret not in h.app.export_screenshot()
        deliveries = screen.query_one("#panel-deliveries", Panel)
        assert deliveries.title == "Deliveries (46)"
        assert set(column(screen.table, "RESULT")) == {"ok", "FAILED"}


async def test_an_endpoints_deliveries_filter_by_result_http_class_event_and_time() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_endpoint(pilot, h, BILLING)
        panel = screen.query_one("#panel-deliveries", Panel)
        await pilot.press("f")
        await wait_until(pilot, lambda: not screen.loading_keys)
        assert set(column(screen.table, "RESULT")) == {"FAILED"}
        assert panel.title == "Deliveries · failed (36)"
        assert last_deliveries_query(h)["succeeded"] == ["false"]
        await pilot.press("f", "h", "h", "h")  # all results; then 2xx, 4xx, 5xx
        await wait_until(pilot, lambda: not screen.loading_keys)
        codes = column(screen.table, "HTTP")
        assert codes
        assert all(code.startswith("5") for code in codes), codes
        assert last_deliveries_query(h)["http_code_class"] == ["5xx"]
        await pilot.press("h", "e")  # all classes; the endpoint's first event type
        await wait_until(pilot, lambda: not screen.loading_keys)
        assert set(column(screen.table, "EVENT")) == {"customer.created"}
        assert panel.title.startswith("Deliveries · customer.created (")
        await pilot.press("e", "e", "e", "t", "t")  # all events; the last 24 hours
        await wait_until(pilot, lambda: not screen.loading_keys)
        query = last_deliveries_query(h)
        assert query["start_timestamp"][0].startswith("2026-11-19T23:59:59")
        assert "event_type" not in query
        assert panel.title.startswith("Deliveries · last 24 h (")
        assert 0 < screen.table.row_count < 46


async def test_an_endpoints_deliveries_page_as_the_cursor_goes_down() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_endpoint(pilot, h, LOADTEST)
        panel = screen.query_one("#panel-deliveries", Panel)
        assert screen.table.row_count == 100
        assert panel.note == "100 of 10,000 · more below"
        screen.table.focus()
        screen.table.move_cursor(row=90)
        await wait_until(pilot, lambda: screen.table.row_count == 200, what="page 2")
        assert panel.note == "200 of 10,000 · more below"
        assert len(set(screen.by_id)) == 200


async def test_a_delivery_shows_its_payload_pretty_printed_and_links_to_its_customer() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_endpoint(pilot, h, HEALTHY)
        await pilot.press("e")  # customer.created only
        await wait_until(pilot, lambda: not screen.loading_keys)
        screen.table.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(h.app.screen, WebhookDeliveryScreen))
        delivery_screen = h.app.screen
        assert isinstance(delivery_screen, WebhookDeliveryScreen)
        delivery = delivery_screen.item
        raw = delivery.webhook_event.payload
        pretty = json.dumps(json.loads(raw), indent=2, ensure_ascii=False)
        event = delivery_screen.query_one("#section-1").value_plain  # type: ignore[attr-defined]
        assert event("Payload") == pretty
        assert '\n  "type": "customer.created",' in event("Payload")
        fields = delivery_screen.query_one("#section-0").value_plain  # type: ignore[attr-defined]
        assert fields("Result") == "ok"
        times = delivery_screen.query_one("#times", FieldList)
        assert times.value_plain("Delivered").endswith(" UTC")
        links = delivery_screen.query_one("#links", RowTable)
        assert column(links, "link") == ["Endpoint", "Customer"]
        customer_id = json.loads(raw)["data"]["id"]
        assert column(links, "target") == [endpoint(HEALTHY)["id"], customer_id]

        await pilot.press("y")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CopyMenu))
        await pilot.press("p")
        await wait_until(pilot, lambda: bool(h.app.copied))
        assert h.app.copied[-1] == ("payload", pretty)

        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CustomerDetailScreen))
        assert h.app.screen.customer.id == customer_id  # type: ignore[attr-defined]


async def test_a_payload_that_is_not_json_is_shown_as_text_with_a_note() -> None:
    h = make_harness()
    first = default_dataset().webhooks.deliveries_of(endpoint(HEALTHY)["id"])[0].record()
    record = json.loads(json.dumps(public(first), default=str))  # as served
    record["webhook_event"]["payload"] = '{"type": "customer.created", \x1b[31m'
    delivery = WebhookDelivery.model_validate(record)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(h.app.screen, OverviewScreen))
        h.app.open_resource("webhook delivery", delivery)
        await wait_until(
            pilot,
            lambda: isinstance(h.app.screen, WebhookDeliveryScreen) and h.app.screen.is_mounted,
        )
        event = h.app.screen.query_one("#section-1").value_plain  # type: ignore[attr-defined]
        shown = event("Payload")
        assert shown.startswith("not valid JSON; shown as text:\n")
        assert shown.endswith('{"type": "customer.created", ␛[31m')


async def test_the_overview_opens_a_failed_delivery_with_its_endpoint() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app), what="overview")
        table = h.app.screen.query_one("#failed-webhooks", RowTable)
        url = table.cell_plain(0, "endpoint")
        table.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(h.app.screen, WebhookDeliveryScreen))
        screen = h.app.screen
        assert isinstance(screen, WebhookDeliveryScreen)
        assert screen.endpoint_id == endpoint(url)["id"]
        assert screen.item.succeeded is False


async def test_each_endpoints_health_fills_in_as_its_answer_comes() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(h.app.screen, OverviewScreen), what="overview")
        slow = h.faults.hold("/api/webhooks/deliveries", times=1)  # one endpoint is slow
        h.app.open_webhooks(workspace_id("acme"))
        await wait_until(pilot, lambda: isinstance(h.app.screen, WebhookEndpointsScreen))
        screen = h.app.screen
        assert isinstance(screen, WebhookEndpointsScreen)

        def filled() -> list[str]:
            return [s for s in column(screen.table, "failed (latest 100)") if s != "…"]

        await wait_until(pilot, lambda: len(filled()) == 3, what="the three fast endpoints")
        assert column(screen.table, "failed (latest 100)").count("…") == 1
        assert len(screen.loading_keys) == 1  # the slow one, still on its way
        slow.set()
        await wait_until(pilot, lambda: len(filled()) == 4, what="the slow endpoint")


async def test_a_deliverys_endpoint_link_opens_the_endpoint() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: overview_filled(h.app), what="overview")
        table = h.app.screen.query_one("#failed-webhooks", RowTable)
        url = table.cell_plain(0, "endpoint")
        table.focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: settled(h.app, WebhookDeliveryScreen))
        links = h.app.screen.query_one("#links", RowTable)
        links.focus()
        links.move_cursor(row=0)  # Endpoint
        await pilot.press("enter")
        await wait_until(pilot, lambda: settled(h.app, WebhookEndpointScreen), what="endpoint")
        screen = h.app.screen
        assert isinstance(screen, WebhookEndpointScreen)
        assert screen.item_id == endpoint(url)["id"]
        assert screen.query_one("#section-0").value_plain("URL") == url  # type: ignore[attr-defined]
