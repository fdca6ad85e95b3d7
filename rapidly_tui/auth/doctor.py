"""``rapidly-tui auth doctor``: why the keyring works or not, and what to do.

On-call people often run the tool over SSH on a server or in tmux, where the desktop
Secret Service is absent, locked, or on a D-Bus session bus the SSH session cannot
see. This gathers the facts (backend, D-Bus address and reachability, SSH, display)
and turns them into advice. It never prints a token.
"""

from __future__ import annotations

import os
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

from rapidly_tui.auth import file_store, keyring_store
from rapidly_tui.auth.errors import CredentialsError, KeyringError
from rapidly_tui.auth.store import TOKEN_ENV, env_token
from rapidly_tui.text import neutralize

_SSH_VARIABLES = ("SSH_CONNECTION", "SSH_TTY", "SSH_CLIENT")
_BUS_TIMEOUT = 1.0


@dataclass
class Diagnosis:
    lines: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)
    keyring_usable: bool = False


def is_ssh_session() -> bool:
    return any(os.environ.get(name) for name in _SSH_VARIABLES)


def dbus_status() -> tuple[str, bool]:
    """A description of the session bus and whether it answered a connection."""
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        default = Path(f"/run/user/{os.getuid()}/bus") if hasattr(os, "getuid") else None
        if default is not None and default.exists():
            return (
                f"DBUS_SESSION_BUS_ADDRESS is not set, but {default} exists "
                f"(export DBUS_SESSION_BUS_ADDRESS=unix:path={default})",
                False,
            )
        return "DBUS_SESSION_BUS_ADDRESS is not set and no session bus was found", False
    shown = neutralize(address, max_chars=200)
    # An address may list several transports separated by ';': try the unix ones.
    for transport in address.split(";"):
        kind, _, rest = transport.partition(":")
        options = dict(part.partition("=")[::2] for part in rest.split(",") if "=" in part)
        if kind != "unix":
            continue
        if "path" in options:
            target = options["path"]
        elif "abstract" in options:
            target = "\0" + options["abstract"]
        else:
            continue
        if _can_connect(target):
            return f"DBUS_SESSION_BUS_ADDRESS={shown} (reachable)", True
        return f"DBUS_SESSION_BUS_ADDRESS={shown} (NOT reachable)", False
    return f"DBUS_SESSION_BUS_ADDRESS={shown} (transport not checked)", False


def _can_connect(target: str) -> bool:
    if not hasattr(socket, "AF_UNIX"):
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(_BUS_TIMEOUT)
        try:
            probe.connect(target)
        except OSError:
            return False
    return True


def diagnose(*, profile: str, insecure_storage: bool = False) -> Diagnosis:
    report = Diagnosis()
    add = report.lines.append
    ssh = is_ssh_session()
    add(f"platform:        {sys.platform}")
    add(f"ssh session:     {'yes' if ssh else 'no'}")
    display = os.environ.get("WAYLAND_DISPLAY") or os.environ.get("DISPLAY")
    add(f"display:         {'yes' if display else 'no (no unlock prompt can be shown)'}")
    bus_reachable = False
    if sys.platform.startswith("linux"):
        bus, bus_reachable = dbus_status()
        add(f"session bus:     {bus}")
    add(f"{TOKEN_ENV}: {'set' if env_token() else 'not set'}")
    chosen = os.environ.get("PYTHON_KEYRING_BACKEND")
    add(f"PYTHON_KEYRING_BACKEND: {neutralize(chosen) if chosen else 'not set'}")
    _check_keyring(report, profile)
    _check_token_file(report, profile)
    _advise(report, ssh=ssh, bus_reachable=bus_reachable, insecure_storage=insecure_storage)
    return report


def _check_keyring(report: Diagnosis, profile: str) -> None:
    add = report.lines.append
    backend_ok = False
    try:
        info = keyring_store.backend_info()
    except KeyringError as exc:
        add(f"keyring backend: unknown ({neutralize(exc.problem, max_chars=300)})")
    else:
        priority = "?" if info.priority is None else f"{info.priority:g}"
        add(
            f"keyring backend: {neutralize(info.name)} (priority {priority}, "
            f"{'recommended' if info.recommended else 'not recommended'}, {info.chosen_by})"
        )
        if info.refusal:
            add(f"                 not used: {neutralize(info.refusal, max_chars=300)}")
        backend_ok = info.usable
    if backend_ok:
        try:
            found = keyring_store.get_token(profile) is not None
        except KeyringError as exc:
            add(f"keyring entry:   cannot be read: {neutralize(exc.problem, max_chars=300)}")
        else:
            report.keyring_usable = True
            state = "present" if found else "none"
            add(f"keyring entry:   {state} (service {keyring_store.SERVICE!r}, entry {profile!r})")


def _check_token_file(report: Diagnosis, profile: str) -> None:
    add = report.lines.append
    path = file_store.token_file_path()
    if path.exists():
        try:
            has_entry = profile in file_store.stored_profiles(path=path)
        except CredentialsError as exc:
            add(f"token file:      {neutralize(str(path))}: {neutralize(exc.message)}")
        else:
            add(
                f"token file:      {neutralize(str(path))} (plain text; "
                f"{'has' if has_entry else 'no'} entry for {profile!r})"
            )
    else:
        add("token file:      none (only created with --insecure-storage)")


def _advise(report: Diagnosis, *, ssh: bool, bus_reachable: bool, insecure_storage: bool) -> None:
    advise = report.advice.append
    if report.keyring_usable:
        advise("The keyring works: `rapidly-tui auth login` stores the token there.")
    else:
        advise(
            f"Quickest for this session: export {TOKEN_ENV}=... (read it with `read -rs` "
            "so it stays out of your shell history)."
        )
        if sys.platform.startswith("linux"):
            if ssh and not bus_reachable:
                advise(
                    "Over SSH the desktop keyring is usually out of reach. Start a session "
                    "bus and unlock a keyring, e.g. `dbus-run-session -- bash` then "
                    "`echo -n PASSWORD | gnome-keyring-daemon --unlock` (needs gnome-keyring), "
                    "or log in on the machine's desktop first."
                )
            elif not bus_reachable:
                advise(
                    "No D-Bus session bus: install and start a Secret Service provider "
                    "(gnome-keyring or KeePassXC) in a session with DBUS_SESSION_BUS_ADDRESS set."
                )
            else:
                advise(
                    "The session bus answers: unlock the keyring (it may be locked), or "
                    "check that a Secret Service provider (gnome-keyring, KeePassXC) runs."
                )
        advise(
            "Or opt in to a plain-text file (mode 0600) with "
            "`rapidly-tui auth login --insecure-storage`; every use will warn."
        )
    if insecure_storage:
        advise("--insecure-storage is set: the plain-text token file is used for this run.")
