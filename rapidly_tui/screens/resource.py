"""One object of any resource, drawn from its :class:`ResourceSpec`: the spec's
sections as field lists, its links (Enter on the links panel, ``c`` for the
customer), the raw JSON (``j``) and a copy menu (``y``).

Every value goes through :mod:`rapidly_tui.present.values` (so it reads as in a table
or a command) and :func:`rapidly_tui.text.untrusted`. The raw JSON and the copies come
from the model's ``to_json_dict()``, whose webhook secret is masked: never from the
response text.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Static

from rapidly_tui.present import values
from rapidly_tui.present.spec import Kind, Link, ResourceSpec
from rapidly_tui.screens.base import RapidlyScreen
from rapidly_tui.screens.incident_notes import NOTE_KEY, NOTE_WHAT, note_source
from rapidly_tui.text import MISSING, untrusted
from rapidly_tui.widgets.errors import describe_error
from rapidly_tui.widgets.field_list import FieldList
from rapidly_tui.widgets.footer import Footer
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable

if TYPE_CHECKING:
    from rapidly_tui.api.client import RapidlyClient
    from rapidly_tui.present.notes import NoteSource

#: Longest pretty-printed JSON or text block shown on a detail screen.
BLOCK_MAX_CHARS = 50_000
LINK_COLUMNS = [("link", 14), ("target", 40)]

#: What the API answers for one object of a resource, by spec name (members and
#: deliveries have no such path: their screens open with the object in hand).
GETTERS: dict[str, Callable[[RapidlyClient, str], Awaitable[Any]]] = {
    "payment": lambda client, item_id: client.get_payment(item_id),
    "event": lambda client, item_id: client.get_event(item_id),
    "share": lambda client, item_id: client.get_share(item_id),
    "webhook endpoint": lambda client, item_id: client.get_webhook_endpoint(item_id),
    "workspace": lambda client, item_id: client.get_workspace(item_id),
}

#: Said on a payment's screen: nothing in a payment names its customer.
PAYMENT_CUSTOMER_NOTE = (
    "The API does not say which customer made this payment: a payment names no customer. "
    "A customer's payments are found by their email (the API's customer_email filter): "
    "on the customer's screen, or with `rapidly-tui payments list --customer REF` "
    "(REF: the customer's id, email or external id)."
)


def json_data(item: Any) -> dict[str, Any]:
    """The object as JSON, secrets masked (the model's own dump)."""
    to_json = getattr(item, "to_json_dict", None)
    if callable(to_json):
        data = to_json()
        return data if isinstance(data, dict) else {}
    return dict(item) if isinstance(item, dict) else {}


def parsed_json(value: Any) -> tuple[Any, bool]:
    """``(value, ok)``: a JSON string parsed (payloads arrive as strings), other values
    as they are; ``ok`` is False for a string that is not valid JSON."""
    if isinstance(value, str):
        try:
            return json.loads(value), True
        except ValueError:
            return value, False
    return value, True


def pretty_block(value: Any) -> Text:
    """Nested data pretty-printed (2 spaces, keys in the order sent), neutralised; a
    string that is not JSON shown as text, with a note saying so."""
    if value is None or value == "":
        return Text(MISSING, style="dim")
    data, ok = parsed_json(value)
    if not ok:
        text = Text("not valid JSON; shown as text:\n", style="italic yellow")
        text.append_text(untrusted(data, newlines=True, max_chars=BLOCK_MAX_CHARS))
        return text
    return untrusted(values.json_pretty(data), newlines=True, max_chars=BLOCK_MAX_CHARS)


class ResourceScreen(RapidlyScreen):
    """One object of ``spec``: given, or read by id (see :data:`GETTERS`)."""

    AUTO_FOCUS = "#resource-sections"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "toggle_json", "Raw JSON"),
        Binding("y", "copy_menu", "Copy"),
        Binding("c", "open_customer", "Customer"),
    ]
    #: Field keys shown as whole blocks under their section (JSON always is).
    BLOCK_FIELDS: ClassVar[tuple[str, ...]] = ()
    #: A sentence shown above the sections (fixed text of ours).
    NOTE: ClassVar[str] = ""

    def __init__(
        self,
        spec: ResourceSpec,
        item: Any | None = None,
        *,
        item_id: str | None = None,
        workspace_id: str | None = None,
    ) -> None:
        super().__init__()
        self.spec = spec
        self.item = item
        self.item_id = item_id if item is None else str(getattr(item, "id", item_id))
        self.workspace_id = workspace_id or (
            getattr(item, "workspace_id", None) if item is not None else None
        )
        self.showing_json = False

    def crumbs(self) -> list[object]:
        workspace = self.host.workspaces.get(self.workspace_id or "")
        place = workspace.name if workspace is not None else self.workspace_id
        return [
            self.host.server_crumb,
            *([place] if place else []),
            self.crumb(),
        ]

    def crumb(self) -> str:
        """This object in the breadcrumbs: its kind and the start of its id."""
        short = (self.item_id or "")[:8]
        return f"{self.spec.name} {short}…" if short else self.spec.name

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_customer":
            # Offered where a customer can be linked, or where the screen says why not.
            return any(link.target == "customer" for link in self.spec.links) or bool(self.NOTE)
        return super().check_action(action, parameters)

    # --- layout -----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield self.make_topbar()
        with ContentSwitcher(initial="resource-sections", id="detail-switcher"):
            with VerticalScroll(id="resource-sections"):
                if self.NOTE:
                    yield Static(Text(self.NOTE, style="italic"), id="resource-note")
                for index, section in enumerate(self.spec.sections):
                    yield Panel(
                        section.title,
                        _SectionBody(widget_id=f"section-{index}"),
                        widget_id=f"panel-section-{index}",
                    )
                yield from self.compose_extra()
                yield Panel(
                    "Links",
                    RowTable(LINK_COLUMNS, widget_id="links"),
                    widget_id="panel-links",
                    classes="table-panel short",
                    empty="no links",
                )
            with VerticalScroll(id="detail-json"):
                yield Static("", id="json", markup=False)
        yield Footer(show_command_palette=False)

    def compose_extra(self) -> ComposeResult:
        """Panels a screen adds after the spec's sections."""
        yield from ()

    def on_mount(self) -> None:
        if self.item is not None:
            self.show_item(self.item)

    # --- loads ------------------------------------------------------------------------

    def start_loads(self) -> None:
        getter = GETTERS.get(self.spec.name)
        if getter is None or not self.item_id:
            return  # shown as it was handed over (the API has no path for one)
        item_id = self.item_id
        first = self.query_one("#panel-section-0", Panel) if self.spec.sections else None
        self.load(
            self.spec.name, lambda: getter(self.host.client, item_id), self.show_item, panel=first
        )

    def show_item(self, item: Any) -> None:
        self.item = item
        self.workspace_id = self.workspace_id or getattr(item, "workspace_id", None)
        self.update_crumbs()
        data = json_data(item)
        for index, section in enumerate(self.spec.sections):
            lines: list[tuple[str, Text]] = []
            blocks: list[tuple[str, Text]] = []
            for key in section.fields:
                spec_field = self.spec.field(key)
                if spec_field.kind is Kind.JSON:
                    blocks.append((spec_field.label, pretty_block(spec_field.read(data))))
                elif key in self.BLOCK_FIELDS:
                    raw = spec_field.read(item)
                    blocks.append(
                        (spec_field.label, untrusted(raw, newlines=True, max_chars=BLOCK_MAX_CHARS))
                    )
                else:
                    shown = values.of_field(spec_field, item, seconds=True)
                    lines.append((spec_field.label, untrusted(shown, max_chars=300)))
            self.query_one(f"#section-{index}", _SectionBody).show(lines, blocks)
            self.query_one(f"#panel-section-{index}", Panel).show_ready()
        self._show_links()
        self.show_extra(item)
        self.query_one("#json", Static).update(
            untrusted(self.json_text, newlines=True, max_chars=200_000)
        )

    def show_extra(self, item: Any) -> None:
        """Fill the panels of :meth:`compose_extra`."""

    # --- links ------------------------------------------------------------------------

    def link_id(self, link: Link) -> str | None:
        """The id ``link`` leads to (``None``: nothing to follow)."""
        return link.read(self.item) if self.item is not None else None

    def _show_links(self) -> None:
        rows = []
        for index, link in enumerate(self.spec.links):
            target = self.link_id(link)
            if target is not None:
                rows.append((f"link{index}", [Text(link.label), untrusted(target, max_chars=80)]))
        self.query_one("#links", RowTable).replace_rows(rows)
        self.query_one("#panel-links", Panel).show_ready()

    def follow(self, link: Link) -> None:
        target_id = self.link_id(link)
        if target_id is None:
            return
        if link.target == "customer":
            self.open_customer_id(target_id)
        elif link.target == "workspace":
            self.host.open_workspace(self.host.workspaces.get(target_id) or target_id)
        else:
            self.host.open_resource(link.target, target_id, workspace_id=self.workspace_id)

    def open_customer_id(self, customer_id: str) -> None:
        """Read the customer, then open its screen (a failure is said in a toast)."""
        self.notify("Opening the customer…", markup=False, timeout=2)
        self.load(
            "open-customer",
            lambda: self.host.client.get_customer(customer_id, include_members=True),
            lambda customer: self.host.open_customer(customer, fresh=True),
        )

    def load_failed(self, key: str, error: BaseException) -> None:
        if key == "open-customer":
            self.notify(
                describe_error(error).plain,
                title="Could not open the customer",
                severity="error",
                markup=False,
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "links":
            return
        event.stop()
        key = str(event.row_key.value or "")
        if key.startswith("link"):
            self.follow(self.spec.links[int(key.removeprefix("link"))])

    def action_open_customer(self) -> None:
        for link in self.spec.links:
            if link.target == "customer" and self.link_id(link) is not None:
                self.follow(link)
                return
        self.notify(self.no_customer_message(), markup=False, timeout=8)

    def no_customer_message(self) -> str:
        return f"This {self.spec.name} names no customer."

    # --- raw JSON and copies ------------------------------------------------------------

    @property
    def json_text(self) -> str:
        return json.dumps(json_data(self.item), indent=2, ensure_ascii=False)

    def action_toggle_json(self) -> None:
        self.showing_json = not self.showing_json
        switcher = self.query_one(ContentSwitcher)
        switcher.current = "detail-json" if self.showing_json else "resource-sections"
        if self.showing_json:
            self.query_one("#detail-json").focus()

    def copy_choices(self) -> list[tuple[str, str, str]]:
        """(key, what, value) for the copy menu; the values are never displayed."""
        if self.item is None:
            return []
        choices = [("i", f"{self.spec.name} id", str(self.item_id))]
        choices.append(("j", f"{self.spec.name} JSON", self.json_text))
        note = self.note_text()
        if note is not None:
            choices.append((NOTE_KEY, NOTE_WHAT, note))
        return choices

    def note_text(self) -> str | None:
        """The incident note of what is shown (None: this kind has none)."""
        return None

    def note_source(self) -> NoteSource:
        return note_source(self, self.spec.name, self.workspace_id)

    def action_copy_menu(self) -> None:
        from rapidly_tui.screens.modals import CopyMenu

        choices = self.copy_choices()
        if not choices:
            self.notify("Nothing to copy yet: still loading.", markup=False)
            return

        def chosen(key: str | None) -> None:
            for choice_key, what, value in choices:
                if choice_key == key:
                    self.host.copy_text(value, what)

        self.app.push_screen(CopyMenu([(key, what) for key, what, _ in choices]), chosen)


class _SectionBody(Vertical):
    """A section: its one-line fields, then its blocks (JSON, long text) whole."""

    DEFAULT_CSS = "_SectionBody { height: auto; } _SectionBody > Static { height: auto; }"

    def __init__(self, *, widget_id: str) -> None:
        super().__init__(id=widget_id)
        self.fields = FieldList(label_width=21)
        self.block = Static("", markup=False)
        self.lines: list[tuple[str, Text]] = []
        self.blocks: list[tuple[str, Text]] = []

    def compose(self) -> ComposeResult:
        yield self.fields
        yield self.block

    def show(self, lines: list[tuple[str, Text]], blocks: list[tuple[str, Text]]) -> None:
        self.lines, self.blocks = lines, blocks
        self.fields.set_rows(lines)
        self.fields.display = bool(lines)
        text = Text(end="")
        for index, (label, block) in enumerate(blocks):
            text.append(("\n" if index else "") + label + "\n", style="dim")
            text.append_text(block)
        self.block.update(text)
        self.block.display = bool(blocks)

    def value_plain(self, label: str) -> str:
        for row_label, value in [*self.lines, *self.blocks]:
            if row_label == label:
                return value.plain
        raise KeyError(label)


class PaymentScreen(ResourceScreen):
    """A payment: says that the API does not link it to a customer."""

    NOTE = PAYMENT_CUSTOMER_NOTE

    def no_customer_message(self) -> str:
        return PAYMENT_CUSTOMER_NOTE

    def note_text(self) -> str | None:
        from rapidly_tui.present.notes import payment_note

        return payment_note(self.item, self.note_source())


def screen_for(
    spec: ResourceSpec, item: Any | None, *, item_id: str | None, workspace_id: str | None
) -> ResourceScreen:
    """The detail screen of one object of ``spec``."""
    kind = PaymentScreen if spec.name == "payment" else ResourceScreen
    return kind(spec, item, item_id=item_id, workspace_id=workspace_id)
