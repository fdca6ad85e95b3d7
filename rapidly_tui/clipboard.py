"""Copying: to tmux's buffer when inside tmux, and to the terminal by OSC 52.

Over SSH the only clipboard the person has is their local terminal's, which OSC 52
reaches if the terminal allows it; nothing tells the app whether it did. Inside tmux
(3.3+ blocks passthrough by default) the sure way is to hand the text to tmux itself:
``tmux load-buffer -w -`` fills a buffer (``prefix ]`` pastes it) and, where tmux's
``set-clipboard`` allows, forwards it to the outer terminal. Its exit status says
whether it worked, so the app can say what actually happened.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
from collections.abc import Mapping

#: Terminals and tmux refuse bigger OSC 52 payloads; copying more would fail silently.
MAX_CLIPBOARD_BYTES = 100_000
#: tmux answers in milliseconds; a server that does not must not hold the copy up.
TMUX_TIMEOUT = 3.0


def osc52(text: str) -> str:
    """The OSC 52 sequence that sets the system clipboard to ``text``."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{payload}\a"


def in_tmux(env: Mapping[str, str]) -> bool:
    return bool(env.get("TMUX"))


async def tmux_load_buffer(
    text: str, env: Mapping[str, str], *, timeout: float = TMUX_TIMEOUT
) -> str | None:
    """Hand ``text`` to tmux on stdin (never on a command line: ``ps`` shows those).

    Returns None when tmux took it, else why not (one line, for the message). A tmux
    older than 3.2 has no ``-w``: the buffer is filled without it (pasting works; the
    outer terminal is then not told)."""
    problem = await _load_buffer(text, env, ["-w"], timeout)
    if problem is not None and ("unknown flag" in problem or "usage:" in problem):
        problem = await _load_buffer(text, env, [], timeout)
    return problem


async def _load_buffer(
    text: str, env: Mapping[str, str], flags: list[str], timeout: float
) -> str | None:
    try:
        process = await asyncio.create_subprocess_exec(
            "tmux",
            "load-buffer",
            *flags,
            "-",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.DEVNULL,
            stderr=asyncio.subprocess.PIPE,
            env=dict(env),
        )
    except OSError as error:
        return f"tmux could not be run ({error.strerror or type(error).__name__})"
    try:
        _, stderr = await asyncio.wait_for(
            process.communicate(text.encode("utf-8")), timeout=timeout
        )
    except asyncio.TimeoutError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        return f"tmux did not answer within {timeout:g} s"
    if process.returncode != 0:
        reason = stderr.decode("utf-8", "replace").strip().splitlines()
        return f"tmux load-buffer failed ({reason[0] if reason else process.returncode})"
    return None


def fits_clipboard(text: str) -> bool:
    return len(text.encode("utf-8")) <= MAX_CLIPBOARD_BYTES
