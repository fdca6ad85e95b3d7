"""A canary token through every row of the fault matrix: with ``--log FILE`` (debug
logging of httpx and httpcore included), the token must appear in no output, no log
line and no file the commands leave under the XDG directories.

The canary is ``rapidly_oat_CANARY`` plus random hex, so a leak of any part of it is
unmistakable; the demo server (in this process) is taught to accept it.
"""

from __future__ import annotations

import secrets
from pathlib import Path

import pytest

from rapidly_tui import exitcodes
from rapidly_tui.demo.app import TOKENS, Principal
from tests.e2e.test_faults_cli import (
    CUSTOMERS,
    FAULTS,
    LIST_CUSTOMERS,
    Cli,
    ClientHooks,
    Fault,
    Result,
    check_outcome,
    cli,
    hooks,
    isolated,
    run_fault,
)
from tests.support.server import DemoServer

__all__ = ["cli", "hooks", "isolated"]  # fixtures shared with the fault matrix

pytestmark = pytest.mark.e2e


@pytest.fixture
def canary(monkeypatch: pytest.MonkeyPatch) -> str:
    token = "rapidly_oat_CANARY" + secrets.token_hex(16)
    # A workspace token of acme, like the matrix's default token.
    monkeypatch.setitem(TOKENS, token, Principal(frozenset({"acme"}), None))
    return token


def log_path(root: Path) -> Path:
    """The --log file, inside the scanned XDG state directory."""
    path = root / "xdg_state_home" / "rapidly-tui" / "debug.log"
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def files_under(root: Path) -> list[Path]:
    """Every file the test's XDG directories (and the log) hold."""
    return [path for path in root.rglob("*") if path.is_file()]


def assert_nowhere(canary: str, result: Result, root: Path) -> None:
    tail = canary[-12:]  # not even the random part alone
    for text in (result.out, result.err):
        assert canary not in text
        assert tail not in text
    for path in files_under(root):
        content = path.read_text(encoding="utf-8", errors="replace")
        assert canary not in content, path
        assert tail not in content, path


@pytest.mark.parametrize("fault", FAULTS, ids=str)
def test_the_canary_never_leaks_under_any_fault(
    cli: Cli,
    hooks: ClientHooks,
    *,
    demo_server: DemoServer,
    isolated: Path,
    canary: str,
    fault: Fault,
) -> None:
    log_file = log_path(isolated)
    result = run_fault(cli, hooks, demo_server, fault, "--log", str(log_file), token=canary)
    # The same outcome as without --log: the canary run really went through the fault.
    check_outcome(result, fault, demo_server)
    text = log_file.read_text(encoding="utf-8")
    assert "HTTP Request: GET" in text or fault.closed_port  # debug logging really ran
    assert_nowhere(canary, result, isolated)


def test_a_server_echoing_the_token_in_its_error_is_redacted(
    cli: Cli, demo_server: DemoServer, isolated: Path, canary: str
) -> None:
    # A misconfigured proxy or debug page may echo the request's Authorization header.
    demo_server.faults.status(
        CUSTOMERS, 404, body={"detail": f"no route for Authorization: Bearer {canary}"}
    )
    log_file = log_path(isolated)
    result = cli(*LIST_CUSTOMERS, "--log", str(log_file), token=canary)
    assert result.code == exitcodes.NOT_FOUND
    assert "[REDACTED]" in result.err
    assert_nowhere(canary, result, isolated)


def test_a_canary_in_the_server_url_is_not_echoed(cli: Cli, isolated: Path, canary: str) -> None:
    # Someone pastes the token where the URL goes: the error must not repeat it.
    log_file = log_path(isolated)
    result = cli(*LIST_CUSTOMERS, "--log", str(log_file), token=canary, server=canary)
    assert result.code == exitcodes.USAGE
    assert_nowhere(canary, result, isolated)
