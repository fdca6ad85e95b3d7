"""The headless core stays headless: no Textual for the client, the demo or --help."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_after(code: str) -> set[str]:
    """Top-level module names in sys.modules after running ``code`` in a fresh Python."""
    script = (
        "import sys\n"
        f"{code}\n"
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return set(result.stdout.split())


@pytest.mark.parametrize(
    "module", ["rapidly_tui.api", "rapidly_tui.demo", "rapidly_tui.demo.serve"]
)
def test_core_modules_do_not_import_textual(module: str) -> None:
    modules = imported_after(f"import {module}")
    assert "rapidly_tui" in modules  # the import did happen
    assert "textual" not in modules


def test_demo_does_not_import_httpx_or_uvicorn_until_needed() -> None:
    modules = imported_after("import rapidly_tui.demo")
    assert "uvicorn" not in modules
    assert "httpx" not in modules  # the transport class is built on first use


def test_help_does_not_import_textual_or_the_client() -> None:
    modules = imported_after(
        "from rapidly_tui.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass"
    )
    assert "textual" not in modules
    assert "httpx" not in modules


def test_import_linter_contracts_hold() -> None:
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports)], capture_output=True, text=True, cwd=ROOT, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
