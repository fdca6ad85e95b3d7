"""What the first screen shows for --workspace/--customer, decided without Textual."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date

import pytest

from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.api.errors import NotFound
from rapidly_tui.demo import DEMO_TOKEN, create_app, default_dataset, demo_transport
from rapidly_tui.demo.faults import FaultPlan
from rapidly_tui.preload import Preloads, find_start, preload_start

GLOBEX_CUSTOMER = "customer000@globex-customers.test"


@pytest.fixture
def faults() -> FaultPlan:
    return FaultPlan()  # also the log of every request the demo server answers


@pytest.fixture
async def client(faults: FaultPlan) -> AsyncIterator[RapidlyClient]:
    transport = demo_transport(create_app(default_dataset(), faults))
    async with RapidlyClient("http://demo.test", DEMO_TOKEN, transport=transport) as client:
        yield client


async def test_workspace_and_customer_that_agree(client: RapidlyClient) -> None:
    target = await find_start(
        client, Preloads(), workspace_ref="acme", customer_ref="usr_1337", default_workspace=None
    )
    assert target.workspace is not None
    assert target.workspace.slug == "acme"
    assert target.customer is not None
    assert target.customer.email == "ada@example.com"
    assert target.problems == []


async def test_a_customer_of_another_workspace_is_skipped_with_a_notice(
    client: RapidlyClient,
) -> None:
    assert any(c["email"] == GLOBEX_CUSTOMER for c in default_dataset().customers)
    target = await find_start(
        client,
        Preloads(),
        workspace_ref="acme",
        customer_ref=GLOBEX_CUSTOMER,
        default_workspace=None,
    )
    assert target.workspace is not None
    assert target.workspace.slug == "acme"
    assert target.customer is None
    [(subject, problem)] = target.problems
    assert subject == f"Customer {GLOBEX_CUSTOMER}"
    assert isinstance(problem, NotFound)
    assert "not in this workspace" in str(problem)


@pytest.mark.parametrize(
    ("workspace_ref", "customer_ref", "subject"),
    [
        ("no-such-workspace", None, "Workspace no-such-workspace"),
        (None, "nobody@example.com", "Customer nobody@example.com"),
    ],
)
async def test_a_name_that_finds_nothing_is_a_notice_not_a_failure(
    client: RapidlyClient, workspace_ref: str | None, customer_ref: str | None, subject: str
) -> None:
    target = await find_start(
        client,
        Preloads(),
        workspace_ref=workspace_ref,
        customer_ref=customer_ref,
        default_workspace=None,
    )
    assert (target.workspace, target.customer) == (None, None)  # the workspace list follows
    assert [s for s, _ in target.problems] == [subject]


async def test_without_names_the_profile_default_workspace_opens(client: RapidlyClient) -> None:
    target = await find_start(
        client, Preloads(), workspace_ref=None, customer_ref=None, default_workspace="globex"
    )
    assert target.workspace is not None
    assert target.workspace.slug == "globex"


async def test_the_lookups_preloaded_at_start_up_are_not_sent_again(
    client: RapidlyClient, faults: FaultPlan
) -> None:
    preloads = Preloads()
    preload_start(
        preloads,
        client,
        workspace_ref="acme",
        customer_ref="ada@example.com",
        default_workspace=None,
        today=date(2026, 11, 20),
    )
    target = await find_start(
        client,
        preloads,
        workspace_ref="acme",
        customer_ref="ada@example.com",
        default_workspace=None,
    )
    assert target.customer is not None
    assert target.customer.email == "ada@example.com"
    lookups = [r for r in faults.requests if r.path == "/api/customers/" and "email=" in r.query]
    assert len(lookups) == 1
    preloads.cancel()
