"""``auth login|logout|status|doctor`` and ``info`` run in-process against the demo
API over loopback, with keyring backends swapped in."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backends import fail

from rapidly_tui import cli
from rapidly_tui.config import app_paths, load_config
from rapidly_tui.demo import DEMO_ACME_TOKEN, DEMO_TOKEN
from tests.support.keyrings import MemoryKeyring
from tests.support.server import DemoServer

pytestmark = pytest.mark.e2e

HOSTILE = "\x1b]52;c;aGk=\x07[bold red]Mallory[/]\u202e"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    for name in ("RAPIDLY_ACCESS_TOKEN", "RAPIDLY_SERVER_URL", "PYTHON_KEYRING_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    yield tmp_path
    for handler in list(root.handlers):
        if handler not in handlers:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.fixture
def memory() -> MemoryKeyring:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    return backend


@pytest.fixture
def server(demo_server: DemoServer, monkeypatch: pytest.MonkeyPatch) -> DemoServer:
    monkeypatch.setenv("RAPIDLY_SERVER_URL", demo_server.base_url)
    return demo_server


def run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    *argv: str,
    stdin: str | None = None,
) -> tuple[int, str, str]:
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_login_checks_stores_and_lists_workspaces(
    server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(monkeypatch, capsys, "auth", "login", "--with-token", stdin=DEMO_TOKEN)
    assert code == 0, err
    assert memory.entries[("rapidly-tui", "default")] == DEMO_TOKEN
    assert "acme" in out
    assert "globex" in out
    assert "It can see 2 workspaces" in err
    assert "user OAuth token (rapidly_at_u_…" in err
    assert DEMO_TOKEN not in out + err
    assert server.faults.count("/api/workspaces/") == 1


def test_login_reads_piped_stdin_without_the_flag(
    server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(
        monkeypatch, capsys, "auth", "login", "--profile", "acme", stdin=f"{DEMO_ACME_TOKEN}\n"
    )
    assert code == 0, err
    assert memory.entries[("rapidly-tui", "acme")] == DEMO_ACME_TOKEN
    assert "acme" in load_config().profiles


def test_a_rejected_token_is_not_stored(
    server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bad = "rapidly_oat_revoked0123456789abcdefgh"
    code, out, err = run(monkeypatch, capsys, "auth", "login", stdin=bad)
    assert code == 3
    assert "rejected" in err
    assert "nothing was stored" in err
    assert memory.entries == {}
    assert bad not in out + err


def test_an_unreachable_server_stores_nothing_and_is_retryable(
    server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.faults.server_error("/api/workspaces/", 503)
    code, _, err = run(monkeypatch, capsys, "auth", "login", stdin=DEMO_TOKEN)
    assert code == 5
    assert "Nothing was stored" in err
    assert memory.entries == {}


def test_unrecognised_prefix_gets_a_warning(
    server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(monkeypatch, capsys, "auth", "login", stdin="ghp_notarapidlytoken0123456789")
    assert code == 3  # the demo rejects it, after the warning
    assert "does not look like a Rapidly token" in err
    assert "rapidly_oat_" in err


def test_hostile_workspace_names_are_neutralised(
    server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.faults.replace_value("/api/workspaces/", "name", HOSTILE)
    code, out, err = run(monkeypatch, capsys, "auth", "login", stdin=DEMO_TOKEN)
    assert code == 0, err
    assert "\x1b" not in out
    assert "\x07" not in out
    assert "\u202e" not in out
    assert "␛]52;c;aGk=␇[bold red]Mallory[/]⟨U+202E⟩" in out


def test_missing_scope_still_stores_with_a_warning(
    server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    server.faults.status("/api/workspaces/", 403, scopes="workspaces:read web:read")
    code, _, err = run(monkeypatch, capsys, "auth", "login", stdin=DEMO_TOKEN)
    assert code == 0
    assert "cannot list workspaces" in err
    assert "workspaces:read" in err
    assert memory.entries


def test_login_with_a_failing_keyring_stops_before_reading_a_token(
    server: DemoServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())
    code, _, err = run(monkeypatch, capsys, "auth", "login", stdin=DEMO_TOKEN)
    assert code == 3
    assert "RAPIDLY_ACCESS_TOKEN" in err
    assert "--insecure-storage" in err
    assert "Traceback" not in err
    assert server.faults.count() == 0  # the token was not even sent


def test_status_shows_masked_token_source_and_workspaces(
    server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    memory.entries[("rapidly-tui", "default")] = DEMO_ACME_TOKEN
    code, out, err = run(monkeypatch, capsys, "auth", "status")
    assert code == 0, err
    assert f"rapidly_oat_…{DEMO_ACME_TOKEN[-4:]}" in out
    assert "source:     keyring" in out
    assert "workspaces: 1" in out
    assert "acme" in out
    assert "from RAPIDLY_SERVER_URL" in out
    assert DEMO_ACME_TOKEN not in out + err


def test_status_prefers_the_environment(
    server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    memory.entries[("rapidly-tui", "default")] = DEMO_ACME_TOKEN
    monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", DEMO_TOKEN)
    code, out, _ = run(monkeypatch, capsys, "auth", "status")
    assert code == 0
    assert "source:     env" in out
    assert "workspaces: 2" in out


def test_status_without_a_token_exits_3(
    server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(monkeypatch, capsys, "auth", "status")
    assert code == 3
    assert "token:      none" in out
    assert "auth login" in err


def test_status_with_a_revoked_token_exits_3(
    server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    memory.entries[("rapidly-tui", "default")] = "rapidly_oat_revoked0123456789abcdef"
    code, _, err = run(monkeypatch, capsys, "auth", "status")
    assert code == 3
    assert "Token rejected" in err
    assert "request id" in err


def test_status_with_a_failing_keyring_still_shows_profile_and_server(
    server: DemoServer, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())
    code, out, err = run(monkeypatch, capsys, "auth", "status")
    assert code == 3
    assert "profile:    default" in out
    assert "--insecure-storage" in err


def test_insecure_storage_login_status_logout(
    server: DemoServer,
    isolated: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    keyring.set_keyring(fail.Keyring())
    code, _, err = run(monkeypatch, capsys, "auth", "login", "--insecure-storage", stdin=DEMO_TOKEN)
    assert code == 0, err
    assert "PLAIN TEXT" in err
    assert DEMO_TOKEN in app_paths().token_file.read_text()
    # The profile remembers the opt-in: no flag needed from now on, with a warning each time.
    code, out, err = run(monkeypatch, capsys, "auth", "status")
    assert code == 0, err
    assert "source:     file" in out
    assert "PLAIN TEXT" in out
    assert "plain-text file" in err
    code, _, err = run(monkeypatch, capsys, "auth", "logout")
    assert code == 0, err
    assert "Removed" in err
    assert not app_paths().token_file.exists()
    assert load_config().profile("default").insecure_storage is False


def test_logout_removes_the_keyring_entry(
    server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    memory.entries[("rapidly-tui", "default")] = DEMO_TOKEN
    code, _, err = run(monkeypatch, capsys, "auth", "logout")
    assert code == 0
    assert "Removed the token of profile 'default'" in err
    assert memory.entries == {}
    code, _, err = run(monkeypatch, capsys, "auth", "logout")
    assert code == 0
    assert "No token was stored" in err


def test_login_remembers_the_server_of_the_profile(
    demo_server: DemoServer,
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["auth", "login", "--profile", "local", "--server", demo_server.base_url]
    code, _, err = run(monkeypatch, capsys, *argv, stdin=DEMO_TOKEN)
    assert code == 0, err
    assert load_config().profile("local").server == demo_server.base_url
    code, out, _ = run(monkeypatch, capsys, "auth", "status", "--profile", "local")
    assert code == 0
    assert "from the profile" in out


def test_plain_http_to_a_remote_server_is_refused(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["auth", "login", "--server", "http://api.example.com"]
    code, _, err = run(monkeypatch, capsys, *argv, stdin=DEMO_TOKEN)
    assert code == 2
    assert "--allow-http" in err
    assert memory.entries == {}


def test_demo_needs_no_login(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(monkeypatch, capsys, "--demo", "auth", "login", stdin=DEMO_TOKEN)
    assert code == 2
    assert "demo" in err


def test_demo_status_runs_in_process(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(monkeypatch, capsys, "auth", "status", "--demo")
    assert code == 0, err
    assert "profile:    demo" in out
    assert "workspaces: 2" in out


def test_info_prints_paths_profile_and_server_without_the_keyring(
    isolated: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())
    code, out, err = run(monkeypatch, capsys, "info", "--server", "sandbox")
    assert code == 0, err
    paths = app_paths()
    assert f"config file: {paths.config_file} (not created yet)" in out
    assert f"state dir:   {paths.state_dir}" in out
    assert f"log dir:     {paths.log_dir}" in out
    assert "profile:     default" in out
    assert "server:      https://sandbox-api.rapidly.tech (sandbox, from --server)" in out


def test_doctor_reports_a_usable_keyring(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    memory.entries[("rapidly-tui", "default")] = DEMO_TOKEN
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    code, out, _ = run(monkeypatch, capsys, "auth", "doctor")
    assert code == 0
    assert "ssh session:     yes" in out
    assert "MemoryKeyring" in out
    assert "keyring entry:   present" in out
    assert "The keyring works" in out
    assert DEMO_TOKEN not in out


def test_doctor_explains_a_missing_keyring_over_ssh(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())
    monkeypatch.setenv("SSH_TTY", "/dev/pts/3")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
    code, out, _ = run(monkeypatch, capsys, "auth", "doctor")
    assert code == 3
    assert "ssh session:     yes" in out
    assert "NOT reachable" in out
    assert "No OS keyring" in out
    assert "RAPIDLY_ACCESS_TOKEN" in out
    assert "--insecure-storage" in out
    assert "dbus-run-session" in out


def test_doctor_sees_a_reachable_session_bus(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    keyring.set_keyring(fail.Keyring())
    path = tmp_path / "bus"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as bus:
        bus.bind(str(path))
        bus.listen(1)
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", f"unix:path={path},guid=abc")
        code, out, _ = run(monkeypatch, capsys, "auth", "doctor")
    assert code == 3
    assert "(reachable)" in out
    assert "unlock the keyring" in out
