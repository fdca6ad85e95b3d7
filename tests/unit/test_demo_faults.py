"""FaultPlan: every injected behaviour, as a raw HTTP client sees it."""

from __future__ import annotations

import json
import threading
import time

import httpx
import pytest

from rapidly_tui.demo import DemoApp, FaultPlan, create_app
from tests.support.demo_http import demo_request
from tests.support.fixtures import recording


def app_with(faults: FaultPlan) -> DemoApp:
    return create_app(faults=faults)


async def test_requests_are_logged_without_headers() -> None:
    faults = FaultPlan()
    app = app_with(faults)
    await demo_request("/api/customers/", app=app, params={"limit": 5})
    await demo_request("/api/workspaces/", app=app)
    assert faults.count("/api/customers/") == 1
    assert faults.count() == 2
    first = faults.requests[0]
    assert (first.method, first.path, first.query) == ("GET", "/api/customers/", "limit=5")
    faults.clear_log()
    assert faults.requests == []


async def test_rule_with_times_stops_after_n_uses() -> None:
    faults = FaultPlan()
    faults.status("/api/customers/", 503, times=2)
    app = app_with(faults)
    statuses = [(await demo_request("/api/customers/", app=app)).status_code for _ in range(3)]
    assert statuses == [503, 503, 200]


async def test_prefix_only_matches_its_paths_and_clear_removes_rules() -> None:
    faults = FaultPlan()
    faults.status("/api/payments/", 500)
    app = app_with(faults)
    assert (await demo_request("/api/customers/", app=app)).status_code == 200
    assert (await demo_request("/api/payments/", app=app)).status_code == 500
    faults.clear()
    assert (await demo_request("/api/payments/", app=app)).status_code == 200


@pytest.mark.parametrize("status", [404, 422, 500, 502, 503, 504])
async def test_status_fault_uses_real_looking_bodies(status: int) -> None:
    faults = FaultPlan()
    faults.status("/api/", status)
    response = await demo_request("/api/customers/", app=app_with(faults))
    assert response.status_code == status
    assert response.headers["content-type"] == "application/json"
    assert isinstance(response.json(), dict)
    assert "x-request-id" in response.headers


async def test_status_401_and_403_carry_www_authenticate() -> None:
    faults = FaultPlan()
    faults.status("/api/workspaces/", 401)
    faults.status("/api/payments/", 403, scopes="payments:read web:read web:write")
    app = app_with(faults)
    unauthorized = await demo_request("/api/workspaces/", app=app)
    assert unauthorized.json() == recording("workspaces_list_expired_token")["body"]
    forbidden = await demo_request("/api/payments/", app=app)
    expected = recording("payments_list_insufficient_scope")
    assert forbidden.json() == expected["body"]
    assert forbidden.headers["www-authenticate"] == expected["headers"]["www-authenticate"]


async def test_rate_limit_has_empty_body_and_retry_after_like_the_server() -> None:
    faults = FaultPlan()
    faults.rate_limit("/api/", retry_after=60)
    response = await demo_request("/api/customers/", app=app_with(faults))
    assert response.status_code == 429
    assert response.content == b""
    assert "content-type" not in response.headers
    assert (
        response.headers["retry-after"] == recording("rate_limited_429")["headers"]["retry-after"]
    )


async def test_rate_limit_variants() -> None:
    faults = FaultPlan()
    faults.rate_limit("/api/customers/", retry_after=1.5, json_body=True, times=1)
    faults.rate_limit("/api/customers/", retry_after=None, times=1)
    app = app_with(faults)
    with_body = await demo_request("/api/customers/", app=app)
    assert with_body.headers["retry-after"] == "1.5"
    assert with_body.json()["detail"]
    without_header = await demo_request("/api/customers/", app=app)
    assert without_header.status_code == 429
    assert "retry-after" not in without_header.headers


async def test_html_error_page() -> None:
    faults = FaultPlan()
    faults.html_error("/api/", 502)
    response = await demo_request("/api/customers/", app=app_with(faults))
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html"
    assert response.text.startswith("<html>")


async def test_truncated_and_malformed_json_do_not_parse() -> None:
    faults = FaultPlan()
    faults.truncated_json("/api/customers/", times=1)
    faults.malformed_json("/api/customers/", times=1)
    app = app_with(faults)
    for _ in range(2):
        response = await demo_request("/api/customers/", app=app)
        assert response.status_code == 200
        assert int(response.headers["content-length"]) == len(response.content)
        with pytest.raises(json.JSONDecodeError):
            json.loads(response.content)


async def test_wrong_shape_is_valid_json() -> None:
    faults = FaultPlan()
    faults.wrong_shape("/api/customers/")
    faults.wrong_shape("/api/workspaces/", {"data": "nope"})
    app = app_with(faults)
    assert isinstance((await demo_request("/api/customers/", app=app)).json(), list)
    assert (await demo_request("/api/workspaces/", app=app)).json() == {"data": "nope"}


async def test_mutations_change_the_normal_body() -> None:
    faults = FaultPlan()
    faults.drop_field("/api/customers/", "email", times=1)
    faults.add_field("/api/customers/", "loyalty_tier", "gold", times=1)
    faults.replace_value("/api/customers/", "type", "enterprise", times=1)
    faults.wrong_total("/api/customers/", 7, times=1)
    app = app_with(faults)
    params = {"limit": 3}
    dropped = (await demo_request("/api/customers/", app=app, params=params)).json()
    assert all("email" not in c for c in dropped["data"])
    added = (await demo_request("/api/customers/", app=app, params=params)).json()
    assert {c["loyalty_tier"] for c in added["data"]} == {"gold"}
    replaced = (await demo_request("/api/customers/", app=app, params=params)).json()
    assert {c["type"] for c in replaced["data"]} == {"enterprise"}
    total = (await demo_request("/api/customers/", app=app, params=params)).json()
    assert total["meta"]["total"] == 7
    assert len(total["data"]) == 3
    untouched = (await demo_request("/api/customers/", app=app, params=params)).json()
    assert all("email" in c for c in untouched["data"])


async def test_mutation_of_a_single_resource_and_not_of_errors() -> None:
    faults = FaultPlan()
    faults.drop_field("/api/workspaces/", "slug")
    app = app_with(faults)
    listed = (await demo_request("/api/workspaces/", app=app)).json()
    one_id = create_app().dataset.acme["id"]
    single = (await demo_request(f"/api/workspaces/{one_id}", app=app)).json()
    assert "slug" not in single
    assert all("slug" not in w for w in listed["data"])
    error = await demo_request("/api/workspaces/nope", app=app)
    assert error.status_code == 422  # errors are left alone


@pytest.mark.parametrize("declare_length", [True, False])
async def test_huge_body(declare_length: bool) -> None:
    faults = FaultPlan()
    faults.huge_body("/api/", size=10 * 1024 * 1024, declare_length=declare_length)
    response = await demo_request("/api/customers/", app=app_with(faults))
    assert len(response.content) == 10 * 1024 * 1024
    assert ("content-length" in response.headers) is declare_length
    assert json.loads(response.content)["data"] == []


async def test_slow_body_arrives_complete_but_late() -> None:
    faults = FaultPlan()
    faults.slow_body("/api/workspaces/", chunk_delay=0.01, chunk_size=512)
    started = time.perf_counter()
    response = await demo_request("/api/workspaces/", app=app_with(faults))
    assert response.json()["data"]
    chunks = -(-len(response.content) // 512)
    assert time.perf_counter() - started >= chunks * 0.01


async def test_latency_rule_and_dropped_connection_in_process() -> None:
    faults = FaultPlan()
    faults.latency("/api/workspaces/", 0.05, times=1)
    faults.drop_connection("/api/customers/")
    app = app_with(faults)
    started = time.perf_counter()
    assert (await demo_request("/api/workspaces/", app=app)).status_code == 200
    assert time.perf_counter() - started >= 0.05
    with pytest.raises(httpx.ReadError):
        await demo_request("/api/customers/", app=app)


async def test_status_fault_with_delay_and_custom_body() -> None:
    faults = FaultPlan()
    faults.status("/api/", 409, body={"detail": "busy"}, delay=0.02, headers={"x-extra": "1"})
    faults.status("/healthz", 405)
    app = app_with(faults)
    started = time.perf_counter()
    response = await demo_request("/api/customers/", app=app)
    assert time.perf_counter() - started >= 0.02
    assert (response.status_code, response.json()) == (409, {"detail": "busy"})
    assert response.headers["x-extra"] == "1"
    not_allowed = await demo_request("/healthz", app=app)
    assert (not_allowed.status_code, not_allowed.headers["allow"]) == (405, "GET")


def test_plan_is_safe_to_use_from_many_threads() -> None:
    faults = FaultPlan()
    faults.status("/api/", 500, times=500)
    taken: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(100):
            rule = faults.take("/api/customers/")
            faults.record("GET", "/api/customers/", "")
            if rule is not None:
                with lock:
                    taken.append(1)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(taken) == 500  # never more than `times`, even under contention
    assert faults.count("/api/") == 800
