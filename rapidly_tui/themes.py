"""The ANSI palette used under light themes.

The screens colour a few words with Rich's named colours ("green" for a verified email,
"yellow" for a pending payment, "red" for an error), which Textual draws through an
ANSI palette. Its palette for light themes (Alabaster) draws those too light to read on
a light background; this copy of it darkens them to a contrast of 4.5:1 or more,
checked on every screen by tests/tui/test_light_theme.py. Dark themes keep Textual's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.terminal_theme import TerminalTheme

if TYPE_CHECKING:
    from rapidly_tui.connection import Connection

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


class ThemeMemory:
    """The profile's theme in config.toml: used at start, kept when one is chosen (in
    the command palette) for the next start. Not for the demo, which has no config."""

    def __init__(self) -> None:
        #: The theme the config file holds for the profile, once the connection is known.
        self.saved: str | None = None
        self.known = False

    def remembered(self, connection: Connection, *, overridden: bool) -> str | None:
        """The profile's theme for this start (asked once), unless this start's
        environment decides (``overridden``: NO_COLOR or TEXTUAL_THEME)."""
        if self.known:
            return None
        config = connection.config
        theme = config.profile(connection.profile).theme if config is not None else None
        self.saved, self.known = theme, True
        return None if overridden else theme

    def chosen(self, connection: Connection | None, theme: str) -> None:
        """Keep ``theme`` for the profile; raises what writing the config file raises."""
        config = connection.config if connection is not None else None
        if connection is None or config is None or not self.known or theme == self.saved:
            return
        from rapidly_tui.config import save_theme

        self.saved = theme
        save_theme(config.path, connection.profile, theme)
