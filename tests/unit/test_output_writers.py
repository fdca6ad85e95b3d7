"""The command-line writers: tables a person reads, JSON/JSONL/CSV a script reads."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from rapidly_tui import output
from rapidly_tui.output import Column, CsvWriter, JsonArrayWriter, JsonLinesWriter, TableWriter

HOSTILE_NAME = "Mallory \x1b]52;c;cm0gLXJmIH4=\x07 [/] [@click=app.quit] \u202eevil\x9b31m"

COLUMNS = [
    Column("ID", lambda item: item.id, max_width=36, min_width=36),
    Column("NAME", lambda item: item.name, max_width=30),
    Column("AMOUNT", lambda item: item.amount, max_width=10, align_right=True),
]


def _item(number: int, name: str = "Ada", amount: int = 5) -> SimpleNamespace:
    return SimpleNamespace(id=f"00000000-0000-4000-8000-{number:012d}", name=name, amount=amount)


def _table(items: list[SimpleNamespace], width: int | None = None) -> list[str]:
    out = io.StringIO()
    writer = TableWriter(COLUMNS, out, width=width)
    writer.write_page(items)
    writer.finish()
    return out.getvalue().splitlines()


def test_table_aligns_columns_under_their_headers() -> None:
    lines = _table([_item(1, "Ada", 5), _item(2, "Grace Hopper", 12345)])
    header, first, second = lines
    name_at = header.index("NAME")
    assert first[name_at:].startswith("Ada")
    assert second[name_at:].startswith("Grace Hopper")
    # Numbers are right-aligned: their last digits line up with the header's end.
    assert first.endswith("     5")
    assert second.endswith("12345")
    assert len(header) == len(second)


def test_table_shows_hostile_names_literally_without_control_bytes() -> None:
    out = io.StringIO()
    writer = TableWriter([Column("NAME", lambda item: item.name, max_width=200)], out, width=None)
    writer.write_page([_item(1, HOSTILE_NAME)])
    text = out.getvalue()
    assert "\x1b" not in text
    assert "\x07" not in text
    assert "\x9b" not in text
    assert "\u202e" not in text
    assert "[/] [@click=app.quit]" in text  # shown as typed, not interpreted
    assert "␛]52;c;cm0gLXJmIH4=␇" in text
    assert "⟨U+202E⟩evil" in text


def test_table_fits_the_given_width_and_keeps_ids_whole() -> None:
    items = [_item(1, "A very long customer name that goes on and on", 1)]
    lines = _table(items, width=60)
    assert all(len(line) <= 60 for line in lines)
    assert items[0].id in lines[1]
    assert "…" in lines[1]


def test_in_a_pipe_nothing_is_cut_not_even_a_later_longer_value() -> None:
    out = io.StringIO()
    writer = TableWriter(COLUMNS, out, width=None)
    writer.write_page([_item(1, "Ada")])
    writer.write_page([_item(2, "Bartholomew " * 10)])
    writer.finish()
    _header, _first, second = out.getvalue().splitlines()
    assert ("Bartholomew " * 10).strip() in second
    assert "…" not in second
    assert writer.rows_written == 2


def test_table_writes_nothing_for_an_empty_list() -> None:
    assert _table([]) == []


def test_table_column_widths_count_wide_characters_as_two_cells() -> None:
    header, wide_row, narrow_row = _table([_item(1, "山田太郎"), _item(2, "Bob")])
    # Right-aligned last column: every row ends in the same terminal cell.
    assert output.cell_width(wide_row) == output.cell_width(narrow_row)
    assert output.cell_width(wide_row) == output.cell_width(header)
    assert wide_row[header.index("NAME") :].startswith("山田太郎")


def test_truncate_and_cell_width() -> None:
    assert output.cell_width("abc") == 3
    assert output.cell_width("山田") == 4
    assert output.truncate("abcdef", 4) == "abc…"
    assert output.truncate("山田太郎", 5) == "山田…"
    assert output.truncate("abc", 3) == "abc"


def test_record_aligns_labels_and_neutralises_values() -> None:
    out = io.StringIO()
    output.write_record(out, [("ID", "c1"), ("Name", HOSTILE_NAME), ("", "k = v")], width=None)
    lines = out.getvalue().splitlines()
    assert lines[0] == "ID    c1"
    assert lines[1].startswith("Name  Mallory ␛")
    assert lines[2] == "      k = v"
    assert "\x1b" not in out.getvalue()


def test_record_shows_missing_values_as_a_dash() -> None:
    out = io.StringIO()
    output.write_record(out, [("External ID", None), ("Verified", False)], width=None)
    assert out.getvalue().splitlines() == ["External ID  —", "Verified     no"]


def test_json_is_exact_but_escapes_characters_a_terminal_would_act_on() -> None:
    value = {"name": HOSTILE_NAME, "city": "Zürich 東京", "tag": "\U000e0001"}
    text = output.dumps_safe(value, indent=2)
    assert json.loads(text) == value
    for raw in ("\x1b", "\x07", "\x9b", "\u202e", "\U000e0001"):
        assert raw not in text
    assert "\\u202e" in text
    assert "\\udb40\\udc01" in text
    assert "Zürich 東京" in text  # readable Unicode stays readable


def test_json_array_streams_pages_into_one_document() -> None:
    out = io.StringIO()
    writer = JsonArrayWriter(out, lambda item: {"id": item.id, "name": item.name})
    writer.write_page([_item(1), _item(2)])
    writer.write_page([_item(3, HOSTILE_NAME)])
    writer.finish()
    document = json.loads(out.getvalue())
    assert [entry["id"][-1] for entry in document] == ["1", "2", "3"]
    assert document[2]["name"] == HOSTILE_NAME


def test_json_array_of_nothing_is_an_empty_array() -> None:
    out = io.StringIO()
    writer = JsonArrayWriter(out, lambda item: item)
    writer.write_page([])
    writer.finish()
    assert json.loads(out.getvalue()) == []


def test_json_lines_writes_one_object_per_line() -> None:
    out = io.StringIO()
    writer = JsonLinesWriter(out, lambda item: {"id": item.id, "name": item.name})
    writer.write_page([_item(1, "multi\nline"), _item(2)])
    writer.finish()
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    assert json.loads(lines[0])["name"] == "multi\nline"


def test_csv_guards_formulas_and_keeps_other_values_exact() -> None:
    out = io.StringIO()
    writer = CsvWriter(out, ["id", "name", "amount", "meta", "address.city", "ok"], lambda d: d)
    rows = [
        {"id": "1", "name": '=HYPERLINK("http://x")', "amount": -500, "meta": {"a": 1}},
        {"id": "2", "name": "+1 555", "amount": 0, "address": {"city": "@home"}, "ok": True},
        {"id": "3", "name": "-x", "address": None, "ok": False},
        {"id": "4", "name": 'Ada "Countess", of\nLovelace'},
    ]
    writer.write_page(rows)
    writer.finish()
    parsed = list(csv.reader(io.StringIO(out.getvalue())))
    assert parsed[0] == ["id", "name", "amount", "meta", "address.city", "ok"]
    assert parsed[1] == ["1", '\'=HYPERLINK("http://x")', "-500", '{"a":1}', "", ""]
    assert parsed[2] == ["2", "'+1 555", "0", "", "'@home", "true"]
    assert parsed[3] == ["3", "'-x", "", "", "", "false"]
    assert parsed[4][1] == 'Ada "Countess", of\nLovelace'


def test_csv_writes_a_nul_character_as_a_replacement_character() -> None:
    # Python 3.10's csv module raises on NUL ("need to escape"), and no csv reader reads
    # one back: a customer named "Eve\x00" must not stop an export, on any Python.
    out = io.StringIO()
    writer = CsvWriter(out, ["name", "meta"], lambda d: d)
    writer.write_page([{"name": "Eve\x00Smith", "meta": {"k": "\x00"}}])
    writer.finish()
    assert "\x00" not in out.getvalue()
    parsed = list(csv.reader(io.StringIO(out.getvalue())))
    # (Inside JSON cells a NUL is already written as the escape \u0000, exactly.)
    assert parsed[1] == ["Eve\ufffdSmith", '{"k":"\\u0000"}']


def test_output_width_follows_columns_and_is_unbounded_in_a_pipe(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "72")
    assert output.output_width(io.StringIO()) == 72
    monkeypatch.delenv("COLUMNS")
    assert output.output_width(io.StringIO()) is None


def test_amounts_use_minor_units_except_for_zero_decimal_currencies() -> None:
    assert output.format_amount(123456, "usd") == "1,234.56 USD"
    assert output.format_amount(-5, "eur") == "-0.05 EUR"
    assert output.format_amount(1500, "jpy") == "1,500 JPY"
    assert output.format_amount(None, "usd") == "—"


def test_times_are_shown_in_utc_to_the_second() -> None:
    paris = timezone(timedelta(hours=2))
    assert output.format_time(datetime(2026, 10, 24, 14, 5, 9, 123, tzinfo=paris)) == (
        "2026-10-24 12:05:09 UTC"
    )
    assert output.format_time(None) == "—"


def test_narrow_terminals_leave_out_low_priority_columns_first() -> None:
    columns = [
        Column("ID", lambda item: item.id, max_width=36, min_width=36),
        Column("NAME", lambda item: item.name, max_width=30, min_width=12),
        Column("TYPE", lambda item: "individual", max_width=10, drop_order=2),
        Column("CREATED", lambda item: "2026-11-20 11:17:59Z", min_width=20, drop_order=1),
    ]
    out = io.StringIO()
    writer = TableWriter(columns, out, width=72)
    writer.write_page([_item(1, "Ada Lovelace")])
    header, row = out.getvalue().splitlines()
    assert header.split() == ["ID", "NAME", "CREATED"]  # TYPE went first
    assert row.endswith("2026-11-20 11:17:59Z")
    assert len(row) <= 72
    wide = io.StringIO()
    TableWriter(columns, wide, width=None).write_page([_item(1, "Ada Lovelace")])
    assert wide.getvalue().splitlines()[0].split() == ["ID", "NAME", "TYPE", "CREATED"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [False, True])
def test_csv_is_exact_in_a_pipe_and_harmless_on_a_terminal(terminal: bool) -> None:
    hostile = "\x1b]52;c;aGk=\x07Eve \x1b[31mred"
    out = _Terminal() if terminal else io.StringIO()
    writer = CsvWriter(out, ["name"], lambda item: item)
    writer.write_page([{"name": hostile}])
    writer.finish()
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    if terminal:
        assert "\x1b" not in out.getvalue()
        assert "\x07" not in out.getvalue()
        assert rows[1] == ["␛]52;c;aGk=␇Eve ␛[31mred"]
    else:
        assert rows[1] == [hostile]
