"""Parsing is tolerant of the API evolving and strict about its contract."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from rapidly_tui.api import DecodeError, RapidlyClient, models
from rapidly_tui.demo import DEMO_TOKEN, FaultPlan, create_app, default_dataset, demo_transport
from tests.support.fixtures import recording

WORKSPACE: dict[str, Any] = recording("workspaces_get_ok")["body"]
CUSTOMER: dict[str, Any] = recording("customers_get_team_include_members")["body"]


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan()


@pytest.fixture
async def client(faults: FaultPlan) -> AsyncIterator[RapidlyClient]:
    transport = demo_transport(create_app(faults=faults))
    async with RapidlyClient("http://demo.test", DEMO_TOKEN, transport=transport) as client:
        yield client


def test_open_enums_keep_known_and_unknown_values() -> None:
    known = models.Workspace.model_validate(WORKSPACE)
    assert known.status is models.WorkspaceStatus.active
    assert str(known.status) == "active"
    new = models.Workspace.model_validate(
        {**WORKSPACE, "status": "under_investigation", "default_presentment_currency": "nok"}
    )
    assert new.status == "under_investigation"
    assert new.default_presentment_currency == "nok"
    member = models.Member.model_validate({**CUSTOMER["members"][0], "role": "auditor"})
    assert member.role == "auditor"


def test_extra_fields_are_kept_and_dumped() -> None:
    customer = models.Customer.model_validate({**CUSTOMER, "loyalty_tier": "gold"})
    assert customer.model_extra == {"loyalty_tier": "gold"}
    assert customer.to_json_dict()["loyalty_tier"] == "gold"


def test_legacy_null_type_reads_as_individual() -> None:
    customer = models.Customer.model_validate({**CUSTOMER, "type": None})
    assert customer.type is None
    assert customer.effective_type == "individual"
    team = models.Customer.model_validate(CUSTOMER)
    assert team.effective_type == "team"


def test_members_default_to_empty_and_models_are_frozen() -> None:
    body = {key: value for key, value in CUSTOMER.items() if key != "members"}
    customer = models.Customer.model_validate(body)
    assert customer.members == []
    with pytest.raises(ValidationError):
        customer.name = "changed"  # type: ignore[misc]


def test_missing_field_or_wrong_type_fails() -> None:
    with pytest.raises(ValidationError):
        models.Workspace.model_validate({k: v for k, v in WORKSPACE.items() if k != "slug"})
    with pytest.raises(ValidationError):
        models.Workspace.model_validate({**WORKSPACE, "socials": "none"})


def test_payments_and_events_pick_their_variant() -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(models.Payment)
    card = adapter.validate_python(recording("payments_list")["body"]["data"][0])
    assert isinstance(card, models.CardPayment)
    assert card.method_metadata.last4
    generic = adapter.validate_python(
        {
            k: v
            for k, v in {**recording("payments_list")["body"]["data"][0], "method": "sepa"}.items()
            if k != "method_metadata"
        }
    )
    assert isinstance(generic, models.GenericPayment)
    events: TypeAdapter[Any] = TypeAdapter(models.AnyEvent)
    system = events.validate_python(recording("events_list_system_source")["body"]["data"][0])
    assert isinstance(system, models.SystemEvent)
    user = events.validate_python(recording("events_list")["body"]["data"][0])
    assert isinstance(user, models.UserEvent)


def test_metrics_helpers() -> None:
    metrics = models.MetricsResponse.model_validate(recording("metrics_day_30d")["body"])
    series = metrics.series("file_share_sessions")
    assert len(series) == len(metrics.periods)
    assert metrics.periods[0].value("costs") == pytest.approx(8.1112)
    assert metrics.periods[0].value("no_such_metric") is None
    assert metrics.series("no_such_metric") == [0.0] * len(metrics.periods)


async def test_client_names_the_missing_field(client: RapidlyClient, faults: FaultPlan) -> None:
    faults.drop_field("/api/customers/", "email", times=1)
    with pytest.raises(DecodeError) as caught:
        await client.list_customers(limit=2)
    assert "data.0.email" in caught.value.fields
    assert "data.0.email" in caught.value.message
    assert caught.value.request_id
    assert caught.value.status == 200


async def test_client_names_a_wrong_type(client: RapidlyClient, faults: FaultPlan) -> None:
    faults.replace_value("/api/workspaces/", "socials", "not a list", times=1)
    ada = default_dataset().acme
    with pytest.raises(DecodeError) as caught:
        await client.get_workspace(ada["id"])
    assert caught.value.fields == ("socials",)


async def test_client_keeps_unknown_enums_and_fields(
    client: RapidlyClient, faults: FaultPlan
) -> None:
    faults.replace_value("/api/customers/", "type", "enterprise", times=1)
    faults.add_field("/api/workspaces/", "region", "eu-west", times=1)
    page = await client.list_customers(limit=3)
    assert {c.type for c in page.data} == {"enterprise"}
    workspaces = await client.list_workspaces()
    assert all(w.model_extra == {"region": "eu-west"} for w in workspaces.data)


async def test_client_reports_many_bad_fields_briefly(
    client: RapidlyClient, faults: FaultPlan
) -> None:
    faults.drop_field("/api/customers/", "id", times=1)
    with pytest.raises(DecodeError) as caught:
        await client.list_customers(limit=10)
    assert len(caught.value.fields) == 5
    assert "(and 5 more)" in caught.value.message


@pytest.mark.parametrize("fault", ["truncated_json", "malformed_json", "wrong_shape"])
async def test_client_turns_unparseable_bodies_into_decode_errors(
    client: RapidlyClient, faults: FaultPlan, fault: str
) -> None:
    getattr(faults, fault)("/api/customers/")
    with pytest.raises(DecodeError) as caught:
        await client.list_customers()
    assert caught.value.message.startswith("The response does not match the API")
