"""The ANSI palette used under light themes.

The screens colour a few words with Rich's named colours ("green" for a verified email,
"yellow" for a pending payment, "red" for an error), which Textual draws through an
ANSI palette. Its palette for light themes (Alabaster) draws those too light to read on
a light background; this copy of it darkens them to a contrast of 4.5:1 or more,
checked on every screen by tests/tui/test_light_theme.py. Dark themes keep Textual's.
"""

from __future__ import annotations

from rich.terminal_theme import TerminalTheme

LIGHT_ANSI = TerminalTheme(
    (247, 247, 247),
    (0, 0, 0),
    [
        (0, 0, 0),
        (150, 35, 30),  # red (Alabaster: 170, 55, 49)
        (35, 100, 15),  # green (68, 140, 39)
        (120, 80, 0),  # yellow (203, 144, 0)
        (40, 75, 165),  # blue (50, 92, 192)
        (122, 62, 157),
        (0, 100, 135),  # cyan (0, 131, 178)
        (247, 247, 247),
        (119, 119, 119),
    ],
    [
        (240, 80, 80),
        (96, 203, 0),
        (255, 188, 93),
        (0, 122, 204),
        (230, 76, 230),
        (0, 170, 203),
        (247, 247, 247),
    ],
)
