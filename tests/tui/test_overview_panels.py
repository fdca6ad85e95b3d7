"""The overview's failed-payments and failed-deliveries panels: their borders say how
many of the total they show and never count only the shown rows as what arrived; a
new row's time and event show whole when there is room; Enter on a failed payment
opens the payment's own screen."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest

from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo import DemoData, build_dataset
from rapidly_tui.demo.activity import payment_json
from rapidly_tui.present.changes import NEW_MARK
from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.screens.resource import PaymentScreen
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import make_harness, wait_until

PANELS = ("#panel-customers", "#panel-payments", "#panel-webhooks")
LONG_EVENT = "file_sharing_session.payment_received"


def overview_ready(app: RapidlyApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, OverviewScreen)
        and not screen.loading_keys
        and all(screen.query_one(p, Panel).state == "ready" for p in PANELS)
    )


def add_failed_payments(data: DemoData, count: int) -> list[str]:
    """``count`` failed payments newer than any other, newest first."""
    ids = []
    for n in range(count):
        payment = payment_json(
            when=data.base_time + timedelta(minutes=5 + n),
            payment_id=f"11111111-2222-4333-8444-{n:012d}",
            status="failed",
            amount=4200,
            currency="usd",
            method="card",
            decline=("card_declined", "Declined."),
            workspace_id=data.acme["id"],
            charge_id=f"ch_new_{n}",
            payer_email=data.ada["email"],
        )
        data.payments.insert(0, payment)
        ids.append(str(payment["id"]))
    return ids


def add_failed_deliveries(data: DemoData, count: int, event_type: str) -> list[str]:
    """``count`` failed deliveries of the billing endpoint, newer than any other."""
    billing = next(e for e in data.webhook_endpoints if "billing." in e["url"])
    data.webhooks.deliveries_of(billing["id"])  # generated first: the new ones go on top
    rng = random.Random(7)
    failed: list[str] = []
    minute = 0
    while len(failed) < count:
        minute += 1
        assert minute < 1000, "the billing endpoint never fails"
        when = data.base_time + timedelta(minutes=minute)
        record = data.webhooks.arrive(
            billing["id"],
            when=when,
            event_type=event_type,
            event_time=when,
            data_json="{}",
            rng=rng,
        )
        if not record["succeeded"]:
            failed.append(str(record["id"]))
    return failed


async def test_the_borders_say_how_many_are_shown_and_not_n_new() -> None:
    data = build_dataset()
    h = make_harness(dataset=data)
    async with h.app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: overview_ready(h.app))
        screen = h.app.screen
        payments_panel = screen.query_one("#panel-payments", Panel)
        webhooks_panel = screen.query_one("#panel-webhooks", Panel)
        payments = screen.query_one("#failed-payments", RowTable)
        total_before = int(payments_panel.title.split("(")[1].split(")")[0].replace(",", ""))
        assert payments.row_count == 10 < total_before
        assert payments_panel.note == f"10 of {total_before:,} · p: all failed payments"
        assert "new" not in payments_panel.title

        # More arrive than the panel holds: 15 payments, 12 deliveries.
        add_failed_payments(data, 15)
        add_failed_deliveries(data, 12, "customer.updated")
        await pilot.press("r")
        await wait_until(pilot, lambda: overview_ready(h.app))
        await wait_until(pilot, lambda: "▲15" in payments_panel.title)
        await wait_until(pilot, lambda: "▲12" in webhooks_panel.title)

        total = total_before + 15
        assert payments_panel.title == f"Failed payments ({total:,} ▲15) · ● new"
        assert payments_panel.note == f"10 of {total:,} · p: all failed payments"
        assert webhooks_panel.title.endswith("▲12) · ● new")
        assert webhooks_panel.note.startswith("10 of ")
        assert webhooks_panel.note.endswith(" · e: webhook endpoints")
        for panel in (payments_panel, webhooks_panel):
            assert "10 new" not in panel.title  # 10 is what shows, not what arrived
        # What the border says is what the terminal shows.
        assert f"10 of {total:,} · p: all failed payments" in str(payments_panel.border_subtitle)


async def test_enter_on_a_failed_payment_opens_the_payment_screen() -> None:
    h = make_harness()
    async with h.app.run_test(size=(120, 40)) as pilot:
        await wait_until(pilot, lambda: overview_ready(h.app))
        overview = h.app.screen
        assert isinstance(overview, OverviewScreen)
        table = overview.query_one("#failed-payments", RowTable)
        table.focus()
        key = table.cursor_key()
        assert key is not None
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(h.app.screen, PaymentScreen))
        screen = h.app.screen
        assert isinstance(screen, PaymentScreen)
        assert screen.item_id == key
        assert screen.workspace_id == overview.workspace_id
        first = screen.query_one("#panel-section-0", Panel)
        await wait_until(pilot, lambda: first.state == "ready")
        titles = [panel.title for panel in screen.query(Panel)]
        assert "Decline" in titles


@pytest.mark.parametrize("size", [(120, 40), (200, 50)])
async def test_a_new_rows_time_and_event_show_whole(size: tuple[int, int]) -> None:
    data = build_dataset()
    h = make_harness(dataset=data)
    async with h.app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: overview_ready(h.app))
        screen = h.app.screen
        payments = screen.query_one("#failed-payments", RowTable)
        deliveries = screen.query_one("#failed-webhooks", RowTable)
        (payment_id,) = add_failed_payments(data, 1)
        (delivery_id,) = add_failed_deliveries(data, 1, LONG_EVENT)
        await pilot.press("r")
        await wait_until(pilot, lambda: overview_ready(h.app))
        await wait_until(pilot, lambda: payment_id in payments.rows)
        await wait_until(pilot, lambda: delivery_id in deliveries.rows)
        await pilot.pause()

        for table, key in ((payments, payment_id), (deliveries, delivery_id)):
            row = table.get_row_index(key)
            assert table.cell_plain(row, "when (UTC)").startswith(NEW_MARK)
            when = table._column_index("when (UTC)")
            assert when not in table.spilled_columns(), f"{table.id}: a new row's time is cut"
        assert deliveries.cell_plain(deliveries.get_row_index(delivery_id), "event") == LONG_EVENT
        event = deliveries._column_index("event")
        if size[0] >= 200:  # room for it (at 120 it shows cut, with …, and whole below)
            assert event not in deliveries.spilled_columns(), "the event name is cut"
