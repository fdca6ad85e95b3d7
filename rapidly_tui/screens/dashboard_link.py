"""The workspace's dashboard link (``o``) of a screen that knows its workspace.

Opened in a browser only where a graphical one can run (never over SSH, never a text
browser); otherwise shown and copied. Not offered where no dashboard is known (the
demo, self-hosted servers): there it could only answer that there is none.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rapidly_tui.screens.base import RapidlyScreen
from rapidly_tui.text import neutralize

if TYPE_CHECKING:
    from rapidly_tui.api.models import Workspace


class DashboardLink(RapidlyScreen):
    """``o``: the dashboard of :attr:`workspace` (a subclass says which it is)."""

    @property
    def workspace(self) -> Workspace | None:
        raise NotImplementedError

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "dashboard":
            from rapidly_tui.browser import dashboard_url

            # Not offered where it can only answer that there is none (demo, self-hosted).
            return dashboard_url(self.host.connection.server_url, "x") is not None
        return super().check_action(action, parameters)

    def dashboard_url(self) -> str | None:
        from rapidly_tui.browser import dashboard_url

        workspace = self.workspace
        if workspace is None:
            return None
        return dashboard_url(self.host.connection.server_url, workspace.slug)

    def action_dashboard(self) -> None:
        from rapidly_tui.browser import can_open_gui_browser

        if self.workspace is None:
            if "workspace" in self.loading_keys:
                self.notify("The workspace is still loading; try again in a moment.", markup=False)
            else:  # the load failed (e.g. a token without workspaces:read)
                self.notify(
                    "The workspace could not be read, so its dashboard is not known.",
                    markup=False,
                )
            return
        url = self.dashboard_url()
        if url is None:
            self.notify(
                f"There is no known dashboard for the {self.host.server_kind} server.",
                markup=False,
            )
            return
        environ = getattr(self.app, "environ", None)
        if can_open_gui_browser(environ):
            self.run_worker(
                lambda: self._open_browser(url), thread=True, group="browser", exit_on_error=False
            )
            return
        self._show_url(url, "No graphical browser here (SSH or no display).")

    def _open_browser(self, url: str) -> None:
        from rapidly_tui.browser import open_in_gui_browser

        environ = getattr(self.app, "environ", None)
        opened = open_in_gui_browser(url, environ)
        if opened:
            self.app.call_from_thread(self.notify, "Opened the dashboard in your browser.")
        else:
            self.app.call_from_thread(self._show_url, url, "Could not start a browser.")

    def _show_url(self, url: str, why: str) -> None:
        self.host.copy_text(url, "dashboard URL")
        self.notify(f"{why}\n{neutralize(url)}", title="Dashboard URL", markup=False, timeout=15)
