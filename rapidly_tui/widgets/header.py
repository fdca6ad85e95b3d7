"""The top line of every screen: which server, and where in the drill-down we are.

The server badge is loud on production (people run this during incidents and must
never mistake production for the sandbox). Breadcrumb parts that came from the API
(workspace and customer names) are untrusted and shown through ``untrusted()``.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import Horizontal
from textual.widgets import Static

from rapidly_tui.text import neutralize, untrusted

#: Server kinds and their badge text.
BADGES = {
    "production": " PRODUCTION ",
    "sandbox": " SANDBOX ",
    "demo": " DEMO ",
    "self-hosted": " SELF-HOSTED ",
    "connecting": " … ",
}
SEPARATOR = " ▸ "
CRUMB_MAX_CHARS = 40


class TopBar(Horizontal):
    """Server badge + breadcrumb (server or profile ▸ workspace ▸ customer)."""

    def __init__(
        self, kind: str, crumbs: Sequence[object] = (), *, widget_id: str | None = None
    ) -> None:
        super().__init__(id=widget_id, classes="topbar")
        self.kind = kind
        self.crumbs: list[object] = list(crumbs)
        self.badge = Static(BADGES.get(kind, f" {neutralize(kind).upper()} "), markup=False)
        self.badge.add_class("badge", f"-{kind}")
        self.trail = Static(self._trail_text(), classes="breadcrumb", markup=False)

    def compose(self):  # type: ignore[no-untyped-def]
        yield self.badge
        yield self.trail

    def set_crumbs(self, crumbs: Sequence[object]) -> None:
        self.crumbs = list(crumbs)
        self.trail.update(self._trail_text())

    def set_kind(self, kind: str) -> None:
        self.badge.remove_class(f"-{self.kind}")
        self.kind = kind
        self.badge.add_class(f"-{kind}")
        self.badge.update(BADGES.get(kind, f" {neutralize(kind).upper()} "))

    @property
    def trail_plain(self) -> str:
        return self._trail_text().plain

    def _trail_text(self) -> Text:
        text = Text(" ", no_wrap=True, overflow="ellipsis")
        for index, crumb in enumerate(self.crumbs):
            if index:
                text.append(SEPARATOR, style="dim")
            last = index == len(self.crumbs) - 1
            text.append_text(
                untrusted(crumb, style="bold" if last else "", max_chars=CRUMB_MAX_CHARS)
            )
        return text
