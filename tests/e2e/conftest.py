"""End-to-end fixtures: the production client against the demo over loopback TCP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from rapidly_tui.api import RapidlyClient
from rapidly_tui.demo import DEMO_TOKEN
from tests.support.server import DemoServer


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/tests/e2e/" in str(item.path).replace("\\", "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def sleeps() -> list[float]:
    """Delays the client slept for, in order (the client's sleep is replaced)."""
    return []


@pytest.fixture
async def client(demo_server: DemoServer, sleeps: list[float]) -> AsyncIterator[RapidlyClient]:
    """A RapidlyClient on the loopback demo with the user token; sleeping is instant."""

    async def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)

    async with RapidlyClient(demo_server.base_url, DEMO_TOKEN, sleep=fake_sleep) as api:
        yield api
