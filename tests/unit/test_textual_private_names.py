"""Every private Textual name rapidly-tui touches, listed and checked in one place.

The project leans on a few of Textual's private names (Textual is pinned exactly in
pyproject.toml) for speed (RowTable draws cells itself) and to work around leaks (the
footer's watchers). An upgrade may remove or change any of them without a deprecation.
This test fails in one place, naming each listed name that is gone or whose signature
changed; and it fails when the code starts touching a private Textual name that is not
listed here, so the list stays the truth. Found by reading the source (AST), not by
hand: imports from private modules, private attributes read, overridden or assigned on
classes derived from Textual's, and private names passed as strings to getattr/setattr.
"""

from __future__ import annotations

import ast
import functools
import importlib
import inspect
import pkgutil
import re
from pathlib import Path
from typing import Any

import rapidly_tui

#: name -> the signature the project relies on (None: an attribute or a class).
EXPECTED: dict[str, str | None] = {
    "App._clipboard": None,
    "App._driver": None,
    "App._exception": None,
    "App._exit_renderables": None,
    "App._fatal_error": "(self) -> 'None'",
    "DataTable._cell_render_cache": None,
    "DataTable._clear_caches": "(self) -> 'None'",
    "DataTable._column_locations": None,
    "DataTable._data": None,
    "DataTable._get_cell_region": "(self, coordinate: 'Coordinate') -> 'Region'",
    "DataTable._get_fixed_offset": "(self) -> 'Spacing'",
    "DataTable._get_row_region": "(self, row_index: 'int') -> 'Region'",
    "DataTable._get_row_style": "(self, row_index: 'int', base_style: 'Style') -> 'Style'",
    "DataTable._get_styles_to_render_cell": None,
    "DataTable._labelled_row_exists": None,
    "DataTable._new_rows": None,
    "DataTable._on_click": "(self, event: 'events.Click') -> 'None'",
    "DataTable._pseudo_class_state": None,
    "DataTable._render_cell": (
        "(self, row_index: 'int', column_index: 'int', base_style: 'Style', width: 'int', "
        "cursor: 'bool' = False, hover: 'bool' = False) -> 'SegmentLines'"
    ),
    "DataTable._render_line_in_row": (
        "(self, row_key: 'RowKey', line_no: 'int', base_style: 'Style', "
        "cursor_location: 'Coordinate', hover_location: 'Coordinate') -> "
        "'tuple[SegmentLines, SegmentLines]'"
    ),
    "DataTable._require_update_dimensions": None,
    "DataTable._row_render_cache": None,
    "DataTable._row_label_column_width": "(self) -> 'int'",
    "DataTable._row_locations": None,
    "DataTable._set_hover_cursor": "(self, active: 'bool') -> 'None'",
    "DataTable._show_hover_cursor": None,
    "DataTable._update_count": None,
    "DataTable._update_dimensions": "(self, new_rows: 'Iterable[RowKey]') -> 'None'",
    "DataTable._y_offsets": "(self) -> 'list[tuple[RowKey, int]]'",
    "MessagePump._close_messages_no_wait": "(self) -> 'None'",
    "ScrollView._size": None,
    "ScrollView._size_updated": (
        "(self, size: 'Size', virtual_size: 'Size', container_size: 'Size', "
        "layout: 'bool' = True) -> 'bool'"
    ),
    "Widget._repaint_regions": None,
    "Widget._closing": None,
    "Widget._pruning": None,
    "reactive.__watchers": None,
    "textual._context.active_app": None,
    "textual._types.SegmentLines": None,
    "textual.widgets._footer.FooterKey": None,
    "textual.widgets._footer.FooterLabel": None,
}

_PACKAGE_DIR = Path(rapidly_tui.__file__).parent


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for info in pkgutil.walk_packages([str(_PACKAGE_DIR)], prefix="rapidly_tui."):
        relative = info.name.removeprefix("rapidly_tui.").replace(".", "/")
        path = _PACKAGE_DIR / relative
        file = path / "__init__.py" if info.ispkg else path.with_suffix(".py")
        source = file.read_text(encoding="utf-8")
        if "textual" in source:
            found.append((info.name, ast.parse(source)))
    return found


@functools.cache
def _source(cls: type) -> str:
    try:
        return inspect.getsource(cls)
    except (OSError, TypeError):
        return ""


def _textual_owner(cls: type, name: str) -> type | None:
    """The first Textual class in ``cls``'s MRO that defines ``name`` (as a class
    attribute, or as ``self.<name> = …`` in its source)."""
    for base in cls.__mro__:
        if not base.__module__.startswith("textual"):
            continue
        if name in vars(base):
            return base
        if re.search(rf"self\.{re.escape(name)}\s*(:[^=]*)?=", _source(base)):
            return base
    return None


def _names_in_class(node: ast.ClassDef) -> set[str]:
    names: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and _is_private(child.name):
            names.add(child.name)
        elif isinstance(child, ast.Attribute) and _is_private(child.attr):
            value = child.value
            is_self = isinstance(value, ast.Name) and value.id == "self"
            is_super = (
                isinstance(value, ast.Call)
                and isinstance(value.func, ast.Name)
                and value.func.id == "super"
            )
            if is_self or is_super:
                names.add(child.attr)
    return names


def _string_attributes(tree: ast.Module) -> set[str]:
    """Private names given to getattr/setattr/hasattr as string literals."""
    names = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in {"getattr", "setattr", "hasattr"}
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
            and isinstance(node.args[1].value, str)
            and node.args[1].value.startswith("_")
        ):
            names.add(node.args[1].value)
    return names


def _assigned_by_us(modules: list[tuple[str, ast.Module]]) -> set[str]:
    """Private attributes our own code assigns (``x._name = …``): ours, not Textual's."""
    return {
        node.attr
        for _, tree in modules
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
    }


def touched_private_names() -> set[str]:
    touched: set[str] = set()
    modules = _modules()
    ours = _assigned_by_us(modules)
    for module_name, tree in modules:
        module = importlib.import_module(module_name)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                if parts[0] == "textual" and any(_is_private(part) for part in parts):
                    touched.update(f"{node.module}.{alias.name}" for alias in node.names)
            if isinstance(node, ast.ClassDef):
                cls = getattr(module, node.name, None)
                if not isinstance(cls, type):
                    continue
                for name in _names_in_class(node):
                    owner = _textual_owner(cls, name)
                    if owner is not None:
                        touched.add(f"{owner.__name__}.{name}")
        for name in _string_attributes(tree) - ours:
            if name == "__watchers":
                touched.add("reactive.__watchers")
            else:  # pragma: no cover - reported by the test as unlisted
                touched.add(f"{module_name}:getattr({name!r})")
    return touched


def _resolve(name: str) -> Any:
    if name == "reactive.__watchers":
        source = inspect.getsource(importlib.import_module("textual.reactive"))
        if '"__watchers"' not in source:
            raise LookupError("textual.reactive no longer stores watchers as __watchers")
        return None
    if name.startswith("textual."):
        module_name, _, attribute = name.rpartition(".")
        return getattr(importlib.import_module(module_name), attribute)
    class_name, _, attribute = name.partition(".")
    from textual.app import App
    from textual.message_pump import MessagePump
    from textual.scroll_view import ScrollView
    from textual.widget import Widget
    from textual.widgets import DataTable

    classes: dict[str, type] = {
        "App": App,
        "DataTable": DataTable,
        "MessagePump": MessagePump,
        "ScrollView": ScrollView,
        "Widget": Widget,
    }
    cls = classes[class_name]
    if attribute in vars(cls):
        return vars(cls)[attribute]
    if _textual_owner(cls, attribute) is None:
        raise LookupError(f"{class_name} no longer sets self.{attribute}")
    return None


def _signature(value: Any) -> str | None:
    if isinstance(value, property):
        value = value.fget
    if inspect.isfunction(value):
        return str(inspect.signature(value))
    return None


def test_every_private_textual_name_touched_is_listed() -> None:
    touched = touched_private_names()
    unlisted = sorted(touched - EXPECTED.keys())
    no_longer_used = sorted(EXPECTED.keys() - touched)
    assert not unlisted, f"private Textual names used but not listed in EXPECTED: {unlisted}"
    assert not no_longer_used, f"listed but no longer used (drop them): {no_longer_used}"


def test_every_listed_private_textual_name_still_exists_unchanged() -> None:
    problems = []
    for name, expected_signature in EXPECTED.items():
        try:
            value = _resolve(name)
        except (LookupError, AttributeError, ImportError, KeyError) as error:
            problems.append(f"{name}: gone ({error})")
            continue
        actual = _signature(value)
        if expected_signature is not None and actual != expected_signature:
            problems.append(f"{name}: signature now {actual}, was {expected_signature}")
    assert not problems, "Textual changed private names rapidly-tui uses:\n" + "\n".join(problems)
