"""fit_detail: the line under a table is cut to its width, never leaving a label
without its value, and a cut always shows ``…``."""

from __future__ import annotations

from rich.text import Text

from rapidly_tui.widgets.panel import fit_detail

VALUES = [
    ("ID", Text("7953e27e-1234-4685-a45f-a38e01c876f4")),
    ("DECLINE REASON", Text("insufficient_funds")),
]
WHOLE = "ID 7953e27e-1234-4685-a45f-a38e01c876f4  ·  DECLINE REASON insufficient_funds"


def test_a_line_that_fits_is_whole_without_an_ellipsis() -> None:
    assert fit_detail(VALUES, 120).plain == WHOLE
    assert fit_detail(VALUES, len(WHOLE)).plain == WHOLE


def test_a_label_that_cannot_show_its_value_is_left_out_for_an_ellipsis() -> None:
    # Room for "DECLINE REASON" but not a few letters of its value.
    line = fit_detail(VALUES, 62).plain
    assert line == "ID 7953e27e-1234-4685-a45f-a38e01c876f4  ·  …"


def test_a_value_cut_for_width_ends_in_an_ellipsis() -> None:
    line = fit_detail(VALUES, 70).plain
    assert len(line) == 70
    assert line.endswith("DECLINE REASON insufficie…")


def test_every_width_gives_one_row_no_wider_than_asked_and_cut_lines_end_in_an_ellipsis() -> None:
    for width in range(1, len(WHOLE) + 5):
        line = fit_detail(VALUES, width)
        assert "\n" not in line.plain
        assert line.cell_len <= width
        if line.plain != WHOLE:
            assert line.plain.endswith("…"), (width, line.plain)
            assert not line.plain.rstrip("…").rstrip().endswith("DECLINE REASON")


def test_wide_characters_are_cut_by_cells() -> None:
    line = fit_detail([("A", Text("x")), ("BB", Text("宽字符宽字符"))], 16)
    assert line.cell_len <= 16
    assert line.plain.endswith("…")
    assert "BB 宽" in line.plain
