"""The demo that moves (rapidly_tui/demo/arrivals.py), with a fake clock: new events,
payments and deliveries arrive every few seconds, consistent with the rest of the
data, newest first, counted in the totals and found by every filter."""

from __future__ import annotations

import itertools
import json
from datetime import datetime
from typing import Any

import pytest

from rapidly_tui.demo import DemoApp, build_dataset, create_app
from rapidly_tui.demo.arrivals import FIRST_GAP, GAP, Arrivals
from tests.support.demo_http import demo_json

START = 1_800_000_000.0  # after the data set's own "now", like a real clock


class FakeClock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def moving(clock: FakeClock) -> DemoApp:
    return create_app(moving=True, clock=clock)


def ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


async def get(app: DemoApp, path: str, **params: Any) -> dict[str, Any]:
    body: dict[str, Any] = await demo_json(path, app=app, params=params)
    return body


# --- the schedule ----------------------------------------------------------------------


def test_nothing_arrives_before_the_first_gap_then_every_two_to_four_seconds() -> None:
    clock = FakeClock()
    arrivals = Arrivals(build_dataset(), clock=clock)
    clock.now += FIRST_GAP[0] - 0.01
    assert arrivals.catch_up() == 0
    clock.now = START + FIRST_GAP[1]
    assert arrivals.catch_up() == 1
    offsets = [arrivals.offset_after(0.0, 0)]
    for n in range(1, 50):
        offsets.append(arrivals.offset_after(offsets[-1], n))
    gaps = [b - a for a, b in itertools.pairwise(offsets)]
    assert all(GAP[0] <= gap <= GAP[1] for gap in gaps)
    clock.now = START + offsets[9] + 0.001
    assert arrivals.catch_up() == 9  # the ten due by then, one of them already added
    assert arrivals.count == 10


async def test_events_created_after_the_start_arrive_within_seconds() -> None:
    clock = FakeClock()
    app = moving(clock)
    before = await get(app, "/api/events/", limit=100)
    clock.now += 8.0  # what `timeout 10 ... events tail` leaves after starting
    after = await get(app, "/api/events/", limit=100, start_timestamp="2027-01-15T08:00:00Z")
    new = [e for e in after["data"] if ts(e["timestamp"]) > START]
    assert len(new) >= 3
    assert all(ts(e["timestamp"]) <= clock.now for e in new)  # never from the future
    # ... nor from the first moments (a command may take its "now" after the demo began)
    assert min(ts(e["timestamp"]) for e in new) > START + 0.8
    assert after["meta"]["total"] == len(new)
    everything = await get(app, "/api/events/", limit=100)
    assert everything["meta"]["total"] == before["meta"]["total"] + len(new)
    assert everything["data"][: len(new)] == new  # newest first, above the old ones


async def test_the_same_seed_and_elapsed_time_give_the_same_records() -> None:
    one, two = FakeClock(), FakeClock(START + 3600)  # started an hour apart
    first, second = moving(one), moving(two)
    one.now += 20
    two.now += 20
    a = await get(first, "/api/payments/", limit=10)
    b = await get(second, "/api/payments/", limit=10)
    assert [p["id"] for p in a["data"]] == [p["id"] for p in b["data"]]
    assert [ts(p["created_at"]) + 3600 for p in a["data"][:3]] == pytest.approx(
        [ts(p["created_at"]) for p in b["data"][:3]]
    )


# --- consistent with the rest of the data -------------------------------------------------


async def test_new_records_belong_to_real_customers_endpoints_and_workspaces() -> None:
    clock = FakeClock()
    app = moving(clock)
    data = app.dataset
    clock.now += 60
    events = (await get(app, "/api/events/", limit=100, start_timestamp="2027-01-01"))["data"]
    assert len(events) > 20
    for event in events:
        customer = data.customer_by_id[event["customer_id"]]
        assert customer["deleted_at"] is None
        assert event["workspace_id"] == customer["workspace_id"]
        assert event["customer"]["email"] == customer["email"]
    assert {e["workspace_id"] for e in events} == {data.acme["id"], data.globex["id"]}
    assert any(e["customer"]["name"] == "Ada Lovelace" for e in events)

    payments = (await get(app, "/api/payments/", limit=40))["data"]
    new = [p for p in payments if ts(p["created_at"]) > START]
    assert new
    assert {p["status"] for p in new} == {"succeeded", "failed"}
    for payment in new:
        workspace = data.workspace_by_id[payment["workspace_id"]]
        assert payment["currency"] == workspace["default_presentment_currency"]
        if payment["status"] == "failed":
            assert payment["decline_message"]

    deliveries = (await get(app, "/api/webhooks/deliveries", limit=100))["data"]
    new_deliveries = [d for d in deliveries if ts(d["created_at"]) > START]
    assert {d["succeeded"] for d in new_deliveries} == {True, False}  # some failing
    for delivery in new_deliveries:
        payload = json.loads(delivery["webhook_event"]["payload"])  # a JSON string
        assert payload["type"] == delivery["webhook_event"]["type"]
        if payload["type"] == "customer.updated":
            assert payload["data"]["id"] in data.customer_by_id


async def test_a_customer_update_changes_the_customer_too() -> None:
    clock = FakeClock()
    app = moving(clock)
    ada = app.dataset.ada
    before = await get(app, f"/api/customers/{ada['id']}")
    clock.now += FIRST_GAP[1]  # the first arrival is Ada's plan changing
    after = await get(app, f"/api/customers/{ada['id']}")
    assert after["metadata"]["plan"] != before["metadata"]["plan"]
    assert ts(after["modified_at"]) > START
    updates = await get(app, "/api/events/", customer_id=ada["id"], name="customer.updated")
    assert updates["data"][0]["metadata"]["updated_fields"] == {
        "metadata": {"plan": after["metadata"]["plan"]}
    }


# --- seen through every filter --------------------------------------------------------------


async def test_every_filter_sees_the_new_records() -> None:
    clock = FakeClock()
    app = moving(clock)
    data = app.dataset
    since = {"start_timestamp": "2027-01-01T00:00:00Z"}
    await get(app, "/api/webhooks/deliveries")  # each endpoint's history, built before
    await get(app, "/api/webhooks/deliveries", succeeded="false")
    clock.now += 120
    newest = (await get(app, "/api/webhooks/deliveries", limit=100))["data"]
    times = [ts(d["created_at"]) for d in newest]
    assert times == sorted(times, reverse=True)
    assert times[0] > START
    newest_failed = (await get(app, "/api/webhooks/deliveries", succeeded="false"))["data"]
    assert ts(newest_failed[0]["created_at"]) > START

    failed = await get(app, "/api/payments/", status="failed", limit=100)
    assert ts(failed["data"][0]["created_at"]) > START
    assert all(p["status"] == "failed" for p in failed["data"])

    billing = next(e for e in data.webhook_endpoints if "billing." in e["url"])
    mine = await get(app, "/api/webhooks/deliveries", endpoint_id=billing["id"], **since)
    five = await get(app, "/api/webhooks/deliveries", http_code_class="5xx", **since)
    paid = await get(
        app, "/api/webhooks/deliveries", event_type="file_sharing_session.payment_received", **since
    )
    assert mine["meta"]["total"] > 0
    assert five["meta"]["total"] > 0
    assert all(str(d["http_code"]).startswith("5") for d in five["data"])
    assert paid["meta"]["total"] > 0
    later = await get(app, "/api/webhooks/deliveries", end_timestamp="2027-01-01T00:00:00Z")
    everything = await get(app, "/api/webhooks/deliveries")
    new_total = everything["meta"]["total"] - later["meta"]["total"]
    assert new_total == (await get(app, "/api/webhooks/deliveries", **since))["meta"]["total"]

    uploads = await get(app, "/api/events/", name="file.uploaded", limit=5)
    assert ts(uploads["data"][0]["timestamp"]) > START
    ada_events = await get(app, "/api/events/", customer_id=data.ada["id"], **since)
    assert ada_events["meta"]["total"] > 0
    assert all(e["customer_id"] == data.ada["id"] for e in ada_events["data"])


async def test_deliveries_that_arrive_before_the_history_is_built_join_it() -> None:
    # The load-test endpoint's 10,000 are built on first use; arrivals before that wait.
    clock = FakeClock()
    app = moving(clock)
    clock.now += 60
    load = next(e for e in app.dataset.webhook_endpoints if "loadtest" in e["url"])
    page = await get(app, "/api/webhooks/deliveries", endpoint_id=load["id"], limit=5)
    assert ts(page["data"][0]["created_at"]) > START
    assert page["meta"]["total"] > 10_000


# --- still unless asked ---------------------------------------------------------------------


async def test_the_default_demo_stays_still() -> None:
    app = create_app()
    assert app.arrivals is None
    first = await get(app, "/api/events/", limit=5)
    second = await get(app, "/api/events/", limit=5)
    assert first == second
