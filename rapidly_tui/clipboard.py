"""Terminal clipboard writes (OSC 52), wrapped for tmux.

Over SSH the only clipboard the person has is their local terminal's, which OSC 52
reaches. Inside tmux the sequence must pass through tmux (DCS passthrough) to get to
the outer terminal. This module builds the bytes; the app writes them.
"""

from __future__ import annotations

import base64
from collections.abc import Mapping

#: Terminals and tmux refuse bigger OSC 52 payloads; copying more would fail silently.
MAX_CLIPBOARD_BYTES = 100_000


def osc52(text: str) -> str:
    """The OSC 52 sequence that sets the system clipboard to ``text``."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{payload}\a"


def tmux_passthrough(sequence: str) -> str:
    """Wrap ``sequence`` in tmux's DCS passthrough (every ESC inside doubled)."""
    return "\x1bPtmux;" + sequence.replace("\x1b", "\x1b\x1b") + "\x1b\\"


def clipboard_sequence(text: str, env: Mapping[str, str]) -> str:
    """What to write to the terminal to copy ``text``: OSC 52, wrapped when in tmux."""
    sequence = osc52(text)
    return tmux_passthrough(sequence) if env.get("TMUX") else sequence


def fits_clipboard(text: str) -> bool:
    return len(text.encode("utf-8")) <= MAX_CLIPBOARD_BYTES
