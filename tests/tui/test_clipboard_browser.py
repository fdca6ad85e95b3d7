"""OSC 52, tmux detection, and the dashboard/browser decision."""

from __future__ import annotations

import base64
import os
import shutil
import webbrowser
from pathlib import Path

import pytest

from rapidly_tui.browser import can_open_gui_browser, dashboard_url, open_in_gui_browser
from rapidly_tui.clipboard import fits_clipboard, in_tmux, osc52, tmux_load_buffer


def test_osc52_carries_the_text_base64_encoded() -> None:
    sequence = osc52("ada@example.com")
    assert sequence.startswith("\x1b]52;c;")
    assert sequence.endswith("\a")
    payload = sequence[len("\x1b]52;c;") : -1]
    assert base64.b64decode(payload).decode() == "ada@example.com"


def test_tmux_is_detected_from_its_variable() -> None:
    assert in_tmux({"TMUX": "/tmp/tmux-0/default,1,0"})
    assert not in_tmux({})
    assert not in_tmux({"TMUX": ""})


async def test_tmux_load_buffer_says_why_when_tmux_is_not_there(tmp_path: Path) -> None:
    # A socket nobody listens on: tmux exits non-zero and the reason is returned.
    env = {"TMUX": f"{tmp_path}/no-server,1,0", "PATH": os.environ.get("PATH", "")}
    if shutil.which("tmux") is None:
        env["PATH"] = str(tmp_path)  # no tmux at all: the other failure
    problem = await tmux_load_buffer("x", env)
    assert problem is not None
    assert problem.startswith("tmux")


def test_unicode_and_control_characters_survive_the_encoding() -> None:
    text = "José\x1b]0;pwn\a"
    payload = osc52(text)[len("\x1b]52;c;") : -1]
    assert base64.b64decode(payload).decode() == text
    assert "\x1b]0;" not in osc52(text)[7:]  # the hostile bytes travel encoded


def test_huge_values_are_refused() -> None:
    assert fits_clipboard("a" * 1000)
    assert not fits_clipboard("a" * 200_000)


def test_dashboard_urls() -> None:
    assert (
        dashboard_url("https://api.rapidly.tech", "acme")
        == "https://rapidly.tech/dashboard/acme/customers"
    )
    assert (
        dashboard_url("https://sandbox-api.rapidly.tech/", "acme")
        == "https://sandbox.rapidly.tech/dashboard/acme/customers"
    )
    assert dashboard_url("http://demo.rapidly.invalid", "acme") is None
    assert dashboard_url("https://rapidly.internal.example", "acme") is None
    # A hostile slug stays one path segment.
    assert dashboard_url("https://api.rapidly.tech", "../x?y") == (
        "https://rapidly.tech/dashboard/..%2Fx%3Fy/customers"
    )


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "linux", False),
        ({"DISPLAY": ":0", "SSH_CONNECTION": "10.0.0.1 1 10.0.0.2 22"}, "linux", False),
        ({"SSH_TTY": "/dev/pts/1"}, "darwin", False),
        ({}, "darwin", True),
        ({}, "win32", True),
    ],
)
def test_gui_browser_only_where_one_can_run(
    env: dict[str, str], platform: str, expected: bool
) -> None:
    assert can_open_gui_browser(env, platform) is expected


def test_text_mode_browsers_are_never_started(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, *a, **k: opened.append(url))
    assert not open_in_gui_browser("https://x", {"DISPLAY": ":0", "BROWSER": "lynx"})
    assert not open_in_gui_browser("https://x", {"BROWSER": "firefox"})  # no display
    console = webbrowser.GenericBrowser("w3m")
    monkeypatch.setattr(webbrowser, "get", lambda *a: console)
    assert not open_in_gui_browser("https://x", {"DISPLAY": ":0"})
    assert not opened


def test_a_gui_browser_is_used_when_one_can_run(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeGui(webbrowser.BackgroundBrowser):
        def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
            self.opened = url
            return True

    gui = FakeGui("firefox")
    monkeypatch.setattr(webbrowser, "get", lambda *a: gui)
    assert open_in_gui_browser("https://rapidly.tech/dashboard", {"DISPLAY": ":0"})
    assert gui.opened == "https://rapidly.tech/dashboard"


def _fake_tmux(tmp_path: Path, script: str) -> dict[str, str]:
    """A ``tmux`` on PATH that runs ``script`` (sh), with the buffer file at ./buffer."""
    fake = tmp_path / "tmux"
    fake.write_text(f"#!/bin/sh\n{script}\n")
    fake.chmod(0o755)
    return {"TMUX": "/nowhere,1,0", "PATH": f"{tmp_path}{os.pathsep}/usr/bin:/bin"}


async def test_a_tmux_without_w_still_gets_the_buffer(tmp_path: Path) -> None:
    # tmux 3.0/3.1 (older jump hosts) refuse -w; the buffer is filled without it.
    env = _fake_tmux(
        tmp_path,
        'for a in "$@"; do [ "$a" = -w ] && { echo "unknown flag -w" >&2; exit 1; }; done\n'
        f'cat > "{tmp_path}/buffer"',
    )
    assert await tmux_load_buffer("id-123", env) is None
    assert (tmp_path / "buffer").read_text() == "id-123"


async def test_the_text_goes_on_stdin_never_on_the_command_line(tmp_path: Path) -> None:
    env = _fake_tmux(tmp_path, f'echo "$@" > "{tmp_path}/args"; cat > "{tmp_path}/buffer"')
    assert await tmux_load_buffer("secret-ish value", env) is None
    assert (tmp_path / "args").read_text().strip() == "load-buffer -w -"
    assert (tmp_path / "buffer").read_text() == "secret-ish value"


async def test_a_tmux_that_hangs_is_given_up_on(tmp_path: Path) -> None:
    env = _fake_tmux(tmp_path, "exec sleep 30")
    problem = await tmux_load_buffer("x", env, timeout=0.3)
    assert problem == "tmux did not answer within 0.3 s"
