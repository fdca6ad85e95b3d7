"""Webhooks, as on-call reads them: a workspace's endpoints with their health, an
endpoint with its deliveries (paged, filtered), and one delivery with its payload.

A delivery names neither its endpoint nor its workspace (NOTES.md): deliveries are
always asked for by ``endpoint_id``. An endpoint's ``secret`` is a credential: the
model masks it (``WebhookSecret``), and nothing here ever asks for its value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from rapidly_tui.present import values
from rapidly_tui.present.paging import PagedList
from rapidly_tui.present.readers import delivery_customer_id
from rapidly_tui.present.resources import (
    WEBHOOK_DELIVERY,
    WEBHOOK_ENDPOINT,
)
from rapidly_tui.present.spec import Link
from rapidly_tui.present.widths import WidthRule
from rapidly_tui.screens.base import RapidlyScreen
from rapidly_tui.screens.resource import ResourceScreen, parsed_json
from rapidly_tui.text import untrusted
from rapidly_tui.widgets import format as fmt
from rapidly_tui.widgets.cells import Cell
from rapidly_tui.widgets.errors import describe_error
from rapidly_tui.widgets.field_list import FieldList
from rapidly_tui.widgets.footer import Footer
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable

if TYPE_CHECKING:
    from rapidly_tui.api.models import Page, WebhookDelivery, WebhookEndpoint

#: An endpoint's health is read from this many of its latest deliveries.
HEALTH_SAMPLE = 100
ENDPOINT_COLUMNS = [
    WidthRule("url", priority=1, min_width=20, preferred_width=44, identifying=True),
    WidthRule("enabled", priority=2, min_width=7, preferred_width=7),
    WidthRule("failed (latest 100)", priority=1, min_width=12, preferred_width=19),
    WidthRule("last failure (UTC)", priority=2, min_width=16, preferred_width=18),
    WidthRule("events", priority=3, min_width=10, preferred_width=40),
]
DELIVERY_COLUMNS = [
    WidthRule.from_column(column, WEBHOOK_DELIVERY.field(column.field).kind)
    for column in WEBHOOK_DELIVERY.columns
]
HTTP_CLASSES = (None, "2xx", "4xx", "5xx")
#: The time windows ``t`` cycles through: (label, length).
WINDOWS: tuple[tuple[str, timedelta | None], ...] = (
    ("", None),
    ("last hour", timedelta(hours=1)),
    ("last 24 h", timedelta(days=1)),
    ("last 7 days", timedelta(days=7)),
    ("last 30 days", timedelta(days=30)),
)
#: Event types offered as filters: the API's names only (they go into a border title).
_EVENT_TYPE = re.compile(r"[a-z0-9_.]{1,60}")


def _next(options: tuple[Any, ...], current: Any) -> Any:
    return (
        options[(options.index(current) + 1) % len(options)] if current in options else options[0]
    )


# --- the endpoints --------------------------------------------------------------------


class WebhookEndpointsScreen(RapidlyScreen):
    """A workspace's endpoints; each one's health fills in as its deliveries arrive."""

    AUTO_FOCUS = "#endpoints"
    workspace_id: str

    def __init__(self, workspace_id: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.endpoints: dict[str, WebhookEndpoint] = {}
        #: This load's health answers (or errors), by endpoint: some may come first.
        self._health: dict[str, Page[WebhookDelivery] | BaseException] = {}

    def crumbs(self) -> list[object]:
        workspace = self.host.workspaces.get(self.workspace_id)
        name = workspace.name if workspace is not None else self.workspace_id
        return [self.host.server_crumb, name, "webhook endpoints"]

    def compose(self) -> ComposeResult:
        yield self.make_topbar()
        yield Panel(
            "Webhook endpoints",
            RowTable(ENDPOINT_COLUMNS, widget_id="endpoints"),
            widget_id="panel-endpoints",
            classes="table-panel fill",
            empty="no webhook endpoints in this workspace",
        )
        yield Footer(show_command_palette=False)

    @property
    def table(self) -> RowTable:
        return self.query_one("#endpoints", RowTable)

    def start_loads(self) -> None:
        from rapidly_tui.api.workspace_scope import scope_of

        workspace_id = self.workspace_id
        client = self.host.client
        self._health = {}
        self.load(
            "endpoints",
            lambda: client.list_webhook_endpoints(workspace_id=workspace_id, limit=100),
            self._show_endpoints,
            panel=self.query_one("#panel-endpoints", Panel),
        )
        # Endpoint ids already read (by the overview): their health goes out with the
        # list, so the screen opens in one round trip.
        for endpoint_id in scope_of(client).known_endpoints(workspace_id) or ():
            self._load_health(endpoint_id)

    def _load_health(self, endpoint_id: str) -> None:
        fetch = partial(
            self.host.client.list_webhook_deliveries, endpoint_id=endpoint_id, limit=HEALTH_SAMPLE
        )
        self.load(f"health:{endpoint_id}", fetch, partial(self._show_health, endpoint_id))

    def _show_endpoints(self, page: Page[WebhookEndpoint]) -> None:
        from rapidly_tui.api.workspace_scope import scope_of

        self.endpoints = {endpoint.id: endpoint for endpoint in page.data}
        more = f" · first {len(page.data):,}" if page.meta.total > len(page.data) else ""
        if not more:
            scope_of(self.host.client).remember_endpoints(self.workspace_id, self.endpoints)
        self.query_one("#panel-endpoints", Panel).set_title(
            f"Webhook endpoints ({page.meta.total:,}){more}"
        )
        self.table.replace_rows((endpoint.id, self._cells(endpoint)) for endpoint in page.data)
        # One request per endpoint, all at once: each row fills in as its answer comes
        # (or at once, when it came with the list).
        for endpoint_id in self.endpoints:
            answered = self._health.get(endpoint_id)
            if isinstance(answered, BaseException):
                self.load_failed(f"health:{endpoint_id}", answered)
            elif answered is not None:
                self._show_health(endpoint_id, answered)
            elif f"health:{endpoint_id}" not in self.loading_keys:
                self._load_health(endpoint_id)

    @staticmethod
    def _cells(endpoint: WebhookEndpoint) -> list[Cell]:
        return [
            untrusted(endpoint.url, max_chars=300),
            fmt.flag(endpoint.enabled),
            Text("…", style="dim"),
            Text("…", style="dim"),
            untrusted(", ".join(endpoint.events), max_chars=300),
        ]

    def _show_health(self, endpoint_id: str, page: Page[WebhookDelivery]) -> None:
        self._health[endpoint_id] = page
        if endpoint_id not in self.table.rows:
            return
        share, last = health_cells(page.data)
        self.table.update_cell(endpoint_id, "failed (latest 100)", share)
        self.table.update_cell(endpoint_id, "last failure (UTC)", last)

    def load_failed(self, key: str, error: BaseException) -> None:
        if not key.startswith("health:"):
            return
        endpoint_id = key.removeprefix("health:")
        self._health[endpoint_id] = error
        if endpoint_id in self.table.rows:
            title = getattr(error, "title", None) or type(error).__name__
            self.table.update_cell(endpoint_id, "failed (latest 100)", Text(str(title), "red"))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key in self.endpoints:
            self.host.open_resource(
                "webhook endpoint", self.endpoints[key], workspace_id=self.workspace_id
            )


def health_cells(deliveries: list[WebhookDelivery]) -> tuple[Text, Text]:
    """``12 of 100 (12%)`` failed, and when the newest of them was, among ``deliveries``
    (an endpoint's latest, newest first)."""
    if not deliveries:
        return Text("no deliveries", style="dim"), Text("—", style="dim")
    failed = [d for d in deliveries if not d.succeeded]
    percent = round(100 * len(failed) / len(deliveries))
    share = Text(
        f"{len(failed)} of {len(deliveries)} ({percent}%)",
        style="red" if percent >= 50 else "yellow" if failed else "green",
    )
    if not failed:
        return share, Text(f"none in latest {len(deliveries)}", style="dim")
    newest = max(failed, key=lambda d: d.created_at)
    return share, Text(values.minute(newest.created_at))


# --- one endpoint ----------------------------------------------------------------------


class WebhookEndpointScreen(ResourceScreen):
    """An endpoint's fields (the secret masked) and its deliveries, paged and filtered."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "failed_only", "Failed only"),
        Binding("h", "http_class", "HTTP class"),
        Binding("e", "event_type", "Event type"),
        Binding("t", "window", "Time window"),
    ]

    def __init__(
        self,
        item: WebhookEndpoint | None = None,
        *,
        item_id: str | None = None,
        workspace_id: str | None = None,
    ) -> None:
        super().__init__(WEBHOOK_ENDPOINT, item, item_id=item_id, workspace_id=workspace_id)
        self.failed_only = False
        self.http_class: str | None = None
        self.event_type: str | None = None
        self.window: tuple[str, timedelta | None] = WINDOWS[0]
        self.deliveries: PagedList[WebhookDelivery] = PagedList(self._fetch_page)
        self.by_id: dict[str, WebhookDelivery] = {}

    def compose_extra(self) -> ComposeResult:
        yield Panel(
            "Deliveries",
            RowTable(DELIVERY_COLUMNS, widget_id="deliveries"),
            widget_id="panel-deliveries",
            classes="table-panel",
            empty="no deliveries match",
        )

    @property
    def table(self) -> RowTable:
        return self.query_one("#deliveries", RowTable)

    def crumb(self) -> str:
        url = getattr(self.item, "url", None)
        return url if isinstance(url, str) and url else super().crumb()

    # --- the deliveries' query --------------------------------------------------------

    def window_start(self) -> datetime | None:
        """The start of the time window: counted back from now, or from the end of the
        app's "today" when that is earlier (the demo's, a test's fixed day)."""
        length = self.window[1]
        if length is None:
            return None
        end_of_today = datetime.combine(self.host.today, time.max, tzinfo=timezone.utc)
        return min(datetime.now(timezone.utc), end_of_today) - length

    async def _fetch_page(
        self, page: int, limit: int, sorting: tuple[str, ...]
    ) -> Page[WebhookDelivery]:
        endpoint_id = self.item_id or ""
        return await self.host.client.list_webhook_deliveries(
            endpoint_id=endpoint_id,
            succeeded=False if self.failed_only else None,
            http_code_class=self.http_class,
            event_type=self.event_type,
            start_timestamp=self.window_start(),
            page=page,
            limit=limit,
        )

    def filter_words(self) -> list[str]:
        words = ["failed"] if self.failed_only else []
        words += [w for w in (self.http_class, self.event_type, self.window[0]) if w]
        return words

    def start_loads(self) -> None:
        super().start_loads()
        self._load_first()

    def _load_first(self) -> None:
        self.deliveries.reset()
        self.by_id = {}
        self.load(
            "deliveries",
            self.deliveries.load_next,
            self._show_first,
            panel=self.query_one("#panel-deliveries", Panel),
        )

    def _show_first(self, loaded: Any) -> None:
        rows = loaded.items if loaded is not None else []
        self.by_id = {d.id: d for d in rows}
        self.table.replace_rows((d.id, delivery_cells(d)) for d in rows)
        self._show_title()

    def _show_more(self, loaded: Any) -> None:
        if loaded is None:
            self._show_title()
            return
        self.by_id.update({d.id: d for d in loaded.items})
        self.table.append_rows((d.id, delivery_cells(d)) for d in loaded.items)
        self._show_title()

    def _show_title(self) -> None:
        words = self.filter_words()
        scope = " · " + " · ".join(words) if words else ""
        total = self.deliveries.total or 0
        panel = self.query_one("#panel-deliveries", Panel)
        panel.set_title(f"Deliveries{scope} ({total:,})")
        shown = self.table.row_count
        panel.set_note("" if self.deliveries.exhausted else f"{shown:,} of {total:,} · more below")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id != "deliveries":
            return
        if self.deliveries.wants_more(event.cursor_row) and "deliveries" not in self.loading_keys:
            self.load("deliveries:more", self.deliveries.load_next, self._show_more)

    def load_failed(self, key: str, error: BaseException) -> None:
        if key == "deliveries:more":
            self.notify(
                describe_error(error).plain,
                title="Could not load more deliveries",
                severity="error",
                markup=False,
            )
            return
        super().load_failed(key, error)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "deliveries":
            event.stop()
            key = event.row_key.value
            if key in self.by_id:
                self.host.open_resource(
                    "webhook delivery",
                    ListedDelivery(self.by_id[key], self.item_id),
                    workspace_id=self.workspace_id,
                )
            return
        super().on_data_table_row_selected(event)

    # --- filters ---------------------------------------------------------------------

    def action_failed_only(self) -> None:
        self.failed_only = not self.failed_only
        self._load_first()

    def action_http_class(self) -> None:
        self.http_class = _next(HTTP_CLASSES, self.http_class)
        self._load_first()

    def action_event_type(self) -> None:
        events = getattr(self.item, "events", None) or []
        types = tuple(str(e) for e in events if _EVENT_TYPE.fullmatch(str(e)))
        self.event_type = _next((None, *types), self.event_type)
        self._load_first()

    def action_window(self) -> None:
        self.window = _next(WINDOWS, self.window)
        self._load_first()

    def copy_choices(self) -> list[tuple[str, str, str]]:
        choices = super().copy_choices()
        url = getattr(self.item, "url", None)
        if isinstance(url, str) and url:
            choices.insert(1, ("u", "endpoint URL", url))
        return choices

    def note_text(self) -> str | None:
        """The endpoint's note; its failure share is over the newest deliveries, so
        there is none while a filter narrows them (it would count only those)."""
        from rapidly_tui.present.notes import endpoint_note

        if self.filter_words() or "deliveries" in self.loading_keys:
            return None
        return endpoint_note(self.item, list(self.by_id.values()), self.note_source())


def delivery_cells(delivery: WebhookDelivery) -> list[Cell]:
    cells: list[Cell] = []
    for column in WEBHOOK_DELIVERY.columns:
        spec_field = WEBHOOK_DELIVERY.field(column.field)
        shown = values.of_field(spec_field, delivery)
        style = ""
        if column.field == "succeeded":
            style = "green" if delivery.succeeded else "bold red"
        cells.append(untrusted(shown, style=style, max_chars=200))
    return cells


# --- one delivery ------------------------------------------------------------------------


@dataclass(frozen=True)
class ListedDelivery:
    """A delivery with the endpoint it was listed under: a delivery does not name its
    endpoint, and the raw JSON stays the API's object (nothing is added to it)."""

    delivery: WebhookDelivery
    endpoint_id: str | None


class WebhookDeliveryScreen(ResourceScreen):
    """A delivery: its outcome, the response, and the payload parsed and pretty-printed."""

    BLOCK_FIELDS: ClassVar[tuple[str, ...]] = ("response",)

    def __init__(
        self,
        delivery: WebhookDelivery,
        *,
        endpoint_id: str | None = None,
        workspace_id: str | None = None,
    ) -> None:
        super().__init__(WEBHOOK_DELIVERY, delivery, workspace_id=workspace_id)
        self.endpoint_id = endpoint_id

    def crumb(self) -> str:
        kind = getattr(getattr(self.item, "webhook_event", None), "type", None)
        return f"delivery {kind}" if kind else super().crumb()

    def link_id(self, link: Link) -> str | None:
        if link.target == "webhook endpoint":
            return self.endpoint_id
        if link.target == "customer":
            return delivery_customer_id(self.item) if self.item is not None else None
        return super().link_id(link)

    def compose_extra(self) -> ComposeResult:
        yield Panel(
            "Times",
            FieldList(widget_id="times", label_width=18),
            widget_id="panel-times",
        )

    def show_extra(self, item: Any) -> None:
        event = item.webhook_event
        self.query_one("#times", FieldList).set_rows(
            [
                ("Delivered", Text(values.timestamp(item.created_at, seconds=True))),
                ("Modified", Text(values.timestamp(item.modified_at, seconds=True))),
                ("Event created", Text(values.timestamp(event.created_at, seconds=True))),
            ]
        )
        self.query_one("#panel-times", Panel).show_ready()

    @property
    def payload_text(self) -> str | None:
        """The payload as copied: pretty-printed when it is JSON, else as sent."""
        raw = getattr(getattr(self.item, "webhook_event", None), "payload", None)
        if raw is None:
            return None
        data, ok = parsed_json(raw)
        return values.json_pretty(data) if ok else str(raw)

    def copy_choices(self) -> list[tuple[str, str, str]]:
        choices = super().copy_choices()
        payload = self.payload_text
        if payload is not None:
            choices.insert(0, ("p", "payload", payload))
        return choices

    def note_text(self) -> str | None:
        from rapidly_tui.present.notes import delivery_note

        return delivery_note(self.item, None, self.note_source())
