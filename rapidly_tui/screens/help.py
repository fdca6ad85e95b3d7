"""What the help screen (``?``) lists: the keys of the screen it was opened on."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen

from rapidly_tui.widgets.panel import Panel


def help_rows(app: App[Any]) -> list[tuple[str, str]]:
    """The keys shown in the footer (the ones this screen adds, not the scrolling and
    editing keys every widget has), then the keys that work everywhere."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for key, active in app.active_bindings.items():
        binding = active.binding
        if not binding.show or not binding.description or not active.enabled:
            continue
        display = binding.key_display or app.get_key_display(binding) or key
        if display not in seen:
            seen.add(display)
            rows.append((display, binding.description))
    rows.extend(
        row
        for row in (
            ("g", "Go to (same as :)"),
            ("enter", "Open the row under the cursor"),
            ("home / end", "First / last row of a table"),
            ("tab / shift+tab", "Next / previous panel: " + focus_order(app.screen)),
            ("ctrl+p", "Command palette: find a customer, open a list"),
            ("ctrl+q", "Quit"),
        )
        if row[0] not in seen
    )
    from rapidly_tui.screens.browsers import JUMP_EXAMPLES

    rows.extend((word, f"Go to {what}") for word, what in JUMP_EXAMPLES)
    return rows


def focus_order(screen: Screen[Any]) -> str:
    """Where Tab goes on ``screen``, in order: panel titles (the page itself scrolls)."""
    names = []
    for widget in screen.focus_chain:
        panel = widget.parent
        if isinstance(panel, Panel):
            names.append(panel.title)
        elif widget.id in ("overview-scroll", "detail-sections"):
            names.append("the page (scrolls)")
    return " → ".join(names) or "nothing here"
