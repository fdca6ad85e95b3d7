"""Resource hygiene: leaving screens (even mid-load) leaves no worker, task, socket or
memory behind.

* A screen popped while its requests are in flight: its workers end cancelled, the
  in-flight requests are abandoned, and the app's asyncio tasks return to what they
  were before the screen was opened.
* Over real loopback TCP, the client never holds more connections than its pool
  allows, and none once the app has exited.
* Memory: walking overview -> customers -> detail -> back -> back again and again
  does not grow it (see WALKS for why 24 walks and not 500).
"""

from __future__ import annotations

import asyncio
import gc
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx
import psutil
from textual.pilot import Pilot
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from rapidly_tui.api.client import RapidlyClient
from rapidly_tui.api.transport import MAX_CONNECTIONS
from rapidly_tui.app import RapidlyApp
from rapidly_tui.connection import Connection
from rapidly_tui.demo import DEMO_TOKEN, build_dataset
from rapidly_tui.screens.base import RapidlyScreen
from rapidly_tui.widgets.panel import Panel
from tests.support.server import DemoServer
from tests.tui.harness import SIZE, TODAY, make_harness, wait_until

FINISHED = (WorkerState.CANCELLED, WorkerState.SUCCESS, WorkerState.ERROR)


def settled(app: RapidlyApp, name: str) -> bool:
    """``name`` is shown with every load done and every panel drawn (no spinner: a
    task baseline taken while one still ticks counts its timer, then misses it)."""
    screen = app.screen
    return (
        type(screen).__name__ == name
        and isinstance(screen, RapidlyScreen)
        and not screen.loading_keys
        and all(panel.state in ("ready", "error") for panel in screen.query(Panel))
        and (name != "CustomersScreen" or screen.table.row_count > 0)  # type: ignore[attr-defined]
    )


async def walk(pilot: Pilot[Any], app: RapidlyApp) -> None:
    """Overview -> customers -> detail -> back -> back, each screen loaded."""
    await pilot.press("c")
    await wait_until(pilot, lambda: settled(app, "CustomersScreen"), what="customers")
    await pilot.press("enter")
    await wait_until(pilot, lambda: settled(app, "CustomerDetailScreen"), what="detail")
    await pilot.press("escape")
    await wait_until(pilot, lambda: settled(app, "CustomersScreen"), what="back to customers")
    await pilot.press("escape")
    await wait_until(pilot, lambda: settled(app, "OverviewScreen"), what="back to overview")


PUMP = "MessagePump._process_messages"


def task_kinds() -> Counter[str]:
    """The running asyncio tasks, by what they run, except widgets' message loops: how
    many widgets are mounted varies with focus (the footer shows the focused widget's
    keys), so those are checked by :func:`stray_pumps` instead."""
    kinds: Counter[str] = Counter()
    for task in asyncio.all_tasks():
        coroutine = task.get_coro()
        name = getattr(coroutine, "__qualname__", type(coroutine).__name__)
        if name != PUMP:
            kinds[name] += 1
    return kinds


def stray_pumps() -> list[str]:
    """Message loops of widgets no longer in the DOM: what a leaked screen leaves."""
    stray = []
    for task in asyncio.all_tasks():
        coroutine = task.get_coro()
        if getattr(coroutine, "__qualname__", "") != PUMP:
            continue
        frame = getattr(coroutine, "cr_frame", None)
        owner = frame.f_locals.get("self") if frame is not None else None
        if isinstance(owner, Widget) and not owner.is_attached:
            stray.append(repr(owner))
    return stray


def mounts_pending() -> bool:
    """Whether Textual is still waiting for widgets to mount (the footer re-composes its
    keys after a screen change, one short-lived "await mount" task per key)."""
    return any(task.get_name() == "await mount" for task in asyncio.all_tasks())


async def settled_tasks(pilot: Pilot[Any]) -> Counter[str]:
    """The task baseline, taken once pending mounts and start-up are done: on a loaded
    CI machine they can outlive a fixed pause, and counting them made the check flaky."""
    await wait_until(pilot, lambda: not mounts_pending(), timeout=10, what="mounts to finish")
    # The app's 3 s start-up backstop timer ends once the first screen is painted (or
    # when it fires): a baseline taken before that would count it, then miss it.
    await wait_until(
        pilot,
        lambda: not any(timer.startswith("RapidlyApp.startup_finished") for timer in timers()),
        timeout=10,
        what="start-up to finish",
    )
    print("baseline timers:", timers())  # shown by pytest when the test fails
    return task_kinds()


def timers() -> list[str]:
    """What each running Textual timer calls, and on which node (for failure messages:
    timer tasks are all named alike)."""
    found = []
    for task in asyncio.all_tasks():
        frame = getattr(task.get_coro(), "cr_frame", None)
        timer = frame.f_locals.get("self") if frame is not None else None
        if type(timer).__name__ == "Timer":
            callback = getattr(timer, "_callback", None)
            target = getattr(timer, "_target", None)
            name = getattr(callback, "__qualname__", repr(callback))
            found.append(f"{name} on {target() if callable(target) else target!r}")
    return sorted(found)


async def tasks_return_to(pilot: Pilot[Any], baseline: Counter[str]) -> None:
    try:
        await wait_until(pilot, lambda: task_kinds() == baseline and not stray_pumps(), timeout=10)
    except AssertionError:
        now = task_kinds()
        raise AssertionError(
            f"tasks left: +{now - baseline}, -{baseline - now}; detached: {stray_pumps()}; "
            f"timers now: {timers()}"
        ) from None


def workers_of(app: RapidlyApp, node: object) -> list[Worker[Any]]:
    return [worker for worker in app.workers if worker.node is node]


async def test_leaving_screens_mid_load_cancels_their_workers_and_tasks() -> None:
    h = make_harness()
    app = h.app
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: settled(app, "OverviewScreen"))
        await pilot.pause(0.2)
        baseline = await settled_tasks(pilot)

        # Every request now hangs: each screen is left while its loads are in flight.
        h.faults.latency("/api/", 30.0)
        # c: the customers browser; enter: the detail of the overview's first customer.
        for name, key in (("CustomersScreen", "c"), ("CustomerDetailScreen", "enter")):
            await pilot.press(key)
            await wait_until(pilot, lambda n=name: type(app.screen).__name__ == n)  # type: ignore[misc]
            screen = app.screen
            assert isinstance(screen, RapidlyScreen)
            await wait_until(pilot, lambda s=screen: bool(s.loading_keys))  # type: ignore[misc]
            in_flight = workers_of(app, screen)
            assert in_flight, f"{name}: no worker in flight"
            assert all(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in in_flight)

            await pilot.press("escape")
            await wait_until(pilot, lambda: type(app.screen).__name__ == "OverviewScreen")
            await wait_until(
                pilot,
                lambda ws=in_flight: all(w.state in FINISHED for w in ws),  # type: ignore[misc]
                what=f"{name}'s workers to end",
            )
            assert {w.state for w in in_flight} == {WorkerState.CANCELLED}, name
            assert not workers_of(app, screen), f"{name}: workers still registered"
            assert not screen.is_attached
        # The overview revalidated on each return and those loads hang: refresh them
        # (a new load of a key cancels the old one).
        h.faults.clear()
        await pilot.press("r")
        await wait_until(pilot, lambda: settled(app, "OverviewScreen"))
        await tasks_return_to(pilot, baseline)
        await pilot.press("q")
    assert app.return_code == 0


async def test_navigation_returns_tasks_to_their_baseline() -> None:
    h = make_harness(dataset=build_dataset(acme_customers=60))
    app = h.app
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: settled(app, "OverviewScreen"))
        await walk(pilot, app)  # the first visit imports and caches what it needs
        await pilot.pause(0.2)
        baseline = await settled_tasks(pilot)
        for _ in range(3):
            await walk(pilot, app)
        await tasks_return_to(pilot, baseline)
        assert len(app.screen_stack) == 2  # start-up screen + overview
        await pilot.press("q")
    assert app.return_code == 0


# --- sockets over loopback --------------------------------------------------------------


def client_sockets(port: int) -> list[Any]:
    """This process's ESTABLISHED TCP connections to the demo server's port (the server
    runs in this process too: its own ends have the port locally, not remotely)."""
    return [
        c
        for c in psutil.Process().net_connections(kind="tcp")
        if c.status == psutil.CONN_ESTABLISHED and c.raddr and c.raddr.port == port
    ]


async def test_loopback_connections_stay_within_the_pool_and_close_on_exit(
    demo_server: DemoServer,
) -> None:
    port = httpx.URL(demo_server.base_url).port
    assert port is not None
    assert client_sockets(port) == []
    connection = Connection(
        server_url=demo_server.base_url,
        token=DEMO_TOKEN,
        token_source="env",
        default_workspace="acme",
    )
    clients: list[RapidlyClient] = []

    def client_factory(conn: Connection) -> RapidlyClient:
        client = RapidlyClient(conn.server_url, conn.token)
        clients.append(client)
        return client

    app = RapidlyApp(connection=connection, client_factory=client_factory, today=TODAY, environ={})
    most = 0
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: settled(app, "OverviewScreen"))
        for _ in range(2):
            most = max(most, len(client_sockets(port)))
            await walk(pilot, app)
            most = max(most, len(client_sockets(port)))
        assert 1 <= most <= MAX_CONNECTIONS  # RapidlyClient's pool
        await pilot.press("q")
    assert app.return_code == 0
    assert [c.is_closed for c in clients] == [True]
    # Closed on our side at once; give the kernel a moment to report it.
    for _ in range(50):
        if not client_sockets(port):
            break
        await asyncio.sleep(0.02)
    assert client_sockets(port) == []


# --- memory -------------------------------------------------------------------------------

#: Walks before measuring. Memory climbs for about ten walks (Textual's style and
#: render caches, the demo's lazily built records) and is flat after that.
WARM_UP = 12
#: Walks measured. Each costs ~1.2-2 s on the 2-core box (mounting three screens and
#: running their loads is real Textual work; driving it without the pilot is no
#: faster), so 500 walks would take 10-15 minutes. 16 fit, with the warm-up, in about
#: 45 s and show any leak of a screen, of a few widgets per walk (the footer leak
#: fixed in rapidly_tui/widgets/footer.py added ~3,000 objects and ~0.8 MiB per walk),
#: or of more than ~350 KiB per walk.
WALKS = 16


@dataclass
class MemorySample:
    objects: int  # objects the garbage collector tracks, after a full collection
    rss: int


def sample() -> MemorySample:
    gc.collect()
    return MemorySample(len(gc.get_objects()), psutil.Process().memory_info().rss)


async def walk_and_measure(walks: int, warm_up: int) -> list[MemorySample]:
    h = make_harness(dataset=build_dataset(acme_customers=60))
    app = h.app
    samples: list[MemorySample] = []
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: settled(app, "OverviewScreen"))
        for _ in range(warm_up):
            await walk(pilot, app)
        samples.append(sample())
        for _ in range(walks):
            await walk(pilot, app)
            samples.append(sample())
        await pilot.press("q")
    assert app.return_code == 0
    return samples


async def test_repeated_navigation_does_not_grow_memory() -> None:
    """Each walk opens the customers browser, which freezes its pages out of the
    collector's way (gc.freeze) and unfreezes them when it is removed: without that,
    every screen left before stayed alive (~9 MiB per walk)."""
    samples = await walk_and_measure(WALKS, WARM_UP)
    # A popped screen may wait a walk or two before it is freed (Textual keeps the
    # last displayed widgets cached): compare the lowest of the first and last walks.
    first = min(s.objects for s in samples[:4])
    last = min(s.objects for s in samples[-4:])
    growth_mib = (samples[-1].rss - samples[0].rss) / 2**20
    assert last - first < first * 0.04, f"objects {first:,} -> {last:,} over {WALKS} walks"
    assert growth_mib < 6, f"RSS grew {growth_mib:.1f} MiB over {WALKS} walks"
