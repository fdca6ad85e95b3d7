"""The demo API answers like the real server: compared with the recorded exchanges."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest

from rapidly_tui.demo import (
    ADA_EMAIL,
    DEMO_ACME_TOKEN,
    DEMO_LIMITED_TOKEN,
    DEMO_TOKEN,
    build_dataset,
    create_app,
    default_dataset,
)
from tests.support.demo_http import demo_json, demo_request
from tests.support.fixtures import recording

DATA = default_dataset()
ACME_ID = DATA.acme["id"]
GLOBEX_ID = DATA.globex["id"]
ADA_ID = DATA.ada["id"]
UNKNOWN_UUID = "00000000-0000-4000-8000-000000000000"


def recorded(name: str) -> tuple[int, Any, dict[str, str]]:
    exchange = recording(name)
    return exchange["status"], exchange["body"], exchange["headers"]


# --- headers every response carries ------------------------------------------------


@pytest.mark.parametrize(
    ("path", "token"),
    [
        ("/api/customers/", DEMO_TOKEN),
        ("/api/customers/", None),
        ("/api/does-not-exist", DEMO_TOKEN),
        ("/api/customers", DEMO_TOKEN),
        ("/healthz", None),
    ],
)
async def test_every_response_has_request_id_ratelimit_and_cache_headers(
    path: str, token: str | None
) -> None:
    response = await demo_request(path, token=token)
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["x-request-id"])
    for name in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"):
        assert response.headers[name] == "0"
    assert response.headers["cache-control"] == recording("healthz")["headers"]["cache-control"]


async def test_request_ids_differ_between_responses() -> None:
    first = await demo_request("/healthz")
    second = await demo_request("/healthz")
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_json_is_utf8_with_control_characters_escaped() -> None:
    response = await demo_request("/api/customers/", params={"query": "Red", "limit": 100})
    assert response.headers["content-type"] == "application/json"
    assert b"\\u001b[31mRed" in response.content
    assert b"\x1b" not in response.content
    unicode = await demo_request("/api/customers/", params={"query": "山田"})
    assert "山田 太郎".encode() in unicode.content  # raw UTF-8, not \\u escapes


# --- authentication, exactly as recorded ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "authorization"),
    [
        ("workspaces_list_no_token", None),
        ("workspaces_list_malformed_bearer_empty", "Bearer"),
        ("workspaces_list_malformed_scheme_basic", "Basic dXNlcjpwYXNz"),
        ("workspaces_list_malformed_token", "Bearer not-a-real-token"),
        ("workspaces_list_unknown_oat", "Bearer rapidly_oat_0000000000000000000000"),
        ("workspaces_list_expired_token", "Bearer rapidly_oat_expired"),
    ],
)
async def test_auth_failures_match_recordings(name: str, authorization: str | None) -> None:
    status, body, headers = recorded(name)
    sent = {} if authorization is None else {"Authorization": authorization}
    response = await demo_request("/api/workspaces/", token=None, headers=sent)
    assert response.status_code == status == 401
    assert response.json() == body
    assert response.headers["www-authenticate"] == headers["www-authenticate"]


async def test_non_ascii_token_is_plain_unauthorized_like_the_server() -> None:
    status, body, headers = recorded("workspaces_list_malformed_token_nonascii")
    response = await demo_request(
        "/api/workspaces/",
        token=None,
        headers={"Authorization": "Bearer rapidly_oat_t\u00f6ken".encode()},
    )
    assert (response.status_code, response.json()) == (status, body)
    assert response.headers["www-authenticate"] == headers["www-authenticate"]


@pytest.mark.parametrize("scheme", ["bearer", "BEARER", "Bearer", "bEaReR"])
async def test_scheme_name_is_case_insensitive(scheme: str) -> None:
    response = await demo_request(
        "/api/workspaces/", token=None, headers={"Authorization": f"{scheme} {DEMO_TOKEN}"}
    )
    assert response.status_code == 200


async def test_limited_token_gets_recorded_insufficient_scope_for_payments() -> None:
    status, body, headers = recorded("payments_list_insufficient_scope")
    response = await demo_request("/api/payments/", token=DEMO_LIMITED_TOKEN)
    assert response.status_code == status == 403
    assert response.json() == body
    assert response.headers["www-authenticate"] == headers["www-authenticate"]


async def test_limited_token_reads_customers_but_not_metrics() -> None:
    assert (await demo_request("/api/customers/", token=DEMO_LIMITED_TOKEN)).status_code == 200
    assert (await demo_request("/api/members/", token=DEMO_LIMITED_TOKEN)).status_code == 200
    metrics = await demo_request(
        "/api/metrics/",
        token=DEMO_LIMITED_TOKEN,
        params={"start_date": "2026-11-01", "end_date": "2026-11-02", "interval": "day"},
    )
    assert metrics.status_code == 403
    assert 'scope="metrics:read web:read web:write"' in metrics.headers["www-authenticate"]


async def test_healthz_needs_no_token() -> None:
    response = await demo_request("/healthz", token=None)
    assert (response.status_code, response.json()) == (200, recorded("healthz")[1])


# --- routing: 404, 405, 307 ----------------------------------------------------------


async def test_unknown_route_is_plain_not_found() -> None:
    status, body, _ = recorded("unknown_path_404")
    response = await demo_request("/api/does-not-exist")
    assert (response.status_code, response.json()) == (status, body)


async def test_wrong_method_is_405_with_allow() -> None:
    status, body, headers = recorded("method_not_allowed_405")
    response = await demo_request("/api/customers/", method="PUT")
    assert (response.status_code, response.json()) == (status, body)
    assert response.headers["allow"] == headers["allow"]


@pytest.mark.parametrize(
    ("path", "expected_path"),
    [
        ("/api/customers", "/api/customers/"),
        ("/api/workspaces", "/api/workspaces/"),
        (f"/api/customers/{ADA_ID}/", f"/api/customers/{ADA_ID}"),
        ("/api/webhooks/deliveries/", "/api/webhooks/deliveries"),
    ],
)
async def test_trailing_slash_mismatch_redirects_with_absolute_location(
    path: str, expected_path: str
) -> None:
    response = await demo_request(path, params={"limit": 5})
    assert response.status_code == 307
    assert response.headers["location"] == f"http://demo.test{expected_path}?limit=5"
    assert response.content == b""


async def test_redirect_comes_before_authentication() -> None:
    response = await demo_request("/api/customers", token=None)
    assert response.status_code == recorded("customers_list_no_trailing_slash")[0] == 307


async def test_legacy_v1_prefix_answers_with_deprecation_notice() -> None:
    _, _, headers = recorded("customers_list_legacy_v1_prefix")
    response = await demo_request("/v1/customers/", params={"limit": 1})
    assert response.status_code == 200
    assert (
        response.headers["x-rapidly-deprecation-notice"] == headers["x-rapidly-deprecation-notice"]
    )


# --- validation (422) and the members quirk ---------------------------------------------


@pytest.mark.parametrize(
    ("name", "path", "params"),
    [
        ("customers_list_limit_0", "/api/customers/", {"limit": 0}),
        ("customers_list_limit_not_int", "/api/customers/", {"limit": "ten"}),
        ("customers_list_page_0", "/api/customers/", {"page": 0}),
        ("customers_list_sorting_comma_separated", "/api/customers/",
         {"sorting": "email,-created_at"}),
        ("customers_list_sorting_invalid", "/api/customers/", {"sorting": "-bogus"}),
        ("customers_get_malformed_id", "/api/customers/12345", None),
        ("customers_get_uuid_v1_rejected",
         "/api/customers/6ba7b810-9dad-11d1-80b4-00c04fd430c8", None),
        ("workspaces_get_non_uuid", "/api/workspaces/not-a-uuid", None),
        ("metrics_missing_params", "/api/metrics/", None),
        ("metrics_bad_metric_slug", "/api/metrics/",
         {"start_date": "2026-11-01", "end_date": "2026-11-23", "interval": "day",
          "metrics": "nope"}),
        ("metrics_interval_too_big", "/api/metrics/",
         {"start_date": "2020-01-01", "end_date": "2026-11-23", "interval": "hour"}),
        ("members_list_malformed_customer_id", "/api/members/", {"customer_id": "nope"}),
        ("members_list_unknown_customer_id", "/api/members/", {"customer_id": UNKNOWN_UUID}),
        ("customers_get_external_slash_encoded", "/api/customers/external/slash%2Finside", None),
        ("customers_get_external_unknown", "/api/customers/external/does-not-exist", None),
        ("customers_get_unknown_uuid", f"/api/customers/{UNKNOWN_UUID}", None),
        ("customers_get_state_unknown", f"/api/customers/{UNKNOWN_UUID}/state", None),
        ("workspaces_get_unknown_uuid", f"/api/workspaces/{UNKNOWN_UUID}", None),
        ("customers_list_page_huge", "/api/customers/", {"page": 100000}),
    ],
)  # fmt: skip
async def test_answers_match_recordings_exactly(name: str, path: str, params: Any) -> None:
    status, body, _ = recorded(name)
    response = await demo_request(path, token=DEMO_ACME_TOKEN, params=params)
    assert response.status_code == status
    assert response.json() == body


async def test_validation_errors_are_collected_together() -> None:
    response = await demo_request("/api/customers/", params={"limit": 0, "page": "x"})
    assert response.status_code == 422
    locations = [tuple(item["loc"]) for item in response.json()["detail"]]
    assert locations == [("query", "page"), ("query", "limit")]


async def test_non_uuid_query_filter_is_422() -> None:
    response = await demo_request("/api/customers/", params={"workspace_id": "acme"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "workspace_id"]


async def test_bad_boolean_date_and_enum_values_are_422() -> None:
    checks = [
        ("/api/webhooks/deliveries", {"succeeded": "maybe"}, "bool_parsing"),
        ("/api/events/", {"start_timestamp": "yesterday"}, "datetime_from_date_parsing"),
        ("/api/payments/", {"status": "refunded"}, "enum"),
        ("/api/metrics/", {"start_date": "2026-13-01", "end_date": "2026-11-02",
                           "interval": "day"}, "date_from_datetime_parsing"),
        ("/api/metrics/", {"start_date": "2026-11-01", "end_date": "2026-11-02",
                           "interval": "fortnight"}, "enum"),
    ]  # fmt: skip
    for path, params, kind in checks:
        response = await demo_request(path, params=params)
        assert response.status_code == 422, (path, params)
        assert response.json()["detail"][0]["type"] == kind


async def test_members_only_with_include_members() -> None:
    plain = await demo_json(f"/api/customers/{ADA_ID}")
    assert plain["members"] == []
    with_members = await demo_json(f"/api/customers/{ADA_ID}", params={"include_members": "true"})
    assert [m["name"] for m in with_members["members"]] == [
        "Ada Lovelace",
        "Charles Babbage",
        "Mary Somerville",
    ]
    assert [m["role"] for m in with_members["members"]] == ["owner", "billing_manager", "member"]
    assert list(with_members) == list(recording("customers_get_team_include_members")["body"])


async def test_customer_state_has_customer_fields_only() -> None:
    state = await demo_json(f"/api/customers/{ADA_ID}/state")
    assert list(state) == list(recording("customers_get_state")["body"])


# --- pagination quirks ----------------------------------------------------------------------


async def test_limit_above_100_is_clamped() -> None:
    body = await demo_json("/api/customers/", params={"limit": 1000})
    assert len(body["data"]) == 100
    assert (
        body["meta"]["per_page"]
        == recording("customers_list_limit_1000")["body"]["meta"]["per_page"]
    )


async def test_default_limit_is_10_and_totals_span_both_workspaces_for_a_user_token() -> None:
    body = await demo_json("/api/customers/")
    live = len(DATA.live_customers)
    assert body["meta"] == {"total": live, "page": 1, "per_page": 10, "pages": -(-live // 10)}


async def test_page_beyond_last_reports_zero_total() -> None:
    body = await demo_json("/api/customers/", params={"page": 26, "limit": 100})
    assert body == {"data": [], "meta": {"total": 0, "page": 26, "per_page": 100, "pages": 0}}


async def test_last_page_is_partial() -> None:
    total = len([c for c in DATA.live_customers if c["workspace_id"] == ACME_ID])
    pages = -(-total // 100)
    body = await demo_json(
        "/api/customers/", params={"workspace_id": ACME_ID, "limit": 100, "page": pages}
    )
    assert len(body["data"]) == total - (pages - 1) * 100
    assert body["meta"] == {"total": total, "page": pages, "per_page": 100, "pages": pages}


# --- tokens and workspaces ----------------------------------------------------------------------


async def test_workspace_token_sees_only_its_workspace() -> None:
    listed = await demo_json("/api/workspaces/", token=DEMO_ACME_TOKEN)
    assert [w["slug"] for w in listed["data"]] == ["acme"]
    other = await demo_request(f"/api/workspaces/{GLOBEX_ID}", token=DEMO_ACME_TOKEN)
    assert (other.status_code, other.json()) == (
        404,
        recorded("workspaces_get_other_ws_same_owner")[1],
    )
    filtered = await demo_json(
        "/api/customers/", token=DEMO_ACME_TOKEN, params={"workspace_id": GLOBEX_ID}
    )
    assert filtered == recorded("customers_list_workspace_filter_other_ws")[1]
    globex_customer = next(c for c in DATA.live_customers if c["workspace_id"] == GLOBEX_ID)
    hidden = await demo_request(f"/api/customers/{globex_customer['id']}", token=DEMO_ACME_TOKEN)
    assert hidden.json() == recorded("customers_get_other_workspace")[1]


async def test_user_token_sees_both_workspaces_and_can_filter() -> None:
    listed = await demo_json("/api/workspaces/")
    assert {w["slug"]: w["status"] for w in listed["data"]} == {
        "acme": "active",
        "globex": "onboarding_started",
    }
    assert {w["default_presentment_currency"] for w in listed["data"]} == {"usd", "eur"}
    globex = await demo_json("/api/customers/", params={"workspace_id": GLOBEX_ID, "limit": 100})
    assert 35 <= globex["meta"]["total"] <= 45
    assert {c["workspace_id"] for c in globex["data"]} == {GLOBEX_ID}
    both = await demo_json(
        "/api/customers/", params=[("workspace_id", ACME_ID), ("workspace_id", GLOBEX_ID)]
    )
    assert both["meta"]["total"] == len(DATA.live_customers)


async def test_workspace_slug_filter() -> None:
    body = await demo_json("/api/workspaces/", params={"slug": "globex"})
    assert [w["name"] for w in body["data"]] == ["Globex Sandbox"]
    assert (await demo_json("/api/workspaces/", params={"slug": "nope"}))["data"] == []


async def test_soft_deleted_customers_are_hidden() -> None:
    deleted = DATA.deleted_customers[0]
    response = await demo_request(f"/api/customers/{deleted['id']}")
    assert (response.status_code, response.json()) == recorded("customers_get_soft_deleted")[:2]
    listed = await demo_json("/api/customers/", params={"query": deleted["email"]})
    assert listed["data"] == []


# --- filters and sorting ---------------------------------------------------------------


async def test_email_filter_is_exact_and_case_insensitive() -> None:
    body = await demo_json("/api/customers/", params={"email": "ADA@Example.COM"})
    assert [c["id"] for c in body["data"]] == [ADA_ID]
    partial = await demo_json("/api/customers/", params={"email": "ada@example"})
    assert partial["data"] == []


@pytest.mark.parametrize("text", ["lovelace", "ADA@", "usr_1337"])
async def test_query_matches_name_email_or_external_id(text: str) -> None:
    body = await demo_json("/api/customers/", params={"query": text})
    assert ADA_ID in [c["id"] for c in body["data"]]


async def test_metadata_filter() -> None:
    body = await demo_json(
        "/api/customers/", params={"metadata[plan]": "pro", "metadata[seats]": "3"}
    )
    assert ADA_ID in [c["id"] for c in body["data"]]
    assert all(c["metadata"]["plan"] == "pro" for c in body["data"])
    flag = await demo_json("/api/customers/", params={"metadata[beta]": "true", "limit": 100})
    assert flag["data"]
    assert all(c["metadata"]["beta"] is True for c in flag["data"])


@pytest.mark.parametrize(
    ("sorting", "key", "reverse"),
    [("email", "email", False), ("-email", "email", True), ("name", "name", False)],
)
async def test_sorting(sorting: str, key: str, reverse: bool) -> None:
    body = await demo_json(
        "/api/customers/", params={"sorting": sorting, "limit": 100, "workspace_id": GLOBEX_ID}
    )
    values = [c[key] for c in body["data"]]
    assert values == sorted(values, reverse=reverse)


async def test_default_sort_is_newest_first_and_multi_key_sorting_applies_in_order() -> None:
    body = await demo_json("/api/customers/", params={"limit": 100})
    assert body["data"][0]["id"] == ADA_ID  # the newest customer
    multi = await demo_json(
        "/api/customers/", params=[("sorting", "name"), ("sorting", "-created_at"), ("limit", 100)]
    )
    names = [c["name"] for c in multi["data"] if c["name"] is not None]
    assert names == sorted(names)
    ascending = await demo_json("/api/customers/", params={"sorting": "created_at", "limit": 1})
    assert ascending["data"][0]["id"] != ADA_ID


async def test_name_sort_puts_nameless_customers_last_ascending_first_descending() -> None:
    ascending = await demo_json(
        "/api/customers/", params={"sorting": "name", "limit": 100, "page": 13}
    )
    descending = await demo_json("/api/customers/", params={"sorting": "-name", "limit": 1})
    assert ascending["data"][-1]["name"] is None
    assert descending["data"][0]["name"] is None


@pytest.mark.parametrize(
    ("external_id", "path"),
    [
        ("usr_1337", "/api/customers/external/usr_1337"),
        ("a b:c@d", "/api/customers/external/a%20b%3Ac%40d"),
        ("ü-0", "/api/customers/external/%C3%BC-0"),
    ],
)
async def test_external_id_lookup_is_percent_decoded(external_id: str, path: str) -> None:
    body = await demo_json(path)
    assert body["external_id"] == external_id


async def test_members_list_filters() -> None:
    by_id = await demo_json("/api/members/", params={"customer_id": ADA_ID})
    assert by_id["meta"]["total"] == 3
    by_external = await demo_json("/api/members/", params={"external_customer_id": "usr_1337"})
    assert {m["id"] for m in by_external["data"]} == {m["id"] for m in by_id["data"]}
    everyone = await demo_json("/api/members/", params={"limit": 100})
    assert everyone["meta"]["total"] == len(DATA.members)
    stamps = [m["created_at"] for m in by_id["data"]]
    assert stamps == sorted(stamps, reverse=True)  # newest first by default


async def test_payments_filters_and_shapes() -> None:
    failed = await demo_json("/api/payments/", params={"status": "failed", "limit": 100})
    assert failed["data"]
    assert all(p["status"] == "failed" and p["decline_reason"] for p in failed["data"])
    body = await demo_json("/api/payments/", params={"workspace_id": ACME_ID, "limit": 100})
    methods = {p["method"]: p for p in body["data"]}
    assert "method_metadata" in methods["card"]
    assert all("method_metadata" not in p for p in body["data"] if p["method"] != "card")
    # The workspace's currency, and Ada's four payments in currencies of 0, 3 and 2
    # decimals.
    assert {p["currency"] for p in body["data"]} == {"usd", "pyg", "jpy", "kwd"}
    ada = await demo_json("/api/payments/", params={"customer_email": ADA_EMAIL, "limit": 100})
    assert ada["meta"]["total"] > 0
    by_amount = await demo_json("/api/payments/", params={"sorting": "-amount", "limit": 100})
    amounts = [p["amount"] for p in by_amount["data"]]
    assert amounts == sorted(amounts, reverse=True)
    several = await demo_json(
        "/api/payments/", params=[("status", "failed"), ("status", "pending"), ("limit", 100)]
    )
    assert {p["status"] for p in several["data"]} == {"failed", "pending"}


async def test_events_filters() -> None:
    ada = await demo_json("/api/events/", params={"customer_id": ADA_ID, "limit": 100})
    assert ada["data"]
    assert {e["customer_id"] for e in ada["data"]} == {ADA_ID}
    assert {e["source"] for e in ada["data"]} == {"system", "user"}
    system = await demo_json("/api/events/", params={"source": "system", "limit": 100})
    assert {e["name"] for e in system["data"]} <= {"customer.created", "customer.updated"}
    since = (DATA.base_time - timedelta(hours=5)).isoformat()
    recent = await demo_json("/api/events/", params={"start_timestamp": since, "limit": 100})
    assert recent["data"]
    assert all(e["timestamp"] >= since[:19] for e in recent["data"])
    oldest_first = await demo_json("/api/events/", params={"sorting": "timestamp", "limit": 2})
    assert oldest_first["data"][0]["timestamp"] < oldest_first["data"][1]["timestamp"]


async def test_webhook_deliveries_filters_and_string_payload() -> None:
    failed = await demo_json(
        "/api/webhooks/deliveries", params={"succeeded": "false", "http_code_class": "5xx"}
    )
    assert failed["data"]
    for delivery in failed["data"]:
        assert delivery["succeeded"] is False
        assert 500 <= delivery["http_code"] < 600
        assert delivery["response"]
        assert isinstance(delivery["webhook_event"]["payload"], str)
    assert (await demo_json("/api/webhooks/deliveries", token=DEMO_ACME_TOKEN))["data"]


async def test_shares_by_workspace() -> None:
    acme = await demo_json("/api/shares/", params={"workspace_id": ACME_ID})
    assert acme["meta"]["total"] >= 3
    assert {s["workspace_id"] for s in acme["data"]} == {ACME_ID}
    by_name = await demo_json("/api/shares/", params={"sorting": "name"})
    names = [s["name"] for s in by_name["data"]]
    assert names == sorted(names)


# --- metrics ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("interval", "start", "end", "count"),
    [
        ("day", "2026-10-24", "2026-11-23", 31),
        ("hour", "2026-11-01", "2026-11-02", 48),
        ("week", "2026-09-01", "2026-11-23", 12),
        ("month", "2026-01-01", "2026-11-30", 11),
        ("year", "2020-01-01", "2026-06-01", 7),
    ],
)
async def test_metrics_periods_per_interval(
    interval: str, start: str, end: str, count: int
) -> None:
    body = await demo_json(
        "/api/metrics/", params={"start_date": start, "end_date": end, "interval": interval}
    )
    assert len(body["periods"]) == count
    assert set(body["metrics"]) == set(body["totals"])
    assert set(body["periods"][0]) == {"timestamp", *body["metrics"]}


async def test_metrics_timestamps_match_recorded_periods() -> None:
    recorded_month = recording("metrics_month")
    body = await demo_json("/api/metrics/", params=recorded_month["request"]["query"])
    assert [p["timestamp"] for p in body["periods"]] == [
        p["timestamp"] for p in recorded_month["body"]["periods"]
    ]
    recorded_day = recording("metrics_day_30d")
    day = await demo_json("/api/metrics/", params=recorded_day["request"]["query"])
    assert day["metrics"] == recorded_day["body"]["metrics"]


async def test_metrics_for_the_30_days_ending_today_have_data_and_are_deterministic() -> None:
    today = date.today()
    params = {
        "start_date": (today - timedelta(days=29)).isoformat(),
        "end_date": today.isoformat(),
        "interval": "day",
    }
    first = await demo_json("/api/metrics/", params=params)
    again = await demo_json("/api/metrics/", params=params)
    assert first == again
    assert len(first["periods"]) == 30
    assert sum(p["file_share_sessions"] for p in first["periods"]) > 0
    assert first["totals"]["file_share_sessions"] == sum(
        p["file_share_sessions"] for p in first["periods"]
    )


async def test_metrics_selection_and_workspace_filter() -> None:
    body = await demo_json(
        "/api/metrics/",
        params=[
            ("start_date", "2026-09-01"),
            ("end_date", "2026-11-23"),
            ("interval", "week"),
            ("metrics", "file_share_sessions"),
            ("metrics", "costs"),
        ],
    )
    assert set(body["metrics"]) == {"costs", "file_share_sessions"}
    params = {"start_date": "2026-11-01", "end_date": "2026-11-07", "interval": "day"}
    acme = await demo_json("/api/metrics/", params={**params, "workspace_id": ACME_ID})
    globex = await demo_json("/api/metrics/", params={**params, "workspace_id": GLOBEX_ID})
    assert acme["periods"] != globex["periods"]
    other = await demo_json(
        "/api/metrics/", token=DEMO_ACME_TOKEN, params={**params, "workspace_id": GLOBEX_ID}
    )
    assert all(p["file_share_sessions"] == 0 for p in other["periods"])


# --- app options --------------------------------------------------------------------------------


async def test_latency_delays_answers() -> None:
    import time

    app = create_app(latency=0.05)
    started = time.perf_counter()
    await demo_request("/healthz", app=app)
    assert time.perf_counter() - started >= 0.05


async def test_custom_dataset_is_served() -> None:
    small = build_dataset(acme_customers=50, seed=7)
    body = await demo_json(
        "/api/customers/",
        app=create_app(small),
        params={"workspace_id": small.acme["id"]},
    )
    assert body["meta"]["total"] == 50


async def test_lifespan_and_websocket_scopes_are_handled() -> None:
    app = create_app()
    sent: list[dict[str, Any]] = []
    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])

    async def receive() -> dict[str, Any]:
        return next(messages)

    async def send(message: Any) -> None:
        sent.append(dict(message))

    await app({"type": "lifespan"}, receive, send)
    assert [m["type"] for m in sent] == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    await app({"type": "websocket"}, receive, send)  # ignored, no crash
    assert len(sent) == 2
