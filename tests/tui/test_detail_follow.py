"""Follow (F) on a customer's screen: her new payments and events appear at the top of
their sections, marked and counted in each border, without duplicates; a failed poll
keeps every row; F again stops."""

from __future__ import annotations

import copy
import uuid
from datetime import datetime, timezone
from typing import Any

from rapidly_tui.demo import DemoData, FaultPlan, build_dataset
from rapidly_tui.follow import PollSchedule
from rapidly_tui.present.changes import NEW_MARK
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, make_harness, wait_until
from tests.tui.test_detail import open_customer

CLOCK = datetime(2026, 11, 20, 14, 2, tzinfo=timezone.utc)
ADA = "ada@example.com"


def _newer(records: list[dict[str, Any]], template: dict[str, Any], field: str) -> str:
    """A copy of ``template`` newer than every record, appended; its id."""
    record = copy.deepcopy(template)
    record["id"] = str(uuid.uuid4())
    record["_ts"] = max(r["_ts"] for r in records) + 60
    when = datetime.fromtimestamp(record["_ts"], tz=timezone.utc)
    record[field] = when.isoformat().replace("+00:00", "Z")
    records.append(record)
    return str(record["id"])


def ada_pays(data: DemoData) -> str:
    template = next(p for p in data.payments if p["_customer_email"] == ADA)
    return _newer(data.payments, template, "created_at")


def ada_acts(data: DemoData) -> str:
    ada = next(c for c in data.customers if c["email"] == ADA)
    template = next(e for e in data.events if e["customer_id"] == ada["id"])
    return _newer(data.events, template, "timestamp")


def title(screen: CustomerDetailScreen, section: str) -> str:
    return screen.query_one(f"#panel-{section}", Panel).title


def top(screen: CustomerDetailScreen, section: str) -> tuple[str, str]:
    table = screen.query_one(f"#{section}", RowTable)
    key = table.coordinate_to_cell_key((0, 0)).row_key.value
    return str(key), table.cell_plain(0, "when (UTC)")


def keys(screen: CustomerDetailScreen, section: str) -> list[str]:
    table = screen.query_one(f"#{section}", RowTable)
    return [str(row.key.value) for row in table.ordered_rows]


async def start_follow(pilot: Any, screen: CustomerDetailScreen) -> None:
    screen.clock = lambda: CLOCK
    # Long enough that the test polls by hand (poll_now).
    screen.follow.schedule = PollSchedule(start=1000.0, ceiling=5000.0)
    await pilot.press("F")
    await wait_until(pilot, lambda: screen.follow.on)
    for section in ("payments", "events"):
        assert "following · 0 new since 14:02 UTC" in title(screen, section)


async def test_her_new_payment_and_event_appear_at_the_top_marked_and_counted() -> None:
    data = build_dataset()
    h = make_harness(dataset=data, start_customer=ADA)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        await start_follow(pilot, screen)
        before = {s: len(keys(screen, s)) for s in ("payments", "events")}
        payment, event = ada_pays(data), ada_acts(data)
        screen.poll_now()
        await wait_until(pilot, lambda: "1 new since" in title(screen, "events"))
        for section, new in (("payments", payment), ("events", event)):
            key, when = top(screen, section)
            assert key == new
            assert when.startswith(NEW_MARK)
            assert "following · 1 new since 14:02 UTC" in title(screen, section)
            assert len(keys(screen, section)) == before[section] + 1
        # Polling again finds nothing new: no duplicate, the counts stay.
        screen.poll_now()
        await wait_until(pilot, lambda: "follow" not in screen.loading_keys)
        await pilot.pause(0.1)
        for section in ("payments", "events"):
            shown = keys(screen, section)
            assert len(shown) == len(set(shown)) == before[section] + 1
            assert "following · 1 new since" in title(screen, section)
        # F again stops: the borders no longer follow, and nothing is polled.
        await pilot.press("F")
        await wait_until(pilot, lambda: not screen.follow.on)
        assert "following" not in title(screen, "payments")
        assert "following" not in title(screen, "events")


async def test_a_failed_poll_says_so_and_keeps_every_row() -> None:
    data = build_dataset()
    faults = FaultPlan()
    h = make_harness(dataset=data, faults=faults, start_customer=ADA)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        await start_follow(pilot, screen)
        shown = keys(screen, "payments")
        faults.status("/api/payments/", 503, times=10)
        ada_pays(data)
        screen.poll_now()
        await wait_until(pilot, lambda: "last poll failed" in title(screen, "payments"), timeout=20)
        assert keys(screen, "payments") == shown
        assert "rows kept" in title(screen, "payments")
        assert screen.follow.on
        faults.clear()
        screen.poll_now()
        await wait_until(pilot, lambda: "1 new since" in title(screen, "payments"), timeout=20)
        assert "last poll failed" not in title(screen, "payments")


async def test_the_cursor_stays_on_its_row_when_it_is_not_the_first() -> None:
    data = build_dataset()
    h = make_harness(dataset=data, start_customer=ADA)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        await start_follow(pilot, screen)
        table = screen.query_one("#payments", RowTable)
        table.focus()
        for _ in range(3):
            await pilot.press("down")
        key = table.cursor_key()
        assert key is not None
        assert table.cursor_row == 3
        payment = ada_pays(data)
        screen.poll_now()
        await wait_until(pilot, lambda: "1 new since" in title(screen, "payments"))
        assert top(screen, "payments")[0] == payment
        assert table.cursor_key() == key
        assert table.cursor_row == 4


async def test_an_idle_poll_redraws_no_border() -> None:
    h = make_harness(start_customer=ADA)
    async with h.app.run_test(size=SIZE) as pilot:
        screen = await open_customer(pilot, h.app)
        await start_follow(pilot, screen)
        calls: list[str] = []
        for section in ("payments", "events"):
            panel = screen.query_one(f"#panel-{section}", Panel)
            original = panel.set_title

            def spy(text: str, original: Any = original) -> None:
                calls.append(text)
                original(text)

            panel.set_title = spy  # type: ignore[method-assign]
        h.faults.clear_log()
        screen.poll_now()
        await wait_until(pilot, lambda: len(h.requests("/api/events/")) == 1)
        await wait_until(pilot, lambda: "follow" not in screen.loading_keys)
        await pilot.pause(0.1)
        assert calls == []
        # One request per section per poll; quiet, the next poll waits longer.
        assert len(h.requests("/api/payments/")) == 1
        assert screen.follow.schedule.delay > screen.follow.schedule.start
