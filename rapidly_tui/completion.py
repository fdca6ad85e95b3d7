"""Shell completion: ``rapidly-tui completion bash|zsh|fish``.

The scripts are generated from the argument parser itself (shtab), so they cannot drift
from it: every subcommand, flag and ``choices=`` list completes. shtab writes a static
script once, at install time; nothing runs when ``--help`` or a command starts (unlike
argcomplete, whose hook runs inside every start). shtab is imported only here, by the
``completion`` command.

Two values come from local files, never from the network: ``--profile`` from the config
file's profiles and ``--workspace`` from the profiles' default workspaces and the slugs
remembered locally (:mod:`rapidly_tui.refcache`). The scripts ask for them with the
hidden ``rapidly-tui __complete profiles|workspaces``, which reads those files and
nothing else (no keyring, no client).
"""

from __future__ import annotations

import argparse
import contextlib
import re
from collections.abc import Sequence
from typing import Any

SHELLS = ("bash", "zsh", "fish")
PROG = "rapidly-tui"
#: ``rapidly-tui __complete KIND``: the hidden helper the scripts call.
HELPER = "__complete"

_SERVERS = ("production", "sandbox")
_SORT_KEYS = ("created_at", "-created_at", "email", "-email", "name", "-name")


# --- the scripts ---------------------------------------------------------------------


def script(shell: str, parser: argparse.ArgumentParser | None = None) -> str:
    """The completion script for ``shell``, generated from ``parser`` (the CLI's)."""
    import shtab

    if parser is None:
        from rapidly_tui.cli import build_parser

        parser = build_parser()
    dynamic = {
        "profile": shtab.cmd(f"{PROG} {HELPER} profiles 2>/dev/null"),
        "workspace": shtab.cmd(f"{PROG} {HELPER} workspaces 2>/dev/null"),
        "server": _words("servers", _SERVERS),
        "sort": _words("sort_keys", _SORT_KEYS),
        "log": shtab.FILE,
    }
    aliases: set[str] = set()
    for each in _parsers(parser):
        for action in each._actions:
            if action.dest in dynamic and action.option_strings:
                action.complete = dynamic[action.dest]  # type: ignore[attr-defined]
            if isinstance(action, argparse._SubParsersAction):
                canonical = {pseudo.dest for pseudo in action._choices_actions}
                aliases.update(name for name in action.choices if name not in canonical)
        if each.prog.endswith(" workspaces get"):
            for action in each._get_positional_actions():
                action.complete = dynamic["workspace"]  # type: ignore[attr-defined]
    text: str = shtab.complete(parser, shell=shell)
    return _offer_no_aliases(text, shell, aliases)


def _words(name: str, words: Sequence[str]) -> dict[str, Any]:
    """Fixed words for a flag that also takes others (``--server URL``), so that cannot
    have ``choices=``."""
    listed = " ".join(words)
    function = f"_rapidly_tui_{name}"
    return {
        "bash": function,
        "zsh": f"({listed})",
        "fish": listed,
        "preamble": {"bash": f'{function}() {{\n  compgen -W "{listed}" -- "$1"\n}}\n'},
    }


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """``parser`` and every subparser under it, each once (aliases share a parser)."""
    found: list[argparse.ArgumentParser] = []
    pending = [parser]
    while pending:
        current = pending.pop()
        if any(current is seen for seen in found):
            continue
        found.append(current)
        for action in current._actions:
            if isinstance(action, argparse._SubParsersAction):
                pending.extend(action.choices.values())
    return found


def _offer_no_aliases(text: str, shell: str, aliases: set[str]) -> str:
    """Aliases (``customer`` for ``customers``) are still understood when typed, but not
    offered: offering both would stop ``pay<Tab>`` at ``payment``."""
    if not aliases:
        return text
    if shell == "bash":

        def drop(match: re.Match[str]) -> str:
            words = [word for word in match.group(2).split(" ") if word not in aliases]
            return f"{match.group(1)}{' '.join(words)})"

        return re.sub(r"^(\w+_pos_\d+_choices=\()(.*)\)$", drop, text, flags=re.MULTILINE)
    names = "|".join(re.escape(alias) for alias in sorted(aliases))
    if shell == "zsh":
        return re.sub(rf"^ +(?:{names}):'.*'\n", "", text, flags=re.MULTILINE)
    if shell == "fish":
        return re.sub(
            rf"^complete -c {re.escape(PROG)} -n '[^']*npos -eq 0' -a (?:{names})(?: -d .*)?\n",
            "",
            text,
            flags=re.MULTILINE,
        )
    return text


def completion_command(args: argparse.Namespace) -> int:
    print(script(args.shell), end="")
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "completion",
        help="print the shell completion script (bash, zsh or fish)",
        description=(
            "Print a completion script for SHELL, generated from this version's commands "
            "and flags. Where to put it: see the README (e.g. `rapidly-tui completion bash "
            "> ~/.local/share/bash-completion/completions/rapidly-tui`)."
        ),
    )
    parser.add_argument("shell", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish")
    parser.set_defaults(handler=completion_command)


# --- the values from local files (``rapidly-tui __complete KIND``) ----------------------


def complete_words(argv: Sequence[str]) -> int:
    """Print the words for ``KIND``, one a line. Reads the config file and the cache
    only; prints nothing (and still exits 0) when they are missing or unreadable, so
    a completion never shows an error in the middle of a command line."""
    kind = argv[0] if argv else ""
    words: list[str] = []
    with contextlib.suppress(Exception):
        if kind == "profiles":
            words = profile_names()
        elif kind == "workspaces":
            words = workspace_slugs()
    for word in words:
        print(word)
    return 0


def profile_names() -> list[str]:
    from rapidly_tui.config import load_config
    from rapidly_tui.refcache import is_safe_word

    return sorted(name for name in load_config().profiles if is_safe_word(name))


def workspace_slugs() -> list[str]:
    """The profiles' default workspaces, then the slugs remembered, newest first."""
    from rapidly_tui.config import app_paths, load_config
    from rapidly_tui.refcache import is_safe_word, remembered_slugs

    words: list[str] = []
    with contextlib.suppress(Exception):  # a broken config still leaves the cache
        for profile in load_config().profiles.values():
            if profile.default_workspace:
                words.append(profile.default_workspace)
    words.extend(remembered_slugs(app_paths().cache_dir))
    return list(dict.fromkeys(word for word in words if is_safe_word(word)))
