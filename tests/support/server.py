"""Run the demo API on a real loopback socket in a background thread.

End-to-end tests talk to it over TCP with the production client, so connection
pooling, streaming, dropped connections and timeouts behave as they would against
the real server.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import uvicorn

from rapidly_tui.demo import DemoData, FaultPlan, build_dataset, create_app, default_dataset
from rapidly_tui.demo.serve import base_url, bind_loopback


@dataclass(frozen=True)
class DemoServer:
    base_url: str
    faults: FaultPlan
    dataset: DemoData


@contextmanager
def serve_demo(
    dataset: DemoData | None = None,
    faults: FaultPlan | None = None,
    *,
    latency: float = 0.0,
    start_timeout: float = 10.0,
    moving: bool = False,
    clock: Callable[[], float] = time.time,
) -> Iterator[DemoServer]:
    """Serve the demo on 127.0.0.1:<free port> for the duration of the block.

    ``moving``: new records arrive as ``clock`` advances (a data set of its own,
    never the shared default, which must stay still)."""
    if moving and dataset is None:
        dataset = build_dataset()
    dataset = dataset if dataset is not None else default_dataset()
    faults = faults if faults is not None else FaultPlan()
    app = create_app(dataset, faults, latency=latency, moving=moving, clock=clock)
    sock = bind_loopback("127.0.0.1", 0)
    config = uvicorn.Config(
        app,
        lifespan="off",
        log_level="critical",  # dropped connections are on purpose; keep the output clean
        access_log=False,
        timeout_graceful_shutdown=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="demo-server", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + start_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the demo server did not start")
        time.sleep(0.005)
    try:
        yield DemoServer(base_url(sock), faults, dataset)
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()
