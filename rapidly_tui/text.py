"""Safe display of untrusted strings.

Every string from the API is untrusted: customer names carry Rich markup
(``[link=...]``), raw ESC/OSC sequences (clipboard writes, hyperlinks), bidi
overrides and zero-width characters. ``markup=False`` alone is not enough: a raw
ESC still reaches the terminal. So every such string goes through
:func:`neutralize` (plain ``str``, for the command line) or :func:`untrusted`
(a Rich ``Text`` that is never parsed as markup, for the TUI).

Substitutions are visible and one cell wide: C0 controls become Unicode control
pictures (ESC -> U+241B), other invisible or direction-changing characters become
``⟨U+202E⟩``. This module imports no Textual (the command line uses it).
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

#: Shown for a missing value (None or empty string).
MISSING = "—"
#: Longest untrusted string shown in one cell; the rest is cut with a count.
DEFAULT_MAX_CHARS = 500

# Categories that never belong in a terminal cell: controls (Cc), format characters
# (Cf: bidi overrides, zero-width joiners/spaces, soft hyphen, BOM), line and
# paragraph separators (Zl, Zp), surrogates (Cs) and unassigned code points (Cn).
_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs", "Cn"})
_SAFE_ASCII = re.compile(r"[\x20-\x7e]*")


def _visible(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀..␟, e.g. ESC -> ␛
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"⟨U+{code:04X}⟩"


def _needs_escape(char: str) -> bool:
    return unicodedata.category(char) in _HIDDEN_CATEGORIES


def neutralize(
    value: object, *, max_chars: int | None = DEFAULT_MAX_CHARS, newlines: bool = False
) -> str:
    """``value`` as a plain string that is safe to print to a terminal.

    ``newlines=True`` keeps ``\\n`` (for multi-line panes); otherwise it is shown as
    a control picture so that one value stays on one line.
    """
    text = "" if value is None else value if isinstance(value, str) else str(value)
    if max_chars is not None and len(text) > max_chars:
        hidden = len(text) - max_chars
        text = text[:max_chars]
        suffix = f"… (+{hidden:,} chars)"
    else:
        suffix = ""
    if _SAFE_ASCII.fullmatch(text):
        return text + suffix
    out = []
    for char in text:
        if newlines and char == "\n":
            out.append(char)
        elif _needs_escape(char):
            out.append(_visible(char))
        else:
            out.append(char)
    return "".join(out) + suffix


def untrusted(
    value: object,
    *,
    style: str = "",
    missing: str = MISSING,
    max_chars: int | None = DEFAULT_MAX_CHARS,
    newlines: bool = False,
) -> Text:
    """A Rich ``Text`` showing ``value`` literally, with hidden characters made visible.

    Substituted characters are styled (reverse) so a reader can tell ``␛`` that was
    an ESC from a ``␛`` the customer typed. A ``Text`` is never parsed as markup.
    """
    from rich.text import Text

    if value is None or value == "":
        return Text(missing, style="dim")
    raw = value if isinstance(value, str) else str(value)
    safe = neutralize(raw, max_chars=max_chars, newlines=newlines)
    text = Text(safe, style=style, no_wrap=not newlines, end="")
    if safe != raw:
        _mark_substitutions(text, safe)
    return text


def _mark_substitutions(text: Text, safe: str) -> None:
    for match in re.finditer(r"[\u2400-\u2421]|⟨U\+[0-9A-F]{4,6}⟩|… \(\+[\d,]+ chars\)$", safe):
        text.stylize("reverse", match.start(), match.end())
