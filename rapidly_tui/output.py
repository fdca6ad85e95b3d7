"""Writers for the command-line output: tables, JSON, JSON Lines and CSV.

Decisions (documented in docs/COMMANDS.md):

* **Table** is the default, on a terminal and in a pipe alike: a person reads it,
  and scripts ask for a machine format explicitly. Every cell goes through
  :func:`rapidly_tui.text.neutralize`, so no ESC/OSC byte from the API reaches stdout.
  Column widths are shared out by :func:`rapidly_tui.present.widths.allocate` within
  ``$COLUMNS`` (or the terminal's width): identifying columns (ids, emails, external
  ids) whole first, a cut value ends in ``…``, and a column left out for lack of room
  is named on stderr. In a pipe without ``$COLUMNS`` nothing is cut or left out.
  Widths are decided on the first page so a long listing streams with constant
  memory; identifying columns get at least their preferred width then, so ``--all``
  does not cut later pages' longer identifiers to the first page's.
* **JSON** is one document (a list is an array), **JSON Lines** one object per line.
  Both carry the API's exact values; JSON escaping makes them safe, and characters a
  terminal would act on or hide (C1 controls, bidi overrides, zero-width characters)
  are written as ``\\uXXXX`` escapes too, which decode to the same value.
* **CSV** carries exact values, except that a text cell starting with ``=``, ``+``,
  ``-``, ``@``, TAB or CR gets a leading ``'`` so that a spreadsheet never runs it as a
  formula (OWASP "CSV injection"). Numbers are never prefixed.

All writers write and flush page by page and keep no rows, so ``--all`` over any
number of items uses constant memory. This module imports neither httpx nor pydantic.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import Any, NamedTuple, Protocol, TextIO

from rapidly_tui.present import values
from rapidly_tui.present.widths import WidthRule, allocate
from rapidly_tui.text import MISSING, neutralize

#: Space between two table columns.
COLUMN_GAP = 2
#: Longest untrusted string considered for one cell (the cell cuts it further).
_CELL_SOURCE_CHARS = 300

# --- widths -----------------------------------------------------------------------


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes (CJK characters take two)."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def truncate(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` cells, with ``…`` when something was cut."""
    if cell_width(text) <= width:
        return text
    if width <= 0:
        return ""
    kept: list[str] = []
    used = 0
    for char in text:
        char_cells = _char_width(char)
        if used + char_cells > width - 1:
            break
        kept.append(char)
        used += char_cells
    return "".join(kept) + "…"


def _pad(text: str, width: int, *, right: bool = False) -> str:
    padding = " " * max(0, width - cell_width(text))
    return padding + text if right else text + padding


def output_width(stream: TextIO) -> int | None:
    """How many columns the output may use: ``$COLUMNS`` if set, else the terminal's
    width, else ``None`` (a pipe or file: no limit beyond each column's bound)."""
    columns = os.environ.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if _isatty(stream):
        return shutil.get_terminal_size((100, 24)).columns
    return None


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


# --- display helpers ----------------------------------------------------------------


def format_amount(amount: int | None, currency: object) -> str:
    """``1234, "usd"`` -> ``12.34 USD`` (amounts are in minor units; the decimals are
    :func:`rapidly_tui.present.values.money`'s, the same as the TUI's)."""
    return neutralize(values.money(amount, currency), max_chars=None)


def format_time(value: datetime | None) -> str:
    """A timestamp in UTC to the second (``2026-10-24 13:05:09 UTC``): incident notes
    compare times across people and time zones."""
    return values.timestamp(value, seconds=True)


def display(value: object, *, max_chars: int = _CELL_SOURCE_CHARS) -> str:
    """Any value as a safe one-line string; missing values show as ``—``."""
    if value is None or value == "":
        return MISSING
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return format_time(value)
    return neutralize(values.plain(value), max_chars=max_chars)


# --- tables -----------------------------------------------------------------------


class Column(NamedTuple):
    """One table column: a header and how to get a cell's value from an item."""

    header: str
    value: Callable[[Any], object]
    #: The width it gets before spare width is shared out (its preferred width).
    max_width: int = 40
    #: Narrower than this the column is left out rather than cut (ids keep their 36).
    min_width: int = 6
    align_right: bool = False
    #: 0: always shown. Otherwise, on a terminal too narrow for every column at its
    #: minimum, columns are left out, highest ``drop_order`` first.
    drop_order: int = 0
    #: Ids, emails, external ids: spare width first, up to the longest value.
    identifying: bool = False

    def rule(self) -> WidthRule:
        return WidthRule(
            self.header,
            priority=1 + self.drop_order,
            min_width=self.min_width,
            preferred_width=self.max_width,
            identifying=self.identifying,
            align_right=self.align_right,
        )


class ListWriter(Protocol):
    """Writes a list page by page: ``write_page`` for each page, then ``finish``."""

    def write_page(self, items: Sequence[Any]) -> None: ...

    def finish(self) -> None: ...


class TableWriter:
    """An aligned table; widths are decided on the first non-empty page.

    ``width=None`` (a pipe) cuts nothing: a later, longer value is written whole.
    Columns left out for lack of room are named on ``notices`` (stderr by default).
    """

    def __init__(
        self,
        columns: Sequence[Column],
        out: TextIO,
        *,
        width: int | None,
        notices: TextIO | None = None,
    ) -> None:
        self._columns = list(columns)
        self._out = out
        self._width = width
        self._notices = notices
        self._widths: list[int] | None = None
        #: Indexes of the columns shown (decided with the widths).
        self._shown = list(range(len(self._columns)))
        self.rows_written = 0

    def write_page(self, items: Sequence[Any]) -> None:
        if not items:
            return
        rows = [[display(column.value(item)) for column in self._columns] for item in items]
        if self._widths is None:
            self._widths = self._decide_widths(rows)
            self._write_line([column.header for column in self._columns])
        for row in rows:
            self._write_line(row)
        self.rows_written += len(rows)
        self._out.flush()

    def finish(self) -> None:
        self._out.flush()

    def _decide_widths(self, rows: Sequence[Sequence[str]]) -> list[int]:
        natural = []
        for index, column in enumerate(self._columns):
            widest = max([cell_width(column.header), *(cell_width(row[index]) for row in rows)])
            if column.identifying and self._width is not None:
                # Later pages' identifiers are often longer than the first page's.
                widest = max(widest, column.max_width)
            natural.append(widest)
        rules = [column.rule() for column in self._columns]
        allocation = allocate(rules, natural, self._width, gap=COLUMN_GAP)
        self._shown = [i for i in range(len(self._columns)) if i not in allocation.dropped]
        if allocation.dropped:
            left_out = ", ".join(self._columns[i].header for i in allocation.dropped)
            notices = self._notices or sys.stderr
            notices.write(
                f"Not shown, too narrow ({self._width} columns): {left_out}. "
                "A wider terminal, COLUMNS=200 or --json shows them.\n"
            )
            notices.flush()
        return list(allocation.widths)

    def _write_line(self, cells: Sequence[str]) -> None:
        widths = self._widths or [cell_width(cell) for cell in cells]
        parts = []
        for i in self._shown:
            cell = cells[i] if self._width is None else truncate(cells[i], widths[i])
            parts.append(_pad(cell, widths[i], right=self._columns[i].align_right))
        self._out.write((" " * COLUMN_GAP).join(parts).rstrip() + "\n")


def write_record(out: TextIO, fields: Iterable[tuple[str, object]], *, width: int | None) -> None:
    """One object as ``Label  value`` lines. A label of ``""`` continues the field
    above (metadata entries, address lines)."""
    pairs = [(label, display(value)) for label, value in fields]
    if not pairs:
        return
    label_width = max(cell_width(label) for label, _value in pairs)
    value_width = None if width is None else max(10, width - label_width - COLUMN_GAP)
    for label, value in pairs:
        shown = value if value_width is None else truncate(value, value_width)
        out.write(f"{_pad(label, label_width)}{' ' * COLUMN_GAP}{shown}".rstrip() + "\n")
    out.flush()


# --- JSON ---------------------------------------------------------------------------

# Characters >= U+007F that a terminal acts on or that hide text: JSON does not have
# to escape them, so json.dumps(ensure_ascii=False) would write them raw.
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn", "Co"})
# (A negated class: the range form takes milliseconds to compile at import.)
_NON_ASCII = re.compile(r"[^\x00-\x7e]")


def _escape_hidden(match: re.Match[str]) -> str:
    char = match.group()
    if unicodedata.category(char) not in _HIDDEN_CATEGORIES:
        return char
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def dumps_safe(value: Any, *, indent: int | None = None) -> str:
    """JSON text for ``value``: readable Unicode, but every character a terminal could
    act on or hide is escaped (the decoded value is unchanged)."""
    separators = (",", ": ") if indent is not None else (",", ":")
    text = json.dumps(value, ensure_ascii=False, indent=indent, separators=separators)
    return _NON_ASCII.sub(_escape_hidden, text)


def write_json(out: TextIO, value: Any) -> None:
    """One JSON document (an object for one resource)."""
    out.write(dumps_safe(value, indent=2) + "\n")
    out.flush()


class JsonArrayWriter:
    """A list as one JSON array, streamed: ``[`` first, each item as it comes, ``]``."""

    def __init__(self, out: TextIO, convert: Callable[[Any], Any]) -> None:
        self._out = out
        self._convert = convert
        self._first = True

    def write_page(self, items: Sequence[Any]) -> None:
        for item in items:
            body = dumps_safe(self._convert(item), indent=2).replace("\n", "\n  ")
            self._out.write(("[\n  " if self._first else ",\n  ") + body)
            self._first = False
        self._out.flush()

    def finish(self) -> None:
        self._out.write("[]\n" if self._first else "\n]\n")
        self._out.flush()


class JsonLinesWriter:
    """One compact JSON object per line."""

    def __init__(self, out: TextIO, convert: Callable[[Any], Any]) -> None:
        self._out = out
        self._convert = convert

    def write_page(self, items: Sequence[Any]) -> None:
        self._out.write("".join(dumps_safe(self._convert(item)) + "\n" for item in items))
        self._out.flush()

    def finish(self) -> None:
        self._out.flush()


# --- CSV ----------------------------------------------------------------------------

#: First characters that make a spreadsheet treat a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


#: What a NUL character becomes in CSV. Python 3.10's csv module cannot write one (and
#: no version can read one back), so the one byte CSV cannot carry is replaced.
CSV_NUL = "\ufffd"


def csv_cell(value: object) -> str:
    """The exact value as a CSV cell: ``None`` is empty, booleans are ``true``/``false``,
    objects and lists are compact JSON, text that a spreadsheet would run as a formula
    gets a leading ``'``, and a NUL character becomes U+FFFD (:data:`CSV_NUL`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dict, list)):
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    else:
        text = str(value)
    text = text.replace("\x00", CSV_NUL)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def json_path(data: Any, path: str) -> Any:
    """``data["a"]["b"]`` for ``"a.b"``; ``None`` where a step is missing."""
    for key in path.split("."):
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


class CsvWriter:
    """A header row of field paths, then one row per item, from the item's JSON data.

    Values are exact, except when ``out`` is a terminal: then control characters are
    made visible (as in the table), so a customer name cannot drive the terminal.
    """

    def __init__(self, out: TextIO, fields: Sequence[str], convert: Callable[[Any], Any]) -> None:
        self._out = out
        self._fields = list(fields)
        self._convert = convert
        self._terminal = _is_terminal(out)
        import csv

        # "\n" rather than RFC 4180's "\r\n": shell tools (cut, awk) would keep the \r;
        # every CSV reader accepts both.
        self._writer = csv.writer(out, lineterminator="\n")
        self._writer.writerow(self._fields)

    def write_page(self, items: Sequence[Any]) -> None:
        for item in items:
            data = self._convert(item)
            cells = [csv_cell(json_path(data, field)) for field in self._fields]
            if self._terminal:
                cells = [neutralize(cell, max_chars=None, newlines=True) for cell in cells]
            self._writer.writerow(cells)
        self._out.flush()

    def finish(self) -> None:
        self._out.flush()


def _is_terminal(out: TextIO) -> bool:
    try:
        return out.isatty()
    except (AttributeError, ValueError):
        return False
