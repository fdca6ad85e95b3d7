"""resolve_connection: server, profile and token precedence, and its failures."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail

from rapidly_tui import config as config_module
from rapidly_tui.auth import (
    InsecureServerURL,
    InvalidServerURL,
    InvalidToken,
    KeyringUnavailable,
    TokenFileError,
)
from rapidly_tui.auth.store import store_token
from rapidly_tui.config import Profile, load_config, save_config
from rapidly_tui.connection import (
    DEMO_URL,
    PRODUCTION_URL,
    SANDBOX_URL,
    Connection,
    ConnectionOptions,
    normalize_server,
    resolve_connection,
)

TOKEN = "rapidly_oat_resolvetest0123456789abcdef"
ENV_TOKEN = "rapidly_at_u_fromenvironment0123456789ab"


class CountingKeyring(KeyringBackend):
    priority = -1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}
        self.reads = 0

    def get_password(self, service: str, username: str) -> str | None:
        self.reads += 1
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.entries.pop((service, username))


class ExplodingKeyring(CountingKeyring):
    def get_password(self, service: str, username: str) -> str | None:
        raise AssertionError("the keyring must not be read")


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    for name in ("RAPIDLY_ACCESS_TOKEN", "RAPIDLY_SERVER_URL", "PYTHON_KEYRING_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)


@pytest.fixture
def memory() -> CountingKeyring:
    backend = CountingKeyring()
    keyring.set_keyring(backend)
    return backend


def stored(backend: CountingKeyring, profile: str, token: str) -> None:
    backend.entries[("rapidly-tui", profile)] = token


# --- server URLs ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("production", PRODUCTION_URL),
        ("Sandbox", SANDBOX_URL),
        ("https://api.example.com/", "https://api.example.com"),
        ("https://API.Example.com:8443/base/", "https://api.example.com:8443/base"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("http://127.1.2.3", "http://127.1.2.3"),
        ("http://localhost:9000/", "http://localhost:9000"),
        ("http://[::1]:8000", "http://[::1]:8000"),
    ],
)
def test_accepted_servers(value: str, expected: str) -> None:
    assert normalize_server(value) == expected


@pytest.mark.parametrize(
    "value",
    ["http://api.example.com", "http://10.0.0.1:8000", "http://[::2]", "http://128.0.0.1"],
)
def test_plain_http_is_refused_off_loopback(value: str) -> None:
    with pytest.raises(InsecureServerURL) as caught:
        normalize_server(value)
    assert "--allow-http" in caught.value.message
    assert caught.value.exit_code == 2
    assert normalize_server(value, allow_http=True).startswith("http://")


@pytest.mark.parametrize(
    "value",
    [
        "api.example.com",
        "ftp://api.example.com",
        "https://",
        "https://user:hunter2@api.example.com",
        "https://hunter2@api.example.com",
        "https://user:hunter2@api.example.com/?x=1",
        "https://api.example.com/?x=1",
        "https://api.example.com:99999",
        "prod",
        # A password beside another fault: the message that names that fault must not
        # echo the value whole.
        "ftp://user:hunter2@api.example.com",
        "https://user:hunter2@api.example.com:99999",
        "user:hunter2@api.example.com",
        "https://user:p@ss:hunter2@api.example.com:99999",
    ],
)
def test_malformed_servers_are_usage_errors(value: str) -> None:
    with pytest.raises(InvalidServerURL) as caught:
        normalize_server(value)
    assert caught.value.exit_code == 2
    for shown in (caught.value.message, str(caught.value), repr(caught.value)):
        assert "hunter2" not in shown


def test_server_precedence_env_then_option_then_profile_then_production(
    monkeypatch: pytest.MonkeyPatch, memory: CountingKeyring
) -> None:
    save_config(load_config().with_profile(Profile("default", "sandbox")))
    assert resolve_connection(ConnectionOptions()).server_url == SANDBOX_URL
    assert resolve_connection(ConnectionOptions()).server_source == "profile"
    option = ConnectionOptions(server="https://opt.example.com")
    assert resolve_connection(option).server_url == "https://opt.example.com"
    monkeypatch.setenv("RAPIDLY_SERVER_URL", "http://127.0.0.1:1234")
    resolved = resolve_connection(option)
    assert (resolved.server_url, resolved.server_source) == ("http://127.0.0.1:1234", "env")
    assert resolved.warnings == ("RAPIDLY_SERVER_URL is set and overrides --server.",)
    monkeypatch.delenv("RAPIDLY_SERVER_URL")
    other = resolve_connection(ConnectionOptions(profile="other"))
    assert (other.server_url, other.server_source) == (PRODUCTION_URL, "default")
    assert other.is_production
    assert other.server_label == "production"


def test_an_insecure_env_server_is_refused_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, memory: CountingKeyring
) -> None:
    monkeypatch.setenv("RAPIDLY_SERVER_URL", "http://evil.example.com")
    with pytest.raises(InsecureServerURL, match="RAPIDLY_SERVER_URL"):
        resolve_connection(ConnectionOptions())
    assert memory.reads == 0  # refused before any token is read
    allowed = resolve_connection(ConnectionOptions(allow_http=True))
    assert allowed.server_url == "http://evil.example.com"


# --- tokens ---------------------------------------------------------------------------


def test_environment_token_wins_and_the_keyring_is_not_touched(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    keyring.set_keyring(ExplodingKeyring())
    monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", f"  {ENV_TOKEN}\n")
    connection = resolve_connection(ConnectionOptions())
    assert connection.token == ENV_TOKEN
    assert connection.token_source == "env"
    assert "RAPIDLY_ACCESS_TOKEN" in connection.token_location


def test_keyring_token_of_the_selected_profile(memory: CountingKeyring) -> None:
    stored(memory, "default", TOKEN)
    stored(memory, "staging", TOKEN + "staging")
    save_config(load_config().with_profile(Profile("staging", "sandbox", "beta")))
    default = resolve_connection(ConnectionOptions())
    assert (default.token, default.token_source, default.profile) == (TOKEN, "keyring", "default")
    staging = resolve_connection(ConnectionOptions(profile="staging"))
    assert staging.token == TOKEN + "staging"
    assert staging.server_url == SANDBOX_URL
    assert staging.default_workspace == "beta"
    assert staging.warnings == ()


def test_no_token_is_not_an_error(memory: CountingKeyring) -> None:
    connection = resolve_connection(ConnectionOptions(profile="new"))
    assert connection.token is None
    assert connection.token_source == "none"
    assert any("not in" in warning for warning in connection.warnings)


def test_config_and_keyring_are_read_once(
    memory: CountingKeyring, monkeypatch: pytest.MonkeyPatch
) -> None:
    stored(memory, "default", TOKEN)
    reads: list[object] = []
    real = config_module.load_config

    def counting(*args: Any, **kwargs: Any) -> config_module.Config:
        reads.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(config_module, "load_config", counting)
    connection = resolve_connection(ConnectionOptions())
    assert connection.token == TOKEN
    assert len(reads) == 1
    assert memory.reads == 1
    assert connection.config is not None


def test_keyring_failure_is_a_typed_error(memory: CountingKeyring) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(KeyringUnavailable) as caught:
        resolve_connection(ConnectionOptions())
    assert caught.value.exit_code == 3
    assert "RAPIDLY_ACCESS_TOKEN" in caught.value.message
    assert "--insecure-storage" in caught.value.message


def test_insecure_storage_reads_the_file_and_warns(
    memory: CountingKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    store_token(TOKEN, profile="default", insecure_storage=True)
    capsys.readouterr()
    keyring.set_keyring(ExplodingKeyring())  # the opted-in profile never asks the keyring
    for options in (ConnectionOptions(insecure_storage=True), ConnectionOptions()):
        connection = resolve_connection(options)
        assert (connection.token, connection.token_source) == (TOKEN, "file")
        assert connection.insecure_storage
        assert "plain-text" in capsys.readouterr().err


def test_a_token_file_readable_by_others_is_refused(memory: CountingKeyring) -> None:
    store_token(TOKEN, profile="default", insecure_storage=True)
    path = config_module.app_paths().token_file
    if os.name != "posix":
        pytest.skip("file modes are POSIX-only")
    path.chmod(0o644)
    with pytest.raises(TokenFileError) as caught:
        resolve_connection(ConnectionOptions())
    assert "chmod 600" in caught.value.message
    assert TOKEN not in caught.value.message


def test_demo_needs_no_config_or_keyring() -> None:
    keyring.set_keyring(ExplodingKeyring())
    connection = resolve_connection(ConnectionOptions(demo=True))
    assert connection.demo
    assert connection.server_url == DEMO_URL
    assert connection.token_source == "demo"
    assert connection.server_label == "demo"


def test_token_never_in_repr_or_str(memory: CountingKeyring) -> None:
    stored(memory, "default", TOKEN)
    connection = resolve_connection(ConnectionOptions())
    assert TOKEN not in repr(connection)
    assert TOKEN not in str(connection)
    assert connection.masked_token == "rapidly_oat_…cdef"
    client = connection.make_client()
    assert TOKEN not in repr(client)


def test_with_token_replaces_the_token_only() -> None:
    base = Connection("https://api.rapidly.tech", None, "none", profile="p")
    logged_in = base.with_token(TOKEN, "keyring", "the OS keyring")
    assert (logged_in.token, logged_in.token_source, logged_in.profile) == (TOKEN, "keyring", "p")
    assert logged_in.with_token(None, "keyring").token_source == "none"


@pytest.mark.parametrize("value", [f"{TOKEN}\x1b[2J", f"{TOKEN} extra", f"{TOKEN}\n{TOKEN}"])
def test_a_malformed_environment_token_is_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    monkeypatch.setenv("RAPIDLY_ACCESS_TOKEN", value)
    with pytest.raises(InvalidToken) as caught:
        resolve_connection(ConnectionOptions())
    assert "RAPIDLY_ACCESS_TOKEN" in caught.value.message
    assert TOKEN not in caught.value.message
    assert caught.value.exit_code == 3


def test_a_malformed_keyring_entry_is_refused(memory: CountingKeyring) -> None:
    stored(memory, "default", "two words")
    with pytest.raises(InvalidToken, match="OS keyring"):
        resolve_connection(ConnectionOptions())
