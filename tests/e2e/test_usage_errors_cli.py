"""A usage error is told with the usage of the subcommand it was made in.

argparse reports an unknown option from the top parser, whose usage (the global
options and ``COMMAND ...``) does not help with ``payments list --bogus``; README's
exit-code table says a usage error exits 2.
"""

from __future__ import annotations

import pytest

from rapidly_tui import exitcodes
from rapidly_tui.cli import main

pytestmark = pytest.mark.e2e

CASES = [
    (("payments", "list", "--bogus"), "rapidly-tui payments list"),
    (("--demo", "webhooks", "deliveries", "--bogus"), "rapidly-tui webhooks deliveries"),
    (("customer", "get", "ada@example.com", "--bogus", "--demo"), "rapidly-tui customers get"),
    (("events", "list", "--limit", "3", "stray"), "rapidly-tui events list"),
    (("auth", "status", "--bogus"), "rapidly-tui auth status"),
    (("payments", "--bogus", "list"), "rapidly-tui payments list"),
]


@pytest.mark.parametrize(("argv", "prog"), CASES, ids=[" ".join(argv) for argv, _ in CASES])
def test_an_unknown_argument_shows_the_subcommand_usage(
    argv: tuple[str, ...], prog: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))

    captured = capsys.readouterr()
    assert exit_.value.code == exitcodes.USAGE
    assert captured.out == ""
    usage, *_ = captured.err.splitlines()
    assert usage.startswith(f"usage: {prog} [-h]")
    assert f"{prog}: error: unrecognized arguments: " in captured.err


def test_an_unknown_top_level_option_keeps_the_top_level_usage(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["--bogus"])

    err = capsys.readouterr().err
    assert exit_.value.code == exitcodes.USAGE
    assert err.startswith("usage: rapidly-tui [-h]")
    assert "rapidly-tui: error: unrecognized arguments: --bogus" in err
