"""How a table shares a width among its columns (headless: the TUI and the commands).

A cut identifier reads like a real, wrong one (``customer249@acme-custo`` is an
address too), so identifying columns (ids, emails, external ids, names, URLs) get
spare width first, up to their longest value; a column that cannot have even its
minimum is dropped rather than squeezed, highest priority number first, and the caller
says so. Widths are decided once per page of rows (and on resize), never per frame.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidly_tui.present.kinds import IDENTIFYING_KINDS, Kind

if TYPE_CHECKING:
    from rapidly_tui.present.spec import Column

#: An identifier longer than this is not kept whole at the cost of other columns
#: (a 300-character URL would leave room for nothing else); it shows cut with `…`.
WHOLE_UP_TO = 64


@dataclass(frozen=True)
class WidthRule:
    """How one column may be sized (see :class:`rapidly_tui.present.spec.Column`)."""

    header: str
    #: 1 is kept longest; the highest number is dropped first.
    priority: int
    #: Narrower than this the column is dropped rather than cut.
    min_width: int
    #: What the column gets before any spare width is shared out.
    preferred_width: int
    #: Gets spare width first, up to its longest value.
    identifying: bool = False
    align_right: bool = False

    @classmethod
    def from_column(cls, column: Column, kind: Kind) -> WidthRule:
        return cls(
            column.header,
            column.priority,
            column.min_width,
            column.preferred_width,
            identifying=kind in IDENTIFYING_KINDS,
            align_right=column.align_right,
        )


@dataclass(frozen=True)
class Allocation:
    """Each column's width (0 when dropped) and the indexes of the dropped columns."""

    widths: tuple[int, ...]
    dropped: tuple[int, ...]

    def is_cut(self, index: int, natural: int) -> bool:
        """Whether a value ``natural`` cells wide does not fit column ``index``."""
        return index in self.dropped or natural > self.widths[index]


def allocate(
    rules: Sequence[WidthRule],
    natural: Sequence[int],
    available: int | None,
    *,
    gap: int = 2,
) -> Allocation:
    """Share ``available`` cells among columns whose widest value (header included) is
    ``natural``; ``gap`` cells separate two columns.

    ``available=None`` (a pipe) means no limit: every column gets its natural width.
    Otherwise a column starts at its minimum (or its natural width, if narrower);
    columns that do not fit at that are dropped (highest priority number first, the
    rightmost of equals), and so are columns that are neither identifying nor of
    priority 1 (or are an identifier whole at its minimum and ranked below every
    other column) while the identifiers (up to :data:`WHOLE_UP_TO` cells) cannot be
    whole; then the spare width goes, in priority order, to identifying columns up to
    their preferred width, to identifying columns up to their natural width, to the
    others up to their preferred width, and to the others up to their natural width.
    A lone column wider than ``available`` is cut to it.
    """
    if len(rules) != len(natural):
        raise ValueError("one natural width per column")
    if available is None:
        return Allocation(tuple(max(1, n) for n in natural), ())
    floors = [max(1, min(rule.min_width, want)) for rule, want in zip(rules, natural, strict=True)]
    shown = list(range(len(rules)))

    def used() -> int:
        return sum(widths[i] for i in shown) + gap * max(0, len(shown) - 1)

    widths = list(floors)
    while len(shown) > 1 and used() > available:
        drop = max(shown, key=lambda i: (rules[i].priority, i))
        shown.remove(drop)
    # A cut identifier reads like a real, wrong one; a dropped column is named. So
    # when the identifiers cannot be whole, columns that are not identifying (and not
    # priority 1) make room for them, highest priority number first; so does an
    # identifier ranked below every other column and whole at its minimum (a list's
    # 36-character id, which a person does not read a row by).
    whole = [
        natural[i] if rules[i].identifying and natural[i] <= WHOLE_UP_TO else widths[i]
        for i in range(len(rules))
    ]
    last = [
        i
        for i, rule in enumerate(rules)
        if whole[i] == floors[i]
        and all(rule.priority > other.priority for j, other in enumerate(rules) if j != i)
    ]
    while sum(whole[i] for i in shown) + gap * (len(shown) - 1) > available:
        droppable = [
            i for i in shown if rules[i].priority > 1 and (not rules[i].identifying or i in last)
        ]
        if not droppable:
            break
        shown.remove(max(droppable, key=lambda i: (rules[i].priority, i)))
    # A column dropped to make room for a wider one that was dropped in the end (an id
    # too wide for a narrow terminal) comes back where it fits, lowest number first:
    # blank width next to a "not shown" note would mislead as much as a cut value.
    for index in sorted(set(range(len(rules))) - set(shown), key=lambda i: (rules[i].priority, i)):
        candidate = sorted([*shown, index])
        if sum(whole[i] for i in candidate) + gap * (len(candidate) - 1) <= available:
            shown = candidate
    if used() > available:  # one column left, and not even its minimum fits
        widths[shown[0]] = max(1, available)
    spare = available - used()
    by_priority = sorted(shown, key=lambda i: (rules[i].priority, i))
    # (identifying?, up to the preferred width only?) in the order spare width goes.
    for identifying, preferred_only in ((True, True), (True, False), (False, True), (False, False)):
        for index in by_priority:
            if spare <= 0:
                break
            if rules[index].identifying != identifying:
                continue
            target = natural[index]
            if preferred_only:
                target = min(target, rules[index].preferred_width)
            grant = min(spare, max(0, target - widths[index]))
            widths[index] += grant
            spare -= grant
    dropped = tuple(i for i in range(len(rules)) if i not in shown)
    for index in dropped:
        widths[index] = 0
    return Allocation(tuple(widths), dropped)
