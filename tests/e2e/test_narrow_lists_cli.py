"""At 80 columns a list for a person keeps whole what a row is read by (an event's
name, a delivery's event type, a payment's status and method, an email, a URL) and
leaves the 36-character id out first, saying so on stderr.

Before, the id was kept whole and every event name read ``customer…``: created,
updated and deleted looked the same.
"""

from __future__ import annotations

from typing import Any

import pytest

from rapidly_tui import exitcodes
from rapidly_tui.output import cell_width, display
from tests.e2e.test_commands_cli import Cli, cli, isolated

pytestmark = pytest.mark.e2e
__all__ = ["cli", "isolated"]  # fixtures

LIMIT = "20"
#: (command, headers that must be shown, JSON paths whose values must show whole)
CASES = [
    (("events", "list"), ("TIMESTAMP", "NAME"), ("name",)),
    (("webhooks", "deliveries"), ("CREATED", "RESULT", "HTTP", "EVENT"), ("webhook_event.type",)),
    (("payments", "list"), ("CREATED", "STATUS", "AMOUNT", "METHOD"), ("status", "method")),
    (("customers", "list"), ("EMAIL", "EXTERNAL ID"), ("email", "external_id")),
    (("members", "list"), ("EMAIL",), ("email",)),
    (("webhooks", "endpoints"), ("URL", "ENABLED"), ("url",)),
    (("shares", "list"), ("NAME", "VISIBILITY", "CREATED"), ("visibility",)),
]


def _value(item: dict[str, Any], path: str) -> Any:
    for key in path.split("."):
        item = item[key] if isinstance(item, dict) else None  # type: ignore[assignment]
    return item


@pytest.mark.parametrize(
    ("command", "headers", "paths"), CASES, ids=[" ".join(c) for c, _h, _p in CASES]
)
def test_at_80_columns_the_id_is_left_out_before_what_a_row_is_read_by(
    command: tuple[str, ...],
    headers: tuple[str, ...],
    paths: tuple[str, ...],
    cli: Cli,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    items = cli(*command, "--json", "--limit", LIMIT).json()
    assert isinstance(items, list)
    assert items
    monkeypatch.setenv("COLUMNS", "80")

    result = cli(*command, "--limit", LIMIT)

    assert result.code == exitcodes.OK
    header, *rows = result.out.splitlines()[: len(items) + 1]
    assert all(cell_width(line) <= 80 for line in result.out.splitlines())
    assert "Not shown, too narrow (80 columns): ID" in result.err
    assert header.split()[0] != "ID"
    for name in headers:
        assert name in header
    for item, row in zip(items, rows, strict=True):
        for path in paths:
            value = _value(item, path)
            if value:
                # As shown (control characters made visible), and not cut.
                assert f"{display(value)}  " in f"{row}  ", (path, row)


def test_event_names_that_differ_at_the_end_stay_apart(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    result = cli("events", "list", "--limit", "100")
    assert result.code == exitcodes.OK
    assert "customer.created" in result.out
    assert "customer.updated" in result.out
    assert "customer…" not in result.out
