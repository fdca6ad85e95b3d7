"""What changed between two loads (rapidly_tui/present/changes.py): new rows, changed
fields and moved counts, nothing on the first load, marks that last a while."""

from __future__ import annotations

from rapidly_tui.present.changes import KEEP_SECONDS, ChangeTracker, count_arrow


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_first_load_marks_nothing() -> None:
    tracker = ChangeTracker(clock=Clock())
    assert tracker.rows("payments", ["a", "b"]) == frozenset()
    assert tracker.fields("profile", {"Name": "Ada"}) == {}
    assert tracker.count("customers", 244) == 0


def test_a_row_not_in_the_previous_load_is_new_until_it_expires() -> None:
    clock = Clock()
    tracker = ChangeTracker(clock=clock)
    tracker.rows("payments", ["a", "b"])
    assert tracker.rows("payments", ["c", "a", "b"]) == {"c"}
    clock.now += 5  # a fast --refresh: the mark stays
    assert tracker.rows("payments", ["d", "c", "a"]) == {"c", "d"}
    clock.now += KEEP_SECONDS - 1
    assert tracker.rows("payments", ["d", "c", "a"]) == {"d"}  # c noticed 64 s ago
    clock.now += 10
    assert tracker.rows("payments", ["d", "c", "a"]) == frozenset()


def test_keys_are_separate() -> None:
    tracker = ChangeTracker(clock=Clock())
    tracker.rows("payments", ["a"])
    assert tracker.rows("deliveries", ["x"]) == frozenset()  # its own first load
    assert tracker.rows("payments", ["x", "a"]) == {"x"}


def test_a_changed_field_keeps_its_old_value() -> None:
    clock = Clock()
    tracker = ChangeTracker(clock=clock)
    tracker.fields("profile", {"Name": "Ada", "Email": "ada@example.com"})
    changed = tracker.fields("profile", {"Name": "Ada King", "Email": "ada@example.com"})
    assert [(name, c.old, c.new) for name, c in changed.items()] == [("Name", "Ada", "Ada King")]
    clock.now += 10
    assert tracker.fields("profile", {"Name": "Ada King"})["Name"].old == "Ada"
    changed = tracker.fields("profile", {"Name": "Countess"})
    assert (changed["Name"].old, changed["Name"].new) == ("Ada King", "Countess")
    clock.now += KEEP_SECONDS
    assert tracker.fields("profile", {"Name": "Countess"}) == {}


def test_a_field_that_appears_is_not_a_change() -> None:
    tracker = ChangeTracker(clock=Clock())
    tracker.fields("profile", {"Name": "Ada"})
    assert tracker.fields("profile", {"Name": "Ada", "City": "London"}) == {}


def test_counts_move_up_and_down_and_add_up_while_shown() -> None:
    clock = Clock()
    tracker = ChangeTracker(clock=clock)
    tracker.count("customers", 244)
    assert tracker.count("customers", 246) == 2
    clock.now += 5
    assert tracker.count("customers", 246) == 2  # still shown
    assert tracker.count("customers", 247) == 3  # since before the first move shown
    clock.now += KEEP_SECONDS + 1
    assert tracker.count("customers", 247) == 0
    assert tracker.count("customers", 245) == -2
    assert tracker.count("customers", 247) == 0  # back where it was: nothing moved


def test_count_arrow() -> None:
    assert count_arrow(2) == "▲2"
    assert count_arrow(-1_500) == "▼1,500"
    assert count_arrow(0) == ""


def test_an_old_value_is_shown_neutralised_before_the_new_one() -> None:
    from rich.text import Text

    from rapidly_tui.present.changes import FieldChange
    from rapidly_tui.screens.marks import changed_fields

    rows = [("Name", Text("Ada")), ("Email", Text("ada@example.com"))]
    shown = changed_fields(rows, {"Name": FieldChange("Evil\x1b]8;;x\x07[b]", "Ada", 0.0)})
    name = shown[0][1]
    assert name.plain.endswith(" → Ada")
    assert "\x1b" not in name.plain
    assert "\x07" not in name.plain
    assert shown[1][1].plain == "ada@example.com"
