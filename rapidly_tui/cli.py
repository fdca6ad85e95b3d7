"""Command-line entry point.

Argument parsing only. This module and everything ``--help`` touches import neither
Textual nor httpx: the TUI is imported when it runs, and each command module imports
its heavy dependencies inside its handler, so ``rapidly-tui --help`` and the
non-interactive commands start fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import NoReturn

from rapidly_tui import __version__, exitcodes


def _global_options() -> argparse.ArgumentParser:
    """Options accepted before or after a subcommand (``--demo customer get X`` or
    ``customer get X --demo``)."""
    parent = argparse.ArgumentParser(add_help=False)
    group = parent.add_argument_group("connection")
    group.add_argument(
        "--demo",
        action="store_true",
        default=argparse.SUPPRESS,
        help=(
            "use the built-in demo API (no token, no network); new events, payments and"
            " webhook deliveries arrive every few seconds"
        ),
    )
    group.add_argument(
        "--demo-static",
        action="store_true",
        default=argparse.SUPPRESS,
        help="use the built-in demo API with data that stays still",
    )
    group.add_argument(
        "--profile", default=argparse.SUPPRESS, metavar="NAME", help="configuration profile to use"
    )
    group.add_argument(
        "--server",
        default=argparse.SUPPRESS,
        metavar="URL",
        help=(
            "production, sandbox or a URL (overrides the profile; "
            "RAPIDLY_SERVER_URL overrides both)"
        ),
    )
    group.add_argument(
        "--allow-http",
        action="store_true",
        default=argparse.SUPPRESS,
        help="allow plain http to a non-loopback server (tokens travel unencrypted)",
    )
    group.add_argument(
        "--insecure-storage",
        action="store_true",
        default=argparse.SUPPRESS,
        help="store/read the token in a 0600 file instead of the OS keyring",
    )
    group.add_argument(
        "--log",
        default=argparse.SUPPRESS,
        metavar="FILE",
        help="write debug logs (tokens redacted) to FILE",
    )
    return parent


DEFAULTS = {
    "demo": False,
    "demo_static": False,
    "profile": None,
    "server": None,
    "allow_http": False,
    "insecure_storage": False,
    "log": None,
}


#: The commands as the top-level ``--help`` lists them: name, aliases, help. ``--help``
#: alone builds its parser from this table rather than importing every command module
#: and building every subcommand's parser (~30 ms of a ~100 ms ``--help``);
#: tests/unit/test_cli_help_table.py checks that both print the very same help.
COMMANDS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("auth", (), "log in, log out, show or diagnose credentials"),
    ("info", (), "print the config, log and state paths and the active profile and server"),
    ("workspaces", ("workspace",), "list and show workspaces"),
    ("customers", ("customer",), "list and show customers"),
    ("members", ("member",), "list members"),
    ("payments", ("payment",), "list and show payments"),
    ("webhooks", ("webhook",), "webhook endpoints and deliveries"),
    ("events", ("event",), "list, follow and show events"),
    ("shares", ("share",), "list and show shares"),
    ("completion", (), "print the shell completion script (bash, zsh or fish)"),
)


def _top_parser() -> tuple[
    argparse.ArgumentParser,
    argparse._SubParsersAction[argparse.ArgumentParser],
    argparse.ArgumentParser,
]:
    common = _global_options()
    parser = argparse.ArgumentParser(
        prog="rapidly-tui",
        description="A terminal explorer for the Rapidly API. Without a command, opens the TUI.",
        parents=[common],
        epilog=exitcodes.EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"rapidly-tui {__version__}")
    _tui_options(parser)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser, subparsers, common


def build_parser() -> argparse.ArgumentParser:
    parser, subparsers, common = _top_parser()

    from rapidly_tui import completion
    from rapidly_tui.commands import auth as auth_commands
    from rapidly_tui.commands import data as data_commands

    auth_commands.register(subparsers, common)
    data_commands.register(subparsers, common)
    completion.register(subparsers)
    return parser


def help_parser() -> argparse.ArgumentParser:
    """A parser that prints the same top-level ``--help`` as :func:`build_parser`'s, from
    :data:`COMMANDS` (it can parse nothing else)."""
    parser, subparsers, _ = _top_parser()
    for name, aliases, text in COMMANDS:
        subparsers.add_parser(name, aliases=list(aliases), help=text)
    return parser


def _tui_options(parser: argparse.ArgumentParser) -> None:
    tui = parser.add_argument_group("TUI")
    tui.add_argument(
        "--workspace", metavar="SLUG_OR_ID", help="open this workspace's overview directly"
    )
    tui.add_argument(
        "--customer",
        metavar="REF",
        help="open this customer (id, email or external id) directly",
    )
    tui.add_argument(
        "--refresh",
        type=_positive_seconds,
        metavar="SECONDS",
        help="refresh the current screen every SECONDS (off by default)",
    )


class _NotTheTUI(Exception):
    """The words are not a plain TUI start: the full parser reads them."""


class _TUIParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheTUI(message)


def tui_args(words: Sequence[str]) -> argparse.Namespace | None:
    """The TUI's arguments, when ``words`` hold only the TUI's and the global options.

    Building every command's parser (and importing the command modules) is ~15 ms of
    a cold start; the TUI needs none of it. Anything else (a command, ``--help``,
    ``--version``, an error to report with the full usage) gives None: the full
    parser then reads the same words.
    """
    parser = _TUIParser(prog="rapidly-tui", parents=[_global_options()], add_help=False)
    _tui_options(parser)
    try:
        args = parser.parse_args(words)
    except _NotTheTUI:
        return None
    args.command = None
    return args


def _positive_seconds(value: str) -> float:
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if seconds < 1:
        raise argparse.ArgumentTypeError("the refresh interval must be at least 1 second")
    return seconds


def parse_words(parser: argparse.ArgumentParser, words: Sequence[str]) -> argparse.Namespace:
    """``parser.parse_args(words)``, except that an unknown option is reported with the
    usage of the subcommand it was given to (``payments list --bogus`` shows
    ``payments list``'s usage): argparse reports it from the top parser."""
    args, extras = parser.parse_known_args(words)
    if extras:
        chosen_parser(parser, args).error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def chosen_parser(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> argparse.ArgumentParser:
    """The innermost subcommand's parser that ``args`` went through."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = action.choices.get(getattr(args, action.dest, None) or "")
            if isinstance(chosen, argparse.ArgumentParser):
                return chosen_parser(chosen, args)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    code = _main(argv)
    if argv is None:
        _before_exit()
    return code


def _before_exit() -> None:
    """The process ends next: keep the interpreter's last garbage collection from
    walking every object (the models, the parsers), which was ~100 ms of each
    command's time after its output was written. Only for the process's own command
    line: in-process callers (tests) keep collecting."""
    import gc

    gc.freeze()


def _main(argv: Sequence[str] | None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    if words[:1] == ["__complete"]:
        # The completion scripts' helper (rapidly_tui/completion.py): not a command,
        # so it is in neither --help nor the scripts.
        from rapidly_tui.completion import complete_words

        return complete_words(words[1:])
    if words in (["--help"], ["-h"]):
        help_parser().parse_args(words)  # prints the help and exits
    args = tui_args(words)
    if args is None:
        args = parse_words(build_parser(), words)
    for key, value in DEFAULTS.items():
        if not hasattr(args, key):
            setattr(args, key, value)
    handler = getattr(args, "handler", None)
    if handler is not None:
        code: int = handler(args)
        return code
    if getattr(args, "command", None):
        # A command group without its subcommand (``rapidly-tui auth``).
        build_parser().parse_args([*words, "--help"])
        return exitcodes.USAGE
    from rapidly_tui.tui import run_tui

    return run_tui(args)
