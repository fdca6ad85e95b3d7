"""The OS keyring, behind a deadline.

Every keyring call (including importing ``keyring`` and detecting its backend, which
can talk to D-Bus) runs in a daemon thread and is waited for at most
:data:`KEYRING_TIMEOUT` seconds. A hung backend (a Secret Service waiting on an unlock
prompt nobody sees over SSH) therefore costs the caller a few seconds and a clear
error, and never blocks process exit. The calling thread never imports ``keyring``:
a hung import would otherwise hold the import lock.

Security is never silently downgraded: the fail and null backends, and a
non-recommended backend (such as keyrings.alt's plain-text file) that keyring picked
on its own, are refused with :class:`KeyringUnavailable`. A backend chosen explicitly
(``PYTHON_KEYRING_BACKEND``, keyring's ``keyringrc.cfg``, or ``keyring.set_keyring``)
is honoured: that person made the choice.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from rapidly_tui.auth.errors import (
    KeyringError,
    KeyringFailed,
    KeyringLocked,
    KeyringTimeout,
    KeyringUnavailable,
)
from rapidly_tui.auth.tokens import TOKEN_PATTERN
from rapidly_tui.text import neutralize

#: The keyring "service"; the entry ("username") is the profile name.
SERVICE = "rapidly-tui"
#: Seconds any one keyring operation may take.
KEYRING_TIMEOUT = 3.0

ResultT = TypeVar("ResultT")

# The backend instance keyring auto-detected because we asked for it first; a backend
# that is already set when we first look was chosen by someone (set_keyring).
_auto_detected: dict[str, object] = {}
_detect_lock = threading.Lock()


@dataclass(frozen=True)
class BackendInfo:
    """What keyring would use, for ``auth status`` and ``auth doctor``."""

    name: str  # module.Class
    priority: float | None
    recommended: bool
    #: How it was chosen: "PYTHON_KEYRING_BACKEND", "keyringrc.cfg", "set in-process"
    #: or "auto-detected".
    chosen_by: str
    #: Why it cannot be used, or None when it can.
    refusal: str | None

    @property
    def usable(self) -> bool:
        return self.refusal is None


def get_token(profile: str, *, timeout: float | None = None) -> str | None:
    """The token stored for ``profile``, or None."""

    def read(backend: Any) -> str | None:
        value = backend.get_password(SERVICE, profile)
        return value if isinstance(value, str) and value else None

    return _call(read, action="read the token from", timeout=timeout)


def set_token(profile: str, token: str, *, timeout: float | None = None) -> str:
    """Store ``token`` for ``profile``; returns where it went, for people. The value
    is read back: a backend that drops it is an error, not a silent success."""

    def write(backend: Any) -> str:
        backend.set_password(SERVICE, profile, token)
        if backend.get_password(SERVICE, profile) != token:
            raise KeyringFailed(
                f"The keyring backend {_name(backend)} accepted the token but did not keep it."
            )
        return f"the OS keyring ({_name(backend)}), service {SERVICE!r}, entry {profile!r}"

    return _call(write, action="store the token in", timeout=timeout, secret=token)


def delete_token(profile: str, *, timeout: float | None = None) -> bool:
    """Remove the entry for ``profile``; False when there was none."""

    def delete(backend: Any) -> bool:
        from keyring.errors import PasswordDeleteError

        if backend.get_password(SERVICE, profile) is None:
            return False
        try:
            backend.delete_password(SERVICE, profile)
        except PasswordDeleteError:
            return False
        return True

    return _call(delete, action="remove the token from", timeout=timeout)


def backend_info(*, timeout: float | None = None) -> BackendInfo:
    """Describe the backend without touching any entry (never raises KeyringError
    for an unusable backend: that is reported in ``refusal``)."""
    return _call(_describe, action="inspect", timeout=timeout, check=False)


def _call(
    operation: Callable[[Any], ResultT],
    *,
    action: str,
    timeout: float | None,
    secret: str | None = None,
    check: bool = True,
) -> ResultT:
    deadline = KEYRING_TIMEOUT if timeout is None else timeout
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            backend = _backend()
            if check:
                refusal = _describe(backend).refusal
                if refusal is not None:
                    raise KeyringUnavailable(refusal)
            outcome["value"] = operation(backend)
        except BaseException as exc:  # reported to the caller, never lost in the thread
            outcome["error"] = exc
        finally:
            done.set()

    worker = threading.Thread(target=work, name="rapidly-tui-keyring", daemon=True)
    worker.start()
    if not done.wait(deadline):
        raise KeyringTimeout(
            f"The OS keyring did not answer within {deadline:g} s when asked to {action} it "
            "(it may be waiting for an unlock prompt that cannot be shown here)."
        )
    error = outcome.get("error")
    if error is not None:
        raise _translate(error, action, secret) from None
    value: ResultT = outcome["value"]
    return value


def _backend() -> Any:
    """The current keyring backend (detecting it on first use, in this thread)."""
    import keyring.core

    with _detect_lock:
        if getattr(keyring.core, "_keyring_backend", None) is None:
            backend = keyring.core.get_keyring()
            _auto_detected["backend"] = backend
            return backend
    return keyring.core.get_keyring()


def _describe(backend: Any) -> BackendInfo:
    from keyring.backends import fail, null

    name = _name(backend)
    try:
        priority: float | None = float(type(backend).priority)
    except Exception:
        priority = None
    recommended = priority is not None and priority >= 1
    chosen_by = _chosen_by(backend)
    refusal: str | None = None
    if isinstance(backend, fail.Keyring):
        refusal = "No OS keyring is available (keyring found no usable backend)."
    elif isinstance(backend, null.Keyring):
        refusal = "The keyring is disabled (null backend): it would silently drop the token."
    elif not recommended and chosen_by == "auto-detected":
        refusal = (
            f"Only a non-recommended keyring backend ({name}) was found. It may keep "
            "secrets without OS protection, so rapidly-tui uses it only when chosen "
            "explicitly (PYTHON_KEYRING_BACKEND or keyringrc.cfg)."
        )
    return BackendInfo(name, priority, recommended, chosen_by, refusal)


def _chosen_by(backend: Any) -> str:
    if os.environ.get("PYTHON_KEYRING_BACKEND"):
        return "PYTHON_KEYRING_BACKEND"
    import keyring.core

    try:
        if keyring.core._config_path().exists():  # type: ignore[no-untyped-call]
            return "keyringrc.cfg"
    except Exception:  # noqa: S110 - an unreadable config dir just means "not configured"
        pass
    return "auto-detected" if backend is _auto_detected.get("backend") else "set in-process"


def _name(backend: Any) -> str:
    cls = type(backend)
    return f"{cls.__module__}.{cls.__qualname__}"


def _translate(error: BaseException, action: str, secret: str | None) -> KeyringError:
    if isinstance(error, KeyringError):
        return error
    from keyring import errors

    if isinstance(error, errors.NoKeyringError):
        return KeyringUnavailable("No OS keyring is available (keyring found no usable backend).")
    if isinstance(error, errors.KeyringLocked):
        return KeyringLocked(f"The OS keyring is locked; could not {action} it.")
    detail = _safe_detail(error, secret)
    return KeyringFailed(
        f"The OS keyring failed when asked to {action} it ({type(error).__name__}"
        + (f": {detail}" if detail else "")
        + ")."
    )


def _safe_detail(error: BaseException, secret: str | None) -> str:
    """The backend's own words, without anything token-like, one short line."""
    text = str(error)
    if secret:
        text = text.replace(secret, "[REDACTED]")
    text = TOKEN_PATTERN.sub("[REDACTED]", text)
    return neutralize(text, max_chars=200)
