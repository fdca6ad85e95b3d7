"""How many round trips a command needs: ``python benchmarks/round_trips.py ARGS…``.

Runs ``rapidly-tui --demo ARGS…`` in this process, every demo answer delayed by 0.2 s,
records when each request was sent and answered, and prints the number of requests
and of round trips: a request sent after another one's answer arrived starts a new
round trip; requests sent together count once. The benchmark states each command's
budget with this count rather than a count written down by hand.
"""

from __future__ import annotations

import contextlib
import io
import sys
import time
from typing import Any

import httpx

from rapidly_tui import demo

DELAY = 0.2


def round_trips(spans: list[tuple[float, float]]) -> int:
    """Waves of requests: each one sent only after an answer of the wave before."""
    waves = 0
    wave_end = float("-inf")
    for sent, answered in sorted(spans):
        if sent >= wave_end:
            waves += 1
            wave_end = answered
        else:
            wave_end = min(wave_end, answered)
    return waves


def main(argv: list[str]) -> int:
    faults = demo.FaultPlan()
    faults.latency("/", DELAY)
    spans: list[tuple[float, float]] = []
    real = demo.demo_transport

    class Timed(httpx.AsyncBaseTransport):
        def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
            self.inner = inner

        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            sent = time.perf_counter()
            response = await self.inner.handle_async_request(request)
            spans.append((sent, time.perf_counter()))
            return response

    def timed(app: Any = None) -> Any:
        # Always the still demo with the delay (``--demo`` would pass the moving app,
        # which has no faults: every request would then count as its own round trip).
        return Timed(real(demo.create_app(None, faults)))

    demo.demo_transport = timed
    from rapidly_tui.cli import main as cli_main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = cli_main(["--demo", *argv])
    print(f"{len(spans)} {round_trips(spans)} {code}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
