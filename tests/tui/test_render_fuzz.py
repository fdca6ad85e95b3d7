"""Fuzzing, the render half: every response the models accept is shown by the screens
without an exception, without an escape sequence reaching the terminal and without
breaking the layout.

Bodies come from tests/support/fuzz.py: valid per the OpenAPI spec
(hypothesis-jsonschema leaves), or one-place mutants of those (hostile strings,
unknown enum values, unknown keys, nulls, wrong types, dropped keys). Each body is
parsed with the type the client decodes it into; the ones the models refuse are the
headless fuzzer's business (tests/unit/test_fuzz_responses.py) and are skipped here.
The parsed object goes through the screen's own apply function (``_show_customer``,
``_show_payments``...) on a mounted screen of a running app, then the whole screen is
rendered as the driver would and checked like the hostile-input tests.

Runtime: one app per screen, kept running across examples, so an example costs one
apply, one repaint and one full-screen check: 20-60 ms on the 2-core box, plus the
bodies the models refuse (they do not count: ``assume``). 100 counted examples per
model, eight models and screens, keep the file near 35 s (150 took 55 s). More buys
little here: the per-field display code is the same for every example, the strings
come from a small hostile vocabulary plus random text, and the parsing side runs
1,000 examples per resource headless. Derandomized, so a failure replays.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError
from textual.widgets import Sparkline

from rapidly_tui.api import models
from rapidly_tui.app import RapidlyApp
from rapidly_tui.demo import default_dataset
from rapidly_tui.loads import METRIC, FailedDeliveries
from rapidly_tui.screens.base import RapidlyScreen
from rapidly_tui.screens.customers import CustomersScreen
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.modals import ErrorModal
from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.text import untrusted
from rapidly_tui.widgets.field_list import FieldList
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.support.fuzz import RESOURCES, encode, mutants, valid_bodies
from tests.tui.harness import SIZE, make_harness, wait_until
from tests.tui.test_hostile_display import assert_terminal_safe

#: RAPIDLY_RENDER_FUZZ_EXAMPLES: fewer where only another Python is being tried (.ci/run).
EXAMPLES = int(os.environ.get("RAPIDLY_RENDER_FUZZ_EXAMPLES", "100"))

FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def bodies(resource: str) -> st.SearchStrategy[Any]:
    """Spec-valid bodies and their one-place mutants, half and half."""
    spec = RESOURCES[resource]
    return st.one_of(valid_bodies(spec.schema), mutants(spec).map(lambda m: m.body))


_ADAPTERS: dict[str, TypeAdapter[Any]] = {}


def parse(target: Any, body: Any) -> Any:
    """``body`` as the client would decode it. A body the models refuse does not count
    as an example (``assume``): every counted example reaches the screen."""
    key = repr(target)
    adapter = _ADAPTERS.get(key)
    if adapter is None:
        adapter = _ADAPTERS[key] = TypeAdapter(target)
    try:
        return adapter.validate_json(encode(body))
    except ValidationError:
        assume(False)


# --- a running app, on a loop of its own ------------------------------------------------

Step = Callable[[], None]
Shown = Callable[[], bool]


@dataclass
class LiveApp:
    """An app in run_test, driven from synchronous hypothesis examples.

    The app lives in one task for the whole module (run_test sets context variables
    that must be reset in the task that set them); examples hand it steps through a
    queue and wait for each to be applied, repainted and checked.
    """

    app: RapidlyApp
    loop: asyncio.AbstractEventLoop
    steps: asyncio.Queue[tuple[Step, Shown, str, asyncio.Future[None]] | None]

    @property
    def screen(self) -> Any:
        return self.app.screen

    def show(self, apply: Step, shown: Shown, where: str) -> None:
        """Apply on the app's task, let it repaint, then check the whole screen, and
        that ``shown()``: the applied data is what the screen now shows (an apply that
        quietly did nothing would pass every other check)."""
        done: asyncio.Future[None] = self.loop.create_future()
        self.steps.put_nowait((apply, shown, where, done))
        self.loop.run_until_complete(done)


async def _serve(
    app: RapidlyApp,
    screen_type: type,
    path: Callable[[Any], Any] | None,
    steps: asyncio.Queue[tuple[Step, Shown, str, asyncio.Future[None]] | None],
    ready: asyncio.Future[None],
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        if path is not None:
            await path(pilot)
        await wait_until(pilot, lambda: _settled(app, screen_type), what="the screen")
        ready.set_result(None)
        while (item := await steps.get()) is not None:
            apply, shown, where, done = item
            try:
                apply()
                # Every queued message handled and the screen repainted (no idle wait:
                # nothing here runs a timer).
                await pilot.pause(0)
                assert app.is_running, where
                assert isinstance(app.screen, screen_type), f"{where}: {app.screen!r}"
                assert not any(isinstance(s, ErrorModal) for s in app.screen_stack), where
                assert_terminal_safe(app, where, output=False)
                assert shown(), f"{where}: the data is not on screen"
            except BaseException as error:  # handed to the example that sent the step
                done.set_exception(error)
            else:
                done.set_result(None)
        await pilot.press("q")
    assert app.return_code == 0


def _settled(app: RapidlyApp, screen_type: type) -> bool:
    screen = app.screen
    return (
        isinstance(screen, screen_type)
        and isinstance(screen, RapidlyScreen)
        and not screen.loading_keys
        and all(p.state in ("ready", "error") for p in screen.query(Panel))
    )


def _live(
    screen_type: type, path: Callable[[Any], Any] | None = None, **kwargs: Any
) -> Iterator[LiveApp]:
    loop = asyncio.new_event_loop()
    app = make_harness(**kwargs).app
    steps: asyncio.Queue[tuple[Step, Shown, str, asyncio.Future[None]] | None] = asyncio.Queue()
    ready: asyncio.Future[None] = loop.create_future()
    server = loop.create_task(_serve(app, screen_type, path, steps, ready))
    try:
        loop.run_until_complete(asyncio.wait([ready, server], return_when="FIRST_COMPLETED"))
        if server.done():
            server.result()  # start-up failed: raise why
        yield LiveApp(app, loop, steps)
        steps.put_nowait(None)
        loop.run_until_complete(server)
    finally:
        if not server.done():
            server.cancel()
            loop.run_until_complete(asyncio.gather(server, return_exceptions=True))
        loop.close()


@pytest.fixture(scope="module")
def overview() -> Iterator[LiveApp]:
    yield from _live(OverviewScreen)


@pytest.fixture(scope="module")
def browser() -> Iterator[LiveApp]:
    async def open_browser(pilot: Any) -> None:
        await wait_until(pilot, lambda: _settled(pilot.app, OverviewScreen))
        await pilot.press("c")

    yield from _live(CustomersScreen, open_browser)


@pytest.fixture(scope="module")
def detail() -> Iterator[LiveApp]:
    yield from _live(CustomerDetailScreen, start_customer="ada@example.com")


# --- the screens' apply functions ---------------------------------------------------------
# Each step says how to tell its data is on screen: a table holds one row per item (a
# generated page has at most one), a field list shows the item's id.


def rows(live: LiveApp, table: str) -> int:
    return live.screen.query_one(table, RowTable).row_count


def field(live: LiveApp, fields: str, label: str) -> str:
    return str(live.screen.query_one(fields, FieldList).value_plain(label))


@FUZZ_SETTINGS
@given(body=bodies("workspace"))
def test_overview_shows_any_workspace(overview: LiveApp, body: Any) -> None:
    workspace = parse(models.Workspace, body)
    overview.show(
        lambda: overview.screen._show_workspace(workspace),
        # One screen shows every example in turn, so a refresh's mark may precede it
        # ("old → new": what changed since the previous load).
        lambda: field(overview, "#workspace-fields", "ID").endswith(untrusted(workspace.id).plain),
        "workspace",
    )


@FUZZ_SETTINGS
@given(body=bodies("customers page"))
def test_overview_and_browser_show_any_customers_page(
    overview: LiveApp, browser: LiveApp, body: Any
) -> None:
    page = parse(models.Page[models.Customer], body)
    overview.show(
        lambda: overview.screen._show_customers(page),
        lambda: rows(overview, "#latest-customers") == len(page.data),
        "overview customers",
    )
    screen = browser.screen

    def show_as_page_1() -> None:
        # As if the API had answered this page 1: a new list of the current query.
        paged = screen._new_list(screen.query_now)
        paged._add(1, page)
        screen._show_new_list(screen.query_now, paged)

    # The browser may read on past this page (from the demo) once it is shown: its
    # customers must be among the rows, which can be more.
    browser.show(
        show_as_page_1,
        lambda: all(c.id in screen.table.rows for c in page.data),
        "customers browser",
    )


@FUZZ_SETTINGS
@given(body=bodies("customers page"))
def test_detail_shows_any_customer(detail: LiveApp, body: Any) -> None:
    page = parse(models.Page[models.Customer], body)
    customer = page.data[0]  # a generated page has one item
    detail.show(
        lambda: detail.screen._show_customer(customer),
        lambda: field(detail, "#profile", "ID").endswith(untrusted(customer.id).plain),
        "detail profile",
    )


@FUZZ_SETTINGS
@given(body=bodies("customer state"))
def test_detail_shows_any_customer_state(detail: LiveApp, body: Any) -> None:
    state = parse(models.CustomerState, body)
    detail.show(
        lambda: detail.screen._show_state(state),
        lambda: field(detail, "#state", "Type").endswith(
            untrusted(state.effective_type, max_chars=30).plain
        ),
        "detail state",
    )


@FUZZ_SETTINGS
@given(body=bodies("payments page"))
def test_overview_and_detail_show_any_payments_page(
    overview: LiveApp, detail: LiveApp, body: Any
) -> None:
    page = parse(models.Page[models.Payment], body)
    overview.show(
        lambda: overview.screen._show_failed_payments(page),
        lambda: rows(overview, "#failed-payments") == len(page.data),
        "failed payments",
    )
    detail.show(
        lambda: detail.screen._show_payments(page),
        lambda: rows(detail, "#payments") == len(page.data),
        "detail payments",
    )


@FUZZ_SETTINGS
@given(body=bodies("events page"))
def test_detail_shows_any_events_page(detail: LiveApp, body: Any) -> None:
    page = parse(models.Page[models.AnyEvent], body)
    detail.show(
        lambda: detail.screen._show_events(page),
        lambda: rows(detail, "#events") == len(page.data),
        "detail events",
    )


@FUZZ_SETTINGS
@given(body=bodies("webhook deliveries page"))
def test_overview_shows_any_webhook_deliveries_page(overview: LiveApp, body: Any) -> None:
    page = parse(models.Page[models.WebhookDelivery], body)
    # The panel lists a workspace's failures with the endpoint each went to (loads.py).
    endpoint = models.WebhookEndpoint.model_validate(default_dataset().webhook_endpoints[0])
    failed = FailedDeliveries(
        rows=[(endpoint, delivery) for delivery in page.data],
        total=page.meta.total,
        endpoints=1,
        more_endpoints=False,
    )
    overview.show(
        lambda: overview.screen._show_failed_webhooks(failed),
        lambda: rows(overview, "#failed-webhooks") == len(page.data),
        "failed webhooks",
    )


@FUZZ_SETTINGS
@given(body=bodies("metrics"))
def test_overview_shows_any_metrics(overview: LiveApp, body: Any) -> None:
    metrics = parse(models.MetricsResponse, body)
    overview.show(
        lambda: overview.screen._show_metrics(metrics),
        lambda: overview.screen.query_one("#sparkline", Sparkline).data == metrics.series(METRIC),
        "metrics",
    )
