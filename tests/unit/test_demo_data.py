"""The demo data set: deterministic, fast to build, and full of awkward records."""

from __future__ import annotations

import json
import re
from datetime import datetime

from rapidly_tui.demo import ADA_EMAIL, HOSTILE_NAMES, build_dataset, default_dataset
from rapidly_tui.demo.data import LONG_NAME, iso, public

TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z")


def test_same_seed_same_data_other_seed_other_ids() -> None:
    first, second = build_dataset(), build_dataset()
    assert first.customers == second.customers
    assert first.events == second.events
    assert first.payments == second.payments
    other = build_dataset(seed=1)
    assert other.customers[0]["id"] != first.customers[0]["id"]


def test_large_build_for_the_benchmark() -> None:
    data = build_dataset(acme_customers=10_000)
    acme = [c for c in data.live_customers if c["workspace_id"] == data.acme["id"]]
    assert len(acme) == 10_000


def test_workspaces() -> None:
    data = default_dataset()
    assert (data.acme["name"], data.acme["status"], data.acme["default_presentment_currency"]) == (
        "Acme Files",
        "active",
        "usd",
    )
    globex = data.globex
    assert (globex["name"], globex["status"], globex["default_presentment_currency"]) == (
        "Globex Sandbox",
        "onboarding_started",
        "eur",
    )
    per_workspace = {w["id"]: 0 for w in data.workspaces}
    for customer in data.live_customers:
        per_workspace[customer["workspace_id"]] += 1
    assert per_workspace[data.acme["id"]] == 1214
    assert 35 <= per_workspace[globex["id"]] <= 45


def test_ada_lovelace() -> None:
    data = default_dataset()
    ada = data.customer_by_email(ADA_EMAIL.upper())
    assert (ada["name"], ada["external_id"], ada["type"]) == ("Ada Lovelace", "usr_1337", "team")
    assert ada["metadata"] == {"plan": "pro", "seats": 3}
    assert (ada["billing_address"]["city"], ada["billing_address"]["country"]) == ("London", "GB")
    members = data.members_by_customer[ada["id"]]
    assert [(m["name"], m["role"]) for m in members] == [
        ("Ada Lovelace", "owner"),
        ("Charles Babbage", "billing_manager"),
        ("Mary Somerville", "member"),
    ]
    assert members[1]["email"] == "charles@example.com"


def test_awkward_customers_are_present() -> None:
    data = default_dataset()
    names = [c["name"] for c in data.live_customers]
    for hostile in HOSTILE_NAMES:
        assert hostile in names
    assert "[/]" in names
    assert any("\x1b]52;" in (n or "") for n in names)
    assert None in names
    assert LONG_NAME in names
    assert len(LONG_NAME) == 500
    assert any(re.search(r"[\u0600-\u06ff]", n or "") for n in names)  # Arabic
    assert any(re.search(r"[\u0590-\u05ff]", n or "") for n in names)  # Hebrew
    assert any(re.search(r"[\u4e00-\u9fff]", n or "") for n in names)  # CJK
    assert any(re.search(r"[\U0001f300-\U0001faff]", n or "") for n in names)  # emoji
    assert any(c["type"] is None for c in data.live_customers)
    assert any(c["billing_address"] is None for c in data.live_customers)
    hostile_metadata = [c for c in data.live_customers if any("[" in key for key in c["metadata"])]
    assert hostile_metadata
    assert "\x1b" in (hostile_metadata[0]["external_id"] or "")
    assert "[" in hostile_metadata[0]["billing_address"]["line1"]
    assert len(data.deleted_customers) >= 2
    assert all(c["deleted_at"] for c in data.deleted_customers)


def test_timestamps_are_utc_z_with_fraction_dropped_when_zero() -> None:
    data = default_dataset()
    stamps = [c["created_at"] for c in data.customers]
    stamps += [e["timestamp"] for e in data.events]
    stamps += [p["created_at"] for p in data.payments]
    assert all(TIMESTAMP.fullmatch(s) for s in stamps)
    assert any("." not in s for s in stamps)
    assert any("." in s for s in stamps)
    base = iso(data.base_time)
    assert base == "2026-11-20T12:00:00Z"
    everything = [*stamps, *(c["modified_at"] for c in data.customers if c["modified_at"])]
    assert max(everything) <= base  # nothing happens after "now"
    assert iso(datetime.fromisoformat("2026-10-24T00:00:00.000001+00:00")).endswith(".000001Z")


def test_payments_events_deliveries_and_shares() -> None:
    data = default_dataset()
    statuses = {p["status"] for p in data.payments}
    assert {"succeeded", "failed"} <= statuses
    failed = [p for p in data.payments if p["status"] == "failed"]
    assert all(p["decline_reason"] and p["decline_message"] for p in failed)
    assert any("method_metadata" in p for p in data.payments)
    assert any(p["method"] != "card" and "method_metadata" not in p for p in data.payments)
    ada_id = data.ada["id"]
    ada_events = [e for e in data.events if e["customer_id"] == ada_id]
    assert {e["source"] for e in ada_events} == {"system", "user"}
    assert {e["name"] for e in data.events if e["source"] == "system"} >= {"customer.created"}
    failed_deliveries = [d for d in data.deliveries if not d["succeeded"]]
    assert any((d["http_code"] or 0) >= 500 and d["response"] for d in failed_deliveries)
    for delivery in data.deliveries:
        payload = json.loads(delivery["webhook_event"]["payload"])
        assert payload["type"] == delivery["webhook_event"]["type"]
    assert 3 <= len(data.shares) <= 10


def test_public_strips_internal_keys() -> None:
    data = default_dataset()
    customer = public(data.customers[0])
    assert not [key for key in customer if key.startswith("_")]
    with_members = data.customer_json(data.ada, include_members=True)
    assert list(with_members)[-2:] == ["members", "avatar_url"]
    assert all(not key.startswith("_") for m in with_members["members"] for key in m)
