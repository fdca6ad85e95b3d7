"""The demo that moves, end to end: over loopback TCP with the production client, and
through the command line (``--demo`` moves, ``--demo-static`` stays still)."""

from __future__ import annotations

import json
import time
from functools import lru_cache
from pathlib import Path

import pytest

from rapidly_tui import demo
from rapidly_tui.api import RapidlyClient
from rapidly_tui.cli import main
from rapidly_tui.demo import DEMO_TOKEN, DemoApp, create_app
from tests.support.server import serve_demo


class FakeClock:
    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now


async def test_the_moving_demo_over_loopback_shows_new_events_between_two_requests() -> None:
    clock = FakeClock()
    with serve_demo(moving=True, clock=clock) as server:
        async with RapidlyClient(server.base_url, DEMO_TOKEN) as client:
            before = await client.list_events(limit=20)
            clock.now += 10
            after = await client.list_events(limit=20)
            failed = await client.list_webhook_deliveries(succeeded=False, limit=5)
    seen = {e.id for e in before.data}
    new = [e for e in after.data if e.id not in seen]
    assert len(new) >= 3
    assert after.data[: len(new)] == new  # at the top
    assert after.meta.total == before.meta.total + len(new)
    assert failed.data[0].created_at.timestamp() > clock.now - 10  # a new failure


@pytest.fixture
def fake_moving_demo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeClock:
    """``--demo`` runs the process's moving demo on a clock the test turns."""
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.delenv("RAPIDLY_ACCESS_TOKEN", raising=False)
    monkeypatch.delenv("RAPIDLY_SERVER_URL", raising=False)
    clock = FakeClock()

    @lru_cache(maxsize=1)
    def moving_app() -> DemoApp:
        return create_app(moving=True, clock=clock)

    monkeypatch.setattr(demo, "moving_app", moving_app)
    return clock


def events(capsys: pytest.CaptureFixture[str], *options: str) -> list[str]:
    capsys.readouterr()
    assert main([*options, "events", "list", "--limit", "5", "--json"]) == 0
    return [e["id"] for e in json.loads(capsys.readouterr().out)]


def test_demo_moves_and_demo_static_stays_still(
    fake_moving_demo: FakeClock, capsys: pytest.CaptureFixture[str]
) -> None:
    moving_before = events(capsys, "--demo")
    static_before = events(capsys, "--demo-static")
    fake_moving_demo.now += 10
    moving_after = events(capsys, "--demo")
    static_after = events(capsys, "--demo-static")
    assert static_after == static_before
    assert moving_after != moving_before
    assert moving_before == static_before  # nothing arrives in the first second
