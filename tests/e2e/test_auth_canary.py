"""A canary token through every path that touches a token, with debug logging on
and server errors injected: it must appear in no output, log or file (except the
0600 file when --insecure-storage was chosen)."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterator
from pathlib import Path

import keyring.core
import pytest

from rapidly_tui import logs
from rapidly_tui.auth.tokens import mask_token
from rapidly_tui.connection import ConnectionOptions, resolve_connection
from rapidly_tui.demo.app import TOKENS, Principal
from tests.e2e.test_auth_subprocess import cli_env, run_cli
from tests.support.server import DemoServer

pytestmark = pytest.mark.e2e


@pytest.fixture
def canary(monkeypatch: pytest.MonkeyPatch) -> str:
    token = "rapidly_oat_CANARY" + secrets.token_hex(16)
    # The demo server runs in this process: teach it the canary.
    monkeypatch.setitem(TOKENS, token, Principal(None, None))
    return token


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def scanned_files(tmp_path: Path) -> list[Path]:
    roots = [tmp_path / name for name in ("xdg_config_home", "xdg_state_home", "xdg_cache_home")]
    return [p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()]


def assert_nowhere(canary: str, outputs: list[str], files: list[Path]) -> None:
    for output in outputs:
        assert canary not in output
        assert canary[-12:] not in output  # not even a long tail of it
        assert "Traceback" not in output
    for path in files:
        assert canary not in path.read_text(errors="replace"), path


async def test_canary_never_leaks_with_the_keyring(
    tmp_path: Path,
    demo_server: DemoServer,
    canary: str,
    monkeypatch: pytest.MonkeyPatch,
    restore_logging: None,
) -> None:
    env = cli_env(
        tmp_path,
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        RAPIDLY_SERVER_URL=demo_server.base_url,
    )
    log_file = tmp_path / "xdg_state_home" / "rapidly-tui" / "debug.log"
    log_file.parent.mkdir(parents=True)
    log = ["--log", str(log_file)]
    faults = demo_server.faults
    outputs: list[str] = []

    faults.server_error("/api/workspaces/", 503, times=1)  # login retries once
    login = run_cli(env, "auth", "login", "--with-token", *log, stdin=canary)
    assert login.returncode == 0, login.stderr
    faults.rate_limit("/api/workspaces/", retry_after=0, times=1)
    status = run_cli(env, "auth", "status", *log)
    assert status.returncode == 0, status.stderr
    # The token really was read and used: shown masked (an early failure shows none).
    assert f"token:      {mask_token(canary)} " in status.stdout
    faults.server_error("/api/workspaces/", 500, times=5)
    failing = run_cli(env, "auth", "status", *log)
    assert failing.returncode == 5
    faults.clear()
    faults.status("/api/workspaces/", 401, times=1)
    rejected = run_cli(env, "auth", "status", *log)
    assert rejected.returncode == 3
    doctor = run_cli(env, "auth", "doctor", *log)
    assert doctor.returncode == 0, doctor.stderr
    assert "keyring entry:   present" in doctor.stdout
    info = run_cli(env, "info", *log)
    assert info.returncode == 0, info.stderr
    assert f"server:      {demo_server.base_url}" in info.stdout
    for result in (login, status, failing, rejected, doctor, info):
        outputs += [result.stdout, result.stderr]

    # In-process: resolve (reading the same keyring) and a client request that retries.
    for name, value in env.items():
        if name.startswith(("XDG_", "PYTHON_KEYRING", "RAPIDLY_")):
            monkeypatch.setenv(name, value)
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    logs.setup_logging(str(log_file), [])
    connection = resolve_connection(ConnectionOptions())
    assert connection.token == canary
    assert connection.token_source == "keyring"
    outputs += [repr(connection), str(connection), connection.masked_token]
    faults.server_error("/api/customers/", 502, times=1)
    async with connection.make_client() as client:
        outputs.append(repr(client))
        page = await client.list_customers(limit=5)
        assert page.data
        logging.getLogger("rapidly_tui.test").debug("client headers %s", client._http.headers)

    logout = run_cli(env, "auth", "logout", *log)
    assert logout.returncode == 0
    outputs += [logout.stdout, logout.stderr]

    text = log_file.read_text()
    assert "HTTP Request: GET" in text  # debug logging really ran
    assert "[REDACTED]" in text
    assert_nowhere(canary, outputs, scanned_files(tmp_path))


def test_canary_only_in_the_private_file_with_insecure_storage(
    tmp_path: Path, demo_server: DemoServer, canary: str
) -> None:
    env = cli_env(
        tmp_path,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
        RAPIDLY_SERVER_URL=demo_server.base_url,
    )
    log_file = tmp_path / "xdg_cache_home" / "debug.log"
    log_file.parent.mkdir(parents=True)
    log = ["--log", str(log_file)]
    login = run_cli(env, "auth", "login", "--insecure-storage", *log, stdin=canary)
    assert login.returncode == 0, login.stderr
    status = run_cli(env, "auth", "status", *log)
    assert status.returncode == 0, status.stderr
    assert "PLAIN TEXT" in status.stdout
    token_file = tmp_path / "xdg_config_home" / "rapidly-tui" / "credentials.toml"
    assert canary in token_file.read_text()
    assert (token_file.stat().st_mode & 0o777) == 0o600
    others = [p for p in scanned_files(tmp_path) if p != token_file]
    assert log_file in others
    assert_nowhere(canary, [login.stdout, login.stderr, status.stdout, status.stderr], others)
    logout = run_cli(env, "auth", "logout", *log)
    assert logout.returncode == 0
    assert not token_file.exists()
