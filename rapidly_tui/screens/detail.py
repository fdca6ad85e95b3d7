"""Everything about one customer: profile, address, metadata, members, state,
payments and events, each section with its own loader; a raw JSON view (``j``),
a copy menu (``y``), the dashboard link (``o``) and follow (``F``, screens/detail_follow.py)."""

from __future__ import annotations

import json
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Static

from rapidly_tui.loads import (
    PAGED_SECTIONS,
    SECTION_ROWS,
    detail_page,
    detail_requests,
    detail_scope,
)
from rapidly_tui.present.changes import ChangeTracker
from rapidly_tui.present.paging import Loaded, PagedList
from rapidly_tui.screens.detail_follow import DetailFollow
from rapidly_tui.screens.detail_rows import (
    EVENT_COLUMNS,
    MEMBER_COLUMNS,
    METADATA_COLUMNS,
    PAYMENT_COLUMNS,
    event_rows,
    payment_rows,
)
from rapidly_tui.screens.incident_notes import NOTE_KEY, NOTE_WHAT, latest_failed, note_source
from rapidly_tui.screens.marks import changed_fields, mark_new, plain_fields
from rapidly_tui.text import neutralize, untrusted
from rapidly_tui.widgets import format as fmt
from rapidly_tui.widgets.errors import describe_error
from rapidly_tui.widgets.field_list import FieldList
from rapidly_tui.widgets.footer import Footer
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable

if TYPE_CHECKING:
    from rapidly_tui.api.models import AnyEvent, Customer, CustomerState, Page, Payment, Workspace

#: Ask for a section's next page when the cursor is this close to its last row.
PREFETCH_ROWS = 3


class CustomerDetailScreen(DetailFollow):
    """One customer."""

    AUTO_FOCUS = "#detail-sections"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "toggle_json", "Raw JSON"),
        Binding("y", "copy_menu", "Copy"),
        Binding("o", "dashboard", "Dashboard"),
        Binding("F", "follow", "Follow", key_display="F"),
    ]

    def __init__(
        self, customer: Customer, *, fresh: bool = False, members_known: bool | None = None
    ) -> None:
        super().__init__()
        self.customer = customer
        self.customer_id = customer.id
        self.workspace_id = customer.workspace_id
        self.fresh = fresh
        self.members_known = fresh if members_known is None else members_known
        self.state: CustomerState | None = None
        self.payments: dict[str, Payment] = {}
        self.events: dict[str, AnyEvent] = {}
        #: The paged sections' rows as read (present/paging.py's rules); page 1 comes
        #: with the screen's loads (start-up may have it already).
        self.paging: dict[str, PagedList[Any]] = {
            section: PagedList(
                partial(self._fetch_page, section), page_size=SECTION_ROWS, prefetch=PREFETCH_ROWS
            )
            for section in PAGED_SECTIONS
        }
        #: Sections whose next page failed (until it is asked for again).
        self.more_failed: set[str] = set()
        self.showing_json = False
        #: What each refresh changed, compared with the previous load (nothing at first).
        self.changes = ChangeTracker()

    @property
    def workspace(self) -> Workspace | None:
        return self.host.workspaces.get(self.customer.workspace_id)

    def crumbs(self) -> list[object]:
        workspace = self.workspace
        return [
            self.host.server_crumb,
            workspace.name if workspace is not None else self.customer.workspace_id,
            self.customer.name or self.customer.email,
        ]

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self.make_topbar()
        with ContentSwitcher(initial="detail-sections", id="detail-switcher"):
            with VerticalScroll(id="detail-sections"), Grid(classes="cards", id="detail-grid"):
                with Vertical(classes="stack"):
                    yield Panel(
                        "Customer",
                        FieldList(widget_id="profile", label_width=14),
                        widget_id="panel-profile",
                    )
                    yield Panel(
                        "State",
                        FieldList(widget_id="state", label_width=14),
                        widget_id="panel-state",
                    )
                with Vertical(classes="stack"):
                    yield Panel(
                        "Billing address",
                        FieldList(widget_id="address", label_width=14),
                        widget_id="panel-address",
                    )
                    yield Panel(
                        "Metadata",
                        RowTable(METADATA_COLUMNS, widget_id="metadata"),
                        widget_id="panel-metadata",
                        classes="table-panel short",
                    )
                yield Panel(
                    "Members",
                    RowTable(MEMBER_COLUMNS, widget_id="members"),
                    widget_id="panel-members",
                    classes="table-panel short wide-panel",
                )
                yield Panel(
                    "Payments",
                    RowTable(PAYMENT_COLUMNS, widget_id="payments"),
                    widget_id="panel-payments",
                    classes="table-panel",
                )
                yield Panel(
                    "Events",
                    RowTable(EVENT_COLUMNS, widget_id="events"),
                    widget_id="panel-events",
                    classes="table-panel",
                )
            with VerticalScroll(id="detail-json"):
                yield Static("", id="json", markup=False)
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        if not self.alive:
            return  # popped while mounting (e.g. a second lookup replaced it)
        # A customer from a list is not a load of this screen: the first load is
        # compared with nothing (a lookup's answer is as fresh as one, and is).
        self._show_customer(self.customer, members=self.members_known, compare=self.fresh)

    # --- loads --------------------------------------------------------------------------

    @property
    def preload_scope(self) -> str:  # type: ignore[override]
        return detail_scope(self.customer_id)

    def start_loads(self) -> None:
        requests = detail_requests(self.host.client, self.customer)
        if not self.fresh or self._revalidating:
            self.load(
                "customer",
                requests["customer"],
                self._show_customer,
                panel=self.query_one("#panel-profile", Panel),
            )
            if not self.members_known:
                self.query_one("#panel-members", Panel).show_loading()
        self._revalidating = True
        if self.workspace is None:
            self.load("workspace", requests["workspace"], self._got_workspace)
        self.load(
            "state",
            requests["state"],
            self._show_state,
            panel=self.query_one("#panel-state", Panel),
        )
        self.load(
            "payments",
            requests["payments"],
            self._show_payments,
            panel=self.query_one("#panel-payments", Panel),
        )
        self.load(
            "events",
            requests["events"],
            self._show_events,
            panel=self.query_one("#panel-events", Panel),
        )

    _revalidating = False

    def can_go_back(self) -> bool:
        return True  # to the screen below, or to the overview when this is the first

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
            return
        workspace_id = self.customer.workspace_id
        self.host.open_workspace(self.host.workspaces.get(workspace_id) or workspace_id)

    def load_failed(self, key: str, error: BaseException) -> None:
        section = key.removesuffix(":more")
        if section in self.paging and key != section:
            self.more_failed.add(section)
            self._show_paging(section)
            self.notify(
                describe_error(error).plain,
                title=f"Could not load more {section}",
                severity="error",
                markup=False,
            )
            return
        if key == "customer":
            members = self.query_one("#panel-members", Panel)
            if not members.has_data:
                members.show_error(error)

    # --- apply results --------------------------------------------------------------------

    def _got_workspace(self, workspace: Workspace) -> None:
        self.host.workspaces[workspace.id] = workspace
        self.update_crumbs()

    def _show_customer(
        self, customer: Customer, *, members: bool = True, compare: bool = True
    ) -> None:
        self.customer = customer
        self.update_crumbs()
        # On its own line: after the email it pushed a long address past the edge.
        verified = Text(
            "✓ verified" if customer.email_verified else "✗ not verified",
            style="green" if customer.email_verified else "yellow",
        )
        kind = (
            untrusted(str(customer.type), max_chars=30)
            if customer.type is not None
            else Text("individual (legacy)", style="italic")
        )
        deleted = fmt.timestamp(customer.deleted_at)
        if customer.deleted_at is not None:
            deleted.stylize("bold red")
        profile = [
            ("Name", untrusted(customer.name, style="bold")),
            ("Email", untrusted(customer.email)),
            ("Verified", verified),
            ("ID", untrusted(customer.id)),
            ("External ID", untrusted(customer.external_id)),
            ("Type", kind),
            ("Created", fmt.timestamp(customer.created_at)),
            ("Modified", fmt.timestamp(customer.modified_at)),
            ("Deleted", deleted),
            ("Workspace ID", untrusted(customer.workspace_id)),
            ("Avatar URL", untrusted(customer.avatar_url)),
        ]
        changed = self.changes.fields("profile", plain_fields(profile)) if compare else {}
        self.query_one("#profile", FieldList).set_rows(changed_fields(profile, changed))
        self.query_one("#panel-profile", Panel).show_ready()
        address = customer.billing_address
        address_rows: list[tuple[str, Text]]
        if address is None:
            address_rows = [("Address", Text("no billing address", style="dim"))]
        else:
            address_rows = [
                ("Line 1", untrusted(address.line1)),
                ("Line 2", untrusted(address.line2)),
                ("Postal code", untrusted(address.postal_code)),
                ("City", untrusted(address.city)),
                ("State", untrusted(address.state)),
                ("Country", untrusted(address.country)),
            ]
        if compare:  # "no billing address" compares as a field of its own
            address_rows = changed_fields(
                address_rows, self.changes.fields("address", plain_fields(address_rows))
            )
        self.query_one("#address", FieldList).set_rows(address_rows)
        self.query_one("#panel-address", Panel).show_ready()
        # By key: a plan that changed reads ``pro → team`` (a key is untrusted text too).
        metadata = [(key, fmt.value_text(value)) for key, value in customer.metadata.items()]
        if compare:
            metadata = changed_fields(
                metadata, self.changes.fields("metadata", plain_fields(metadata))
            )
        self.query_one("#metadata", RowTable).replace_rows(
            (f"m{index}", [untrusted(key, max_chars=100), value])
            for index, (key, value) in enumerate(metadata)
        )
        self.query_one("#panel-metadata", Panel).set_title(f"Metadata ({len(customer.metadata)})")
        self.query_one("#panel-metadata", Panel).show_ready()
        if members:
            self.members_known = True
            self.query_one("#members", RowTable).replace_rows(
                (
                    member.id,
                    [
                        untrusted(member.name, max_chars=100),
                        untrusted(str(member.role), max_chars=30),
                        untrusted(member.email, max_chars=100),
                        untrusted(member.external_id, max_chars=60),
                    ],
                )
                for member in customer.members
            )
            members_panel = self.query_one("#panel-members", Panel)
            members_panel.set_title(f"Members ({len(customer.members)})")
            members_panel.show_ready()
        if self.state is not None:  # "matches the profile" is about this profile
            self._show_state(self.state)
        self._render_json()

    def _show_state(self, state: CustomerState) -> None:
        self.state = state
        mine = self.customer.to_json_dict()
        theirs = state.to_json_dict()
        differing = sorted(
            key for key, value in theirs.items() if key in mine and mine[key] != value
        )
        extra = sorted(key for key in theirs if key not in mine)
        summary = (
            Text("matches the profile", style="green")
            if not differing
            else untrusted("differs in " + ", ".join(differing), style="yellow")
        )
        rows: list[tuple[str, Text]] = [
            ("Snapshot", summary),
            ("Email verified", fmt.flag(state.email_verified)),
            ("Type", untrusted(state.effective_type, max_chars=30)),
            ("Modified", fmt.timestamp(state.modified_at)),
            ("Deleted", fmt.timestamp(state.deleted_at)),
        ]
        rows.extend((neutralize(key, max_chars=14), fmt.value_text(theirs[key])) for key in extra)
        self.query_one("#state", FieldList).set_rows(rows)

    def _show_payments(self, page: Page[Payment]) -> None:
        self.refreshed_while_following("payments", page.data)
        self.payments = {payment.id: payment for payment in page.data}
        new = self.changes.rows("payments", self.payments)
        self.show_section_total("payments", page.meta.total, new)
        self.query_one("#payments", RowTable).replace_rows(
            mark_new(payment_rows(page.data), new | self.follow_new["payments"])
        )
        self._first_page_shown("payments", page)

    def _show_events(self, page: Page[AnyEvent]) -> None:
        self.refreshed_while_following("events", page.data)
        self.events = {event.id: event for event in page.data}
        new = self.changes.rows("events", self.events)
        self.show_section_total("events", page.meta.total, new)
        self.query_one("#events", RowTable).replace_rows(
            mark_new(event_rows(page.data), new | self.follow_new["events"])
        )
        self._first_page_shown("events", page)

    # --- more pages, as the cursor nears a section's last row ---------------------------
    # A refresh (or coming back) reads page 1 again and drops the pages read after it:
    # the newest rows are what changes during an incident, and moving down reads on.

    async def _fetch_page(
        self, section: str, number: int, limit: int, sorting: tuple[str, ...]
    ) -> Page[Any]:
        page: Page[Any] = await detail_page(self.host.client, self.customer, section, number)()
        return page

    def _first_page_shown(self, section: str, page: Page[Any]) -> None:
        # A later page asked for before this one belongs to the old listing.
        self.drop_load(f"{section}:more")
        self.more_failed.discard(section)
        self.paging[section].start_with(page)
        self._show_paging(section)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        section = event.data_table.id
        if section in self.paging and self.paging[section].wants_more(event.cursor_row):
            self._load_more(section)

    def _load_more(self, section: str) -> None:
        pages = self.paging[section]
        key = f"{section}:more"
        if key in self.loading_keys or pages.exhausted or not pages.pages_read:
            return
        self.more_failed.discard(section)
        self.load(key, pages.load_next, partial(self._append_page, section))
        self._show_paging(section)

    def _append_page(self, section: str, loaded: Loaded[Any] | None) -> None:
        items = loaded.items if loaded is not None else []
        table = self.query_one(f"#{section}", RowTable)
        if section == "payments":
            self.payments.update((payment.id, payment) for payment in items)
            table.append_rows(payment_rows(items))
        else:
            self.events.update((event.id, event) for event in items)
            table.append_rows(event_rows(items))
        self._show_paging(section)

    def _show_paging(self, section: str) -> None:
        pages = self.paging[section]
        shown = self.query_one(f"#{section}", RowTable).row_count
        total = pages.total or 0
        if f"{section}:more" in self.loading_keys:
            note = f"{shown:,} of {total:,} · loading more…"
        elif section in self.more_failed:
            note = f"{shown:,} of {total:,} · could not load more: r to retry"
        elif pages.pages_read and not pages.exhausted:
            note = f"{shown:,} of {total:,} · more below"
        else:
            note = ""
        self.query_one(f"#panel-{section}", Panel).set_note(note)

    # --- raw JSON ------------------------------------------------------------------------

    @property
    def json_text(self) -> str:
        return json.dumps(self.customer.to_json_dict(), indent=2, ensure_ascii=False)

    def _render_json(self) -> None:
        self.query_one("#json", Static).update(
            untrusted(self.json_text, newlines=True, max_chars=200_000)
        )

    def action_toggle_json(self) -> None:
        self.showing_json = not self.showing_json
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "detail-json" if self.showing_json else "detail-sections"
        if self.showing_json:
            self.query_one("#detail-json").focus()

    # --- rows ------------------------------------------------------------------------------

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        key = event.row_key.value
        from rapidly_tui.screens.modals import JsonModal

        if event.data_table.id == "payments" and key in self.payments:
            self.app.push_screen(JsonModal("Payment", self.payments[key].to_json_dict()))
        elif event.data_table.id == "events" and key in self.events:
            self.app.push_screen(JsonModal("Event", self.events[key].to_json_dict()))

    # --- copy and dashboard ---------------------------------------------------------------

    def copy_choices(self) -> list[tuple[str, str, str]]:
        """(key, what, value) for the copy menu; the value is never displayed."""
        customer = self.customer
        choices = [("i", "customer id", customer.id), ("e", "email", customer.email)]
        if customer.external_id:
            choices.append(("x", "external id", customer.external_id))
        choices.append(("j", "customer JSON", self.json_text))
        choices.append((NOTE_KEY, NOTE_WHAT, self.note_text()))
        url = self.dashboard_url()
        if url:
            choices.append(("u", "dashboard URL", url))
        return choices

    def note_text(self) -> str:
        """The incident note of this customer, as shown (members, latest failure)."""
        from rapidly_tui.present.notes import customer_note

        failed = latest_failed(self.payments.values())
        source = note_source(self, "customer", self.workspace_id)
        return customer_note(self.customer, failed, source)

    def action_copy_menu(self) -> None:
        from rapidly_tui.screens.modals import CopyMenu

        choices = self.copy_choices()

        def chosen(key: str | None) -> None:
            for choice_key, what, value in choices:
                if choice_key == key:
                    self.host.copy_text(value, what)

        self.app.push_screen(CopyMenu([(key, what) for key, what, _ in choices]), chosen)
