"""The commands exit with the README's codes: one case per row of its exit-code table
(several where a row names several causes), against the loopback demo with faults."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from rapidly_tui import exitcodes
from rapidly_tui.cli import main
from rapidly_tui.demo import ADA_EMAIL, DEMO_ACME_TOKEN, DEMO_LIMITED_TOKEN, FaultPlan
from tests.support.server import DemoServer

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class Row:
    name: str
    argv: tuple[str, ...]
    code: int
    #: What the one stderr line says (empty: no line at all).
    says: str
    token: str | None = DEMO_ACME_TOKEN
    inject: Callable[[FaultPlan], object] = field(default=lambda faults: None)

    def __str__(self) -> str:
        return self.name


ROWS = [
    Row("0 success", ("customer", "get", ADA_EMAIL, "--json"), exitcodes.OK, ""),
    Row(
        "1 unexpected (an answer this version cannot read)",
        ("customers", "list"),
        exitcodes.UNEXPECTED,
        "Unreadable response",
        inject=lambda faults: faults.malformed_json("/api/customers/"),
    ),
    Row("2 usage (bad arguments)", ("customers", "list", "--bogus"), exitcodes.USAGE, "usage"),
    Row(
        "2 usage (a value the server refuses)",
        ("customers", "list"),
        exitcodes.USAGE,
        "Invalid request (422)",
        inject=lambda faults: faults.status("/api/customers/", 422),
    ),
    Row("3 no token", ("customers", "list"), exitcodes.AUTH, "token", token=None),
    Row(
        "3 401",
        ("customers", "list"),
        exitcodes.AUTH,
        "Token rejected (401)",
        token="rapidly_oat_not_a_real_token",
    ),
    Row(
        "3 403",
        ("payments", "list"),
        exitcodes.AUTH,
        "Permission denied (403)",
        token=DEMO_LIMITED_TOKEN,
    ),
    Row(
        "4 not found",
        ("customer", "get", "nobody@example.com"),
        exitcodes.NOT_FOUND,
        "No customer has the email or external id nobody@example.com",
    ),
    Row(
        "4 404 from the server",
        ("workspace", "get"),
        exitcodes.NOT_FOUND,
        "Not found (404)",
        inject=lambda faults: faults.status("/api/workspaces/", 404),
    ),
    Row(
        "5 retryable (5xx after retries)",
        ("customers", "list"),
        exitcodes.RETRYABLE,
        "Server error",
        inject=lambda faults: faults.server_error("/api/customers/", 503),
    ),
]


@pytest.mark.parametrize("row", ROWS, ids=str)
def test_exit_code_table(
    row: Row,
    demo_server: DemoServer,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("RAPIDLY_SERVER_URL", demo_server.base_url)
    if row.token is None:
        monkeypatch.delenv("RAPIDLY_ACCESS_TOKEN", raising=False)
    else:
        monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", row.token)
    row.inject(demo_server.faults)
    try:
        code = main(list(row.argv))
    except SystemExit as exit_:  # argparse
        code = exit_.code if isinstance(exit_.code, int) else exitcodes.UNEXPECTED
    err = capsys.readouterr().err
    assert code == row.code, err
    assert "Traceback" not in err
    if row.says:
        assert row.says in err
    else:
        assert err == ""
