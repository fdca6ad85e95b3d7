"""Copying a value, and saying what actually happened (the App's ``copy_text``).

OSC 52 is always sent, but nothing tells whether the terminal took it; inside tmux the
text is also handed to tmux itself, whose answer decides the message. The value itself
is never shown: it may be long or hostile.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from rapidly_tui.clipboard import OSC52_SENT, copy_to_tmux, fits_clipboard, in_tmux
from rapidly_tui.workers import run_async_worker

if TYPE_CHECKING:
    from rapidly_tui.app import RapidlyApp as CopyingApp


def copy_and_tell(app: CopyingApp, text: str, what: str) -> None:
    if not fits_clipboard(text):
        app.notify(f"The {what} is too large to copy.", severity="warning", markup=False)
        return
    app.copy_to_clipboard(text)
    app.copied.append((what, text))
    if in_tmux(app.environ):
        run_async_worker(
            app, partial(_copy_to_tmux, app, text, what), group="copy", exclusive=False
        )
    else:
        app.notify(f"Sent the {what} to {OSC52_SENT}", markup=False)


async def _copy_to_tmux(app: CopyingApp, text: str, what: str) -> None:
    message, warning = await copy_to_tmux(text, what, app.environ)
    if warning:
        app.notify(message, severity="warning", markup=False, timeout=8)
    else:
        app.notify(message, markup=False)
