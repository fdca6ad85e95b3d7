"""The demo's webhook endpoints, deliveries, and payments/events/shares by id, served
with the real server's shapes and filters (recordings in /work/shared/real-api)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rapidly_tui.demo import DEMO_ACME_TOKEN, build_dataset, default_dataset
from rapidly_tui.demo.webhook_data import LOAD_TEST_DELIVERIES
from tests.support.demo_http import demo_json, demo_request

DATA = default_dataset()
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def endpoint(url_part: str) -> dict[str, Any]:
    return next(e for e in DATA.webhook_endpoints if url_part in e["url"])


async def deliveries(**params: Any) -> dict[str, Any]:
    body: dict[str, Any] = await demo_json("/api/webhooks/deliveries", params=params)
    return body


# --- endpoints ---------------------------------------------------------------------------


async def test_endpoints_filter_by_workspace_and_page() -> None:
    acme = await demo_json("/api/webhooks/endpoints", params={"workspace_id": DATA.acme["id"]})
    assert acme["meta"]["total"] == 4
    assert {e["workspace_id"] for e in acme["data"]} == {DATA.acme["id"]}
    everything = await demo_json("/api/webhooks/endpoints", params={"limit": 2, "page": 3})
    assert everything["meta"] == {"total": 6, "page": 3, "per_page": 2, "pages": 3}


async def test_a_workspace_token_sees_only_its_endpoints() -> None:
    listed = await demo_json("/api/webhooks/endpoints", token=DEMO_ACME_TOKEN)
    assert {e["workspace_id"] for e in listed["data"]} == {DATA.acme["id"]}
    other = await demo_json(
        "/api/webhooks/endpoints", token=DEMO_ACME_TOKEN, params={"workspace_id": DATA.globex["id"]}
    )
    assert other["data"] == []
    globex_endpoint = endpoint("globex")["id"]
    hidden = await demo_request(f"/api/webhooks/endpoints/{globex_endpoint}", token=DEMO_ACME_TOKEN)
    assert hidden.status_code == 404
    assert hidden.json() == {"error": "ResourceNotFound", "detail": "Not found"}


async def test_an_endpoint_by_id_carries_its_secret_and_unknown_ids_are_404() -> None:
    wanted = endpoint("hooks.acme")
    body = await demo_json(f"/api/webhooks/endpoints/{wanted['id']}")
    assert body["secret"] == wanted["secret"]
    assert list(body) == [
        "created_at", "modified_at", "id", "url", "format", "secret", "workspace_id",
        "events", "enabled",
    ]  # fmt: skip
    assert (await demo_request(f"/api/webhooks/endpoints/{UNKNOWN}")).status_code == 404
    assert (await demo_request("/api/webhooks/endpoints/nope")).status_code == 422


def test_secrets_are_deterministic_per_seed_and_distinct() -> None:
    secrets = [e["secret"] for e in DATA.webhook_endpoints]
    assert all(s.startswith("rapidly_whs_") and len(s) > 40 for s in secrets)
    assert len(set(secrets)) == len(secrets)
    assert [e["secret"] for e in build_dataset(acme_customers=60).webhook_endpoints] == secrets
    other_seed = build_dataset(seed=7, acme_customers=60).webhook_endpoints
    assert not set(secrets) & {e["secret"] for e in other_seed}


async def test_endpoints_have_the_health_an_incident_needs() -> None:
    async def of(url_part: str) -> list[dict[str, Any]]:
        page = await deliveries(endpoint_id=endpoint(url_part)["id"], limit=100)
        return list(page["data"])

    healthy = await of("hooks.acme")
    assert healthy
    assert all(d["succeeded"] for d in healthy)
    failing = await of("billing.acme")
    failed = [d for d in failing if not d["succeeded"]]
    assert len(failed) > len(failing) / 2
    assert all(d["http_code"] >= 500 for d in failed if d["http_code"] != 404)
    timeouts = await of("crm.acme")
    assert timeouts
    assert all(d["http_code"] is None and not d["succeeded"] for d in timeouts)
    assert any(d["response"] == "ConnectTimeout: timed out" for d in timeouts)
    assert endpoint("old.acme")["enabled"] is False
    assert all(e["enabled"] for e in DATA.webhook_endpoints if "old.acme" not in e["url"])


# --- deliveries --------------------------------------------------------------------------


async def test_deliveries_scope_to_an_endpoint_and_an_unknown_endpoint_is_empty() -> None:
    billing = endpoint("billing.acme")
    page = await deliveries(endpoint_id=billing["id"], limit=100)
    ids = {d["id"] for d in page["data"]}
    everything = await deliveries(limit=100)
    assert page["meta"]["total"] < everything["meta"]["total"]
    hooks = await deliveries(endpoint_id=endpoint("hooks.acme")["id"], limit=100)
    assert not ids & {d["id"] for d in hooks["data"]}
    unknown = await deliveries(endpoint_id=UNKNOWN)
    assert unknown["data"] == []


async def test_delivery_filters_succeeded_class_event_type_and_window() -> None:
    failed = await deliveries(succeeded="false", limit=100)
    assert failed["data"]
    assert not any(d["succeeded"] for d in failed["data"])
    for code_class in ("2xx", "4xx", "5xx"):
        page = await deliveries(http_code_class=code_class, limit=100)
        assert page["data"], code_class
        assert {str(d["http_code"])[0] for d in page["data"]} == {code_class[0]}
    typed = await deliveries(event_type="customer.updated", limit=100)
    assert typed["data"]
    assert {d["webhook_event"]["type"] for d in typed["data"]} == {"customer.updated"}
    window = await deliveries(
        start_timestamp="2026-11-19T00:00:00Z", end_timestamp="2026-11-19T12:00:00Z", limit=100
    )
    assert window["data"]
    assert all("2026-11-19T00" <= d["created_at"] <= "2026-11-19T12" for d in window["data"])


async def test_deliveries_are_newest_first_across_endpoints() -> None:
    page = await deliveries(limit=100)
    stamps = [d["created_at"] for d in page["data"]]
    assert stamps == sorted(stamps, reverse=True)


async def test_a_bad_http_code_class_is_the_recorded_422() -> None:
    # webhooks_deliveries_http_class_bad.json
    response = await demo_request("/api/webhooks/deliveries", params={"http_code_class": "6xx"})
    assert response.status_code == 422
    assert response.json() == {
        "error": "RequestValidationError",
        "detail": [
            {
                "type": "literal_error",
                "loc": ["query", "http_code_class"],
                "msg": "Input should be '2xx', '3xx', '4xx' or '5xx'",
                "input": "6xx",
                "ctx": {"expected": "'2xx', '3xx', '4xx' or '5xx'"},
            }
        ],
    }
    bad_type = await demo_request("/api/webhooks/deliveries", params={"event_type": "payment.x"})
    assert bad_type.status_code == 422


async def test_payloads_are_json_strings_naming_real_customers() -> None:
    page = await deliveries(event_type=["customer.created", "customer.updated"], limit=100)
    for delivery in page["data"]:
        payload = json.loads(delivery["webhook_event"]["payload"])
        assert payload["type"] == delivery["webhook_event"]["type"]
        assert payload["data"]["id"] in DATA.customer_by_id
    kinds = {d["webhook_event"]["type"] for d in (await deliveries(limit=100))["data"]}
    assert len(kinds) >= 3


async def test_the_load_test_endpoint_has_ten_thousand_deliveries() -> None:
    load = endpoint("loadtest.globex")
    first = await deliveries(endpoint_id=load["id"], limit=100)
    assert first["meta"]["total"] == LOAD_TEST_DELIVERIES
    last = await deliveries(endpoint_id=load["id"], limit=100, page=100)
    assert len(last["data"]) == 100
    assert last["data"][-1]["created_at"] < first["data"][0]["created_at"]


# --- payments, events, shares by id; events/names; members -------------------------------


@pytest.mark.parametrize("kind", ["payments", "events", "shares"])
async def test_one_record_by_id_and_other_workspaces_are_404(kind: str) -> None:
    records = getattr(DATA, kind)
    mine = next(r for r in records if r["workspace_id"] == DATA.acme["id"])
    theirs = next(r for r in records if r["workspace_id"] == DATA.globex["id"])
    body = await demo_json(f"/api/{kind}/{mine['id']}")
    assert body["id"] == mine["id"]
    assert not [key for key in body if key.startswith("_")]
    hidden = await demo_request(f"/api/{kind}/{theirs['id']}", token=DEMO_ACME_TOKEN)
    assert hidden.status_code == 404
    assert (await demo_request(f"/api/{kind}/{UNKNOWN}")).status_code == 404


async def test_events_names_is_shadowed_by_events_id_as_on_the_server() -> None:
    # events_names.json: the {id} route answers, and "names" is not a UUID.
    response = await demo_request("/api/events/names", params={"limit": 10})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["path", "id"]
    assert detail["type"] == "uuid_parsing"
    assert detail["input"] == "names"


async def test_events_filter_by_query_name_and_customer() -> None:
    found = await demo_json("/api/events/", params={"query": "file", "limit": 100})
    assert found["data"]
    assert all("file" in e["name"] for e in found["data"])
    ada = DATA.ada["id"]
    own = await demo_json("/api/events/", params={"customer_id": ada, "limit": 100})
    assert own["data"]
    assert {e["customer_id"] for e in own["data"]} == {ada}


async def test_members_without_a_filter_list_the_workspace() -> None:
    body = await demo_json("/api/members/", token=DEMO_ACME_TOKEN, params={"limit": 100})
    customers = {m["customer_id"] for m in body["data"]}
    assert len(customers) > 1
    assert all(DATA.customer_by_id[c]["workspace_id"] == DATA.acme["id"] for c in customers)
