"""The resource specs agree with themselves and with the API's OpenAPI document."""

from __future__ import annotations

import json
from typing import Any

import pytest

from rapidly_tui.demo import build_dataset
from rapidly_tui.demo.data import public
from rapidly_tui.present import values
from rapidly_tui.present.readers import delivery_customer_id
from rapidly_tui.present.resources import (
    ALL,
    CUSTOMER,
    EVENT,
    MEMBER,
    PAYMENT,
    SPECS,
    WEBHOOK_DELIVERY,
    WEBHOOK_ENDPOINT,
    csv_fields,
)
from rapidly_tui.present.spec import Kind, ResourceSpec
from tests.support.fixtures import openapi

LISTED = [spec for spec in ALL if spec.path]


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref is None:
        return schema
    resolved: dict[str, Any] = openapi()["components"]["schemas"][ref.rsplit("/", 1)[-1]]
    return resolved


def _properties(schema: dict[str, Any]) -> dict[str, Any]:
    """Every property an object of ``schema`` may have (across anyOf/oneOf/allOf)."""
    schema = _resolve(schema)
    found = dict(schema.get("properties", {}))
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            found.update(_properties(part))
    return found


def _list_get(spec: ResourceSpec) -> dict[str, Any]:
    operation: dict[str, Any] = openapi()["paths"][spec.path]["get"]
    return operation


def _query_params(spec: ResourceSpec) -> dict[str, Any]:
    return {p["name"]: p for p in _list_get(spec)["parameters"] if p["in"] == "query"}


def _item_properties(spec: ResourceSpec) -> dict[str, Any]:
    page = _list_get(spec)["responses"]["200"]["content"]["application/json"]["schema"]
    items = _properties(page)["data"]["items"]
    return _properties(items)


def test_the_registry_has_every_resource_by_name_and_plural() -> None:
    names = {
        "workspace",
        "customer",
        "customer state",
        "member",
        "payment",
        "event",
        "webhook endpoint",
        "webhook delivery",
        "share",
    }
    assert {spec.name for spec in ALL} == names
    for spec in ALL:
        assert SPECS[spec.name] is SPECS[spec.plural] is spec


@pytest.mark.parametrize("spec", ALL, ids=lambda spec: spec.name)
def test_columns_sections_and_money_read_fields_the_spec_has(spec: ResourceSpec) -> None:
    keys = [f.key for f in spec.fields]
    assert len(keys) == len(set(keys)), "a field key twice"
    for column in spec.columns:
        spec.field(column.field)
        assert 0 < column.min_width <= column.preferred_width
        assert column.priority >= 1
    for section in spec.sections:
        for key in section.fields:
            spec.field(key)
    for f in spec.fields:
        if f.kind is Kind.MONEY:
            assert f.currency is not None, f"{spec.name}.{f.key} has no currency"
    if spec.columns:
        assert spec.columns[0].field == "id"
        assert spec.columns[0].min_width == 36  # a UUID is never cut


@pytest.mark.parametrize("spec", LISTED, ids=lambda spec: spec.name)
def test_filters_and_sorts_are_what_the_api_takes(spec: ResourceSpec) -> None:
    params = _query_params(spec)
    for f in spec.filters:
        if not f.client_side:
            assert f.param in params, f"{spec.path} has no query parameter {f.param}"
        assert f.flag.startswith("--")
    assert spec.searchable == ("query" in params)
    if spec.sorts:
        enum = json.dumps(params["sorting"]["schema"])
        ref = enum.split('"$ref": "')[1].split('"')[0]
        allowed = _resolve({"$ref": ref})["enum"]
        assert {sort.sorting for sort in spec.sorts} <= set(allowed)


@pytest.mark.parametrize("spec", LISTED, ids=lambda spec: spec.name)
def test_csv_fields_are_properties_of_the_api_object(spec: ResourceSpec) -> None:
    properties = _item_properties(spec)
    for path in csv_fields(spec):
        head, _, rest = path.partition(".")
        assert head in properties, f"{spec.name}: {head} is not sent by the API"
        if rest:
            assert rest in _properties(properties[head])


def test_the_filter_choices_are_the_apis() -> None:
    by_param = {f.param: f for f in WEBHOOK_DELIVERY.filters}
    assert tuple(by_param["http_code_class"].choices) == ("2xx", "3xx", "4xx", "5xx")
    assert {"succeeded", "event_type", "start_timestamp"} <= set(by_param)
    payments = {f.param: f for f in PAYMENT.filters}
    assert tuple(payments["status"].choices) == ("pending", "succeeded", "failed")
    assert "method" in payments
    assert {f.param for f in EVENT.filters} >= {"name", "source", "customer_id"}
    assert [sort.sorting for sort in CUSTOMER.sorts][:4] == [
        "-created_at",
        "created_at",
        "email",
        "-email",
    ]


def test_the_webhook_secret_is_masked_and_never_a_csv_column() -> None:
    secret = "rapidly_whs_ovyN6cPrTv56AApvzCaJno08SSmGJmgbWilb33N2x7Qz"
    endpoint = {"id": "e", "url": "https://hooks.example/x", "secret": secret, "events": []}
    assert values.of_field(WEBHOOK_ENDPOINT.field("secret"), endpoint) == "rapidly_whs_…x7Qz"
    assert "secret" not in csv_fields(WEBHOOK_ENDPOINT)


def test_links_name_the_customer_of_a_member_an_event_and_a_delivery() -> None:
    data = build_dataset(acme_customers=30)
    member = public(data.members[0])
    (to_customer,) = [link for link in MEMBER.links if link.target == "customer"]
    assert to_customer.read(member) == member["customer_id"]

    event = public(next(e for e in data.events if e.get("customer_id")))
    (event_customer,) = EVENT.links
    assert event_customer.read(event) == event["customer_id"]

    customer = data.customers[0]
    delivery = {
        "id": "d",
        "webhook_event": {
            "type": "customer.updated",
            "payload": json.dumps({"type": "customer.updated", "data": {"id": customer["id"]}}),
        },
    }
    assert delivery_customer_id(delivery) == customer["id"]
    # An undecodable payload, or one about no customer, links nowhere.
    assert delivery_customer_id({"webhook_event": {"type": "x", "payload": "{oops"}}) is None
    assert delivery_customer_id({"webhook_event": {"type": "x", "payload": None}}) is None


def test_every_demo_payment_reads_through_the_spec() -> None:
    data = build_dataset(acme_customers=30)
    amount = PAYMENT.field("amount")
    shown = {values.of_field(amount, public(p)) for p in data.payments}
    assert {"1,000 PYG", "1,000 JPY", "12.345 KWD", "10.00 USD"} <= shown
