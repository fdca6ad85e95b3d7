"""What changed: a refresh of the overview and of a customer's screen marks new rows,
changed fields (old → new) and moved counts; the first load marks nothing."""

from __future__ import annotations

import copy
import random
from datetime import timedelta

from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo import DemoData, build_dataset
from rapidly_tui.demo.activity import payment_json
from rapidly_tui.demo.common import iso
from rapidly_tui.present.changes import NEW_MARK
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.overview import Figures, OverviewScreen
from rapidly_tui.widgets.field_list import FieldList
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.tui.harness import SIZE, make_harness, wait_until

OVERVIEW_PANELS = (
    "#panel-workspace",
    "#panel-customers",
    "#panel-payments",
    "#panel-webhooks",
    "#panel-figures",
)
DETAIL_PANELS = ("#panel-profile", "#panel-payments", "#panel-events", "#panel-state")


def ready(app: RapidlyApp, kind: type, panels: tuple[str, ...]) -> bool:
    screen = app.screen
    return (
        isinstance(screen, kind)
        and not screen.loading_keys
        and all(screen.query_one(p, Panel).state == "ready" for p in panels)
    )


def marked(table: RowTable, column: str) -> list[int]:
    return [i for i in range(table.row_count) if table.cell_plain(i, column).startswith(NEW_MARK)]


def add_failed_payment(data: DemoData, email: str, message: str) -> str:
    payment = payment_json(
        when=data.base_time + timedelta(minutes=5),
        payment_id="11111111-2222-4333-8444-555555555555",
        status="failed",
        amount=4200,
        currency="usd",
        method="card",
        decline=("card_declined", message),
        workspace_id=data.acme["id"],
        charge_id="ch_new",
        payer_email=email,
    )
    data.payments.insert(0, payment)
    return str(payment["id"])


def add_failed_delivery(data: DemoData) -> str:
    billing = next(e for e in data.webhook_endpoints if "billing." in e["url"])
    data.webhooks.deliveries_of(billing["id"])  # generated first: the new one goes on top
    rng = random.Random(7)
    for minute in range(1, 40):
        when = data.base_time + timedelta(minutes=minute)
        record = data.webhooks.arrive(
            billing["id"],
            when=when,
            event_type="customer.updated",
            event_time=when,
            data_json="{}",
            rng=rng,
        )
        if not record["succeeded"]:
            return str(record["id"])
    raise AssertionError("the billing endpoint never failed")


def add_customers(data: DemoData, count: int) -> None:
    for n in range(count):
        customer = copy.deepcopy(data.ada)
        customer["id"] = f"00000000-0000-4000-8000-00000000000{n}"
        customer["email"] = f"new{n}@example.com"
        customer["external_id"] = None
        customer["created_at"] = iso(data.base_time + timedelta(minutes=n + 1))
        data.customers.insert(0, customer)
        data.live_customers.insert(0, customer)
        data.customer_by_id[customer["id"]] = customer


async def test_the_overview_marks_what_a_refresh_brought() -> None:
    data = build_dataset()
    h = make_harness(dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: ready(h.app, OverviewScreen, OVERVIEW_PANELS))
        screen = h.app.screen
        assert isinstance(screen, OverviewScreen)
        payments = screen.query_one("#failed-payments", RowTable)
        deliveries = screen.query_one("#failed-webhooks", RowTable)
        customers = screen.query_one("#latest-customers", RowTable)
        figures = screen.query_one(Figures)
        # First load: nothing is marked.
        assert marked(payments, "when (UTC)") == []
        assert marked(deliveries, "when (UTC)") == []
        assert marked(customers, "email") == []
        assert "▲" not in figures.plain
        assert "new" not in screen.query_one("#panel-payments", Panel).title
        before = figures.values["Customers"].plain

        payment_id = add_failed_payment(data, data.ada["email"], "Your card was declined.")
        delivery_id = add_failed_delivery(data)
        add_customers(data, 2)
        data.acme["name"] = "Acme \x1b]8;;evil\x07Files"
        await pilot.press("r")
        await wait_until(pilot, lambda: ready(h.app, OverviewScreen, OVERVIEW_PANELS))
        await wait_until(pilot, lambda: payment_id in payments.rows)

        assert marked(payments, "when (UTC)") == [payments.get_row_index(payment_id)]
        assert marked(deliveries, "when (UTC)") == [deliveries.get_row_index(delivery_id)]
        assert len(marked(customers, "email")) == 2
        assert screen.query_one("#panel-payments", Panel).title.endswith("· ● new")
        assert "▲1" in screen.query_one("#panel-payments", Panel).title
        assert screen.query_one("#panel-webhooks", Panel).title.endswith("· ● new")
        assert screen.query_one("#panel-customers", Panel).title == "Latest customers · ● new"
        total = int(before.replace(",", ""))
        assert figures.values["Customers"].plain == f"{total + 2:,} ▲2"
        name = screen.query_one("#workspace-fields", FieldList).value_plain("Name")
        assert name.startswith("Acme Files → Acme ")
        assert "\x1b" not in name
        assert screen.query_one("#workspace-fields", FieldList).value_plain("Slug") == "acme"


async def test_a_customer_refresh_marks_a_new_payment_and_a_changed_name() -> None:
    data = build_dataset()
    h = make_harness(dataset=data, start_customer="usr_1337")
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: ready(h.app, CustomerDetailScreen, DETAIL_PANELS))
        screen = h.app.screen
        assert isinstance(screen, CustomerDetailScreen)
        profile = screen.query_one("#profile", FieldList)
        payments = screen.query_one("#payments", RowTable)
        assert profile.value_plain("Name") == "Ada Lovelace"
        assert marked(payments, "when (UTC)") == []
        assert "new" not in screen.query_one("#panel-payments", Panel).title

        # A hostile new name: the old → new line shows it neutralised.
        data.ada["name"] = "Ada \x1b[31mKing"
        payment_id = add_failed_payment(data, data.ada["email"], "Declined.")
        await pilot.press("r")
        await wait_until(pilot, lambda: payment_id in payments.rows)
        await wait_until(pilot, lambda: ready(h.app, CustomerDetailScreen, DETAIL_PANELS))

        name = profile.value_plain("Name")
        assert name.startswith("Ada Lovelace → Ada ")
        assert name.endswith("King")
        assert "\x1b" not in name
        assert profile.value_plain("Email") == data.ada["email"]  # unchanged: no arrow
        assert marked(payments, "when (UTC)") == [payments.get_row_index(payment_id)]
        title = screen.query_one("#panel-payments", Panel).title
        assert "▲1" in title
        assert title.endswith("· 1 new")

        await pilot.press("r")  # nothing new since: the marks stay a while
        await wait_until(pilot, lambda: ready(h.app, CustomerDetailScreen, DETAIL_PANELS))
        assert profile.value_plain("Name").startswith("Ada Lovelace → ")


async def test_the_first_load_of_a_customer_opened_from_a_list_marks_nothing() -> None:
    from rapidly_tui.api.models import Customer
    from rapidly_tui.screens.overview import OverviewScreen as Overview

    data = build_dataset()
    listed = Customer.model_validate(
        {**data.customer_json(data.ada, include_members=False), "name": "Ada (as listed)"}
    )
    h = make_harness(dataset=data)
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: ready(h.app, Overview, OVERVIEW_PANELS))
        h.app.open_customer(listed)  # from a list: not fresh, read again on opening
        await wait_until(pilot, lambda: ready(h.app, CustomerDetailScreen, DETAIL_PANELS))
        profile = h.app.screen.query_one("#profile", FieldList)
        assert profile.value_plain("Name") == "Ada Lovelace"
