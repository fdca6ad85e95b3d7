"""Command palette (ctrl+p): find a customer by id, email, external id or search.

Hits are built from API strings, so they are Rich ``Text`` made by ``untrusted()``,
never markup.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, cast

from rich.text import Text
from textual.command import DiscoveryHit, Hit, Hits, Provider

from rapidly_tui.text import neutralize, untrusted

if TYPE_CHECKING:
    from rapidly_tui.screens.base import Host

MAX_HITS = 8


class CustomerProvider(Provider):
    """Open a customer from the palette."""

    @property
    def _host(self) -> Host:
        return cast("Host", self.app)

    def _ready(self) -> bool:
        try:
            self._host.client  # noqa: B018 - raises before the connection is ready
        except RuntimeError:
            return False
        return True

    async def discover(self) -> Hits:
        if not self._ready():
            return
        yield DiscoveryHit(
            Text("Go to a customer (id, email or external id) or a list (payments failed)…"),
            self.app.action_lookup if hasattr(self.app, "action_lookup") else _nothing,
            text="Go to a customer or a list",
        )
        from rapidly_tui.screens.browsers import JUMP_EXAMPLES

        for word, what in JUMP_EXAMPLES:
            name = word.split(" ")[0]
            yield DiscoveryHit(
                Text(f"{name}: {what}"),
                partial(self._jump, name),
                text=f"{name} {what}",
            )

    async def search(self, query: str) -> Hits:
        if not self._ready() or not query.strip():
            return
        from rapidly_tui.screens.browsers import JUMP_WORDS, parse_jump

        word = query.strip().removeprefix(":").split(" ")[0].casefold()
        for name in JUMP_WORDS:
            if name.startswith(word) and (name != word or parse_jump(query)):
                target = query.strip() if name == word else name
                yield Hit(
                    1.0,
                    Text(f"Open :{neutralize(target.removeprefix(':'), max_chars=60)}"),
                    partial(self._jump, target),
                    text=f"Open :{neutralize(target.removeprefix(':'), max_chars=60)}",
                )
        from rapidly_tui.api.errors import RapidlyError

        query = query.strip()
        label = Text("Look up customer ")
        label.append_text(untrusted(query, style="bold", max_chars=60))
        yield Hit(
            1.0,
            label,
            partial(self._lookup, query),
            text=f"Look up customer {neutralize(query, max_chars=60)}",
        )
        host = self._host
        workspace_id = getattr(self.app, "current_workspace_id", lambda: None)()
        try:
            page = await host.client.list_customers(
                workspace_id=workspace_id, query_text=query, limit=MAX_HITS
            )
        except RapidlyError:
            return
        for customer in page.data:
            display = Text()
            display.append_text(untrusted(customer.name, max_chars=40))
            display.append("  ")
            display.append_text(untrusted(customer.email, style="dim", max_chars=60))
            yield Hit(
                0.9,
                display,
                partial(host.open_customer, customer),
                text=neutralize(f"{customer.name or ''} {customer.email}", max_chars=100),
            )

    def _jump(self, text: str) -> None:
        from rapidly_tui.screens.browsers import open_jump

        host = self._host
        open_jump(host, text, host.current_workspace_id())

    def _lookup(self, ref: str) -> None:
        action = getattr(self.app, "action_lookup", None)
        if callable(action):
            action(ref)


def _nothing() -> None:
    return None
