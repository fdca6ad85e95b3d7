"""The workspace's settings objects as flag lines on the overview."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from rapidly_tui.text import untrusted
from rapidly_tui.widgets import format as fmt


def settings_rows(label: str, settings: Any) -> list[tuple[str, Text]]:
    """A settings object as flag lines; unknown future flags are shown too."""
    if settings is None:
        return [(label, Text("—", style="dim"))]
    items: list[Text] = []
    for key, value in _flatten(settings.to_json_dict()):
        item = Text()
        item.append_text(untrusted(_flag_name(key), max_chars=40))
        if isinstance(value, bool):
            item.append(" ✓" if value else " ✗", style="green" if value else "red")
        else:
            item.append(" ")
            item.append_text(fmt.value_text(value, max_chars=40))
        items.append(item)
    if not items:
        items = [Text("—", style="dim")]
    return [(label if index == 0 else "", item) for index, item in enumerate(items)]


def _flag_name(key: str) -> str:
    """``member_model_enabled`` -> ``member model`` (the tick says enabled)."""
    return key.removesuffix("_enabled").replace("_", " ")


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    flat: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.extend(_flatten(value, f"{name} "))
        else:
            flat.append((name, value))
    return flat
