"""The real ``rapidly-tui`` process: keyring backends chosen the way people choose
them (PYTHON_KEYRING_BACKEND), the demo API over loopback, wall-clock limits."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from rapidly_tui.demo import DEMO_TOKEN
from tests.support.server import DemoServer

pytestmark = pytest.mark.e2e

ROOT = Path(__file__).resolve().parents[2]
_DROPPED_PREFIXES = ("RAPIDLY_", "XDG_", "PYTHON_KEYRING", "SSH_", "DBUS_", "COV_CORE")


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(_DROPPED_PREFIXES)}
    env["HOME"] = str(tmp_path / "home")
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        env[name] = str(tmp_path / name.lower())
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(extra)
    return env


def run_cli(
    env: dict[str, str], *argv: str, stdin: str | None = None, timeout: float = 30
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rapidly_tui", *argv],
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


def test_login_with_no_keyring_fails_fast_naming_the_choices(tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text("rapidly_oat_donewhen0123456789abcdef\n")
    env = cli_env(tmp_path, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    started = time.monotonic()
    with token_file.open() as stdin:
        result = subprocess.run(
            [sys.executable, "-m", "rapidly_tui", "auth", "login", "--with-token"],
            stdin=stdin,
            capture_output=True,
            text=True,
            env=env,
            cwd=ROOT,
            timeout=30,
            check=False,
        )
    assert time.monotonic() - started < 5
    assert result.returncode == 3
    assert "RAPIDLY_ACCESS_TOKEN" in result.stderr
    assert "--insecure-storage" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "donewhen" not in result.stderr + result.stdout
    assert not (tmp_path / "xdg_config_home" / "rapidly-tui" / "credentials.toml").exists()


def test_login_then_status_with_a_working_keyring(tmp_path: Path, demo_server: DemoServer) -> None:
    env = cli_env(
        tmp_path,
        PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring",
        RAPIDLY_SERVER_URL=demo_server.base_url,
    )
    login = run_cli(env, "auth", "login", "--with-token", stdin=DEMO_TOKEN + "\n")
    assert login.returncode == 0, login.stderr
    assert "acme" in login.stdout
    status = run_cli(env, "auth", "status")
    assert status.returncode == 0, status.stderr
    assert f"rapidly_at_u_…{DEMO_TOKEN[-4:]}" in status.stdout
    assert "source:     keyring" in status.stdout
    assert "workspaces: 2" in status.stdout
    for output in (login.stdout, login.stderr, status.stdout, status.stderr):
        assert DEMO_TOKEN not in output
        assert "Traceback" not in output
    logout = run_cli(env, "auth", "logout")
    assert logout.returncode == 0
    after = run_cli(env, "auth", "status")
    assert after.returncode == 3
    assert "not logged in" in after.stderr


HANGING_BACKEND = textwrap.dedent(
    """
    import time
    from keyring.backend import KeyringBackend

    class HangingKeyring(KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            time.sleep(120)

        def set_password(self, service, username, password):
            time.sleep(120)

        def delete_password(self, service, username):
            time.sleep(120)
    """
)


def test_a_hung_keyring_neither_hangs_the_command_nor_its_exit(tmp_path: Path) -> None:
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "hangingkeyring.py").write_text(HANGING_BACKEND)
    env = cli_env(tmp_path, PYTHON_KEYRING_BACKEND="hangingkeyring.HangingKeyring")
    env["PYTHONPATH"] = os.pathsep.join([str(modules), env["PYTHONPATH"]])
    started = time.monotonic()
    result = run_cli(env, "auth", "status", timeout=60)
    elapsed = time.monotonic() - started
    # About 3 s of keyring deadline plus interpreter start-up, not 120 s.
    assert elapsed < 8
    assert result.returncode == 3
    assert "did not answer within 3 s" in result.stderr
    assert "RAPIDLY_ACCESS_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_environment_token_needs_no_keyring_at_all(
    tmp_path: Path, demo_server: DemoServer
) -> None:
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "hangingkeyring.py").write_text(HANGING_BACKEND)
    env = cli_env(
        tmp_path,
        PYTHON_KEYRING_BACKEND="hangingkeyring.HangingKeyring",
        RAPIDLY_ACCESS_TOKEN=DEMO_TOKEN,
        RAPIDLY_SERVER_URL=demo_server.base_url,
    )
    env["PYTHONPATH"] = os.pathsep.join([str(modules), env["PYTHONPATH"]])
    started = time.monotonic()
    result = run_cli(env, "auth", "status")
    assert time.monotonic() - started < 3
    assert result.returncode == 0, result.stderr
    assert "source:     env" in result.stdout


def test_a_misconfigured_backend_name_is_reported_not_a_traceback(tmp_path: Path) -> None:
    env = cli_env(tmp_path, PYTHON_KEYRING_BACKEND="no.such.Backend")
    result = run_cli(env, "auth", "status")
    assert result.returncode == 3
    assert "ModuleNotFoundError" in result.stderr
    assert "Traceback" not in result.stderr
