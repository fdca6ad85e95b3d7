"""What every screen shares: the header, and the one place loads run and fail.

A screen starts a load with :meth:`RapidlyScreen.load` (key, coroutine factory,
apply callback, panel). The load runs as a Textual worker *of the screen* (so leaving
the screen cancels it), in an exclusive group per key (a new load of the same key
cancels the old one), and posts a typed message back. A generation counter per key
drops results that arrive after a newer load was started. Every failure, whether an
API error, bad data, or a bug in an apply callback, ends in
:meth:`RapidlyScreen._fail`: the panel shows it in place; an unexpected exception
also opens the error modal. No load can crash the app.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Protocol, cast

from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen, Screen

from rapidly_tui.screens.first_frame import keep_first_styles, width_classes
from rapidly_tui.widgets.header import TopBar
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.workers import run_async_worker

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient, RetryNotice
    from rapidly_tui.api.models import Customer, Workspace
    from rapidly_tui.connection import Connection
    from rapidly_tui.preload import Preloads

log = logging.getLogger("rapidly_tui.tui")


class Host(Protocol):
    """What screens need from the app (screens never import the app module)."""

    @property
    def client(self) -> RapidlyClient: ...

    @property
    def connection(self) -> Connection: ...

    @property
    def server_kind(self) -> str: ...

    @property
    def server_crumb(self) -> str: ...

    @property
    def today(self) -> date: ...

    workspaces: dict[str, Workspace]

    @property
    def preloads(self) -> Preloads: ...

    def open_workspace(self, workspace: Workspace | str) -> None: ...

    def startup_finished(self) -> None: ...

    def open_customer(
        self, customer: Customer, *, fresh: bool = False, members_known: bool | None = None
    ) -> None: ...

    def open_customers(self, workspace_id: str, *, search: str = "") -> None: ...

    def open_picker(self) -> None: ...

    def show_unexpected(self, error: BaseException) -> None: ...

    def copy_text(self, text: str, what: str) -> None: ...

    def notify(self, message: str, *, markup: bool = True) -> None: ...

    def current_workspace_id(self) -> str | None: ...

    def open_resource(
        self, resource: str, item_or_id: object, *, workspace_id: str | None = None
    ) -> None: ...

    def open_webhooks(self, workspace_id: str) -> None: ...

    def open_browser(
        self,
        resource: str,
        workspace_id: str,
        *,
        filters: Mapping[str, str] | None = None,
        search: str = "",
    ) -> None: ...


@dataclass
class _Pending:
    generation: int
    apply: Callable[[Any], None]
    panel: Panel | None


class RapidlyScreen(Screen[None]):
    """Base of the full screens: header, loaders, refresh and back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("r", "refresh", "Refresh"),
    ]
    #: The workspace this screen shows (None: none, e.g. the picker). Screens say it
    #: themselves: the app asks the screens on its stack (``current_workspace_id``).
    workspace_id: str | None = None

    # --- what a load's worker posts back to its screen ---------------------------------

    class LoadDone(Message):
        """A load finished with a value."""

        def __init__(self, key: str, generation: int, value: Any) -> None:
            super().__init__()
            self.key = key
            self.generation = generation
            self.value = value
            #: The request id of the (last) answer behind the value, when it said one.
            self.request_id: str | None = None

    class LoadFailed(Message):
        """A load raised (an API error, bad data, or a bug)."""

        def __init__(self, key: str, generation: int, error: BaseException) -> None:
            super().__init__()
            self.key = key
            self.generation = generation
            self.error = error

    class LoadRetrying(Message):
        """The client waits before trying a load's request again."""

        def __init__(self, key: str, generation: int, notice: RetryNotice) -> None:
            super().__init__()
            self.key = key
            self.generation = generation
            self.notice = notice

    def __init__(self) -> None:
        super().__init__(classes=width_classes(self))
        self._pending: dict[str, _Pending] = {}
        self._generation = 0
        self._started = False
        self._covered_by_modal = False
        #: The request id behind each key's latest applied load (for incident notes).
        self.request_ids: dict[str, str | None] = {}
        #: When each key's latest load was applied (UTC).
        self.loaded_at: dict[str, datetime] = {}

    # --- header -----------------------------------------------------------------------

    @property
    def host(self) -> Host:
        return cast(Host, self.app)

    def crumbs(self) -> list[object]:
        return [self.host.server_crumb]

    def make_topbar(self) -> TopBar:
        return TopBar(self.host.server_kind, self.crumbs(), widget_id="topbar")

    def update_crumbs(self) -> None:
        for bar in self.query(TopBar):
            bar.set_crumbs(self.crumbs())

    # --- lifecycle --------------------------------------------------------------------

    def start_loads(self) -> None:
        """Start (or restart, keeping what is shown) every load of this screen."""

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        keep_first_styles(self, event)
        if self.app.screen is not self or not self.alive:
            return  # replaced before it was ever shown (several screens pushed at once)
        if not self._started:
            self._started = True
            self.start_loads()
            self.call_after_refresh(self.host.startup_finished)
        elif not self._covered_by_modal:
            # Back from a deeper screen: the data is on screen already; revalidate.
            self.start_loads()
        self._covered_by_modal = False

    def on_screen_suspend(self) -> None:
        self._covered_by_modal = isinstance(self.app.screen, ModalScreen)

    def action_refresh(self) -> None:
        # The auto-refresh timer can fire before the first resume (which loads
        # everything anyway) and while the screen is being taken apart.
        if self._started and self.alive:
            self.start_loads()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            # Hidden on the first real screen (nothing to go back to).
            return self.can_go_back()
        return True

    def can_go_back(self) -> bool:
        # The bottom of the stack is the startup screen; the first real screen stays.
        return len(self.app.screen_stack) > 2

    def action_back(self) -> None:
        if self.can_go_back():
            self.app.pop_screen()

    # --- loads ------------------------------------------------------------------------

    #: Loads of this screen that start-up may have sent already are preloaded under
    #: ``"{preload_scope}:{key}"`` (see rapidly_tui/preload.py); None: never preloaded.
    preload_scope: str | None = None

    @property
    def loading_keys(self) -> list[str]:
        """Keys of the loads still waiting for an answer."""
        return sorted(self._pending)

    def load(
        self,
        key: str,
        fetch: Callable[[], Awaitable[Any]],
        apply: Callable[[Any], None],
        *,
        panel: Panel | None = None,
        loading_label: str = "refreshing…",
    ) -> None:
        """Run ``fetch()`` in a worker of this screen and hand its result to ``apply``.

        An answer that start-up already has is applied at once instead (the first
        frame then shows it)."""
        self._generation += 1
        generation = self._generation
        if self.preload_scope is not None:
            preload_key = f"{self.preload_scope}:{key}"
            finished = self.host.preloads.take_finished(preload_key)
            if finished is not None:
                self._pending.pop(key, None)  # a running load of this key is now stale
                self.request_ids.pop(key, None)  # start-up's request: its id is not known
                self._apply(key, _Pending(generation, apply, panel), finished.result())
                return
            fetch = self.host.preloads.or_fetch(preload_key, fetch)

        self._pending[key] = _Pending(generation, apply, panel)
        if panel is not None:
            panel.show_loading(loading_label)
        # A factory, not a coroutine: an exclusive worker replaced before it starts
        # would otherwise leave a coroutine that was never awaited.
        run_async_worker(
            self, partial(self._run, key, generation, fetch), group=f"load:{key}", name=key
        )

    def drop_load(self, key: str) -> None:
        """Cancel a running load of ``key``: its answer (or failure) is not applied."""
        if self._pending.pop(key, None) is not None:
            self.workers.cancel_group(self, f"load:{key}")

    async def _run(self, key: str, generation: int, fetch: Callable[[], Awaitable[Any]]) -> None:
        from rapidly_tui.api.client import retry_listener
        from rapidly_tui.api.transport import answer_listener

        def on_retry(notice: RetryNotice) -> None:
            self.post_message(self.LoadRetrying(key, generation, notice))

        # A context variable: it holds for this worker's task only.
        retry_listener.set(on_retry)
        heard: list[str | None] = []
        answer_listener.set(heard.append)
        try:
            value = await fetch()
        except Exception as error:
            self.post_message(self.LoadFailed(key, generation, error))
            return
        done = self.LoadDone(key, generation, value)
        done.request_id = heard[-1] if heard else None
        self.post_message(done)

    @property
    def alive(self) -> bool:
        """Still on the screen stack (not popped or being removed)."""
        # _closing/_pruning: Textual takes a screen's widgets apart (on pop and at
        # shutdown) while it is still attached and on the stack.
        return (
            self.is_attached
            and not self._closing
            and not self._pruning
            and self in self.app.screen_stack
        )

    def _current(self, key: str, generation: int) -> _Pending | None:
        if not self.alive:
            return None  # a late answer for a screen the person left
        pending = self._pending.get(key)
        if pending is None or pending.generation != generation:
            return None  # superseded by a newer load, or the screen moved on
        return pending

    def on_rapidly_screen_load_done(self, message: RapidlyScreen.LoadDone) -> None:
        message.stop()
        pending = self._current(message.key, message.generation)
        if pending is None:
            return
        del self._pending[message.key]
        self.request_ids[message.key] = message.request_id
        self._apply(message.key, pending, message.value)

    def _apply(self, key: str, pending: _Pending, value: object) -> None:
        try:
            pending.apply(value)
        except Exception as error:
            self._fail(key, pending.panel, error)
            return
        self.loaded_at[key] = datetime.now(timezone.utc)
        if pending.panel is not None:
            pending.panel.show_ready()

    def on_rapidly_screen_load_failed(self, message: RapidlyScreen.LoadFailed) -> None:
        message.stop()
        pending = self._current(message.key, message.generation)
        if pending is None:
            return
        del self._pending[message.key]
        self._fail(message.key, pending.panel, message.error)

    def on_rapidly_screen_load_retrying(self, message: RapidlyScreen.LoadRetrying) -> None:
        message.stop()
        pending = self._current(message.key, message.generation)
        if pending is None or pending.panel is None:
            return
        notice = message.notice
        pending.panel.show_retrying(
            notice.error.title, notice.delay, notice.attempt, notice.max_attempts
        )

    def _fail(self, key: str, panel: Panel | None, error: BaseException) -> None:
        """The one place a failed load ends up."""
        from rapidly_tui.api.errors import RapidlyError

        expected = isinstance(error, RapidlyError)
        if expected:
            log.info(
                "load %s failed: %s (request id %s)",
                key,
                type(error).__name__,
                getattr(error, "request_id", None),
            )
        else:
            log.error("load %s hit an unexpected error", key, exc_info=error)
        if panel is not None:
            panel.show_error(error)
        self.load_failed(key, error)
        if not expected:
            self.host.show_unexpected(error)

    def load_failed(self, key: str, error: BaseException) -> None:
        """Hook for screens whose load has no panel (e.g. a toast, or a whole-screen error)."""
