"""``y m``: the Markdown incident note of what a screen shows, from the same builders
as ``--format markdown`` (rapidly_tui/present/notes.py).

A screen says which of its loads the note is about; the note's foot names the server,
when that load was shown (UTC), its request id when the answer carried one (a load
start-up had already sent has none to give), and the workspace's dashboard where one
is known. The builders neutralise every value and never read a webhook secret.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from rapidly_tui.present.notes import NoteSource

if TYPE_CHECKING:
    from rapidly_tui.screens.base import RapidlyScreen

#: The copy menu's key and name for the note.
NOTE_KEY = "m"
NOTE_WHAT = "incident note (Markdown)"


def note_source(screen: RapidlyScreen, load_key: str, workspace_id: str | None) -> NoteSource:
    """Where ``load_key``'s data came from, for the foot of a note."""
    from rapidly_tui.browser import dashboard_url

    host = screen.host
    server = host.connection.server_url
    workspace = host.workspaces.get(workspace_id or "")
    return NoteSource(
        server=server,
        loaded_at=screen.loaded_at.get(load_key) or datetime.now(timezone.utc),
        request_id=screen.request_ids.get(load_key),
        dashboard=dashboard_url(server, workspace.slug) if workspace is not None else None,
    )


def latest_failed(payments: Any) -> Any | None:
    """The newest failed payment among ``payments`` (None: none failed)."""
    failed = [p for p in payments if str(getattr(p, "status", "")) == "failed"]
    return max(failed, key=lambda p: p.created_at) if failed else None
