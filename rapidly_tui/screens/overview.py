"""The workspace overview: what on-call looks at first. Every panel has its own loader,
all started at once: a slow or failing one (no payments:read) never holds others back."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import DataTable, Sparkline, Static

from rapidly_tui.loads import (
    METRIC,
    METRIC_DAYS,
    FailedDeliveries,
    overview_requests,
    overview_scope,
)
from rapidly_tui.present.changes import NEW_MARK, ChangeTracker, count_arrow
from rapidly_tui.present.widths import WidthRule
from rapidly_tui.screens.base import RapidlyScreen
from rapidly_tui.screens.first_frame import width_class
from rapidly_tui.screens.marks import changed_fields, mark_new, plain_fields
from rapidly_tui.screens.workspace_settings import settings_rows
from rapidly_tui.text import untrusted
from rapidly_tui.widgets import format as fmt
from rapidly_tui.widgets.field_list import FieldList
from rapidly_tui.widgets.figures import Figures
from rapidly_tui.widgets.footer import Footer
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable

if TYPE_CHECKING:
    from rapidly_tui.api.models import (
        Customer,
        MetricsResponse,
        Page,
        Payment,
        WebhookDelivery,
        Workspace,
    )


# Widths are shared by rapidly_tui.present.widths (identifiers whole when there is
# room); the line under a table shows the cursor row's values that do not fit.
#: A time with the new-row mark before it (marks.mark_new): whole when there is room.
MARKED_TIME = 16 + len(NEW_MARK)
CUSTOMER_COLUMNS = [
    WidthRule("email", priority=1, min_width=12, preferred_width=22, identifying=True),
    WidthRule("name", priority=2, min_width=8, preferred_width=14),
    WidthRule("created", priority=3, min_width=10, preferred_width=10),
]
PAYMENT_COLUMNS = [
    WidthRule("when (UTC)", priority=1, min_width=16, preferred_width=MARKED_TIME),
    WidthRule("amount", priority=2, min_width=10, preferred_width=10),
    WidthRule("decline reason", priority=3, min_width=10, preferred_width=18),
]
WEBHOOK_COLUMNS = [
    WidthRule("when (UTC)", priority=1, min_width=16, preferred_width=MARKED_TIME),
    WidthRule("http", priority=3, min_width=4, preferred_width=4),
    WidthRule("endpoint", priority=2, min_width=16, preferred_width=36, identifying=True),
    WidthRule("event", priority=2, min_width=10, preferred_width=22),
    # The response is the least needed at a glance (the line under the table shows it
    # whole): it takes what the others leave, not 40 cells before the event is whole.
    WidthRule("response", priority=4, min_width=10, preferred_width=10),
]


def card_order(*, narrow: bool) -> list[str]:
    """The overview's cards, first to last. In one column (narrow terminals, often a
    pane during an incident) the failures come first and the workspace's own fields
    last; in two or three columns everything fits near the top, workspace first."""
    if narrow:
        return [
            "panel-payments",
            "panel-webhooks",
            "panel-customers",
            "overview-side",
            "panel-workspace",
        ]
    return [
        "panel-workspace",
        "overview-side",
        "panel-customers",
        "panel-payments",
        "panel-webhooks",
    ]


class OverviewScreen(RapidlyScreen):
    """One workspace at a glance."""

    workspace_id: str
    AUTO_FOCUS = "#latest-customers"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "customers", "Customers"),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("w", "workspaces", "Workspaces"),
        Binding("p", "failed_payments", "Failed payments"),
        Binding("e", "webhook_endpoints", "Endpoints"),
    ]

    def __init__(self, workspace: Workspace | str) -> None:
        super().__init__()
        if isinstance(workspace, str):
            self.workspace_id = workspace
            self.workspace: Workspace | None = None
        else:
            self.workspace_id = workspace.id
            self.workspace = workspace
        self.latest: dict[str, Customer] = {}
        self.failed_payments: dict[str, Payment] = {}
        self.failed_deliveries: dict[str, WebhookDelivery] = {}
        #: The endpoint each failed delivery was listed under (a delivery names none).
        self.delivery_endpoints: dict[str, str] = {}
        self.metric_label = ""
        #: What each refresh changed, compared with the previous load (nothing at first).
        self.changes = ChangeTracker()

    # --- layout -----------------------------------------------------------------------

    def crumbs(self) -> list[object]:
        name = self.workspace.name if self.workspace is not None else self.workspace_id
        return [self.host.server_crumb, name]

    def compose(self) -> ComposeResult:
        yield self.make_topbar()
        side = Vertical(
            Panel("Activity", Figures(widget_id="figures"), widget_id="panel-figures"),
            Panel(
                f"Last {METRIC_DAYS} days",
                Vertical(
                    Sparkline([], id="sparkline"),
                    Static("", id="sparkline-caption", markup=False),
                    id="chart",
                ),
                widget_id="panel-metrics",
            ),
            Panel(
                "Settings",
                FieldList(widget_id="settings-fields", label_width=17),
                widget_id="panel-settings",
            ),
            id="overview-side",
            classes="stack",
        )
        cards = {
            "panel-workspace": Panel(
                "Workspace",
                FieldList(widget_id="workspace-fields", label_width=17),
                widget_id="panel-workspace",
            ),
            "overview-side": side,
            "panel-customers": Panel(
                "Latest customers",
                RowTable(CUSTOMER_COLUMNS, widget_id="latest-customers"),
                widget_id="panel-customers",
                empty="no customers yet",
                classes="table-panel",
            ),
            "panel-payments": Panel(
                "Failed payments",
                RowTable(PAYMENT_COLUMNS, widget_id="failed-payments"),
                widget_id="panel-payments",
                classes="table-panel",
            ),
            "panel-webhooks": Panel(
                "Failed webhook deliveries",
                RowTable(WEBHOOK_COLUMNS, widget_id="failed-webhooks"),
                widget_id="panel-webhooks",
                classes="table-panel wide-panel",
            ),
        }
        with VerticalScroll(id="overview-scroll"), Grid(id="overview-grid", classes="cards"):
            for card_id in card_order(narrow=self.has_class("-narrow")):
                yield cards[card_id]
        yield Footer(show_command_palette=False)

    def on_resize(self, event: events.Resize) -> None:
        # Runs before Textual moves the width class (subclass handlers first): decide
        # from the new width, with the same breakpoints.
        self._arrange_cards(event.size.width)

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual calls RapidlyScreen's handler too (every class's, subclass first).
        # A screen under another one gets no Resize: catch up with the terminal's width.
        self._arrange_cards(self.app.size.width)

    def _arrange_cards(self, width: int) -> None:
        narrow = width_class(self, self.app, width) == "-narrow"
        grids = self.query("#overview-grid").results(Grid)
        grid = next(grids, None)
        if grid is None:  # being taken apart
            return
        wanted = card_order(narrow=narrow)
        if [child.id for child in grid.children] == wanted:
            return
        for card_id in wanted:  # each to the end in turn: the end is the wanted order
            card = grid.query_one(f"#{card_id}")
            if card is not grid.children[-1]:
                grid.move_child(card, after=grid.children[-1])

    def on_mount(self) -> None:
        if not self.alive:
            return  # popped while mounting (e.g. a second lookup replaced it)
        self._say_panel_keys()
        if self.has_class("-narrow"):
            # One column: the failures come first (card_order), and so does the focus;
            # focusing the latest customers would scroll the failures out of sight.
            self.set_focus(self.query_one("#failed-payments", RowTable))
        if self.workspace is not None:
            self._show_workspace(self.workspace)

    # --- loads --------------------------------------------------------------------------

    @property
    def preload_scope(self) -> str:  # type: ignore[override]
        return overview_scope(self.workspace_id)

    def start_loads(self) -> None:
        requests = overview_requests(self.host.client, self.workspace_id, self.host.today)
        panel = self.query_one
        if self.workspace is None or self._started_once:
            self.load(
                "workspace",
                requests["workspace"],
                self._show_workspace,
                panel=panel("#panel-workspace", Panel),
            )
        self._started_once = True
        self.load(
            "customers",
            requests["customers"],
            self._show_customers,
            panel=panel("#panel-customers", Panel),
        )
        self.load(
            "payments_total",
            requests["payments_total"],
            lambda page: self._figure("Payments", page.meta.total),
        )
        self.load(
            "shares_total",
            requests["shares_total"],
            lambda page: self._figure("Shares", page.meta.total),
        )
        self.load(
            "metrics", requests["metrics"], self._show_metrics, panel=panel("#panel-metrics", Panel)
        )
        self.load(
            "failed_payments",
            requests["failed_payments"],
            self._show_failed_payments,
            panel=panel("#panel-payments", Panel),
        )
        self.load(
            "failed_webhooks",
            requests["failed_webhooks"],
            self._show_failed_webhooks,
            panel=panel("#panel-webhooks", Panel),
        )

    _started_once = False

    def load_failed(self, key: str, error: BaseException) -> None:
        if key == "workspace":
            # The settings come with the workspace: say why they are missing too (a
            # token without workspaces:read still sees the panels it can read).
            self.query_one("#panel-settings", Panel).show_error(error)
        figure = {"customers": "Customers", "payments_total": "Payments", "shares_total": "Shares"}
        if key in figure:
            self.query_one(Figures).set_value(figure[key], _short_error(error))
            self.query_one("#panel-figures", Panel).show_ready()

    # --- apply results --------------------------------------------------------------------

    def _figure(self, label: str, total: int) -> None:
        value = Text(fmt.count(total), style="bold")
        moved = count_arrow(self.changes.count(label, total))
        if moved:
            value.append(f" {moved}", style="yellow")
        self.query_one(Figures).set_value(label, value)
        self.query_one("#panel-figures", Panel).show_ready()

    def _show_workspace(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self.host.workspaces[workspace.id] = workspace
        self.update_crumbs()
        socials = ", ".join(f"{s.platform}: {s.url}" for s in workspace.socials)
        fields = [
            ("Name", untrusted(workspace.name, style="bold")),
            ("Slug", untrusted(workspace.slug)),
            ("ID", untrusted(workspace.id)),
            ("Status", untrusted(str(workspace.status))),
            ("Currency", untrusted(str(workspace.default_presentment_currency).upper())),
            ("Email", untrusted(workspace.email)),
            ("Website", untrusted(workspace.website)),
            ("Socials", untrusted(socials)),
            ("Avatar URL", untrusted(workspace.avatar_url)),
            ("Created", fmt.timestamp(workspace.created_at)),
            ("Modified", fmt.timestamp(workspace.modified_at)),
            ("Details submitted", fmt.timestamp(workspace.details_submitted_at)),
        ]
        changed = self.changes.fields("workspace", plain_fields(fields))
        self.query_one("#workspace-fields", FieldList).set_rows(changed_fields(fields, changed))
        self.query_one("#panel-workspace", Panel).show_ready()
        self.query_one("#settings-fields", FieldList).set_rows(
            [
                *settings_rows("Feature settings", workspace.feature_settings),
                *settings_rows("Notifications", workspace.notification_settings),
                *settings_rows("Customer emails", workspace.customer_email_settings),
                *settings_rows("Customer portal", workspace.customer_portal_settings),
            ]
        )
        self.query_one("#panel-settings", Panel).show_ready()

    def _show_customers(self, page: Page[Customer]) -> None:
        self._figure("Customers", page.meta.total)
        self.latest = {customer.id: customer for customer in page.data}
        new = self.changes.rows("customers", self.latest)
        panel = self.query_one("#panel-customers", Panel)
        panel.set_title(f"Latest customers{_marked_note(new)}")
        panel.set_note(_shown_note(len(page.data), page.meta.total, "c: all customers"))
        rows = (
            (
                customer.id,
                [
                    untrusted(customer.email, max_chars=120),
                    untrusted(customer.name, max_chars=120),
                    Text(fmt.day(customer.created_at)),
                ],
            )
            for customer in page.data
        )
        self.query_one("#latest-customers", RowTable).replace_rows(mark_new(rows, new))

    def _show_failed_payments(self, page: Page[Payment]) -> None:
        panel = self.query_one("#panel-payments", Panel)
        self.failed_payments = {payment.id: payment for payment in page.data}
        new = self.changes.rows("failed_payments", self.failed_payments)
        moved = count_arrow(self.changes.count("failed_payments", page.meta.total))
        total = f"{page.meta.total:,}{' ' + moved if moved else ''}"
        panel.set_title(f"Failed payments ({total}){_marked_note(new)}")
        panel.set_note(_shown_note(len(page.data), page.meta.total, "p: all failed payments"))
        rows = (
            (
                payment.id,
                [
                    Text(fmt.minute(payment.created_at)),
                    fmt.money(payment.amount, payment.currency),
                    untrusted(payment.decline_reason or payment.decline_message, max_chars=120),
                ],
            )
            for payment in page.data
        )
        self.query_one("#failed-payments", RowTable).replace_rows(mark_new(rows, new))

    def _show_failed_webhooks(self, failed: FailedDeliveries) -> None:
        panel = self.query_one("#panel-webhooks", Panel)
        # Scoped to this workspace through its endpoints (loads.failed_deliveries).
        more = f" · first {failed.endpoints:,} endpoints" if failed.more_endpoints else ""
        new = self.changes.rows("failed_webhooks", (delivery.id for _, delivery in failed.rows))
        moved = count_arrow(self.changes.count("failed_webhooks", failed.total))
        total = f"{failed.total:,}{' ' + moved if moved else ''}"
        panel.set_title(f"Failed webhook deliveries{more} ({total}){_marked_note(new)}")
        panel.set_note(_shown_note(len(failed.rows), failed.total, "e: webhook endpoints"))
        panel.empty = (
            "no failed deliveries" if failed.endpoints else "no webhook endpoints in this workspace"
        )
        self.failed_deliveries = {delivery.id: delivery for _, delivery in failed.rows}
        self.delivery_endpoints = {delivery.id: endpoint.id for endpoint, delivery in failed.rows}
        rows = (
            (
                delivery.id,
                [
                    Text(fmt.minute(delivery.created_at)),
                    Text(str(delivery.http_code)) if delivery.http_code else Text("—", "dim"),
                    untrusted(endpoint.url, max_chars=200),
                    untrusted(delivery.webhook_event.type, max_chars=60),
                    untrusted(delivery.response, max_chars=120),
                ],
            )
            for endpoint, delivery in failed.rows
        )
        self.query_one("#failed-webhooks", RowTable).replace_rows(mark_new(rows, new))

    def _show_metrics(self, metrics: MetricsResponse) -> None:
        series = metrics.series(METRIC)
        definition = metrics.metrics.get(METRIC)
        name = definition.display_name if definition is not None else METRIC
        total = metrics.totals.get(METRIC)
        self.query_one("#sparkline", Sparkline).data = series
        caption = Text(no_wrap=True, overflow="ellipsis")
        caption.append_text(untrusted(name, max_chars=40))
        caption.append(" per day", style="dim")
        if isinstance(total, (int, float)):
            caption.append(" · total ", style="dim")
            caption.append(f"{total:,.0f}", style="bold")
        if series:
            caption.append(" · peak ", style="dim")
            caption.append(f"{max(series):,.0f}")
        if metrics.periods:
            first = metrics.periods[0].timestamp.date()
            last = metrics.periods[-1].timestamp.date()
            caption.append(f"\n{fmt.day(first)} – {fmt.day(last)}", style="dim")
        self.metric_label = caption.plain
        self.query_one("#sparkline-caption", Static).update(caption)

    # --- actions ---------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        if key is None:
            return
        if event.data_table.id == "latest-customers" and key in self.latest:
            self.host.open_customer(self.latest[key])
        elif event.data_table.id == "failed-payments" and key in self.failed_payments:
            # Its own screen (the decline, the incident note), as from ``p`` or ``:payments``.
            self.host.open_resource(
                "payment", self.failed_payments[key], workspace_id=self.workspace_id
            )
        elif event.data_table.id == "failed-webhooks" and key in self.failed_deliveries:
            from rapidly_tui.screens.webhooks import ListedDelivery

            delivery = self.failed_deliveries[key]
            self.host.open_resource(
                "webhook delivery",
                ListedDelivery(delivery, self.delivery_endpoints.get(key)),
                workspace_id=self.workspace_id,
            )

    def action_customers(self) -> None:
        self.host.open_customers(self.workspace_id)

    def action_search(self) -> None:
        self.host.open_customers(self.workspace_id)
        screen = self.app.screen
        focus_search = getattr(screen, "focus_search", None)
        if callable(focus_search):
            self.app.call_after_refresh(focus_search)

    def action_workspaces(self) -> None:
        self.host.open_picker()

    def action_failed_payments(self) -> None:
        """``p``: every failed payment (the panel shows the latest few)."""
        self.host.open_browser("payment", self.workspace_id, filters={"status": "failed"})

    def action_webhook_endpoints(self) -> None:
        """``e``: the workspace's webhook endpoints."""
        opener = getattr(self.app, "open_webhooks", None)
        if callable(opener):
            opener(self.workspace_id)
        else:
            self.host.open_browser("webhook endpoint", self.workspace_id)

    def _say_panel_keys(self) -> None:
        """Each panel's bottom border names the key that opens its whole list."""
        self.query_one("#panel-customers", Panel).set_note("c: all customers")
        self.query_one("#panel-payments", Panel).set_note("p: all failed payments")
        self.query_one("#panel-webhooks", Panel).set_note("e: webhook endpoints")


def _marked_note(new: frozenset[str]) -> str:
    """`` · ● new`` when rows are marked. Not how many: a panel shows the latest 10,
    and "10 new" read as all that arrived when 86 had (the ▲ in the count says that)."""
    return f" · {NEW_MARK.strip()} new" if new else ""


def _shown_note(shown: int, total: int, key: str) -> str:
    """``10 of 39 · p: all failed payments``: a panel shows only the latest rows."""
    return f"{shown:,} of {total:,} · {key}" if shown < total else key


def _short_error(error: BaseException) -> Text:
    from rapidly_tui.api.errors import Forbidden

    if isinstance(error, Forbidden) and error.scopes:
        return Text(f"needs {' or '.join(error.scopes)}", style="red")
    title = getattr(error, "title", None)
    return Text(title if isinstance(title, str) else "error", style="red")
