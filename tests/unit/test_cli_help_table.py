"""``rapidly-tui --help`` prints the top-level help from cli.COMMANDS without importing
the command modules; that help is the very one the full parser prints, so the table
cannot drift from the commands as registered."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rapidly_tui.cli import build_parser, help_parser


@pytest.mark.parametrize("columns", ["60", "80", "200"])
def test_the_help_from_the_table_is_the_full_parsers_help(
    monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert help_parser().format_help() == build_parser().format_help()


@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_help_imports_no_command_module(flag: str) -> None:
    shown = subprocess.run(
        [
            sys.executable,
            "-c",
            f"""
import sys
from rapidly_tui.cli import main
try:
    main([{flag!r}])
except SystemExit as exit:
    assert exit.code == 0, exit.code
loaded = sorted(m for m in sys.modules if m.startswith("rapidly_tui.commands"))
print(",".join(loaded) or "none")
""",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "usage: rapidly-tui" in shown
    assert "webhooks (webhook)" in shown
    assert shown.strip().splitlines()[-1] == "none"
