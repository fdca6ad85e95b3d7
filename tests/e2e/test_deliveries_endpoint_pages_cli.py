"""``webhooks deliveries`` reads a workspace's endpoint pages as the TUI does (page 1,
then the others at once: api/workspace_scope.py), not one after another: with three
pages of endpoints that is two round trips before the deliveries, not three.

Every demo answer is delayed, and requests sent before an earlier one's answer count
as one round trip (benchmarks/round_trips.py's way of counting).
"""

from __future__ import annotations

import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import pytest

from rapidly_tui import demo, exitcodes
from rapidly_tui.cli import main
from rapidly_tui.demo import DemoData, build_dataset

pytestmark = pytest.mark.e2e

DELAY = 0.2
EXTRA_ENDPOINTS = 250  # with acme's own: three pages of 100


def _waves(spans: list[tuple[float, float]]) -> int:
    waves, wave_end = 0, float("-inf")
    for sent, answered in sorted(spans):
        if sent >= wave_end:
            waves, wave_end = waves + 1, answered
        else:
            wave_end = min(wave_end, answered)
    return waves


Spans = dict[str, list[tuple[float, float]]]


def _timed_demo(monkeypatch: pytest.MonkeyPatch, dataset: DemoData) -> Spans:
    """Every request's (sent, answered) times by path; each demo answer delayed."""
    faults = demo.FaultPlan()
    faults.latency("/", DELAY)
    spans: Spans = {}
    real = demo.demo_transport

    class Timed(httpx.AsyncBaseTransport):
        def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
            self.inner = inner

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            sent = time.perf_counter()
            response = await self.inner.handle_async_request(request)
            spans.setdefault(request.url.path, []).append((sent, time.perf_counter()))
            return response

    def timed(app: Any = None) -> Any:
        return Timed(real(demo.create_app(dataset, faults)))

    monkeypatch.setattr(demo, "demo_transport", timed)
    return spans


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("COLUMNS", "200")


def test_three_pages_of_endpoints_are_two_round_trips(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = build_dataset(acme_customers=20)
    hooks = dataset.webhooks
    # A disabled endpoint's copies: deliveries (and their ids) generated from the URL.
    model = next(
        e for e in hooks.endpoints if e["workspace_id"] == dataset.acme["id"] and not e["enabled"]
    )
    for n in range(EXTRA_ENDPOINTS):
        copy = {**model, "id": str(uuid.uuid4()), "url": f"{model['url']}/{n}"}
        hooks.endpoints.append(copy)
        hooks.endpoint_by_id[copy["id"]] = copy
        hooks._plans[copy["id"]] = hooks._plans[model["id"]]
    spans = _timed_demo(monkeypatch, dataset)

    code = main(["--demo", "webhooks", "deliveries", "--workspace", "acme", "--json"])

    assert code == exitcodes.OK, capsys.readouterr().err
    endpoint_reads = spans["/api/webhooks/endpoints"]
    assert len(endpoint_reads) == 3
    assert _waves(endpoint_reads) == 2
    assert len(spans["/api/webhooks/deliveries"]) == 1
    every = [span for path_spans in spans.values() for span in path_spans]
    assert _waves(every) == 4  # the workspace, endpoints page 1, pages 2-3, deliveries


def test_looking_for_a_delivery_asks_every_endpoint_at_once(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    dataset = build_dataset(acme_customers=20)
    acme_endpoints = [
        e for e in dataset.webhooks.endpoints if e["workspace_id"] == dataset.acme["id"]
    ]
    spans = _timed_demo(monkeypatch, dataset)

    code = main(["--demo", "webhooks", "delivery", str(uuid.uuid4()), "--workspace", "acme"])

    assert code == exitcodes.NOT_FOUND, capsys.readouterr().err
    searched = spans["/api/webhooks/deliveries"]
    assert len(searched) >= len(acme_endpoints) > 1
    # Page 1 of every endpoint in one round trip (and page 2 of those with more...).
    assert _waves(searched) <= 10
    assert _waves(searched[: len(acme_endpoints)]) == 1
