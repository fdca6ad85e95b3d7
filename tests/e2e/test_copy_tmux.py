"""Copying inside a real tmux with default options (tmux 3.3: allow-passthrough off).

The explorer runs in a tmux pane on a private server; ``y i`` on a customer must leave
the customer's id in tmux's buffer, and the message must say that is where it went.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from rapidly_tui.demo import ADA_EMAIL, default_dataset

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed here"),
]

SCRIPT = Path(sys.executable).with_name("rapidly-tui")
DEADLINE = 60.0


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Callable[..., subprocess.CompletedProcess[str]]]:
    """``tmux -L <private socket> ...`` in a clean environment; the server is killed after."""
    socket = f"rapidly-tui-test-{uuid.uuid4().hex[:12]}"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("RAPIDLY_", "PYTEST_", "TMUX", "COLUMNS", "LINES"))
    }
    for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(tmp_path / name.lower())
    env["PYTHON_KEYRING_BACKEND"] = "keyrings.alt.file.PlaintextKeyring"
    # A short directory of its own: tmux's socket path must fit in 108 bytes, which
    # pytest's tmp_path under xdist (…/popen-gw1/test_copying_…0/tmux-0/…) can exceed.
    socket_dir = tempfile.mkdtemp(prefix="rt-tmux-")
    env["TMUX_TMPDIR"] = socket_dir

    def run(*args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", socket, "-f", "/dev/null", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=20,
            check=check,
        )

    try:
        yield run
    finally:
        run("kill-server", check=False)
        shutil.rmtree(socket_dir, ignore_errors=True)


def _wait_for(what: str, probe: Callable[[], str], ok: Callable[[str], bool]) -> str:
    deadline = time.monotonic() + DEADLINE
    seen = ""
    while time.monotonic() < deadline:
        seen = probe()
        if ok(seen):
            return seen
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}; last seen:\n{seen}")


def test_copying_an_id_in_tmux_fills_tmux_buffer_and_says_so(
    tmux: Callable[..., subprocess.CompletedProcess[str]],
) -> None:
    ada_id = default_dataset().ada["id"]
    command = f"{SCRIPT} --demo --customer {ADA_EMAIL}"
    tmux("new-session", "-d", "-x", "120", "-y", "40", command)
    # The default tmux options: passthrough off, so only load-buffer can work.
    assert tmux("show-options", "-gwv", "allow-passthrough").stdout.strip() == "off"

    def screen() -> str:
        return tmux("capture-pane", "-p", check=False).stdout

    _wait_for("Ada's detail", screen, lambda text: "usr_1337" in text and "Ada" in text)
    assert tmux("list-buffers", check=False).stdout.strip() == ""
    tmux("send-keys", "y")
    _wait_for("the copy menu", screen, lambda text: "Copy to the clipboard" in text)
    tmux("send-keys", "i")

    def buffer() -> str:
        return tmux("show-buffer", check=False).stdout

    assert _wait_for("tmux's buffer", buffer, lambda text: text == ada_id) == ada_id
    message = _wait_for("the message", screen, lambda text: "tmux's buffer" in text)
    assert "Copied the customer id to tmux's buffer" in message
    assert "OSC 52" not in message
