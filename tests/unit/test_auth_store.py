"""store_token (the TUI's login API) and remove_token: where tokens go, and where
they never go without an explicit opt-in."""

from __future__ import annotations

import asyncio
import os
import stat
from pathlib import Path

import keyring
import keyring.core
import pytest
from keyring.backends import fail

from rapidly_tui import auth
from rapidly_tui.auth import InvalidToken, KeyringUnavailable
from rapidly_tui.auth.store import remove_token
from rapidly_tui.config import app_paths, load_config
from tests.support.keyrings import MemoryKeyring

TOKEN = "rapidly_oat_storetest0123456789abcdefgh"


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    for name in ("RAPIDLY_ACCESS_TOKEN", "RAPIDLY_SERVER_URL", "PYTHON_KEYRING_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)
    return tmp_path


def all_file_text(root: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in root.rglob("*") if p.is_file())


async def test_tui_api_stores_in_the_keyring_from_a_worker_thread(isolated: Path) -> None:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    where = await asyncio.to_thread(auth.store_token, f"{TOKEN}\n", profile="ops")
    assert backend.entries[("rapidly-tui", "ops")] == TOKEN
    assert "OS keyring" in where
    assert "'ops'" in where
    # The profile now exists in the config, without the token.
    assert "ops" in load_config().profiles
    assert TOKEN not in all_file_text(isolated)


def test_keyring_failure_writes_nothing_in_plain_text(isolated: Path) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(KeyringUnavailable) as caught:
        auth.store_token(TOKEN)
    assert "RAPIDLY_ACCESS_TOKEN" in caught.value.message
    assert "--insecure-storage" in caught.value.message
    assert TOKEN not in all_file_text(isolated)
    assert not app_paths().token_file.exists()


def test_insecure_storage_is_a_private_file_and_remembered(
    isolated: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    keyring.set_keyring(fail.Keyring())
    where = auth.store_token(TOKEN, profile="default", insecure_storage=True)
    path = app_paths().token_file
    assert str(path) in where
    assert TOKEN in path.read_text()
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "PLAIN TEXT" in capsys.readouterr().err
    assert load_config().profile("default").insecure_storage is True
    # Nowhere else.
    others = [p for p in isolated.rglob("*") if p.is_file() and p != path]
    assert all(TOKEN not in p.read_text(errors="replace") for p in others)


def test_invalid_input_is_refused_before_any_store(isolated: Path) -> None:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    with pytest.raises(InvalidToken):
        auth.store_token("two words")
    assert backend.entries == {}
    assert not load_config().exists


def test_server_is_remembered_in_the_profile() -> None:
    keyring.set_keyring(MemoryKeyring())
    auth.store_token(TOKEN, profile="sb", server="sandbox")
    assert load_config().profile("sb").server == "sandbox"


def test_remove_token_cleans_keyring_and_file(capsys: pytest.CaptureFixture[str]) -> None:
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    auth.store_token(TOKEN, profile="default")
    auth.store_token(TOKEN, profile="default", insecure_storage=True)
    removed = remove_token("default")
    assert len(removed) == 2
    assert backend.entries == {}
    assert not app_paths().token_file.exists()
    assert remove_token("default") == []


def test_remove_with_a_broken_keyring(capsys: pytest.CaptureFixture[str]) -> None:
    keyring.set_keyring(fail.Keyring())
    auth.store_token(TOKEN, profile="default", insecure_storage=True)
    # Opted in to the file: a broken keyring does not stop the logout.
    assert remove_token("default", insecure_storage=True) == [
        f"the plain-text file {app_paths().token_file}"
    ]
    # Otherwise the keyring's failure is reported, not hidden.
    with pytest.raises(KeyringUnavailable):
        remove_token("default")
