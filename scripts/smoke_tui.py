"""Start the TUI in a pseudo-terminal, wait for the demo's overview, press q.

Used by .ci/run on the installed wheel (standard library only: the wheel's virtual
environment has nothing else), so that a file missing from the package (the stylesheet,
a screen module) fails CI. Exits 0 when the overview was drawn and ``q`` quit with code
0; otherwise prints what the screen last showed and exits 1.

    python scripts/smoke_tui.py /path/to/venv/bin/rapidly-tui
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import signal
import struct
import sys
import termios
import time

#: What the demo's overview shows once its panels are filled.
EXPECTED = ("Acme Files", "Latest customers", "Failed payments")
TIMEOUT_SECONDS = 60.0
#: Terminal control sequences (CSI, OSC, DCS/APC strings, two-byte escapes).
_ESCAPES = re.compile(
    r"\x1b(\[[0-9;?<=>]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_].*?\x1b\\|.)"
)


def main(command: list[str]) -> int:
    pid, fd = pty.fork()
    if pid == 0:  # the child: the TUI on the pseudo-terminal
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "140", "LINES": "45"}
        env.pop("NO_COLOR", None)
        os.execvpe(command[0], [*command, "--demo"], env)  # noqa: S606 - our own program
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 45, 140, 0, 0))
    os.kill(pid, signal.SIGWINCH)
    output = b""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    seen = False
    quit_sent_at: float | None = None
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # the child closed the terminal: it exited
                break
            if not chunk:
                break
            output += chunk
        text = _ESCAPES.sub("", output.decode("utf-8", "replace"))
        if not seen and all(marker in text for marker in EXPECTED):
            seen = True
            time.sleep(0.5)  # let the frame finish before quitting
            os.write(fd, b"q")
            quit_sent_at = time.monotonic()
        elif quit_sent_at is not None and time.monotonic() - quit_sent_at > 5:
            os.write(fd, b"q")  # once more, in case the first was lost
            quit_sent_at = time.monotonic()
    code = _wait(pid)
    if seen and code == 0:
        print(f"smoke: the overview was drawn ({', '.join(EXPECTED)}) and q quit with 0")
        return 0
    text = _ESCAPES.sub("", output.decode("utf-8", "replace"))
    print(f"smoke: FAILED (overview drawn: {seen}, exit code: {code})", file=sys.stderr)
    print(text[-3000:], file=sys.stderr)
    return 1


def _wait(pid: int) -> int | None:
    for _ in range(50):
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    return None


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["rapidly-tui"]))
