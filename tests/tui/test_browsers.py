"""The generic browser on payments, events, members, shares and webhook endpoints:
`:` words, filters in the border, sort, time window, Enter, raw JSON, and the
overview's keys."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo import build_dataset
from rapidly_tui.screens.browser import BrowserScreen
from rapidly_tui.screens.browsers import parse_jump
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.filter_picker import FilterPicker
from rapidly_tui.screens.resource import ResourceScreen
from rapidly_tui.screens.webhooks import WebhookEndpointsScreen
from rapidly_tui.widgets.panel import Panel
from tests.tui.harness import SIZE, make_harness, screen_named, wait_until
from tests.tui.test_customers import column


def browser(app: RapidlyApp) -> BrowserScreen:
    screen = app.screen
    assert isinstance(screen, BrowserScreen)
    return screen


async def jump(pilot: Any, app: RapidlyApp, text: str) -> BrowserScreen:
    """Type ``:text`` Enter on the overview; the browser's first page is in."""
    await wait_until(pilot, screen_named(app, "OverviewScreen"))
    await pilot.press("colon")
    await pilot.press(*text)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, BrowserScreen))
    screen = browser(app)
    await wait_until(pilot, lambda: screen.pages_loaded >= 1 and not screen.loading_next)
    return screen


def title(screen: BrowserScreen) -> str:
    return str(screen.query_one("#panel-list", Panel).border_title)


def test_colon_words_open_lists_and_anything_else_is_a_customer_reference() -> None:
    assert parse_jump("payments failed") is not None
    assert parse_jump("payments failed").filters == {"status": "failed"}  # type: ignore[union-attr]
    assert parse_jump(":events customer.created").filters == {"name": "customer.created"}  # type: ignore[union-attr]
    assert parse_jump("webhooks").resource == "webhook endpoint"  # type: ignore[union-attr]
    assert parse_jump("ada@example.com") is None
    assert parse_jump("usr_1337") is None
    assert parse_jump("payments ada@example.com") is None  # not a status: a lookup


async def test_payments_failed_lists_only_failures_with_the_filter_in_the_border() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "payments failed")
        statuses = column(screen.table, "STATUS")
        assert statuses
        assert set(statuses) == {"failed"}
        assert "status: failed" in title(screen)
        sent = [q for _, q in h.requests("/api/payments/") if "limit=100" in q]
        assert sent
        assert all("status=failed" in q for q in sent)
        # The id is whole (36 characters).
        assert all(len(v) == 36 for v in column(screen.table, "ID"))
        # Taking the filter off through the picker lists every status.
        await pilot.press("v")
        await wait_until(pilot, lambda: isinstance(h.app.screen, FilterPicker))
        picker = h.app.screen
        assert isinstance(picker, FilterPicker)
        any_status = next(
            i for i, (key, value, _) in enumerate(picker.choices) if key == "status" and not value
        )
        picker.dismiss(picker.choices[any_status][:2])  # type: ignore[arg-type]
        await wait_until(pilot, lambda: h.app.screen is screen)
        await wait_until(pilot, lambda: len(set(column(screen.table, "STATUS"))) > 1)
        assert "status:" not in title(screen)


async def test_payments_sort_by_amount_asks_the_api_and_shows_largest_first() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "payments")
        await pilot.press("s", "s")
        await wait_until(pilot, lambda: screen.sorting == "-amount" and not screen.loading_next)
        assert "largest first (-amount)" in screen.status_plain
        assert any("sorting=-amount" in q for _, q in h.requests("/api/payments/"))
        amounts = [screen.by_id[k].amount for k in (r.value for r in screen.table.rows)]
        assert amounts[:5] == sorted(amounts, reverse=True)[:5]


async def test_a_time_window_keeps_only_recent_payments_and_stops_reading_older_pages() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "payments")
        newest = max(p.created_at for p in screen.rows)
        screen.clock = lambda: newest + timedelta(minutes=1)
        h.faults.clear_log()
        await pilot.press("w")  # last hour
        await wait_until(pilot, lambda: screen.window is not None and not screen.loading_next)
        cutoff = newest + timedelta(minutes=1) - timedelta(hours=1)
        assert screen.rows
        assert all(p.created_at >= cutoff for p in screen.rows)
        assert screen.end_reached  # nothing older is read
        assert len(h.requests("/api/payments/")) == 1
        assert "window: last hour" in screen.status_plain


async def test_events_filtered_by_name_and_names_seen_are_offered() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "events file.uploaded")
        names = column(screen.table, "NAME")
        assert names
        assert set(names) == {"file.uploaded"}
        assert "name: file.uploaded" in title(screen)
        assert any("name=file.uploaded" in q for _, q in h.requests("/api/events/"))
        assert ("name", "file.uploaded", "name: file.uploaded") in screen.filter_choices()
        # Enter opens the event's own screen (screens/resource.py).
        event_id = screen.table.cursor_key()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(h.app.screen, ResourceScreen))
        detail = h.app.screen
        assert isinstance(detail, ResourceScreen)
        assert detail.spec.name == "event"
        assert detail.item_id == event_id


async def test_a_member_opens_its_customer() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "members")
        key = screen.table.cursor_key()
        assert key is not None
        member = screen.by_id[key]
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(h.app.screen, CustomerDetailScreen))
        detail = h.app.screen
        assert isinstance(detail, CustomerDetailScreen)
        assert detail.customer.id == member.customer_id


async def test_shares_and_webhook_endpoints_list_the_workspace() -> None:
    data = build_dataset()
    acme = data.acme["id"]
    h = make_harness(dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "shares")
        expected = {s["id"] for s in data.shares if s["workspace_id"] == acme}
        assert set(screen.by_id) == expected
        await pilot.press("escape")
        # `:webhooks` opens the endpoints with their health (screens/webhooks.py; the
        # secret's masking there is tests/tui/test_webhook_secret_canary_tui.py's).
        await pilot.press("colon", *"webhooks", "enter")
        await wait_until(pilot, lambda: isinstance(h.app.screen, WebhookEndpointsScreen))
        endpoints = h.app.screen
        await wait_until(pilot, lambda: len(endpoints.endpoints) == 4)  # type: ignore[attr-defined]
        expected_urls = {e["url"] for e in data.webhook_endpoints if e["workspace_id"] == acme}
        assert {e.url for e in endpoints.endpoints.values()} == expected_urls  # type: ignore[attr-defined]


async def test_the_overview_keys_open_failed_payments_and_the_endpoints() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        overview = h.app.screen
        payments_panel = overview.query_one("#panel-payments", Panel)
        await wait_until(pilot, lambda: payments_panel.state == "ready")
        assert "p: all failed payments" in str(payments_panel.border_subtitle)
        assert "e: webhook endpoints" in overview.query_one("#panel-webhooks", Panel).note
        await pilot.press("p")
        await wait_until(pilot, lambda: isinstance(h.app.screen, BrowserScreen))
        screen = browser(h.app)
        assert screen.filters == {"status": "failed"}
        await pilot.press("escape")
        await wait_until(pilot, lambda: h.app.screen is overview)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(h.app.screen, WebhookEndpointsScreen))


def _now() -> datetime:
    return datetime(2026, 11, 20, 14, 2, tzinfo=timezone.utc)


async def test_failed_deliveries_are_the_workspace_endpoints_failures() -> None:
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "deliveries failed")
        results = column(screen.table, "RESULT")
        assert results
        assert set(results) == {"FAILED"}
        sent = [q for _, q in h.requests("/api/webhooks/deliveries") if "limit=100" in q]
        assert sent
        # Scoped to the workspace through its endpoints (a delivery names none).
        assert all("endpoint_id=" in q and "succeeded=false" in q for q in sent)


async def test_help_and_the_palette_offer_the_lists() -> None:
    from rapidly_tui.screens.modals import HelpScreen
    from rapidly_tui.screens.palette import CustomerProvider

    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, screen_named(h.app, "OverviewScreen"))
        provider = CustomerProvider(h.app.screen)
        hits = [hit async for hit in provider.search("paym")]
        assert any(str(hit.text) == "Open :payments" for hit in hits)
        hits = [hit async for hit in provider.search("events customer.created")]
        assert any(str(hit.text) == "Open :events customer.created" for hit in hits)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(h.app.screen, HelpScreen))
        keys = h.app.screen.keys_plain  # type: ignore[attr-defined]
        assert ":payments [status|method] Go to payments, e.g. :payments failed" in keys
        assert ":webhooks Go to the webhook endpoints" in keys


async def test_a_typed_filter_applies_a_free_text_value() -> None:
    from rapidly_tui.screens.filter_picker import FilterPicker

    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await jump(pilot, h.app, "events")
        await pilot.press("v")
        await wait_until(
            pilot, lambda: isinstance(h.app.screen, FilterPicker) and h.app.screen.is_mounted
        )
        await pilot.press("tab", "shift+tab")  # the input is first
        h.app.screen.query_one("#filter-input").focus()
        await pilot.press(*"source=system", "enter")
        await wait_until(pilot, lambda: screen.filters == {"source": "system"})
        await wait_until(pilot, lambda: not screen.loading_next and screen.table.row_count > 0)
        assert set(column(screen.table, "SOURCE")) == {"system"}
        assert "source: system" in title(screen)
