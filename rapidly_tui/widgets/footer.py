"""The key bar at the bottom of the screens: every key that fits, and ``…`` when not.

Textual's Footer lays its keys out in one row and cuts the row at the screen's edge
without a sign: at 80 columns the overview's last keys (``? Help`` among them) were
simply not there. Here the keys that do not fit are left out from the end, a ``…``
says so, and ``? Help`` (which lists every key) is always kept.

Textual 8.2.8's Footer also recomposes whenever its screen's bindings change (coming
back to the screen, focus moving) and binds each new key widget to the footer's
``compact`` reactive. The footer keeps every binding in its watcher list, including
those of the keys it removed, until ``compact`` changes, which never happens: a
long-lived screen (the overview) kept about ten dead widgets each time someone came
back to it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.widget import Widget
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey, FooterLabel

#: Kept whatever the width: it lists every key.
HELP_KEY = "question_mark"
MORE = "…"


def key_width(key: FooterKey) -> int:
    """Columns a key takes in the footer's default (not compact) style: the key with a
    space each side, then its description and a space."""
    return len(key.key_display) + 2 + (len(key.description) + 1 if key.description else 0)


def fitting(widgets: list[Widget], width: int) -> list[Widget]:
    """The widgets to show in ``width`` columns: all when they fit; else the keys that
    fit, in order up to the first that does not, then ``…``, then the help key."""
    keys = [w for w in widgets if isinstance(w, FooterKey)]
    if len(keys) != len(widgets) or sum(map(key_width, keys)) <= width:
        return widgets  # groups (none here) are left as Textual lays them out
    helps = [k for k in keys if k.key == HELP_KEY]
    room = width - sum(map(key_width, helps)) - len(MORE) - 1
    kept: list[Widget] = []
    for key in keys:
        if key.key == HELP_KEY:
            continue
        if key_width(key) > room:
            break
        room -= key_width(key)
        kept.append(key)
    return [*kept, FooterLabel(MORE), *helps]


class Footer(TextualFooter):
    """Textual's Footer that says when keys were left out, and forgets the keys it
    removed."""

    _composed_width = 0

    def compose(self) -> ComposeResult:
        self._composed_width = self.app.size.width
        yield from fitting(list(super().compose()), self._composed_width)

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._composed_width:
            self.call_after_refresh(self.recompose)

    async def recompose(self) -> None:
        await super().recompose()
        # Textual stores watchers under this attribute name (textual/reactive.py,
        # ``_watch``) and prunes closed ones only when the watched value changes.
        watchers = getattr(self, "__watchers", None)
        if not isinstance(watchers, dict):
            return
        for registered in watchers.values():
            registered[:] = [(node, callback) for node, callback in registered if node.is_attached]
