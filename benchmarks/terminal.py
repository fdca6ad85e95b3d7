"""Drive a program in a real pseudo-terminal and watch its screen, as a person would.

The program's output is fed to a pyte screen emulator, so "on screen" means what a
terminal would show, not what happens to be in the byte stream.

A real terminal draws a frame in about a millisecond; pyte needs several per kilobyte.
So one thread only drains the pty (the program never blocks on a full pty buffer, as
it would not with a real terminal) and stamps each chunk with its arrival time; the
waiting thread feeds pyte and reports the arrival time of the chunk that completed the
expected screen, not the moment pyte got through it.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import signal
import struct
import subprocess
import termios
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping, Sequence

import pyte

SYNC_QUERY = b"\x1b[?2026$p"
SYNC_START = b"\x1b[?2026h"
SYNC_END = b"\x1b[?2026l"
#: A cursor move to a row, a new line, or text drawn.
_DRAWING = re.compile(rb"\x1b\[(\d+);\d+H|\n|\x1b\[[0-9;?]*[A-Za-z]|[^\x1b\r\n]+")


def frames(stream: bytes) -> list[bytes]:
    """The frames in ``stream``: as the app bracketed them (synchronized output), and
    what it drew before it learnt that the terminal brackets frames, as one frame."""
    head, *parts = stream.split(SYNC_START)
    found = [head] if rows_drawn(head) else []
    for part in parts:
        frame, _, rest = part.partition(SYNC_END)
        found.append(frame)
        if rows_drawn(rest):
            found.append(rest)
    return found


def rows_drawn(frame: bytes) -> int:
    """How many screen rows a frame writes to (moving there, or on by a new line)."""
    rows: set[int] = set()
    row = 0
    for match in _DRAWING.finditer(frame):
        if match.group(1) is not None:
            row = int(match.group(1))
        elif match.group(0) == b"\n":
            row += 1
        else:
            rows.add(row)
    return len(rows)


class TerminalSession:
    """One program running in a pty of a fixed size, with a live emulated screen."""

    def __init__(
        self,
        argv: Sequence[str],
        *,
        columns: int = 120,
        lines: int = 40,
        env: Mapping[str, str] | None = None,
        record: bool = False,
    ) -> None:
        self.screen = pyte.Screen(columns, lines)
        self._stream = pyte.ByteStream(self.screen)
        self._lock = threading.Lock()
        self._arrived = threading.Condition(self._lock)
        self._chunks: deque[tuple[float, bytes]] = deque()
        self._count = 0
        #: Every byte the program has written to the terminal so far.
        self._bytes = 0
        #: Everything received, kept only when ``record`` (to cut it into frames).
        self.recorded = bytearray() if record else None
        self._last_fed_at = 0.0
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", lines, columns, 0, 0))
        full_env = dict(os.environ)
        full_env.update({"TERM": "xterm-256color", "COLUMNS": str(columns), "LINES": str(lines)})
        full_env.update(env or {})
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            list(argv),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=full_env,
            start_new_session=True,
            close_fds=True,
        )
        os.close(slave)
        self._master = master
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                ready, _, _ = select.select([self._master], [], [], 0.05)
                if not ready:
                    if self.process.poll() is not None:
                        return
                    continue
                data = os.read(self._master, 65536)
            except OSError:
                return
            if not data:
                return
            arrived = time.perf_counter()
            if SYNC_QUERY in data:
                # Say yes, as most terminals do: Textual then brackets every frame in
                # SYNC_START ... SYNC_END, so frames can be told apart and counted.
                with contextlib.suppress(OSError):
                    os.write(self._master, b"\x1b[?2026;2$y")
            with self._lock:
                self._chunks.append((arrived, data))
                self._count += 1
                self._bytes += len(data)
                if self.recorded is not None:
                    self.recorded += data
                self._arrived.notify_all()

    def _feed_one(self) -> bool:
        """Feed the oldest unparsed chunk to the screen (lock held); False if none."""
        if not self._chunks:
            return False
        arrived, data = self._chunks.popleft()
        self._stream.feed(data)
        self._last_fed_at = arrived
        return True

    def text(self) -> str:
        with self._lock:
            while self._feed_one():
                pass
            return "\n".join(self.screen.display)

    def wait_for(
        self, predicate: Callable[[str], bool], *, timeout: float = 30.0, since: float | None = None
    ) -> float:
        """Seconds from ``since`` (default: the program's start) until the output that
        made ``predicate(screen)`` true arrived."""
        start = self.started if since is None else since
        deadline = time.perf_counter() + timeout
        with self._lock:
            if predicate("\n".join(self.screen.display)):
                return max(self._last_fed_at - start, 0.0)
            while True:
                while self._feed_one():
                    # Only whole bursts are worth checking: a frame arrives in several
                    # chunks, and the screen is complete at the last one.
                    if self._chunks:
                        continue
                    if predicate("\n".join(self.screen.display)):
                        return self._last_fed_at - start
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    screen = "\n".join(self.screen.display)
                    raise TimeoutError(f"not on screen after {timeout}s; screen was:\n{screen}")
                self._arrived.wait(remaining)

    def version(self) -> int:
        with self._lock:
            return self._count

    def bytes_received(self) -> int:
        """Bytes the program has written to the terminal so far (what an SSH link carries)."""
        with self._lock:
            return self._bytes

    def quiet_bytes(self, *, quiet: float = 0.3, timeout: float = 10.0) -> int:
        """The byte count once nothing more has arrived for ``quiet`` seconds."""
        deadline = time.perf_counter() + timeout
        last = self.bytes_received()
        since = time.perf_counter()
        while time.perf_counter() < deadline:
            time.sleep(0.02)
            now = self.bytes_received()
            if now != last:
                last, since = now, time.perf_counter()
            elif time.perf_counter() - since >= quiet:
                break
        return last

    def send(self, data: bytes) -> None:
        os.write(self._master, data)

    def rss_bytes(self) -> int:
        import psutil

        process = psutil.Process(self.process.pid)
        return int(sum(p.memory_info().rss for p in [process, *process.children(recursive=True)]))

    def close(self) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        with contextlib.suppress(OSError):
            os.close(self._master)

    def __enter__(self) -> TerminalSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
