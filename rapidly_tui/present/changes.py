"""What changed between two loads of a screen: new rows, changed fields, moved counts.

During an incident people refresh (``r``, ``--refresh``) to see whether anything
happened; a redraw alone does not say what. A :class:`ChangeTracker` remembers each
load's rows, fields and counts by key and answers, for the next load, what is new,
what changed (old → new) and by how much a count moved. Nothing is marked on the
first load. A mark lasts :data:`KEEP_SECONDS` after it was noticed, so a fast
``--refresh`` does not wipe it before anyone looks. Headless: plain values in, marks
out; the screens only display them (and neutralise the values, as every value).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

#: Seconds a mark stays after the load that noticed it.
KEEP_SECONDS = 60.0
#: The marker of a new row, before its first cell.
NEW_MARK = "● "


@dataclass(frozen=True)
class FieldChange:
    """A field's value in an earlier load and now."""

    old: str
    new: str
    noticed: float


@dataclass
class _CountMark:
    baseline: int  # the value before the first move still shown
    noticed: float  # when it last moved


def count_arrow(delta: int) -> str:
    """``▲2`` / ``▼1``; empty when nothing moved."""
    if delta > 0:
        return f"▲{delta:,}"
    if delta < 0:
        return f"▼{-delta:,}"
    return ""


class ChangeTracker:
    """Each key's previous load, and the marks still shown."""

    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, keep: float = KEEP_SECONDS
    ) -> None:
        self._clock = clock
        self._keep = keep
        self._rows: dict[str, set[str]] = {}
        self._new: dict[str, dict[str, float]] = {}
        self._fields: dict[str, dict[str, str]] = {}
        self._changed: dict[str, dict[str, FieldChange]] = {}
        self._counts: dict[str, int] = {}
        self._moved: dict[str, _CountMark] = {}

    def _fresh(self, noticed: float, now: float) -> bool:
        return now - noticed < self._keep

    def rows(self, key: str, ids: Iterable[str]) -> frozenset[str]:
        """The ids of this load of ``key`` to mark new: not in an earlier load (the
        first load marks none), noticed less than :data:`KEEP_SECONDS` ago."""
        now = self._clock()
        current = list(ids)
        previous = self._rows.get(key)
        marks = self._new.setdefault(key, {})
        if previous is not None:
            for row_id in current:
                if row_id not in previous:
                    marks.setdefault(row_id, now)
        shown = set(current)
        for row_id, noticed in list(marks.items()):
            if row_id not in shown or not self._fresh(noticed, now):
                del marks[row_id]
        self._rows[key] = shown  # the latest load only: memory stays one page
        return frozenset(marks)

    def fields(self, key: str, values: Mapping[str, str]) -> dict[str, FieldChange]:
        """The fields of ``key`` whose value differs from an earlier load's, with the
        value before the change; none on the first load."""
        now = self._clock()
        previous = self._fields.get(key)
        marks = self._changed.setdefault(key, {})
        if previous is not None:
            for name, value in values.items():
                before = previous.get(name)
                if before is not None and before != value:
                    marks[name] = FieldChange(before, value, now)
        for name, change in list(marks.items()):
            if values.get(name) != change.new or not self._fresh(change.noticed, now):
                del marks[name]
        self._fields[key] = dict(values)
        return dict(marks)

    def count(self, key: str, total: int) -> int:
        """How far ``key``'s count moved since before its latest move (0: it did not,
        or not within :data:`KEEP_SECONDS`, or this is the first load)."""
        now = self._clock()
        previous = self._counts.get(key)
        self._counts[key] = total
        mark = self._moved.get(key)
        if previous is not None and total != previous:
            if mark is None or not self._fresh(mark.noticed, now):
                mark = self._moved[key] = _CountMark(previous, now)
            else:
                mark.noticed = now
        if mark is None or not self._fresh(mark.noticed, now):
            self._moved.pop(key, None)
            return 0
        if total == mark.baseline:
            del self._moved[key]
            return 0
        return total - mark.baseline
