"""Fixtures shared by the whole suite: the demo API in-process and over loopback."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

# The tests directory has no __init__.py (pytest's default "prepend" import mode),
# so the repository root goes on sys.path for `from tests.support... import ...`.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from rapidly_tui.api import RapidlyClient  # noqa: E402
from rapidly_tui.demo import DEMO_TOKEN, demo_transport  # noqa: E402
from tests.support.server import DemoServer, serve_demo  # noqa: E402

DEMO_BASE_URL = "http://demo.rapidly.invalid"


@pytest.fixture(autouse=True)
def _private_cache_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # Start-up remembers ids in the cache directory (rapidly_tui/refcache.py): each test
    # starts with an empty one, never the developer's.
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _no_registered_secrets() -> Iterator[None]:
    # logs._secrets is a process-wide set: a token one test registered would be redacted
    # in every later test of the process, so a leak there could pass unseen, and tests
    # would depend on their order. Each test starts with none and leaves none.
    from rapidly_tui import logs

    with logs._secrets_lock:
        logs._secrets.clear()
    yield
    with logs._secrets_lock:
        logs._secrets.clear()


@pytest.fixture(scope="session")
def _shared_demo_server() -> Iterator[DemoServer]:
    # One uvicorn per test process: starting and stopping one costs ~0.2 s.
    with serve_demo() as server:
        yield server


@pytest.fixture
def demo_server(_shared_demo_server: DemoServer) -> Iterator[DemoServer]:
    """The demo API on 127.0.0.1:<free port> (real TCP) with a fresh FaultPlan.

    Yields ``DemoServer(base_url, faults, dataset)``. The server is shared by the
    tests of a process; its fault rules and request log start empty for each test.
    For another data set or latency, use ``tests.support.server.serve_demo``.
    """
    _shared_demo_server.faults.clear()
    yield _shared_demo_server
    _shared_demo_server.faults.clear()


@pytest.fixture
async def demo_client() -> AsyncIterator[RapidlyClient]:
    """A RapidlyClient over the in-process demo transport, with the user token."""
    async with RapidlyClient(DEMO_BASE_URL, DEMO_TOKEN, transport=demo_transport()) as client:
        yield client
