"""A payment's amount reads the same in the overview, the customer detail and
``payments list`` (table and CSV), whatever its currency's decimals (ISO 4217)."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import re
from decimal import Decimal
from typing import Any

import pytest

from rapidly_tui.cli import main
from rapidly_tui.demo import DEMO_ACME_TOKEN
from rapidly_tui.screens.detail import CustomerDetailScreen
from rapidly_tui.screens.overview import OverviewScreen
from rapidly_tui.widgets.panel import Panel
from rapidly_tui.widgets.tables import RowTable
from tests.support.server import DemoServer
from tests.tui.harness import SIZE, make_harness, wait_until

#: Ada's four payments of the demo, one per number of decimals.
CURRENCY_AMOUNTS = {"1,000 PYG", "1,000 JPY", "12.345 KWD", "10.00 USD"}
_AMOUNT = re.compile(r"^(-?[\d,]+(?:\.(\d+))?) ([A-Z]{3})$")


def amounts(table: RowTable, column: str) -> dict[str, str]:
    """Payment id -> the amount cell as a person reads it."""
    return {
        str(table.coordinate_to_cell_key((row, 0))[0].value): table.cell_plain(row, column)
        for row in range(table.row_count)
    }


def run_cli(argv: list[str]) -> str:
    """``rapidly-tui ARGV``'s stdout (in a thread: the command runs its own loop)."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
        assert main(argv) == 0
    return out.getvalue()


def table_amounts(text: str) -> dict[str, str]:
    """Payment id -> AMOUNT cell of ``payments list``'s table (right-aligned)."""
    header, *rows = text.splitlines()
    end = header.index("AMOUNT") + len("AMOUNT")
    return {row.split()[0]: row[:end].rsplit("  ", 1)[-1].strip() for row in rows}


def minor_units_read(amount: str) -> tuple[int, str]:
    """``"12.345 KWD"`` -> ``(12345, "kwd")``: what a person reading it understands."""
    match = _AMOUNT.match(amount)
    assert match, f"not an amount: {amount!r}"
    figure, _fraction, code = match.groups()
    decimals = len(_fraction or "")
    return int(Decimal(figure.replace(",", "")) * 10**decimals), code.lower()


@pytest.fixture
def commands_env(demo_server: DemoServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("RAPIDLY_SERVER_URL", demo_server.base_url)
    monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", DEMO_ACME_TOKEN)
    monkeypatch.setenv("COLUMNS", "200")


async def test_every_payment_reads_the_same_amount_in_screens_and_commands(
    commands_env: None,
) -> None:
    # The commands: every payment of the workspace, as a table and as CSV.
    table = table_amounts(await asyncio.to_thread(run_cli, ["payments", "list", "--all"]))
    rows = list(
        csv.DictReader(
            io.StringIO(await asyncio.to_thread(run_cli, ["payments", "list", "--all", "--csv"]))
        )
    )
    assert len(rows) == len(table) == 150  # every payment of Acme Files
    # CSV carries the exact minor units; the table shows them with the currency's
    # decimals, and reading the table back gives the same amount.
    for row in rows:
        assert minor_units_read(table[row["id"]]) == (int(row["amount"]), row["currency"])
    assert set(table.values()) >= CURRENCY_AMOUNTS

    # The overview's failed payments.
    h = make_harness()
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: isinstance(h.app.screen, OverviewScreen))
        await wait_until(pilot, lambda: h.app.screen.query_one("#failed-payments"))  # composed
        failed = h.app.screen.query_one("#failed-payments", RowTable)
        await wait_until(pilot, lambda: failed.row_count > 0, what="failed payments")
        overview = amounts(failed, "amount")
    assert {"1,000 PYG", "12.345 KWD"} <= set(overview.values())
    assert overview == {key: table[key] for key in overview}

    # Ada's detail, every page of her payments.
    h = make_harness(start_customer="ada@example.com")
    async with h.app.run_test(size=SIZE) as pilot:
        await wait_until(
            pilot,
            lambda: isinstance(h.app.screen, CustomerDetailScreen) and h.app.screen.is_mounted,
        )
        screen = h.app.screen
        panel = screen.query_one("#panel-payments", Panel)
        await wait_until(pilot, lambda: panel.state == "ready", what="payments")
        payments = screen.query_one("#payments", RowTable)
        payments.focus()
        while panel.note:  # "20 of 43 · more below" until the last page is in
            before = payments.row_count
            await pilot.press("end")
            await wait_until(
                pilot, lambda before=before: payments.row_count > before, what="next page"
            )
        detail = amounts(payments, "amount")
    assert len(detail) == 43
    assert set(detail.values()) >= CURRENCY_AMOUNTS
    assert detail == {key: table[key] for key in detail}
