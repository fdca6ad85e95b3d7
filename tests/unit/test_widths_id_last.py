"""A list's id, ranked below every other column, is left out before the columns a
person reads a row by, even though it is an identifier (present/widths.py)."""

from __future__ import annotations

from rapidly_tui.present.widths import WidthRule, allocate

ID = WidthRule("ID", priority=9, min_width=36, preferred_width=36, identifying=True)
URL = WidthRule("URL", priority=1, min_width=20, preferred_width=60, identifying=True)
ENABLED = WidthRule("ENABLED", priority=2, min_width=7, preferred_width=7)
EVENTS = WidthRule("EVENTS", priority=4, min_width=10, preferred_width=40)


def test_the_id_ranked_last_makes_room_for_a_whole_url_and_the_other_columns() -> None:
    # Every minimum fits (77 of 100); the URL whole with the id (112) does not.
    allocation = allocate([ID, URL, ENABLED, EVENTS], [36, 60, 7, 40], 100)
    assert allocation.dropped == (0,)
    assert allocation.widths[1] == 60  # the URL whole
    assert allocation.widths[2] == 7
    assert not allocation.is_cut(2, 7)


def test_an_identifier_not_ranked_last_is_kept_and_others_make_room() -> None:
    external = WidthRule("EXTERNAL", priority=3, min_width=8, preferred_width=30, identifying=True)
    allocation = allocate([URL, ENABLED, external, EVENTS], [60, 7, 30, 40], 100)
    assert 2 not in allocation.dropped
    assert allocation.dropped == (1, 3)


def test_a_last_ranked_identifier_that_needs_room_itself_is_not_dropped_for_others() -> None:
    # A customer's members in the TUI: the external id ranks last but is cut, not left
    # out, when the email cannot be whole; only a column whole at its minimum (an id)
    # goes.
    email = WidthRule("email", priority=1, min_width=12, preferred_width=24, identifying=True)
    name = WidthRule("name", priority=2, min_width=8, preferred_width=20)
    external = WidthRule("external", priority=4, min_width=8, preferred_width=20, identifying=True)
    allocation = allocate([email, name, external], [31, 20, 20], 50)
    assert allocation.dropped == (1,)
