"""Helpers that let a new screen's first frame be its only styling pass.

Textual styles every widget when it is mounted, then again when the screen gets the
width classes (-narrow/-medium/-wide) on its first Resize, and again on its first
ScreenResume. On the overview that is three passes over every widget before the first
frame (~30 ms of a cold start); the second and third change nothing.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual._context import active_app
from textual.app import App
from textual.screen import Screen


def width_classes(screen: Screen[Any]) -> str:
    """The width class the screen will get on its first Resize, to pass to
    ``Screen.__init__`` so that widgets are styled for the right width the first time."""
    try:
        app = active_app.get()
    except LookupError:  # built outside a running app: Textual sets it on Resize
        return ""
    return width_class(screen, app, app.size.width)


def width_class(screen: Screen[Any], app: App[Any], width: int) -> str:
    """The class Textual gives ``screen`` at ``width`` columns (its breakpoints or the
    app's), or "" below every breakpoint."""
    breakpoints = screen.HORIZONTAL_BREAKPOINTS or app.HORIZONTAL_BREAKPOINTS or []
    current = max(
        ((threshold, name) for threshold, name in breakpoints if width >= threshold),
        default=None,
    )
    return current[1] if current is not None else ""


def keep_first_styles(screen: Screen[Any], event: events.ScreenResume) -> None:
    """Call from ``on_screen_resume``: the first resume of a screen comes right after
    its widgets were styled on mount, so Textual's restyle of the whole screen then is
    skipped. (Handlers run subclass first: Textual's own one sees the change.)"""
    if not getattr(screen, "_resumed_before", False):
        screen._resumed_before = True  # type: ignore[attr-defined]
        event.refresh_styles = False
