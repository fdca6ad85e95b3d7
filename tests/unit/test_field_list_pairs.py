"""A field list draws exactly what the Rich grid it replaced drew, at every width."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from rich.console import Console
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

from rapidly_tui.text import untrusted
from rapidly_tui.widgets import format as fmt
from rapidly_tui.widgets.field_list import Pairs


def rows() -> list[tuple[str, Text]]:
    made = [
        ("Name", untrusted("Acme Files", style="bold")),
        ("A label longer than its column", untrusted("x" * 90)),
        ("Missing", untrusted(None)),
        ("Wide", untrusted("日本語のテキスト" * 6)),
        ("Emoji", untrusted("🎉 party 🎉" * 4)),
        ("Hostile", untrusted("evil\x1b[31mred\x07\u202e" + "y" * 40)),
        ("Spans", Text.assemble(("red", "red"), " plain ", ("bold", "bold"))),
        ("Styled", Text("dim italic", style="dim italic")),
        ("Trailing", Text("spaces after   ")),
        ("Created", fmt.timestamp(datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc))),
        ("", Text("")),
    ]
    for _label, value in made:
        value.no_wrap = True
        value.overflow = "ellipsis"
    return made


def drawn(renderable: object, width: int) -> list[list[Segment]]:
    console = Console(width=width, color_system="truecolor", force_terminal=True)
    lines = console.render_lines(renderable, console.options.update_width(width), pad=False)
    return [list(Segment.simplify(line)) for line in lines]


@pytest.mark.parametrize("label_width", [16, 17, 21])
@pytest.mark.parametrize("width", [*range(1, 30), 40, 57, 80, 120, 200])
def test_the_pairs_draw_what_the_grid_draws(label_width: int, width: int) -> None:
    pairs = Pairs(rows(), label_width)

    assert drawn(pairs, width) == drawn(pairs.table(), width)


@pytest.mark.parametrize(
    "odd",
    [
        Text("tab\there"),
        Text("two\nlines"),
        Text("right", justify="right"),
    ],
)
def test_what_the_direct_path_does_not_draw_is_left_to_the_grid(odd: Text) -> None:
    pairs = Pairs([*rows(), ("Odd", odd)], 17)

    for width in (30, 80):
        assert drawn(pairs, width) == drawn(pairs.table(), width)


def test_the_value_is_cut_with_an_ellipsis() -> None:
    lines = drawn(Pairs([("Name", Text("Acme Files"))], 16), 24)

    assert "".join(segment.text for segment in lines[0]) == "Name             Acme F…"


def test_measured_as_the_grid() -> None:
    pairs = Pairs(rows(), 17)
    console = Console(width=100)

    assert Measurement.get(console, console.options, pairs) == Measurement.get(
        console, console.options, pairs.table()
    )


def test_plain_pairs_are_drawn_without_laying_out_a_table(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The point of Pairs: the overview's first frame lays out no Rich Table."""
    pairs = Pairs(rows(), 17)
    expected = drawn(pairs.table(), 80)

    def no_table() -> None:
        raise AssertionError("a Rich Table was laid out")

    monkeypatch.setattr(pairs, "table", no_table)
    assert drawn(pairs, 80) == expected
