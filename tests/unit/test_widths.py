"""How a table's width is shared: identifiers whole first, columns dropped, not squeezed."""

from __future__ import annotations

import pytest

from rapidly_tui.present.spec import Column, Kind
from rapidly_tui.present.widths import WidthRule, allocate

EMAIL = WidthRule("email", priority=1, min_width=12, preferred_width=24, identifying=True)
NAME = WidthRule("name", priority=2, min_width=8, preferred_width=20)
TYPE = WidthRule("type", priority=4, min_width=6, preferred_width=10)
EXTERNAL = WidthRule("external id", priority=3, min_width=8, preferred_width=14, identifying=True)
CREATED = WidthRule("created", priority=5, min_width=20, preferred_width=20)
RULES = [EMAIL, NAME, TYPE, EXTERNAL, CREATED]
LONG_EMAIL = "customer249@acme-customers.test"


def test_a_pipe_gets_every_natural_width() -> None:
    allocation = allocate(RULES, [300, 40, 10, 8, 20], None)
    assert allocation.widths == (300, 40, 10, 8, 20)
    assert allocation.dropped == ()


def test_identifying_columns_are_whole_before_others_get_their_preferred_width() -> None:
    natural = [len(LONG_EMAIL), 30, 10, 8, 20]
    # minimums 12+8+6+8+20 = 54, gaps 8: 62; 38 spare cells: the email to its
    # preferred 24 then whole (19), the name to its preferred 20 (12), the type to 10
    # (4), the name the last 3.
    allocation = allocate(RULES, natural, 100)
    assert allocation.widths == (len(LONG_EMAIL), 23, 10, 8, 20)
    assert allocation.is_cut(1, 30)
    assert not allocation.is_cut(0, len(LONG_EMAIL))
    assert allocation.dropped == ()


def test_when_everything_fits_every_column_gets_its_natural_width() -> None:
    natural = [len(LONG_EMAIL), 18, 8, 8, 20]
    allocation = allocate(RULES, natural, 200)
    assert allocation.widths == tuple(natural)
    assert not any(allocation.is_cut(i, n) for i, n in enumerate(natural))


def test_columns_that_cannot_have_their_minimum_are_dropped_lowest_priority_first() -> None:
    natural = [len(LONG_EMAIL), 30, 10, 8, 20]
    allocation = allocate(RULES, natural, 35)
    # type (4) and created (5) have no room; the name (2) makes room for the email
    assert allocation.dropped == (1, 2, 4)
    assert allocation.widths[2] == allocation.widths[4] == 0
    assert allocation.is_cut(4, 20)
    shown = [w for i, w in enumerate(allocation.widths) if i not in allocation.dropped]
    assert sum(shown) + 2 * (len(shown) - 1) <= 35


def test_a_lone_column_narrower_than_its_minimum_is_cut_not_dropped() -> None:
    allocation = allocate([EMAIL, CREATED], [len(LONG_EMAIL), 20], 5)
    assert allocation.dropped == (1,)
    assert allocation.widths == (5, 0)


def test_a_short_column_never_takes_more_than_its_values() -> None:
    allocation = allocate(RULES, [5, 4, 4, 3, 7], 120)
    assert allocation.widths == (5, 4, 4, 3, 7)


def test_other_columns_are_dropped_to_keep_identifiers_whole() -> None:
    natural = [40, 30, 10, 8, 20]
    # Every minimum fits (62), the email whole does not (90): created (priority 5)
    # goes; the email is whole, the name gets the 2 cells left.
    allocation = allocate(RULES, natural, 70)
    assert allocation.dropped == (4,)
    assert allocation.widths == (40, 10, 6, 8, 0)


def test_priority_one_and_very_long_identifiers_take_nothing_from_others() -> None:
    first = WidthRule("when", priority=1, min_width=16, preferred_width=16)
    url = WidthRule("url", priority=2, min_width=10, preferred_width=30, identifying=True)
    code = WidthRule("http", priority=3, min_width=4, preferred_width=4)
    allocation = allocate([first, url, code], [16, 300, 4], 60)
    assert allocation.dropped == ()
    assert allocation.widths == (16, 60 - 16 - 4 - 4, 4)


def test_a_rule_comes_from_a_spec_column_and_its_kind() -> None:
    column = Column("email", "email", priority=1, min_width=12, preferred_width=30)
    assert WidthRule.from_column(column, Kind.EMAIL).identifying
    assert not WidthRule.from_column(column, Kind.TIMESTAMP).identifying


def test_one_natural_width_per_column() -> None:
    with pytest.raises(ValueError, match="natural"):
        allocate(RULES, [1], 80)


def test_a_column_dropped_for_an_id_that_was_dropped_too_comes_back() -> None:
    # 80 columns and a 36-cell id: the id cannot stay, so the decline reason it was
    # dropped for comes back instead of leaving blank width beside a "not shown" note.
    rules = [
        WidthRule("WHEN", 1, 20, 20),
        WidthRule("ID", 1, 36, 36, identifying=True),
        WidthRule("DECLINE", 3, 5, 20),
    ]
    allocation = allocate(rules, [20, 36, 18], 50)
    assert allocation.dropped == (1,)
    assert allocation.widths == (20, 0, 18)
