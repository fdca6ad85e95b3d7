"""Choose a workspace: shown when the token sees several and none was chosen."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from rapidly_tui.screens.base import RapidlyScreen
from rapidly_tui.text import untrusted
from rapidly_tui.widgets import format as fmt
from rapidly_tui.widgets.footer import Footer
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable

if TYPE_CHECKING:
    from rapidly_tui.api.models import Workspace

COLUMNS = [("name", 30), ("slug", 20), ("status", 18), ("currency", 8), ("created", 20)]


class WorkspacePickerScreen(RapidlyScreen):
    """The workspaces this token sees; Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "open", "Open", show=True)]

    def __init__(
        self, workspaces: list[Workspace] | None = None, *, total: int | None = None
    ) -> None:
        super().__init__()
        self.workspaces: list[Workspace] = list(workspaces or [])
        self.total = total
        self._given = workspaces is not None

    def crumbs(self) -> list[object]:
        return [self.host.server_crumb, "Choose a workspace"]

    def compose(self) -> ComposeResult:
        yield self.make_topbar()
        yield Panel(
            "Workspaces",
            RowTable(COLUMNS, widget_id="workspaces"),
            widget_id="panel-workspaces",
            classes="table-panel fit",
        )
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        if self._given:
            self._show(self.workspaces)
            self.query_one("#panel-workspaces", Panel).show_ready()
        self.query_one("#workspaces", RowTable).focus()

    def start_loads(self) -> None:
        if self._given:
            self._given = False  # the list we were given is fresh; later loads revalidate
            return
        client = self.host.client

        async def fetch_all() -> list[Workspace]:
            from rapidly_tui.api.pagination import collect

            return await collect(lambda page, limit: client.list_workspaces(page=page, limit=limit))

        self.load("workspaces", fetch_all, self._show, panel=self.query_one(Panel))

    def _show(self, workspaces: list[Workspace]) -> None:
        self.workspaces = list(workspaces)
        for workspace in workspaces:
            self.host.workspaces[workspace.id] = workspace
        panel = self.query_one("#panel-workspaces", Panel)
        panel.set_title(f"Workspaces ({len(workspaces):,})")
        self.query_one("#workspaces", RowTable).replace_rows(
            (
                workspace.id,
                [
                    untrusted(workspace.name, max_chars=120),
                    untrusted(workspace.slug, max_chars=80),
                    untrusted(str(workspace.status), max_chars=30),
                    untrusted(str(workspace.default_presentment_currency).upper(), max_chars=8),
                    fmt.timestamp(workspace.created_at),
                ],
            )
            for workspace in workspaces
        )

    def action_open(self) -> None:
        table = self.query_one("#workspaces", RowTable)
        key = table.cursor_key()
        if key is not None:
            self._open(key)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self._open(event.row_key.value)

    def _open(self, workspace_id: str) -> None:
        for workspace in self.workspaces:
            if workspace.id == workspace_id:
                self.host.open_workspace(workspace)
                return
