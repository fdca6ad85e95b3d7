"""Starting the TUI reads its options without building the commands' parsers.

The commands' parsers (and the modules behind them) are ~15 ms of a cold start that
the TUI never uses; everything else (a command, --help, a mistake) is still read by
the full parser, with its usage and its messages.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import rapidly_tui.tui
from rapidly_tui import cli

ROOT = Path(__file__).resolve().parents[2]

TUI_STARTS = [
    [],
    ["--demo"],
    ["--workspace", "acme", "--refresh", "5"],
    ["--customer=ada@example.com", "--server", "sandbox", "--allow-http"],
    ["--work", "acme"],  # argparse's abbreviations hold as before
    ["--workspace", "customer"],  # an option's value, not the `customer` command
    ["--demo-static", "--log", "out.log", "--profile", "work", "--insecure-storage"],
]


@pytest.mark.parametrize("words", TUI_STARTS, ids=" ".join)
def test_the_tui_gets_what_the_full_parser_would_give(
    words: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[Any] = []
    monkeypatch.setattr(rapidly_tui.tui, "run_tui", lambda args: started.append(args) or 0)

    assert cli.main(words) == 0

    expected = cli.build_parser().parse_args(words)
    for key, value in cli.DEFAULTS.items():
        if not hasattr(expected, key):
            setattr(expected, key, value)
    assert len(started) == 1
    assert vars(started[0]) == vars(expected)


def test_a_tui_start_imports_no_command_module() -> None:
    script = (
        "import sys\n"
        "import rapidly_tui.tui\n"
        "rapidly_tui.tui.run_tui = lambda args: 0\n"
        "from rapidly_tui.cli import main\n"
        "assert main(['--demo', '--workspace', 'acme']) == 0\n"
        "print(' '.join(sorted(name for name in sys.modules if 'commands' in name)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == []


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["--refresh", "0"], "the refresh interval must be at least 1 second"),
        (["--workspace"], "expected one argument"),
        (["--nonsense"], "unrecognized arguments: --nonsense"),
    ],
)
def test_a_mistake_is_reported_with_the_full_usage(
    words: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(words)

    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert expected in err
    assert "COMMAND" in err  # the usage names the commands, as before


def test_help_still_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(["--help"])

    out = capsys.readouterr().out
    assert "--workspace" in out
    assert "customer" in out
    assert "webhooks" in out


def test_a_command_still_reaches_its_handler(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--demo", "workspace", "get", "acme", "--json"]) == 0

    assert '"slug": "acme"' in capsys.readouterr().out
