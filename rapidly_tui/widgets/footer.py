"""The key bar at the bottom of the screens, without Textual's footer leak.

Textual 8.2.8's Footer recomposes whenever its screen's bindings change (coming back
to the screen, focus moving) and binds each new key widget to the footer's ``compact``
reactive. The footer keeps every binding in its watcher list, including those of the
keys it removed, until ``compact`` changes, which never happens: a long-lived screen
(the overview) kept about ten dead widgets each time someone came back to it.
"""

from __future__ import annotations

from textual.widgets import Footer as TextualFooter


class Footer(TextualFooter):
    """Textual's Footer that forgets the keys it removed."""

    async def recompose(self) -> None:
        await super().recompose()
        # Textual stores watchers under this attribute name (textual/reactive.py,
        # ``_watch``) and prunes closed ones only when the watched value changes.
        watchers = getattr(self, "__watchers", None)
        if not isinstance(watchers, dict):
            return
        for registered in watchers.values():
            registered[:] = [(node, callback) for node, callback in registered if node.is_attached]
