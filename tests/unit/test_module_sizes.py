"""The App stays small and no module grows past what one person can read at once.

A module over the limit is where the next copy-and-paste starts (issue 11): this test
fails naming it, so a split happens when the module grows, not a year later.
"""

from __future__ import annotations

import ast
from pathlib import Path

import rapidly_tui

PACKAGE = Path(rapidly_tui.__file__).parent
MAX_APP_CLASS_LINES = 250
MAX_MODULE_LINES = 500

#: Modules over the limit, each with the reason it may be for now. An entry that is
#: no longer over the limit fails the test too: drop it, so the list stays the truth.
ALLOWED_OVER_LIMIT: dict[str, str] = {
    # None today: a module that must stay over the limit for a while is named here,
    # with the reason.
}


def module_lines() -> dict[str, int]:
    return {
        str(path.relative_to(PACKAGE)): len(path.read_text(encoding="utf-8").splitlines())
        for path in sorted(PACKAGE.rglob("*.py"))
    }


def class_lines(path: Path, name: str) -> int:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            assert node.end_lineno is not None
            return node.end_lineno - node.lineno + 1
    raise AssertionError(f"no class {name} in {path}")


def test_the_app_class_is_at_most_250_lines() -> None:
    lines = class_lines(PACKAGE / "app.py", "RapidlyApp")
    assert lines <= MAX_APP_CLASS_LINES, (
        f"RapidlyApp is {lines} lines (at most {MAX_APP_CLASS_LINES}): move what is not "
        "the Host protocol out (start-up: rapidly_tui/startup.py, login: auth/login.py)"
    )


def test_no_module_is_over_500_lines_unless_allowed_for_now() -> None:
    sizes = module_lines()
    over = {name: lines for name, lines in sizes.items() if lines > MAX_MODULE_LINES}
    unexpected = {name: lines for name, lines in over.items() if name not in ALLOWED_OVER_LIMIT}
    assert not unexpected, f"modules over {MAX_MODULE_LINES} lines (split them): {unexpected}"
    fixed = sorted(name for name in ALLOWED_OVER_LIMIT if sizes.get(name, 0) <= MAX_MODULE_LINES)
    assert not fixed, f"no longer over {MAX_MODULE_LINES} lines, drop from the list: {fixed}"


def test_the_app_and_its_start_up_are_never_allowed_over_the_limit() -> None:
    protected = {"app.py", "tui.py", "preload.py", "startup.py", "auth/login.py"}
    assert protected <= module_lines().keys()
    assert not protected & ALLOWED_OVER_LIMIT.keys()
