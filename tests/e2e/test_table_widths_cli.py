"""Command tables use the terminal's width: identifiers whole (on every page of
``--all``, not only the first), a column left out is named on stderr, a pipe cuts
nothing."""

from __future__ import annotations

import re

import pytest

from rapidly_tui import exitcodes
from rapidly_tui.commands.data import PAYMENTS
from rapidly_tui.demo.data import LONG_NAME
from rapidly_tui.output import cell_width
from tests.e2e.test_commands_cli import Cli, _acme_live_customers, cli, isolated
from tests.support.server import DemoServer

pytestmark = pytest.mark.e2e
__all__ = ["cli", "isolated"]  # fixtures


def test_customers_list_all_at_140_columns_shows_every_email_whole(
    cli: Cli, demo_server: DemoServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "140")
    result = cli("customers", "list", "--all")
    assert result.code == exitcodes.OK
    lines = result.out.splitlines()
    assert all(cell_width(line) <= 140 for line in lines)
    emails = [str(c["email"]) for c in _acme_live_customers(demo_server)]
    assert max(len(e) for e in emails) >= 40
    # Cells are two spaces apart; the id (the first column left out) may be.
    cells = {cell for line in lines for cell in re.split(r" {2,}", line)}
    missing = [email for email in emails if email not in cells]
    assert missing == []


def test_a_column_left_out_on_a_narrow_terminal_is_named_on_stderr(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("payments", "list")
    assert result.code == exitcodes.OK
    header = result.out.splitlines()[0].split()
    assert "Not shown, too narrow (80 columns): " in result.err
    note = result.err.split("Not shown, too narrow (80 columns): ", 1)[1].split(".", 1)[0]
    left_out = note.split(", ")
    # Every column is either in the header or named as left out, never both, never none.
    every = [column.header for column in PAYMENTS.columns]
    assert sorted(header + left_out) == sorted(every)
    assert left_out


def test_in_a_pipe_nothing_is_cut_or_left_out(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS")
    result = cli("customers", "list", "--limit", "20")
    assert result.code == exitcodes.OK
    assert LONG_NAME[:300] in result.out  # only the 300-character cell source cap
    assert "too narrow" not in result.err
    assert "CREATED" in result.out.splitlines()[0]
