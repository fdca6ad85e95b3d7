"""find_start for a token that cannot read workspaces (403) but reads customers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any

import pytest

from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.api.errors import Forbidden
from rapidly_tui.demo import DEMO_LIMITED_TOKEN, create_app, default_dataset, demo_transport
from rapidly_tui.demo.faults import FaultPlan
from rapidly_tui.preload import Preloads, find_start, workspace_of_customers

FORBIDDEN = Forbidden("no", scopes=("workspaces:read", "workspaces:write"))


@pytest.fixture
async def client() -> AsyncIterator[RapidlyClient]:
    faults = FaultPlan()
    faults.status("/api/workspaces/", 403, scopes="workspaces:read workspaces:write")
    transport = demo_transport(create_app(default_dataset(), faults))
    async with RapidlyClient("http://demo.test", DEMO_LIMITED_TOKEN, transport=transport) as client:
        yield client


async def test_a_slug_opens_the_customers_workspace_saying_it_was_not_checked(
    client: RapidlyClient,
) -> None:
    target = await find_start(
        client, Preloads(), workspace_ref="acme", customer_ref=None, default_workspace=None
    )
    acme_id = default_dataset().acme["id"]
    assert target.workspace is None
    assert target.workspace_id == acme_id
    [notice] = target.notices
    assert "lacks workspaces:read or workspaces:write" in notice
    assert acme_id in notice
    assert "whether that is acme cannot be checked" in notice


async def test_a_customer_is_shown_although_its_workspace_cannot_be_read(
    client: RapidlyClient,
) -> None:
    target = await find_start(
        client, Preloads(), workspace_ref="acme", customer_ref="usr_1337", default_workspace=None
    )
    assert target.customer is not None
    assert target.customer.external_id == "usr_1337"
    [(subject, problem)] = target.problems
    assert subject == "Workspace acme"
    assert isinstance(problem, Forbidden)


class _Customers:
    """A client whose customers name the given workspaces, latest first."""

    def __init__(self, workspace_ids: list[str]) -> None:
        self.workspace_ids = workspace_ids

    async def list_customers(self, **_: Any) -> Any:
        return SimpleNamespace(data=[SimpleNamespace(workspace_id=w) for w in self.workspace_ids])


async def test_customers_in_several_workspaces_open_the_latest_ones_and_say_so() -> None:
    client: Any = _Customers(["w2", "w1", "w2"])
    workspace_id, notice = await workspace_of_customers(client, FORBIDDEN)
    assert workspace_id == "w2"
    assert "of 2 workspaces they are in" in notice
    assert "--workspace ID opens another" in notice


async def test_a_slug_is_not_guessed_among_several_workspaces() -> None:
    client: Any = _Customers(["w2", "w1"])
    with pytest.raises(Forbidden):
        await workspace_of_customers(client, FORBIDDEN, "acme")


async def test_no_customers_means_nothing_to_open() -> None:
    client: Any = _Customers([])
    with pytest.raises(Forbidden):
        await workspace_of_customers(client, FORBIDDEN)
