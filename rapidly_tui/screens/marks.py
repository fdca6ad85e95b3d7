"""How a screen shows what changed since its previous load (rapidly_tui/present/changes.py
decides what did): a ``●`` before a new row's first cell, ``old → new`` for a changed
field, ``▲2`` after a count, ``· 2 new`` in a panel's title.

The old value is as untrusted as the new one: it goes through :func:`untrusted` too.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from rich.text import Text

from rapidly_tui.present.changes import NEW_MARK, FieldChange
from rapidly_tui.text import untrusted

if TYPE_CHECKING:
    from rapidly_tui.widgets.cells import Cell

NEW_STYLE = "bold yellow"


def mark_new(
    rows: Iterable[tuple[str, Sequence[Cell]]], new: frozenset[str]
) -> Iterator[tuple[str, list[Cell]]]:
    """``rows`` with :data:`NEW_MARK` before the first cell of each new one."""
    for key, cells in rows:
        shown = list(cells)
        if key in new and shown and isinstance(shown[0], Text):
            first = Text(NEW_MARK, style=NEW_STYLE)
            first.append_text(shown[0])
            shown[0] = first
        yield key, shown


def new_note(new: frozenset[str]) -> str:
    """`` · 2 new`` for a panel's title (empty: none)."""
    return f" · {len(new):,} new" if new else ""


def changed_fields(
    rows: Sequence[tuple[str, Text]], changes: dict[str, FieldChange]
) -> list[tuple[str, Text]]:
    """Field rows with each changed value shown as ``old → new``."""
    shown: list[tuple[str, Text]] = []
    for label, value in rows:
        change = changes.get(label)
        if change is None:
            shown.append((label, value))
            continue
        both = untrusted(change.old, style="strike dim", max_chars=80)
        both.append(" → ", style=NEW_STYLE)
        both.append_text(value)
        shown.append((label, both))
    return shown


def plain_fields(rows: Sequence[tuple[str, Text]]) -> dict[str, str]:
    """What a field list shows, by label, to compare with the next load."""
    return {label: value.plain for label, value in rows}
