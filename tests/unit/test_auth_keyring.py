"""The keyring behind a deadline, with real ``keyring`` backends swapped in.

Test backends have priority -1 so keyring's own auto-detection (in this process)
never picks or chains them.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

import keyring
import keyring.core
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.errors import KeyringLocked as BackendLocked
from keyring.errors import PasswordSetError

from rapidly_tui.auth import (
    KEYRING_CHOICES,
    KeyringFailed,
    KeyringLocked,
    KeyringTimeout,
    KeyringUnavailable,
    keyring_store,
)
from tests.support.keyrings import MemoryKeyring

TOKEN = "rapidly_oat_keyringtest0123456789abcd"


class RaisingKeyring(MemoryKeyring):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def get_password(self, service: str, username: str) -> str | None:
        raise self.error

    def set_password(self, service: str, username: str, password: str) -> None:
        raise self.error


class BlockingKeyring(MemoryKeyring):
    """Hangs like a Secret Service waiting for an unlock prompt nobody sees."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait(30)
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        self.release.wait(30)


class ForgetfulKeyring(MemoryKeyring):
    """Says yes and keeps nothing."""

    def set_password(self, service: str, username: str, password: str) -> None:
        return None


@pytest.fixture
def use_backend(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    # Registers the restore of keyring's global before replacing it.
    monkeypatch.setattr(keyring.core, "_keyring_backend", keyring.core._keyring_backend)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)
    blocking: list[BlockingKeyring] = []

    def install(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        if isinstance(backend, BlockingKeyring):
            blocking.append(backend)
        return backend

    yield install
    for backend in blocking:
        backend.release.set()


def test_store_read_and_delete_one_entry_per_profile(use_backend: Any) -> None:
    backend = use_backend(MemoryKeyring())
    where = keyring_store.set_token("default", TOKEN)
    keyring_store.set_token("staging", TOKEN + "2")
    assert backend.entries[("rapidly-tui", "default")] == TOKEN
    assert "service 'rapidly-tui', entry 'default'" in where
    assert keyring_store.get_token("default") == TOKEN
    assert keyring_store.get_token("staging") == TOKEN + "2"
    assert keyring_store.get_token("other") is None
    assert keyring_store.delete_token("default") is True
    assert keyring_store.delete_token("default") is False
    assert keyring_store.get_token("default") is None
    assert keyring_store.get_token("staging") == TOKEN + "2"


def test_fail_backend_is_a_typed_error_naming_the_choices(use_backend: Any) -> None:
    use_backend(fail.Keyring())
    for call in (
        lambda: keyring_store.get_token("default"),
        lambda: keyring_store.set_token("default", TOKEN),
    ):
        with pytest.raises(KeyringUnavailable) as caught:
            call()
        message = caught.value.message
        assert "RAPIDLY_ACCESS_TOKEN" in message
        assert "--insecure-storage" in message
        assert "unlock or install" in message
        assert caught.value.exit_code == 3


def test_null_backend_is_refused_rather_than_dropping_the_token(use_backend: Any) -> None:
    use_backend(null.Keyring())
    with pytest.raises(KeyringUnavailable, match="null backend"):
        keyring_store.set_token("default", TOKEN)


def test_locked_keyring_says_locked(use_backend: Any) -> None:
    use_backend(RaisingKeyring(BackendLocked("Failed to unlock the collection!")))
    with pytest.raises(KeyringLocked) as caught:
        keyring_store.get_token("default")
    assert "locked" in caught.value.message
    assert KEYRING_CHOICES in caught.value.message


def test_any_backend_exception_is_typed_and_never_echoes_the_token(use_backend: Any) -> None:
    # A backend that puts the secret in its error text must not get it printed.
    use_backend(RaisingKeyring(PasswordSetError(f"cannot store {TOKEN} \x1b[31m")))
    with pytest.raises(KeyringFailed) as caught:
        keyring_store.set_token("default", TOKEN)
    message = caught.value.message
    assert "PasswordSetError" in message
    assert TOKEN not in message
    assert "\x1b" not in message
    assert "--insecure-storage" in message


def test_unexpected_python_errors_are_typed_too(use_backend: Any) -> None:
    use_backend(RaisingKeyring(RuntimeError("dbus went away")))
    with pytest.raises(KeyringFailed, match="RuntimeError: dbus went away"):
        keyring_store.get_token("default")


def test_a_backend_that_drops_the_token_is_an_error(use_backend: Any) -> None:
    use_backend(ForgetfulKeyring())
    with pytest.raises(KeyringFailed, match="did not keep it"):
        keyring_store.set_token("default", TOKEN)


@pytest.mark.parametrize("operation", ["get", "set", "delete"])
def test_a_hung_backend_answers_within_the_timeout(use_backend: Any, operation: str) -> None:
    use_backend(BlockingKeyring())
    calls = {
        "get": lambda: keyring_store.get_token("default", timeout=0.3),
        "set": lambda: keyring_store.set_token("default", TOKEN, timeout=0.3),
        "delete": lambda: keyring_store.delete_token("default", timeout=0.3),
    }
    started = time.monotonic()
    with pytest.raises(KeyringTimeout) as caught:
        calls[operation]()
    elapsed = time.monotonic() - started
    assert 0.25 <= elapsed < 1.3
    assert "did not answer within 0.3 s" in caught.value.message
    assert "RAPIDLY_ACCESS_TOKEN" in caught.value.message


def test_default_timeout_is_about_three_seconds(
    use_backend: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert keyring_store.KEYRING_TIMEOUT == 3.0
    monkeypatch.setattr(keyring_store, "KEYRING_TIMEOUT", 0.2)
    use_backend(BlockingKeyring())
    started = time.monotonic()
    with pytest.raises(KeyringTimeout):
        keyring_store.get_token("default")
    assert time.monotonic() - started < 1.2


def test_the_hung_worker_is_a_daemon_thread(use_backend: Any) -> None:
    """A hung backend must not keep the process alive at exit."""
    use_backend(BlockingKeyring())
    with pytest.raises(KeyringTimeout):
        keyring_store.get_token("default", timeout=0.1)
    workers = [t for t in threading.enumerate() if t.name == "rapidly-tui-keyring"]
    assert workers
    assert all(t.daemon for t in workers)


def test_backend_info_describes_without_raising(use_backend: Any) -> None:
    use_backend(MemoryKeyring())
    info = keyring_store.backend_info()
    assert info.usable
    assert info.name.endswith("MemoryKeyring")
    assert info.chosen_by == "set in-process"
    use_backend(fail.Keyring())
    info = keyring_store.backend_info()
    assert not info.usable
    assert info.refusal is not None
    assert "No OS keyring" in info.refusal


def test_a_non_recommended_backend_keyring_picked_itself_is_refused(
    use_backend: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    """keyrings.alt's plain-text file, auto-detected because nothing better exists,
    would be a silent downgrade: refused unless chosen explicitly."""
    from keyrings.alt.file import PlaintextKeyring

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # no keyringrc.cfg
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)
    monkeypatch.setattr(keyring.core, "_detect_backend", lambda limit=None: PlaintextKeyring())
    with pytest.raises(KeyringUnavailable, match="non-recommended") as caught:
        keyring_store.set_token("default", TOKEN)
    assert "PYTHON_KEYRING_BACKEND" in caught.value.message
    assert not (tmp_path / "data").exists()  # nothing written
    info = keyring_store.backend_info()
    assert info.chosen_by == "auto-detected"
    assert not info.recommended
    # The same backend chosen on purpose is honoured.
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    keyring_store.set_token("default", TOKEN)
    assert keyring_store.get_token("default") == TOKEN
