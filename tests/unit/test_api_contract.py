"""The client's models against the API contract: the spec and the real server's bodies."""

from __future__ import annotations

import re
from typing import Any

import pytest
from pydantic import BaseModel, TypeAdapter

from rapidly_tui.api import models
from tests.support.fixtures import openapi, recording, recording_names
from tests.support.schemas import schema_errors

#: Spec schema -> the model that parses it.
MODEL_FOR_SCHEMA: dict[str, type[BaseModel]] = {
    "Workspace": models.Workspace,
    "CustomerWithMembers": models.Customer,
    "CustomerState": models.CustomerState,
    "Customer": models.EventCustomer,
    "Member": models.Member,
    "Address": models.Address,
    "CardPayment": models.CardPayment,
    "GenericPayment": models.GenericPayment,
    "MetricsResponse": models.MetricsResponse,
    "MetricPeriod": models.MetricPeriod,
    "Metric": models.Metric,
    "WebhookDelivery": models.WebhookDelivery,
    "WebhookEvent": models.WebhookEvent,
    "Share": models.Share,
    "PageMeta": models.PageMeta,
    "UserEvent": models.UserEvent,
    "CustomerCreatedEvent": models.SystemEvent,
}


def schema(name: str) -> dict[str, Any]:
    found: dict[str, Any] = openapi()["components"]["schemas"][name]
    return found


@pytest.mark.parametrize("name", sorted(MODEL_FOR_SCHEMA))
def test_every_required_spec_field_is_a_model_field(name: str) -> None:
    required = set(schema(name).get("required", []))
    assert required - set(MODEL_FOR_SCHEMA[name].model_fields) == set()


@pytest.mark.parametrize("name", sorted(MODEL_FOR_SCHEMA))
def test_model_requires_nothing_the_spec_makes_optional(name: str) -> None:
    # Otherwise a valid response would fail to parse.
    model = MODEL_FOR_SCHEMA[name]
    required_by_model = {key for key, f in model.model_fields.items() if f.is_required()}
    assert required_by_model - set(schema(name).get("required", [])) == set()


#: Concrete recorded path -> the type the client decodes it with (None: not used by the client).
ROUTES: list[tuple[str, Any]] = [
    (r"/api/workspaces/", models.Page[models.Workspace]),
    (r"/api/workspaces/[^/]+", models.Workspace),
    (r"/api/customers/", models.Page[models.Customer]),
    (r"/api/customers/external/[^/]+/state", models.CustomerState),
    (r"/api/customers/external/[^/]+", models.Customer),
    (r"/api/customers/export", None),
    (r"/api/customers/[^/]+/state", models.CustomerState),
    (r"/api/customers/[^/]+", models.Customer),
    (r"/api/members/", models.Page[models.Member]),
    (r"/api/payments/", models.Page[models.Payment]),
    (r"/api/payments/[^/]+", models.Payment),
    (r"/api/metrics/limits", None),
    (r"/api/metrics/", models.MetricsResponse),
    (r"/api/events/", models.Page[models.AnyEvent]),
    (r"/api/events/[^/]+", models.AnyEvent),
    (r"/api/webhooks/deliveries", models.Page[models.WebhookDelivery]),
    (r"/api/webhooks/endpoints", None),
    (r"/api/shares/", models.Page[models.Share]),
    (r"/api/shares/[^/]+", models.Share),
]


def decoder_for(path: str) -> Any:
    for pattern, target in ROUTES:
        if re.fullmatch(pattern, path):
            return target
    raise AssertionError(f"no model mapping for {path}")


OK_RECORDINGS = [
    name
    for name in recording_names()
    if recording(name)["status"] == 200
    and recording(name)["request"].get("path", "").startswith("/api/")
    and decoder_for(recording(name)["request"]["path"]) is not None
]


def test_the_recordings_cover_every_resource() -> None:
    covered = {decoder_for(recording(n)["request"]["path"]) for n in OK_RECORDINGS}
    assert len(covered) >= 12


@pytest.mark.parametrize("name", OK_RECORDINGS)
def test_every_recorded_body_parses_and_keeps_its_fields(name: str) -> None:
    exchange = recording(name)
    target = decoder_for(exchange["request"]["path"])
    parsed = TypeAdapter(target).validate_python(exchange["body"])
    body = exchange["body"]
    items = body["data"] if "meta" in body else [body]
    parsed_items = parsed.data if "meta" in body else [parsed]
    for raw, item in zip(items, parsed_items, strict=True):
        # Nothing is lost: the raw JSON view shows exactly what the server sent.
        assert item.to_json_dict().keys() >= raw.keys()


PAYMENTS_PAGE = "PaginatedList_Annotated_Union_CardPayment__GenericPayment___SetSchemaReference__"


@pytest.mark.parametrize(
    ("name", "schema_name"),
    [
        ("workspaces_get_ok", "Workspace"),
        ("customers_get_team_include_members", "CustomerWithMembers"),
        ("customers_get_state", "CustomerState"),
        ("customers_list_include_members", "PaginatedList_CustomerWithMembers_"),
        ("members_list_by_customer", "PaginatedList_Member_"),
        ("payments_list", PAYMENTS_PAGE),
        ("metrics_day_30d", "MetricsResponse"),
        ("events_list", "PaginatedList_Event_"),
        ("webhooks_deliveries", "PaginatedList_WebhookDelivery_"),
        ("shares_list", "PaginatedList_Share_"),
    ],
)  # fmt: skip
def test_recorded_bodies_match_the_spec_strictly(name: str, schema_name: str) -> None:
    # The real server's bodies have exactly the spec's keys, so the strict
    # validator used for the demo's bodies is a fair bar.
    assert schema_errors(recording(name)["body"], schema_name) == []


def test_strict_validator_rejects_unknown_and_missing_keys() -> None:
    body = dict(recording("workspaces_get_ok")["body"])
    body["surprise"] = 1
    assert schema_errors(body, "Workspace")
    del body["surprise"]
    del body["slug"]
    assert schema_errors(body, "Workspace")
