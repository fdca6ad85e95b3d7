"""A titled box that shows its own loading, retry and error state.

Each overview/detail section is one :class:`Panel` around a body widget. The screen
tells the panel what its loader is doing; the panel never hides the data it already
has: a refresh keeps the old rows on screen, and a failed refresh shows the error
above them.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Literal

from rich.markup import escape
from rich.text import Text
from textual.containers import Vertical
from textual.geometry import Region
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import DataTable, Static

from rapidly_tui.widgets.errors import describe_error, retry_status
from rapidly_tui.widgets.tables import RowTable

if TYPE_CHECKING:
    from typing_extensions import Self

PanelState = Literal["idle", "loading", "retrying", "error", "ready"]
SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"


#: Between two values on the line under a table.
DETAIL_SEPARATOR = "  ·  "
#: A value cut on that line shows at least this many of its cells (or all of it):
#: a label followed by one letter reads as a value of one letter.
DETAIL_MIN_PART = 3


def fit_detail(values: list[tuple[str, Text]], width: int) -> Text:
    """The line under a table, one row of at most ``width`` cells.

    Textual wraps a widget's text whatever its ``no_wrap``: the line is cut here. A cut
    value ends in ``…``; a label never shows without (part of) its value: the line is
    then cut before the label and ends in ``…``."""
    line = Text(no_wrap=True, overflow="ellipsis", end="")
    heads = [
        Text.assemble((DETAIL_SEPARATOR if index else "", "dim"), (f"{label} ", "dim"))
        for index, (label, _) in enumerate(values)
    ]
    pairs = list(zip(heads, (value for _, value in values), strict=True))
    full = sum(head.cell_len + value.cell_len for head, value in pairs)
    if full <= width:
        for head, value in pairs:
            line.append_text(head)
            line.append_text(value)
        return line
    for head, value in pairs:
        # Whole values leave room for " …" (the line is cut somewhere after them).
        if line.cell_len + head.cell_len + value.cell_len <= width - 2:
            line.append_text(head)
            line.append_text(value)
            continue
        room = width - 1 - line.cell_len - head.cell_len
        # Cut, and by one cell at least: a whole value then "…" reads as a cut one.
        keep = min(room, value.cell_len - 1)
        if keep >= 1 and room >= min(value.cell_len, DETAIL_MIN_PART):
            part = value.copy()
            part.truncate(keep, overflow="crop")
            part.rstrip()  # a wide character that does not fit leaves a space
            part.append("…")
            line.append_text(head)
            line.append_text(part)
            return line
        break
    tail = DETAIL_SEPARATOR + "…" if line.cell_len else "…"
    if line.cell_len + len(tail) > width:
        tail = " …" if line.cell_len else "…"
    line.append(tail, style="dim")
    line.truncate(max(0, width))
    return line


class RowDetail(Widget):
    """One line under a table: the cursor row's complete values for the columns that
    do not show whole (cut or left out), cut with ``…`` to the widget's width. Redrawn
    on each cursor move without a layout pass (holding PageDown moves the cursor on
    every key)."""

    DEFAULT_CSS = """
    RowDetail { height: 1; width: 1fr; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__(classes="row-detail")
        self._values: list[tuple[str, Text]] = []

    def show(self, values: list[tuple[str, Text]]) -> None:
        self._values = values
        self.refresh()

    @property
    def plain(self) -> str:
        """The whole line, before it is cut to the width."""
        return fit_detail(self._values, 10**6).plain

    @property
    def shown(self) -> str:
        """The line as drawn at the widget's width."""
        return self.render().plain

    def render(self) -> Text:
        return fit_detail(self._values, self.size.width)


class Panel(Vertical):
    """A section with a border title, a status line and a body."""

    #: Set while a border text changes: the refresh then covers the border rows only.
    _border_only = False

    def __init__(
        self,
        title: str,
        body: Widget,
        *,
        widget_id: str | None = None,
        classes: str = "",
        empty: str = "",
    ) -> None:
        super().__init__(id=widget_id, classes=("panel " + classes).strip())
        #: What an empty table says in place of its header ("no payments").
        self.empty = empty or f"no {title.lower()}"
        # Titles are fixed strings of ours (border titles are markup): never API text.
        self._title = title
        self._hidden_note = ""
        self.border_title = title
        self.body = body
        # Both lines are hidden until there is something to say, and mounted only then:
        # most panels never show either, and every widget mounted before the first
        # frame is styled and laid out (ten of them on the overview: ~4 % of a start).
        self.status = Static("", classes="panel-status", markup=False)
        self.status.display = False
        self.row_detail = RowDetail()
        self.row_detail.display = False
        self.state: PanelState = "idle"
        self.has_data = False
        self.error: BaseException | None = None
        self._frame = 0
        self._spinner: Timer | None = None
        self._countdown: Timer | None = None
        self._retry: tuple[str, float, int, int] | None = None
        self._note = ""

    def compose(self):  # type: ignore[no-untyped-def]
        yield self.body

    def on_mount(self) -> None:
        self._show_status(False)
        self.row_detail.display = False

    @property
    def title(self) -> str:
        return self._title

    def set_title(self, title: str) -> None:
        """The title (a fixed string of ours, with numbers); the panel adds which
        columns its table leaves out for lack of room."""
        self._title = title
        self._set_border(title=escape(title) + self._hidden_note)

    def _set_border(self, *, title: str | None = None, subtitle: str | None = None) -> None:
        """Change the border's texts, repainting only the border rows (and nothing when
        they stay the same). Textual repaints the whole panel for a border text, table
        and all: ~18 KB over SSH each time a page loads behind a cursor move."""
        self._border_only = True
        try:
            if title is not None and title != self.border_title:
                self.border_title = title
            if subtitle is not None and subtitle != (self.border_subtitle or ""):
                self.border_subtitle = subtitle
        finally:
            self._border_only = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._border_only and not regions and self.is_mounted:
            # Regions are in content coordinates: the border rows lie outside the content.
            offset = self.content_offset
            outer = self.outer_size
            regions = (
                Region(-offset.x, -offset.y, outer.width, 1),
                Region(-offset.x, outer.height - 1 - offset.y, outer.width, 1),
            )
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    # --- a table's widths ---------------------------------------------------------------

    def on_row_table_fitted(self, event: RowTable.Fitted) -> None:
        hidden = event.table.hidden_headers()
        self._hidden_note = (
            " · not shown, too narrow: " + escape(", ".join(hidden)) if hidden else ""
        )
        self._set_border(title=escape(self._title) + self._hidden_note)
        self._show_row_detail(event.table)
        if self.state in ("ready", "idle"):
            self._show_empty()

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        # Not stopped: the screen acts on it too.
        if isinstance(event.data_table, RowTable):
            self._show_row_detail(event.data_table)

    def _show_row_detail(self, table: RowTable) -> None:
        values = table.cursor_values()
        detail = self.row_detail
        if values and detail.parent is None and self.body.parent is self:
            self.mount(detail)  # under the table
        detail.display = bool(values)
        if values:
            detail.show(values)

    # --- what the screen tells the panel ---------------------------------------------

    def show_loading(self, label: str = "refreshing…") -> None:
        self.error = None
        self._stop_countdown()
        self.remove_class("-error")
        if self.has_data:
            # Refresh in place: the rows stay, a small marker says fresh data is coming.
            self.state = "loading"
            self._set_border(subtitle=label)
            self._show_status(False)
            return
        self.state = "loading"
        self.body.display = False
        self._show_status(True)
        self._tick_spinner()
        if self._spinner is None:
            self._spinner = self.set_interval(0.125, self._tick_spinner)

    def show_retrying(self, title: str, delay: float, attempt: int, max_attempts: int) -> None:
        """The client is waiting ``delay`` seconds before trying again."""
        self.state = "retrying"
        self._stop_spinner()
        self._retry = (title, time.monotonic() + delay, attempt, max_attempts)
        self.add_class("-retrying")
        self._show_status(True)
        self._tick_countdown()
        if self._countdown is None:
            self._countdown = self.set_interval(1.0, self._tick_countdown)

    def show_ready(self) -> None:
        self.state = "ready"
        self.has_data = True
        self.error = None
        self._stop_spinner()
        self._stop_countdown()
        self.remove_class("-error")
        self._set_border(subtitle=self._note)
        self.body.display = True
        self._show_status(False)
        self._show_empty()

    def _show_empty(self) -> None:
        """An empty table says what is empty."""
        body = self.body
        if not isinstance(body, RowTable) or not self.has_data:
            return
        empty = body.row_count == 0
        if empty:
            self.status.update(Text(self.empty, style="dim"))
        self._show_status(empty)

    def show_error(self, error: BaseException, *, hint: str | None = None) -> None:
        self.state = "error"
        self.error = error
        self._stop_spinner()
        self._stop_countdown()
        self.add_class("-error")
        text = describe_error(error, hint=hint)
        if self.has_data:
            text.append("\n(showing the data from before)", style="dim")
        self._set_border(subtitle="")
        self.status.update(text)
        self._show_status(True)
        self.body.display = self.has_data

    def set_note(self, note: str) -> None:
        """A standing remark on the bottom border ("20 of 43 shown…"), shown whenever
        the panel is not busy. Border text is markup: only fixed strings and numbers of
        ours, never API text."""
        self._note = note
        if self.state in ("ready", "idle"):
            self._set_border(subtitle=note)

    @property
    def note(self) -> str:
        return self._note

    @property
    def status_text(self) -> str:
        """The status line as plain text (what a person reads there)."""
        if not self.status.display:
            return ""
        rendered = self.status.render()
        return str(rendered.plain if hasattr(rendered, "plain") else rendered)

    # --- internals ------------------------------------------------------------------

    def _show_status(self, shown: bool) -> None:
        status = self.status
        if shown and status.parent is None and self.body.parent is self:
            self.mount(status, before=self.body)  # above the body
        status.display = shown

    def _tick_spinner(self) -> None:
        self._frame = (self._frame + 1) % len(SPINNER)
        self.status.update(Text(f"{SPINNER[self._frame]} Loading…", style="dim"))

    def _tick_countdown(self) -> None:
        if self._retry is None:
            return
        title, deadline, attempt, max_attempts = self._retry
        self.status.update(retry_status(title, deadline - time.monotonic(), attempt, max_attempts))

    def _stop_spinner(self) -> None:
        if self._spinner is not None:
            self._spinner.stop()
            self._spinner = None

    def _stop_countdown(self) -> None:
        self._retry = None
        self.remove_class("-retrying")
        if self._countdown is not None:
            self._countdown.stop()
            self._countdown = None
